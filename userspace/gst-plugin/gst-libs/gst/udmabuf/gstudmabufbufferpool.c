/* SPDX-License-Identifier: LGPL-2.1-or-later */
/**
 * SECTION:gstudmabufbufferpool
 * @title: GstUdmabufBufferPool
 * @short_description: a video-aware pool of u-dma-buf memory
 * @include: gst/udmabuf/udmabuf.h
 *
 * A #GstBufferPool whose buffers are memory of a #GstUdmabufAllocator.
 *
 * For video caps every buffer carries a #GstVideoMeta describing its
 * layout. With %GST_BUFFER_POOL_OPTION_VIDEO_META set, the layout honours
 * %GST_BUFFER_POOL_OPTION_VIDEO_ALIGNMENT and the stride alignment of
 * gst_udmabuf_buffer_pool_config_set_stride_align() (without the meta,
 * whoever configured the pool cannot read padded strides, so buffers keep
 * the default layout). %GST_BUFFER_POOL_OPTION_UDMABUF_MEMORY_PER_PLANE
 * gives every plane its own memory.
 *
 * The configured allocator must be a #GstUdmabufAllocator. A configuration
 * naming another allocator is changed to the pool's own and
 * gst_buffer_pool_set_config() returns %FALSE, so that the caller re-reads
 * the configuration, checks it (gst_buffer_pool_config_validate_params())
 * and sets it again: the idiom of upstream pools that must keep their
 * allocator. A configuration without an allocator gets the pool's own.
 */
#include "gstudmabufbufferpool.h"
#include "gstudmabufallocator.h"

#include <gst/video/video.h>

GST_DEBUG_CATEGORY_STATIC (gst_udmabuf_buffer_pool_debug);
#define GST_CAT_DEFAULT gst_udmabuf_buffer_pool_debug

#define GST_UDMABUF_BUFFER_POOL_STRIDE_ALIGN "udmabuf-stride-align"

struct _GstUdmabufBufferPool
{
  GstBufferPool parent;

  GstAllocator *own_allocator;  /* given at creation */

  /* from the configuration */
  GstAllocator *allocator;
  GstAllocationParams params;
  gboolean is_video;
  GstVideoInfo info;
  GstVideoAlignment align;
  gsize plane_size[GST_VIDEO_MAX_PLANES];
  gboolean memory_per_plane;
  gsize size;
};

G_DEFINE_TYPE_WITH_CODE (GstUdmabufBufferPool, gst_udmabuf_buffer_pool,
    GST_TYPE_BUFFER_POOL,
    GST_DEBUG_CATEGORY_INIT (gst_udmabuf_buffer_pool_debug, "udmabufpool", 0,
        "u-dma-buf buffer pool"));

/**
 * gst_udmabuf_buffer_pool_config_set_stride_align:
 * @config: a buffer pool configuration
 * @align: stride alignment in bytes, a power of two; 0 or 1 for none
 *
 * Makes the stride of every plane a multiple of @align, as display
 * controllers and DMA engines often need. Takes effect when the
 * configuration also has %GST_BUFFER_POOL_OPTION_VIDEO_META.
 */
void
gst_udmabuf_buffer_pool_config_set_stride_align (GstStructure * config,
    guint align)
{
  g_return_if_fail (config != NULL);
  g_return_if_fail ((align & (align - 1)) == 0);

  gst_structure_set (config, GST_UDMABUF_BUFFER_POOL_STRIDE_ALIGN, G_TYPE_UINT,
      align, NULL);
}

/**
 * gst_udmabuf_buffer_pool_config_get_stride_align:
 * @config: a buffer pool configuration
 *
 * Returns: the stride alignment in bytes (0: none)
 */
guint
gst_udmabuf_buffer_pool_config_get_stride_align (GstStructure * config)
{
  guint align = 0;

  g_return_val_if_fail (config != NULL, 0);

  gst_structure_get_uint (config, GST_UDMABUF_BUFFER_POOL_STRIDE_ALIGN, &align);
  return align;
}

static const gchar **
gst_udmabuf_buffer_pool_get_options (GstBufferPool * pool)
{
  static const gchar *options[] = {
    GST_BUFFER_POOL_OPTION_VIDEO_META,
    GST_BUFFER_POOL_OPTION_VIDEO_ALIGNMENT,
    GST_BUFFER_POOL_OPTION_UDMABUF_MEMORY_PER_PLANE,
    NULL
  };

  return options;
}

static gboolean
gst_udmabuf_alignment_is_default (const GstVideoAlignment * align)
{
  GstVideoAlignment none;

  gst_video_alignment_reset (&none);
  return memcmp (align, &none, sizeof (none)) == 0;
}

/* The frame layout @config asks for; FALSE when it is impossible. */
static gboolean
gst_udmabuf_buffer_pool_set_layout (GstUdmabufBufferPool * self,
    GstStructure * config)
{
  gboolean has_meta = gst_buffer_pool_config_has_option (config,
      GST_BUFFER_POOL_OPTION_VIDEO_META);
  gboolean has_align = gst_buffer_pool_config_has_option (config,
      GST_BUFFER_POOL_OPTION_VIDEO_ALIGNMENT);
  guint stride_align = gst_udmabuf_buffer_pool_config_get_stride_align (config);
  guint i;

  gst_video_alignment_reset (&self->align);
  if (has_align)
    gst_buffer_pool_config_get_video_alignment (config, &self->align);
  if (stride_align > 1) {
    for (i = 0; i < GST_VIDEO_MAX_PLANES; i++)
      self->align.stride_align[i] |= stride_align - 1;
  }
  if (!has_meta && !gst_udmabuf_alignment_is_default (&self->align)) {
    GST_INFO_OBJECT (self, "no video meta: padding and stride alignment "
        "cannot be described, buffers keep the default layout");
    gst_video_alignment_reset (&self->align);
  }
  if (!gst_video_info_align_full (&self->info, &self->align, self->plane_size))
    return FALSE;
  if (has_align)
    gst_buffer_pool_config_set_video_alignment (config, &self->align);
  return TRUE;
}

/* Bytes of a frame, at least @want: whoever asked for more (a V4L2
 * driver's sizeimage) gets them, in the last plane when planes are separate
 * memories. */
static gsize
gst_udmabuf_buffer_pool_frame_size (GstUdmabufBufferPool * self, gsize want)
{
  guint i, n = GST_VIDEO_INFO_N_PLANES (&self->info);
  gsize total = 0;

  if (!self->memory_per_plane)
    return MAX (want, GST_VIDEO_INFO_SIZE (&self->info));
  for (i = 0; i < n; i++)
    total += self->plane_size[i];
  if (want > total) {
    self->plane_size[n - 1] += want - total;
    total = want;
  }
  return total;
}

static gboolean
gst_udmabuf_buffer_pool_set_config (GstBufferPool * pool,
    GstStructure * config)
{
  GstUdmabufBufferPool *self = GST_UDMABUF_BUFFER_POOL (pool);
  GstAllocator *allocator;
  GstAllocationParams params;
  gboolean replaced = FALSE;
  guint size, min, max;
  GstCaps *caps;

  if (!gst_buffer_pool_config_get_params (config, &caps, &size, &min, &max) ||
      !gst_buffer_pool_config_get_allocator (config, &allocator, &params)) {
    GST_WARNING_OBJECT (self, "invalid configuration");
    return FALSE;
  }

  if (!allocator || !GST_IS_UDMABUF_ALLOCATOR (allocator)) {
    if (allocator) {
      GST_INFO_OBJECT (self, "replacing allocator %" GST_PTR_FORMAT
          " with %" GST_PTR_FORMAT, allocator, self->own_allocator);
      replaced = TRUE;
    }
    allocator = self->own_allocator;
    gst_buffer_pool_config_set_allocator (config, allocator, &params);
  }
  gst_object_replace ((GstObject **) & self->allocator, (GstObject *) allocator);
  self->params = params;

  self->is_video = caps && gst_video_info_from_caps (&self->info, caps);
  self->memory_per_plane = self->is_video &&
      gst_buffer_pool_config_has_option (config,
      GST_BUFFER_POOL_OPTION_UDMABUF_MEMORY_PER_PLANE);
  if (self->is_video) {
    if (!gst_udmabuf_buffer_pool_set_layout (self, config)) {
      GST_WARNING_OBJECT (self, "cannot lay out %" GST_PTR_FORMAT, caps);
      return FALSE;
    }
    size = gst_udmabuf_buffer_pool_frame_size (self, size);
    gst_buffer_pool_config_set_params (config, caps, size, min, max);
  }
  self->size = size;

  GST_DEBUG_OBJECT (self, "%" GST_PTR_FORMAT ", %u bytes, %u..%u buffers, "
      "%s, allocator %" GST_PTR_FORMAT, caps, size, min, max,
      self->memory_per_plane ? "a memory per plane" : "one memory", allocator);

  return GST_BUFFER_POOL_CLASS (gst_udmabuf_buffer_pool_parent_class)->
      set_config (pool, config) && !replaced;
}

/* GstBufferPool leaves the buffers a failed preallocation made in its
 * queue, where nothing frees them (1.22): free them, or an exhausted heap
 * stays exhausted. */
static gboolean
gst_udmabuf_buffer_pool_start (GstBufferPool * pool)
{
  GstBufferPoolClass *parent =
      GST_BUFFER_POOL_CLASS (gst_udmabuf_buffer_pool_parent_class);

  if (parent->start (pool))
    return TRUE;
  GST_WARNING_OBJECT (pool, "preallocation failed, freeing what it allocated");
  parent->stop (pool);
  return FALSE;
}

static void
gst_udmabuf_buffer_pool_add_video_meta (GstUdmabufBufferPool * self,
    GstBuffer * buffer)
{
  gsize offset[GST_VIDEO_MAX_PLANES] = { 0, };
  GstVideoInfo *info = &self->info;
  GstVideoMeta *meta;
  guint i;

  for (i = 0; i < GST_VIDEO_INFO_N_PLANES (info); i++) {
    if (!self->memory_per_plane)
      offset[i] = GST_VIDEO_INFO_PLANE_OFFSET (info, i);
    else if (i > 0)
      offset[i] = offset[i - 1] + self->plane_size[i - 1];
  }
  meta = gst_buffer_add_video_meta_full (buffer, GST_VIDEO_FRAME_FLAG_NONE,
      GST_VIDEO_INFO_FORMAT (info), GST_VIDEO_INFO_WIDTH (info),
      GST_VIDEO_INFO_HEIGHT (info), GST_VIDEO_INFO_N_PLANES (info), offset,
      info->stride);
  gst_video_meta_set_alignment (meta, self->align);
}

static GstFlowReturn
gst_udmabuf_buffer_pool_alloc_buffer (GstBufferPool * pool,
    GstBuffer ** buffer, GstBufferPoolAcquireParams * params)
{
  GstUdmabufBufferPool *self = GST_UDMABUF_BUFFER_POOL (pool);
  guint i, n = 1;
  GstMemory *mem;
  GstBuffer *buf;

  if (self->memory_per_plane)
    n = GST_VIDEO_INFO_N_PLANES (&self->info);

  buf = gst_buffer_new ();
  for (i = 0; i < n; i++) {
    /* Failures are reported by the allocator (allocation-error). */
    mem = gst_allocator_alloc (self->allocator,
        n == 1 ? self->size : self->plane_size[i], &self->params);
    if (!mem) {
      gst_buffer_unref (buf);
      return GST_FLOW_ERROR;
    }
    gst_buffer_append_memory (buf, mem);
  }
  if (self->is_video)
    gst_udmabuf_buffer_pool_add_video_meta (self, buf);

  *buffer = buf;
  return GST_FLOW_OK;
}

/**
 * gst_udmabuf_buffer_pool_new:
 * @allocator: (nullable) (transfer none): the #GstUdmabufAllocator to
 *     allocate from, unless a configuration names another one; %NULL for a
 *     new allocator of /dev/dma_heap/udmabuf
 *
 * Returns: (transfer full): a new pool, configured with @allocator
 */
GstBufferPool *
gst_udmabuf_buffer_pool_new (GstAllocator * allocator)
{
  GstUdmabufBufferPool *self;
  GstStructure *config;

  g_return_val_if_fail (allocator == NULL ||
      GST_IS_UDMABUF_ALLOCATOR (allocator), NULL);

  self = g_object_new (GST_TYPE_UDMABUF_BUFFER_POOL, NULL);
  gst_object_ref_sink (self);
  if (allocator)
    self->own_allocator = gst_object_ref (allocator);
  else
    self->own_allocator = gst_object_ref_sink (gst_udmabuf_allocator_new (NULL));

  config = gst_buffer_pool_get_config (GST_BUFFER_POOL (self));
  gst_buffer_pool_config_set_allocator (config, self->own_allocator, NULL);
  gst_buffer_pool_set_config (GST_BUFFER_POOL (self), config);
  return GST_BUFFER_POOL (self);
}

static void
gst_udmabuf_buffer_pool_finalize (GObject * object)
{
  GstUdmabufBufferPool *self = GST_UDMABUF_BUFFER_POOL (object);

  gst_clear_object (&self->allocator);
  gst_clear_object (&self->own_allocator);
  G_OBJECT_CLASS (gst_udmabuf_buffer_pool_parent_class)->finalize (object);
}

static void
gst_udmabuf_buffer_pool_class_init (GstUdmabufBufferPoolClass * klass)
{
  GObjectClass *gobject_class = G_OBJECT_CLASS (klass);
  GstBufferPoolClass *pool_class = GST_BUFFER_POOL_CLASS (klass);

  gobject_class->finalize = gst_udmabuf_buffer_pool_finalize;
  pool_class->get_options = gst_udmabuf_buffer_pool_get_options;
  pool_class->set_config = gst_udmabuf_buffer_pool_set_config;
  pool_class->start = gst_udmabuf_buffer_pool_start;
  pool_class->alloc_buffer = gst_udmabuf_buffer_pool_alloc_buffer;
}

static void
gst_udmabuf_buffer_pool_init (GstUdmabufBufferPool * self)
{
}
