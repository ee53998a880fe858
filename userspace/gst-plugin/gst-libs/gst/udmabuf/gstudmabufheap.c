/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The kernel interface of u-dma-buf's dma-heap nodes: opening a node,
 * DMA_HEAP_IOCTL_ALLOC (<linux/dma-heap.h>) and u-dma-buf's
 * U_DMA_BUF_HEAP_IOCTL_DMA_ADDR. Failures become GErrors in the
 * GST_RESOURCE_ERROR domain whose message names the node and the errno, so
 * that whoever posts them tells the user exactly what went wrong.
 */
#include "gstudmabufheap.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/dma-heap.h>
#include "u-dma-buf-heap.h"

static GstResourceError
gst_udmabuf_heap_error_code (int err, GstResourceError fallback)
{
  switch (err) {
    case ENOENT:
    case ENODEV:
    case ENXIO:
      return GST_RESOURCE_ERROR_NOT_FOUND;
    case EACCES:
    case EPERM:
      return GST_RESOURCE_ERROR_OPEN_READ_WRITE;
    case ENOMEM:
    case ENOSPC:
      return GST_RESOURCE_ERROR_NO_SPACE_LEFT;
    default:
      return fallback;
  }
}

static void
gst_udmabuf_heap_set_error (GError ** error, int err, GstResourceError fallback,
    const gchar * what, const gchar * path)
{
  g_set_error (error, GST_RESOURCE_ERROR,
      gst_udmabuf_heap_error_code (err, fallback), "%s %s: %s (errno %d)",
      what, path, g_strerror (err), err);
}

/**
 * gst_udmabuf_heap_path_for_device:
 * @device: name of a u-dma-buf device created with the dma-heap option
 *
 * Returns: (transfer full): the node of @device's sub-allocating heap,
 *     "/dev/dma_heap/@device"
 */
gchar *
gst_udmabuf_heap_path_for_device (const gchar * device)
{
  return g_build_filename ("/dev/dma_heap", device, NULL);
}

/**
 * gst_udmabuf_heap_open:
 * @path: a heap node
 * @error: return location for an error
 *
 * Returns: the node's file descriptor (close-on-exec), or -1 with @error set
 */
gint
gst_udmabuf_heap_open (const gchar * path, GError ** error)
{
  gint fd = open (path, O_RDWR | O_CLOEXEC);

  if (fd < 0)
    gst_udmabuf_heap_set_error (error, errno,
        GST_RESOURCE_ERROR_OPEN_READ_WRITE, "Cannot open heap", path);
  return fd;
}

/**
 * gst_udmabuf_heap_alloc:
 * @heap_fd: an open heap node
 * @path: its path, for error messages
 * @size: bytes to allocate (the heap rounds up to whole pages)
 * @error: return location for an error
 *
 * Returns: a dma-buf file descriptor (read-write, close-on-exec) of one
 *     contiguous, zeroed buffer, or -1 with @error set
 */
gint
gst_udmabuf_heap_alloc (gint heap_fd, const gchar * path, gsize size,
    GError ** error)
{
  struct dma_heap_allocation_data data = {
    .len = size,
    .fd_flags = O_RDWR | O_CLOEXEC,
  };
  int ret;

  do {
    ret = ioctl (heap_fd, DMA_HEAP_IOCTL_ALLOC, &data);
  } while (ret < 0 && (errno == EINTR || errno == EAGAIN));

  if (ret < 0) {
    gchar *what = g_strdup_printf ("Cannot allocate %" G_GSIZE_FORMAT
        " bytes from", size);
    gst_udmabuf_heap_set_error (error, errno, GST_RESOURCE_ERROR_FAILED,
        what, path);
    g_free (what);
    return -1;
  }
  return data.fd;
}

/**
 * gst_udmabuf_heap_get_dma_addr:
 * @heap_fd: an open u-dma-buf heap node (any of them)
 * @path: its path, for error messages
 * @buf_fd: a dma-buf exported by u-dma-buf
 * @addr: (out) (optional): DMA address of the buffer's first byte
 * @size: (out) (optional): size of the buffer
 * @offset: (out) (optional): where the buffer starts in its u-dma-buf device
 * @error: return location for an error
 *
 * Asks the kernel with U_DMA_BUF_HEAP_IOCTL_DMA_ADDR.
 *
 * Returns: %TRUE, or %FALSE with @error set (EINVAL: @buf_fd is not a
 *     u-dma-buf dma-buf)
 */
gboolean
gst_udmabuf_heap_get_dma_addr (gint heap_fd, const gchar * path, gint buf_fd,
    guint64 * addr, guint64 * size, guint64 * offset, GError ** error)
{
  struct u_dma_buf_heap_dma_addr query = {.fd = buf_fd };
  int ret;

  do {
    ret = ioctl (heap_fd, U_DMA_BUF_HEAP_IOCTL_DMA_ADDR, &query);
  } while (ret < 0 && errno == EINTR);

  if (ret < 0) {
    gchar *what = g_strdup_printf ("Cannot get the DMA address of dma-buf "
        "fd %d from", buf_fd);
    gst_udmabuf_heap_set_error (error, errno, GST_RESOURCE_ERROR_FAILED,
        what, path);
    g_free (what);
    return FALSE;
  }
  if (addr)
    *addr = query.addr;
  if (size)
    *size = query.size;
  if (offset)
    *offset = query.offset;
  return TRUE;
}
