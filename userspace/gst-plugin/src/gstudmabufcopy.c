/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Copying a buffer's contents into u-dma-buf memory, for upstream elements
 * that ignored the allocation proposal: video frames plane by plane (the
 * two buffers may have different strides, each described by its
 * GstVideoMeta), anything else byte for byte.
 */
#include "gstudmabufcopy.h"

GST_DEBUG_CATEGORY_STATIC (gst_udmabuf_copy_debug);
#define GST_CAT_DEFAULT gst_udmabuf_copy_debug

static void
gst_udmabuf_copy_init_debug (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done)) {
    GST_DEBUG_CATEGORY_INIT (gst_udmabuf_copy_debug, "udmabufcopy", 0,
        "u-dma-buf frame copies");
    g_once_init_leave (&done, 1);
  }
}

static gboolean
gst_udmabuf_copy_video (const GstVideoInfo * info, GstBuffer * src,
    GstBuffer * dest)
{
  GstVideoFrame in, out;
  gboolean ok;

  if (!gst_video_frame_map (&in, (GstVideoInfo *) info, src, GST_MAP_READ)) {
    GST_WARNING ("cannot map the input frame %" GST_PTR_FORMAT, src);
    return FALSE;
  }
  if (!gst_video_frame_map (&out, (GstVideoInfo *) info, dest, GST_MAP_WRITE)) {
    GST_WARNING ("cannot map the output frame %" GST_PTR_FORMAT, dest);
    gst_video_frame_unmap (&in);
    return FALSE;
  }
  ok = gst_video_frame_copy (&out, &in);
  gst_video_frame_unmap (&out);
  gst_video_frame_unmap (&in);
  return ok;
}

static gboolean
gst_udmabuf_copy_bytes (GstBuffer * src, GstBuffer * dest)
{
  gsize size = gst_buffer_get_size (src);
  GstMapInfo map;
  gsize copied;

  if (gst_buffer_get_size (dest) < size) {
    GST_WARNING ("%" G_GSIZE_FORMAT " bytes do not fit %" GST_PTR_FORMAT,
        size, dest);
    return FALSE;
  }
  if (!gst_buffer_map (dest, &map, GST_MAP_WRITE))
    return FALSE;
  copied = gst_buffer_extract (src, 0, map.data, size);
  gst_buffer_unmap (dest, &map);
  gst_buffer_set_size (dest, size);
  return copied == size;
}

/**
 * gst_udmabuf_copy_frame:
 * @info: (nullable): the frame's format, %NULL when the data is not video
 * @src: the buffer to copy
 * @dest: a buffer of u-dma-buf memory at least as large
 *
 * Copies @src's data (not its metadata) into @dest.
 *
 * Returns: %TRUE on success
 */
gboolean
gst_udmabuf_copy_frame (const GstVideoInfo * info, GstBuffer * src,
    GstBuffer * dest)
{
  gst_udmabuf_copy_init_debug ();

  if (info)
    return gst_udmabuf_copy_video (info, src, dest);
  return gst_udmabuf_copy_bytes (src, dest);
}
