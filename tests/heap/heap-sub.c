// SPDX-License-Identifier: GPL-2.0
/*
 * A sub-allocating heap /dev/dma_heap/NAME of the u-dma-buf device NAME
 * (created with the dma-heap option):
 *
 *   - the node (0600, misc device u-dma-buf-heap.NAME) and its sysfs:
 *     size (the device's), free_bytes, largest_free_bytes, buffers_in_use,
 *     bytes_in_use, all followed through every step below;
 *   - first fit: 4 allocations of a quarter of the device sit at offsets 0,
 *     1/4, 2/4, 3/4; their DMA address is phys_addr + offset, inside
 *     [phys_addr, phys_addr + size); the data written through a heap buffer
 *     is in the device (pread of /dev/NAME at the offset) and back;
 *   - exhaustion: ENOMEM and "dma_heap/NAME: cannot allocate <n> bytes: <f>
 *     bytes free, the largest free block is <l> bytes"; fragmentation: with
 *     the 1st and 3rd quarters freed a half fails though half is free, and
 *     says so; freeing returns the space; the holes are refilled first fit;
 *   - zeroing: a new buffer is zero where an earlier buffer (or pwrite()
 *     into the device) left data, and nothing outside it is touched;
 *   - lengths are PAGE_ALIGN()ed; no u-dma-buf buffer is allocated for
 *     sub-heap buffers (debugfs stats unchanged: they are device memory).
 *
 * usage: heap-sub NAME    (a device of at least 64 KiB, size a multiple of
 *                          4 pages, with nothing allocated from its heap)
 */
#include "heap.h"

static const char *name;
static int hs, hmain, devfd, kmsg;
static unsigned long long size, unit, phys;

static unsigned long long attr(const char *a)
{
	return hp_heap_attr(name, a);
}

static void check_usage(unsigned long long buffers, unsigned long long bytes,
			unsigned long long free_b, unsigned long long largest, const char *when)
{
	unsigned long long gb = attr("buffers_in_use"), gy = attr("bytes_in_use");
	unsigned long long gf = attr("free_bytes"), gl = attr("largest_free_bytes");

	t_check(gb == buffers && gy == bytes && gf == free_b && gl == largest,
		"%s: sysfs buffers_in_use %llu, bytes_in_use %llu, free_bytes %llu, "
		"largest_free_bytes %llu (got %llu, %llu, %llu, %llu)", when, buffers, bytes,
		free_b, largest, gb, gy, gf, gl);
}

/* Allocates len; checks offset (when want_off != ~0) and address. */
static int alloc_at(unsigned long long len, unsigned long long want_off, const char *what)
{
	struct u_dma_buf_heap_dma_addr q;
	int fd = hp_alloc(hs, len);

	if (!t_check_ret(fd, 0, "%s: ALLOC %llu bytes", what, len))
		return -1;
	if (t_check_ret(hp_dma_addr(hs, fd, 0, &q), 0, "%s: DMA_ADDR", what)) {
		if (want_off != ~0ULL)
			t_check_u64(q.offset, want_off, "%s: first fit puts it at offset %llu", what,
				    want_off);
		t_check_u64(q.size, TL_PAGE_ALIGN(len), "%s: size", what);
		t_check(q.addr == phys + q.offset && q.addr >= phys && q.addr + q.size <= phys + size,
			"%s: addr = phys_addr + offset, inside the device (0x%llx in [0x%llx, 0x%llx))",
			what, (unsigned long long)q.addr, phys, phys + size);
	}
	return fd;
}

static uint64_t offset_of(int fd)
{
	struct u_dma_buf_heap_dma_addr q;

	if (hp_dma_addr(hs, fd, 0, &q))
		return ~0ULL;
	return q.offset;
}

/* The device's bytes [off, off + len) through pread(). */
static uint8_t *dev_read(unsigned long long off, size_t len)
{
	uint8_t *b = malloc(len);

	if (!b)
		t_die("malloc");
	if (pread(devfd, b, len, (off_t)off) != (ssize_t)len)
		t_die("pread of the device");
	return b;
}

static void dev_fill(unsigned long long off, size_t len, uint32_t seed)
{
	uint8_t *b = malloc(len);

	if (!b)
		t_die("malloc");
	tl_fill(b, len, seed, 0);
	if (pwrite(devfd, b, len, (off_t)off) != (ssize_t)len)
		t_die("pwrite of the device");
	free(b);
}

static void expect_enomem(unsigned long long len, unsigned long long free_b,
			  unsigned long long largest, const char *what)
{
	char needle[200];
	int fd;

	tl_kmsg_read(kmsg);
	fd = hp_alloc(hs, len);
	t_check_ret(fd, ENOMEM, "%s: ALLOC %llu bytes: ENOMEM", what, len);
	if (fd >= 0)
		close(fd);
	snprintf(needle, sizeof(needle),
		 "dma_heap/%s: cannot allocate %llu bytes: %llu bytes free, the largest free block "
		 "is %llu bytes", name, TL_PAGE_ALIGN(len), free_b, largest);
	hp_check_has(tl_kmsg_read(kmsg), needle, "%s: the kernel log says why", what);
}

int main(int argc, char **argv)
{
	unsigned long long s0b = 0, s0y = 0, s1b, s1y;
	int q[4], fd, fd2, i, fds0;
	char path[128];
	struct stat st;
	uint8_t *m, *b;
	long at;

	if (argc != 2) {
		fprintf(stderr, "usage: heap-sub NAME\n");
		return 2;
	}
	hp_init();
	name = argv[1];
	fds0 = tl_count_fds();
	kmsg = tl_kmsg_open();
	snprintf(path, sizeof(path), "/dev/dma_heap/%s", name);
	if (!t_check(stat(path, &st) == 0 && S_ISCHR(st.st_mode),
		     "sub-heap node %s is a character device", path))
		return t_done();
	t_check_u64(st.st_mode & 07777, 0600, "sub-heap node %s has mode 0600", path);
	hs = hp_open_or_die(name);
	hmain = hp_open_or_die(HP_MAIN);
	devfd = tl_open_dev(name, O_RDWR);
	if (devfd < 0)
		t_die("open the device");
	size = tl_sysfs_u64("/sys/class/u-dma-buf/%s/size", name);
	phys = tl_sysfs_u64("/sys/class/u-dma-buf/%s/phys_addr", name);
	unit = size / 4;
	if (!t_check(size != ~0ULL && phys != ~0ULL && size >= 16 * TL_PAGE &&
		     !(unit & (TL_PAGE - 1)), "device %s: size in quarters of whole pages, "
		     "phys_addr (%llu, 0x%llx)", name, size, phys))
		return t_done();
	t_check_u64(attr("size"), size, "sysfs size of the heap is the device's size");
	check_usage(0, 0, size, size, "at the start");
	tl_stats(&s0b, &s0y);

	/* 4 quarters, first fit */
	dev_fill(0, size, 31);
	for (i = 0; i < 4; i++) {
		char what[32];

		snprintf(what, sizeof(what), "quarter %d", i);
		q[i] = alloc_at(unit, i * unit, what);
		if (q[i] < 0)
			return t_done();
	}
	tl_stats(&s1b, &s1y);
	t_check(s1b == s0b && s1y == s0y, "sub-heap buffers are device memory: debugfs stats "
		"unchanged (buffers %llu, bytes %llu; were %llu, %llu)", s1b, s1y, s0b, s0y);
	check_usage(4, size, 0, 0, "4 quarters allocated");
	b = dev_read(0, size);
	at = tl_nonzero(b, size);
	t_check(at < 0, "the allocations zeroed the device's memory (pwrite() pattern gone; "
		"first nonzero byte at %ld)", at);
	free(b);

	/* data: heap buffer -> device and device -> heap buffer */
	for (i = 0; i < 4; i++) {
		m = tl_map(q[i], unit, PROT_READ | PROT_WRITE, 0);
		if (m == MAP_FAILED)
			t_die("mmap of a quarter");
		tl_sync(q[i], DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
		tl_fill(m, unit, 40 + i, 0);
		tl_sync(q[i], DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
		munmap(m, unit);
	}
	for (i = 0; i < 4; i++) {
		b = dev_read(i * unit, unit);
		at = tl_cmp(b, unit, 40 + i, 0);
		t_check(at < 0, "quarter %d: its data is in the device at offset %llu (first "
			"difference at %ld)", i, i * unit, at);
		free(b);
	}
	dev_fill(unit, unit, 50);
	m = tl_map(q[1], unit, PROT_READ, 0);
	if (t_check(m != MAP_FAILED, "mmap quarter 1 again")) {
		tl_sync(q[1], DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
		t_check(tl_cmp(m, unit, 50, 0) < 0, "quarter 1 shows what pwrite() put in the device");
		tl_sync(q[1], DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
		munmap(m, unit);
	}

	/* exhaustion */
	expect_enomem(TL_PAGE, 0, 0, "full heap, one page");
	expect_enomem(1, 0, 0, "full heap, one byte");
	check_usage(4, size, 0, 0, "after the failures");

	/* fragmentation */
	close(q[0]);
	close(q[2]);
	check_usage(2, 2 * unit, 2 * unit, unit, "1st and 3rd quarters freed");
	expect_enomem(2 * unit, 2 * unit, unit, "half the heap free in two holes, half");
	expect_enomem(unit + TL_PAGE, 2 * unit, unit, "two holes, a quarter + one page");

	/* the holes are refilled first fit, zeroed; nothing else is touched */
	fd = alloc_at(unit, 0, "refill hole 1");
	if (fd >= 0) {
		m = tl_map(fd, unit, PROT_READ, 0);
		if (t_check(m != MAP_FAILED, "mmap the refilled hole 1")) {
			tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
			at = tl_nonzero(m, unit);
			t_check(at < 0, "refilled hole 1 is zeroed, not quarter 0's data (first "
				"nonzero byte at %ld)", at);
			tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
			munmap(m, unit);
		}
		b = dev_read(0, size);
		t_check(tl_nonzero(b, unit) < 0 && tl_cmp(b + unit, unit, 50, 0) < 0 &&
			tl_cmp(b + 3 * unit, unit, 43, 0) < 0,
			"the device: hole 1 zero, the live quarters 1 and 3 untouched");
		free(b);
	}
	fd2 = alloc_at(unit / 2, 2 * unit, "half a quarter into hole 2");
	q[0] = alloc_at(unit / 2 - 1, 2 * unit + unit / 2, "the rest of hole 2 (one byte short)");
	check_usage(5, 4 * unit, 0, 0, "holes refilled");
	expect_enomem(TL_PAGE, 0, 0, "full again");
	b = dev_read(2 * unit, unit);
	at = tl_nonzero(b, unit);
	t_check(at < 0, "hole 2's new buffers are zeroed (quarter 2's data gone; first nonzero "
		"byte at %ld)", at);
	free(b);

	/* freeing returns everything */
	close(fd);
	close(fd2);
	close(q[0]);
	close(q[1]);
	close(q[3]);
	check_usage(0, 0, size, size, "everything freed");
	fd = alloc_at(size, 0, "the whole heap");
	check_usage(1, size, 0, 0, "the whole heap allocated");
	if (fd >= 0)
		close(fd);
	expect_enomem(size + TL_PAGE, size, size, "empty heap, more than its size");

	/* a page in the middle: zeroed, its neighbours keep their data */
	dev_fill(0, size, 60);
	fd = alloc_at(TL_PAGE, 0, "a page, first fit");
	fd2 = alloc_at(5000, TL_PAGE, "5000 bytes after it");
	check_usage(2, 3 * TL_PAGE, size - 3 * TL_PAGE, size - 3 * TL_PAGE, "a page and 5000 bytes");
	b = dev_read(0, size);
	t_check(tl_nonzero(b, 3 * TL_PAGE) < 0 &&
		tl_cmp(b + 3 * TL_PAGE, size - 3 * TL_PAGE, 60, 3 * TL_PAGE) < 0,
		"3 pages zeroed, the rest of the device keeps its data");
	free(b);
	close(fd);
	fd = alloc_at(2 * TL_PAGE, ~0ULL, "2 pages with one free page at the start");
	t_check_u64(offset_of(fd), 3 * TL_PAGE, "2 pages do not fit the 1-page hole: offset 12288");
	close(fd);
	close(fd2);
	check_usage(0, 0, size, size, "at the end");

	close(devfd);
	close(hs);
	close(hmain);
	close(kmsg);
	t_check_u64(tl_count_fds(), fds0, "heap-sub: no fd left open");
	return t_done();
}
