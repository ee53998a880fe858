/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * GstUdmabufAllocator: allocation, map/unmap with dma-buf sync, the DMA
 * address, copies, allocation parameters, registration, the sub-allocating
 * heap, and every way an allocation fails.
 */
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include <linux/dma-buf.h>

#include "udmabuf-test.h"
#include "gstudmabufallocator.h"
#include "gstudmabufregister.h"

/* --- every DMA_BUF_IOCTL_SYNC the process issues ------------------------ */

#define MAX_SYNCS 64
static struct
{
  gint fd;
  guint64 flags;
} syncs[MAX_SYNCS];
static guint n_syncs;

/* Interposes libc's ioctl() for libgstallocators (which issues the syncs)
 * and the allocator; everything goes on to the kernel. */
int
ioctl (int fd, unsigned long request, ...)
{
  va_list ap;
  void *arg;

  va_start (ap, request);
  arg = va_arg (ap, void *);
  va_end (ap);
  if (request == DMA_BUF_IOCTL_SYNC && n_syncs < MAX_SYNCS) {
    syncs[n_syncs].fd = fd;
    syncs[n_syncs].flags = ((struct dma_buf_sync *) arg)->flags;
    n_syncs++;
  }
  return syscall (SYS_ioctl, fd, request, arg);
}

/* --- allocation-error signal --------------------------------------------- */

static guint n_errors;
static GError *last_error;

static void
on_allocation_error (GstAllocator * allocator, GError * error, gpointer data)
{
  n_errors++;
  g_clear_error (&last_error);
  last_error = g_error_copy (error);
}

static GstAllocator *
new_allocator (const gchar * heap)
{
  GstAllocator *allocator = gst_object_ref_sink (gst_udmabuf_allocator_new
      (heap));

  n_errors = 0;
  g_clear_error (&last_error);
  g_signal_connect (allocator, "allocation-error",
      G_CALLBACK (on_allocation_error), NULL);
  return allocator;
}

/* The failure was reported, names @node and errno @err. */
static void
assert_failure (GError * error, const gchar * node, gint err, gint code)
{
  gchar *errno_text = g_strdup_printf ("errno %d)", err);

  fail_unless (error != NULL);
  fail_unless_equals_int (n_errors, 1);
  fail_unless (last_error && last_error->code == error->code);
  fail_unless (error->domain == GST_RESOURCE_ERROR);
  fail_unless_equals_int (error->code, code);
  fail_unless (strstr (error->message, node) != NULL, "'%s' lacks %s",
      error->message, node);
  fail_unless (strstr (error->message, errno_text) != NULL, "'%s' lacks %s",
      error->message, errno_text);
  g_print ("reported: %s\n", error->message);
  g_free (errno_text);
}

/* --- tests -------------------------------------------------------------- */

GST_START_TEST (test_alloc)
{
  GstAllocator *allocator = new_allocator (NULL);
  GstMemory *mem;
  gsize offset, maxsize;

  fail_unless_equals_string (gst_udmabuf_allocator_get_heap
      (GST_UDMABUF_ALLOCATOR (allocator)), MAIN_HEAP);
  fail_if (GST_OBJECT_FLAG_IS_SET (allocator,
          GST_ALLOCATOR_FLAG_CUSTOM_ALLOC));

  mem = gst_allocator_alloc (allocator, 1000000, NULL);
  fail_unless (mem != NULL);
  fail_unless (gst_is_dmabuf_memory (mem));
  fail_unless (gst_is_udmabuf_memory (mem));
  fail_unless (gst_is_phys_memory (mem));
  fail_unless (gst_dmabuf_memory_get_fd (mem) >= 0);
  fail_unless_equals_int (gst_memory_get_sizes (mem, &offset, &maxsize),
      1000000);
  fail_unless_equals_int (offset, 0);
  fail_unless (maxsize >= 1000000 && maxsize % getpagesize () == 0);
  fail_unless (GST_MEMORY_FLAG_IS_SET (mem,
          GST_MEMORY_FLAG_PHYSICALLY_CONTIGUOUS));
  fail_unless_equals_int64 (sysfs_read (MAIN_SYSFS, "buffers_in_use"), 1);
  fail_unless_equals_int64 (sysfs_read (MAIN_SYSFS, "bytes_in_use"), maxsize);

  gst_memory_unref (mem);
  assert_main_heap_empty ();
  fail_unless_equals_int (n_errors, 0);
  gst_object_unref (allocator);
}

GST_END_TEST;

GST_START_TEST (test_map_sync)
{
  GstAllocator *allocator = new_allocator (NULL);
  GstMemory *mem = gst_allocator_alloc (allocator, 65536, NULL);
  gint fd = gst_dmabuf_memory_get_fd (mem);
  GstMapInfo map;
  guint8 *other;
  guint i, bad = 0;

  n_syncs = 0;
  fail_unless (gst_memory_map (mem, &map, GST_MAP_WRITE));
  fail_unless_equals_int (n_syncs, 1);
  fail_unless_equals_int (syncs[0].fd, fd);
  fail_unless_equals_int (syncs[0].flags, DMA_BUF_SYNC_START |
      DMA_BUF_SYNC_WRITE);
  for (i = 0; i < map.size; i++)
    map.data[i] = i * 7;
  gst_memory_unmap (mem, &map);
  fail_unless_equals_int (n_syncs, 2);
  fail_unless_equals_int (syncs[1].flags, DMA_BUF_SYNC_END |
      DMA_BUF_SYNC_WRITE);

  fail_unless (gst_memory_map (mem, &map, GST_MAP_READ));
  fail_unless_equals_int (syncs[2].flags, DMA_BUF_SYNC_START |
      DMA_BUF_SYNC_READ);
  for (i = 0; i < map.size; i++)
    bad += map.data[i] != (guint8) (i * 7);
  fail_unless_equals_int (bad, 0);
  gst_memory_unmap (mem, &map);
  fail_unless_equals_int (n_syncs, 4);
  fail_unless_equals_int (syncs[3].flags, DMA_BUF_SYNC_END |
      DMA_BUF_SYNC_READ);

  /* A write mapping after a read one (the mapping is kept) still works. */
  fail_unless (gst_memory_map (mem, &map, GST_MAP_READWRITE));
  map.data[0] = 0xa5;
  gst_memory_unmap (mem, &map);

  /* The bytes are the dma-buf's: another mapping of the fd sees them. */
  other = mmap (NULL, 65536, PROT_READ, MAP_SHARED, fd, 0);
  fail_unless (other != MAP_FAILED, "mmap: %s", g_strerror (errno));
  fail_unless_equals_int (other[0], 0xa5);
  for (i = 1; i < 65536; i++)
    bad += other[i] != (guint8) (i * 7);
  fail_unless_equals_int (bad, 0);
  munmap (other, 65536);

  gst_memory_unref (mem);
  gst_object_unref (allocator);
  assert_main_heap_empty ();
}

GST_END_TEST;

GST_START_TEST (test_phys_addr)
{
  GstAllocator *allocator = new_allocator (NULL);
  GstAllocationParams params = {.prefix = 256 };
  struct u_dma_buf_heap_dma_addr q;
  GstMemory *mem, *sub;
  guintptr phys;
  guint64 addr;

  mem = gst_allocator_alloc (allocator, 200000, &params);
  q = kernel_dma_addr (gst_dmabuf_memory_get_fd (mem));
  fail_unless (q.addr != 0);
  fail_unless_equals_uint64 (q.offset, 0);

  phys = gst_phys_memory_get_phys_addr (mem);
  fail_unless (phys != 0);
  fail_unless_equals_uint64 (phys, q.addr + 256);
  fail_unless (gst_udmabuf_allocator_get_dma_addr (GST_UDMABUF_ALLOCATOR
          (allocator), mem, &addr, NULL));
  fail_unless_equals_uint64 (addr, q.addr + 256);

  /* A shared part of the memory starts where it starts. */
  sub = gst_memory_share (mem, 4096, 1000);
  fail_unless (gst_is_udmabuf_memory (sub));
  fail_unless_equals_uint64 (gst_phys_memory_get_phys_addr (sub),
      q.addr + 256 + 4096);
  gst_memory_unref (sub);

  gst_memory_unref (mem);
  gst_object_unref (allocator);
  fail_unless_equals_int (n_errors, 0);
  assert_main_heap_empty ();
}

GST_END_TEST;

GST_START_TEST (test_copy_stays)
{
  GstAllocator *allocator = new_allocator (NULL);
  GstMemory *mem = gst_allocator_alloc (allocator, 10000, NULL);
  GstMemory *copy;
  GstBuffer *buf, *deep;
  GstMapInfo map;

  fail_unless (gst_memory_map (mem, &map, GST_MAP_WRITE));
  memset (map.data, 0x5a, map.size);
  gst_memory_unmap (mem, &map);

  copy = gst_memory_copy (mem, 100, 5000);
  fail_unless (copy != NULL);
  fail_unless (copy->allocator == allocator);
  fail_unless (gst_is_udmabuf_memory (copy));
  fail_unless (gst_dmabuf_memory_get_fd (copy) !=
      gst_dmabuf_memory_get_fd (mem));
  fail_unless_equals_int (gst_memory_get_sizes (copy, NULL, NULL), 5000);
  fail_unless (gst_memory_map (copy, &map, GST_MAP_READ));
  fail_unless (map.data[0] == 0x5a && map.data[4999] == 0x5a);
  gst_memory_unmap (copy, &map);
  gst_memory_unref (copy);

  buf = gst_buffer_new ();
  gst_buffer_append_memory (buf, mem);
  deep = gst_buffer_copy_deep (buf);
  fail_unless (gst_is_udmabuf_memory (gst_buffer_peek_memory (deep, 0)));
  fail_unless (gst_buffer_peek_memory (deep, 0) != mem);
  fail_unless_equals_int64 (sysfs_read (MAIN_SYSFS, "buffers_in_use"), 2);
  gst_buffer_unref (deep);
  gst_buffer_unref (buf);

  gst_object_unref (allocator);
  assert_main_heap_empty ();
}

GST_END_TEST;

GST_START_TEST (test_params)
{
  GstAllocator *allocator = new_allocator (NULL);
  GstAllocationParams params = {.prefix = 64,.padding = 32,.align = 255 };
  gsize offset, maxsize, i, bad = 0;
  GstMemory *mem;
  GstMapInfo map;
  guint8 *base;

  mem = gst_allocator_alloc (allocator, 5000, &params);
  fail_unless_equals_int (gst_memory_get_sizes (mem, &offset, &maxsize), 5000);
  fail_unless_equals_int (offset, 64);
  fail_unless (maxsize >= 64 + 5000 + 32);
  fail_unless (GST_MEMORY_IS_ZERO_PREFIXED (mem));
  fail_unless (GST_MEMORY_IS_ZERO_PADDED (mem));
  fail_unless (gst_memory_map (mem, &map, GST_MAP_READ));
  base = map.data - 64;
  fail_unless (((guintptr) base & 255) == 0);
  for (i = 0; i < maxsize; i++)
    bad += base[i] != 0;        /* zeroed, prefix included */
  fail_unless_equals_int (bad, 0);
  gst_memory_unmap (mem, &map);
  gst_memory_unref (mem);

  /* Beyond a page, the alignment is the DMA address's. */
  params.prefix = 0;
  params.padding = 0;
  params.align = (1 << 20) - 1;
  mem = gst_allocator_alloc (allocator, 300000, &params);
  fail_unless (mem != NULL);
  fail_unless_equals_int (gst_phys_memory_get_phys_addr (mem) & params.align,
      0);
  fail_unless (gst_memory_map (mem, &map, GST_MAP_WRITE));
  memset (map.data, 1, map.size);
  gst_memory_unmap (mem, &map);
  gst_memory_unref (mem);

  /* The flags asked for are the memory's. */
  params.align = 0;
  params.flags = GST_MEMORY_FLAG_NO_SHARE;
  mem = gst_allocator_alloc (allocator, 100, &params);
  fail_unless (GST_MEMORY_FLAG_IS_SET (mem, GST_MEMORY_FLAG_NO_SHARE));
  gst_memory_unref (mem);

  gst_object_unref (allocator);
  fail_unless_equals_int (n_errors, 0);
  assert_main_heap_empty ();
}

GST_END_TEST;

GST_START_TEST (test_registered)
{
  GstAllocator *found;
  GstMemory *mem;

  fail_unless (gst_udmabuf_register_features (NULL));
  found = gst_allocator_find ("u-dma-buf");
  fail_unless (found != NULL);
  fail_unless (GST_IS_UDMABUF_ALLOCATOR (found));
  fail_unless (GST_IS_DMABUF_ALLOCATOR (found));
  fail_unless (GST_IS_PHYS_MEMORY_ALLOCATOR (found));
  fail_unless_equals_string (gst_udmabuf_allocator_get_heap
      (GST_UDMABUF_ALLOCATOR (found)), MAIN_HEAP);
  /* Not under the name GStreamer 1.28 gives its memfd allocator. */
  fail_if (gst_allocator_find ("udmabuf") == found);

  mem = gst_allocator_alloc (found, 4096, NULL);
  fail_unless (gst_is_udmabuf_memory (mem));
  gst_memory_unref (mem);
  gst_object_unref (found);
  assert_main_heap_empty ();
}

GST_END_TEST;

GST_START_TEST (test_subheap)
{
  gchar *sysfs = subheap_sysfs (), *devsys;
  struct u_dma_buf_heap_dma_addr q;
  GstAllocator *allocator;
  GstMemory *mem[4], *extra;
  GError *error = NULL;
  gchar *node;
  gint64 size, base;
  guint i;

  SKIP_WITHOUT_SUBHEAP ();
  node = g_strdup_printf ("/dev/dma_heap/%s", subheap_name ());
  devsys = g_strdup_printf ("/sys/class/u-dma-buf/%s", subheap_name ());
  size = sysfs_read (sysfs, "size");
  base = sysfs_read (devsys, "phys_addr");
  fail_unless (size == 1 << 20, "the sub-heap must have 1 MiB");

  allocator = gst_object_ref_sink (gst_udmabuf_allocator_new_for_device
      (subheap_name ()));
  g_signal_connect (allocator, "allocation-error",
      G_CALLBACK (on_allocation_error), NULL);
  n_errors = 0;
  fail_unless_equals_string (gst_udmabuf_allocator_get_heap
      (GST_UDMABUF_ALLOCATOR (allocator)), node);

  for (i = 0; i < 4; i++) {
    mem[i] = gst_udmabuf_allocator_alloc_full (GST_UDMABUF_ALLOCATOR
        (allocator), 256 * 1024, NULL, &error);
    fail_unless (mem[i] != NULL);
    q = kernel_dma_addr (gst_dmabuf_memory_get_fd (mem[i]));
    fail_unless_equals_uint64 (q.addr, base + q.offset);
    fail_unless_equals_uint64 (gst_phys_memory_get_phys_addr (mem[i]),
        q.addr);
  }
  fail_unless_equals_int64 (sysfs_read (sysfs, "free_bytes"), 0);
  /* Nothing came from the main heap. */
  assert_main_heap_empty ();

  /* Exhausted: an error naming the node and ENOMEM, no crash. */
  extra = gst_udmabuf_allocator_alloc_full (GST_UDMABUF_ALLOCATOR (allocator),
      4096, NULL, &error);
  fail_unless (extra == NULL);
  assert_failure (error, node, ENOMEM, GST_RESOURCE_ERROR_NO_SPACE_LEFT);
  g_clear_error (&error);
  fail_unless (gst_allocator_alloc (allocator, 4096, NULL) == NULL);
  fail_unless_equals_int (n_errors, 2);

  /* Freed space is used again. */
  gst_memory_unref (mem[2]);
  mem[2] = gst_allocator_alloc (allocator, 256 * 1024, NULL);
  fail_unless (mem[2] != NULL);

  for (i = 0; i < 4; i++)
    gst_memory_unref (mem[i]);
  fail_unless_equals_int64 (sysfs_read (sysfs, "buffers_in_use"), 0);
  fail_unless_equals_int64 (sysfs_read (sysfs, "free_bytes"), size);
  gst_object_unref (allocator);
  g_free (node);
  g_free (devsys);
  g_free (sysfs);
}

GST_END_TEST;

GST_START_TEST (test_no_node)
{
  const gchar *node = "/dev/dma_heap/no-such-heap";
  GstAllocator *allocator = new_allocator (node);
  GError *error = NULL;
  GstMemory *mem;

  /* Creating the allocator does not touch the node. */
  fail_unless_equals_int (n_errors, 0);

  mem = gst_udmabuf_allocator_alloc_full (GST_UDMABUF_ALLOCATOR (allocator),
      4096, NULL, &error);
  fail_unless (mem == NULL);
  assert_failure (error, node, ENOENT, GST_RESOURCE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  fail_if (gst_udmabuf_allocator_open (GST_UDMABUF_ALLOCATOR (allocator),
          &error));
  fail_unless (error && error->code == GST_RESOURCE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  fail_unless (gst_allocator_alloc (allocator, 4096, NULL) == NULL);
  fail_unless_equals_int (n_errors, 3);
  gst_object_unref (allocator);
}

GST_END_TEST;

GST_START_TEST (test_absurd_sizes)
{
  GstAllocator *allocator = new_allocator (NULL);
  GstAllocationParams params = {.prefix = 4096 };
  GError *error = NULL;
  GstMemory *mem;

  /* Sizes that overflow with the prefix or the page rounding. */
  mem = gst_udmabuf_allocator_alloc_full (GST_UDMABUF_ALLOCATOR (allocator),
      G_MAXSIZE - 100, &params, &error);
  fail_unless (mem == NULL);
  assert_failure (error, MAIN_HEAP, EOVERFLOW,
      GST_RESOURCE_ERROR_NO_SPACE_LEFT);
  g_clear_error (&error);
  n_errors = 0;
  fail_unless (gst_allocator_alloc (allocator, G_MAXSIZE, NULL) == NULL);
  fail_unless_equals_int (n_errors, 1);

  /* More than the machine has: the kernel says ENOMEM. */
  n_errors = 0;
  mem = gst_udmabuf_allocator_alloc_full (GST_UDMABUF_ALLOCATOR (allocator),
      (gsize) 1 << 40, NULL, &error);
  fail_unless (mem == NULL);
  assert_failure (error, MAIN_HEAP, ENOMEM, GST_RESOURCE_ERROR_NO_SPACE_LEFT);
  g_clear_error (&error);

  /* Zero bytes is a valid (empty) memory. */
  mem = gst_allocator_alloc (allocator, 0, NULL);
  fail_unless (mem != NULL);
  fail_unless_equals_int (gst_memory_get_sizes (mem, NULL, NULL), 0);
  gst_memory_unref (mem);

  gst_object_unref (allocator);
  assert_main_heap_empty ();
}

GST_END_TEST;

static Suite *
udmabuf_allocator_suite (void)
{
  Suite *s = suite_create ("udmabuf-allocator");
  TCase *tc = tcase_create ("allocator");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_alloc);
  tcase_add_test (tc, test_map_sync);
  tcase_add_test (tc, test_phys_addr);
  tcase_add_test (tc, test_copy_stays);
  tcase_add_test (tc, test_params);
  tcase_add_test (tc, test_registered);
  tcase_add_test (tc, test_subheap);
  tcase_add_test (tc, test_no_node);
  tcase_add_test (tc, test_absurd_sizes);
  return s;
}

GST_CHECK_MAIN (udmabuf_allocator);
