/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fuzzer's state and plumbing (tests/fuzz/fuzz.c): the random number
 * generator every choice comes from, the tables of what the fuzzer holds
 * (memory objects, file descriptors, mappings), the known-bug classes, the
 * step log and oracle failures.
 *
 * Replay: every choice is drawn from one generator, reseeded from (seed,
 * epoch) at the start of each epoch, and every epoch starts from nothing
 * held (the previous one released everything), so "--seed S" repeats a run
 * and "--seed S --epoch E" repeats epoch E alone. Steps are numbered from 0
 * across epochs (step = epoch * epoch length + i).
 *
 * Everything is static: fuzz.c includes this once, with the fz-*.h files.
 */
#ifndef UDMABUF_FUZZ_FZ_H
#define UDMABUF_FUZZ_FZ_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"

#define FZ_DEVS		6	/* devices the fuzzer creates: fuzz0..fuzz5 */
#define FZ_OBJS		(FZ_DEVS + 10)	/* + main-heap buffers */
#define FZ_FDS		40
#define FZ_MAPS		32
#define FZ_NAME_MAX	96
#define FZ_PAGE		4096ULL
#define FZ_ALIGN(x)	(((x) + FZ_PAGE - 1) & ~(FZ_PAGE - 1))
#define FZ_LOG_KEEP	64	/* steps the failure report shows */
#define FZ_ARRAY(a)	(sizeof(a) / sizeof((a)[0]))

/* --- known-bug classes (issue 18): each can be left out of a run ------------ */

enum {
	FZ_BUG_EXPORT_MODE,	/* EXPORT grants more than the file's open mode */
	FZ_BUG_HEAP_MODE,	/* heap ALLOC grants more than the node's open mode */
	FZ_BUG_PIN,		/* vmsplice of page-mode memory: "still pinned", lost memory */
	FZ_BUG_URING,		/* IORING_REGISTER_BUFFERS must return (not of arm64 page mode) */
	FZ_BUG_NAMES,		/* manager names: '!', null, kmsg, grammar tokens */
	FZ_BUG_SYNC_OFFSET,	/* sysfs sync_offset/sync_size break GET_SYNC -> SET_SYNC */
	FZ_BUG_PCIE,		/* parents without a DMA mask (bus=pci_express): WARNING */
	FZ_BUG_ENOSPC,		/* a manager command cut by ENOSPC still runs at close */
	FZ_BUG_SPLICE,		/* splice() from/to /dev/<name> is EINVAL */
	FZ_BUG_LOG,		/* user mistakes logged at level <= 4 (pr_err/dev_err) */
	FZ_BUGS
};

static const char *const fz_bug_names[FZ_BUGS] = {
	"export-mode", "heap-mode", "pin", "uring", "names", "sync-offset", "pcie", "enospc",
	"splice", "log",
};

/* --- state -------------------------------------------------------------------- */

/*
 * FK_VGEM: a vgem client holding an import of the dma-buf in @obj.
 * FK_ORPHAN: a device fd whose DMA parent was removed.
 */
enum fz_kind { FK_NONE, FK_DEV, FK_EXPORT, FK_HEAPBUF, FK_HEAP, FK_PIPE, FK_VGEM, FK_ORPHAN };

/*
 * A piece of memory the fuzzer knows the contents of: objects 0..FZ_DEVS-1
 * are the buffers of devices fuzz0..fuzz5, the others main-heap buffers.
 * @shadow holds what every byte must read (the whole page-aligned size).
 */
struct fz_obj {
	int used;
	int refs;		/* fds, mappings and pipes that point here */
	uint64_t size;		/* page aligned */
	uint8_t *shadow;
	int page_mode;		/* a page-mode device: its own mappings have struct pages */
	int on_edu;		/* a device's buffer whose parent is the removable edu device */
};

struct fz_dev {
	int alive;		/* in the registry (not deleted) */
	char name[FZ_NAME_MAX];
	uint64_t size;		/* as created (may be unaligned) */
	int mode;		/* quirk_mmap_mode */
	int heap;		/* has /dev/dma_heap/<name> */
	uint64_t dma_addr;
};

struct fz_fd {
	int kind;		/* enum fz_kind; FK_NONE: free slot */
	int fd;
	int acc;		/* O_RDONLY, O_WRONLY, O_RDWR */
	int obj;		/* memory object, or -1 (heap node) */
	uint64_t off;		/* where it starts in that object */
	uint64_t size;		/* bytes: device size, dma-buf size */
	int heapdev;		/* FK_HEAP: the device slot of a sub-heap, -1 main */
};

struct fz_map {
	uint8_t *addr;		/* NULL: free slot */
	size_t len;
	int prot, shared;
	int obj;
	uint64_t off;		/* its first byte in the object */
	int page_mode;		/* struct pages: a device's page-mode mapping, no export */
	int dontfork;
	int split;		/* a madvise may have made it several VMAs: mremap may refuse */
};

struct fz_state {
	uint64_t seed, rng;
	long step, epoch, epoch_len, fails, max_steps, steps_run;
	int verbose, keep_going, paranoid, arm64;
	int op;				/* the action of this step (fuzz.c's table) */
	long ran[64], err[64];		/* times it did something; error results */
	int bug[FZ_BUGS];	/* 1: the class is exercised and checked */
	struct fz_obj obj[FZ_OBJS];
	struct fz_dev dev[FZ_DEVS];
	struct fz_fd fds[FZ_FDS];
	struct fz_map maps[FZ_MAPS];
	int kmsg;
	int pipe_errno;		/* how the last pipe drain ended */
	char parents[32][64];	/* "bus device" candidates from sysfs */
	char vgem[64];		/* vgem's card node, or "" */
	char reload[512];	/* loads both modules again after an rmmod, or "" */
	char reload_mgr[256];	/* loads u-dma-buf-mgr.ko again */
	char edu[96];		/* sysfs directory of a removable PCI parent, or "" */
	int unplugged;		/* it is removed now */
	int nparents;
	char ring[FZ_LOG_KEEP][320];	/* the last steps, for the failure report */
	long ring_step[FZ_LOG_KEEP];
	long ring_n;
	uint8_t scratch[1 << 20], scratch2[1 << 20];
};

static struct fz_state fz;

/* --- the generator (splitmix64) ------------------------------------------------ */

static inline uint64_t fz_mix(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static inline void fz_reseed(uint64_t seed, long epoch)
{
	fz.rng = seed * 0x2545f4914f6cdd1dULL ^ (uint64_t)epoch * 0x9e3779b97f4a7c15ULL;
	fz_mix(&fz.rng);
}

static inline uint64_t fz_u64(void)
{
	return fz_mix(&fz.rng);
}

/* Uniform in [0, n); 0 when n is 0. */
static inline uint64_t fz_below(uint64_t n)
{
	return n ? fz_u64() % n : 0;
}

/* True with probability 1/n. */
static inline int fz_one_in(unsigned int n)
{
	return fz_below(n) == 0;
}

static inline uint64_t fz_pick_u64(const uint64_t *v, size_t n)
{
	return v[fz_below(n)];
}

/* A length or offset near the interesting points of a buffer of @size. */
static inline uint64_t fz_boundary(uint64_t size)
{
	static const int64_t delta[] = { -4097, -4096, -1, 0, 0, 1, 4095, 4096, 4097 };
	uint64_t base[] = { 0, FZ_PAGE, size / 2, size, FZ_ALIGN(size), 1ULL << 32, ~0ULL };

	switch (fz_below(4)) {
	case 0:
		return fz_u64();
	case 1:
		return fz_below(size + 1);
	default:
		return fz_pick_u64(base, FZ_ARRAY(base)) + (uint64_t)delta[fz_below(9)];
	}
}

static inline void fz_rand_bytes(void *p, size_t len)
{
	uint8_t *b = p;
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		if (!(i & 7))
			v = fz_u64();
		b[i] = (uint8_t)(v >> (8 * (i & 7)));
	}
}

/* --- the step log and failures --------------------------------------------------- */

/* Records what a step did (printed with -v, and kept for a failure report). */
static inline __attribute__((format(printf, 1, 2))) void fz_log(const char *fmt, ...)
{
	long i = fz.ring_n++ % FZ_LOG_KEEP;
	va_list ap;

	char *c;

	va_start(ap, fmt);
	vsnprintf(fz.ring[i], sizeof(fz.ring[i]), fmt, ap);
	va_end(ap);
	for (c = fz.ring[i]; *c; c++)
		*c = *c == '\n' ? '|' : *c;
	fz.ring_step[i] = fz.step;
	if (fz.verbose)
		printf("# step %ld: %s\n", fz.step, fz.ring[i]);
}

static inline void fz_dump_log(void)
{
	long n = fz.ring_n < FZ_LOG_KEEP ? fz.ring_n : FZ_LOG_KEEP, i;
	char skip[256] = "";
	int b;

	printf("# the last %ld actions:\n", n);
	for (i = fz.ring_n - n; i < fz.ring_n; i++)
		printf("#   step %ld: %s\n", fz.ring_step[i % FZ_LOG_KEEP], fz.ring[i % FZ_LOG_KEEP]);

	for (b = 0; b < FZ_BUGS; b++)
		if (!fz.bug[b])
			snprintf(skip + strlen(skip), sizeof(skip) - strlen(skip), "%s%s",
				 skip[0] ? "," : " --skip ", fz_bug_names[b]);
	printf("# replay (in the same guest setup): fuzz --seed %llu --epoch %ld --epoch-len %ld%s -v\n",
	       (unsigned long long)fz.seed, fz.epoch, fz.epoch_len, skip);
	printf("#   or: make fuzz ARCH=%s SEED=%llu FUZZ_ARGS=\"--epoch %ld --epoch-len %ld%s -v\"\n",
	       fz.arm64 ? "arm64" : "x86_64", (unsigned long long)fz.seed, fz.epoch, fz.epoch_len,
	       skip);
}

/* An oracle failure: reported with what a replay needs; exits unless --keep-going. */
static inline __attribute__((format(printf, 1, 2))) void fz_fail(const char *fmt, ...)
{
	char what[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	if (++fz.fails > 30)
		return;
	printf("FUZZ FAIL seed=%llu epoch=%ld step=%ld: %s\n", (unsigned long long)fz.seed,
	       fz.epoch, fz.step, what);
	if (fz.keep_going && fz.fails > 1) {
		fflush(stdout);
		return;
	}
	fz_dump_log();
	printf("FAIL: %sfuzz seed=%llu epoch=%ld step=%ld: %s\n", t_label,
	       (unsigned long long)fz.seed, fz.epoch, fz.step, what);
	fflush(stdout);
	if (!fz.keep_going)
		exit(1);
}

static inline const char *fz_err(int e)
{
	return e ? strerror(e) : "success";
}

/*
 * The errno oracle: @ret (< 0 with errno, else success) against the model's
 * @want (0 success, else an errno; @alt a second acceptable errno or 0).
 * Returns the errno seen.
 */
static inline int fz_expect(long ret, int want, int alt, const char *what)
{
	int got = ret < 0 ? errno : 0;

	fz.err[fz.op] += got != 0;
	fz_log("%s -> %ld (%s)", what, ret, fz_err(got));
	if (got != want && (!alt || got != alt))
		fz_fail("%s: got %s, the model says %s%s%s", what, fz_err(got), fz_err(want),
			alt ? " or " : "", alt ? fz_err(alt) : "");
	return got;
}

/* A result the model does not predict: only logged. Returns the errno. */
static inline int fz_note(long ret, const char *what)
{
	int got = ret < 0 ? errno : 0;

	fz.err[fz.op] += got != 0;
	fz_log("%s -> %ld (%s, not modelled)", what, ret, fz_err(got));
	return got;
}

/* The lowest free fd number: an ioctl that failed must not have used one. */
static inline int fz_next_fd(void)
{
	int fd = dup(0);

	if (fd >= 0)
		close(fd);
	return fd;
}

/* --- tables -------------------------------------------------------------------- */

static inline void fz_obj_ref(int obj, int d)
{
	if (obj >= 0)
		fz.obj[obj].refs += d;
}

/* Frees an object's shadow once nothing points to it (devices: once deleted). */
static inline void fz_obj_collect(void)
{
	int i;

	for (i = 0; i < FZ_OBJS; i++) {
		struct fz_obj *o = &fz.obj[i];

		if (!o->used || o->refs || (i < FZ_DEVS && fz.dev[i].alive))
			continue;
		free(o->shadow);
		memset(o, 0, sizeof(*o));
	}
}

/* Starts an object of @size bytes whose contents are all @fill. */
static inline void fz_obj_init(int obj, uint64_t size, int page_mode, int fill)
{
	struct fz_obj *o = &fz.obj[obj];

	free(o->shadow);
	o->used = 1;
	o->refs = 0;
	o->size = FZ_ALIGN(size);
	o->page_mode = page_mode;
	o->shadow = malloc(o->size);
	if (!o->shadow)
		t_die("malloc");
	memset(o->shadow, fill, o->size);
}

static inline int fz_free_fd_slot(void)
{
	int i;

	for (i = 0; i < FZ_FDS; i++)
		if (fz.fds[i].kind == FK_NONE)
			return i;
	return -1;
}

/* A random used fd slot of @kind (FK_NONE: any kind), or -1. */
static inline int fz_pick_fd(int kind)
{
	int i, n = 0, idx[FZ_FDS];

	for (i = 0; i < FZ_FDS; i++)
		if (fz.fds[i].kind != FK_NONE && (kind == FK_NONE || fz.fds[i].kind == kind))
			idx[n++] = i;
	return n ? idx[fz_below(n)] : -1;
}

/* A random fd slot whose memory can be mapped (device, export, heap buffer). */
static inline int fz_pick_mem_fd(void)
{
	int i, n = 0, idx[FZ_FDS];

	for (i = 0; i < FZ_FDS; i++)
		if (fz.fds[i].kind == FK_DEV || fz.fds[i].kind == FK_EXPORT ||
		    fz.fds[i].kind == FK_HEAPBUF)
			idx[n++] = i;
	return n ? idx[fz_below(n)] : -1;
}

/* A random mapping with all of @prot, or -1. */
static inline int fz_pick_map(int prot)
{
	int i, n = 0, idx[FZ_MAPS];

	for (i = 0; i < FZ_MAPS; i++)
		if (fz.maps[i].addr && (fz.maps[i].prot & prot) == prot)
			idx[n++] = i;
	return n ? idx[fz_below(n)] : -1;
}

static inline int fz_free_map_slot(void)
{
	int i;

	for (i = 0; i < FZ_MAPS; i++)
		if (!fz.maps[i].addr)
			return i;
	return -1;
}

static inline int fz_pick_dev(int alive)
{
	int i, n = 0, idx[FZ_DEVS];

	for (i = 0; i < FZ_DEVS; i++)
		if (fz.obj[i].used && (!alive || fz.dev[i].alive))
			idx[n++] = i;
	return n ? idx[fz_below(n)] : -1;
}

/* Adds an fd to the table (closes it when the table is full): the slot or -1. */
static inline int fz_add_fd(int kind, int fd, int acc, int obj, uint64_t off, uint64_t size)
{
	int s = fz_free_fd_slot();

	if (s < 0) {
		close(fd);
		return -1;
	}
	fz.fds[s] = (struct fz_fd){ kind, fd, acc, obj, off, size, -1 };
	fz_obj_ref(obj, 1);
	return s;
}

static inline void fz_close_slot(int s)
{
	close(fz.fds[s].fd);
	fz_obj_ref(fz.fds[s].obj, -1);
	fz.fds[s].kind = FK_NONE;
}

static inline int fz_can_read(int acc)
{
	return acc == O_RDONLY || acc == O_RDWR;
}

static inline int fz_can_write(int acc)
{
	return acc == O_WRONLY || acc == O_RDWR;
}

static inline int fz_rand_acc(void)
{
	static const int acc[] = { O_RDONLY, O_WRONLY, O_RDWR, O_RDWR };

	return acc[fz_below(4)];
}

/* Whether access @want is within @have (O_ACCMODE values; 3 only within O_RDWR). */
static inline int fz_acc_within(int want, int have)
{
	if (want == O_ACCMODE)
		return have == O_RDWR;
	return (!fz_can_read(want) || fz_can_read(have)) &&
	       (!fz_can_write(want) || fz_can_write(have));
}

/* Checks @len bytes at @p against object @obj from @off: 1 when they match. */
static inline int fz_data_check(const volatile uint8_t *p, int obj, uint64_t off, size_t len,
				const char *what)
{
	const uint8_t *want = fz.obj[obj].shadow + off;
	size_t i;

	for (i = 0; i < len; i++) {
		if (p[i] != want[i]) {
			fz_fail("%s: byte %zu (object %d offset 0x%llx) is 0x%02x, want 0x%02x",
				what, i, obj, (unsigned long long)(off + i), p[i], want[i]);
			return 0;
		}
	}
	return 1;
}

#endif
