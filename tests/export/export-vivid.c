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

static const char *label;
static struct tl_vivid vv;

/* The device the exports are ranges of, where they are, and the frames. */
struct capture {
	int devfd;
	uint64_t off[NBUF];
	unsigned int size;	/* sizeimage */
	uint8_t *ref, *got;
};

/* Capture k (a struct capture in ctx), read from the device at its export's offset. */
static void check_frame(void *ctx, const struct v4l2_buffer *b, int k)
{
	struct capture *c = ctx;
	uint64_t off = c->off[b->index];
	long same;

	if (pread(c->devfd, c->got, c->size, (off_t)off) != (ssize_t)c->size)
		t_die("pread of the frame");
	same = tl_count_pat(c->got, c->size, 700, off);
	t_check(same < c->size / 32,
		"%s: frame %d: the device at the export offset holds a frame, not the fill "
		"(%ld of %u bytes unchanged)", label, k, same, c->size);
	tl_vivid_check_lines(&vv, c->got, c->ref, k, label);
}

int main(int argc, char **argv)
{
	struct capture c = { 0 };
	uint64_t dsize, esize, stride;
	int devfd, fds[NBUF], n, i, fds0;
	char why[160];

	if (argc != 3) {
		fprintf(stderr, "usage: export-vivid DEVICE LABEL\n");
		return 2;
	}
	label = argv[2];
	fds0 = tl_count_fds();
	c.ref = tl_vivid_setup(&vv, label, TL_VIVID_NAME_NODE, 640, 480);
	if (!c.ref)
		return t_done();
	c.size = vv.fmt.fmt.pix.sizeimage;

	devfd = c.devfd = ex_open_dev_or_die(argv[1]);
	dsize = ex_dev_size(devfd);
	esize = TL_PAGE_ALIGN(c.size);
	stride = esize + TL_PAGE;	/* one untouched page between exports */
	if (dsize < NBUF * stride) {
		printf("FAIL: %s: %s is smaller than %llu bytes\n", label, argv[1],
		       (unsigned long long)(NBUF * stride));
		return 1;
	}
	if (ex_fill_dev(devfd, 0, dsize, 700, 0))
		t_die("filling the device");

	n = tl_vivid_reqbufs_dmabuf(&vv, label, NBUF);
	if (n < 0)
		return t_done();
	for (i = 0; i < n; i++) {
		c.off[i] = TL_PAGE + i * stride;
		fds[i] = ex_export_or_die(devfd, c.off[i], esize, O_RDWR | O_CLOEXEC);
		if (!t_check_ret(tl_vivid_qbuf_dmabuf(&vv, i, fds[i], esize), 0,
				 "%s: QBUF of export %d (0x%llx + %llu)", label, i,
				 (unsigned long long)c.off[i], (unsigned long long)esize))
			return t_done();
	}
	c.got = malloc(c.size);
	if (tl_vivid_capture_dmabuf(&vv, n, label, check_frame, &c))
		return t_done();
	for (i = 0; i < n; i++)
		close(fds[i]);
	ex_check_why(ex_check_dev(devfd, 0, TL_PAGE, 700, 0, why, sizeof(why)) &&
		     ex_check_dev(devfd, c.off[0] + esize, TL_PAGE, 700, c.off[0] + esize, why,
				  sizeof(why)) &&
		     ex_check_dev(devfd, c.off[n - 1] + esize, dsize - c.off[n - 1] - esize, 700,
				  c.off[n - 1] + esize, why, sizeof(why)),
		     why, "%s: bytes outside the exports are untouched", label);
	free(c.got);
	free(c.ref);
	close(devfd);
	close(vv.fd);
	t_check_u64(tl_count_fds(), fds0, "%s: no fd left open", label);
	return t_done();
}
