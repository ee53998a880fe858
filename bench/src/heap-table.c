// SPDX-License-Identifier: GPL-2.0
/*
 * The heap table (bench kernel only: Debian's has no kernel dma-buf heaps):
 * for 4 KiB, 64 KiB, 1 MiB, 4 MiB and 16 MiB, the time of
 *
 *   alloc+close             DMA_HEAP_IOCTL_ALLOC + close
 *   alloc+mmap+touch+close  ALLOC + mmap + a write to every page + munmap +
 *                           close
 *
 * on /dev/dma_heap/udmabuf, a sub-heap and the kernel's system heap, each as
 * a ratio against the kernel's CMA heap (the baseline row, in microseconds).
 * Every cell is the median of ROUNDS per-round ratios, each round timing the
 * heap and then the CMA heap back to back. Every measurement is warm: the
 * calibration has allocated that size before.
 *
 * Targets, printed next to the values, never asserted: udmabuf <= 1.0x the
 * CMA heap at every size; the sub-heap <= 1.0x udmabuf at 4 KiB and <= 0.5x
 * from 64 KiB up (from the two rows' ratios); with --pool, the one row
 * "udmabuf+pool" (u-dma-buf.ko loaded with heap_pool_size) <= 0.25x the CMA
 * heap for alloc+close at 1 MiB and 4 MiB. The pool row is measured twice:
 * back to back (a sustained stream of allocations, which the pool cannot
 * make cheaper than zeroing every buffer once: no target), and with the
 * machine idle for a while before each timed allocation, so the worker has
 * zeroed what was released (an allocation's latency with a warm pool: the
 * target applies to this one).
 *
 * usage: heap-table CMAHEAP SUBHEAP   (the table, with a header)
 *        heap-table --pool CMAHEAP    (only the udmabuf+pool row)
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

#include "../../tests/heap/heap.h"
#include "bench.h"

#define ROUNDS	9
#define NSIZES	5

enum op { OP_ALLOC, OP_TOUCH, NOPS };

static const uint64_t sizes[NSIZES] = {
	4 * HP_KIB, 64 * HP_KIB, HP_MIB, 4 * HP_MIB, 16 * HP_MIB,
};
static const char *const op_names[NOPS] = { "alloc+close", "alloc+mmap+touch+close" };

/*
 * A row: a heap's cells, as ratios against the baseline (or, for the
 * baseline itself, in seconds).
 */
struct row {
	const char *label;
	int heap;
	double cell[NOPS][NSIZES];
};

static void alloc_touch(int h, uint64_t len)
{
	uint8_t *p;
	uint64_t off;
	int fd;

	fd = hp_alloc(h, len);
	if (fd < 0)
		t_die("ALLOC");
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED)
		t_die("mmap of a heap buffer");
	for (off = 0; off < len; off += 4096)
		p[off] = 1;
	__asm__ __volatile__("" : : "r"(p) : "memory");
	munmap(p, len);
	close(fd);
}

/* Seconds per @op on heap @h for @len bytes, over @n iterations. */
static double time_op(int h, enum op op, uint64_t len, int n)
{
	double t0 = tl_now();
	int i, fd;

	for (i = 0; i < n; i++) {
		if (op == OP_TOUCH) {
			alloc_touch(h, len);
			continue;
		}
		fd = hp_alloc(h, len);
		if (fd < 0)
			t_die("ALLOC");
		close(fd);
	}
	return (tl_now() - t0) / n;
}

/*
 * Fills @row with ratios against heap @base, whose median seconds per
 * operation go to @baseline when it is not NULL.
 */
static void measure_row(struct row *row, int base, struct row *baseline)
{
	double a[ROUNDS], b[ROUNDS];
	unsigned int op, k;
	uint64_t len;
	int r, n;

	for (op = 0; op < NOPS; op++) {
		for (k = 0; k < NSIZES; k++) {
			len = sizes[k];
			n = bench_calibrate(time_op(row->heap, op, len, 3) +
					    time_op(base, op, len, 3), 0.05, 3);
			for (r = 0; r < ROUNDS; r++) {
				a[r] = time_op(row->heap, op, len, n);
				b[r] = time_op(base, op, len, n);
			}
			row->cell[op][k] = bench_median_ratio(a, b, ROUNDS);
			if (baseline)
				baseline->cell[op][k] = bench_median(b, ROUNDS);
		}
	}
}

static void print_header(const char *base)
{
	unsigned int k;
	char sz[32];

	printf("heap table: time as a ratio against the CMA heap \"%s\" (median of %d paired rounds; "
	       "below 1.0x is faster; the first row is the CMA heap's own time)\n", base, ROUNDS);
	printf("%-40s", "heap, operation");
	for (k = 0; k < NSIZES; k++)
		printf(" %9s", hp_size_name(sizes[k], sz, sizeof(sz)));
	printf("\n");
}

/* A row of ratios, or with @us the baseline's times in microseconds. */
static void print_row(const struct row *row, bool us)
{
	unsigned int op, k;
	char label[64];

	for (op = 0; op < NOPS; op++) {
		snprintf(label, sizeof(label), "%s, %s", row->label, op_names[op]);
		printf("%-40s", label);
		for (k = 0; k < NSIZES; k++) {
			if (us)
				printf(" %7.1fus", row->cell[op][k] * 1e6);
			else
				printf(" %8.2fx", row->cell[op][k]);
		}
		printf("\n");
	}
}

/*
 * One target line: @v[k] against @limit[k] (0: no target at that size),
 * "met" when every size with a target is within it.
 */
static void report(const char *what, const double *v, const double *limit)
{
	char missed[128] = "", sz[32];
	size_t len = 0;
	unsigned int k;

	for (k = 0; k < NSIZES; k++) {
		if (limit[k] <= 0 || v[k] <= limit[k] || len >= sizeof(missed) - 1)
			continue;
		len += snprintf(missed + len, sizeof(missed) - len, "%s %s", len ? "," : "",
				hp_size_name(sizes[k], sz, sizeof(sz)));
	}
	printf("TARGET %s: %s%s (", what, len ? "missed at" : "met", missed);
	for (k = 0; k < NSIZES; k++)
		printf("%s%.2fx", k ? " " : "", v[k]);
	printf(")\n");
}

/* The table: baseline, udmabuf, the sub-heap, system; and their targets. */
static int table(const char *cma, const char *subheap)
{
	static const double every[NSIZES] = { 1.0, 1.0, 1.0, 1.0, 1.0 };
	static const double sub[NSIZES] = { 1.0, 0.5, 0.5, 0.5, 0.5 };
	struct row base = { .label = cma, .heap = hp_open_or_die(cma) };
	struct row rows[] = {
		{ .label = HP_MAIN, .heap = hp_open_or_die(HP_MAIN) },
		{ .label = "sub-heap", .heap = hp_open_or_die(subheap) },
		{ .label = "system", .heap = hp_open_or_die("system") },
	};
	double v[NSIZES];
	unsigned int i, op, k;
	char what[160];

	print_header(cma);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		measure_row(&rows[i], base.heap, i ? NULL : &base);
		if (!i)
			print_row(&base, true);
		print_row(&rows[i], false);
		fflush(stdout);
	}
	for (op = 0; op < NOPS; op++) {
		snprintf(what, sizeof(what), "%s vs %s, %s, <= 1.0x at every size", HP_MAIN, cma,
			 op_names[op]);
		report(what, rows[0].cell[op], every);
	}
	for (op = 0; op < NOPS; op++) {
		for (k = 0; k < NSIZES; k++)
			v[k] = rows[1].cell[op][k] / rows[0].cell[op][k];
		snprintf(what, sizeof(what), "sub-heap %s vs %s (the two rows' ratio), %s, "
			 "<= 1.0x at 4 KiB, <= 0.5x from 64 KiB", subheap, HP_MAIN, op_names[op]);
		report(what, v, sub);
	}
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		close(rows[i].heap);
	close(base.heap);
	return 0;
}

#define IDLE_N	6	/* timed allocations per round after idling */

/*
 * Seconds per alloc+close of @len bytes on heap @h, each timed alone after
 * the machine idled long enough for the pool's worker to zero a buffer of
 * that size (10 ms plus 2 ms per MiB: zeroing runs at about 3 GB/s here).
 */
static double time_after_idle(int h, uint64_t len)
{
	double sum = 0, t0;
	int i, fd;

	for (i = 0; i < IDLE_N; i++) {
		tl_sleep_ms(10 + (long)(2 * len / HP_MIB));
		t0 = tl_now();
		fd = hp_alloc(h, len);
		if (fd < 0)
			t_die("ALLOC");
		close(fd);
		sum += tl_now() - t0;
	}
	return sum / IDLE_N;
}

/* The udmabuf+pool rows (u-dma-buf.ko loaded with heap_pool_size) and the target. */
static int pool(const char *cma)
{
	static const double warm[NSIZES] = { 0, 0, 0.25, 0.25, 0 };
	struct row row = { .label = HP_MAIN "+pool", .heap = hp_open_or_die(HP_MAIN) };
	int base = hp_open_or_die(cma);
	double idle[NSIZES], a[ROUNDS], b[ROUNDS];
	char what[160], sz[32];
	unsigned int k;
	int r;

	measure_row(&row, base, NULL);
	print_row(&row, false);
	for (k = 0; k < NSIZES; k++) {
		for (r = 0; r < ROUNDS; r++) {
			a[r] = time_after_idle(row.heap, sizes[k]);
			b[r] = time_after_idle(base, sizes[k]);
		}
		idle[k] = bench_median_ratio(a, b, ROUNDS);
	}
	snprintf(what, sizeof(what), "%s, alloc+close after idling", row.label);
	printf("%-40s", what);
	for (k = 0; k < NSIZES; k++)
		printf(" %8.2fx", idle[k]);
	printf("\n");
	printf("(back to back, the pool cannot beat zeroing every released buffer once: no target "
	       "for the rows above)\n");
	snprintf(what, sizeof(what), "%s vs %s, warm alloc+close after idling, <= 0.25x at %s "
		 "and 4 MiB", row.label, cma, hp_size_name(sizes[2], sz, sizeof(sz)));
	report(what, idle, warm);
	close(row.heap);
	close(base);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--pool"))
		return pool(argv[2]);
	if (argc == 3 && argv[1][0] != '-')
		return table(argv[1], argv[2]);
	fprintf(stderr, "usage: heap-table CMAHEAP SUBHEAP | heap-table --pool CMAHEAP\n");
	return 2;
}
