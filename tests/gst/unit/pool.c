/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * GstUdmabufBufferPool: configuration (allocator replacement, video meta,
 * alignment, stride alignment, memory per plane, non-video caps), min/max
 * buffers, and an exhausted heap.
 */
#include <string.h>

#include <gst/video/video.h>

#include "udmabuf-test.h"
#include "gstudmabufbufferpool.h"

static GstCaps *
video_caps (const gchar * format, gint width, gint height)
{
  return gst_caps_new_simple ("video/x-raw", "format", G_TYPE_STRING, format,
      "width", G_TYPE_INT, width, "height", G_TYPE_INT, height,
      "framerate", GST_TYPE_FRACTION, 30, 1, NULL);
}

/* A pool configured for @caps, with @option (or none). */
static GstBufferPool *
configured_pool (GstCaps * caps, guint min, guint max, guint stride_align,
    const gchar * option, const gchar * option2)
{
  GstBufferPool *pool = gst_udmabuf_buffer_pool_new (NULL);
  GstStructure *config = gst_buffer_pool_get_config (pool);
  GstVideoInfo info;

  fail_unless (gst_video_info_from_caps (&info, caps));
  gst_buffer_pool_config_set_params (config, caps, info.size, min, max);
  gst_udmabuf_buffer_pool_config_set_stride_align (config, stride_align);
  if (option)
    gst_buffer_pool_config_add_option (config, option);
  if (option2)
    gst_buffer_pool_config_add_option (config, option2);
  fail_unless (gst_buffer_pool_set_config (pool, config));
  return pool;
}

static void
assert_udmabuf_buffer (GstBuffer * buf, guint n_memory)
{
  guint i;

  fail_unless_equals_int (gst_buffer_n_memory (buf), n_memory);
  for (i = 0; i < n_memory; i++) {
    GstMemory *mem = gst_buffer_peek_memory (buf, i);

    fail_unless (gst_is_dmabuf_memory (mem));
    fail_unless (gst_is_udmabuf_memory (mem));
  }
}

/* Fills and checks every pixel through the video meta. */
static void
assert_frame_roundtrip (GstBuffer * buf, GstCaps * caps)
{
  GstVideoFrame frame;
  GstVideoInfo info;
  guint p, y, x, bad = 0;
  guint8 *row;

  fail_unless (gst_video_info_from_caps (&info, caps));
  fail_unless (gst_video_frame_map (&frame, &info, buf, GST_MAP_WRITE));
  for (p = 0; p < GST_VIDEO_FRAME_N_PLANES (&frame); p++)
    for (y = 0; y < (guint) GST_VIDEO_FRAME_COMP_HEIGHT (&frame, p); y++) {
      row = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, p) +
          y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, p);
      memset (row, p * 16 + y % 16, GST_VIDEO_FRAME_COMP_WIDTH (&frame, p));
    }
  gst_video_frame_unmap (&frame);
  fail_unless (gst_video_frame_map (&frame, &info, buf, GST_MAP_READ));
  for (p = 0; p < GST_VIDEO_FRAME_N_PLANES (&frame); p++)
    for (y = 0; y < (guint) GST_VIDEO_FRAME_COMP_HEIGHT (&frame, p); y++) {
      row = (guint8 *) GST_VIDEO_FRAME_PLANE_DATA (&frame, p) +
          y * GST_VIDEO_FRAME_PLANE_STRIDE (&frame, p);
      for (x = 0; x < (guint) GST_VIDEO_FRAME_COMP_WIDTH (&frame, p); x++)
        if (row[x] != p * 16 + y % 16)
          bad++;
    }
  gst_video_frame_unmap (&frame);
  /* (one check: each fail_unless is a message to the check runner) */
  fail_unless_equals_int (bad, 0);
}

GST_START_TEST (test_video_pool)
{
  GstCaps *caps = video_caps ("NV12", 1280, 720);
  GstBufferPool *pool = configured_pool (caps, 2, 4, 0, NULL, NULL);
  GstBufferPoolAcquireParams dontwait = {.flags =
        GST_BUFFER_POOL_ACQUIRE_FLAG_DONTWAIT };
  GstBuffer *buf[4], *more = NULL;
  GstVideoMeta *meta;
  guint i;

  fail_unless_equals_int64 (sysfs_read (MAIN_SYSFS, "buffers_in_use"), 0);
  fail_unless (gst_buffer_pool_set_active (pool, TRUE));
  /* min-buffers are allocated up front */
  fail_unless_equals_int64 (sysfs_read (MAIN_SYSFS, "buffers_in_use"), 2);

  for (i = 0; i < 4; i++) {
    fail_unless_equals_int (gst_buffer_pool_acquire_buffer (pool, &buf[i],
            NULL), GST_FLOW_OK);
    assert_udmabuf_buffer (buf[i], 1);
    fail_unless_equals_int (gst_buffer_get_size (buf[i]), 1280 * 720 * 3 / 2);
    meta = gst_buffer_get_video_meta (buf[i]);
    fail_unless (meta != NULL);
    fail_unless_equals_int (meta->format, GST_VIDEO_FORMAT_NV12);
    fail_unless_equals_int (meta->n_planes, 2);
    fail_unless_equals_int (meta->stride[0], 1280);
    fail_unless_equals_int (meta->offset[1], 1280 * 720);
  }
  assert_frame_roundtrip (buf[0], caps);
  /* max-buffers reached */
  fail_unless_equals_int (gst_buffer_pool_acquire_buffer (pool, &more,
          &dontwait), GST_FLOW_EOS);
  fail_unless_equals_int64 (sysfs_read (MAIN_SYSFS, "buffers_in_use"), 4);

  for (i = 0; i < 4; i++)
    gst_buffer_unref (buf[i]);
  fail_unless (gst_buffer_pool_set_active (pool, FALSE));
  gst_object_unref (pool);
  gst_caps_unref (caps);
  assert_main_heap_empty ();
}

GST_END_TEST;

GST_START_TEST (test_foreign_allocator)
{
  GstCaps *caps = video_caps ("BGRx", 640, 480);
  GstBufferPool *pool = gst_udmabuf_buffer_pool_new (NULL);
  GstAllocator *sysmem = gst_allocator_find (NULL), *allocator;
  GstAllocationParams params = { 0, };
  GstStructure *config;
  GstBuffer *buf;

  /* The upstream idiom: the pool swaps the allocator and says no ... */
  config = gst_buffer_pool_get_config (pool);
  gst_buffer_pool_config_set_params (config, caps, 640 * 480 * 4, 3, 0);
  gst_buffer_pool_config_set_allocator (config, sysmem, NULL);
  fail_if (gst_buffer_pool_set_config (pool, config));

  /* ... the caller re-reads it, finds it acceptable, sets it again. */
  config = gst_buffer_pool_get_config (pool);
  fail_unless (gst_buffer_pool_config_get_allocator (config, &allocator,
          NULL));
  fail_unless (GST_IS_UDMABUF_ALLOCATOR (allocator));
  fail_unless (gst_buffer_pool_config_validate_params (config, caps,
          640 * 480 * 4, 3, 0));
  fail_unless (gst_buffer_pool_set_config (pool, config));

  fail_unless (gst_buffer_pool_set_active (pool, TRUE));
  fail_unless_equals_int (gst_buffer_pool_acquire_buffer (pool, &buf, NULL),
      GST_FLOW_OK);
  assert_udmabuf_buffer (buf, 1);
  gst_buffer_unref (buf);
  gst_buffer_pool_set_active (pool, FALSE);

  /* No allocator at all: the pool's own, accepted at once. */
  config = gst_buffer_pool_get_config (pool);
  gst_buffer_pool_config_set_allocator (config, NULL, &params);
  fail_unless (gst_buffer_pool_set_config (pool, config));
  config = gst_buffer_pool_get_config (pool);
  fail_unless (gst_buffer_pool_config_get_allocator (config, &allocator,
          NULL));
  fail_unless (GST_IS_UDMABUF_ALLOCATOR (allocator));
  gst_structure_free (config);

  gst_object_unref (sysmem);
  gst_object_unref (pool);
  gst_caps_unref (caps);
  assert_main_heap_empty ();
}

GST_END_TEST;

GST_START_TEST (test_options)
{
  GstBufferPool *pool = gst_udmabuf_buffer_pool_new (NULL);

  fail_unless (gst_buffer_pool_has_option (pool,
          GST_BUFFER_POOL_OPTION_VIDEO_META));
  fail_unless (gst_buffer_pool_has_option (pool,
          GST_BUFFER_POOL_OPTION_VIDEO_ALIGNMENT));
  fail_unless (gst_buffer_pool_has_option (pool,
          GST_BUFFER_POOL_OPTION_UDMABUF_MEMORY_PER_PLANE));
  gst_object_unref (pool);
}

GST_END_TEST;

GST_START_TEST (test_stride_align)
{
  GstCaps *caps = video_caps ("NV12", 1000, 100);
  GstBufferPool *pool;
  GstStructure *config;
  GstVideoMeta *meta;
  GstBuffer *buf;
  guint size;

  /* With the video meta, strides are aligned and the buffer grows. */
  pool = configured_pool (caps, 1, 0, 256, GST_BUFFER_POOL_OPTION_VIDEO_META,
      NULL);
  config = gst_buffer_pool_get_config (pool);
  fail_unless_equals_int (gst_udmabuf_buffer_pool_config_get_stride_align
      (config), 256);
  gst_buffer_pool_config_get_params (config, NULL, &size, NULL, NULL);
  fail_unless_equals_int (size, 1024 * 100 * 3 / 2);
  gst_structure_free (config);
  fail_unless (gst_buffer_pool_set_active (pool, TRUE));
  fail_unless_equals_int (gst_buffer_pool_acquire_buffer (pool, &buf, NULL),
      GST_FLOW_OK);
  meta = gst_buffer_get_video_meta (buf);
  fail_unless_equals_int (meta->width, 1000);
  fail_unless_equals_int (meta->stride[0], 1024);
  fail_unless_equals_int (meta->stride[1], 1024);
  fail_unless_equals_int (meta->offset[1], 1024 * 100);
  assert_frame_roundtrip (buf, caps);
  gst_buffer_unref (buf);
  gst_buffer_pool_set_active (pool, FALSE);
  gst_object_unref (pool);

  /* Without it nobody could read the padding: default layout. */
  pool = configured_pool (caps, 1, 0, 256, NULL, NULL);
  fail_unless (gst_buffer_pool_set_active (pool, TRUE));
  fail_unless_equals_int (gst_buffer_pool_acquire_buffer (pool, &buf, NULL),
      GST_FLOW_OK);
  fail_unless_equals_int (gst_buffer_get_video_meta (buf)->stride[0], 1000);
  fail_unless_equals_int (gst_buffer_get_size (buf), 1000 * 100 * 3 / 2);
  gst_buffer_unref (buf);
  gst_buffer_pool_set_active (pool, FALSE);
  gst_object_unref (pool);

  gst_caps_unref (caps);
  assert_main_heap_empty ();
}

GST_END_TEST;

GST_START_TEST (test_video_alignment)
{
  GstCaps *caps = video_caps ("I420", 320, 240);
  GstBufferPool *pool = gst_udmabuf_buffer_pool_new (NULL);
  GstStructure *config = gst_buffer_pool_get_config (pool);
  GstVideoAlignment align;
  GstVideoMeta *meta;
  GstBuffer *buf;

  gst_video_alignment_reset (&align);
  align.padding_bottom = 16;
  align.padding_right = 32;
  gst_buffer_pool_config_set_params (config, caps, 320 * 240 * 3 / 2, 0, 0);
  gst_buffer_pool_config_add_option (config, GST_BUFFER_POOL_OPTION_VIDEO_META);
  gst_buffer_pool_config_add_option (config,
      GST_BUFFER_POOL_OPTION_VIDEO_ALIGNMENT);
  gst_buffer_pool_config_set_video_alignment (config, &align);
  fail_unless (gst_buffer_pool_set_config (pool, config));
  fail_unless (gst_buffer_pool_set_active (pool, TRUE));
  fail_unless_equals_int (gst_buffer_pool_acquire_buffer (pool, &buf, NULL),
      GST_FLOW_OK);
  meta = gst_buffer_get_video_meta (buf);
  fail_unless_equals_int (meta->stride[0], 352);
  fail_unless_equals_int (meta->offset[1], 352 * 256);
  fail_unless_equals_int (meta->alignment.padding_bottom, 16);
  assert_frame_roundtrip (buf, caps);
  gst_buffer_unref (buf);
  gst_buffer_pool_set_active (pool, FALSE);
  gst_object_unref (pool);
  gst_caps_unref (caps);
  assert_main_heap_empty ();
}

GST_END_TEST;

GST_START_TEST (test_memory_per_plane)
{
  const gchar *formats[] = { "NV12", "I420" };
  const guint planes[] = { 2, 3 };
  GstBufferPool *pool;
  GstVideoMeta *meta;
  GstBuffer *buf;
  GstCaps *caps;
  guint f, p;
  gsize offset;

  for (f = 0; f < G_N_ELEMENTS (formats); f++) {
    caps = video_caps (formats[f], 640, 480);
    pool = configured_pool (caps, 1, 0, 0,
        GST_BUFFER_POOL_OPTION_UDMABUF_MEMORY_PER_PLANE,
        GST_BUFFER_POOL_OPTION_VIDEO_META);
    fail_unless (gst_buffer_pool_set_active (pool, TRUE));
    fail_unless_equals_int (gst_buffer_pool_acquire_buffer (pool, &buf, NULL),
        GST_FLOW_OK);
    assert_udmabuf_buffer (buf, planes[f]);
    fail_unless_equals_int64 (sysfs_read (MAIN_SYSFS, "buffers_in_use"),
        planes[f]);
    fail_unless_equals_int (gst_buffer_get_size (buf), 640 * 480 * 3 / 2);
    meta = gst_buffer_get_video_meta (buf);
    offset = 0;
    for (p = 0; p < planes[f]; p++) {
      /* plane p is the start of memory p */
      fail_unless_equals_int (meta->offset[p], offset);
      offset += gst_memory_get_sizes (gst_buffer_peek_memory (buf, p), NULL,
          NULL);
      fail_unless (gst_dmabuf_memory_get_fd (gst_buffer_peek_memory (buf,
                  p)) != gst_dmabuf_memory_get_fd (gst_buffer_peek_memory (buf,
                  0)) || p == 0);
    }
    assert_frame_roundtrip (buf, caps);
    gst_buffer_unref (buf);
    gst_buffer_pool_set_active (pool, FALSE);
    gst_object_unref (pool);
    gst_caps_unref (caps);
  }
  assert_main_heap_empty ();
}

GST_END_TEST;

GST_START_TEST (test_not_video)
{
  GstCaps *caps = gst_caps_new_empty_simple ("application/octet-stream");
  GstBufferPool *pool = gst_udmabuf_buffer_pool_new (NULL);
  GstStructure *config = gst_buffer_pool_get_config (pool);
  GstBuffer *buf;

  gst_buffer_pool_config_set_params (config, caps, 12345, 0, 0);
  fail_unless (gst_buffer_pool_set_config (pool, config));
  fail_unless (gst_buffer_pool_set_active (pool, TRUE));
  fail_unless_equals_int (gst_buffer_pool_acquire_buffer (pool, &buf, NULL),
      GST_FLOW_OK);
  assert_udmabuf_buffer (buf, 1);
  fail_unless_equals_int (gst_buffer_get_size (buf), 12345);
  fail_unless (gst_buffer_get_video_meta (buf) == NULL);
  gst_buffer_unref (buf);
  gst_buffer_pool_set_active (pool, FALSE);
  gst_object_unref (pool);
  gst_caps_unref (caps);
  assert_main_heap_empty ();
}

GST_END_TEST;

static guint n_errors;

static void
on_allocation_error (GstAllocator * allocator, GError * error, gpointer data)
{
  g_print ("reported: %s\n", error->message);
  fail_unless (strstr (error->message, subheap_name ()) != NULL);
  fail_unless (strstr (error->message, "errno 12)") != NULL);
  n_errors++;
}

GST_START_TEST (test_subheap_exhausted)
{
  GstAllocator *allocator;
  GstCaps *caps;
  GstBufferPool *pool;
  GstStructure *config;
  GstBuffer *buf[3];
  gchar *sysfs;
  guint i;

  SKIP_WITHOUT_SUBHEAP ();
  caps = video_caps ("BGRx", 320, 240);        /* 300 KiB frames */
  sysfs = subheap_sysfs ();
  allocator = gst_object_ref_sink (gst_udmabuf_allocator_new_for_device
      (subheap_name ()));
  g_signal_connect (allocator, "allocation-error",
      G_CALLBACK (on_allocation_error), NULL);

  /* 4 frames do not fit 1 MiB: activation fails, nothing is left behind */
  pool = gst_udmabuf_buffer_pool_new (allocator);
  config = gst_buffer_pool_get_config (pool);
  gst_buffer_pool_config_set_params (config, caps, 320 * 240 * 4, 4, 0);
  fail_unless (gst_buffer_pool_set_config (pool, config));
  fail_if (gst_buffer_pool_set_active (pool, TRUE));
  fail_unless_equals_int (n_errors, 1);
  fail_unless_equals_int64 (sysfs_read (sysfs, "buffers_in_use"), 0);
  gst_object_unref (pool);

  /* 3 fit; a fourth acquire fails with an error, not a crash */
  pool = gst_udmabuf_buffer_pool_new (allocator);
  config = gst_buffer_pool_get_config (pool);
  gst_buffer_pool_config_set_params (config, caps, 320 * 240 * 4, 0, 0);
  fail_unless (gst_buffer_pool_set_config (pool, config));
  fail_unless (gst_buffer_pool_set_active (pool, TRUE));
  for (i = 0; i < 3; i++) {
    fail_unless_equals_int (gst_buffer_pool_acquire_buffer (pool, &buf[i],
            NULL), GST_FLOW_OK);
    assert_udmabuf_buffer (buf[i], 1);
  }
  fail_unless_equals_int64 (sysfs_read (sysfs, "buffers_in_use"), 3);
  {
    GstBuffer *more = NULL;

    fail_unless_equals_int (gst_buffer_pool_acquire_buffer (pool, &more, NULL),
        GST_FLOW_ERROR);
    fail_unless (more == NULL);
  }
  fail_unless_equals_int (n_errors, 2);
  for (i = 0; i < 3; i++)
    gst_buffer_unref (buf[i]);
  gst_buffer_pool_set_active (pool, FALSE);
  gst_object_unref (pool);
  fail_unless_equals_int64 (sysfs_read (sysfs, "buffers_in_use"), 0);
  fail_unless_equals_int64 (sysfs_read (sysfs, "free_bytes"), 1 << 20);
  assert_main_heap_empty ();

  gst_object_unref (allocator);
  gst_caps_unref (caps);
  g_free (sysfs);
}

GST_END_TEST;

static Suite *
udmabuf_pool_suite (void)
{
  Suite *s = suite_create ("udmabuf-pool");
  TCase *tc = tcase_create ("pool");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_video_pool);
  tcase_add_test (tc, test_foreign_allocator);
  tcase_add_test (tc, test_options);
  tcase_add_test (tc, test_stride_align);
  tcase_add_test (tc, test_video_alignment);
  tcase_add_test (tc, test_memory_per_plane);
  tcase_add_test (tc, test_not_video);
  tcase_add_test (tc, test_subheap_exhausted);
  return s;
}

GST_CHECK_MAIN (udmabuf_pool);
