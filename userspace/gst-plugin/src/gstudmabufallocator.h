/* SPDX-License-Identifier: LGPL-2.1-or-later */
#ifndef __GST_UDMABUF_ALLOCATOR_H__
#define __GST_UDMABUF_ALLOCATOR_H__

#include <gst/gst.h>
#include <gst/allocators/allocators.h>

G_BEGIN_DECLS

/**
 * GST_UDMABUF_ALLOCATOR_NAME:
 *
 * The name the allocator of /dev/dma_heap/udmabuf is registered under
 * (gst_allocator_find()). Not "udmabuf": GStreamer 1.28 uses that name for
 * its memfd-based allocator.
 */
#define GST_UDMABUF_ALLOCATOR_NAME "u-dma-buf"

#define GST_TYPE_UDMABUF_ALLOCATOR (gst_udmabuf_allocator_get_type ())
G_DECLARE_FINAL_TYPE (GstUdmabufAllocator, gst_udmabuf_allocator,
    GST, UDMABUF_ALLOCATOR, GstDmaBufAllocator)

GstAllocator * gst_udmabuf_allocator_new (const gchar * heap);

GstAllocator * gst_udmabuf_allocator_new_for_device (const gchar * device);

const gchar *  gst_udmabuf_allocator_get_heap (GstUdmabufAllocator * self);

gboolean       gst_udmabuf_allocator_open (GstUdmabufAllocator * self,
                                           GError ** error);

GstMemory *    gst_udmabuf_allocator_alloc_full (GstUdmabufAllocator * self,
                                                 gsize size,
                                                 GstAllocationParams * params,
                                                 GError ** error);

gboolean       gst_udmabuf_allocator_get_dma_addr (GstUdmabufAllocator * self,
                                                   GstMemory * mem,
                                                   guint64 * addr,
                                                   GError ** error);

gboolean       gst_is_udmabuf_memory (GstMemory * mem);

G_END_DECLS

#endif /* __GST_UDMABUF_ALLOCATOR_H__ */
