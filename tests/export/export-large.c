// SPDX-License-Identifier: GPL-2.0
/*
 * export-large: a buffer of more than 4 GiB (tests/suites/export-large.sh
 * makes one from a device-tree CMA pool above 4 GiB on the arm64 guest),
 * exported and imported the RDMA core's way (udmabuf-rdma-importer.ko).
 *
 *   export-large DEV              the importer reaches all memory
 *   export-large --unreachable DEV  it was loaded with dma_bits=32
 *
 * DMA segment lengths are 32 bits, so every importer's table must have
 * entries below 4 GiB that add up to the whole buffer; data written through
 * the device node at offsets above 4 GiB reaches the importer's device, its
 * writes come back through read() and through mmap() of the export at an
 * offset above 4 GiB, and a sub-range export above 4 GiB works the same.
 * With a 32-bit importer every pin (and every dynamic mapping) is
 * EOPNOTSUPP: the memory lies above what it reaches without bounce buffers.
 * PASS/FAIL lines; exit status 1 when a check failed.
 */
#include <sys/ioctl.h>

#include "../kmod/rdma-importer/rdma-importer.h"
#include "dmabuf.h"
#include "sys.h"
#include "t.h"

#define PAGE	4096ULL
#define GIB4	(4ULL << 30)
#define LEN	(64 * 1024ULL)

static int imp;

static long import(int fd, uint32_t flags, uint64_t off, uint8_t expect, uint8_t fill,
		   struct rdma_importer_args *a)
{
	*a = (struct rdma_importer_args){ .fd = fd, .flags = flags, .offset = off, .size = LEN,
					  .expect = expect, .fill = fill };
	return ioctl(imp, RDMA_IMPORTER_IMPORT, a);
}

/* 0 when the LEN bytes at @off of the device read @v. */
static int reads(int dev, uint64_t off, uint8_t v)
{
	static uint8_t b[LEN];
	uint64_t i;

	if (pread(dev, b, LEN, (off_t)off) != (ssize_t)LEN)
		return -1;
	for (i = 0; i < LEN && b[i] == v; i++)
		;
	return i == LEN ? 0 : -1;
}

static int writes(int dev, uint64_t off, uint8_t v)
{
	static uint8_t b[LEN];

	memset(b, v, LEN);
	return pwrite(dev, b, LEN, (off_t)off) == (ssize_t)LEN ? 0 : -1;
}

/* One import of LEN bytes at @off of @fd (covering @span bytes), both ways. */
static void round_trip(int dev, const char *what, int fd, uint64_t span, uint64_t fd_off,
		       uint64_t dev_off, uint32_t flags)
{
	const char *path = flags & RDMA_IMPORTER_PINNED ? "pinned" : "dynamic";
	struct rdma_importer_args a;

	t_check(!writes(dev, dev_off, 0x3c), "%s: 0x3c written at 0x%llx of the device", what,
		(unsigned long long)dev_off);
	if (!t_check_ret(import(fd, flags, fd_off, 0x3c, 0xc3, &a), 0, "%s: %s import at 0x%llx",
			 what, path, (unsigned long long)fd_off))
		return;
	t_check(a.bad_offset == ~0ULL, "%s, %s: the device reads what was written (first bad %lld)",
		what, path, (long long)a.bad_offset);
	t_check(!reads(dev, dev_off, 0xc3), "%s, %s: read() sees what the device wrote", what, path);
	t_check(a.max_len < GIB4 && a.nents >= (span > GIB4 ? 2 : 1),
		"%s, %s: %llu segments, each below 4 GiB (longest %llu)", what, path,
		(unsigned long long)a.nents, (unsigned long long)a.max_len);
	t_check(a.moves == 0 && tl_pins() == 0, "%s, %s: no move_notify, no pin left", what, path);
}

/* The export's own mmap() at an offset above 4 GiB sees the device's bytes. */
static void check_mmap(int fd, uint64_t off, uint8_t v)
{
	uint8_t *m = tl_map(fd, LEN, PROT_READ, (off_t)off);
	uint64_t i = 0;

	if (!t_check(m != MAP_FAILED, "mmap() of the export at 0x%llx", (unsigned long long)off))
		return;
	tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
	while (i < LEN && m[i] == v)
		i++;
	tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
	t_check(i == LEN, "the mapping at 0x%llx reads 0x%x (first other byte at %llu)",
		(unsigned long long)off, v, (unsigned long long)i);
	munmap(m, LEN);
}

static void check_reachable(int dev, uint64_t size)
{
	int all = tl_export(dev, 0, size, O_RDWR, NULL);
	int high = tl_export(dev, GIB4, size - GIB4, O_RDWR, NULL);

	if (!t_check(all >= 0 && high >= 0, "exports of the whole buffer and of [4 GiB, end)"))
		return;
	t_check(tl_buf_size(all) == size, "the whole export has %llu bytes",
		(unsigned long long)tl_buf_size(all));
	round_trip(dev, "whole export", all, size, GIB4 + PAGE, GIB4 + PAGE, RDMA_IMPORTER_PINNED);
	check_mmap(all, GIB4 + PAGE, 0xc3);
	check_mmap(all, GIB4 + PAGE + LEN, 0);
	round_trip(dev, "whole export", all, size, size - LEN, size - LEN, 0);
	round_trip(dev, "whole export", all, size, PAGE, PAGE, RDMA_IMPORTER_PINNED);
	round_trip(dev, "export above 4 GiB", high, size - GIB4, 4 * LEN, GIB4 + 4 * LEN,
		   RDMA_IMPORTER_PINNED);
	check_mmap(high, 4 * LEN, 0xc3);
	close(high);
	close(all);
}

static void check_unreachable(int dev, uint64_t size)
{
	int all = tl_export(dev, 0, size, O_RDWR, NULL);
	int high = tl_export(dev, GIB4, size - GIB4, O_RDWR, NULL);
	struct rdma_importer_args a;

	if (!t_check(all >= 0 && high >= 0, "exports of the whole buffer and of [4 GiB, end)"))
		return;
	t_check_ret(import(all, RDMA_IMPORTER_PINNED, GIB4, 0, 0, &a), EOPNOTSUPP,
		    "a 32-bit importer's pin of the whole export is EOPNOTSUPP");
	t_check_ret(import(high, RDMA_IMPORTER_PINNED, 0, 0, 0, &a), EOPNOTSUPP,
		    "so is its pin of the export above 4 GiB");
	t_check_ret(import(high, 0, 0, 0, 0, &a), EOPNOTSUPP,
		    "and its dynamic import (the mapping pins without move_notify support)");
	t_check(tl_pins() == 0, "no pin is left (%lld)", tl_pins());
	close(high);
	close(all);
}

int main(int argc, char **argv)
{
	int unreachable = argc == 3 && !strcmp(argv[1], "--unreachable");
	const char *name = argv[argc - 1];
	unsigned long long phys;
	uint64_t size;
	int dev;

	if (argc != 2 && !unreachable) {
		fprintf(stderr, "usage: export-large [--unreachable] DEV\n");
		return 2;
	}
	imp = open(RDMA_IMPORTER_DEV, O_RDWR | O_CLOEXEC);
	dev = tl_open_dev(name, O_RDWR);
	if (imp < 0 || dev < 0)
		t_die("open " RDMA_IMPORTER_DEV " and the device");
	size = tl_buf_size(dev);
	phys = tl_sysfs_u64("/sys/class/u-dma-buf/%s/phys_addr", name);
	if (!t_check(size > GIB4 + PAGE && phys != ~0ULL && phys >= GIB4,
		     "/dev/%s: %llu bytes at 0x%llx, above 4 GiB", name,
		     (unsigned long long)size, phys))
		return t_done();
	if (unreachable)
		check_unreachable(dev, size);
	else
		check_reachable(dev, size);
	close(dev);
	close(imp);
	return t_done();
}
