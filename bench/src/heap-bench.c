// SPDX-License-Identifier: GPL-2.0
/*
 * Heap benchmarks, each a ratio against a baseline measured in the same run
 * (nothing is asserted; the target is printed next to each ratio):
 *
 *   1. DMA_HEAP_IOCTL_ALLOC + close on /dev/dma_heap/udmabuf, for 4 KiB,
 *      1 MiB and 4 MiB, vs vgem DRM_IOCTL_MODE_CREATE_DUMB +
 *      PRIME_HANDLE_TO_FD + close + DESTROY_DUMB of the same size
 *      (<= 1.0x at each size). vgem's shmem pages are allocated on first
 *      touch; ours are allocated and zeroed at ALLOC.
 *   2. Zeroing: ALLOC + close of a fresh BIG-byte buffer (the heap zeroes
 *      it) vs memset(0) of BIG bytes of (already faulted-in) anonymous
 *      memory; both as throughput. No target was set for this one: the
 *      ratio says how close allocation gets to the cost of the zeroing it
 *      must do.
 *   3. ALLOC + close on the sub-allocating heap SUBHEAP vs the main heap,
 *      for 4 KiB, 64 KiB and 1 MiB (<= 0.5x).
 *
 * Rounds alternate between the measured operation and its baseline; the
 * medians of the rounds are compared.
 *
 * usage: heap-bench BIG SUBHEAP   (vgem loaded; BIG: bytes, e.g. 4194304)
 */
#include "../../tests/heap/heap.h"
#include "bench.h"

#define ROUNDS	9

static int card, hmain;

static double time_alloc(int h, uint64_t len, int n)
{
	double t0 = tl_now();
	int i, fd;

	for (i = 0; i < n; i++) {
		fd = hp_alloc(h, len);
		if (fd < 0)
			t_die("ALLOC");
		close(fd);
	}
	return (tl_now() - t0) / n;
}

static double time_vgem(uint64_t len, int n)
{
	uint32_t w = 32, hgt = len / (32 * 4);

	if (len >= HP_MIB) {
		w = 512;
		hgt = len / (512 * 4);
	}
	return bench_vgem_dumb(card, w, hgt, n);
}

static double time_memset(uint8_t *p, uint64_t len, int n)
{
	double t0 = tl_now();
	int i;

	for (i = 0; i < n; i++) {
		memset(p, 0, len);
		__asm__ __volatile__("" : : "r"(p) : "memory");
	}
	return (tl_now() - t0) / n;
}

int main(int argc, char **argv)
{
	static const uint64_t sizes1[] = { 4 * HP_KIB, HP_MIB, 4 * HP_MIB };
	static const uint64_t sizes3[] = { 4 * HP_KIB, 64 * HP_KIB, HP_MIB };
	double a[ROUNDS], b[ROUNDS], ma, mb;
	uint64_t big, len;
	unsigned int k;
	char sz[32];
	uint8_t *p;
	int hs, r, n;

	if (argc != 3) {
		fprintf(stderr, "usage: heap-bench BIG SUBHEAP\n");
		return 2;
	}
	big = strtoull(argv[1], NULL, 0);
	card = tl_drm_open("vgem", NULL, 0);
	if (card < 0) {
		printf("FAIL: no vgem card (modprobe vgem)\n");
		return 1;
	}
	hmain = hp_open_or_die(HP_MAIN);
	hs = hp_open_or_die(argv[2]);

	/* 1 */
	for (k = 0; k < sizeof(sizes1) / sizeof(sizes1[0]); k++) {
		len = sizes1[k];
		hp_size_name(len, sz, sizeof(sz));
		n = bench_calibrate(time_alloc(hmain, len, 5) + time_vgem(len, 5), 0.05, 5);
		for (r = 0; r < ROUNDS; r++) {
			a[r] = time_alloc(hmain, len, n);
			b[r] = time_vgem(len, n);
		}
		ma = bench_median(a, ROUNDS);
		mb = bench_median(b, ROUNDS);
		printf("heap ALLOC + close, %-7s                          %10.2f us\n", sz, ma * 1e6);
		printf("vgem CREATE_DUMB + HANDLE_TO_FD + close + DESTROY, %-7s %9.2f us\n", sz,
		       mb * 1e6);
		printf("RESULT heap alloc+close vs vgem dumb export, %s: %.2fx the baseline's time "
		       "(target <= 1.0x)\n\n", sz, ma / mb);
	}

	/* 2 */
	p = mmap(NULL, big, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
	if (p == MAP_FAILED)
		t_die("mmap anonymous");
	memset(p, 1, big);
	hp_size_name(big, sz, sizeof(sz));
	n = bench_calibrate(time_alloc(hmain, big, 3) + time_memset(p, big, 3), 0.05, 5);
	for (r = 0; r < ROUNDS; r++) {
		a[r] = time_alloc(hmain, big, n);
		b[r] = time_memset(p, big, n);
	}
	munmap(p, big);
	ma = bench_median(a, ROUNDS);
	mb = bench_median(b, ROUNDS);
	printf("heap ALLOC + close of a fresh %s buffer (zeroed): %9.2f us = %7.1f MB/s\n", sz,
	       ma * 1e6, big / ma / 1e6);
	printf("memset(0) of %s of anonymous memory:              %9.2f us = %7.1f MB/s\n", sz,
	       mb * 1e6, big / mb / 1e6);
	printf("RESULT zeroing throughput: the heap reaches %.2fx memset's (no target set; "
	       "1.0x = allocation costs no more than the zeroing)\n\n", mb / ma);

	/* 3 */
	for (k = 0; k < sizeof(sizes3) / sizeof(sizes3[0]); k++) {
		len = sizes3[k];
		hp_size_name(len, sz, sizeof(sz));
		n = bench_calibrate(time_alloc(hs, len, 5) + time_alloc(hmain, len, 5), 0.05, 5);
		for (r = 0; r < ROUNDS; r++) {
			a[r] = time_alloc(hs, len, n);
			b[r] = time_alloc(hmain, len, n);
		}
		ma = bench_median(a, ROUNDS);
		mb = bench_median(b, ROUNDS);
		printf("sub-heap %s ALLOC + close, %-7s    %9.2f us\n", argv[2], sz, ma * 1e6);
		printf("main heap ALLOC + close, %-7s         %9.2f us\n", sz, mb * 1e6);
		printf("RESULT sub-heap vs main heap alloc+close, %s: %.2fx the main heap's time "
		       "(target <= 0.5x)\n\n", sz, ma / mb);
	}
	close(hs);
	close(hmain);
	close(card);
	return 0;
}
