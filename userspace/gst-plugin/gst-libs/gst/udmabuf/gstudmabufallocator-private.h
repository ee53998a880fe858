/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * GstUdmabufAllocator beyond its public API: what the library's own code
 * and the plugin's unit tests (which link the library's code statically)
 * use. Not installed, not exported from libgstudmabuf-1.0.
 */
#ifndef __GST_UDMABUF_ALLOCATOR_PRIVATE_H__
#define __GST_UDMABUF_ALLOCATOR_PRIVATE_H__

#include <gst/udmabuf/gstudmabufallocator.h>

G_BEGIN_DECLS

G_GNUC_INTERNAL
const gchar *  gst_udmabuf_allocator_get_heap (GstUdmabufAllocator * self);

G_GNUC_INTERNAL
gboolean       gst_udmabuf_allocator_open (GstUdmabufAllocator * self,
                                           GError ** error);

G_GNUC_INTERNAL
GstMemory *    gst_udmabuf_allocator_alloc_full (GstUdmabufAllocator * self,
                                                 gsize size,
                                                 GstAllocationParams * params,
                                                 GError ** error);

G_GNUC_INTERNAL
gboolean       gst_udmabuf_allocator_get_dma_addr (GstUdmabufAllocator * self,
                                                   GstMemory * mem,
                                                   guint64 * addr,
                                                   GError ** error);

G_END_DECLS

#endif /* __GST_UDMABUF_ALLOCATOR_PRIVATE_H__ */
