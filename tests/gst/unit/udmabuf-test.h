/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Helpers of the plugin's unit tests: the heap accounting in sysfs and the
 * kernel's own answer about a dma-buf, to check the plugin against.
 *
 * The tests run in a guest with u-dma-buf loaded. UDMABUF_GST_SUBHEAP names
 * a u-dma-buf device with a 1 MiB sub-allocating heap (the guest script
 * creates it); tests that need it are skipped without it.
 */
#ifndef UDMABUF_GST_TEST_H
#define UDMABUF_GST_TEST_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <gst/check/gstcheck.h>
#include "u-dma-buf-heap.h"

#define MAIN_HEAP "/dev/dma_heap/udmabuf"
#define MAIN_SYSFS "/sys/class/misc/u-dma-buf-heap"

/* A number from a sysfs attribute, -1 when unreadable. */
static inline gint64
sysfs_read (const gchar * dir, const gchar * attr)
{
  gchar *path = g_build_filename (dir, attr, NULL);
  gchar *text = NULL;
  gint64 value = -1;

  if (g_file_get_contents (path, &text, NULL, NULL))
    value = g_ascii_strtoll (text, NULL, 0);
  g_free (text);
  g_free (path);
  return value;
}

static inline const gchar *
subheap_name (void)
{
  const gchar *name = g_getenv ("UDMABUF_GST_SUBHEAP");

  return name && *name ? name : NULL;
}

/* /sys/class/misc/u-dma-buf-heap.<name>, or NULL without a sub-heap. */
static inline gchar *
subheap_sysfs (void)
{
  if (!subheap_name ())
    return NULL;
  return g_strdup_printf ("/sys/class/misc/u-dma-buf-heap.%s", subheap_name ());
}

#define SKIP_WITHOUT_SUBHEAP() G_STMT_START {                            \
  if (!subheap_name ()) {                                                 \
    g_print ("%s: skipped, UDMABUF_GST_SUBHEAP is not set\n", G_STRFUNC);\
    return;                                                               \
  }                                                                       \
} G_STMT_END

/* What the kernel says about a dma-buf: U_DMA_BUF_HEAP_IOCTL_DMA_ADDR on a
 * node we open ourselves. */
static inline struct u_dma_buf_heap_dma_addr
kernel_dma_addr (gint buf_fd)
{
  struct u_dma_buf_heap_dma_addr q = {.fd = buf_fd };
  gint heap = open (MAIN_HEAP, O_RDWR | O_CLOEXEC);

  fail_unless (heap >= 0, "open %s: %s", MAIN_HEAP, g_strerror (errno));
  fail_unless (ioctl (heap, U_DMA_BUF_HEAP_IOCTL_DMA_ADDR, &q) == 0,
      "DMA_ADDR: %s", g_strerror (errno));
  close (heap);
  return q;
}

/* Every allocation of the main heap is freed again. */
#define assert_main_heap_empty() G_STMT_START {                            \
  fail_unless_equals_int64 (sysfs_read (MAIN_SYSFS, "buffers_in_use"), 0);\
  fail_unless_equals_int64 (sysfs_read (MAIN_SYSFS, "bytes_in_use"), 0);  \
} G_STMT_END

#endif
