// SPDX-License-Identifier: GPL-2.0
/*
 * Export benchmarks, each a ratio against a baseline measured in the same
 * run (nothing is asserted; the target is printed next to each ratio):
 *
 *   1. U_DMA_BUF_IOCTL_EXPORT + close of a 1 MiB range, vs vgem
 *      CREATE_DUMB + PRIME_HANDLE_TO_FD + close + DESTROY_DUMB (<= 1.0x);
 *   2. mmap + first touch (one byte written per page) of a fresh 16 MiB
 *      export, vs the same on a fresh vgem dumb-buffer export, which faults
 *      page by page (>= 5x faster);
 *   3. a DMA_BUF_IOCTL_SYNC start + end pair on the export, vs a no-op
 *      ioctl on the same fd (an unknown number: ENOTTY) (<= 3x).
 *
 * Rounds alternate between the measured operation and its baseline; a
 * result is the median of the rounds' ratios (each round compares two
 * measurements taken back to back, which cancels slow drifts in the load
 * of the machine), and the times printed are the medians of the rounds.
 *
 * usage: export-bench [-x OTHER] SMALL BIG...
 *   OTHER  a device of at least 1 MiB to time the SYNC pair on as well
 *          (for information, e.g. a non-coherent one)
 *   SMALL  a device of at least 1 MiB (best coherent: the SYNC target is
 *          for a coherent buffer)
 *   BIG    devices adding up to 16 MiB (one 16 MiB device where contiguous
 *          memory allows, e.g. four 4 MiB devices without CMA); the
 *          "16 MiB export" is then one export of each, mapped together
 * vgem must be loaded.
 */
#include "../../tests/export/export.h"
#include "drm-raw.h"
#include "bench.h"

#define ROUNDS	15
#define MAXBIG	8
#define MIB	(1024 * 1024ULL)

static int card;

/* --- 1. export + close vs vgem dumb + handle_to_fd + close + destroy ---------- */

static double time_export(int devfd, int n)
{
	double t0 = tl_now();
	int i, fd;

	for (i = 0; i < n; i++) {
		fd = tl_export(devfd, 0, MIB, O_RDWR | O_CLOEXEC, NULL);
		if (fd < 0)
			t_die("EXPORT");
		close(fd);
	}
	return (tl_now() - t0) / n;
}

/* 1 MiB */
static double time_vgem_dumb(int n)
{
	return bench_vgem_dumb(card, 512, 512, n);
}

/* --- 2. first touch -------------------------------------------------------- */

static void touch(volatile uint8_t *p, size_t len)
{
	size_t i;

	for (i = 0; i < len; i += TL_PAGE)
		p[i] = (uint8_t)(i >> 12) + 1;
}

/* *tmap: the part of the time spent in mmap() */
static double time_touch_export(int *bigfd, uint64_t *bigsize, int nbig, double *tmap)
{
	uint8_t *m[MAXBIG];
	int fd[MAXBIG], i;
	double t0, t1, t;

	for (i = 0; i < nbig; i++)
		fd[i] = ex_export_or_die(bigfd[i], 0, bigsize[i], O_RDWR | O_CLOEXEC);
	t0 = tl_now();
	for (i = 0; i < nbig; i++) {
		m[i] = tl_map(fd[i], bigsize[i], PROT_READ | PROT_WRITE, 0);
		if (m[i] == MAP_FAILED)
			t_die("mmap of the export");
	}
	t1 = tl_now();
	for (i = 0; i < nbig; i++)
		touch(m[i], bigsize[i]);
	t = tl_now() - t0;
	*tmap = t1 - t0;
	for (i = 0; i < nbig; i++) {
		munmap(m[i], bigsize[i]);
		close(fd[i]);
	}
	return t;
}

static double time_touch_vgem(uint64_t total, double *tmap)
{
	uint64_t size = 0;
	uint32_t handle;
	uint8_t *m;
	double t0, t;
	int fd;

	/* 2048 x (total / 8 KiB) x 32 bpp = total bytes */
	if (tl_dumb_create(card, 2048, total / 8192, 32, &handle, &size))
		t_die("vgem CREATE_DUMB");
	fd = tl_prime_export(card, handle);
	if (fd < 0)
		t_die("vgem PRIME_HANDLE_TO_FD");
	t0 = tl_now();
	m = tl_map(fd, total, PROT_READ | PROT_WRITE, 0);
	if (m == MAP_FAILED)
		t_die("mmap of the vgem export");
	*tmap = tl_now() - t0;
	touch(m, total);
	t = tl_now() - t0;
	munmap(m, total);
	close(fd);
	tl_dumb_destroy(card, handle);
	return t;
}

/* --- 3. SYNC pair vs no-op ioctl -------------------------------------------- */

#define NOOP_IOCTL	_IOW(DMA_BUF_BASE, 0x3f, uint64_t)

static double time_sync(int fd, int n)
{
	struct dma_buf_sync s;
	double t0 = tl_now();
	int i;

	for (i = 0; i < n; i++) {
		s.flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW;
		ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
		s.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW;
		ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
	}
	return (tl_now() - t0) / n;
}

static double time_noop(int fd, int n)
{
	uint64_t v = 0;
	double t0 = tl_now();
	int i;

	for (i = 0; i < n; i++)
		ioctl(fd, NOOP_IOCTL, &v);
	return (tl_now() - t0) / n;
}

static const char *coherent(const char *dev);

/* The SYNC pair vs the no-op ioctl on an export of 1 MiB of @dev. */
static void sync_bench(int devfd, const char *dev, int target)
{
	double a[ROUNDS], b[ROUNDS], ma, mb, rr;
	struct dma_buf_sync s;
	uint64_t v = 0;
	int fd, r, n;

	fd = ex_export_or_die(devfd, 0, MIB, O_RDWR | O_CLOEXEC);
	s.flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW;
	if (ioctl(fd, DMA_BUF_IOCTL_SYNC, &s))
		t_die("DMA_BUF_IOCTL_SYNC");
	s.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW;
	ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
	if (ioctl(fd, NOOP_IOCTL, &v) == 0 || errno != ENOTTY)
		printf("# the no-op ioctl did not fail with ENOTTY (%s)\n", strerror(errno));
	n = bench_calibrate(time_sync(fd, 20) + time_noop(fd, 20), 0.03, 20);
	for (r = 0; r < ROUNDS; r++) {
		a[r] = time_sync(fd, n);
		b[r] = time_noop(fd, n);
	}
	rr = bench_median_ratio(a, b, ROUNDS);
	ma = bench_median(a, ROUNDS);
	mb = bench_median(b, ROUNDS);
	close(fd);
	printf("DMA_BUF_IOCTL_SYNC start + end, 1 MiB export of %s (%s): %8.3f us\n", dev,
	       coherent(dev), ma * 1e6);
	printf("no-op ioctl (ENOTTY) on the same fd:                %8.3f us\n", mb * 1e6);
	if (target)
		printf("RESULT sync pair vs no-op ioctl: %.2fx (target <= 3x, on a coherent buffer)\n",
		       rr);
	else
		printf("(for information) sync pair vs no-op ioctl on %s: %.2fx\n", dev, rr);
}

static const char *coherent(const char *dev)
{
	static char buf[160];
	char path[128], *s;

	snprintf(path, sizeof(path), "/sys/class/u-dma-buf/%s/dma_coherent", dev);
	s = tl_read_file(path);
	snprintf(buf, sizeof(buf), "%s", s && *s == '1' ? "coherent" :
		 s && *s == '0' ? "NOT coherent: the sync does cache maintenance" : "coherence unknown");
	free(s);
	return buf;
}

int main(int argc, char **argv)
{
	double a[ROUNDS], b[ROUNDS], ta[ROUNDS], tb[ROUNDS], ma, mb;
	int bigfd[MAXBIG], nbig, devfd, fd, r, n;
	uint64_t bigsize[MAXBIG], total = 0;
	const char *other = NULL;

	if (argc > 2 && !strcmp(argv[1], "-x")) {
		other = argv[2];
		argc -= 2;
		argv += 2;
	}
	nbig = argc - 2;
	if (argc < 3 || nbig > MAXBIG) {
		fprintf(stderr, "usage: export-bench [-x OTHER] SMALL BIG...\n");
		return 2;
	}
	card = tl_drm_open("vgem", NULL, 0);
	if (card < 0) {
		printf("FAIL: no vgem card (modprobe vgem)\n");
		return 1;
	}
	devfd = ex_open_dev_or_die(argv[1]);
	for (r = 0; r < nbig; r++) {
		bigfd[r] = ex_open_dev_or_die(argv[2 + r]);
		bigsize[r] = ex_dev_size(bigfd[r]);
		total += bigsize[r];
	}

	/* 1 */
	n = bench_calibrate(time_export(devfd, 20) + time_vgem_dumb(20), 0.03, 20);
	for (r = 0; r < ROUNDS; r++) {
		a[r] = time_export(devfd, n);
		b[r] = time_vgem_dumb(n);
	}
	ma = bench_median(a, ROUNDS);
	mb = bench_median(b, ROUNDS);
	printf("export + close of a 1 MiB range:                %9.2f us\n", ma * 1e6);
	printf("vgem CREATE_DUMB + HANDLE_TO_FD + close + DESTROY: %6.2f us\n", mb * 1e6);
	printf("RESULT export+close vs vgem dumb export: %.2fx the baseline's time (target <= 1.0x)\n\n",
	       bench_median_ratio(a, b, ROUNDS));

	/* 2 */
	time_touch_export(bigfd, bigsize, nbig, &ta[0]);
	time_touch_vgem(total, &tb[0]);
	for (r = 0; r < ROUNDS; r++) {
		a[r] = time_touch_export(bigfd, bigsize, nbig, &ta[r]);
		b[r] = time_touch_vgem(total, &tb[r]);
	}
	ma = bench_median(a, ROUNDS);
	mb = bench_median(b, ROUNDS);
	printf("mmap + first touch of %llu MiB of exports (%d export%s): %9.2f ms (%.2f us/page; "
	       "mmap %.2f ms)\n", (unsigned long long)(total / MIB), nbig, nbig > 1 ? "s" : "",
	       ma * 1e3, ma * 1e6 / (total / TL_PAGE), bench_median(ta, ROUNDS) * 1e3);
	printf("mmap + first touch of a %llu MiB vgem dumb export:  %9.2f ms (%.2f us/page; "
	       "mmap %.2f ms)\n", (unsigned long long)(total / MIB), mb * 1e3,
	       mb * 1e6 / (total / TL_PAGE), bench_median(tb, ROUNDS) * 1e3);
	printf("RESULT first touch: the export is %.1fx faster than vgem (target >= 5x)\n\n",
	       bench_median_ratio(b, a, ROUNDS));

	/* 3 */
	sync_bench(devfd, argv[1], 1);
	if (other) {
		fd = ex_open_dev_or_die(other);
		sync_bench(fd, other, 0);
		close(fd);
	}
	return 0;
}
