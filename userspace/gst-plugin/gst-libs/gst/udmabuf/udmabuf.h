/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libgstudmabuf-1.0: GStreamer memory from u-dma-buf's contiguous DMA heaps.
 *
 *   #include <gst/udmabuf/udmabuf.h>
 *   cc app.c $(pkg-config --cflags --libs gstreamer-udmabuf-1.0)
 */
#ifndef __GST_UDMABUF_H__
#define __GST_UDMABUF_H__

#include <gst/udmabuf/gstudmabufallocator.h>
#include <gst/udmabuf/gstudmabufbufferpool.h>

#endif /* __GST_UDMABUF_H__ */
