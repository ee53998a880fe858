/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * udmabufalloc, driven by GstHarness: properties, the allocation proposal
 * (pool, allocator as param 0, downstream's metas kept), passthrough of our
 * memory, copies of foreign memory (video, other data, padded strides,
 * metadata), gap buffers, the sub-allocating heap, and errors posted on the
 * bus.
 */
#include <string.h>

#include <gst/check/gstharness.h>
#include <gst/video/video.h>

#include "udmabuf-test.h"
#include "gstudmabufbufferpool.h"
#include "gstudmabufregister.h"

#define NV12_CAPS "video/x-raw,format=NV12,width=320,height=240,framerate=30/1"
#define NV12_SIZE (320 * 240 * 3 / 2)

static GstHarness *
new_harness (const gchar * first_property, ...)
{
  GstElement *element;
  va_list ap;

  fail_unless (gst_udmabuf_register_features (NULL));
  element = gst_element_factory_make ("udmabufalloc", NULL);
  fail_unless (element != NULL);
  va_start (ap, first_property);
  if (first_property)
    g_object_set_valist (G_OBJECT (element), first_property, ap);
  va_end (ap);
  return gst_harness_new_with_element (element, "sink", "src");
}

static guint64
counter (GstHarness * h, const gchar * name)
{
  guint64 value;

  g_object_get (h->element, name, &value, NULL);
  return value;
}

static gboolean
is_ours (GstBuffer * buf, const gchar * heap)
{
  guint i;

  for (i = 0; i < gst_buffer_n_memory (buf); i++) {
    GstMemory *mem = gst_buffer_peek_memory (buf, i);

    if (!gst_is_dmabuf_memory (mem) || !gst_is_udmabuf_memory (mem) ||
        strcmp (gst_udmabuf_allocator_get_heap (GST_UDMABUF_ALLOCATOR
                (mem->allocator)), heap))
      return FALSE;
  }
  return gst_buffer_n_memory (buf) > 0;
}

static guint
count_video_metas (GstBuffer * buf)
{
  gpointer state = NULL;
  guint n = 0;

  while (gst_buffer_iterate_meta_filtered (buf, &state,
          GST_VIDEO_META_API_TYPE))
    n++;
  return n;
}

static GstBuffer *
sysmem_buffer (gsize size, guint8 seed)
{
  GstBuffer *buf = gst_buffer_new_allocate (NULL, size, NULL);
  GstMapInfo map;
  gsize i;

  fail_unless (gst_buffer_map (buf, &map, GST_MAP_WRITE));
  for (i = 0; i < size; i++)
    map.data[i] = seed + i % 251;
  gst_buffer_unmap (buf, &map);
  return buf;
}

GST_START_TEST (test_properties)
{
  GstHarness *h = new_harness (NULL);
  GParamSpec *pspec;
  gboolean per_plane;
  guint min, max, align;
  gchar *heap, *device;

  g_object_get (h->element, "heap", &heap, "device", &device, "min-buffers",
      &min, "max-buffers", &max, "stride-align", &align, "memory-per-plane",
      &per_plane, NULL);
  fail_unless_equals_string (heap, MAIN_HEAP);
  fail_unless (device == NULL);
  fail_unless_equals_int (min, 2);
  fail_unless_equals_int (max, 0);
  fail_unless_equals_int (align, 0);
  fail_if (per_plane);
  g_free (heap);
  fail_unless_equals_uint64 (counter (h, "frames-passed"), 0);
  fail_unless_equals_uint64 (counter (h, "frames-copied"), 0);

  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (h->element),
      "frames-copied");
  fail_if (pspec->flags & G_PARAM_WRITABLE);
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (h->element),
      "frames-passed");
  fail_if (pspec->flags & G_PARAM_WRITABLE);

  g_object_set (h->element, "stride-align", 64, NULL);
  g_object_get (h->element, "stride-align", &align, NULL);
  fail_unless_equals_int (align, 64);
  /* not a power of two: the next one */
  g_object_set (h->element, "stride-align", 100, NULL);
  g_object_get (h->element, "stride-align", &align, NULL);
  fail_unless_equals_int (align, 128);
  gst_harness_teardown (h);
}

GST_END_TEST;

GST_START_TEST (test_proposal)
{
  GstHarness *h = new_harness ("min-buffers", 3, "max-buffers", 8, NULL);
  GstCaps *caps = gst_caps_from_string (NV12_CAPS);
  GstAllocationParams params;
  GstAllocator *allocator;
  GstBufferPool *pool;
  guint size, min, max;
  GstQuery *query;

  /* downstream can read these metas */
  gst_harness_add_propose_allocation_meta (h, GST_VIDEO_META_API_TYPE, NULL);
  gst_harness_add_propose_allocation_meta (h, GST_VIDEO_CROP_META_API_TYPE,
      NULL);
  gst_harness_set_src_caps (h, gst_caps_ref (caps));

  query = gst_query_new_allocation (caps, TRUE);
  fail_unless (gst_pad_peer_query (h->srcpad, query));

  fail_unless (gst_query_get_n_allocation_pools (query) >= 1);
  gst_query_parse_nth_allocation_pool (query, 0, &pool, &size, &min, &max);
  fail_unless (GST_IS_UDMABUF_BUFFER_POOL (pool));
  fail_unless_equals_int (size, NV12_SIZE);
  fail_unless_equals_int (min, 3);
  fail_unless_equals_int (max, 8);
  gst_object_unref (pool);

  fail_unless (gst_query_get_n_allocation_params (query) >= 1);
  gst_query_parse_nth_allocation_param (query, 0, &allocator, &params);
  fail_unless (GST_IS_UDMABUF_ALLOCATOR (allocator));
  fail_unless_equals_string (gst_udmabuf_allocator_get_heap
      (GST_UDMABUF_ALLOCATOR (allocator)), MAIN_HEAP);
  gst_object_unref (allocator);

  fail_unless (gst_query_find_allocation_meta (query, GST_VIDEO_META_API_TYPE,
          NULL));
  fail_unless (gst_query_find_allocation_meta (query,
          GST_VIDEO_CROP_META_API_TYPE, NULL));
  gst_query_unref (query);

  /* Data that is not video: the allocator alone. */
  gst_harness_set_src_caps_str (h, "application/octet-stream");
  query = gst_query_new_allocation (gst_pad_get_current_caps (h->srcpad),
      TRUE);
  gst_caps_unref (gst_pad_get_current_caps (h->srcpad));
  fail_unless (gst_pad_peer_query (h->srcpad, query));
  fail_unless_equals_int (gst_query_get_n_allocation_pools (query), 0);
  gst_query_parse_nth_allocation_param (query, 0, &allocator, NULL);
  fail_unless (GST_IS_UDMABUF_ALLOCATOR (allocator));
  gst_object_unref (allocator);
  gst_query_unref (query);

  gst_caps_unref (caps);
  gst_harness_teardown (h);
  assert_main_heap_empty ();
}

GST_END_TEST;

GST_START_TEST (test_passthrough)
{
  GstHarness *h = new_harness (NULL);
  GstBuffer *in, *out;
  GstMemory *mem;
  guint i;

  gst_harness_set_src_caps_str (h, NV12_CAPS);
  for (i = 0; i < 10; i++) {
    /* from the pool the element proposed */
    in = gst_harness_create_buffer (h, NV12_SIZE);
    fail_unless (is_ours (in, MAIN_HEAP));
    mem = gst_buffer_peek_memory (in, 0);
    fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);
    out = gst_harness_pull (h);
    fail_unless (out == in, "the buffer was not passed through");
    fail_unless (gst_buffer_peek_memory (out, 0) == mem);
    fail_unless_equals_int (count_video_metas (out), 1);
    gst_buffer_unref (out);
  }
  fail_unless_equals_uint64 (counter (h, "frames-passed"), 10);
  fail_unless_equals_uint64 (counter (h, "frames-copied"), 0);
  gst_harness_teardown (h);
  assert_main_heap_empty ();
}

GST_END_TEST;

GST_START_TEST (test_copy_video)
{
  GstHarness *h = new_harness (NULL);
  GstBuffer *in, *out;
  GstMapInfo a, b;
  guint i;

  gst_harness_set_src_caps_str (h, NV12_CAPS);
  for (i = 0; i < 5; i++) {
    /* upstream ignored the proposal: system memory */
    in = sysmem_buffer (NV12_SIZE, i);
    GST_BUFFER_PTS (in) = i * GST_SECOND;
    GST_BUFFER_DURATION (in) = GST_SECOND;
    GST_BUFFER_FLAG_SET (in, GST_BUFFER_FLAG_DISCONT);
    gst_buffer_add_video_crop_meta (in)->width = 100;
    fail_unless_equals_int (gst_harness_push (h, gst_buffer_ref (in)),
        GST_FLOW_OK);
    out = gst_harness_pull (h);
    fail_unless (out != in);
    fail_unless (is_ours (out, MAIN_HEAP));
    fail_unless_equals_int (gst_buffer_get_size (out), NV12_SIZE);
    fail_unless (gst_buffer_map (in, &a, GST_MAP_READ));
    fail_unless (gst_buffer_map (out, &b, GST_MAP_READ));
    fail_unless (memcmp (a.data, b.data, NV12_SIZE) == 0);
    gst_buffer_unmap (out, &b);
    gst_buffer_unmap (in, &a);
    /* metadata kept, one video meta: ours */
    fail_unless_equals_uint64 (GST_BUFFER_PTS (out), i * GST_SECOND);
    fail_unless_equals_uint64 (GST_BUFFER_DURATION (out), GST_SECOND);
    fail_unless (GST_BUFFER_FLAG_IS_SET (out, GST_BUFFER_FLAG_DISCONT));
    fail_unless (gst_buffer_get_video_crop_meta (out) != NULL);
    fail_unless_equals_int (gst_buffer_get_video_crop_meta (out)->width, 100);
    fail_unless_equals_int (count_video_metas (out), 1);
    gst_buffer_unref (out);
    gst_buffer_unref (in);
  }
  fail_unless_equals_uint64 (counter (h, "frames-copied"), 5);
  fail_unless_equals_uint64 (counter (h, "frames-passed"), 0);
  gst_harness_teardown (h);
  assert_main_heap_empty ();
}

GST_END_TEST;

GST_START_TEST (test_copy_padded_strides)
{
  GstHarness *h = new_harness (NULL);
  gsize offset[4] = { 0, 128 * 64 };
  gint stride[4] = { 128, 128 };
  GstBuffer *in, *out;
  GstMapInfo map;
  guint y;

  gst_harness_set_src_caps_str (h,
      "video/x-raw,format=NV12,width=64,height=64,framerate=30/1");
  in = sysmem_buffer (128 * 64 * 3 / 2, 0);
  gst_buffer_add_video_meta_full (in, GST_VIDEO_FRAME_FLAG_NONE,
      GST_VIDEO_FORMAT_NV12, 64, 64, 2, offset, stride);
  fail_unless_equals_int (gst_harness_push (h, gst_buffer_ref (in)),
      GST_FLOW_OK);
  out = gst_harness_pull (h);
  fail_unless (is_ours (out, MAIN_HEAP));
  fail_unless_equals_int (gst_buffer_get_video_meta (out)->stride[0], 64);
  fail_unless (gst_buffer_map (out, &map, GST_MAP_READ));
  for (y = 0; y < 64; y++)      /* luma row y came from in's row y */
    fail_unless_equals_int (map.data[y * 64], (guint8) (y * 128 % 251));
  gst_buffer_unmap (out, &map);
  gst_buffer_unref (out);
  gst_buffer_unref (in);
  gst_harness_teardown (h);
  assert_main_heap_empty ();
}

GST_END_TEST;

GST_START_TEST (test_copy_other_data)
{
  GstHarness *h = new_harness (NULL);
  GstBuffer *in, *out;
  GstMapInfo map;

  gst_harness_set_src_caps_str (h, "application/octet-stream");
  in = sysmem_buffer (1000, 3);
  fail_unless_equals_int (gst_harness_push (h, gst_buffer_ref (in)),
      GST_FLOW_OK);
  out = gst_harness_pull (h);
  fail_unless (is_ours (out, MAIN_HEAP));
  fail_unless_equals_int (gst_buffer_get_size (out), 1000);
  fail_unless (gst_buffer_map (in, &map, GST_MAP_READ));
  fail_unless (gst_buffer_memcmp (out, 0, map.data, 1000) == 0);
  gst_buffer_unmap (in, &map);
  gst_buffer_unref (out);
  gst_buffer_unref (in);
  fail_unless_equals_uint64 (counter (h, "frames-copied"), 1);
  gst_harness_teardown (h);
  assert_main_heap_empty ();
}

GST_END_TEST;

GST_START_TEST (test_subheap)
{
  GstHarness *h;
  GstAllocator *allocator;
  GstBuffer *in, *out;
  GstQuery *query;
  GstCaps *caps;
  gchar *node;

  SKIP_WITHOUT_SUBHEAP ();
  node = g_strdup_printf ("/dev/dma_heap/%s", subheap_name ());
  h = new_harness ("device", subheap_name (), NULL);
  caps = gst_caps_from_string (NV12_CAPS);
  gst_harness_set_src_caps (h, gst_caps_ref (caps));
  query = gst_query_new_allocation (caps, TRUE);
  fail_unless (gst_pad_peer_query (h->srcpad, query));
  gst_query_parse_nth_allocation_param (query, 0, &allocator, NULL);
  fail_unless_equals_string (gst_udmabuf_allocator_get_heap
      (GST_UDMABUF_ALLOCATOR (allocator)), node);
  gst_object_unref (allocator);
  gst_query_unref (query);

  /* from the sub-heap: passed */
  in = gst_harness_create_buffer (h, NV12_SIZE);
  fail_unless (is_ours (in, node));
  fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);
  gst_buffer_unref (gst_harness_pull (h));

  /* main-heap memory is not what this element was asked for: copied */
  allocator = gst_object_ref_sink (gst_udmabuf_allocator_new (NULL));
  in = gst_buffer_new ();
  gst_buffer_append_memory (in, gst_allocator_alloc (allocator, NV12_SIZE,
          NULL));
  fail_unless_equals_int (gst_harness_push (h, in), GST_FLOW_OK);
  out = gst_harness_pull (h);
  fail_unless (is_ours (out, node));
  gst_buffer_unref (out);
  gst_object_unref (allocator);

  fail_unless_equals_uint64 (counter (h, "frames-passed"), 1);
  fail_unless_equals_uint64 (counter (h, "frames-copied"), 1);
  gst_caps_unref (caps);
  gst_harness_teardown (h);
  assert_main_heap_empty ();
  g_free (node);
}

GST_END_TEST;

/* The first error on @bus names @node and errno @err. */
static void
assert_bus_error (GstBus * bus, const gchar * node, gint err, gint code)
{
  GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  gchar *errno_text = g_strdup_printf ("errno %d)", err), *debug;
  GError *error;

  fail_unless (msg != NULL, "no error message");
  gst_message_parse_error (msg, &error, &debug);
  g_print ("error message: %s (%s)\n", error->message, debug);
  fail_unless (error->domain == GST_RESOURCE_ERROR);
  fail_unless_equals_int (error->code, code);
  fail_unless (strstr (error->message, node) != NULL);
  fail_unless (strstr (error->message, errno_text) != NULL);
  g_error_free (error);
  g_free (debug);
  g_free (errno_text);
  gst_message_unref (msg);
}

GST_START_TEST (test_no_node)
{
  const gchar *node = "/dev/dma_heap/no-such-heap";
  GstElement *element;
  GstBus *bus = gst_bus_new ();

  fail_unless (gst_udmabuf_register_features (NULL));
  element = gst_element_factory_make ("udmabufalloc", NULL);
  g_object_set (element, "heap", node, NULL);
  gst_element_set_bus (element, bus);
  fail_unless_equals_int (gst_element_set_state (element, GST_STATE_PAUSED),
      GST_STATE_CHANGE_FAILURE);
  assert_bus_error (bus, node, ENOENT, GST_RESOURCE_ERROR_NOT_FOUND);
  gst_element_set_state (element, GST_STATE_NULL);

  /* the same for a device that has no heap */
  g_object_set (element, "device", "no-such-device", NULL);
  fail_unless_equals_int (gst_element_set_state (element, GST_STATE_PAUSED),
      GST_STATE_CHANGE_FAILURE);
  assert_bus_error (bus, "/dev/dma_heap/no-such-device", ENOENT,
      GST_RESOURCE_ERROR_NOT_FOUND);
  gst_element_set_state (element, GST_STATE_NULL);

  gst_element_set_bus (element, NULL);
  gst_object_unref (element);
  gst_object_unref (bus);
}

GST_END_TEST;

GST_START_TEST (test_exhausted)
{
  GstBus *bus = gst_bus_new ();
  GstHarness *h;
  gchar *node;

  SKIP_WITHOUT_SUBHEAP ();
  node = g_strdup_printf ("/dev/dma_heap/%s", subheap_name ());
  h = new_harness ("device", subheap_name (), "min-buffers", 0, NULL);
  gst_element_set_bus (h->element, bus);
  /* 1.2 MB frames do not fit a 1 MiB heap */
  gst_harness_set_src_caps_str (h,
      "video/x-raw,format=BGRx,width=640,height=480,framerate=30/1");
  fail_unless_equals_int (gst_harness_push (h, sysmem_buffer (640 * 480 * 4,
              0)), GST_FLOW_ERROR);
  assert_bus_error (bus, node, ENOMEM, GST_RESOURCE_ERROR_NO_SPACE_LEFT);
  gst_element_set_bus (h->element, NULL);
  gst_harness_teardown (h);
  gst_object_unref (bus);
  g_free (node);
  assert_main_heap_empty ();
}

GST_END_TEST;

GST_START_TEST (test_gap)
{
  GstHarness *h = new_harness (NULL);
  GstBuffer *gap = gst_buffer_new (), *out;

  gst_harness_set_src_caps_str (h, NV12_CAPS);
  GST_BUFFER_FLAG_SET (gap, GST_BUFFER_FLAG_GAP);
  fail_unless_equals_int (gst_harness_push (h, gap), GST_FLOW_OK);
  out = gst_harness_pull (h);
  fail_unless (out == gap, "a buffer without memory is passed on as it is");
  gst_buffer_unref (out);
  fail_unless_equals_uint64 (counter (h, "frames-passed"), 0);
  fail_unless_equals_uint64 (counter (h, "frames-copied"), 0);
  gst_harness_teardown (h);
}

GST_END_TEST;

static Suite *
udmabuf_element_suite (void)
{
  Suite *s = suite_create ("udmabufalloc");
  TCase *tc = tcase_create ("element");

  suite_add_tcase (s, tc);
  tcase_set_timeout (tc, 120);
  tcase_add_test (tc, test_properties);
  tcase_add_test (tc, test_proposal);
  tcase_add_test (tc, test_passthrough);
  tcase_add_test (tc, test_copy_video);
  tcase_add_test (tc, test_copy_padded_strides);
  tcase_add_test (tc, test_copy_other_data);
  tcase_add_test (tc, test_gap);
  tcase_add_test (tc, test_subheap);
  tcase_add_test (tc, test_no_node);
  tcase_add_test (tc, test_exhausted);
  return s;
}

GST_CHECK_MAIN (udmabuf_element);
