/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The udmabuf plugin: u-dma-buf's contiguous DMA heaps as GStreamer memory.
 */
#include "gstudmabufregister.h"

static gboolean
plugin_init (GstPlugin * plugin)
{
  return gst_udmabuf_register_features (plugin);
}

GST_PLUGIN_DEFINE (GST_VERSION_MAJOR, GST_VERSION_MINOR, udmabuf,
    "Allocator, buffer pool and element for u-dma-buf's contiguous DMA heaps",
    plugin_init, VERSION, "LGPL", GST_PACKAGE_NAME, GST_PACKAGE_ORIGIN)
