/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef __GST_UDMABUF_BUFFER_POOL_H__
#define __GST_UDMABUF_BUFFER_POOL_H__

#include <gst/gst.h>
#include <gst/udmabuf/udmabuf-prelude.h>

G_BEGIN_DECLS

/**
 * GST_BUFFER_POOL_OPTION_UDMABUF_MEMORY_PER_PLANE:
 *
 * Pool option: give each plane of a video frame a memory (a dma-buf) of its
 * own, as V4L2's multi-planar formats (NV12M, YUV420M ...) import them.
 * Without it a frame is one memory, as single-planar V4L2 formats need.
 */
#define GST_BUFFER_POOL_OPTION_UDMABUF_MEMORY_PER_PLANE \
  "GstBufferPoolOptionUdmabufMemoryPerPlane"

/**
 * GST_TYPE_UDMABUF_BUFFER_POOL:
 *
 * The #GType of #GstUdmabufBufferPool.
 */
#define GST_TYPE_UDMABUF_BUFFER_POOL (gst_udmabuf_buffer_pool_get_type ())
GST_UDMABUF_API
G_DECLARE_FINAL_TYPE (GstUdmabufBufferPool, gst_udmabuf_buffer_pool,
    GST, UDMABUF_BUFFER_POOL, GstBufferPool)

GST_UDMABUF_API
GstBufferPool * gst_udmabuf_buffer_pool_new (GstAllocator * allocator);

GST_UDMABUF_API
void            gst_udmabuf_buffer_pool_config_set_stride_align (GstStructure * config,
                                                                 guint align);

GST_UDMABUF_API
guint           gst_udmabuf_buffer_pool_config_get_stride_align (GstStructure * config);

G_END_DECLS

#endif /* __GST_UDMABUF_BUFFER_POOL_H__ */
