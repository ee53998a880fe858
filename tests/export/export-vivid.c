// SPDX-License-Identifier: GPL-2.0
/*
 * vivid captures into exports (V4L2_MEMORY_DMABUF): page-aligned ranges of
 * one device are queued as capture buffers; the frames vivid writes must
 * appear in the device at the export offsets, replace the fill pattern,
 * leave the bytes between the exports alone, and equal (on lines without
 * vivid's changing text overlay) a capture into vivid's own MMAP buffers.
 *
 * usage: export-vivid DEVICE LABEL   (vivid loaded; LABEL prefixes test names)
 */
#include <poll.h>

#include <linux/videodev2.h>

#include "export.h"

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
			ex_die("VIDIOC_QUERYBUF");
		lens[i] = b.length;
		maps[i] = mmap(NULL, b.length, PROT_READ, MAP_SHARED, vfd, b.m.offset);
		if (maps[i] == MAP_FAILED)
			ex_die("mmap of a vivid buffer");
		if (xioctl(vfd, VIDIOC_QBUF, &b))
			ex_die("VIDIOC_QBUF (MMAP)");
	}
	if (stream(1))
		ex_die("VIDIOC_STREAMON (MMAP)");
	/* the second frame: the first may come before the pattern settles */
	for (k = 0; k < 2; k++) {
		if (dqbuf(&b, V4L2_MEMORY_MMAP))
			ex_die("VIDIOC_DQBUF (MMAP)");
		if (k == 1) {
			frame = malloc(fmt.fmt.pix.sizeimage);
			memcpy(frame, maps[b.index], fmt.fmt.pix.sizeimage);
		} else if (xioctl(vfd, VIDIOC_QBUF, &b)) {
			ex_die("VIDIOC_QBUF (MMAP)");
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
	uint64_t dsize, esize, stride, off[NBUF];
	int devfd, fds[NBUF], n, i, k, fds0;
	unsigned int bpl, size, line, lines_ok, frames = 0;
	uint8_t *ref, *got;
	char path[32], why[160];
	struct v4l2_buffer b;

	if (argc != 3) {
		fprintf(stderr, "usage: export-vivid DEVICE LABEL\n");
		return 2;
	}
	label = argv[2];
	fds0 = ex_count_fds();
	vfd = find_capture(path, sizeof(path));
	if (!t_check(vfd >= 0, "%s: a vivid capture node", label))
		return t_done();
	if (!t_check_ret(set_format(), 0, "%s: %s: S_FMT %dx%d YUYV", label, path, W, H))
		return t_done();
	bpl = fmt.fmt.pix.bytesperline;
	size = fmt.fmt.pix.sizeimage;
	ref = capture_mmap();
	if (!t_check(ref != NULL, "%s: reference capture into MMAP buffers", label))
		return t_done();

	devfd = ex_open_dev_or_die(argv[1]);
	dsize = ex_dev_size(devfd);
	esize = EX_PAGE_ALIGN(size);
	stride = esize + EX_PAGE;	/* one untouched page between exports */
	if (dsize < NBUF * stride) {
		printf("FAIL: %s: %s is smaller than %llu bytes\n", label, argv[1],
		       (unsigned long long)(NBUF * stride));
		return 1;
	}
	if (ex_fill_dev(devfd, 0, dsize, 700, 0))
		ex_die("filling the device");

	n = reqbufs(V4L2_MEMORY_DMABUF, NBUF);
	if (!t_check(n >= 2, "%s: REQBUFS V4L2_MEMORY_DMABUF (%d buffers)", label, n))
		return t_done();
	if (n > NBUF)
		n = NBUF;
	for (i = 0; i < n; i++) {
		off[i] = EX_PAGE + i * stride;
		fds[i] = ex_export_or_die(devfd, off[i], esize, O_RDWR | O_CLOEXEC);
		memset(&b, 0, sizeof(b));
		b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
		b.memory = V4L2_MEMORY_DMABUF;
		b.index = i;
		b.m.fd = fds[i];
		b.length = esize;
		if (!t_check_ret(xioctl(vfd, VIDIOC_QBUF, &b), 0,
				 "%s: QBUF of export %d (0x%llx + %llu)", label, i,
				 (unsigned long long)off[i], (unsigned long long)esize))
			return t_done();
	}
	if (!t_check_ret(stream(1), 0, "%s: STREAMON", label))
		return t_done();

	got = malloc(size);
	for (k = 0; k < 3; k++) {
		long same = 0;
		unsigned int j;

		if (!t_check_ret(dqbuf(&b, V4L2_MEMORY_DMABUF), 0, "%s: DQBUF frame %d", label, k))
			break;
		if (!t_check(b.index < (unsigned int)n && !(b.flags & V4L2_BUF_FLAG_ERROR),
			     "%s: frame %d: buffer %u without error flag", label, k, b.index))
			break;
		frames++;
		t_check_u64(b.bytesused, size, "%s: frame %d: bytesused is sizeimage", label, k);
		if (pread(devfd, got, size, (off_t)off[b.index]) != (ssize_t)size)
			ex_die("pread of the frame");
		for (j = 0; j < size; j++)
			same += got[j] == ex_pat(700, off[b.index] + j);
		t_check(same < size / 32,
			"%s: frame %d: the device at the export offset holds a frame, not the fill "
			"(%ld of %u bytes unchanged)", label, k, same, size);
		/* lines below vivid's text overlay (the bottom of the colour bars) */
		lines_ok = 0;
		for (line = H / 2; line < H; line++)
			lines_ok += !memcmp(got + line * bpl, ref + line * bpl, bpl);
		t_check_u64(lines_ok, H - H / 2,
			    "%s: frame %d: lines %d..%d equal the MMAP capture's", label, k,
			    H / 2, H - 1);
		if (k < 2 && xioctl(vfd, VIDIOC_QBUF, &b))
			t_check(0, "%s: re-QBUF: %s", label, strerror(errno));
	}
	t_check_u64(frames, 3, "%s: three frames captured", label);
	t_check_ret(stream(0), 0, "%s: STREAMOFF", label);
	t_check_ret(reqbufs(V4L2_MEMORY_DMABUF, 0), 0, "%s: REQBUFS 0", label);
	for (i = 0; i < n; i++)
		close(fds[i]);
	ex_check_why(ex_check_dev(devfd, 0, EX_PAGE, 700, 0, why, sizeof(why)) &&
		     ex_check_dev(devfd, off[0] + esize, EX_PAGE, 700, off[0] + esize, why,
				  sizeof(why)) &&
		     ex_check_dev(devfd, off[n - 1] + esize, dsize - off[n - 1] - esize, 700,
				  off[n - 1] + esize, why, sizeof(why)),
		     why, "%s: bytes outside the exports are untouched", label);
	free(got);
	free(ref);
	close(devfd);
	close(vfd);
	t_check_u64(ex_count_fds(), fds0, "%s: no fd left open", label);
	return t_done();
}
