// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Built in the guest by tests/deb/guest.sh against the installed
 * libgstudmabuf-1.0-dev, with only what
 * `pkg-config --cflags --libs gstreamer-udmabuf-1.0 gstreamer-video-1.0`
 * says: takes FRAMES NV12 frames (640x480, strides aligned to 256 bytes)
 * from a GstUdmabufBufferPool on /dev/dma_heap/udmabuf and prints, for
 * each, "frame N: dma 0x... size N stride N fd N".
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include <gst/gst.h>
#include <gst/video/video.h>
#include <gst/udmabuf/udmabuf.h>

#define STRIDE_ALIGN 256

int main(int argc, char **argv)
{
	int i, n = argc > 1 ? atoi(argv[1]) : 3;
	GstBuffer *bufs[16];
	GstAllocator *allocator;
	GstStructure *config;
	GstBufferPool *pool;
	GstCaps *caps;

	gst_init(&argc, &argv);
	if (n < 1 || n > 16)
		n = 3;
	allocator = gst_object_ref_sink(gst_udmabuf_allocator_new(NULL));
	pool = gst_udmabuf_buffer_pool_new(allocator);
	caps = gst_caps_from_string("video/x-raw,format=NV12,width=640,height=480,framerate=30/1");
	config = gst_buffer_pool_get_config(pool);
	gst_buffer_pool_config_set_params(config, caps, 640 * 480 * 3 / 2, n, n);
	gst_buffer_pool_config_set_allocator(config, allocator, NULL);
	gst_buffer_pool_config_add_option(config, GST_BUFFER_POOL_OPTION_VIDEO_META);
	gst_udmabuf_buffer_pool_config_set_stride_align(config, STRIDE_ALIGN);
	if (!gst_buffer_pool_set_config(pool, config) || !gst_buffer_pool_set_active(pool, TRUE)) {
		fprintf(stderr, "frames: cannot configure or start the pool\n");
		return 1;
	}
	for (i = 0; i < n; i++) {
		GstVideoMeta *meta;
		GError *err = NULL;
		GstMemory *mem;
		guint64 addr;

		if (gst_buffer_pool_acquire_buffer(pool, &bufs[i], NULL) != GST_FLOW_OK) {
			fprintf(stderr, "frames: cannot acquire frame %d\n", i);
			return 1;
		}
		mem = gst_buffer_peek_memory(bufs[i], 0);
		meta = gst_buffer_get_video_meta(bufs[i]);
		if (!gst_is_udmabuf_memory(mem) || !gst_is_dmabuf_memory(mem) || !meta) {
			fprintf(stderr, "frames: frame %d is not u-dma-buf memory with a video meta\n", i);
			return 1;
		}
		if (!gst_udmabuf_memory_get_dma_addr(mem, &addr, &err)) {
			fprintf(stderr, "frames: %s\n", err->message);
			return 1;
		}
		if (meta->stride[0] % STRIDE_ALIGN) {
			fprintf(stderr, "frames: stride %d is not aligned\n", meta->stride[0]);
			return 1;
		}
		printf("frame %d: dma 0x%" PRIx64 " size %zu stride %d fd %d\n", i, addr,
		       gst_buffer_get_size(bufs[i]), meta->stride[0], gst_dmabuf_memory_get_fd(mem));
	}
	for (i = 0; i < n; i++)
		gst_buffer_unref(bufs[i]);
	gst_buffer_pool_set_active(pool, FALSE);
	gst_object_unref(pool);
	gst_object_unref(allocator);
	gst_caps_unref(caps);
	return 0;
}
