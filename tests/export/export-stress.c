// SPDX-License-Identifier: GPL-2.0
/*
 * Stress: THREADS threads for SECONDS seconds, each repeatedly exporting a
 * range of its own part of one device (created through the manager),
 * mapping it, writing and verifying its own pattern between
 * DMA_BUF_IOCTL_SYNC start and end, unmapping and closing, and now and
 * then importing the export into vgem (and re-exporting it). At the end no
 * fd is left open and, once the device is deleted, the memory is returned.
 *
 * usage: export-stress [SECONDS [THREADS]]   (default 30 s, 8 threads;
 *                                             vgem and u-dma-buf-mgr loaded)
 */
#include <pthread.h>

#include "export.h"
#include "drm-raw.h"

#define DEV		"exstress0"
#define PART		(128 * 1024ULL)

static char card_path[64];
static int devfd;
static double deadline;

struct worker {
	pthread_t th;
	int id;
	unsigned long iters, imports, errors;
	char err[256];
};

static void fail(struct worker *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(struct worker *w, const char *fmt, ...)
{
	va_list ap;

	if (!w->errors++) {
		va_start(ap, fmt);
		vsnprintf(w->err, sizeof(w->err), fmt, ap);
		va_end(ap);
	}
}

static void *work(void *arg)
{
	struct worker *w = arg;
	unsigned int rnd = 0x1234567u * (w->id + 1);
	uint64_t base = w->id * PART;
	char why[160];
	int card;

	card = open(card_path, O_RDWR | O_CLOEXEC);
	if (card < 0) {
		fail(w, "open %s: %s", card_path, strerror(errno));
		return NULL;
	}
	while (tl_now() < deadline && w->errors < 10) {
		unsigned int pages = PART / TL_PAGE, first, n;
		uint32_t seed = (uint32_t)w->id << 24 | (uint32_t)(w->iters & 0xffffff);
		int flags = O_RDWR, fd;
		uint64_t off, size;
		uint8_t *m;

		rnd = rnd * 1103515245u + 12345u;
		first = (rnd >> 8) % pages;
		n = 1 + (rnd >> 20) % (pages - first);
		off = base + first * TL_PAGE;
		size = n * TL_PAGE;
		if (w->iters & 1)
			flags |= O_CLOEXEC;
		if (w->iters % 5 == 3)
			flags |= O_SYNC;
		w->iters++;

		fd = tl_export(devfd, off, size, flags, NULL);
		if (fd < 0) {
			fail(w, "export 0x%llx + %llu: %s", (unsigned long long)off,
			     (unsigned long long)size, strerror(errno));
			continue;
		}
		m = tl_map(fd, size, PROT_READ | PROT_WRITE, 0);
		if (m == MAP_FAILED) {
			fail(w, "mmap of 0x%llx + %llu: %s", (unsigned long long)off,
			     (unsigned long long)size, strerror(errno));
			close(fd);
			continue;
		}
		if (tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE))
			fail(w, "SYNC START: %s", strerror(errno));
		tl_fill(m, size, seed, off);
		if (tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE))
			fail(w, "SYNC END: %s", strerror(errno));
		tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
		if (!ex_check_pat(m, size, seed, off, why, sizeof(why)))
			fail(w, "export 0x%llx + %llu, iteration %lu: mapping: %s",
			     (unsigned long long)off, (unsigned long long)size, w->iters, why);
		tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
		if (w->iters % 8 == 0 && !ex_check_dev(devfd, off, size, seed, off, why, sizeof(why)))
			fail(w, "export 0x%llx + %llu, iteration %lu: device read(): %s",
			     (unsigned long long)off, (unsigned long long)size, w->iters, why);
		if (w->iters % 16 == 0) {
			uint32_t handle;
			int fd2;

			if (tl_prime_import(card, fd, &handle)) {
				fail(w, "vgem import: %s", strerror(errno));
			} else {
				w->imports++;
				fd2 = tl_prime_export(card, handle);
				if (fd2 < 0 || tl_ino(fd2) != tl_ino(fd))
					fail(w, "vgem re-export: %s",
					     fd2 < 0 ? strerror(errno) : "another dma-buf");
				if (fd2 >= 0)
					close(fd2);
				if (tl_gem_close(card, handle))
					fail(w, "GEM_CLOSE: %s", strerror(errno));
			}
		}
		munmap(m, size);
		close(fd);
	}
	close(card);
	return NULL;
}

int main(int argc, char **argv)
{
	int secs = argc > 1 ? atoi(argv[1]) : 30, nthreads = argc > 2 ? atoi(argv[2]) : 8;
	unsigned long long b0, y0, b1, y1;
	unsigned long iters = 0, imports = 0, errors = 0, idle = 0;
	struct worker *w;
	int card, fds0, i;

	if (secs < 1 || nthreads < 1 || nthreads > 64) {
		fprintf(stderr, "usage: export-stress [SECONDS [THREADS]]\n");
		return 2;
	}
	card = tl_drm_open("vgem", card_path, sizeof(card_path));
	if (!t_check(card >= 0, "stress: a card whose driver is vgem"))
		return 1;
	close(card);
	if (tl_stats(&b0, &y0))
		t_die("stats");
	if (!t_check_ret(tl_mgr("create %s %llu", DEV, nthreads * PART), 0,
			 "stress: create %s (%llu bytes)", DEV, nthreads * PART))
		return t_done();
	fds0 = tl_count_fds();
	devfd = ex_open_dev_or_die(DEV);
	w = calloc(nthreads, sizeof(*w));
	deadline = tl_now() + secs;
	for (i = 0; i < nthreads; i++) {
		w[i].id = i;
		if (pthread_create(&w[i].th, NULL, work, &w[i]))
			t_die("pthread_create");
	}
	for (i = 0; i < nthreads; i++) {
		pthread_join(w[i].th, NULL);
		iters += w[i].iters;
		imports += w[i].imports;
		errors += w[i].errors;
		idle += !w[i].iters;
		if (w[i].errors)
			printf("# thread %d: %lu errors, first: %s\n", i, w[i].errors, w[i].err);
	}
	printf("# %d threads, %d s: %lu exports (%.0f/s), %lu vgem imports\n", nthreads, secs, iters,
	       iters / (double)secs, imports);
	t_check(errors == 0, "stress: %lu export/map/sync/verify/import cycles without error "
		"(%lu errors)", iters, errors);
	t_check(idle == 0 && imports > 0, "stress: every thread made progress and imported");
	close(devfd);
	t_check_u64(tl_count_fds(), fds0, "stress: no fd leaked (/proc/self/fd)");
	t_check_ret(tl_mgr("delete %s", DEV), 0, "stress: delete %s", DEV);
	tl_stats(&b1, &y1);
	t_check(b1 == b0 && y1 == y0, "stress: stats back (buffers %llu -> %llu, bytes %llu -> %llu)",
		b0, b1, y0, y1);
	free(w);
	return t_done();
}
