/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the benchmark programs share: medians of rounds, how many
 * iterations make a measurement long enough to time, and the vgem baseline.
 */
#ifndef UDMABUF_BENCH_H
#define UDMABUF_BENCH_H

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "drm-raw.h"
#include "sys.h"
#include "t.h"

static inline int bench_cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The median of v[0..n) (sorts v). */
static inline double bench_median(double *v, int n)
{
	qsort(v, n, sizeof(*v), bench_cmp_double);
	return v[n / 2];
}

/* The median of a[i] / b[i]: each round's ratio of two measurements taken
 * back to back cancels slow drifts in the load of the machine. */
static inline double bench_median_ratio(const double *a, const double *b, int n)
{
	double r[n];
	int i;

	for (i = 0; i < n; i++)
		r[i] = a[i] / b[i];
	return bench_median(r, n);
}

/* Iterations making one measurement of an operation taking @per_op seconds
 * last about @seconds: at least @least, at most 100000. */
static inline int bench_calibrate(double per_op, double seconds, int least)
{
	double n = seconds / (per_op > 1e-9 ? per_op : 1e-9);

	return n < least ? least : n > 100000 ? 100000 : (int)n;
}

/*
 * The baseline for making and sharing a buffer: seconds per vgem
 * CREATE_DUMB (@width x @height, 32 bpp) + PRIME_HANDLE_TO_FD + close +
 * DESTROY_DUMB, over @n rounds on @card.
 */
static inline double bench_vgem_dumb(int card, uint32_t width, uint32_t height, int n)
{
	double t0 = tl_now();
	uint32_t handle;
	int i, fd;

	for (i = 0; i < n; i++) {
		if (tl_dumb_create(card, width, height, 32, &handle, NULL))
			t_die("vgem CREATE_DUMB");
		fd = tl_prime_export(card, handle);
		if (fd < 0)
			t_die("vgem PRIME_HANDLE_TO_FD");
		close(fd);
		tl_dumb_destroy(card, handle);
	}
	return (tl_now() - t0) / n;
}

#endif
