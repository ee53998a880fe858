// SPDX-License-Identifier: MIT
/*
 * u-dma-buf buffers as V4L2 buffers (V4L2_MEMORY_DMABUF) of vivid, the
 * virtual video test driver, with both of its memory allocators: vb2-vmalloc
 * ("modprobe vivid": the buffer is used through a kernel mapping) and
 * vb2-dma-contig ("modprobe vivid allocators=1": the buffer is attached and
 * DMA-mapped as one contiguous range below 4 GiB).
 *
 *   capture:  vivid writes frames into exports of a u-dma-buf device and into
 *             heap buffers; they must equal a frame captured into vivid's own
 *             buffers, land at the export's offset and nowhere else;
 *   output:   vivid consumes buffers of ours and gives them back unchanged;
 *   loopback: with vivid's "Loop Video" control on and matching HDMI input and
 *             output (timings, format), what vivid outputs from our buffers
 *             is captured into other buffers of ours, byte for byte.
 *
 * The binary loads vivid itself (once per allocator) and unloads it at the
 * end if it loaded it. Needs root, u-dma-buf.ko and u-dma-buf-mgr.ko.
 */
#include "igt.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <linux/v4l2-dv-timings.h>
#include <linux/videodev2.h>

#include "udmabuf_common.h"

IGT_TEST_DESCRIPTION("u-dma-buf exports and heap buffers as vivid capture and output "
		     "buffers (vb2-vmalloc and vb2-dma-contig), and vivid's loop-back from "
		     "our output buffers into our capture buffers.");

#define UD_DEV		"igt-v4l2"
#define UD_DEV_SIZE	(4ull << 20)
#define UD_W		640
#define UD_H		480
#define UD_NBUF		4	/* capture buffers */
#define UD_MAXBUF	5
#define UD_FILL_SEED	700

/* --- helpers ---------------------------------------------------------------- */

/* Index of the first byte differing from the pattern, or -1. */
static long ud_cmp_pattern(const uint8_t *p, size_t len, uint32_t seed, uint64_t pos)
{
	for (size_t i = 0; i < len; i++)
		if (p[i] != ud_pat(seed, pos + i))
			return (long)i;
	return -1;
}

static long ud_cmp(const uint8_t *a, const uint8_t *b, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (a[i] != b[i])
			return (long)i;
	return -1;
}

static int ud_xioctl(int fd, unsigned long req, void *arg)
{
	int r;

	do
		r = ioctl(fd, req, arg);
	while (r && errno == EINTR);
	return r;
}

/* --- vivid ------------------------------------------------------------------------ */

enum ud_alloc { UD_VMALLOC, UD_DMA_CONTIG };
static const char *const ud_alloc_name[] = { "vmalloc", "dma-contig" };

struct ud_v4l2 {
	bool loaded_vivid;		/* by us: unload at the end */
	int cap, out;			/* vivid's video capture and output nodes */
	char cap_path[32], out_path[32];
	int dev, heap;
	uint32_t ctrl_loop, ctrl_osd;	/* "Loop Video", "OSD Text Mode" */
};

/* vivid's allocators parameter of instance 0, -1 when vivid is not loaded. */
static int ud_vivid_allocators(void)
{
	char buf[64];
	ssize_t n;
	int fd = open("/sys/module/vivid/parameters/allocators", O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	return atoi(buf);
}

/* Makes vivid run with allocator mode (reloading it if needed): whether it does. */
static bool ud_vivid_load(struct ud_v4l2 *v, enum ud_alloc mode)
{
	const char *unload[] = { "modprobe", "-r", "vivid", NULL };
	const char *load[] = { "modprobe", "vivid",
			       mode == UD_DMA_CONTIG ? "allocators=1" : "allocators=0", NULL };
	int now = ud_vivid_allocators();

	if (now == (int)mode)
		return true;
	if (now >= 0 && ud_run(unload) != 0) {
		igt_info("modprobe -r vivid failed (in use?)\n");
		return false;
	}
	if (ud_run(load) != 0) {
		igt_info("%s %s %s failed\n", load[0], load[1], load[2]);
		return false;
	}
	v->loaded_vivid = true;
	return ud_vivid_allocators() == (int)mode;
}

/* vivid's node with device capability cap (single-planar, streaming), or -1. */
static int ud_vivid_node(uint32_t capability, char *path, size_t len)
{
	for (int i = 0; i < 64; i++) {
		struct v4l2_capability c;
		char p[32];
		int fd;

		snprintf(p, sizeof(p), "/dev/video%d", i);
		fd = open(p, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		memset(&c, 0, sizeof(c));
		if (!ud_xioctl(fd, VIDIOC_QUERYCAP, &c) && !strcmp((char *)c.driver, "vivid") &&
		    (c.capabilities & V4L2_CAP_DEVICE_CAPS) && (c.device_caps & capability) &&
		    (c.device_caps & V4L2_CAP_STREAMING)) {
			snprintf(path, len, "%s", p);
			return fd;
		}
		close(fd);
	}
	return -1;
}

/* The id of the control named name on fd, 0 when there is none. */
static uint32_t ud_find_ctrl(int fd, const char *name)
{
	struct v4l2_queryctrl q;

	memset(&q, 0, sizeof(q));
	q.id = V4L2_CTRL_FLAG_NEXT_CTRL;
	while (!ud_xioctl(fd, VIDIOC_QUERYCTRL, &q)) {
		if (!strcmp((char *)q.name, name))
			return q.id;
		q.id |= V4L2_CTRL_FLAG_NEXT_CTRL;
	}
	return 0;
}

static void ud_set_ctrl(int fd, uint32_t id, int value)
{
	struct v4l2_control c = { .id = id, .value = value };

	igt_assert_f(ud_xioctl(fd, VIDIOC_S_CTRL, &c) == 0, "S_CTRL %#x = %d: %s\n", id, value,
		     strerror(errno));
}

/* The index of the input/output whose name starts with prefix. */
static int ud_find_io(int fd, bool output, const char *prefix)
{
	for (uint32_t i = 0; i < 16; i++) {
		struct v4l2_input in = { .index = i };
		struct v4l2_output out = { .index = i };
		const char *name;

		if (output) {
			if (ud_xioctl(fd, VIDIOC_ENUMOUTPUT, &out))
				break;
			name = (const char *)out.name;
		} else {
			if (ud_xioctl(fd, VIDIOC_ENUMINPUT, &in))
				break;
			name = (const char *)in.name;
		}
		if (!strncmp(name, prefix, strlen(prefix)))
			return (int)i;
	}
	return -1;
}

static void ud_stream(int fd, uint32_t type, bool on)
{
	int t = (int)type;

	igt_assert_f(ud_xioctl(fd, on ? VIDIOC_STREAMON : VIDIOC_STREAMOFF, &t) == 0,
		     "STREAM%s: %s\n", on ? "ON" : "OFF", strerror(errno));
}

static int ud_reqbufs(int fd, uint32_t type, uint32_t memory, uint32_t count)
{
	struct v4l2_requestbuffers r = { .count = count, .type = type, .memory = memory };

	igt_assert_f(ud_xioctl(fd, VIDIOC_REQBUFS, &r) == 0, "REQBUFS %u: %s\n", count,
		     strerror(errno));
	return (int)r.count;
}

/* Undoes whatever an earlier (failed) subtest left: no streaming, no buffers. */
static void ud_reset(struct ud_v4l2 *v)
{
	int t = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	struct v4l2_requestbuffers r = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };

	ud_xioctl(v->cap, VIDIOC_STREAMOFF, &t);
	r.memory = V4L2_MEMORY_DMABUF;
	ud_xioctl(v->cap, VIDIOC_REQBUFS, &r);
	t = V4L2_BUF_TYPE_VIDEO_OUTPUT;
	ud_xioctl(v->out, VIDIOC_STREAMOFF, &t);
	memset(&r, 0, sizeof(r));
	r.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
	r.memory = V4L2_MEMORY_DMABUF;
	ud_xioctl(v->out, VIDIOC_REQBUFS, &r);
	ud_set_ctrl(v->cap, v->ctrl_loop, 0);
	ud_set_ctrl(v->cap, v->ctrl_osd, 2);	/* "None": no text over the frame */
}

/* S_FMT 640x480 YUYV progressive on fd; the format vivid chose. */
static struct v4l2_format ud_set_fmt(int fd, uint32_t type)
{
	struct v4l2_format f;

	memset(&f, 0, sizeof(f));
	f.type = type;
	f.fmt.pix.width = UD_W;
	f.fmt.pix.height = UD_H;
	f.fmt.pix.pixelformat = V4L2_PIX_FMT_YUYV;
	f.fmt.pix.field = V4L2_FIELD_NONE;
	igt_assert_f(ud_xioctl(fd, VIDIOC_S_FMT, &f) == 0, "S_FMT: %s\n", strerror(errno));
	igt_assert_eq_u32(f.fmt.pix.width, UD_W);
	igt_assert_eq_u32(f.fmt.pix.height, UD_H);
	igt_assert_eq_u32(f.fmt.pix.pixelformat, V4L2_PIX_FMT_YUYV);
	igt_assert_eq_u32(f.fmt.pix.field, V4L2_FIELD_NONE);
	igt_assert_eq_u32(f.fmt.pix.sizeimage, UD_W * 2 * UD_H);
	return f;
}

/* Webcam input: vivid's test pattern, 640x480 YUYV, no text. */
static struct v4l2_format ud_setup_webcam(struct ud_v4l2 *v)
{
	int input = ud_find_io(v->cap, false, "Webcam");

	igt_assert_f(input >= 0, "vivid has no webcam input\n");
	igt_assert_f(ud_xioctl(v->cap, VIDIOC_S_INPUT, &input) == 0, "S_INPUT %d: %s\n", input,
		     strerror(errno));
	return ud_set_fmt(v->cap, V4L2_BUF_TYPE_VIDEO_CAPTURE);
}

/* HDMI input and output, both 640x480p59.94, 640x480 YUYV. */
static void ud_setup_hdmi(struct ud_v4l2 *v, struct v4l2_format *cf, struct v4l2_format *of)
{
	struct v4l2_dv_timings t = V4L2_DV_BT_CEA_640X480P59_94;
	int input = ud_find_io(v->cap, false, "HDMI"), output = ud_find_io(v->out, true, "HDMI");

	igt_assert_f(input >= 0 && output >= 0, "vivid has no HDMI input or output\n");
	igt_assert_f(ud_xioctl(v->cap, VIDIOC_S_INPUT, &input) == 0, "S_INPUT %d: %s\n", input,
		     strerror(errno));
	igt_assert_f(ud_xioctl(v->out, VIDIOC_S_OUTPUT, &output) == 0, "S_OUTPUT %d: %s\n",
		     output, strerror(errno));
	igt_assert_f(ud_xioctl(v->cap, VIDIOC_S_DV_TIMINGS, &t) == 0, "S_DV_TIMINGS (capture): "
		     "%s\n", strerror(errno));
	t = (struct v4l2_dv_timings)V4L2_DV_BT_CEA_640X480P59_94;
	igt_assert_f(ud_xioctl(v->out, VIDIOC_S_DV_TIMINGS, &t) == 0, "S_DV_TIMINGS (output): "
		     "%s\n", strerror(errno));
	*cf = ud_set_fmt(v->cap, V4L2_BUF_TYPE_VIDEO_CAPTURE);
	*of = ud_set_fmt(v->out, V4L2_BUF_TYPE_VIDEO_OUTPUT);
	igt_assert_eq_u32(cf->fmt.pix.bytesperline, of->fmt.pix.bytesperline);
}

/* QBUF of a dma-buf. */
static int ud_qbuf(int fd, uint32_t type, uint32_t index, int dmafd, uint32_t length,
		   uint32_t bytesused)
{
	struct v4l2_buffer b;

	memset(&b, 0, sizeof(b));
	b.type = type;
	b.memory = V4L2_MEMORY_DMABUF;
	b.index = index;
	b.m.fd = dmafd;
	b.length = length;
	b.bytesused = bytesused;
	return ud_xioctl(fd, VIDIOC_QBUF, &b) ? -errno : 0;
}

/* DQBUF, waiting up to 10 s. */
static struct v4l2_buffer ud_dqbuf(int fd, uint32_t type, uint32_t memory)
{
	struct pollfd p = { .fd = fd, .events = type == V4L2_BUF_TYPE_VIDEO_OUTPUT ? POLLOUT :
								    POLLIN };
	struct v4l2_buffer b;

	igt_assert_f(poll(&p, 1, 10000) == 1, "no buffer done within 10 s\n");
	memset(&b, 0, sizeof(b));
	b.type = type;
	b.memory = memory;
	igt_assert_f(ud_xioctl(fd, VIDIOC_DQBUF, &b) == 0, "DQBUF: %s\n", strerror(errno));
	igt_assert_f(!(b.flags & V4L2_BUF_FLAG_ERROR), "buffer %u done with the error flag\n",
		     b.index);
	return b;
}

/* One frame into vivid's own buffers (the second one), as the reference. */
static uint8_t *ud_capture_reference(struct ud_v4l2 *v, size_t size)
{
	const uint32_t type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	void *maps[2];
	size_t lens[2];
	uint8_t *frame = malloc(size);
	int n;

	igt_assert(frame);
	n = ud_reqbufs(v->cap, type, V4L2_MEMORY_MMAP, 2);
	igt_assert_eq(n, 2);
	for (int i = 0; i < n; i++) {
		struct v4l2_buffer b = { .type = type, .memory = V4L2_MEMORY_MMAP, .index = i };

		igt_assert_eq(ud_xioctl(v->cap, VIDIOC_QUERYBUF, &b), 0);
		lens[i] = b.length;
		maps[i] = mmap(NULL, b.length, PROT_READ, MAP_SHARED, v->cap, b.m.offset);
		igt_assert(maps[i] != MAP_FAILED);
		igt_assert_eq(ud_xioctl(v->cap, VIDIOC_QBUF, &b), 0);
	}
	ud_stream(v->cap, type, true);
	for (int k = 0; k < 2; k++) {
		struct v4l2_buffer b = ud_dqbuf(v->cap, type, V4L2_MEMORY_MMAP);

		if (k == 1)
			memcpy(frame, maps[b.index], size);
		else
			igt_assert_eq(ud_xioctl(v->cap, VIDIOC_QBUF, &b), 0);
	}
	ud_stream(v->cap, type, false);
	for (int i = 0; i < n; i++)
		munmap(maps[i], lens[i]);
	ud_reqbufs(v->cap, type, V4L2_MEMORY_MMAP, 0);
	return frame;
}

/* Buffers of ours: exports of ranges of the device, or heap buffers. */
struct ud_bufs {
	bool heap;
	int n;
	int fd[UD_MAXBUF];
	uint64_t off[UD_MAXBUF];	/* exports: offset in the device */
	uint64_t size;		/* each */
	uint8_t *map[UD_MAXBUF];	/* our mappings */
};

/*
 * n buffers of size bytes. Exports are placed at first + i * (size + a
 * guard page) in the device, after the device was filled with the fill
 * pattern, so a write outside them shows. Every buffer is filled with the
 * pattern seed + i (at its device position for exports).
 */
static void ud_bufs_init(struct ud_v4l2 *v, struct ud_bufs *b, bool heap, int n, uint64_t size,
			 uint64_t first, uint32_t seed)
{
	memset(b, 0, sizeof(*b));
	b->heap = heap;
	b->n = n;
	b->size = size;
	for (int i = 0; i < n; i++) {
		if (heap) {
			b->fd[i] = ud_heap_alloc(v->heap, size);
		} else {
			b->off[i] = first + i * (size + UD_PAGE);
			igt_assert(b->off[i] + size <= UD_DEV_SIZE);
			b->fd[i] = ud_export(v->dev, b->off[i], size, O_RDWR | O_CLOEXEC, NULL);
		}
		b->map[i] = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, b->fd[i], 0);
		igt_assert_f(b->map[i] != MAP_FAILED, "mmap: %s\n", strerror(errno));
		igt_assert_eq(ud_sync(b->fd[i], DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE), 0);
		ud_fill(b->map[i], size, seed + i, b->off[i]);
		igt_assert_eq(ud_sync(b->fd[i], DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE), 0);
	}
}

/* Copies buffer i's bytes out: exports from the device itself, heap through the map. */
static void ud_bufs_read(struct ud_v4l2 *v, struct ud_bufs *b, int i, uint8_t *out)
{
	if (b->heap) {
		igt_assert_eq(ud_sync(b->fd[i], DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ), 0);
		memcpy(out, b->map[i], b->size);
		igt_assert_eq(ud_sync(b->fd[i], DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ), 0);
	} else {
		igt_assert_eq(pread(v->dev, out, b->size, b->off[i]), (ssize_t)b->size);
	}
}

static void ud_bufs_fini(struct ud_bufs *b)
{
	for (int i = 0; i < b->n; i++) {
		munmap(b->map[i], b->size);
		close(b->fd[i]);
	}
	b->n = 0;
}

/* The device outside exports [first, first + n * (size + page)) holds the fill. */
static void ud_check_guards(struct ud_v4l2 *v, struct ud_bufs *b)
{
	uint8_t *d = malloc(UD_DEV_SIZE);
	uint64_t pos = 0;

	igt_assert(d);
	igt_assert_eq(pread(v->dev, d, UD_DEV_SIZE, 0), (ssize_t)UD_DEV_SIZE);
	for (int i = 0; i <= b->n; i++) {
		uint64_t end = i < b->n ? b->off[i] : UD_DEV_SIZE;
		long at = ud_cmp_pattern(d + pos, end - pos, UD_FILL_SEED, pos);

		igt_assert_f(at < 0, "the device changed outside the exports, at %#" PRIx64 "\n",
			     pos + at);
		if (i < b->n)
			pos = b->off[i] + b->size;
	}
	free(d);
}

static void ud_fill_device(struct ud_v4l2 *v)
{
	uint8_t *d = malloc(UD_DEV_SIZE);

	igt_assert(d);
	ud_fill(d, UD_DEV_SIZE, UD_FILL_SEED, 0);
	igt_assert_eq(pwrite(v->dev, d, UD_DEV_SIZE, 0), (ssize_t)UD_DEV_SIZE);
	free(d);
}

/* --- subtests ------------------------------------------------------------------- */

static void test_capture(struct ud_v4l2 *v, bool heap)
{
	const uint32_t type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	struct v4l2_format f;
	struct ud_bufs b;
	uint8_t *ref, *got;
	uint32_t size;
	int n;

	ud_reset(v);
	f = ud_setup_webcam(v);
	size = f.fmt.pix.sizeimage;
	ref = ud_capture_reference(v, size);
	got = malloc(UD_PAGE_ALIGN(size));
	igt_assert(got);

	ud_fill_device(v);
	ud_bufs_init(v, &b, heap, UD_NBUF, UD_PAGE_ALIGN(size), UD_PAGE, 800);
	n = ud_reqbufs(v->cap, type, V4L2_MEMORY_DMABUF, UD_NBUF);
	igt_assert_eq(n, UD_NBUF);
	for (int i = 0; i < n; i++)
		igt_assert_eq(ud_qbuf(v->cap, type, i, b.fd[i], b.size, 0), 0);
	ud_stream(v->cap, type, true);
	for (int k = 0; k < 2 * UD_NBUF; k++) {
		struct v4l2_buffer d = ud_dqbuf(v->cap, type, V4L2_MEMORY_DMABUF);
		long at;

		igt_assert_lt((int)d.index, n);
		igt_assert_eq_u32(d.bytesused, size);
		ud_bufs_read(v, &b, d.index, got);
		at = ud_cmp(got, ref, size);
		igt_assert_f(at < 0, "frame %d (buffer %u) differs from vivid's own capture at "
			     "byte %ld of %u: 0x%02x, expected 0x%02x%s\n", k, d.index, at, size,
			     got[at], ref[at], ud_cmp_pattern(got, size, 800 + d.index,
							     b.off[d.index]) < 0 ?
			     " (the buffer still holds what we wrote: nothing arrived)" : "");
		/* the tail after sizeimage is the buffer's own */
		igt_assert_eq(ud_cmp_pattern(got + size, b.size - size, 800 + d.index,
					     b.off[d.index] + size), -1);
		/* the next round's frame must be new: refill before re-queueing */
		igt_assert_eq(ud_sync(b.fd[d.index], DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE), 0);
		ud_fill(b.map[d.index], b.size, 800 + d.index, b.off[d.index]);
		igt_assert_eq(ud_sync(b.fd[d.index], DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE), 0);
		igt_assert_eq(ud_qbuf(v->cap, type, d.index, b.fd[d.index], b.size, 0), 0);
	}
	ud_stream(v->cap, type, false);
	ud_reqbufs(v->cap, type, V4L2_MEMORY_DMABUF, 0);
	if (!heap)
		ud_check_guards(v, &b);
	ud_bufs_fini(&b);
	free(got);
	free(ref);
}

static void test_qbuf_too_small(struct ud_v4l2 *v)
{
	const uint32_t type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	struct v4l2_format f;
	int fd, ret;

	ud_reset(v);
	f = ud_setup_webcam(v);
	fd = ud_export(v->dev, 0, UD_PAGE_ALIGN(f.fmt.pix.sizeimage) - UD_PAGE,
		       O_RDWR | O_CLOEXEC, NULL);
	igt_assert_lte(1, ud_reqbufs(v->cap, type, V4L2_MEMORY_DMABUF, 1));
	/* the plane length taken from the dma-buf: too small for the format */
	igt_assert_eq(ud_qbuf(v->cap, type, 0, fd, 0, 0), -EINVAL);
	/* a plane length claimed larger than the dma-buf: vb2 refuses to attach */
	ret = ud_qbuf(v->cap, type, 0, fd, f.fmt.pix.sizeimage, 0);
	igt_assert_f(ret < 0, "QBUF of a dma-buf smaller than the claimed length succeeded\n");
	ud_reqbufs(v->cap, type, V4L2_MEMORY_DMABUF, 0);
	close(fd);
}

static void test_output(struct ud_v4l2 *v, bool heap)
{
	const uint32_t type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
	struct v4l2_format cf, of;
	struct ud_bufs b;
	uint8_t *got;
	int n;

	ud_reset(v);
	ud_setup_hdmi(v, &cf, &of);
	ud_fill_device(v);
	ud_bufs_init(v, &b, heap, 3, UD_PAGE_ALIGN(of.fmt.pix.sizeimage), UD_PAGE, 900);
	got = malloc(b.size);
	igt_assert(got);
	n = ud_reqbufs(v->out, type, V4L2_MEMORY_DMABUF, 3);
	igt_assert_eq(n, 3);
	for (int i = 0; i < n; i++)
		igt_assert_eq(ud_qbuf(v->out, type, i, b.fd[i], b.size, of.fmt.pix.sizeimage), 0);
	ud_stream(v->out, type, true);
	/* vivid keeps the last one queued, returns the others in order */
	for (int i = 0; i < n - 1; i++) {
		struct v4l2_buffer d = ud_dqbuf(v->out, type, V4L2_MEMORY_DMABUF);

		igt_assert_eq_u32(d.index, (uint32_t)i);
		ud_bufs_read(v, &b, i, got);
		igt_assert_f(ud_cmp_pattern(got, b.size, 900 + i, b.off[i]) < 0,
			     "output buffer %d changed\n", i);
	}
	ud_stream(v->out, type, false);
	ud_reqbufs(v->out, type, V4L2_MEMORY_DMABUF, 0);
	ud_bufs_read(v, &b, n - 1, got);
	igt_assert_f(ud_cmp_pattern(got, b.size, 900 + n - 1, b.off[n - 1]) < 0,
		     "output buffer %d changed\n", n - 1);
	if (!heap)
		ud_check_guards(v, &b);
	ud_bufs_fini(&b);
	free(got);
}

/*
 * Output buffers A and B (two patterns) are queued; vivid outputs A, then B
 * (and keeps B, the last). Capture must see exactly A or B in every frame,
 * and B in the last ones.
 */
static void test_loopback(struct ud_v4l2 *v, bool heap)
{
	const uint32_t ct = V4L2_BUF_TYPE_VIDEO_CAPTURE, ot = V4L2_BUF_TYPE_VIDEO_OUTPUT;
	struct v4l2_format cf, of;
	struct ud_bufs ob, cb;
	uint8_t *frame, *want[2];
	int seen_b = 0, frames = 0, n;
	uint32_t size;

	ud_reset(v);
	ud_setup_hdmi(v, &cf, &of);
	ud_set_ctrl(v->cap, v->ctrl_loop, 1);
	size = cf.fmt.pix.sizeimage;
	ud_fill_device(v);
	ud_bufs_init(v, &ob, heap, 2, UD_PAGE_ALIGN(size), UD_PAGE, 1000);
	ud_bufs_init(v, &cb, heap, 3, UD_PAGE_ALIGN(size), UD_PAGE + 2 * (ob.size + UD_PAGE),
		     1100);
	frame = malloc(cb.size);
	for (int i = 0; i < 2; i++) {
		want[i] = malloc(ob.size);
		igt_assert(want[i]);
		ud_fill(want[i], ob.size, 1000 + i, ob.off[i]);
	}
	igt_assert(frame);

	igt_assert_eq(ud_reqbufs(v->out, ot, V4L2_MEMORY_DMABUF, 2), 2);
	for (int i = 0; i < 2; i++)
		igt_assert_eq(ud_qbuf(v->out, ot, i, ob.fd[i], ob.size, size), 0);
	ud_stream(v->out, ot, true);
	n = ud_reqbufs(v->cap, ct, V4L2_MEMORY_DMABUF, 3);
	igt_assert_eq(n, 3);
	for (int i = 0; i < n; i++)
		igt_assert_eq(ud_qbuf(v->cap, ct, i, cb.fd[i], cb.size, 0), 0);
	ud_stream(v->cap, ct, true);

	/* until three frames in a row are B */
	while (seen_b < 3) {
		struct v4l2_buffer d = ud_dqbuf(v->cap, ct, V4L2_MEMORY_DMABUF);
		long at_a, at_b;

		igt_assert_lt((int)d.index, n);
		igt_assert_eq_u32(d.bytesused, size);
		ud_bufs_read(v, &cb, d.index, frame);
		at_a = ud_cmp(frame, want[0], size);
		at_b = ud_cmp(frame, want[1], size);
		igt_assert_f(at_a < 0 || at_b < 0, "captured frame %d (buffer %u) is neither output "
			     "buffer: differs from the last at byte %ld (0x%02x, expected 0x%02x)%s\n",
			     frames, d.index, at_b, frame[at_b], want[1][at_b],
			     ud_cmp_pattern(frame, size, 1100 + d.index, cb.off[d.index]) < 0 ?
			     "; the capture buffer still holds what we wrote" : "");
		igt_assert_f(at_b < 0 || seen_b == 0, "frame %d shows the first output buffer again "
			     "after the second\n", frames);
		seen_b = at_b < 0 ? seen_b + 1 : 0;
		frames++;
		igt_assert_f(frames <= 30, "the second output buffer was not captured in 30 "
			     "frames\n");
		igt_assert_eq(ud_sync(cb.fd[d.index], DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE), 0);
		ud_fill(cb.map[d.index], cb.size, 1100 + d.index, cb.off[d.index]);
		igt_assert_eq(ud_sync(cb.fd[d.index], DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE), 0);
		igt_assert_eq(ud_qbuf(v->cap, ct, d.index, cb.fd[d.index], cb.size, 0), 0);
	}
	igt_info("%d frames captured, the last 3 of the second output buffer\n", frames);
	/* A came back, unchanged; B stays with vivid until STREAMOFF */
	{
		struct v4l2_buffer d = ud_dqbuf(v->out, ot, V4L2_MEMORY_DMABUF);

		igt_assert_eq_u32(d.index, 0);
	}
	ud_stream(v->cap, ct, false);
	ud_stream(v->out, ot, false);
	ud_reqbufs(v->cap, ct, V4L2_MEMORY_DMABUF, 0);
	ud_reqbufs(v->out, ot, V4L2_MEMORY_DMABUF, 0);
	ud_set_ctrl(v->cap, v->ctrl_loop, 0);
	for (int i = 0; i < 2; i++) {
		ud_bufs_read(v, &ob, i, frame);
		igt_assert_f(ud_cmp(frame, want[i], ob.size) < 0, "output buffer %d changed\n", i);
	}
	if (!heap) {
		/* the guard pages of both sets, and the rest, hold the fill */
		struct ud_bufs all = { .n = 5, .size = ob.size };

		for (int i = 0; i < 5; i++)
			all.off[i] = i < 2 ? ob.off[i] : cb.off[i - 2];
		ud_check_guards(v, &all);
	}
	ud_bufs_fini(&cb);
	ud_bufs_fini(&ob);
	free(want[0]);
	free(want[1]);
	free(frame);
}

igt_main
{
	static struct ud_v4l2 vv = { .cap = -1, .out = -1, .dev = -1, .heap = -1 };
	struct ud_v4l2 *v = &vv;

	igt_fixture {
		v->heap = ud_require_heap();
		ud_require_mgr();
		v->dev = ud_create_device(UD_DEV, UD_DEV_SIZE);
	}

	for (int m = UD_VMALLOC; m <= UD_DMA_CONTIG; m++) {
		const char *a = ud_alloc_name[m];

		igt_subtest_group {
			igt_fixture {
				/* nodes a skipped group left open would keep vivid loaded */
				if (v->cap >= 0)
					close(v->cap);
				if (v->out >= 0)
					close(v->out);
				v->cap = v->out = -1;
				igt_require_f(ud_vivid_load(v, m), "vivid cannot be loaded with "
					      "allocators=%d\n", m);
				for (int i = 0; i < 100 && (v->cap < 0 || v->out < 0); i++) {
					if (v->cap < 0)
						v->cap = ud_vivid_node(V4L2_CAP_VIDEO_CAPTURE,
								       v->cap_path,
								       sizeof(v->cap_path));
					if (v->out < 0)
						v->out = ud_vivid_node(V4L2_CAP_VIDEO_OUTPUT,
								       v->out_path,
								       sizeof(v->out_path));
					if (v->cap < 0 || v->out < 0)
						ud_sleep_ms(20);
				}
				igt_require_f(v->cap >= 0 && v->out >= 0,
					      "no vivid video capture and output nodes\n");
				v->ctrl_loop = ud_find_ctrl(v->cap, "Loop Video");
				v->ctrl_osd = ud_find_ctrl(v->cap, "OSD Text Mode");
				igt_require_f(v->ctrl_loop && v->ctrl_osd, "vivid has no \"Loop "
					      "Video\" or \"OSD Text Mode\" control\n");
				igt_info("vivid (%s): capture %s, output %s\n", a, v->cap_path,
					 v->out_path);
			}

			igt_describe_f("vivid (vb2-%s) captures into exports of a u-dma-buf "
				       "device: every frame equals one captured into vivid's own "
				       "buffers and lands at the export's offset, nowhere else.", a);
			igt_subtest_f("capture-export-%s", a)
				test_capture(v, false);

			igt_describe_f("vivid (vb2-%s) captures into heap buffers: every frame "
				       "equals one captured into vivid's own buffers.", a);
			igt_subtest_f("capture-heap-%s", a)
				test_capture(v, true);

			igt_describe_f("vivid (vb2-%s) refuses capture buffers smaller than the "
				       "format needs.", a);
			igt_subtest_f("qbuf-too-small-%s", a)
				test_qbuf_too_small(v);

			igt_describe_f("vivid (vb2-%s) outputs from exports of a u-dma-buf device "
				       "and gives them back in order, unchanged.", a);
			igt_subtest_f("output-export-%s", a)
				test_output(v, false);

			igt_describe_f("vivid (vb2-%s) outputs from heap buffers and gives them "
				       "back in order, unchanged.", a);
			igt_subtest_f("output-heap-%s", a)
				test_output(v, true);

			igt_describe_f("vivid (vb2-%s) loops its HDMI output back to its HDMI input: "
				       "what it outputs from two exports is captured into three "
				       "other exports byte for byte.", a);
			igt_subtest_f("loopback-export-%s", a)
				test_loopback(v, false);

			igt_describe_f("vivid (vb2-%s) loops its HDMI output back to its HDMI input: "
				       "what it outputs from two heap buffers is captured into "
				       "three other heap buffers byte for byte.", a);
			igt_subtest_f("loopback-heap-%s", a)
				test_loopback(v, true);

			igt_fixture {
				close(v->cap);
				close(v->out);
				v->cap = v->out = -1;
			}
		}
	}

	igt_fixture {
		const char *unload[] = { "modprobe", "-r", "vivid", NULL };

		if (v->cap >= 0)
			close(v->cap);
		if (v->out >= 0)
			close(v->out);
		if (v->loaded_vivid)
			igt_assert_eq(ud_run(unload), 0);
		close(v->dev);
		ud_delete_device(UD_DEV);
		close(v->heap);
	}
}
