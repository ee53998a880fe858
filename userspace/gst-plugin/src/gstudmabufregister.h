/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef __GST_UDMABUF_REGISTER_H__
#define __GST_UDMABUF_REGISTER_H__

#include <gst/gst.h>

G_BEGIN_DECLS

gboolean gst_udmabuf_register_features (GstPlugin * plugin);

G_END_DECLS

#endif /* __GST_UDMABUF_REGISTER_H__ */
