/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fuzzer's global oracles: the kernel log (read after every step, so a
 * message is tied to the step that caused it), the canary device nobody
 * touches, and the baseline that memory must return to (debugfs stats and
 * MemFree) once everything an epoch held is released.
 */
#ifndef UDMABUF_FUZZ_ORACLE_H
#define UDMABUF_FUZZ_ORACLE_H

#include <glob.h>

#include "fz.h"
#include "pattern.h"
#include "sys.h"

#define FZ_CANARY	"fuzz-canary"
#define FZ_CANARY_SIZE	(256 * 1024)
#define FZ_CANARY_SEED	0xc0ffee

/* Messages that fail the run at any level, whatever classes are skipped. */
static const char *const fz_fatal_log[] = {
	"BUG:", "WARNING:", "cut here", "Oops", "still pinned", "Bad page", "refcount_t",
	"KASAN", "UBSAN", "general protection", "corruption", "DMA-API", "kmemleak",
	"possible circular", "possible recursive", "inconsistent lock", "hung task",
	"blocked for more than",
};

/* Warnings of an overloaded TCG guest, not of anything the fuzzer did. */
static const char *const fz_noise_log[] = {
	"hrtimer: interrupt took", "clocksource", "RT throttling activated",
};

static inline int fz_noise_line(const char *msg)
{
	size_t i;

	for (i = 0; i < FZ_ARRAY(fz_noise_log); i++)
		if (strstr(msg, fz_noise_log[i]))
			return 1;
	return 0;
}

struct fz_baseline {
	unsigned long long buffers, bytes, heap_buffers, heap_bytes, memfree_kib;
};

static struct fz_baseline fz_base;
static long fz_log_reported;

static inline int fz_fatal_line(const char *msg)
{
	size_t i;

	for (i = 0; i < sizeof(fz_fatal_log) / sizeof(fz_fatal_log[0]); i++)
		if (strstr(msg, fz_fatal_log[i]))
			return 1;
	return 0;
}

/*
 * One /dev/kmsg record "pri,seq,ts,flags;text": a BUG, WARNING, "Bad page",
 * "still pinned"... at any level fails; any other kernel line at level <= 4
 * (warning or worse) but TCG noise fails too unless class "log" is skipped.
 */
static inline void fz_kmsg_record(char *rec)
{
	char *msg = strchr(rec, ';'), *nl;
	int level = atoi(rec) & 7, kernel = atoi(rec) >> 3 == 0;

	if (!msg)
		return;
	msg++;
	nl = strchr(msg, '\n');
	if (nl)
		*nl = 0;
	if (level > 4 || !kernel || fz_noise_line(msg)) {
		if (fz_fatal_line(msg))
			fz_fail("kernel log (level %d): %s", level, msg);
		return;
	}
	if (fz_fatal_line(msg) || fz.bug[FZ_BUG_LOG]) {
		fz_fail("kernel log (level %d): %s", level, msg);
		return;
	}
	if (fz.verbose || fz_log_reported++ < 10)
		printf("# kmsg at step %ld (level %d, class \"log\" skipped): %s\n", fz.step,
		       level, msg);
}

/* Reads the records logged since the last call. */
static inline void fz_kmsg_check(void)
{
	char rec[8192];
	ssize_t n;

	for (;;) {
		n = read(fz.kmsg, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;
		if (n <= 0)
			break;
		rec[n] = 0;
		fz_kmsg_record(rec);
	}
}

/* Pages on the per-cpu free lists (/proc/zoneinfo "count:"), which MemFree omits. */
static inline unsigned long long fz_pcp_kib(void)
{
	char *s = tl_read_file("/proc/zoneinfo"), *p;
	unsigned long long pages = 0;

	for (p = s; p && (p = strstr(p, " count:")); p += 7)
		pages += strtoull(p + 7, NULL, 10);
	free(s);
	return pages * (unsigned long long)(sysconf(_SC_PAGESIZE) / 1024);
}

/* MemFree plus the per-cpu lists: memory that comes back shows up here. */
static inline unsigned long long fz_memfree_kib(void)
{
	char *s = tl_read_file("/proc/meminfo"), *p;
	unsigned long long v = 0;

	p = s ? strstr(s, "MemFree:") : NULL;
	if (p)
		v = strtoull(p + 8, NULL, 10);
	free(s);
	return v + fz_pcp_kib();
}

/* The heaps' usage counters (/sys/class/misc/u-dma-buf-heap*), summed. */
static inline void fz_heap_usage(struct fz_baseline *b)
{
	glob_t g;
	size_t i;

	b->heap_buffers = b->heap_bytes = 0;
	if (glob("/sys/class/misc/u-dma-buf-heap*", 0, NULL, &g))
		return;
	for (i = 0; i < g.gl_pathc; i++) {
		b->heap_buffers += tl_sysfs_u64("%s/buffers_in_use", g.gl_pathv[i]);
		b->heap_bytes += tl_sysfs_u64("%s/bytes_in_use", g.gl_pathv[i]);
	}
	globfree(&g);
}

/* Frees the caches and gives deferred work a moment, then samples. */
static inline void fz_sample(struct fz_baseline *b)
{
	sync();
	tl_write_file("/proc/sys/vm/drop_caches", "3\n");
	if (tl_stats(&b->buffers, &b->bytes))
		b->buffers = b->bytes = ~0ULL;
	fz_heap_usage(b);
	b->memfree_kib = fz_memfree_kib();
}

static inline int fz_same_use(const struct fz_baseline *a, const struct fz_baseline *b)
{
	return a->buffers == b->buffers && a->bytes == b->bytes &&
	       a->heap_buffers == b->heap_buffers && a->heap_bytes == b->heap_bytes;
}

/*
 * After an epoch released everything: the stats must be back exactly
 * (file releases are deferred to task work), MemFree within @slack_kib of
 * the baseline. Both are retried for 5 s: memory the kernel frees after a
 * grace period or from a work item (RCU callbacks, io_uring contexts, an
 * exited child's mm) takes more than a second to come back in a TCG guest
 * on a loaded host (seen once in 30 minutes: 3.4 MiB short for a second,
 * fine when the epoch was replayed). A leak stays short for good.
 */
static inline void fz_check_baseline(long first_step, unsigned long long slack_kib)
{
	struct fz_baseline now;
	int i;

	for (i = 0; i < 100; i++) {
		fz_sample(&now);
		if (fz_same_use(&now, &fz_base) && now.memfree_kib + slack_kib >= fz_base.memfree_kib)
			return;
		tl_sleep_ms(50);
	}
	if (!fz_same_use(&now, &fz_base))
		fz_fail("steps %ld..%ld: after releasing everything the debugfs stats are %llu buffers %llu bytes, heaps %llu buffers %llu bytes; baseline %llu %llu, heaps %llu %llu",
			first_step, fz.step, now.buffers, now.bytes, now.heap_buffers,
			now.heap_bytes, fz_base.buffers, fz_base.bytes, fz_base.heap_buffers,
			fz_base.heap_bytes);
	if (now.memfree_kib + slack_kib < fz_base.memfree_kib)
		fz_fail("steps %ld..%ld: after releasing everything MemFree is %llu KiB, %llu KiB below the baseline (slack %llu KiB)",
			first_step, fz.step, now.memfree_kib,
			fz_base.memfree_kib - now.memfree_kib, slack_kib);
}

/* --- the canary: a device the fuzzer never touches ------------------------------ */

static inline int fz_canary_setup(void)
{
	static uint8_t buf[FZ_CANARY_SIZE];
	int fd;

	tl_mgr("delete %s", FZ_CANARY);
	if (tl_mgr("create %s %d", FZ_CANARY, FZ_CANARY_SIZE))
		return -1;
	fd = tl_open_dev(FZ_CANARY, O_RDWR);
	if (fd < 0)
		return -1;
	tl_fill(buf, sizeof(buf), FZ_CANARY_SEED, 0);
	if (pwrite(fd, buf, sizeof(buf), 0) != (ssize_t)sizeof(buf)) {
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

static inline void fz_canary_check(void)
{
	static uint8_t buf[FZ_CANARY_SIZE];
	int fd = tl_open_dev(FZ_CANARY, O_RDONLY);
	long bad;

	if (fd < 0) {
		fz_fail("canary /dev/%s: %s", FZ_CANARY, strerror(errno));
		return;
	}
	memset(buf, 0, sizeof(buf));
	if (pread(fd, buf, sizeof(buf), 0) != (ssize_t)sizeof(buf)) {
		fz_fail("canary: short read");
		close(fd);
		return;
	}
	bad = tl_cmp(buf, sizeof(buf), FZ_CANARY_SEED, 0);
	if (bad >= 0)
		fz_fail("canary: byte %ld changed (0x%02x, want 0x%02x)", bad, buf[bad],
			tl_pat(FZ_CANARY_SEED, bad));
	close(fd);
}

#endif
