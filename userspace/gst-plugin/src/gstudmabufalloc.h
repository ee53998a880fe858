/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef __GST_UDMABUF_ALLOC_H__
#define __GST_UDMABUF_ALLOC_H__

#include <gst/gst.h>
#include <gst/base/gstbasetransform.h>

G_BEGIN_DECLS

#define GST_TYPE_UDMABUF_ALLOC (gst_udmabuf_alloc_get_type ())
G_DECLARE_FINAL_TYPE (GstUdmabufAlloc, gst_udmabuf_alloc,
    GST, UDMABUF_ALLOC, GstBaseTransform)

G_END_DECLS

#endif /* __GST_UDMABUF_ALLOC_H__ */
