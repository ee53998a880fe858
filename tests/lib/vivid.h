/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vivid, the virtual video test driver, as a capture device: finding its
 * capture node, a YUYV format, buffers, streaming, and one reference frame
 * captured into vivid's own (MMAP) buffers to compare others with; then,
 * with a check for each step, capturing into dma-bufs (V4L2_MEMORY_DMABUF:
 * tl_vivid_setup(), tl_vivid_reqbufs_dmabuf(), tl_vivid_qbuf_dmabuf(),
 * tl_vivid_capture_dmabuf(), tl_vivid_check_lines()). Test names start
 * with the caller's label.
 */
#ifndef UDMABUF_TEST_VIVID_H
#define UDMABUF_TEST_VIVID_H

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/videodev2.h>

#include "t.h"

struct tl_vivid {
	int fd;
	char path[32];
	struct v4l2_format fmt;	/* what S_FMT settled on */
};

/* ioctl() retried on EINTR. */
static inline int tl_xioctl(int fd, unsigned long req, void *arg)
{
	int r;

	do
		r = ioctl(fd, req, arg);
	while (r && errno == EINTR);
	return r;
}

/* Opens vivid's first streaming capture node: its fd (also v->fd) or -1. */
static inline int tl_vivid_open(struct tl_vivid *v)
{
	struct v4l2_capability cap;
	int i, fd;

	memset(v, 0, sizeof(*v));
	v->fd = -1;
	for (i = 0; i < 64; i++) {
		snprintf(v->path, sizeof(v->path), "/dev/video%d", i);
		fd = open(v->path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		memset(&cap, 0, sizeof(cap));
		if (!tl_xioctl(fd, VIDIOC_QUERYCAP, &cap) && !strcmp((char *)cap.driver, "vivid") &&
		    (cap.capabilities & V4L2_CAP_DEVICE_CAPS) &&
		    (cap.device_caps & V4L2_CAP_VIDEO_CAPTURE) &&
		    (cap.device_caps & V4L2_CAP_STREAMING)) {
			v->fd = fd;
			return fd;
		}
		close(fd);
	}
	v->path[0] = 0;
	return -1;
}

/* S_FMT width x height YUYV, progressive: 0, or -1 when refused or changed. */
static inline int tl_vivid_set_format(struct tl_vivid *v, unsigned int width, unsigned int height)
{
	struct v4l2_pix_format *pix = &v->fmt.fmt.pix;

	memset(&v->fmt, 0, sizeof(v->fmt));
	v->fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	pix->width = width;
	pix->height = height;
	pix->pixelformat = V4L2_PIX_FMT_YUYV;
	pix->field = V4L2_FIELD_NONE;
	if (tl_xioctl(v->fd, VIDIOC_S_FMT, &v->fmt))
		return -1;
	return pix->width == width && pix->height == height &&
	       pix->pixelformat == V4L2_PIX_FMT_YUYV ? 0 : -1;
}

/* VIDIOC_REQBUFS: the number of buffers granted, or -1 with errno. */
static inline int tl_vivid_reqbufs(struct tl_vivid *v, enum v4l2_memory mem, unsigned int count)
{
	struct v4l2_requestbuffers r;

	memset(&r, 0, sizeof(r));
	r.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	r.memory = mem;
	r.count = count;
	if (tl_xioctl(v->fd, VIDIOC_REQBUFS, &r))
		return -1;
	return r.count;
}

static inline int tl_vivid_stream(struct tl_vivid *v, int on)
{
	int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;

	return tl_xioctl(v->fd, on ? VIDIOC_STREAMON : VIDIOC_STREAMOFF, &type);
}

/* Waits up to 10 s for a frame and dequeues it: 0 or -1 with errno. */
static inline int tl_vivid_dqbuf(struct tl_vivid *v, struct v4l2_buffer *b, enum v4l2_memory mem)
{
	struct pollfd p = { .fd = v->fd, .events = POLLIN };

	if (poll(&p, 1, 10000) != 1)
		return errno = ETIMEDOUT, -1;
	memset(b, 0, sizeof(*b));
	b->type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
	b->memory = mem;
	return tl_xioctl(v->fd, VIDIOC_DQBUF, b);
}

/*
 * One frame captured into vivid's own buffers, copied into a malloc'ed
 * buffer of sizeimage bytes: the reference. NULL when vivid has no MMAP
 * buffers; any later step failing ends the program.
 */
static inline uint8_t *tl_vivid_capture_mmap(struct tl_vivid *v)
{
	size_t size = v->fmt.fmt.pix.sizeimage, lens[4];
	void *maps[4];
	struct v4l2_buffer b;
	uint8_t *frame = NULL;
	int n, i, k;

	n = tl_vivid_reqbufs(v, V4L2_MEMORY_MMAP, 2);
	if (n < 1)
		return NULL;
	if (n > 4)
		n = 4;
	for (i = 0; i < n; i++) {
		memset(&b, 0, sizeof(b));
		b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
		b.memory = V4L2_MEMORY_MMAP;
		b.index = i;
		if (tl_xioctl(v->fd, VIDIOC_QUERYBUF, &b))
			t_die("VIDIOC_QUERYBUF");
		lens[i] = b.length;
		maps[i] = mmap(NULL, b.length, PROT_READ, MAP_SHARED, v->fd, b.m.offset);
		if (maps[i] == MAP_FAILED)
			t_die("mmap of a vivid buffer");
		if (tl_xioctl(v->fd, VIDIOC_QBUF, &b))
			t_die("VIDIOC_QBUF (MMAP)");
	}
	if (tl_vivid_stream(v, 1))
		t_die("VIDIOC_STREAMON (MMAP)");
	/* the second frame: the first may come before the pattern settles */
	for (k = 0; k < 2; k++) {
		if (tl_vivid_dqbuf(v, &b, V4L2_MEMORY_MMAP))
			t_die("VIDIOC_DQBUF (MMAP)");
		if (k == 1) {
			frame = malloc(size);
			if (!frame)
				t_die("malloc");
			memcpy(frame, maps[b.index], size);
		} else if (tl_xioctl(v->fd, VIDIOC_QBUF, &b)) {
			t_die("VIDIOC_QBUF (MMAP)");
		}
	}
	tl_vivid_stream(v, 0);
	for (i = 0; i < n; i++)
		munmap(maps[i], lens[i]);
	tl_vivid_reqbufs(v, V4L2_MEMORY_MMAP, 0);
	return frame;
}

/* tl_vivid_setup(): the S_FMT check names the capture node too. */
#define TL_VIVID_NAME_NODE	0x1

/* How many frames tl_vivid_capture_dmabuf() captures ("three frames captured"). */
#define TL_VIVID_FRAMES		3

/*
 * Opens vivid, sets @width x @height YUYV and captures the reference frame
 * (tl_vivid_capture_mmap()), a check each: "LABEL: a vivid capture node",
 * "LABEL: S_FMT WxH YUYV" ("LABEL: /dev/videoN: S_FMT ..." with
 * TL_VIVID_NAME_NODE in @flags) and "LABEL: reference capture into MMAP
 * buffers". The reference frame, or NULL after the first failed check.
 */
static inline uint8_t *tl_vivid_setup(struct tl_vivid *v, const char *label, unsigned int flags,
				      unsigned int width, unsigned int height)
{
	char name[96];
	uint8_t *ref;

	tl_vivid_open(v);
	if (!t_check(v->fd >= 0, "%s: a vivid capture node", label))
		return NULL;
	if (flags & TL_VIVID_NAME_NODE)
		snprintf(name, sizeof(name), "%s: %s", label, v->path);
	else
		snprintf(name, sizeof(name), "%s", label);
	if (!t_check_ret(tl_vivid_set_format(v, width, height), 0, "%s: S_FMT %ux%u YUYV", name,
			 width, height))
		return NULL;
	ref = tl_vivid_capture_mmap(v);
	t_check(ref != NULL, "%s: reference capture into MMAP buffers", label);
	return ref;
}

/*
 * VIDIOC_REQBUFS of @max DMABUF buffers, of which at least two must be
 * granted: PASS or FAIL "LABEL: REQBUFS V4L2_MEMORY_DMABUF (N buffers)".
 * The number to use (at most @max), or -1.
 */
static inline int tl_vivid_reqbufs_dmabuf(struct tl_vivid *v, const char *label, int max)
{
	int n = tl_vivid_reqbufs(v, V4L2_MEMORY_DMABUF, max);

	if (!t_check(n >= 2, "%s: REQBUFS V4L2_MEMORY_DMABUF (%d buffers)", label, n))
		return -1;
	return n > max ? max : n;
}

/* VIDIOC_QBUF of dma-buf @fd (@length bytes) as buffer @index: 0 or -1 with errno. */
static inline int tl_vivid_qbuf_dmabuf(struct tl_vivid *v, unsigned int index, int fd,
				       uint32_t length)
{
	struct v4l2_buffer b = {
		.type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .memory = V4L2_MEMORY_DMABUF,
		.index = index, .m.fd = fd, .length = length,
	};

	return tl_xioctl(v->fd, VIDIOC_QBUF, &b);
}

/*
 * Compares the lines below vivid's text overlay (the bottom half: the
 * bottom of the colour bars, which do not change) of @frame, capture @k,
 * with the reference: PASS or FAIL "LABEL: frame K: lines H/2..H-1 equal
 * the MMAP capture's".
 */
static inline int tl_vivid_check_lines(const struct tl_vivid *v, const uint8_t *frame,
				       const uint8_t *ref, int k, const char *label)
{
	unsigned int bpl = v->fmt.fmt.pix.bytesperline, h = v->fmt.fmt.pix.height, line, ok = 0;

	for (line = h / 2; line < h; line++)
		ok += !memcmp(frame + line * bpl, ref + line * bpl, bpl);
	return t_check_u64(ok, h - h / 2, "%s: frame %d: lines %u..%u equal the MMAP capture's",
			   label, k, h / 2, h - 1);
}

/* What a test checks in capture @k, which vivid wrote into its buffer b->index. */
typedef void tl_vivid_frame_fn(void *ctx, const struct v4l2_buffer *b, int k);

/*
 * Streams the @n DMABUF buffers queued (tl_vivid_qbuf_dmabuf()) for
 * TL_VIVID_FRAMES frames: "LABEL: STREAMON"; for each frame "LABEL: DQBUF
 * frame K", "LABEL: frame K: buffer I without error flag" and "LABEL: frame
 * K: bytesused is sizeimage", then @check(@ctx, buffer, K) and the buffer
 * queued again (FAIL "LABEL: re-QBUF: ..." when it cannot be); then "LABEL:
 * three frames captured", "LABEL: STREAMOFF" and "LABEL: REQBUFS 0". 0, or
 * -1 when STREAMON failed.
 */
static inline int tl_vivid_capture_dmabuf(struct tl_vivid *v, int n, const char *label,
					  tl_vivid_frame_fn *check, void *ctx)
{
	unsigned int frames = 0;
	struct v4l2_buffer b;
	int k;

	if (!t_check_ret(tl_vivid_stream(v, 1), 0, "%s: STREAMON", label))
		return -1;
	for (k = 0; k < TL_VIVID_FRAMES; k++) {
		if (!t_check_ret(tl_vivid_dqbuf(v, &b, V4L2_MEMORY_DMABUF), 0, "%s: DQBUF frame %d",
				 label, k))
			break;
		if (!t_check(b.index < (unsigned int)n && !(b.flags & V4L2_BUF_FLAG_ERROR),
			     "%s: frame %d: buffer %u without error flag", label, k, b.index))
			break;
		frames++;
		t_check_u64(b.bytesused, v->fmt.fmt.pix.sizeimage,
			    "%s: frame %d: bytesused is sizeimage", label, k);
		check(ctx, &b, k);
		if (k < TL_VIVID_FRAMES - 1 && tl_xioctl(v->fd, VIDIOC_QBUF, &b))
			t_check(0, "%s: re-QBUF: %s", label, strerror(errno));
	}
	t_check_u64(frames, TL_VIVID_FRAMES, "%s: three frames captured", label);
	t_check_ret(tl_vivid_stream(v, 0), 0, "%s: STREAMOFF", label);
	t_check_ret(tl_vivid_reqbufs(v, V4L2_MEMORY_DMABUF, 0), 0, "%s: REQBUFS 0", label);
	return 0;
}

#endif
