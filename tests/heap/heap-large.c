// SPDX-License-Identifier: GPL-2.0
/*
 * Large main-heap allocations: one SIZE buffer (64 MiB on the arm64 guest
 * with cma=128M, 4 MiB on x86_64, whose page allocator hands out at most
 * 4 MiB contiguous) is allocated, zeroed, mapped, written and read back
 * whole, imported into vgem, and has one DMA address range of SIZE bytes
 * below the heap's DMA mask; sysfs counts it. An allocation of FAILSIZE
 * bytes (more than the machine can give contiguously) fails with ENOMEM,
 * a "cannot allocate FAILSIZE" line in the kernel log, and leaves nothing.
 *
 * usage: heap-large SIZE FAILSIZE
 */
#include "heap.h"

int main(int argc, char **argv)
{
	unsigned long long size, fail, bits, mask, i, n, bad = ~0ULL;
	struct u_dma_buf_heap_dma_addr q;
	int h, fd, kmsg, fds0, card;
	char needle[96];
	uint64_t *w;
	uint32_t handle;
	long at;

	if (argc != 3) {
		fprintf(stderr, "usage: heap-large SIZE FAILSIZE\n");
		return 2;
	}
	hp_init();
	size = strtoull(argv[1], NULL, 0);
	fail = strtoull(argv[2], NULL, 0);
	fds0 = tl_count_fds();
	bits = tl_sysfs_u64("/sys/module/u_dma_buf/parameters/heap_dma_mask_bit");
	mask = bits >= 64 ? ~0ULL : (1ULL << bits) - 1;
	h = hp_open_or_die(HP_MAIN);
	kmsg = tl_kmsg_open();

	fd = hp_alloc(h, size);
	if (t_check_ret(fd, 0, "ALLOC %llu MiB from the main heap", size / HP_MIB)) {
		t_check_u64(tl_buf_size(fd), size, "%llu MiB: buffer size", size / HP_MIB);
		t_check_u64(hp_heap_attr(HP_MAIN, "bytes_in_use"), size, "%llu MiB: bytes_in_use",
			    size / HP_MIB);
		if (t_check_ret(hp_dma_addr(h, fd, 0, &q), 0, "%llu MiB: DMA_ADDR", size / HP_MIB)) {
			t_check_u64(q.size, size, "%llu MiB: DMA_ADDR size", size / HP_MIB);
			t_check(q.addr + size - 1 <= mask && q.addr + size > q.addr,
				"%llu MiB: the range is below the heap's DMA mask (0x%llx, %llu bits)",
				size / HP_MIB, (unsigned long long)q.addr, bits);
		}
		w = tl_map(fd, size, PROT_READ | PROT_WRITE, 0);
		if (t_check(w != MAP_FAILED, "%llu MiB: mmap", size / HP_MIB)) {
			n = size / 8;
			tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW);
			at = tl_nonzero((uint8_t *)w, size);
			t_check(at < 0, "%llu MiB: zeroed (first nonzero byte at %ld)", size / HP_MIB, at);
			for (i = 0; i < n; i++)
				w[i] = i * 0x9e3779b97f4a7c15ULL ^ 0x1234;
			tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW);
			munmap(w, size);
			w = tl_map(fd, size, PROT_READ, 0);
			if (w != MAP_FAILED) {
				tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
				for (i = 0; i < n && bad == ~0ULL; i++)
					if (w[i] != (i * 0x9e3779b97f4a7c15ULL ^ 0x1234))
						bad = i * 8;
				tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
				munmap(w, size);
			}
			t_check(w != MAP_FAILED && bad == ~0ULL, "%llu MiB: every word written reads back "
				"through a new mapping (first difference at %lld)", size / HP_MIB,
				(long long)bad);
		}
		card = tl_drm_open("vgem", NULL, 0);
		if (card >= 0) {
			t_check_ret(tl_prime_import(card, fd, &handle), 0, "%llu MiB: vgem imports it",
				    size / HP_MIB);
			close(card);
		}
		close(fd);
		t_check_u64(hp_heap_attr(HP_MAIN, "bytes_in_use"), 0, "%llu MiB: freed",
			    size / HP_MIB);
	}

	tl_kmsg_read(kmsg);
	fd = hp_alloc(h, fail);
	t_check_ret(fd, ENOMEM, "ALLOC %llu MiB (more than contiguous memory allows): ENOMEM",
		    fail / HP_MIB);
	if (fd >= 0)
		close(fd);
	snprintf(needle, sizeof(needle), "cannot allocate %llu ", fail);
	hp_check_has(tl_kmsg_read(kmsg), needle, "ALLOC %llu MiB: the kernel log says why",
		     fail / HP_MIB);
	t_check_u64(hp_heap_attr(HP_MAIN, "buffers_in_use"), 0, "the failure left no buffer");
	close(kmsg);
	close(h);
	t_check_u64(tl_count_fds(), fds0, "heap-large: no fd left open");
	return t_done();
}
