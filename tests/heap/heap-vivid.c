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
#include "heap.h"
#include "vivid.h"

#define NBUF	4

static const char *label;
static struct tl_vivid vv;

/* The heap buffers, their mappings and offsets, the device, and the frames. */
struct capture {
	int fds[NBUF];
	uint8_t *maps[NBUF];
	uint64_t offs[NBUF];	/* DMA_ADDR offsets in the device */
	int devfd;		/* a sub-allocating heap's device, or -1 */
	unsigned int size;	/* sizeimage */
	uint8_t *ref, *got;
};

/* Capture k (a struct capture in ctx), read through its heap buffer's mapping. */
static void check_frame(void *ctx, const struct v4l2_buffer *b, int k)
{
	struct capture *c = ctx;
	unsigned int i = b->index;
	long same;

	tl_sync(c->fds[i], DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
	memcpy(c->got, c->maps[i], c->size);
	tl_sync(c->fds[i], DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
	same = tl_count_pat(c->got, c->size, 700 + i, 0);
	t_check(same < c->size / 32, "%s: frame %d: the heap buffer holds a frame, not the fill "
		"(%ld of %u bytes unchanged)", label, k, same, c->size);
	tl_vivid_check_lines(&vv, c->got, c->ref, k, label);
	if (c->devfd >= 0) {
		uint8_t *d = malloc(c->size);

		if (!d || pread(c->devfd, d, c->size, (off_t)c->offs[i]) != (ssize_t)c->size)
			t_die("pread of the device");
		t_check(!memcmp(d, c->got, c->size), "%s: frame %d: the frame is in the device at "
			"the buffer's offset", label, k);
		free(d);
	}
}

int main(int argc, char **argv)
{
	struct capture c = { .devfd = -1 };
	unsigned long long b0;
	int n, i, fds0, h;
	uint64_t len;
	const char *heap;

	if (argc != 3) {
		fprintf(stderr, "usage: heap-vivid HEAP LABEL\n");
		return 2;
	}
	hp_init();
	heap = argv[1];
	label = argv[2];
	fds0 = tl_count_fds();
	b0 = hp_heap_attr(heap, "buffers_in_use");
	c.ref = tl_vivid_setup(&vv, label, 0, 640, 480);
	if (!c.ref)
		return t_done();
	c.size = vv.fmt.fmt.pix.sizeimage;
	if (strcmp(heap, HP_MAIN))
		c.devfd = tl_open_dev(heap, O_RDWR);
	c.got = malloc(c.size);
	if (!c.got)
		t_die("malloc");

	h = hp_open_or_die(heap);
	len = TL_PAGE_ALIGN(c.size);
	n = tl_vivid_reqbufs_dmabuf(&vv, label, NBUF);
	if (n < 0)
		return t_done();
	for (i = 0; i < n; i++) {
		struct u_dma_buf_heap_dma_addr q;

		c.fds[i] = hp_alloc_or_die(h, len);
		c.offs[i] = hp_dma_addr(h, c.fds[i], 0, &q) ? ~0ULL : q.offset;
		c.maps[i] = tl_map_filled(c.fds[i], len, 700 + i, "mmap of a heap buffer");
		if (!t_check_ret(tl_vivid_qbuf_dmabuf(&vv, i, c.fds[i], len), 0,
				 "%s: QBUF of heap buffer %d (%llu bytes)", label, i,
				 (unsigned long long)len))
			return t_done();
	}
	if (tl_vivid_capture_dmabuf(&vv, n, label, check_frame, &c))
		return t_done();
	for (i = 0; i < n; i++) {
		munmap(c.maps[i], len);
		close(c.fds[i]);
	}
	close(h);
	if (c.devfd >= 0)
		close(c.devfd);
	free(c.got);
	free(c.ref);
	close(vv.fd);
	t_check_u64(hp_heap_attr(heap, "buffers_in_use"), b0, "%s: the heap's buffers are freed",
		    label);
	t_check_u64(tl_count_fds(), fds0, "%s: no fd left open", label);
	return t_done();
}
