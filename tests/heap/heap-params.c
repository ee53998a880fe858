// SPDX-License-Identifier: GPL-2.0
/*
 * The main heap's module parameters, checked against the loaded module:
 *
 *   heap-params limit LIMIT [SUBHEAP]
 *     heap_limit=LIMIT: sysfs "limit" shows it; allocations up to it work
 *     and one that would exceed it fails with ENOMEM and "dma_heap/udmabuf:
 *     <n> more bytes would exceed the limit of <limit> (<used> in use)",
 *     counting PAGE_ALIGN(len); freeing makes room again; buffers_in_use
 *     and bytes_in_use follow. LIMIT 0: no limit (16 MiB in 1 MiB buffers).
 *     SUBHEAP: a sub-allocating heap allocates its whole size regardless
 *     (heap_limit is the main heap's).
 *
 *   heap-params mask BITS [MAXLEN]
 *     heap_dma_mask_bit=BITS: the parameter reads back, and the DMA
 *     addresses of a few buffers (4 KiB .. 4 MiB, up to MAXLEN) lie below
 *     the mask (with 24 bits on x86_64: in ZONE_DMA, the first 16 MiB).
 */
#include "heap.h"

static int h, kmsg;

static void expect_limit(unsigned long long len, unsigned long long limit,
			 unsigned long long used, const char *what)
{
	char needle[200];
	int fd;

	tl_kmsg_read(kmsg);
	fd = hp_alloc(h, len);
	t_check_ret(fd, ENOMEM, "%s: ALLOC %llu bytes: ENOMEM", what, len);
	if (fd >= 0)
		close(fd);
	snprintf(needle, sizeof(needle), "u-dma-buf: dma_heap/udmabuf: %llu more bytes would "
		 "exceed the limit of %llu (%llu in use)", TL_PAGE_ALIGN(len), limit, used);
	hp_check_has(tl_kmsg_read(kmsg), needle, "%s: the kernel log says so", what);
	t_check_u64(hp_heap_attr(HP_MAIN, "bytes_in_use"), used, "%s: bytes_in_use unchanged", what);
}

static int alloc_ok(unsigned long long len, const char *what)
{
	int fd = hp_alloc(h, len);

	t_check_ret(fd, 0, "%s: ALLOC %llu bytes", what, len);
	return fd;
}

static void limit(unsigned long long lim, const char *sub)
{
	unsigned long long p = lim & ~(TL_PAGE - 1), half = (lim / 2) & ~(TL_PAGE - 1);
	int a, b, fds[16], i, ok = 0;

	t_check_u64(hp_heap_attr(HP_MAIN, "limit"), lim, "sysfs limit shows heap_limit=%llu", lim);
	t_check_u64(tl_sysfs_u64("/sys/module/u_dma_buf/parameters/heap_limit"), lim,
		    "the parameter reads back");
	if (!lim) {
		for (i = 0; i < 16; i++) {
			fds[i] = hp_alloc(h, HP_MIB);
			ok += fds[i] >= 0;
		}
		t_check(ok == 16, "no limit: 16 buffers of 1 MiB (%d worked)", ok);
		t_check_u64(hp_heap_attr(HP_MAIN, "bytes_in_use"), ok * HP_MIB,
			    "no limit: bytes_in_use");
		for (i = 0; i < 16; i++)
			if (fds[i] >= 0)
				close(fds[i]);
		return;
	}
	if (p) {
		a = alloc_ok(p, "the limit rounded down to pages");
		t_check_u64(hp_heap_attr(HP_MAIN, "bytes_in_use"), p, "at the limit: bytes_in_use");
		expect_limit(1, lim, p, "at the limit, one more byte");
		expect_limit(TL_PAGE, lim, p, "at the limit, one more page");
		if (a >= 0)
			close(a);
	}
	expect_limit(p + 1, lim, 0, "nothing in use, one page more than the limit allows");
	if (half >= TL_PAGE) {
		a = alloc_ok(half, "half the limit");
		b = alloc_ok(half, "the other half");
		t_check_u64(hp_heap_attr(HP_MAIN, "buffers_in_use"), 2, "two halves: buffers_in_use");
		if (2 * half + TL_PAGE > lim)
			expect_limit(TL_PAGE, lim, 2 * half, "two halves in use, one more page");
		if (a >= 0)
			close(a);
		expect_limit(half + TL_PAGE, lim, half, "one half freed, a half + one page");
		a = alloc_ok(half, "one half freed, a half again");
		if (a >= 0)
			close(a);
		if (b >= 0)
			close(b);
	}
	t_check_u64(hp_heap_attr(HP_MAIN, "buffers_in_use"), 0, "limit: buffers_in_use back to 0");
	t_check_u64(hp_heap_attr(HP_MAIN, "bytes_in_use"), 0, "limit: bytes_in_use back to 0");
	if (sub) {
		unsigned long long size = hp_heap_attr(sub, "size");
		int hs = hp_open_or_die(sub);

		a = hp_alloc(hs, size);
		t_check_ret(a, 0, "heap_limit=%llu does not limit sub-heap %s: ALLOC its %llu bytes",
			    lim, sub, size);
		if (a >= 0)
			close(a);
		close(hs);
	}
}

static void mask(unsigned long long bits, unsigned long long maxlen)
{
	static const unsigned long long lens[] = { TL_PAGE, 64 * HP_KIB, HP_MIB, 4 * HP_MIB };
	unsigned long long m = bits >= 64 ? ~0ULL : (1ULL << bits) - 1;
	struct u_dma_buf_heap_dma_addr q;
	unsigned int i;
	int fd;

	t_check_u64(tl_sysfs_u64("/sys/module/u_dma_buf/parameters/heap_dma_mask_bit"), bits,
		    "heap_dma_mask_bit=%llu reads back", bits);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]) && lens[i] <= maxlen; i++) {
		fd = hp_alloc(h, lens[i]);
		if (!t_check_ret(fd, 0, "heap_dma_mask_bit=%llu: ALLOC %llu KiB", bits,
				 lens[i] / HP_KIB))
			continue;
		if (t_check_ret(hp_dma_addr(h, fd, 0, &q), 0, "heap_dma_mask_bit=%llu: DMA_ADDR of %llu KiB",
				bits, lens[i] / HP_KIB))
			{
			char why[64];

			snprintf(why, sizeof(why), "at 0x%llx, size %llu", (unsigned long long)q.addr,
				 (unsigned long long)q.size);
			t_check_why(q.size == lens[i] && q.addr + q.size - 1 <= m, why,
				    "heap_dma_mask_bit=%llu: %llu KiB lie below the mask", bits,
				    lens[i] / HP_KIB);
		}
		close(fd);
	}
}

int main(int argc, char **argv)
{
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: heap-params limit LIMIT [SUBHEAP] | mask BITS [MAXLEN]\n");
		return 2;
	}
	hp_init();
	h = hp_open_or_die(HP_MAIN);
	kmsg = tl_kmsg_open();
	if (!strcmp(argv[1], "limit"))
		limit(strtoull(argv[2], NULL, 0), argc == 4 ? argv[3] : NULL);
	else if (!strcmp(argv[1], "mask"))
		mask(strtoull(argv[2], NULL, 0), argc == 4 ? strtoull(argv[3], NULL, 0) : ~0ULL);
	else
		return 2;
	close(kmsg);
	close(h);
	return t_done();
}
