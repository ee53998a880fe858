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
#define W	640
#define H	480

static const char *label;
static struct tl_vivid vv;

int main(int argc, char **argv)
{
	unsigned long long b0;
	int fds[NBUF], n, i, k, fds0, h, devfd = -1;
	unsigned int bpl, size, line, lines_ok, frames = 0;
	uint64_t len, offs[NBUF];
	uint8_t *ref, *maps[NBUF], *got;
	const char *heap;
	struct v4l2_buffer b;

	if (argc != 3) {
		fprintf(stderr, "usage: heap-vivid HEAP LABEL\n");
		return 2;
	}
	hp_init();
	heap = argv[1];
	label = argv[2];
	fds0 = tl_count_fds();
	b0 = hp_heap_attr(heap, "buffers_in_use");
	tl_vivid_open(&vv);
	if (!t_check(vv.fd >= 0, "%s: a vivid capture node", label))
		return t_done();
	if (!t_check_ret(tl_vivid_set_format(&vv, W, H), 0, "%s: S_FMT %dx%d YUYV", label, W, H))
		return t_done();
	bpl = vv.fmt.fmt.pix.bytesperline;
	size = vv.fmt.fmt.pix.sizeimage;
	ref = tl_vivid_capture_mmap(&vv);
	if (!t_check(ref != NULL, "%s: reference capture into MMAP buffers", label))
		return t_done();
	if (strcmp(heap, HP_MAIN))
		devfd = tl_open_dev(heap, O_RDWR);
	got = malloc(size);
	if (!got)
		t_die("malloc");

	h = hp_open_or_die(heap);
	len = TL_PAGE_ALIGN(size);
	n = tl_vivid_reqbufs(&vv, V4L2_MEMORY_DMABUF, NBUF);
	if (!t_check(n >= 2, "%s: REQBUFS V4L2_MEMORY_DMABUF (%d buffers)", label, n))
		return t_done();
	if (n > NBUF)
		n = NBUF;
	for (i = 0; i < n; i++) {
		struct u_dma_buf_heap_dma_addr q;

		fds[i] = hp_alloc_or_die(h, len);
		offs[i] = hp_dma_addr(h, fds[i], 0, &q) ? ~0ULL : q.offset;
		maps[i] = tl_map(fds[i], len, PROT_READ | PROT_WRITE, 0);
		if (maps[i] == MAP_FAILED)
			t_die("mmap of a heap buffer");
		tl_sync(fds[i], DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
		tl_fill(maps[i], len, 700 + i, 0);
		tl_sync(fds[i], DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
		memset(&b, 0, sizeof(b));
		b.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
		b.memory = V4L2_MEMORY_DMABUF;
		b.index = i;
		b.m.fd = fds[i];
		b.length = len;
		if (!t_check_ret(tl_xioctl(vv.fd, VIDIOC_QBUF, &b), 0,
				 "%s: QBUF of heap buffer %d (%llu bytes)", label, i,
				 (unsigned long long)len))
			return t_done();
	}
	if (!t_check_ret(tl_vivid_stream(&vv, 1), 0, "%s: STREAMON", label))
		return t_done();

	for (k = 0; k < 3; k++) {
		long same = 0;
		unsigned int j;
		uint8_t *m;

		if (!t_check_ret(tl_vivid_dqbuf(&vv, &b, V4L2_MEMORY_DMABUF), 0, "%s: DQBUF frame %d", label, k))
			break;
		if (!t_check(b.index < (unsigned int)n && !(b.flags & V4L2_BUF_FLAG_ERROR),
			     "%s: frame %d: buffer %u without error flag", label, k, b.index))
			break;
		frames++;
		t_check_u64(b.bytesused, size, "%s: frame %d: bytesused is sizeimage", label, k);
		m = maps[b.index];
		tl_sync(fds[b.index], DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
		memcpy(got, m, size);
		tl_sync(fds[b.index], DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
		for (j = 0; j < size; j++)
			same += got[j] == tl_pat(700 + b.index, j);
		t_check(same < size / 32, "%s: frame %d: the heap buffer holds a frame, not the fill "
			"(%ld of %u bytes unchanged)", label, k, same, size);
		lines_ok = 0;
		for (line = H / 2; line < H; line++)
			lines_ok += !memcmp(got + line * bpl, ref + line * bpl, bpl);
		t_check_u64(lines_ok, H - H / 2, "%s: frame %d: lines %d..%d equal the MMAP capture's",
			    label, k, H / 2, H - 1);
		if (devfd >= 0) {
			uint8_t *d = malloc(size);

			if (!d || pread(devfd, d, size, (off_t)offs[b.index]) != (ssize_t)size)
				t_die("pread of the device");
			t_check(!memcmp(d, got, size), "%s: frame %d: the frame is in the device at "
				"the buffer's offset", label, k);
			free(d);
		}
		if (k < 2 && tl_xioctl(vv.fd, VIDIOC_QBUF, &b))
			t_check(0, "%s: re-QBUF: %s", label, strerror(errno));
	}
	t_check_u64(frames, 3, "%s: three frames captured", label);
	t_check_ret(tl_vivid_stream(&vv, 0), 0, "%s: STREAMOFF", label);
	t_check_ret(tl_vivid_reqbufs(&vv, V4L2_MEMORY_DMABUF, 0), 0, "%s: REQBUFS 0", label);
	for (i = 0; i < n; i++) {
		munmap(maps[i], len);
		close(fds[i]);
	}
	close(h);
	if (devfd >= 0)
		close(devfd);
	free(got);
	free(ref);
	close(vv.fd);
	t_check_u64(hp_heap_attr(heap, "buffers_in_use"), b0, "%s: the heap's buffers are freed",
		    label);
	t_check_u64(tl_count_fds(), fds0, "%s: no fd left open", label);
	return t_done();
}
