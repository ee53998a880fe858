/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * gst-udmabuf-check [OPTION...] PIPELINE-DESCRIPTION
 *
 * Runs a pipeline holding a udmabufalloc element to EOS (or an error) and
 * reports, as KEY=VALUE lines, what left that element: how many buffers,
 * how many were entirely u-dma-buf dma-buf memory, whether their bytes are
 * readable through the dma-buf fd, their DMA addresses, the element's
 * counters, and the heap's accounting before and after the pipeline was
 * freed. It can seek (flushing) and change a capsfilter's caps mid-stream,
 * and measures the frame rate between the first and the last buffer.
 * Exits 0 at EOS, 1 after an error message or a timeout, 2 for bad usage.
 */
#include <errno.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/dma-buf.h>

#include <gst/gst.h>
#include <gst/allocators/allocators.h>
#include <gst/video/video.h>

static gint seek_after = -1;
static gint caps_after = -1;
static gchar *new_caps;
static gchar *sysfs_dir;
static gboolean check_read;
static gboolean check_phys;
static gint timeout = 120;
static gchar *probe_at;

static struct
{
  GMutex lock;
  guint buffers;
  guint udmabuf_buffers;
  guint fd_readable;
  guint fd_nonzero;
  guint phys_nonzero;
  guint memories;
  guint caps_events;
  guint flushes;
  guint seeks;
  guint caps_changes;
  gchar *first_foreign;
  gchar *heap;
  gboolean mixed_heaps;
  gint stride0;
  gint64 first_time;
  gint64 last_time;
} stats;

static GMainLoop *loop;
static GstElement *pipeline;
static gint status = 1;

static gboolean
is_udmabuf_memory (GstMemory * mem)
{
  return gst_is_dmabuf_memory (mem) && mem->allocator &&
      g_strcmp0 (G_OBJECT_TYPE_NAME (mem->allocator),
      "GstUdmabufAllocator") == 0;
}

/* The memory's bytes, read through a mapping of its fd of our own, are the
 * ones GStreamer maps. Returns whether they could be read; *nonzero tells
 * whether any byte was set (a captured frame is not all zeroes). */
static gboolean
read_through_fd (GstMemory * mem, gboolean * nonzero)
{
  gint fd = gst_dmabuf_memory_get_fd (mem);
  struct dma_buf_sync sync = {.flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ };
  gsize offset, size, maxsize, i;
  off_t length = lseek (fd, 0, SEEK_END);
  gboolean same;
  GstMapInfo map;
  guint8 *data;

  size = gst_memory_get_sizes (mem, &offset, &maxsize);
  if (length < (off_t) (offset + size))
    return FALSE;
  data = mmap (NULL, length, PROT_READ, MAP_SHARED, fd, 0);
  if (data == MAP_FAILED)
    return FALSE;
  ioctl (fd, DMA_BUF_IOCTL_SYNC, &sync);
  *nonzero = FALSE;
  for (i = 0; i < size && !*nonzero; i++)
    *nonzero = data[offset + i] != 0;
  same = gst_memory_map (mem, &map, GST_MAP_READ) &&
      memcmp (map.data, data + offset, size) == 0;
  if (map.memory)
    gst_memory_unmap (mem, &map);
  sync.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ;
  ioctl (fd, DMA_BUF_IOCTL_SYNC, &sync);
  munmap (data, length);
  return same;
}

static gboolean
do_seek (gpointer data)
{
  if (gst_element_seek_simple (pipeline, GST_FORMAT_TIME,
          GST_SEEK_FLAG_FLUSH | GST_SEEK_FLAG_KEY_UNIT, 0)) {
    g_mutex_lock (&stats.lock);
    stats.seeks++;
    g_mutex_unlock (&stats.lock);
  }
  return G_SOURCE_REMOVE;
}

static gboolean
do_caps_change (gpointer data)
{
  GstElement *cf = gst_bin_get_by_name (GST_BIN (pipeline), "cf");
  GstCaps *caps = gst_caps_from_string (new_caps);

  if (cf && caps) {
    g_object_set (cf, "caps", caps, NULL);
    g_mutex_lock (&stats.lock);
    stats.caps_changes++;
    g_mutex_unlock (&stats.lock);
  } else {
    g_printerr ("no capsfilter named cf, or bad caps %s\n", new_caps);
  }
  gst_clear_caps (&caps);
  gst_clear_object (&cf);
  return G_SOURCE_REMOVE;
}

/* Which heap node the memory came from (the allocator's "heap"). */
static void
note_heap (GstMemory * mem)
{
  gchar *heap = NULL;

  g_object_get (mem->allocator, "heap", &heap, NULL);
  g_mutex_lock (&stats.lock);
  if (!stats.heap)
    stats.heap = g_strdup (heap);
  else if (g_strcmp0 (stats.heap, heap))
    stats.mixed_heaps = TRUE;
  g_mutex_unlock (&stats.lock);
  g_free (heap);
}

static void
check_buffer (GstBuffer * buf)
{
  guint i, n = gst_buffer_n_memory (buf);
  gboolean ours = n > 0, readable = TRUE, nonzero = FALSE, any = FALSE;
  gboolean phys = TRUE;

  for (i = 0; i < n; i++) {
    GstMemory *mem = gst_buffer_peek_memory (buf, i);

    if (!is_udmabuf_memory (mem)) {
      ours = FALSE;
      continue;
    }
    note_heap (mem);
    if (check_read) {
      readable &= read_through_fd (mem, &nonzero);
      any |= nonzero;
    }
    if (check_phys)
      phys &= gst_is_phys_memory (mem) &&
          gst_phys_memory_get_phys_addr (mem) != 0;
  }

  g_mutex_lock (&stats.lock);
  stats.last_time = g_get_monotonic_time ();
  if (stats.buffers == 0) {
    stats.first_time = stats.last_time;
    if (gst_buffer_get_video_meta (buf))
      stats.stride0 = gst_buffer_get_video_meta (buf)->stride[0];
  }
  stats.buffers++;
  stats.memories = MAX (stats.memories, n);
  if (ours) {
    stats.udmabuf_buffers++;
    stats.fd_readable += check_read && readable;
    stats.fd_nonzero += check_read && any;
    stats.phys_nonzero += check_phys && phys;
  } else if (!stats.first_foreign && n > 0) {
    GstMemory *mem = gst_buffer_peek_memory (buf, 0);

    stats.first_foreign = g_strdup (mem->allocator ?
        G_OBJECT_TYPE_NAME (mem->allocator) : "none");
  }
  if ((gint) stats.buffers == seek_after)
    g_idle_add (do_seek, NULL);
  if ((gint) stats.buffers == caps_after)
    g_idle_add (do_caps_change, NULL);
  g_mutex_unlock (&stats.lock);
}

static GstPadProbeReturn
probe (GstPad * pad, GstPadProbeInfo * info, gpointer data)
{
  if (info->type & GST_PAD_PROBE_TYPE_BUFFER) {
    check_buffer (GST_PAD_PROBE_INFO_BUFFER (info));
  } else if (info->type & (GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM |
          GST_PAD_PROBE_TYPE_EVENT_FLUSH)) {
    GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);

    g_mutex_lock (&stats.lock);
    if (GST_EVENT_TYPE (event) == GST_EVENT_CAPS)
      stats.caps_events++;
    else if (GST_EVENT_TYPE (event) == GST_EVENT_FLUSH_STOP)
      stats.flushes++;
    g_mutex_unlock (&stats.lock);
  }
  return GST_PAD_PROBE_OK;
}

static gboolean
on_message (GstBus * bus, GstMessage * msg, gpointer data)
{
  GError *error = NULL;
  gchar *debug = NULL;

  switch (GST_MESSAGE_TYPE (msg)) {
    case GST_MESSAGE_EOS:
      status = 0;
      g_main_loop_quit (loop);
      break;
    case GST_MESSAGE_ERROR:
      gst_message_parse_error (msg, &error, &debug);
      g_print ("error=%s: %s\n", GST_OBJECT_NAME (msg->src), error->message);
      g_print ("error_debug=%s\n", debug ? debug : "");
      g_clear_error (&error);
      g_free (debug);
      status = 1;
      g_main_loop_quit (loop);
      break;
    default:
      break;
  }
  return TRUE;
}

static gboolean
on_timeout (gpointer data)
{
  g_print ("error=timeout after %d s\n", timeout);
  status = 1;
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static gint64
sysfs_buffers (void)
{
  gchar *path, *text = NULL;
  gint64 value = -1;

  if (!sysfs_dir)
    return -1;
  path = g_build_filename (sysfs_dir, "buffers_in_use", NULL);
  if (g_file_get_contents (path, &text, NULL, NULL))
    value = g_ascii_strtoll (text, NULL, 10);
  g_free (text);
  g_free (path);
  return value;
}

static GstElement *
find_udmabufalloc (GstBin * bin)
{
  GstIterator *it = gst_bin_iterate_all_by_element_factory_name (bin,
      "udmabufalloc");
  GValue item = G_VALUE_INIT;
  GstElement *element = NULL;

  if (gst_iterator_next (it, &item) == GST_ITERATOR_OK) {
    element = gst_object_ref (g_value_get_object (&item));
    g_value_unset (&item);
  }
  gst_iterator_free (it);
  return element;
}

/* The pad to watch: --probe's, or udmabufalloc's src pad. */
static GstPad *
find_pad (GstElement * alloc)
{
  gchar **parts;
  GstElement *element;
  GstPad *pad = NULL;

  if (!probe_at)
    return gst_element_get_static_pad (alloc, "src");
  parts = g_strsplit (probe_at, ":", 2);
  element = parts[1] ? gst_bin_get_by_name (GST_BIN (pipeline), parts[0]) :
      NULL;
  if (element) {
    pad = gst_element_get_static_pad (element, parts[1]);
    gst_object_unref (element);
  }
  g_strfreev (parts);
  return pad;
}

int
main (int argc, char **argv)
{
  GOptionEntry entries[] = {
    {"read", 0, 0, G_OPTION_ARG_NONE, &check_read,
        "Read every buffer through its dma-buf fd", NULL},
    {"phys", 0, 0, G_OPTION_ARG_NONE, &check_phys,
        "Check every memory's DMA address", NULL},
    {"seek-after", 0, 0, G_OPTION_ARG_INT, &seek_after,
        "Flushing seek to 0 after N buffers", "N"},
    {"caps-after", 0, 0, G_OPTION_ARG_INT, &caps_after,
        "Set the caps of the capsfilter named cf after N buffers", "N"},
    {"caps", 0, 0, G_OPTION_ARG_STRING, &new_caps, "The new caps", "CAPS"},
    {"sysfs", 0, 0, G_OPTION_ARG_FILENAME, &sysfs_dir,
        "Heap sysfs directory to check buffers_in_use in", "DIR"},
    {"timeout", 0, 0, G_OPTION_ARG_INT, &timeout, "Seconds (120)", "S"},
    {"probe", 0, 0, G_OPTION_ARG_STRING, &probe_at,
          "Watch buffers on this pad instead of udmabufalloc's src pad; the "
          "pipeline then needs no udmabufalloc", "ELEMENT:PAD"},
    {NULL}
  };
  GOptionContext *ctx = g_option_context_new ("PIPELINE-DESCRIPTION");
  GError *error = NULL;
  GstElement *alloc;
  GstAllocator *registered;
  guint64 passed = 0, copied = 0;
  gint64 before;
  GstPad *pad;
  GstBus *bus;
  gchar *desc;

  g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_group (ctx, gst_init_get_option_group ());
  if (!g_option_context_parse (ctx, &argc, &argv, &error) || argc < 2) {
    g_printerr ("usage: %s [OPTION...] PIPELINE-DESCRIPTION%s%s\n", argv[0],
        error ? ": " : "", error ? error->message : "");
    return 2;
  }
  g_option_context_free (ctx);

  before = sysfs_buffers ();
  desc = g_strjoinv (" ", argv + 1);
  pipeline = gst_parse_launch (desc, &error);
  if (!pipeline || error) {
    g_print ("error=parse: %s\n", error ? error->message : "?");
    return 1;
  }
  g_free (desc);
  alloc = GST_IS_BIN (pipeline) ? find_udmabufalloc (GST_BIN (pipeline)) : NULL;
  if (!alloc && !probe_at) {
    g_print ("error=no udmabufalloc in the pipeline\n");
    return 2;
  }
  g_mutex_init (&stats.lock);
  pad = find_pad (alloc);
  if (!pad) {
    g_print ("error=no pad %s\n", probe_at);
    return 2;
  }
  gst_pad_add_probe (pad, GST_PAD_PROBE_TYPE_BUFFER |
      GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM | GST_PAD_PROBE_TYPE_EVENT_FLUSH,
      probe, NULL, NULL);
  gst_object_unref (pad);

  /* The plugin is loaded now: its allocator is registered. */
  registered = gst_allocator_find ("u-dma-buf");
  g_print ("allocator_registered=%s\n", registered ?
      G_OBJECT_TYPE_NAME (registered) : "none");
  gst_clear_object (&registered);

  loop = g_main_loop_new (NULL, FALSE);
  bus = gst_element_get_bus (pipeline);
  gst_bus_add_watch (bus, on_message, NULL);
  g_timeout_add_seconds (timeout, on_timeout, NULL);
  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) ==
      GST_STATE_CHANGE_FAILURE) {
    /* the error message, if any, is on the bus */
    GstMessage *msg = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);

    if (msg) {
      on_message (bus, msg, NULL);
      gst_message_unref (msg);
    } else {
      g_print ("error=state change failed\n");
    }
    status = 1;
  } else {
    g_main_loop_run (loop);
  }

  if (alloc)
    g_object_get (alloc, "frames-passed", &passed, "frames-copied", &copied,
        NULL);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  gst_bus_remove_watch (bus);
  gst_object_unref (bus);
  gst_clear_object (&alloc);
  gst_object_unref (pipeline);
  g_main_loop_unref (loop);

  g_print ("buffers=%u\n", stats.buffers);
  g_print ("udmabuf_buffers=%u\n", stats.udmabuf_buffers);
  g_print ("max_memories=%u\n", stats.memories);
  g_print ("first_stride=%d\n", stats.stride0);
  if (stats.first_foreign)
    g_print ("first_foreign_allocator=%s\n", stats.first_foreign);
  g_print ("heap=%s\n", stats.mixed_heaps ? "mixed" : stats.heap);
  if (check_read) {
    g_print ("fd_readable=%u\n", stats.fd_readable);
    g_print ("fd_nonzero=%u\n", stats.fd_nonzero);
  }
  if (check_phys)
    g_print ("phys_nonzero=%u\n", stats.phys_nonzero);
  g_print ("frames_passed=%" G_GUINT64_FORMAT "\n", passed);
  g_print ("frames_copied=%" G_GUINT64_FORMAT "\n", copied);
  g_print ("caps_events=%u\n", stats.caps_events);
  g_print ("caps_changes=%u\n", stats.caps_changes);
  g_print ("seeks=%u\n", stats.seeks);
  g_print ("flushes=%u\n", stats.flushes);
  if (sysfs_dir) {
    g_print ("heap_buffers_before=%" G_GINT64_FORMAT "\n", before);
    g_print ("heap_buffers_after=%" G_GINT64_FORMAT "\n", sysfs_buffers ());
  }
  if (stats.buffers > 1 && stats.last_time > stats.first_time)
    g_print ("fps=%.3f\n", (stats.buffers - 1) * 1e6 /
        (stats.last_time - stats.first_time));
  g_print ("status=%d\n", status);
  return status;
}
