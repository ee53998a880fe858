// SPDX-License-Identifier: GPL-2.0
/*
 * Heap stress: THREADS threads allocate and free for SECS seconds from the
 * given heaps (random sizes from one byte to 1 MiB, or to a quarter of a
 * sub-heap; with and without O_CLOEXEC; up to 4 live buffers per thread,
 * freed in random order so sub-heaps fragment). Every new buffer must be
 * zeroed where sampled and as large as PAGE_ALIGN(len) (lseek and
 * DMA_ADDR); each thread stamps its buffers and checks the stamps before
 * freeing them (overlapping allocations would clobber each other); now and
 * then a buffer is imported into vgem. Afterwards: no fd left, every
 * heap's buffers_in_use and bytes_in_use 0, sub-heaps all free, debugfs
 * stats as before. ENOMEM is an error on the main heap and counted (not an
 * error) on a sub-heap, which the threads fill up on purpose.
 *
 * usage: heap-stress SECS THREADS HEAP...
 */
#include <pthread.h>

#include "heap.h"

#define LIVE	4
#define MAXHEAPS 4

struct heap_info {
	const char *name;
	int fd;
	int sub;
	unsigned long long max_len;
	unsigned long long size;
};

struct live {
	int fd;
	uint8_t *map;
	size_t len;
	uint32_t seed;
};

struct worker {
	pthread_t tid;
	int id;
	unsigned long allocs, frees, enomem, imports, errors;
	char first_error[200];
};

static struct heap_info heaps[MAXHEAPS];
static int nheaps, card = -1;
static double deadline;

static uint32_t rnd(uint32_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static void error(struct worker *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void error(struct worker *w, const char *fmt, ...)
{
	va_list ap;

	if (!w->errors++) {
		va_start(ap, fmt);
		vsnprintf(w->first_error, sizeof(w->first_error), fmt, ap);
		va_end(ap);
	}
}

/* The first 64 bytes of every page carry the buffer's stamp. */
static void stamp(struct live *l)
{
	size_t p, i;

	for (p = 0; p < l->len; p += TL_PAGE)
		for (i = 0; i < 64; i++)
			l->map[p + i] = tl_pat(l->seed, p + i);
}

static long check_stamp(struct live *l)
{
	size_t p, i;

	for (p = 0; p < l->len; p += TL_PAGE)
		for (i = 0; i < 64; i++)
			if (l->map[p + i] != tl_pat(l->seed, p + i))
				return (long)(p + i);
	return -1;
}

static void release(struct worker *w, struct live *l, const char *heap)
{
	long at = check_stamp(l);

	if (at >= 0)
		error(w, "%s: a %zu-byte buffer's stamp changed at byte %ld while it was alive "
		      "(overlapping allocations?)", heap, l->len, at);
	munmap(l->map, l->len);
	close(l->fd);
	l->fd = -1;
	w->frees++;
}

static void *work(void *arg)
{
	struct worker *w = arg;
	struct live live[LIVE];
	int livei[LIVE];
	uint32_t s = 0x9e3779b9u * (w->id + 1);
	int i, n = 0;

	for (i = 0; i < LIVE; i++)
		live[i].fd = -1;
	while (tl_now() < deadline) {
		struct heap_info *h = &heaps[rnd(&s) % nheaps];
		struct u_dma_buf_heap_dma_addr q;
		unsigned long long len;
		uint32_t flags;
		struct live *l;
		int fd = -1, slot;
		long at;

		if (n == LIVE || (n && rnd(&s) % 3 == 0)) {
			i = rnd(&s) % n;
			release(w, &live[livei[i]], "free");
			livei[i] = livei[--n];
			continue;
		}
		switch (rnd(&s) % 4) {
		case 0:
			len = 1 + rnd(&s) % TL_PAGE;
			break;
		case 1:
			len = (1 + rnd(&s) % 16) * TL_PAGE;
			break;
		default:
			len = 1 + rnd(&s) % h->max_len;
			break;
		}
		flags = O_RDWR | (rnd(&s) & 1 ? O_CLOEXEC : 0);
		if (hp_alloc_full(h->fd, len, flags, 0, &fd)) {
			if (errno == ENOMEM && h->sub)
				w->enomem++;
			else
				error(w, "%s: ALLOC %llu bytes: %s", h->name, len, strerror(errno));
			continue;
		}
		w->allocs++;
		if (!!(fcntl(fd, F_GETFD) & FD_CLOEXEC) != !!(flags & O_CLOEXEC))
			error(w, "%s: FD_CLOEXEC does not follow fd_flags", h->name);
		if (tl_buf_size(fd) != TL_PAGE_ALIGN(len))
			error(w, "%s: a %llu-byte ALLOC has size %llu", h->name, len,
			      (unsigned long long)tl_buf_size(fd));
		if (hp_dma_addr(heaps[0].fd, fd, 0, &q) || q.size != TL_PAGE_ALIGN(len) ||
		    (h->sub && q.offset + q.size > h->size))
			error(w, "%s: DMA_ADDR of a %llu-byte buffer: %s, size %llu, offset %llu",
			      h->name, len, strerror(errno), (unsigned long long)q.size,
			      (unsigned long long)q.offset);
		for (slot = 0; live[slot].fd >= 0; slot++)
			;
		l = &live[slot];
		l->len = TL_PAGE_ALIGN(len);
		l->map = tl_map(fd, l->len, PROT_READ | PROT_WRITE, 0);
		if (l->map == MAP_FAILED) {
			error(w, "%s: mmap of %zu bytes: %s", h->name, l->len, strerror(errno));
			close(fd);
			continue;
		}
		l->fd = fd;
		l->seed = rnd(&s);
		/* zeroed: the first and last 64 bytes of every page, one whole page */
		for (at = -1, i = 0; at < 0 && (size_t)i < l->len; i += TL_PAGE)
			if (tl_nonzero(l->map + i, 64) >= 0 || tl_nonzero(l->map + i + TL_PAGE - 64, 64) >= 0)
				at = i;
		if (at < 0) {
			size_t pg = (rnd(&s) % (l->len / TL_PAGE)) * TL_PAGE;

			if (tl_nonzero(l->map + pg, TL_PAGE) >= 0)
				at = pg;
		}
		if (at >= 0)
			error(w, "%s: a new %zu-byte buffer is not zeroed in page at %ld", h->name,
			      l->len, at);
		stamp(l);
		if (card >= 0 && rnd(&s) % 32 == 0) {
			uint32_t handle;

			if (tl_prime_import(card, fd, &handle))
				error(w, "%s: vgem import: %s", h->name, strerror(errno));
			else {
				w->imports++;
				tl_gem_close(card, handle);
			}
		}
		livei[n++] = slot;
	}
	while (n)
		release(w, &live[livei[--n]], "the end");
	return NULL;
}

int main(int argc, char **argv)
{
	unsigned long long s0b = 0, s0y = 0, s1b = 0, s1y = 0;
	unsigned long allocs = 0, frees = 0, enomem = 0, imports = 0, errors = 0;
	struct worker *w;
	int secs, threads, i, fds0;

	if (argc < 4) {
		fprintf(stderr, "usage: heap-stress SECS THREADS HEAP...\n");
		return 2;
	}
	hp_init();
	secs = atoi(argv[1]);
	threads = atoi(argv[2]);
	fds0 = tl_count_fds();
	tl_stats(&s0b, &s0y);
	/* heaps[0] is always the main heap: its node answers DMA_ADDR */
	heaps[nheaps].name = HP_MAIN;
	heaps[nheaps].fd = hp_open_or_die(HP_MAIN);
	heaps[nheaps].max_len = HP_MIB;
	nheaps++;
	for (i = 3; i < argc && nheaps < MAXHEAPS; i++) {
		struct heap_info *h = &heaps[nheaps];

		if (!strcmp(argv[i], HP_MAIN))
			continue;
		h->name = argv[i];
		h->fd = hp_open_or_die(argv[i]);
		h->sub = 1;
		h->size = hp_heap_attr(argv[i], "size");
		h->max_len = h->size / 4;
		if (h->max_len < TL_PAGE)
			h->max_len = TL_PAGE;
		nheaps++;
	}
	card = tl_drm_open("vgem", NULL, 0);
	t_check(card >= 0, "stress: a vgem card for imports");

	w = calloc(threads, sizeof(*w));
	deadline = tl_now() + secs;
	for (i = 0; i < threads; i++) {
		w[i].id = i;
		if (pthread_create(&w[i].tid, NULL, work, &w[i]))
			t_die("pthread_create");
	}
	for (i = 0; i < threads; i++) {
		pthread_join(w[i].tid, NULL);
		allocs += w[i].allocs;
		frees += w[i].frees;
		enomem += w[i].enomem;
		imports += w[i].imports;
		errors += w[i].errors;
		if (w[i].errors)
			printf("# thread %d: %lu errors, the first: %s\n", i, w[i].errors,
			       w[i].first_error);
	}
	printf("# %d threads, %d s, heaps:", threads, secs);
	for (i = 0; i < nheaps; i++)
		printf(" %s", heaps[i].name);
	printf("; %lu allocations, %lu frees, %lu sub-heap ENOMEM, %lu vgem imports\n", allocs,
	       frees, enomem, imports);
	t_check(errors == 0, "stress: %d threads for %d s: no errors (%lu)", threads, secs, errors);
	t_check(allocs > (unsigned long)threads * 10 && allocs == frees,
		"stress: allocations happened and were all freed (%lu, %lu)", allocs, frees);
	if (card >= 0)
		close(card);
	for (i = 0; i < nheaps; i++) {
		unsigned long long b = hp_heap_attr(heaps[i].name, "buffers_in_use");
		unsigned long long y = hp_heap_attr(heaps[i].name, "bytes_in_use");

		close(heaps[i].fd);
		t_check(b == 0 && y == 0, "stress: %s: buffers_in_use and bytes_in_use back to 0 "
			"(%llu, %llu)", heaps[i].name, b, y);
		if (heaps[i].sub)
			t_check_u64(hp_heap_attr(heaps[i].name, "free_bytes"), heaps[i].size,
				    "stress: %s: all free again", heaps[i].name);
	}
	t_check_u64(tl_count_fds(), fds0, "stress: fd count back to the start");
	tl_stats(&s1b, &s1y);
	t_check(s1b == s0b && s1y == s0y, "stress: debugfs stats back to the start (buffers %llu "
		"bytes %llu, were %llu %llu)", s1b, s1y, s0b, s0y);
	free(w);
	return t_done();
}
