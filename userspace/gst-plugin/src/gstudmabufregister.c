/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What the plugin provides: the allocator of /dev/dma_heap/udmabuf under
 * the name "u-dma-buf", and the udmabufalloc element.
 */
#include "gstudmabufregister.h"
#include "gstudmabufalloc.h"

#include <gst/udmabuf/udmabuf.h>

/**
 * gst_udmabuf_register_features:
 * @plugin: (nullable): the plugin, %NULL to register statically
 *
 * Registers the allocator (once per process: gst_allocator_find()
 * ("u-dma-buf") finds it from then on) and the udmabufalloc element. The
 * allocator opens its node at its first allocation, so registering works
 * where u-dma-buf is not loaded.
 *
 * Returns: %TRUE on success
 */
gboolean
gst_udmabuf_register_features (GstPlugin * plugin)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered)) {
    GstAllocator *allocator = gst_udmabuf_allocator_new (NULL);

    gst_allocator_register (GST_UDMABUF_ALLOCATOR_NAME,
        gst_object_ref_sink (allocator));
    g_once_init_leave (&registered, 1);
  }
  return gst_element_register (plugin, "udmabufalloc", GST_RANK_NONE,
      GST_TYPE_UDMABUF_ALLOC);
}
