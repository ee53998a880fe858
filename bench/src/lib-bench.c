// SPDX-License-Identifier: GPL-2.0
/*
 * libudmabuf benchmarks (bench/libudmabuf.sh), ratios against a baseline
 * measured in the same run; nothing is asserted:
 *
 *   lib-bench calls DEVICE
 *	each library call against the raw ioctls a hand-written program makes
 *	for the same result, on an open device and /dev/dma_heap/udmabuf
 *	(target <= 1.05x): range syncs by offset and by pointer (packed
 *	SET_SYNC_FOR_DEVICE + _FOR_CPU), EXPORT + close, DMA_BUF_IOCTL_SYNC
 *	start + end, and heap ALLOC (with its DMA address) + close on a heap
 *	node kept open, against udmabuf_heap_alloc() by name (which keeps the
 *	node open itself) and udmabuf_heap_alloc_from() on an open heap.
 *   lib-bench sync DEVICE OFFSET SIZE N
 *	the C side of the Python sync benchmark (bench/src/py-bench.py):
 *	prints the seconds per udmabuf_map_sync_for_device() +
 *	udmabuf_map_sync_for_cpu() of SIZE bytes at OFFSET, over N pairs,
 *	and the arguments of the two ioctls they send.
 *
 * Rounds alternate between the library and the raw ioctls (which goes
 * first alternates too); the median of the rounds' ratios is the result,
 * the ratio of each side's best round is printed next to it. Rounds are
 * short (about a millisecond a side) and many, so that what disturbs the
 * guest now and then (a host preemption, a timer tick, QEMU flushing its
 * translations) spoils few of them and the median passes them over.
 *
 * Two control rows say what the numbers can tell: the raw calls against
 * themselves (the method's own resolution, ideally 1.00x), and the raw
 * heap calls plus one malloc() + free() of the library's 32-byte buffer
 * object (the least any call returning an object adds here: under TCG
 * each page touched after the kernel call is a software TLB refill).
 * bench/libudmabuf.sh runs the whole set in several processes and
 * reports the median over them: where a process's code and data land
 * (ASLR) moves its results by a few per cent under TCG.
 *
 * The library is compiled in (as on the arm64 guest, which has no shared
 * libraries); a call through the shared library's PLT costs a nanosecond
 * more.
 */
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

#include "u-dma-buf-heap.h"
#include "u-dma-buf-ioctl.h"
#include "udmabuf.h"
#include "bench.h"

#ifndef ROUNDS
#define ROUNDS	301
#endif
#ifndef SLICE
#define SLICE	0.002		/* seconds per round (both sides) */
#endif
#define RANGE	4096		/* bytes synced, at offset RANGE */
#define EXPLEN	65536		/* bytes exported and allocated */

static struct udmabuf *dev;
static struct udmabuf_map *map;
static struct udmabuf_dmabuf *exp_buf;
static struct udmabuf_heap *heap;
static int fd, hfd;

static void ok(int err, const char *what)
{
	if (err < 0) {
		printf("FAIL: %s: %s\n", what, udmabuf_strerror(err));
		exit(1);
	}
}

static void raw(int f, unsigned long req, void *arg, const char *what)
{
	if (ioctl(f, req, arg))
		t_die(what);
}

static double lib_sync(int n)
{
	double t0 = tl_now();
	int i;

	for (i = 0; i < n; i++) {
		ok(udmabuf_sync_for_device(dev, RANGE, RANGE, UDMABUF_DIR_TO_DEVICE), "sync");
		ok(udmabuf_sync_for_cpu(dev, RANGE, RANGE, UDMABUF_DIR_FROM_DEVICE), "sync");
	}
	return (tl_now() - t0) / n;
}

static double lib_map_sync(int n)
{
	char *p = (char *)udmabuf_map_ptr(map) + RANGE;
	double t0 = tl_now();
	int i;

	for (i = 0; i < n; i++) {
		ok(udmabuf_map_sync_for_device(map, p, RANGE, UDMABUF_DIR_TO_DEVICE), "map sync");
		ok(udmabuf_map_sync_for_cpu(map, p, RANGE, UDMABUF_DIR_FROM_DEVICE), "map sync");
	}
	return (tl_now() - t0) / n;
}

/* The packed one-shot commands the library sends for lib_sync(). */
static double raw_sync(int n)
{
	uint64_t dev_cmd = (uint64_t)RANGE << 32 | RANGE | UDMABUF_DIR_TO_DEVICE << 2 | 2;
	uint64_t cpu_cmd = (uint64_t)RANGE << 32 | RANGE | UDMABUF_DIR_FROM_DEVICE << 2 | 2;
	double t0 = tl_now();
	int i;

	for (i = 0; i < n; i++) {
		raw(fd, U_DMA_BUF_IOCTL_SET_SYNC_FOR_DEVICE, &dev_cmd, "SET_SYNC_FOR_DEVICE");
		raw(fd, U_DMA_BUF_IOCTL_SET_SYNC_FOR_CPU, &cpu_cmd, "SET_SYNC_FOR_CPU");
	}
	return (tl_now() - t0) / n;
}

static double lib_export(int n)
{
	struct udmabuf_dmabuf *b;
	double t0 = tl_now();
	int i;

	for (i = 0; i < n; i++) {
		ok(udmabuf_export(dev, 0, EXPLEN, O_RDWR, &b), "export");
		udmabuf_dmabuf_close(b);
	}
	return (tl_now() - t0) / n;
}

static double raw_export(int n)
{
	double t0 = tl_now();
	int i;

	for (i = 0; i < n; i++) {
		u_dma_buf_ioctl_export_args a = { .offset = 0, .size = EXPLEN };

		SET_U_DMA_BUF_IOCTL_FLAGS_EXPORT_FD_FLAGS(&a, O_RDWR | O_CLOEXEC);
		raw(fd, U_DMA_BUF_IOCTL_EXPORT, &a, "EXPORT");
		close(a.fd);
	}
	return (tl_now() - t0) / n;
}

static double lib_cpu_access(int n)
{
	double t0 = tl_now();
	int i;

	for (i = 0; i < n; i++) {
		ok(udmabuf_dmabuf_begin_cpu_access(exp_buf, UDMABUF_ACCESS_RW), "begin");
		ok(udmabuf_dmabuf_end_cpu_access(exp_buf, UDMABUF_ACCESS_RW), "end");
	}
	return (tl_now() - t0) / n;
}

static double raw_cpu_access(int n)
{
	struct dma_buf_sync s0 = { DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW };
	struct dma_buf_sync s1 = { DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW };
	int efd = udmabuf_dmabuf_fd(exp_buf);
	double t0 = tl_now();
	int i;

	for (i = 0; i < n; i++) {
		raw(efd, DMA_BUF_IOCTL_SYNC, &s0, "DMA_BUF_IOCTL_SYNC start");
		raw(efd, DMA_BUF_IOCTL_SYNC, &s1, "DMA_BUF_IOCTL_SYNC end");
	}
	return (tl_now() - t0) / n;
}

static double lib_heap(int n)
{
	struct udmabuf_dmabuf *b;
	double t0 = tl_now();
	int i;

	for (i = 0; i < n; i++) {
		ok(udmabuf_heap_alloc(NULL, EXPLEN, O_RDWR, &b), "heap alloc");
		udmabuf_dmabuf_close(b);
	}
	return (tl_now() - t0) / n;
}

/* ALLOC on the heap node kept open and the buffer's DMA address: its fd. */
static inline int raw_heap_buffer(void)
{
	struct dma_heap_allocation_data a = { .len = EXPLEN, .fd_flags = O_RDWR | O_CLOEXEC };
	struct u_dma_buf_heap_dma_addr q = { 0 };

	raw(hfd, DMA_HEAP_IOCTL_ALLOC, &a, "DMA_HEAP_IOCTL_ALLOC");
	q.fd = a.fd;
	raw(hfd, U_DMA_BUF_HEAP_IOCTL_DMA_ADDR, &q, "U_DMA_BUF_HEAP_IOCTL_DMA_ADDR");
	return (int)a.fd;
}

static double raw_heap(int n)
{
	double t0 = tl_now();
	int i;

	for (i = 0; i < n; i++)
		close(raw_heap_buffer());
	return (tl_now() - t0) / n;
}

/* raw_heap() plus what the library's buffer object costs: a malloc + free */
static double raw_heap_object(int n)
{
	double t0 = tl_now();
	int i;

	for (i = 0; i < n; i++) {
		int buf = raw_heap_buffer();
		void *obj = calloc(1, 32);

		if (!obj)
			t_die("calloc");
		__asm__ volatile("" : : "r"(obj) : "memory");	/* kept */
		close(buf);
		free(obj);
	}
	return (tl_now() - t0) / n;
}

static double lib_heap_from(int n)
{
	struct udmabuf_dmabuf *b;
	double t0 = tl_now();
	int i;

	for (i = 0; i < n; i++) {
		ok(udmabuf_heap_alloc_from(heap, EXPLEN, O_RDWR, &b), "heap alloc from");
		udmabuf_dmabuf_close(b);
	}
	return (tl_now() - t0) / n;
}

static const struct op {
	const char *name, *raw_name, *target;
	double (*lib)(int n), (*raw)(int n);
} ops[] = {
	{ "udmabuf_sync_for_device + _for_cpu (4 KiB)", "SET_SYNC_FOR_DEVICE + _FOR_CPU", "target <= 1.05x",
	  lib_sync, raw_sync },
	{ "udmabuf_map_sync_for_device + _for_cpu (4 KiB)", "SET_SYNC_FOR_DEVICE + _FOR_CPU", "target <= 1.05x",
	  lib_map_sync, raw_sync },
	{ "udmabuf_export + udmabuf_dmabuf_close (64 KiB)", "EXPORT + close", "target <= 1.05x",
	  lib_export, raw_export },
	{ "udmabuf_dmabuf_begin_cpu_access + end", "DMA_BUF_IOCTL_SYNC start + end", "target <= 1.05x",
	  lib_cpu_access, raw_cpu_access },
	{ "udmabuf_heap_alloc + udmabuf_dmabuf_close (64 KiB)",
	  "ALLOC + HEAP_IOCTL_DMA_ADDR + close", "target <= 1.05x", lib_heap, raw_heap },
	{ "udmabuf_heap_alloc_from + udmabuf_dmabuf_close (64 KiB)",
	  "ALLOC + HEAP_IOCTL_DMA_ADDR + close", "target <= 1.05x", lib_heap_from, raw_heap },
	{ "SET_SYNC_FOR_DEVICE + _FOR_CPU", "the same raw calls", "control, ideally 1.00x",
	  raw_sync, raw_sync },
	{ "ALLOC + HEAP_IOCTL_DMA_ADDR + close", "the same raw calls",
	  "control, ideally 1.00x", raw_heap, raw_heap },
	{ "ALLOC + HEAP_IOCTL_DMA_ADDR + close + malloc/free",
	  "ALLOC + HEAP_IOCTL_DMA_ADDR + close", "control, the least an object adds",
	  raw_heap_object, raw_heap },
};

static double best(const double *v, int n)
{
	double m = v[0];
	int i;

	for (i = 1; i < n; i++)
		m = v[i] < m ? v[i] : m;
	return m;
}

static void measure(const struct op *o)
{
	double a[ROUNDS], b[ROUNDS], ratio, best_ratio;
	int r, n;

	n = bench_calibrate(o->lib(5) + o->raw(5), SLICE, 5);
	for (r = 0; r < ROUNDS; r++) {	/* alternating which goes first */
		if (r & 1) {
			b[r] = o->raw(n);
			a[r] = o->lib(n);
		} else {
			a[r] = o->lib(n);
			b[r] = o->raw(n);
		}
	}
	ratio = bench_median_ratio(a, b, ROUNDS);
	best_ratio = best(a, ROUNDS) / best(b, ROUNDS);
	printf("%-56s %9.2f us (best %.2f)\n", o->name, bench_median(a, ROUNDS) * 1e6,
	       best(a, ROUNDS) * 1e6);
	printf("%-56s %9.2f us (best %.2f)\n", o->raw_name, bench_median(b, ROUNDS) * 1e6,
	       best(b, ROUNDS) * 1e6);
	printf("RESULT libudmabuf %s vs %s: %.3fx (best of %d: %.3fx) (%s)\n\n",
	       o->name, o->raw_name, ratio, ROUNDS, best_ratio, o->target);
}

static int calls(void)
{
	unsigned int k;

	ok(udmabuf_map(dev, 0, 0, 0, &map), "map");
	ok(udmabuf_export(dev, 0, EXPLEN, O_RDWR, &exp_buf), "export");
	hfd = open("/dev/dma_heap/udmabuf", O_RDWR | O_CLOEXEC);
	if (hfd < 0)
		t_die("open /dev/dma_heap/udmabuf");
	ok(udmabuf_heap_open(NULL, O_RDWR, &heap), "heap open");
	for (k = 0; k < sizeof(ops) / sizeof(ops[0]); k++)
		measure(&ops[k]);
	udmabuf_heap_close(heap);
	close(hfd);
	udmabuf_dmabuf_close(exp_buf);
	udmabuf_unmap(map);
	return 0;
}

/* seconds per map sync for device + for cpu of [off, off + size), and the
 * arguments of the two ioctls */
static int sync_pairs(uint64_t off, uint64_t size, int n)
{
	uint64_t to_dev, to_cpu;
	unsigned long req;
	char *p;
	double t0;
	int i;

	ok(udmabuf_sync_ioctl(dev, off, size, UDMABUF_DIR_TO_DEVICE, 1, &req, &to_dev), "cmd");
	ok(udmabuf_sync_ioctl(dev, off, size, UDMABUF_DIR_FROM_DEVICE, 0, &req, &to_cpu), "cmd");

	ok(udmabuf_map(dev, 0, 0, 0, &map), "map");
	p = (char *)udmabuf_map_ptr(map) + off;
	t0 = tl_now();
	for (i = 0; i < n; i++) {
		ok(udmabuf_map_sync_for_device(map, p, size, UDMABUF_DIR_TO_DEVICE), "sync");
		ok(udmabuf_map_sync_for_cpu(map, p, size, UDMABUF_DIR_FROM_DEVICE), "sync");
	}
	printf("%.9f %#llx %#llx\n", (tl_now() - t0) / n, (unsigned long long)to_dev,
	       (unsigned long long)to_cpu);
	udmabuf_unmap(map);
	return 0;
}

int main(int argc, char **argv)
{
	int rc;

	if (!((argc == 3 && !strcmp(argv[1], "calls")) ||
	      (argc == 6 && !strcmp(argv[1], "sync")))) {
		fprintf(stderr, "usage: lib-bench calls DEVICE | sync DEVICE OFFSET SIZE N\n");
		return 2;
	}
	ok(udmabuf_open(argv[2], O_RDWR, &dev), "open");
	fd = udmabuf_fd(dev);
	if (argc == 3)
		rc = calls();
	else
		rc = sync_pairs(strtoull(argv[3], NULL, 0), strtoull(argv[4], NULL, 0),
				atoi(argv[5]));
	udmabuf_close(dev);
	return rc;
}
