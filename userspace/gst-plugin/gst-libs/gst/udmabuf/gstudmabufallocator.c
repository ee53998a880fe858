/* SPDX-License-Identifier: LGPL-2.1-or-later */
/**
 * SECTION:gstudmabufallocator
 * @title: GstUdmabufAllocator
 * @short_description: dma-buf memory from u-dma-buf's heaps
 * @include: gst/udmabuf/udmabuf.h
 *
 * A #GstDmaBufAllocator whose memory comes from a u-dma-buf heap node:
 * /dev/dma_heap/udmabuf by default (every allocation a contiguous buffer of
 * its own), or /dev/dma_heap/<device>, the sub-allocating heap of a
 * u-dma-buf device (ranges of memory an FPGA or accelerator can reach).
 *
 * The memory is ordinary dma-buf memory (gst_is_dmabuf_memory() holds), so
 * kmssink, v4l2 elements and glupload import it without a copy; mapping it
 * brackets the CPU access with DMA_BUF_IOCTL_SYNC. The allocator implements
 * #GstPhysMemoryAllocator: gst_phys_memory_get_phys_addr() gives the DMA
 * address that DMA engines must be programmed with, and
 * gst_udmabuf_memory_get_dma_addr() its 64-bit form.
 *
 * Unlike its parent, the allocator allocates, so copies of its memory
 * (gst_memory_copy(), gst_buffer_copy_deep()) are u-dma-buf memory too.
 * #GstAllocationParams are honoured: prefix and padding are part of the
 * buffer, and alignments above the page size align the DMA address.
 *
 * The node is opened at the first allocation, so an allocator can be made
 * (and registered) where the node does not exist. Every failure emits
 * #GstUdmabufAllocator::allocation-error with a #GError naming the node and
 * the errno.
 */
#include "gstudmabufallocator-private.h"
#include "gstudmabufheap.h"

#include <unistd.h>

GST_DEBUG_CATEGORY_STATIC (gst_udmabuf_allocator_debug);
#define GST_CAT_DEFAULT gst_udmabuf_allocator_debug

struct _GstUdmabufAllocator
{
  GstDmaBufAllocator parent;

  gchar *heap;                  /* the node; construct-only */
  gint heap_fd;                 /* -1 until opened; under the object lock */
};

enum
{
  PROP_0,
  PROP_HEAP,
};

enum
{
  SIGNAL_ALLOCATION_ERROR,
  N_SIGNALS
};

static guint gst_udmabuf_allocator_signals[N_SIGNALS];

static void
    gst_udmabuf_allocator_phys_iface_init (GstPhysMemoryAllocatorInterface *
    iface);

G_DEFINE_TYPE_WITH_CODE (GstUdmabufAllocator, gst_udmabuf_allocator,
    GST_TYPE_DMABUF_ALLOCATOR,
    G_IMPLEMENT_INTERFACE (GST_TYPE_PHYS_MEMORY_ALLOCATOR,
        gst_udmabuf_allocator_phys_iface_init);
    GST_DEBUG_CATEGORY_INIT (gst_udmabuf_allocator_debug, "udmabufallocator",
        0, "u-dma-buf heap allocator"));

static void
gst_udmabuf_allocator_report (GstUdmabufAllocator * self, GError * error)
{
  GST_ERROR_OBJECT (self, "%s", error->message);
  g_signal_emit (self, gst_udmabuf_allocator_signals[SIGNAL_ALLOCATION_ERROR],
      0, error);
}

/* Returns the node's fd, opening it if needed; -1 with @error set. */
static gint
gst_udmabuf_allocator_heap_fd (GstUdmabufAllocator * self, GError ** error)
{
  gint fd;

  GST_OBJECT_LOCK (self);
  if (self->heap_fd < 0)
    self->heap_fd = gst_udmabuf_heap_open (self->heap, error);
  fd = self->heap_fd;
  GST_OBJECT_UNLOCK (self);
  return fd;
}

/**
 * gst_udmabuf_allocator_open:
 * @self: a #GstUdmabufAllocator
 * @error: return location for an error
 *
 * Opens the heap node now rather than at the first allocation, to find out
 * early whether it can be used. A failure is also reported with
 * #GstUdmabufAllocator::allocation-error.
 *
 * Returns: %TRUE when the node is open
 */
gboolean
gst_udmabuf_allocator_open (GstUdmabufAllocator * self, GError ** error)
{
  GError *err = NULL;

  g_return_val_if_fail (GST_IS_UDMABUF_ALLOCATOR (self), FALSE);

  if (gst_udmabuf_allocator_heap_fd (self, &err) >= 0)
    return TRUE;
  gst_udmabuf_allocator_report (self, err);
  g_propagate_error (error, err);
  return FALSE;
}

/* Bytes to allocate for @size with @params, and the alignment mask; FALSE on
 * overflow. */
static gboolean
gst_udmabuf_allocator_layout (gsize size, const GstAllocationParams * params,
    gsize page, gsize * total, gsize * align)
{
  gsize slack;

  *align = params->align | gst_memory_alignment;
  /* The buffer starts on a page: a larger alignment may need a shift of up
   * to align + 1 - page bytes. */
  slack = *align >= page ? *align + 1 - page : 0;
  if (!g_size_checked_add (total, size, params->prefix) ||
      !g_size_checked_add (total, *total, params->padding) ||
      !g_size_checked_add (total, *total, slack) ||
      !g_size_checked_add (total, *total, page - 1))
    return FALSE;
  *total = MAX (*total & ~(page - 1), page);
  return TRUE;
}

/* Sets @error: @size with @params and the alignment mask @align overflows. */
static void
gst_udmabuf_allocator_set_overflow_error (GstUdmabufAllocator * self,
    gsize size, const GstAllocationParams * params, gsize align,
    GError ** error)
{
  g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_NO_SPACE_LEFT,
      "Cannot allocate %" G_GSIZE_FORMAT " bytes (prefix %" G_GSIZE_FORMAT
      ", padding %" G_GSIZE_FORMAT ", alignment %" G_GSIZE_FORMAT
      ") from %s: %s (errno %d)", size, params->prefix, params->padding,
      align + 1, self->heap, g_strerror (EOVERFLOW), EOVERFLOW);
}

/* Allocates a dma-buf of @total bytes from the node, and sets @shift to the
 * bytes to skip so that the memory's DMA address is aligned to the mask
 * @align (0 for alignments below the page size, which the buffer's start
 * has): the dma-buf's fd, or -1 with @error set. */
static gint
gst_udmabuf_allocator_alloc_fd (GstUdmabufAllocator * self, gsize total,
    gsize align, gsize page, gsize * shift, GError ** error)
{
  guint64 addr;
  gint heap_fd, fd;

  *shift = 0;
  heap_fd = gst_udmabuf_allocator_heap_fd (self, error);
  if (heap_fd < 0)
    return -1;
  fd = gst_udmabuf_heap_alloc (heap_fd, self->heap, total, error);
  if (fd < 0 || align < page)
    return fd;

  if (!gst_udmabuf_heap_get_dma_addr (heap_fd, self->heap, fd, &addr, NULL,
          NULL, error)) {
    close (fd);
    return -1;
  }
  *shift = (align + 1 - (addr & align)) & align;
  return fd;
}

/* Wraps the dma-buf @fd of @total bytes as memory of @size bytes that starts
 * @shift + prefix bytes into it, with @params' flags: the memory, or %NULL
 * with @error set and @fd closed. */
static GstMemory *
gst_udmabuf_allocator_wrap (GstUdmabufAllocator * self, gint fd, gsize total,
    gsize shift, gsize size, const GstAllocationParams * params, gsize align,
    GError ** error)
{
  GstMemory *mem;

  mem = gst_dmabuf_allocator_alloc_with_flags (GST_ALLOCATOR_CAST (self), fd,
      total, GST_FD_MEMORY_FLAG_KEEP_MAPPED);
  if (!mem) {
    close (fd);
    g_set_error (error, GST_RESOURCE_ERROR, GST_RESOURCE_ERROR_FAILED,
        "Cannot wrap a dma-buf of %s", self->heap);
    return NULL;
  }
  gst_memory_resize (mem, shift + params->prefix, size);
  /* After the resize, which clears the ZERO flags: the heap zeroes. */
  GST_MINI_OBJECT_FLAG_SET (mem, params->flags |
      GST_MEMORY_FLAG_PHYSICALLY_CONTIGUOUS | GST_MEMORY_FLAG_ZERO_PREFIXED |
      GST_MEMORY_FLAG_ZERO_PADDED);
  mem->align = align;
  return mem;
}

/**
 * gst_udmabuf_allocator_alloc_full:
 * @self: a #GstUdmabufAllocator
 * @size: bytes the memory must hold
 * @params: (nullable): prefix, padding, alignment and memory flags
 * @error: return location for an error
 *
 * gst_allocator_alloc() with the reason of a failure: the #GError names the
 * heap node and the errno (ENOENT: no node; ENOMEM: the heap is exhausted
 * or the size is beyond what it can give). A failure is also reported with
 * #GstUdmabufAllocator::allocation-error.
 *
 * Returns: (transfer full) (nullable): dma-buf memory of @size bytes, zeroed
 *     including prefix and padding, or %NULL
 */
GstMemory *
gst_udmabuf_allocator_alloc_full (GstUdmabufAllocator * self, gsize size,
    GstAllocationParams * params, GError ** error)
{
  GstAllocationParams defaults;
  gsize page = sysconf (_SC_PAGESIZE), total, align, shift;
  GError *err = NULL;
  GstMemory *mem;
  gint fd;

  g_return_val_if_fail (GST_IS_UDMABUF_ALLOCATOR (self), NULL);

  if (!params) {
    gst_allocation_params_init (&defaults);
    params = &defaults;
  }
  if (!gst_udmabuf_allocator_layout (size, params, page, &total, &align)) {
    gst_udmabuf_allocator_set_overflow_error (self, size, params, align, &err);
    goto failed;
  }
  fd = gst_udmabuf_allocator_alloc_fd (self, total, align, page, &shift, &err);
  if (fd < 0)
    goto failed;
  mem = gst_udmabuf_allocator_wrap (self, fd, total, shift, size, params, align,
      &err);
  if (!mem)
    goto failed;

  GST_LOG_OBJECT (self, "fd %d: %" G_GSIZE_FORMAT " bytes at offset %"
      G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT, fd, size, mem->offset, total);
  return mem;

failed:
  gst_udmabuf_allocator_report (self, err);
  g_propagate_error (error, err);
  return NULL;
}

static GstMemory *
gst_udmabuf_allocator_alloc (GstAllocator * allocator, gsize size,
    GstAllocationParams * params)
{
  return gst_udmabuf_allocator_alloc_full (GST_UDMABUF_ALLOCATOR (allocator),
      size, params, NULL);
}

/**
 * gst_udmabuf_allocator_get_dma_addr:
 * @self: a #GstUdmabufAllocator
 * @mem: memory of a u-dma-buf allocator
 * @addr: (out): DMA address of @mem's first byte
 * @error: return location for an error
 *
 * The 64-bit form of gst_phys_memory_get_phys_addr(): the DMA address the
 * kernel reports for @mem's dma-buf (U_DMA_BUF_HEAP_IOCTL_DMA_ADDR) plus
 * @mem's offset. Behind an IOMMU it is an IOVA.
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
gboolean
gst_udmabuf_allocator_get_dma_addr (GstUdmabufAllocator * self,
    GstMemory * mem, guint64 * addr, GError ** error)
{
  guint64 base;
  gint heap_fd;

  g_return_val_if_fail (GST_IS_UDMABUF_ALLOCATOR (self), FALSE);
  g_return_val_if_fail (gst_is_udmabuf_memory (mem), FALSE);
  g_return_val_if_fail (addr != NULL, FALSE);

  heap_fd = gst_udmabuf_allocator_heap_fd (self, error);
  if (heap_fd < 0)
    return FALSE;
  if (!gst_udmabuf_heap_get_dma_addr (heap_fd, self->heap,
          gst_fd_memory_get_fd (mem), &base, NULL, NULL, error))
    return FALSE;
  *addr = base + mem->offset;
  return TRUE;
}

static guintptr
gst_udmabuf_allocator_get_phys_addr (GstPhysMemoryAllocator * allocator,
    GstMemory * mem)
{
  GstUdmabufAllocator *self = GST_UDMABUF_ALLOCATOR (allocator);
  GError *err = NULL;
  guint64 addr;

  if (!gst_udmabuf_allocator_get_dma_addr (self, mem, &addr, &err)) {
    GST_ERROR_OBJECT (self, "%s", err->message);
    g_error_free (err);
    return 0;
  }
  if ((guint64) (guintptr) addr != addr) {
    GST_ERROR_OBJECT (self, "DMA address 0x%" G_GINT64_MODIFIER "x does not "
        "fit a guintptr: use gst_udmabuf_allocator_get_dma_addr()", addr);
    return 0;
  }
  return (guintptr) addr;
}

static void
gst_udmabuf_allocator_phys_iface_init (GstPhysMemoryAllocatorInterface * iface)
{
  iface->get_phys_addr = gst_udmabuf_allocator_get_phys_addr;
}

/**
 * gst_is_udmabuf_memory:
 * @mem: a #GstMemory
 *
 * Returns: whether @mem was allocated by a #GstUdmabufAllocator (or shares
 *     such memory)
 */
gboolean
gst_is_udmabuf_memory (GstMemory * mem)
{
  g_return_val_if_fail (mem != NULL, FALSE);

  return mem->allocator != NULL && GST_IS_UDMABUF_ALLOCATOR (mem->allocator);
}

/**
 * gst_udmabuf_memory_get_dma_addr:
 * @mem: memory of a #GstUdmabufAllocator (gst_is_udmabuf_memory())
 * @addr: (out): DMA address of @mem's first byte
 * @error: return location for an error, or %NULL
 *
 * The DMA address to program a DMA engine with: the address the kernel
 * reports for @mem's dma-buf plus @mem's offset (an IOVA behind an IOMMU).
 * The 64-bit form of gst_phys_memory_get_phys_addr(), whose #guintptr is 32
 * bits wide on 32-bit ARM.
 *
 * Returns: %TRUE, or %FALSE with @error set (the heap node cannot be
 *     opened, or the kernel refused the query)
 */
gboolean
gst_udmabuf_memory_get_dma_addr (GstMemory * mem, guint64 * addr,
    GError ** error)
{
  g_return_val_if_fail (mem != NULL && gst_is_udmabuf_memory (mem), FALSE);
  g_return_val_if_fail (addr != NULL, FALSE);

  return gst_udmabuf_allocator_get_dma_addr (GST_UDMABUF_ALLOCATOR
      (mem->allocator), mem, addr, error);
}

/**
 * gst_udmabuf_allocator_get_heap:
 * @self: a #GstUdmabufAllocator
 *
 * Returns: (transfer none): the heap node the allocator allocates from
 */
const gchar *
gst_udmabuf_allocator_get_heap (GstUdmabufAllocator * self)
{
  g_return_val_if_fail (GST_IS_UDMABUF_ALLOCATOR (self), NULL);

  return self->heap;
}

/**
 * gst_udmabuf_allocator_new:
 * @heap: (nullable): a u-dma-buf heap node; %NULL for
 *     %GST_UDMABUF_HEAP_DEFAULT
 *
 * Makes an allocator of @heap. The node is opened at the first
 * allocation, so the allocator can be made where the node does not exist
 * (yet); failures are reported with #GstUdmabufAllocator::allocation-error.
 *
 * Returns: (transfer floating): a new allocator (floating, as allocators
 *     are)
 */
GstAllocator *
gst_udmabuf_allocator_new (const gchar * heap)
{
  return g_object_new (GST_TYPE_UDMABUF_ALLOCATOR, "heap", heap, NULL);
}

/**
 * gst_udmabuf_allocator_new_for_device:
 * @device: name of a u-dma-buf device created with the dma-heap option
 *
 * Makes an allocator of @device's sub-allocating heap,
 * /dev/dma_heap/@device: memory within that device's buffer, which the
 * device's DMA engine can reach.
 *
 * Returns: (transfer floating): a new allocator (floating)
 */
GstAllocator *
gst_udmabuf_allocator_new_for_device (const gchar * device)
{
  GstAllocator *allocator;
  gchar *heap;

  g_return_val_if_fail (device != NULL && *device != '\0', NULL);

  heap = gst_udmabuf_heap_path_for_device (device);
  allocator = gst_udmabuf_allocator_new (heap);
  g_free (heap);
  return allocator;
}

static void
gst_udmabuf_allocator_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstUdmabufAllocator *self = GST_UDMABUF_ALLOCATOR (object);

  switch (prop_id) {
    case PROP_HEAP:
      g_free (self->heap);
      self->heap = g_value_dup_string (value);
      if (!self->heap)
        self->heap = g_strdup (GST_UDMABUF_HEAP_DEFAULT);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_udmabuf_allocator_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstUdmabufAllocator *self = GST_UDMABUF_ALLOCATOR (object);

  switch (prop_id) {
    case PROP_HEAP:
      g_value_set_string (value, self->heap);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
}

static void
gst_udmabuf_allocator_finalize (GObject * object)
{
  GstUdmabufAllocator *self = GST_UDMABUF_ALLOCATOR (object);

  if (self->heap_fd >= 0)
    close (self->heap_fd);
  g_free (self->heap);
  G_OBJECT_CLASS (gst_udmabuf_allocator_parent_class)->finalize (object);
}

static void
gst_udmabuf_allocator_class_init (GstUdmabufAllocatorClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstAllocatorClass *allocator_class = GST_ALLOCATOR_CLASS (klass);

  gobject_class->set_property = gst_udmabuf_allocator_set_property;
  gobject_class->get_property = gst_udmabuf_allocator_get_property;
  gobject_class->finalize = gst_udmabuf_allocator_finalize;
  allocator_class->alloc = gst_udmabuf_allocator_alloc;

  /**
   * GstUdmabufAllocator:heap:
   *
   * The u-dma-buf heap node allocations come from.
   */
  g_object_class_install_property (gobject_class, PROP_HEAP,
      g_param_spec_string ("heap", "Heap", "u-dma-buf heap node",
          GST_UDMABUF_HEAP_DEFAULT, G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
          G_PARAM_STATIC_STRINGS));

  /**
   * GstUdmabufAllocator::allocation-error:
   * @allocator: the allocator
   * @error: what failed, naming the heap node and the errno
   *
   * Emitted, in the allocating thread, when the node cannot be opened or an
   * allocation fails. Elements post it as an error message.
   */
  gst_udmabuf_allocator_signals[SIGNAL_ALLOCATION_ERROR] =
      g_signal_new ("allocation-error", G_TYPE_FROM_CLASS (klass),
      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
gst_udmabuf_allocator_init (GstUdmabufAllocator * self)
{
  self->heap_fd = -1;
  self->heap = g_strdup (GST_UDMABUF_HEAP_DEFAULT);
  /* GstFdAllocator cannot allocate and sets the flag; we can, and copies of
   * our memory must stay ours. */
  GST_OBJECT_FLAG_UNSET (self, GST_ALLOCATOR_FLAG_CUSTOM_ALLOC);
}
