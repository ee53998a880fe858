/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The kernel interface of u-dma-buf's dma-heap nodes; private to the
 * library (and compiled into the plugin too, for its early check of the
 * node): not installed, not exported.
 */
#ifndef __GST_UDMABUF_HEAP_H__
#define __GST_UDMABUF_HEAP_H__

#include <gst/gst.h>

G_BEGIN_DECLS

gchar *  gst_udmabuf_heap_path_for_device (const gchar * device);

gint     gst_udmabuf_heap_open (const gchar * path, GError ** error);

gint     gst_udmabuf_heap_alloc (gint heap_fd, const gchar * path, gsize size,
                                 GError ** error);

gboolean gst_udmabuf_heap_get_dma_addr (gint heap_fd, const gchar * path,
                                        gint buf_fd, guint64 * addr,
                                        guint64 * size, guint64 * offset,
                                        GError ** error);

G_END_DECLS

#endif /* __GST_UDMABUF_HEAP_H__ */
