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
#include "export.h"
#include "vivid.h"

#define NBUF	4
#define W	640
#define H	480

static const char *label;
static struct tl_vivid vv;

int main(int argc, char **argv)
{
	uint64_t dsize, esize, stride, off[NBUF];
	int devfd, fds[NBUF], n, i, k, fds0;
	unsigned int bpl, size, line, lines_ok, frames = 0;
	uint8_t *ref, *got;
	char why[160];
	struct v4l2_buffer b;

	if (argc != 3) {
		fprintf(stderr, "usage: export-vivid DEVICE LABEL\n");
		return 2;
	}
	label = argv[2];
	fds0 = tl_count_fds();
	tl_vivid_open(&vv);
	if (!t_check(vv.fd >= 0, "%s: a vivid capture node", label))
		return t_done();
	if (!t_check_ret(tl_vivid_set_format(&vv, W, H), 0, "%s: %s: S_FMT %dx%d YUYV", label,
			 vv.path, W, H))
		return t_done();
	bpl = vv.fmt.fmt.pix.bytesperline;
	size = vv.fmt.fmt.pix.sizeimage;
	ref = tl_vivid_capture_mmap(&vv);
	if (!t_check(ref != NULL, "%s: reference capture into MMAP buffers", label))
		return t_done();

	devfd = ex_open_dev_or_die(argv[1]);
	dsize = ex_dev_size(devfd);
	esize = TL_PAGE_ALIGN(size);
	stride = esize + TL_PAGE;	/* one untouched page between exports */
	if (dsize < NBUF * stride) {
		printf("FAIL: %s: %s is smaller than %llu bytes\n", label, argv[1],
		       (unsigned long long)(NBUF * stride));
		return 1;
	}
	if (ex_fill_dev(devfd, 0, dsize, 700, 0))
		t_die("filling the device");

	n = tl_vivid_reqbufs(&vv, V4L2_MEMORY_DMABUF, NBUF);
	if (!t_check(n >= 2, "%s: REQBUFS V4L2_MEMORY_DMABUF (%d buffers)", label, n))
		return t_done();
	if (n > NBUF)
		n = NBUF;
	for (i = 0; i < n; i++) {
		off[i] = TL_PAGE + i * stride;
		fds[i] = ex_export_or_die(devfd, off[i], esize, O_RDWR | O_CLOEXEC);
		memset(&b, 0, sizeof(b));
		b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
		b.memory = V4L2_MEMORY_DMABUF;
		b.index = i;
		b.m.fd = fds[i];
		b.length = esize;
		if (!t_check_ret(tl_xioctl(vv.fd, VIDIOC_QBUF, &b), 0,
				 "%s: QBUF of export %d (0x%llx + %llu)", label, i,
				 (unsigned long long)off[i], (unsigned long long)esize))
			return t_done();
	}
	if (!t_check_ret(tl_vivid_stream(&vv, 1), 0, "%s: STREAMON", label))
		return t_done();

	got = malloc(size);
	for (k = 0; k < 3; k++) {
		long same = 0;
		unsigned int j;

		if (!t_check_ret(tl_vivid_dqbuf(&vv, &b, V4L2_MEMORY_DMABUF), 0, "%s: DQBUF frame %d", label, k))
			break;
		if (!t_check(b.index < (unsigned int)n && !(b.flags & V4L2_BUF_FLAG_ERROR),
			     "%s: frame %d: buffer %u without error flag", label, k, b.index))
			break;
		frames++;
		t_check_u64(b.bytesused, size, "%s: frame %d: bytesused is sizeimage", label, k);
		if (pread(devfd, got, size, (off_t)off[b.index]) != (ssize_t)size)
			t_die("pread of the frame");
		for (j = 0; j < size; j++)
			same += got[j] == tl_pat(700, off[b.index] + j);
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
		if (k < 2 && tl_xioctl(vv.fd, VIDIOC_QBUF, &b))
			t_check(0, "%s: re-QBUF: %s", label, strerror(errno));
	}
	t_check_u64(frames, 3, "%s: three frames captured", label);
	t_check_ret(tl_vivid_stream(&vv, 0), 0, "%s: STREAMOFF", label);
	t_check_ret(tl_vivid_reqbufs(&vv, V4L2_MEMORY_DMABUF, 0), 0, "%s: REQBUFS 0", label);
	for (i = 0; i < n; i++)
		close(fds[i]);
	ex_check_why(ex_check_dev(devfd, 0, TL_PAGE, 700, 0, why, sizeof(why)) &&
		     ex_check_dev(devfd, off[0] + esize, TL_PAGE, 700, off[0] + esize, why,
				  sizeof(why)) &&
		     ex_check_dev(devfd, off[n - 1] + esize, dsize - off[n - 1] - esize, 700,
				  off[n - 1] + esize, why, sizeof(why)),
		     why, "%s: bytes outside the exports are untouched", label);
	free(got);
	free(ref);
	close(devfd);
	close(vv.fd);
	t_check_u64(tl_count_fds(), fds0, "%s: no fd left open", label);
	return t_done();
}
