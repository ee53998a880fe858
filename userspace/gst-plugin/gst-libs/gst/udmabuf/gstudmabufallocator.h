/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef __GST_UDMABUF_ALLOCATOR_H__
#define __GST_UDMABUF_ALLOCATOR_H__

#include <gst/gst.h>
#include <gst/allocators/allocators.h>
#include <gst/udmabuf/udmabuf-prelude.h>

G_BEGIN_DECLS

/**
 * GST_UDMABUF_ALLOCATOR_NAME:
 *
 * The name the udmabuf plugin registers the allocator of
 * %GST_UDMABUF_HEAP_DEFAULT under (gst_allocator_find()). Not "udmabuf":
 * GStreamer 1.28 uses that name for its memfd-based allocator.
 */
#define GST_UDMABUF_ALLOCATOR_NAME "u-dma-buf"

/**
 * GST_UDMABUF_HEAP_DEFAULT:
 *
 * The main heap of u-dma-buf: every allocation is a contiguous buffer of its
 * own.
 */
#define GST_UDMABUF_HEAP_DEFAULT "/dev/dma_heap/udmabuf"

/**
 * GST_TYPE_UDMABUF_ALLOCATOR:
 *
 * The #GType of #GstUdmabufAllocator.
 */
#define GST_TYPE_UDMABUF_ALLOCATOR (gst_udmabuf_allocator_get_type ())
GST_UDMABUF_API
G_DECLARE_FINAL_TYPE (GstUdmabufAllocator, gst_udmabuf_allocator,
    GST, UDMABUF_ALLOCATOR, GstDmaBufAllocator)

GST_UDMABUF_API
GstAllocator * gst_udmabuf_allocator_new (const gchar * heap);

GST_UDMABUF_API
GstAllocator * gst_udmabuf_allocator_new_for_device (const gchar * device);

GST_UDMABUF_API
gboolean       gst_is_udmabuf_memory (GstMemory * mem);

GST_UDMABUF_API
gboolean       gst_udmabuf_memory_get_dma_addr (GstMemory * mem,
                                                guint64 * addr,
                                                GError ** error);

G_END_DECLS

#endif /* __GST_UDMABUF_ALLOCATOR_H__ */
