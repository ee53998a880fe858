// SPDX-License-Identifier: GPL-2.0
/*
 * Heap buffers imported by vgem, as exports are: DRM_IOCTL_PRIME_FD_TO_HANDLE
 * (twice: the same handle), PRIME_HANDLE_TO_FD re-exports the same dma-buf
 * (same inode, same bytes both ways through the two mappings, same
 * DMA_ADDR), and the buffer lives as long as any of the heap fd, the
 * mapping, the re-exported fd and the vgem handle does (buffers_in_use).
 * Then 16 buffers imported at once and freed by closing the card.
 *
 * usage: heap-vgem HEAP...    (vgem loaded)
 */
#include "heap.h"

static int card, hmain;

static void one(const char *heap, int h, unsigned long long len)
{
	unsigned long long b0 = hp_heap_attr(heap, "buffers_in_use");
	struct u_dma_buf_heap_dma_addr q1, q2;
	uint32_t handle = 0, handle2 = 0;
	uint8_t *m, *me;
	int fd, e;

	fd = hp_alloc(h, len);
	if (!t_check_ret(fd, 0, "%s, %llu bytes: ALLOC", heap, len))
		return;
	m = tl_map_filled(fd, len, 80, "mmap");
	if (!t_check_ret(tl_prime_import(card, fd, &handle), 0,
			 "%s, %llu bytes: vgem PRIME_FD_TO_HANDLE", heap, len)) {
		munmap(m, len);
		close(fd);
		return;
	}
	t_check(!tl_prime_import(card, fd, &handle2) && handle2 == handle,
		"%s, %llu bytes: a second import gives the same handle", heap, len);
	e = tl_prime_export(card, handle);
	if (t_check_ret(e, 0, "%s, %llu bytes: vgem PRIME_HANDLE_TO_FD re-exports", heap, len)) {
		t_check(tl_ino(e) == tl_ino(fd), "%s, %llu bytes: the re-export is the same dma-buf",
			heap, len);
		me = tl_map(e, len, PROT_READ | PROT_WRITE, 0);
		if (t_check(me != MAP_FAILED, "%s, %llu bytes: mmap of the re-export", heap, len)) {
			tl_sync(e, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW);
			t_check(tl_cmp(me, len, 80, 0) < 0, "%s, %llu bytes: the re-export shows the "
				"same bytes", heap, len);
			tl_fill(me, len, 81, 0);
			tl_sync(e, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW);
			tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
			t_check(tl_cmp(m, len, 81, 0) < 0, "%s, %llu bytes: bytes written through the "
				"re-export show in the heap fd's mapping", heap, len);
			tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
			munmap(me, len);
		}
		t_check(!hp_dma_addr(hmain, fd, 0, &q1) && !hp_dma_addr(hmain, e, 0, &q2) &&
			q1.addr == q2.addr && q1.size == q2.size && q1.offset == q2.offset,
			"%s, %llu bytes: DMA_ADDR of the re-export is the heap buffer's", heap, len);
	}
	munmap(m, len);
	close(fd);
	t_check_u64(hp_heap_attr(heap, "buffers_in_use"), b0 + 1,
		    "%s, %llu bytes: heap fd and mapping gone, the import keeps the buffer", heap, len);
	if (e >= 0)
		close(e);
	t_check_u64(hp_heap_attr(heap, "buffers_in_use"), b0 + 1,
		    "%s, %llu bytes: re-export closed too, the vgem handle keeps the buffer", heap,
		    len);
	t_check_ret(tl_gem_close(card, handle), 0, "%s, %llu bytes: GEM_CLOSE", heap, len);
	t_check_u64(hp_heap_attr(heap, "buffers_in_use"), b0,
		    "%s, %llu bytes: GEM_CLOSE frees the buffer", heap, len);
}

static void many(const char *heap, int h)
{
	unsigned long long b0 = hp_heap_attr(heap, "buffers_in_use");
	unsigned int i, ok = 0;
	uint32_t handle;
	int c2, fd;

	c2 = tl_drm_open("vgem", NULL, 0);
	if (c2 < 0)
		t_die("open vgem");
	for (i = 0; i < 16; i++) {
		fd = hp_alloc(h, 16 * HP_KIB);
		if (fd < 0)
			break;
		ok += !tl_prime_import(c2, fd, &handle);
		close(fd);
	}
	t_check_u64(ok, 16, "%s: 16 buffers imported into one vgem file", heap);
	t_check_u64(hp_heap_attr(heap, "buffers_in_use"), b0 + ok,
		    "%s: the imports keep them", heap);
	close(c2);
	t_check_u64(hp_heap_attr(heap, "buffers_in_use"), b0,
		    "%s: closing the vgem file frees them", heap);
}

int main(int argc, char **argv)
{
	static const unsigned long long lens[] = { TL_PAGE, HP_MIB, 3 * HP_MIB / 2 };
	int i, h, fds0;
	unsigned int k;

	if (argc < 2) {
		fprintf(stderr, "usage: heap-vgem HEAP...\n");
		return 2;
	}
	hp_init();
	fds0 = tl_count_fds();
	card = tl_drm_open("vgem", NULL, 0);
	if (!t_check(card >= 0, "a vgem card (modprobe vgem)"))
		return t_done();
	hmain = hp_open_or_die(HP_MAIN);
	for (i = 1; i < argc; i++) {
		h = hp_open_or_die(argv[i]);
		for (k = 0; k < sizeof(lens) / sizeof(lens[0]); k++)
			one(argv[i], h, lens[k]);
		many(argv[i], h);
		close(h);
	}
	close(hmain);
	close(card);
	t_check_u64(tl_count_fds(), fds0, "vgem: no fd left open");
	return t_done();
}
