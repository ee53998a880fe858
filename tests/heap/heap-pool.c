// SPDX-License-Identifier: GPL-2.0
/*
 * The main heap's pool of zeroed buffers (heap_pool_size), checked against
 * the loaded module:
 *
 *   heap-pool off
 *     no pool (the default): pool_size and pool_bytes read 0 and stay 0
 *     while buffers come and go; reused memory is zero.
 *
 *   heap-pool on POOL MAXLEN
 *     heap_pool_size=POOL: a released buffer enters the pool (pool_bytes
 *     up, bytes_in_use down) and the next allocation of its size gets it
 *     (the same DMA address; pool_bytes down), zeroed; allocations of
 *     4 KiB .. MAXLEN straight after a patterned buffer of the same size
 *     was released, alone and while others are being released, are zero in
 *     every byte; the pool stops at POOL bytes; "echo 2 >
 *     /proc/sys/vm/drop_caches" (every shrinker) empties it and the memory
 *     comes back (MemFree, and CmaFree where there is CMA, each with the
 *     per-CPU page lists, where freed CMA pages wait). Ends with a
 *     full pool, for the caller's rmmod check.
 *
 *   heap-pool limit LIMIT
 *     heap_limit=LIMIT with a pool: pooled bytes are not allocations, so
 *     LIMIT bytes can be allocated again and again while the pool holds
 *     the last ones.
 */
#include <sys/mman.h>

#include "heap.h"

static int h;

static unsigned long long pool_bytes(void)
{
	return hp_heap_attr(HP_MAIN, "pool_bytes");
}

/* A /proc/meminfo value in bytes, 0 when absent. */
static unsigned long long meminfo(const char *key)
{
	char *s = tl_read_file("/proc/meminfo"), *p;
	unsigned long long kib = 0;
	size_t n = strlen(key);

	for (p = s; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, key, n) && p[n] == ':') {
			kib = strtoull(p + n + 1, NULL, 10);
			break;
		}
	free(s);
	return kib * 1024;
}

/*
 * Bytes in the per-CPU page lists (/proc/zoneinfo "count:"): freed pages,
 * CMA pages released page by page among them, wait there uncounted by
 * MemFree and CmaFree until a drain.
 */
static unsigned long long pcp_bytes(void)
{
	char *s = tl_read_file("/proc/zoneinfo"), *p;
	unsigned long long pages = 0;

	for (p = s; p && (p = strstr(p, " count: ")); p += 8)
		pages += strtoull(p + 8, NULL, 10);
	free(s);
	return pages * (unsigned long long)sysconf(_SC_PAGESIZE);
}

/* Runs every shrinker (6.1's drop_slab()). */
static void shrink_all(void)
{
	if (tl_write_file("/proc/sys/vm/drop_caches", "2\n"))
		t_die("write /proc/sys/vm/drop_caches");
}

static unsigned long long dma_addr(int fd)
{
	struct u_dma_buf_heap_dma_addr q;

	return hp_dma_addr(h, fd, 0, &q) ? ~0ULL : q.addr;
}

/*
 * Allocates @len bytes and checks they are zero (a FAIL line for the first
 * buffer that is not, counted in *@bad), then fills them with the pattern
 * @seed. Returns the fd, or -1 (reported) when the allocation failed.
 */
static int alloc_zero(unsigned long long len, uint32_t seed, int *bad, const char *what)
{
	int fd = hp_alloc(h, len);
	uint8_t *m;
	long nz;

	if (fd < 0) {
		t_check(0, "%s: ALLOC of %llu bytes: %s", what, len, strerror(errno));
		(*bad)++;
		return -1;
	}
	m = tl_map(fd, len, PROT_READ | PROT_WRITE, 0);
	if (m == MAP_FAILED)
		t_die(what);
	tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW);
	nz = tl_nonzero(m, len);
	if (nz >= 0 && !(*bad)++)
		t_check(0, "%s: byte %ld of a new %llu-byte buffer is 0x%02x, not 0", what, nz,
			len, m[nz]);
	tl_fill(m, len, seed, 0);
	tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW);
	munmap(m, len);
	return fd;
}

static void off(void)
{
	int i, fd, bad = 0;

	t_check_u64(hp_heap_attr(HP_MAIN, "pool_size"), 0, "no pool: pool_size 0");
	for (i = 0; i < 8; i++) {
		fd = alloc_zero(HP_MIB, i + 1, &bad, "no pool");
		if (fd >= 0)
			close(fd);
		if (pool_bytes())
			break;
	}
	t_check(!bad, "no pool: 8 buffers of 1 MiB in a row, each zero");
	t_check_u64(pool_bytes(), 0, "no pool: pool_bytes stays 0");
}

/* One buffer out and back: the pool's bytes and the heap's counters follow. */
static void reuse(void)
{
	unsigned long long a, b;
	int fd, bad = 0;

	shrink_all();
	t_check_u64(pool_bytes(), 0, "reuse: the pool starts empty");
	fd = alloc_zero(HP_MIB, 7, &bad, "reuse: first");
	a = dma_addr(fd);
	close(fd);
	t_check_u64(pool_bytes(), HP_MIB, "reuse: released, pool_bytes 1 MiB");
	t_check_u64(hp_heap_attr(HP_MAIN, "bytes_in_use"), 0, "reuse: pooled, bytes_in_use 0");
	t_check_u64(hp_heap_attr(HP_MAIN, "buffers_in_use"), 0, "reuse: pooled, buffers_in_use 0");
	fd = alloc_zero(HP_MIB, 8, &bad, "reuse: second");
	b = dma_addr(fd);
	t_check(a != ~0ULL && a == b, "reuse: the pooled buffer is handed out again (DMA address 0x%llx, then 0x%llx)",
		a, b);
	t_check_u64(pool_bytes(), 0, "reuse: taken, pool_bytes 0");
	t_check_u64(hp_heap_attr(HP_MAIN, "bytes_in_use"), HP_MIB, "reuse: taken, bytes_in_use 1 MiB");
	t_check(!bad, "reuse: both zero");
	close(fd);
}

/* Release a patterned buffer, take the same size at once, N times. */
static void zero_after(unsigned long long len)
{
	int i, fd, bad = 0;

	for (i = 0; i < 24; i++) {
		fd = alloc_zero(len, 100 + i, &bad, "straight reuse");
		if (fd >= 0)
			close(fd);
	}
	t_check(!bad, "%llu bytes: 24 allocations, each straight after a patterned one was released, all zero",
		len);
}

/* Three buffers in rotation: the worker zeroes while buffers come and go. */
static void zero_race(unsigned long long len1, unsigned long long len2)
{
	int fds[3] = { -1, -1, -1 }, i, bad = 0;

	for (i = 0; i < 150; i++) {
		if (fds[i % 3] >= 0)
			close(fds[i % 3]);
		fds[i % 3] = alloc_zero(i & 1 ? len1 : len2, 1000 + i, &bad, "race");
	}
	for (i = 0; i < 3; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	t_check(!bad, "%llu and %llu bytes in rotation, racing the zeroing: 150 allocations all zero",
		len1, len2);
}

/* More released than the pool holds: it stops at its size. */
static void fill(unsigned long long pool, const char *what)
{
	int n = (int)(pool / HP_MIB) + 4, i, got = 0, fds[256], bad = 0;

	shrink_all();	/* no other sizes in the way */
	for (i = 0; i < n && i < 256; i++) {
		fds[i] = alloc_zero(HP_MIB, 5000 + i, &bad, what);
		got += fds[i] >= 0;
	}
	for (i = 0; i < n && i < 256; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	t_check(got == n && !bad, "%s: %d buffers of 1 MiB allocated (%d), zero", what, n, got);
	t_check_u64(pool_bytes(), pool, "%s: %d MiB released, the pool holds its size", what, n);
}

static void shrink(unsigned long long pool)
{
	unsigned long long mem = meminfo("MemFree"), cma = meminfo("CmaFree");
	unsigned long long mem2, cma2, pcp, left = 0, bufs = ~0ULL, bytes = ~0ULL;
	int i;

	shrink_all();
	/* a buffer the worker was zeroing is freed when it is done */
	for (i = 0; i < 100 && (left = pool_bytes()); i++)
		tl_sleep_ms(20);
	pcp = pcp_bytes();
	mem2 = meminfo("MemFree");
	cma2 = meminfo("CmaFree");
	t_check_u64(left, 0, "shrinker: drop_caches empties the pool");
	t_check(mem2 + pcp + HP_MIB >= mem + pool,
		"shrinker: MemFree (+ per-CPU lists) grew by the pool (%llu -> %llu + %llu)",
		mem, mem2, pcp);
	t_check(!tl_stats(&bufs, &bytes) && !bufs && !bytes,
		"shrinker: debugfs stats: the pooled buffers were freed (%llu buffers, %llu bytes left)",
		bufs, bytes);
	if (meminfo("CmaTotal"))
		t_check(cma2 + pcp + HP_MIB >= cma + pool,
			"shrinker: CmaFree (+ per-CPU lists) grew by the pool (%llu -> %llu + %llu)",
			cma, cma2, pcp);
}

static void on(unsigned long long pool, unsigned long long maxlen)
{
	static const unsigned long long lens[] = { 4096, 69632, HP_MIB, 4 * HP_MIB, 8 * HP_MIB };
	size_t i;

	t_check_u64(hp_heap_attr(HP_MAIN, "pool_size"), pool, "pool_size shows heap_pool_size");
	reuse();
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
		if (lens[i] <= maxlen)
			zero_after(lens[i]);
	zero_race(HP_MIB, 4096);
	zero_race(maxlen, 69632);
	fill(pool, "full pool");
	shrink(pool);
	fill(pool, "refilled after the shrinker");
}

static void limit(unsigned long long lim)
{
	unsigned long long held;
	int i, fd, bad = 0, ok = 1;

	for (i = 0; i < 3; i++) {
		fd = alloc_zero(lim, 9000 + i, &bad, "limit");
		ok &= fd >= 0;
		if (fd >= 0)
			close(fd);
		t_check_u64(hp_heap_attr(HP_MAIN, "bytes_in_use"), 0, "limit: round %d: bytes_in_use 0 after the release",
			    i);
		/* An allocation does not see the buffer the worker is zeroing
		 * (pool.c): it allocates fresh, and the pool then holds both. */
		held = pool_bytes();
		t_check(held >= lim && held <= (i + 1) * lim && !(held % lim),
			"limit: round %d: the pool holds the released buffer, plus at most one per "
			"earlier round (%llu bytes)", i, held);
	}
	t_check(ok && !bad, "limit: heap_limit=%llu bytes allocated three times over a pool", lim);
}

int main(int argc, char **argv)
{
	hp_init();
	h = hp_open_or_die(HP_MAIN);
	if (argc == 2 && !strcmp(argv[1], "off"))
		off();
	else if (argc == 4 && !strcmp(argv[1], "on"))
		on(strtoull(argv[2], NULL, 0), strtoull(argv[3], NULL, 0));
	else if (argc == 3 && !strcmp(argv[1], "limit"))
		limit(strtoull(argv[2], NULL, 0));
	else
		t_die("usage: heap-pool off | on POOL MAXLEN | limit LIMIT");
	close(h);
	return t_done();
}
