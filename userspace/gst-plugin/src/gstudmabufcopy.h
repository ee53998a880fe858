/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef __GST_UDMABUF_COPY_H__
#define __GST_UDMABUF_COPY_H__

#include <gst/gst.h>
#include <gst/video/video.h>

G_BEGIN_DECLS

gboolean gst_udmabuf_copy_frame (const GstVideoInfo * info, GstBuffer * src,
                                 GstBuffer * dest);

G_END_DECLS

#endif /* __GST_UDMABUF_COPY_H__ */
