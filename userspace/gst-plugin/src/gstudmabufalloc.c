/* SPDX-License-Identifier: LGPL-2.1-or-later */
/**
 * SECTION:element-udmabufalloc
 * @title: udmabufalloc
 * @short_description: makes upstream produce frames in u-dma-buf memory
 *
 * A passthrough element that answers ALLOCATION queries with a
 * #GstUdmabufBufferPool and a #GstUdmabufAllocator (also as allocation
 * parameter 0, which v4l2src's dmabuf-import mode takes), keeping the metas
 * downstream supports. Upstream elements that take the proposal (sources,
 * converters, decoders, v4l2src io-mode=dmabuf-import) then write straight
 * into physically contiguous dma-buf memory, which the element passes on
 * untouched: to kmssink or v4l2sink io-mode=dmabuf-import, which import it
 * without a copy, or to an application that programs an FPGA's DMA engine
 * with gst_phys_memory_get_phys_addr().
 *
 * When upstream ignored the proposal, each buffer is copied into the
 * element's own pool. #GstUdmabufAlloc:frames-passed and
 * #GstUdmabufAlloc:frames-copied count both cases.
 *
 * ## Example launch lines
 * |[
 * gst-launch-1.0 videotestsrc ! video/x-raw,format=NV12,width=1280,height=720 ! udmabufalloc ! fakesink
 * gst-launch-1.0 v4l2src io-mode=dmabuf-import ! udmabufalloc ! kmssink
 * gst-launch-1.0 videotestsrc ! udmabufalloc device=udmabuf0 ! v4l2sink io-mode=dmabuf-import
 * ]|
 */
#include "gstudmabufalloc.h"
#include "gstudmabufcopy.h"

#include <unistd.h>

#include <gst/udmabuf/udmabuf.h>
#include <gst/udmabuf/gstudmabufheap.h>
#include <gst/video/video.h>

GST_DEBUG_CATEGORY_STATIC (gst_udmabuf_alloc_debug);
#define GST_CAT_DEFAULT gst_udmabuf_alloc_debug

#define DEFAULT_MIN_BUFFERS 2
#define DEFAULT_MAX_BUFFERS 0
#define DEFAULT_STRIDE_ALIGN 0

struct _GstUdmabufAlloc
{
  GstBaseTransform parent;

  /* properties, under the object lock */
  gchar *heap;
  gchar *device;
  guint min_buffers;
  guint max_buffers;
  guint stride_align;
  gboolean memory_per_plane;
  guint64 frames_passed;
  guint64 frames_copied;

  /* from start to stop */
  GstAllocator *allocator;
  gchar *allocator_heap;        /* its node */

  /* from the negotiation, in the streaming thread */
  gboolean is_video;
  GstVideoInfo info;
  guint downstream_min;
  gboolean downstream_video_meta;
  GstBufferPool *copy_pool;
};

enum
{
  PROP_0,
  PROP_HEAP,
  PROP_DEVICE,
  PROP_MIN_BUFFERS,
  PROP_MAX_BUFFERS,
  PROP_STRIDE_ALIGN,
  PROP_MEMORY_PER_PLANE,
  PROP_FRAMES_PASSED,
  PROP_FRAMES_COPIED,
};

static GstStaticPadTemplate sink_template = GST_STATIC_PAD_TEMPLATE ("sink",
    GST_PAD_SINK, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);
static GstStaticPadTemplate src_template = GST_STATIC_PAD_TEMPLATE ("src",
    GST_PAD_SRC, GST_PAD_ALWAYS, GST_STATIC_CAPS_ANY);

G_DEFINE_TYPE_WITH_CODE (GstUdmabufAlloc, gst_udmabuf_alloc,
    GST_TYPE_BASE_TRANSFORM,
    GST_DEBUG_CATEGORY_INIT (gst_udmabuf_alloc_debug, "udmabufalloc", 0,
        "u-dma-buf allocation element"));

/* The allocator's failures (no node, exhausted heap) become error messages,
 * whichever thread allocates. */
static void
gst_udmabuf_alloc_on_allocation_error (GstAllocator * allocator,
    GError * error, GstUdmabufAlloc * self)
{
  gst_element_message_full (GST_ELEMENT (self), GST_MESSAGE_ERROR,
      error->domain, error->code, g_strdup (error->message),
      g_strdup_printf ("allocator %s", GST_OBJECT_NAME (allocator)),
      __FILE__, GST_FUNCTION, __LINE__);
}

/* The heap node of a u-dma-buf allocator's memory (g_free() it). */
static gchar *
gst_udmabuf_alloc_heap_of (GstAllocator * allocator)
{
  gchar *heap = NULL;

  g_object_get (allocator, "heap", &heap, NULL);
  return heap;
}

static gboolean
gst_udmabuf_alloc_start (GstBaseTransform * trans)
{
  GstUdmabufAlloc *self = GST_UDMABUF_ALLOC (trans);
  GstAllocator *allocator;
  GError *err = NULL;
  gint fd;

  GST_OBJECT_LOCK (self);
  if (self->device && *self->device)
    allocator = gst_udmabuf_allocator_new_for_device (self->device);
  else
    allocator = gst_udmabuf_allocator_new (self->heap);
  self->frames_passed = self->frames_copied = 0;
  GST_OBJECT_UNLOCK (self);

  self->allocator = gst_object_ref_sink (allocator);
  g_signal_connect_object (allocator, "allocation-error",
      G_CALLBACK (gst_udmabuf_alloc_on_allocation_error), self, 0);
  self->allocator_heap = gst_udmabuf_alloc_heap_of (allocator);
  GST_INFO_OBJECT (self, "allocating from %s", self->allocator_heap);

  /* A missing node is an error now, not at the first frame (the allocator
   * opens it at its first allocation). */
  fd = gst_udmabuf_heap_open (self->allocator_heap, &err);
  if (fd < 0) {
    gst_udmabuf_alloc_on_allocation_error (allocator, err, self);
    g_error_free (err);
    return FALSE;
  }
  close (fd);
  return TRUE;
}

static void
gst_udmabuf_alloc_drop_copy_pool (GstUdmabufAlloc * self)
{
  if (!self->copy_pool)
    return;
  gst_buffer_pool_set_active (self->copy_pool, FALSE);
  gst_clear_object (&self->copy_pool);
}

static gboolean
gst_udmabuf_alloc_stop (GstBaseTransform * trans)
{
  GstUdmabufAlloc *self = GST_UDMABUF_ALLOC (trans);

  gst_udmabuf_alloc_drop_copy_pool (self);
  if (self->allocator) {
    g_signal_handlers_disconnect_by_data (self->allocator, self);
    gst_clear_object (&self->allocator);
  }
  g_clear_pointer (&self->allocator_heap, g_free);
  return TRUE;
}

static gboolean
gst_udmabuf_alloc_set_caps (GstBaseTransform * trans, GstCaps * incaps,
    GstCaps * outcaps)
{
  GstUdmabufAlloc *self = GST_UDMABUF_ALLOC (trans);

  self->is_video = gst_video_info_from_caps (&self->info, incaps);
  gst_udmabuf_alloc_drop_copy_pool (self);
  return TRUE;
}

/* A configured pool of ours for @caps; NULL when it cannot be configured. */
static GstBufferPool *
gst_udmabuf_alloc_new_pool (GstUdmabufAlloc * self, GstCaps * caps,
    guint size, guint min, guint max, gboolean video_meta)
{
  GstBufferPool *pool = gst_udmabuf_buffer_pool_new (self->allocator);
  GstStructure *config = gst_buffer_pool_get_config (pool);

  gst_buffer_pool_config_set_params (config, caps, size, min, max);
  gst_buffer_pool_config_set_allocator (config, self->allocator, NULL);
  GST_OBJECT_LOCK (self);
  gst_udmabuf_buffer_pool_config_set_stride_align (config, self->stride_align);
  if (self->memory_per_plane)
    gst_buffer_pool_config_add_option (config,
        GST_BUFFER_POOL_OPTION_UDMABUF_MEMORY_PER_PLANE);
  GST_OBJECT_UNLOCK (self);
  if (video_meta)
    gst_buffer_pool_config_add_option (config,
        GST_BUFFER_POOL_OPTION_VIDEO_META);
  if (!gst_buffer_pool_set_config (pool, config)) {
    GST_WARNING_OBJECT (self, "cannot configure a pool for %" GST_PTR_FORMAT,
        caps);
    gst_object_unref (pool);
    return NULL;
  }
  return pool;
}

static void
gst_udmabuf_alloc_buffer_counts (GstUdmabufAlloc * self, guint * min,
    guint * max)
{
  GST_OBJECT_LOCK (self);
  *min = MAX (self->min_buffers, self->downstream_min);
  *max = self->max_buffers;
  GST_OBJECT_UNLOCK (self);
  if (*max && *max < *min)
    *max = *min;
}

static gboolean
gst_udmabuf_alloc_propose_allocation (GstBaseTransform * trans,
    GstQuery * decide_query, GstQuery * query)
{
  GstUdmabufAlloc *self = GST_UDMABUF_ALLOC (trans);
  GstAllocationParams params;
  GstBufferPool *pool;
  const GstStructure *meta_params;
  guint i, min, max;
  GstVideoInfo info;
  GstCaps *caps;
  GType api;

  gst_query_parse_allocation (query, &caps, NULL);
  if (!caps || !self->allocator)
    return FALSE;

  /* Buffers pass untouched: whatever downstream can read, upstream may
   * attach. */
  for (i = 0; decide_query && i < gst_query_get_n_allocation_metas
      (decide_query); i++) {
    api = gst_query_parse_nth_allocation_meta (decide_query, i, &meta_params);
    if (!gst_query_find_allocation_meta (query, api, NULL))
      gst_query_add_allocation_meta (query, api, meta_params);
  }

  gst_allocation_params_init (&params);
  if (gst_query_get_n_allocation_params (query) > 0)
    gst_query_set_nth_allocation_param (query, 0, self->allocator, &params);
  else
    gst_query_add_allocation_param (query, self->allocator, &params);

  if (!gst_video_info_from_caps (&info, caps)) {
    GST_DEBUG_OBJECT (self, "not video: proposing the allocator only");
    return TRUE;
  }
  gst_udmabuf_alloc_buffer_counts (self, &min, &max);
  pool = gst_udmabuf_alloc_new_pool (self, caps, info.size, min, max, FALSE);
  if (!pool)
    return FALSE;
  if (gst_query_get_n_allocation_pools (query) > 0)
    gst_query_set_nth_allocation_pool (query, 0, pool, info.size, min, max);
  else
    gst_query_add_allocation_pool (query, pool, info.size, min, max);
  gst_object_unref (pool);

  GST_DEBUG_OBJECT (self, "proposed %" GST_PTR_FORMAT, query);
  return TRUE;
}

/* Our output is our memory: downstream's pools and allocators are not
 * used, only what they tell about downstream. */
static gboolean
gst_udmabuf_alloc_decide_allocation (GstBaseTransform * trans,
    GstQuery * query)
{
  GstUdmabufAlloc *self = GST_UDMABUF_ALLOC (trans);
  guint i, min;

  self->downstream_min = 0;
  for (i = 0; i < gst_query_get_n_allocation_pools (query); i++) {
    gst_query_parse_nth_allocation_pool (query, i, NULL, NULL, &min, NULL);
    self->downstream_min = MAX (self->downstream_min, min);
  }
  self->downstream_video_meta = gst_query_find_allocation_meta (query,
      GST_VIDEO_META_API_TYPE, NULL);
  while (gst_query_get_n_allocation_pools (query) > 0)
    gst_query_remove_nth_allocation_pool (query, 0);
  while (gst_query_get_n_allocation_params (query) > 0)
    gst_query_remove_nth_allocation_param (query, 0);
  return TRUE;
}

/* Every memory of @buffer is u-dma-buf memory of our heap (from any
 * allocator of that node). */
static gboolean
gst_udmabuf_alloc_is_ours (GstUdmabufAlloc * self, GstBuffer * buffer)
{
  guint i, n = gst_buffer_n_memory (buffer);
  gboolean same;
  GstMemory *mem;
  gchar *heap;

  for (i = 0; i < n; i++) {
    mem = gst_buffer_peek_memory (buffer, i);
    if (!gst_is_udmabuf_memory (mem))
      return FALSE;
    if (mem->allocator == self->allocator)
      continue;
    heap = gst_udmabuf_alloc_heap_of (mem->allocator);
    same = g_strcmp0 (heap, self->allocator_heap) == 0;
    g_free (heap);
    if (!same)
      return FALSE;
  }
  return n > 0;
}

static GstFlowReturn
gst_udmabuf_alloc_acquire (GstUdmabufAlloc * self, GstBuffer * inbuf,
    GstBuffer ** outbuf)
{
  GstCaps *caps;
  guint min, max;
  GstMemory *mem;

  if (!self->is_video) {
    mem = gst_allocator_alloc (self->allocator, gst_buffer_get_size (inbuf),
        NULL);
    if (!mem)
      return GST_FLOW_ERROR;
    *outbuf = gst_buffer_new ();
    gst_buffer_append_memory (*outbuf, mem);
    return GST_FLOW_OK;
  }

  if (!self->copy_pool) {
    caps = gst_pad_get_current_caps (GST_BASE_TRANSFORM_SRC_PAD (self));
    if (!caps)
      return GST_FLOW_NOT_NEGOTIATED;
    gst_udmabuf_alloc_buffer_counts (self, &min, &max);
    self->copy_pool = gst_udmabuf_alloc_new_pool (self, caps, self->info.size,
        min, max, self->downstream_video_meta);
    gst_caps_unref (caps);
    if (!self->copy_pool)
      return GST_FLOW_ERROR;
    if (!gst_buffer_pool_set_active (self->copy_pool, TRUE)) {
      gst_clear_object (&self->copy_pool);
      return GST_FLOW_ERROR;
    }
  }
  return gst_buffer_pool_acquire_buffer (self->copy_pool, outbuf, NULL);
}

static GstFlowReturn
gst_udmabuf_alloc_prepare_output_buffer (GstBaseTransform * trans,
    GstBuffer * inbuf, GstBuffer ** outbuf)
{
  GstUdmabufAlloc *self = GST_UDMABUF_ALLOC (trans);
  GstFlowReturn ret;

  /* Ours already, or no data at all (a gap): passed on as it is. */
  if (gst_buffer_n_memory (inbuf) == 0 || gst_udmabuf_alloc_is_ours (self,
          inbuf)) {
    *outbuf = inbuf;
    return GST_FLOW_OK;
  }

  ret = gst_udmabuf_alloc_acquire (self, inbuf, outbuf);
  if (ret != GST_FLOW_OK) {
    GST_DEBUG_OBJECT (self, "no output buffer: %s", gst_flow_get_name (ret));
    return ret;
  }
  if (!GST_BASE_TRANSFORM_GET_CLASS (trans)->copy_metadata (trans, inbuf,
          *outbuf)) {
    gst_buffer_unref (*outbuf);
    *outbuf = NULL;
    return GST_FLOW_ERROR;
  }
  return GST_FLOW_OK;
}

/* Every meta describes the frame, which a copy keeps, but GstVideoMeta,
 * which describes a layout: the output has its own. */
static gboolean
gst_udmabuf_alloc_transform_meta (GstBaseTransform * trans,
    GstBuffer * outbuf, GstMeta * meta, GstBuffer * inbuf)
{
  return meta->info->api != GST_VIDEO_META_API_TYPE;
}

static GstFlowReturn
gst_udmabuf_alloc_transform (GstBaseTransform * trans, GstBuffer * inbuf,
    GstBuffer * outbuf)
{
  GstUdmabufAlloc *self = GST_UDMABUF_ALLOC (trans);

  if (outbuf == inbuf) {
    GST_OBJECT_LOCK (self);
    if (gst_buffer_n_memory (inbuf) > 0)
      self->frames_passed++;
    GST_OBJECT_UNLOCK (self);
    return GST_FLOW_OK;
  }

  if (!gst_udmabuf_copy_frame (self->is_video ? &self->info : NULL, inbuf,
          outbuf)) {
    GST_ELEMENT_ERROR (self, STREAM, FAILED, ("Cannot copy a frame into "
            "u-dma-buf memory"), ("from %" GST_PTR_FORMAT, inbuf));
    return GST_FLOW_ERROR;
  }
  GST_OBJECT_LOCK (self);
  self->frames_copied++;
  GST_OBJECT_UNLOCK (self);
  GST_LOG_OBJECT (self, "copied %" GST_PTR_FORMAT, inbuf);
  return GST_FLOW_OK;
}

static void
gst_udmabuf_alloc_set_property (GObject * object, guint prop_id,
    const GValue * value, GParamSpec * pspec)
{
  GstUdmabufAlloc *self = GST_UDMABUF_ALLOC (object);
  guint align;

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_HEAP:
      g_free (self->heap);
      self->heap = g_value_dup_string (value);
      if (!self->heap)
        self->heap = g_strdup (GST_UDMABUF_HEAP_DEFAULT);
      break;
    case PROP_DEVICE:
      g_free (self->device);
      self->device = g_value_dup_string (value);
      break;
    case PROP_MIN_BUFFERS:
      self->min_buffers = g_value_get_uint (value);
      break;
    case PROP_MAX_BUFFERS:
      self->max_buffers = g_value_get_uint (value);
      break;
    case PROP_STRIDE_ALIGN:
      align = g_value_get_uint (value);
      if (align & (align - 1)) {
        GST_WARNING_OBJECT (self, "stride-align %u is not a power of two: "
            "using %u", align, 1u << g_bit_storage (align));
        align = 1u << g_bit_storage (align);
      }
      self->stride_align = align;
      break;
    case PROP_MEMORY_PER_PLANE:
      self->memory_per_plane = g_value_get_boolean (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_udmabuf_alloc_get_property (GObject * object, guint prop_id,
    GValue * value, GParamSpec * pspec)
{
  GstUdmabufAlloc *self = GST_UDMABUF_ALLOC (object);

  GST_OBJECT_LOCK (self);
  switch (prop_id) {
    case PROP_HEAP:
      g_value_set_string (value, self->heap);
      break;
    case PROP_DEVICE:
      g_value_set_string (value, self->device);
      break;
    case PROP_MIN_BUFFERS:
      g_value_set_uint (value, self->min_buffers);
      break;
    case PROP_MAX_BUFFERS:
      g_value_set_uint (value, self->max_buffers);
      break;
    case PROP_STRIDE_ALIGN:
      g_value_set_uint (value, self->stride_align);
      break;
    case PROP_MEMORY_PER_PLANE:
      g_value_set_boolean (value, self->memory_per_plane);
      break;
    case PROP_FRAMES_PASSED:
      g_value_set_uint64 (value, self->frames_passed);
      break;
    case PROP_FRAMES_COPIED:
      g_value_set_uint64 (value, self->frames_copied);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      break;
  }
  GST_OBJECT_UNLOCK (self);
}

static void
gst_udmabuf_alloc_finalize (GObject * object)
{
  GstUdmabufAlloc *self = GST_UDMABUF_ALLOC (object);

  g_free (self->heap);
  g_free (self->device);
  G_OBJECT_CLASS (gst_udmabuf_alloc_parent_class)->finalize (object);
}

/* Properties of where the memory comes from and of the proposed pool. */
static void
gst_udmabuf_alloc_install_properties (GObjectClass * gobject_class)
{
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;

  /**
   * GstUdmabufAlloc:heap:
   *
   * The u-dma-buf heap node to allocate from; a missing node is an error
   * when the element starts.
   */
  g_object_class_install_property (gobject_class, PROP_HEAP,
      g_param_spec_string ("heap", "Heap",
          "u-dma-buf heap node to allocate from (unless device is set)",
          GST_UDMABUF_HEAP_DEFAULT, rw | GST_PARAM_MUTABLE_READY));
  /**
   * GstUdmabufAlloc:device:
   *
   * A u-dma-buf device created with the dma-heap option: allocate from its
   * sub-allocating heap /dev/dma_heap/<device> (memory the device's DMA
   * engine can reach). Overrides #GstUdmabufAlloc:heap.
   */
  g_object_class_install_property (gobject_class, PROP_DEVICE,
      g_param_spec_string ("device", "Device",
          "u-dma-buf device whose sub-allocating heap /dev/dma_heap/<device> "
          "to allocate from (overrides heap)", NULL,
          rw | GST_PARAM_MUTABLE_READY));
  /**
   * GstUdmabufAlloc:min-buffers:
   *
   * Buffers the proposed pool allocates when activated (at least as many as
   * downstream asks for).
   */
  g_object_class_install_property (gobject_class, PROP_MIN_BUFFERS,
      g_param_spec_uint ("min-buffers", "Minimum buffers",
          "Buffers the proposed pool allocates up front", 0, G_MAXUINT,
          DEFAULT_MIN_BUFFERS, rw | GST_PARAM_MUTABLE_READY));
  /**
   * GstUdmabufAlloc:max-buffers:
   *
   * Most buffers the proposed pool allocates; 0 for no limit.
   */
  g_object_class_install_property (gobject_class, PROP_MAX_BUFFERS,
      g_param_spec_uint ("max-buffers", "Maximum buffers",
          "Most buffers the proposed pool allocates (0: no limit)", 0,
          G_MAXUINT, DEFAULT_MAX_BUFFERS, rw | GST_PARAM_MUTABLE_READY));
}

/* Properties of the frames' layout, and the statistics. */
static void
gst_udmabuf_alloc_install_layout_properties (GObjectClass * gobject_class)
{
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS;
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  /**
   * GstUdmabufAlloc:stride-align:
   *
   * Stride alignment of every plane in bytes, a power of two (others are
   * rounded up to one). Needs #GstVideoMeta support up- and downstream:
   * without it the default layout is kept.
   */
  g_object_class_install_property (gobject_class, PROP_STRIDE_ALIGN,
      g_param_spec_uint ("stride-align", "Stride alignment",
          "Align the stride of every plane to this many bytes, a power of "
          "two (0: no constraint; needs downstream GstVideoMeta support)", 0,
          1u << 31, DEFAULT_STRIDE_ALIGN, rw | GST_PARAM_MUTABLE_READY));
  /**
   * GstUdmabufAlloc:memory-per-plane:
   *
   * Give every plane of a frame a dma-buf of its own, as V4L2 devices with
   * multi-planar formats (NV12M, YUV420M ...) import them.
   */
  g_object_class_install_property (gobject_class, PROP_MEMORY_PER_PLANE,
      g_param_spec_boolean ("memory-per-plane", "Memory per plane",
          "Give every plane its own dma-buf (V4L2 multi-planar formats)",
          FALSE, rw | GST_PARAM_MUTABLE_READY));
  /**
   * GstUdmabufAlloc:frames-passed:
   *
   * Buffers that were memory of the element's heap already and were passed
   * on untouched, since the element started.
   */
  g_object_class_install_property (gobject_class, PROP_FRAMES_PASSED,
      g_param_spec_uint64 ("frames-passed", "Frames passed",
          "Buffers that were u-dma-buf memory already and passed untouched",
          0, G_MAXUINT64, 0, ro));
  /**
   * GstUdmabufAlloc:frames-copied:
   *
   * Buffers copied into memory of the element's heap because upstream
   * ignored the allocation proposal, since the element started.
   */
  g_object_class_install_property (gobject_class, PROP_FRAMES_COPIED,
      g_param_spec_uint64 ("frames-copied", "Frames copied",
          "Buffers copied into u-dma-buf memory because upstream ignored "
          "the allocation proposal", 0, G_MAXUINT64, 0, ro));
}

static void
gst_udmabuf_alloc_class_init (GstUdmabufAllocClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstElementClass *element_class = GST_ELEMENT_CLASS (klass);
  GstBaseTransformClass *trans_class = GST_BASE_TRANSFORM_CLASS (klass);

  gobject_class->set_property = gst_udmabuf_alloc_set_property;
  gobject_class->get_property = gst_udmabuf_alloc_get_property;
  gobject_class->finalize = gst_udmabuf_alloc_finalize;
  gst_udmabuf_alloc_install_properties (gobject_class);
  gst_udmabuf_alloc_install_layout_properties (gobject_class);

  gst_element_class_add_static_pad_template (element_class, &sink_template);
  gst_element_class_add_static_pad_template (element_class, &src_template);
  gst_element_class_set_static_metadata (element_class,
      "u-dma-buf allocation", "Filter/Video",
      "Makes upstream allocate from u-dma-buf's contiguous DMA heaps, "
      "copying only when it does not",
      "The u-dma-buf authors");

  trans_class->start = GST_DEBUG_FUNCPTR (gst_udmabuf_alloc_start);
  trans_class->stop = GST_DEBUG_FUNCPTR (gst_udmabuf_alloc_stop);
  trans_class->set_caps = GST_DEBUG_FUNCPTR (gst_udmabuf_alloc_set_caps);
  trans_class->propose_allocation =
      GST_DEBUG_FUNCPTR (gst_udmabuf_alloc_propose_allocation);
  trans_class->decide_allocation =
      GST_DEBUG_FUNCPTR (gst_udmabuf_alloc_decide_allocation);
  trans_class->prepare_output_buffer =
      GST_DEBUG_FUNCPTR (gst_udmabuf_alloc_prepare_output_buffer);
  trans_class->transform_meta =
      GST_DEBUG_FUNCPTR (gst_udmabuf_alloc_transform_meta);
  trans_class->transform = GST_DEBUG_FUNCPTR (gst_udmabuf_alloc_transform);
  trans_class->passthrough_on_same_caps = FALSE;
}

static void
gst_udmabuf_alloc_init (GstUdmabufAlloc * self)
{
  self->heap = g_strdup (GST_UDMABUF_HEAP_DEFAULT);
  self->min_buffers = DEFAULT_MIN_BUFFERS;
  self->max_buffers = DEFAULT_MAX_BUFFERS;
  self->stride_align = DEFAULT_STRIDE_ALIGN;
}
