// SPDX-License-Identifier: GPL-2.0
/*
 * vivid captures into heap buffers (V4L2_MEMORY_DMABUF), as into exports:
 * buffers of PAGE_ALIGN(sizeimage) bytes from HEAP are filled with a
 * pattern and queued; each dequeued frame must have replaced the pattern
 * in the buffer (read through its own mapping) and equal, on the lines
 * below vivid's changing text overlay, a capture into vivid's own MMAP
 * buffers. For a sub-allocating heap (its device named like it) the frame
 * must also be in the device's memory at the buffer's DMA_ADDR offset.
 *
 * usage: heap-vivid HEAP LABEL     (vivid loaded; LABEL prefixes names)
 */
#include <poll.h>

#include <linux/videodev2.h>

#include "heap.h"

#define NBUF	4
#define W	640
#define H	480

static const char *label;
static int vfd;
static struct v4l2_format fmt;

static int xioctl(int fd, unsigned long req, void *arg)
{
	int r;

	do
		r = ioctl(fd, req, arg);
	while (r && errno == EINTR);
	return r;
}

static int find_capture(char *path, size_t len)
{
	struct v4l2_capability cap;
	char p[32];
	int i, fd;

	for (i = 0; i < 64; i++) {
		snprintf(p, sizeof(p), "/dev/video%d", i);
		fd = open(p, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		memset(&cap, 0, sizeof(cap));
		if (!xioctl(fd, VIDIOC_QUERYCAP, &cap) && !strcmp((char *)cap.driver, "vivid") &&
		    (cap.capabilities & V4L2_CAP_DEVICE_CAPS) &&
		    (cap.device_caps & V4L2_CAP_VIDEO_CAPTURE) &&
		    (cap.device_caps & V4L2_CAP_STREAMING)) {
			snprintf(path, len, "%s", p);
			return fd;
		}
		close(fd);
	}
	return -1;
}

static int set_format(void)
{
	memset(&fmt, 0, sizeof(fmt));
	fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	fmt.fmt.pix.width = W;
	fmt.fmt.pix.height = H;
	fmt.fmt.pix.pixelformat = V4L2_PIX_FMT_YUYV;
	fmt.fmt.pix.field = V4L2_FIELD_NONE;
	if (xioctl(vfd, VIDIOC_S_FMT, &fmt))
		return -1;
	return fmt.fmt.pix.width == W && fmt.fmt.pix.height == H &&
	       fmt.fmt.pix.pixelformat == V4L2_PIX_FMT_YUYV ? 0 : -1;
}

static int dqbuf(struct v4l2_buffer *b, enum v4l2_memory mem)
{
	struct pollfd p = { .fd = vfd, .events = POLLIN };

	if (poll(&p, 1, 10000) != 1)
		return errno = ETIMEDOUT, -1;
	memset(b, 0, sizeof(*b));
	b->type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	b->memory = mem;
	return xioctl(vfd, VIDIOC_DQBUF, b);
}

static int reqbufs(enum v4l2_memory mem, unsigned int count)
{
	struct v4l2_requestbuffers r;

	memset(&r, 0, sizeof(r));
	r.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	r.memory = mem;
	r.count = count;
	if (xioctl(vfd, VIDIOC_REQBUFS, &r))
		return -1;
	return r.count;
}

static int stream(int on)
{
	int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;

	return xioctl(vfd, on ? VIDIOC_STREAMON : VIDIOC_STREAMOFF, &type);
}

/* One frame into vivid's own buffers: the reference. */
static uint8_t *capture_mmap(void)
{
	void *maps[NBUF];
	size_t lens[NBUF];
	struct v4l2_buffer b;
	uint8_t *frame = NULL;
	int n, i, k;

	n = reqbufs(V4L2_MEMORY_MMAP, 2);
	if (n < 1)
		return NULL;
	for (i = 0; i < n && i < NBUF; i++) {
		memset(&b, 0, sizeof(b));
		b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
		b.memory = V4L2_MEMORY_MMAP;
		b.index = i;
		if (xioctl(vfd, VIDIOC_QUERYBUF, &b))
			hp_die("VIDIOC_QUERYBUF");
		lens[i] = b.length;
		maps[i] = mmap(NULL, b.length, PROT_READ, MAP_SHARED, vfd, b.m.offset);
		if (maps[i] == MAP_FAILED)
			hp_die("mmap of a vivid buffer");
		if (xioctl(vfd, VIDIOC_QBUF, &b))
			hp_die("VIDIOC_QBUF (MMAP)");
	}
	if (stream(1))
		hp_die("VIDIOC_STREAMON (MMAP)");
	for (k = 0; k < 2; k++) {
		if (dqbuf(&b, V4L2_MEMORY_MMAP))
			hp_die("VIDIOC_DQBUF (MMAP)");
		if (k == 1) {
			frame = malloc(fmt.fmt.pix.sizeimage);
			if (!frame)
				hp_die("malloc");
			memcpy(frame, maps[b.index], fmt.fmt.pix.sizeimage);
		} else if (xioctl(vfd, VIDIOC_QBUF, &b)) {
			hp_die("VIDIOC_QBUF (MMAP)");
		}
	}
	stream(0);
	for (i = 0; i < n && i < NBUF; i++)
		munmap(maps[i], lens[i]);
	reqbufs(V4L2_MEMORY_MMAP, 0);
	return frame;
}

int main(int argc, char **argv)
{
	unsigned long long b0;
	int fds[NBUF], n, i, k, fds0, h, devfd = -1;
	unsigned int bpl, size, line, lines_ok, frames = 0;
	uint64_t len, offs[NBUF];
	uint8_t *ref, *maps[NBUF], *got;
	const char *heap;
	char path[32];
	struct v4l2_buffer b;

	if (argc != 3) {
		fprintf(stderr, "usage: heap-vivid HEAP LABEL\n");
		return 2;
	}
	hp_init();
	heap = argv[1];
	label = argv[2];
	fds0 = hp_count_fds();
	b0 = hp_heap_attr(heap, "buffers_in_use");
	vfd = find_capture(path, sizeof(path));
	if (!hp_check(vfd >= 0, "%s: a vivid capture node", label))
		return t_done();
	if (!hp_check_ret(set_format(), 0, "%s: S_FMT %dx%d YUYV", label, W, H))
		return t_done();
	bpl = fmt.fmt.pix.bytesperline;
	size = fmt.fmt.pix.sizeimage;
	ref = capture_mmap();
	if (!hp_check(ref != NULL, "%s: reference capture into MMAP buffers", label))
		return t_done();
	if (strcmp(heap, HP_MAIN))
		devfd = hp_open_dev(heap);
	got = malloc(size);
	if (!got)
		hp_die("malloc");

	h = hp_open_or_die(heap);
	len = HP_PAGE_ALIGN(size);
	n = reqbufs(V4L2_MEMORY_DMABUF, NBUF);
	if (!hp_check(n >= 2, "%s: REQBUFS V4L2_MEMORY_DMABUF (%d buffers)", label, n))
		return t_done();
	if (n > NBUF)
		n = NBUF;
	for (i = 0; i < n; i++) {
		struct u_dma_buf_heap_dma_addr q;

		fds[i] = hp_alloc_or_die(h, len);
		offs[i] = hp_dma_addr(h, fds[i], 0, &q) ? ~0ULL : q.offset;
		maps[i] = hp_map(fds[i], len, PROT_READ | PROT_WRITE);
		if (maps[i] == MAP_FAILED)
			hp_die("mmap of a heap buffer");
		hp_sync(fds[i], DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
		hp_fill(maps[i], len, 700 + i);
		hp_sync(fds[i], DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
		memset(&b, 0, sizeof(b));
		b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
		b.memory = V4L2_MEMORY_DMABUF;
		b.index = i;
		b.m.fd = fds[i];
		b.length = len;
		if (!hp_check_ret(xioctl(vfd, VIDIOC_QBUF, &b), 0,
				  "%s: QBUF of heap buffer %d (%llu bytes)", label, i,
				  (unsigned long long)len))
			return t_done();
	}
	if (!hp_check_ret(stream(1), 0, "%s: STREAMON", label))
		return t_done();

	for (k = 0; k < 3; k++) {
		long same = 0;
		unsigned int j;
		uint8_t *m;

		if (!hp_check_ret(dqbuf(&b, V4L2_MEMORY_DMABUF), 0, "%s: DQBUF frame %d", label, k))
			break;
		if (!hp_check(b.index < (unsigned int)n && !(b.flags & V4L2_BUF_FLAG_ERROR),
			      "%s: frame %d: buffer %u without error flag", label, k, b.index))
			break;
		frames++;
		hp_check_u64(b.bytesused, size, "%s: frame %d: bytesused is sizeimage", label, k);
		m = maps[b.index];
		hp_sync(fds[b.index], DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
		memcpy(got, m, size);
		hp_sync(fds[b.index], DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
		for (j = 0; j < size; j++)
			same += got[j] == hp_pat(700 + b.index, j);
		hp_check(same < size / 32, "%s: frame %d: the heap buffer holds a frame, not the fill "
			 "(%ld of %u bytes unchanged)", label, k, same, size);
		lines_ok = 0;
		for (line = H / 2; line < H; line++)
			lines_ok += !memcmp(got + line * bpl, ref + line * bpl, bpl);
		hp_check_u64(lines_ok, H - H / 2, "%s: frame %d: lines %d..%d equal the MMAP capture's",
			     label, k, H / 2, H - 1);
		if (devfd >= 0) {
			uint8_t *d = malloc(size);

			if (!d || pread(devfd, d, size, (off_t)offs[b.index]) != (ssize_t)size)
				hp_die("pread of the device");
			hp_check(!memcmp(d, got, size), "%s: frame %d: the frame is in the device at "
				 "the buffer's offset", label, k);
			free(d);
		}
		if (k < 2 && xioctl(vfd, VIDIOC_QBUF, &b))
			hp_check(0, "%s: re-QBUF: %s", label, strerror(errno));
	}
	hp_check_u64(frames, 3, "%s: three frames captured", label);
	hp_check_ret(stream(0), 0, "%s: STREAMOFF", label);
	hp_check_ret(reqbufs(V4L2_MEMORY_DMABUF, 0), 0, "%s: REQBUFS 0", label);
	for (i = 0; i < n; i++) {
		munmap(maps[i], len);
		close(fds[i]);
	}
	close(h);
	if (devfd >= 0)
		close(devfd);
	free(got);
	free(ref);
	close(vfd);
	hp_check_u64(hp_heap_attr(heap, "buffers_in_use"), b0, "%s: the heap's buffers are freed",
		     label);
	hp_check_u64(hp_count_fds(), fds0, "%s: no fd left open", label);
	return t_done();
}
