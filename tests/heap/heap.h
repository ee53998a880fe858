/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the dma-heap test programs (tests/heap/heap-*.c) and the
 * heap benchmark (bench/src/heap-bench.c): DMA_HEAP_IOCTL_ALLOC and
 * U_DMA_BUF_HEAP_IOCTL_DMA_ADDR, sysfs and debugfs counters, the kernel log,
 * the manager, data patterns, and raw DRM ioctls (the arm64 and i686
 * programs are static and have no libdrm).
 *
 * Every result line goes through hp_result(), which prefixes the test name
 * with hp_label (e.g. "compat32: " for the 32-bit run of a program), so one
 * guest can run a program twice without duplicate names.
 *
 * Everything is static: each program includes this once.
 */
#ifndef UDMABUF_TEST_HEAP_H
#define UDMABUF_TEST_HEAP_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

#include <drm.h>

#include "t.h"
#include "u-dma-buf-heap.h"
#include "u-dma-buf-ioctl.h"

#define HP_PAGE			4096ULL
#define HP_PAGE_ALIGN(x)	(((x) + HP_PAGE - 1) & ~(HP_PAGE - 1))
#define HP_KIB			1024ULL
#define HP_MIB			(1024ULL * 1024ULL)
#define HP_MAIN			"udmabuf"
#define HP_MAIN_SYSFS		"/sys/class/misc/u-dma-buf-heap"
#define HP_STATS		"/sys/kernel/debug/u-dma-buf/stats"

/* --- results ----------------------------------------------------------------- */

static const char *hp_label = "";

/*
 * Test names may end with the values they saw in parentheses, e.g. "... do
 * not overlap (0x3500000+1048576, ...)": a FAIL line keeps them, a PASS
 * line drops a last group that has a digit in it, so passing names stay
 * the same from run to run.
 */
static inline void hp_vresult(int ok, const char *detail, const char *fmt, va_list ap)
{
	char name[1024];
	size_t len;

	vsnprintf(name, sizeof(name), fmt, ap);
	len = strlen(name);
	if (ok && len && name[len - 1] == ')') {
		int depth = 0;
		size_t i = len;

		while (i-- > 0) {
			depth += name[i] == ')';
			depth -= name[i] == '(';
			if (!depth)
				break;
		}
		if (!depth && i > 0 && name[i] == '(' && name[i - 1] == ' ' &&
		    strpbrk(name + i, "0123456789"))
			name[i - 1] = 0;
	}
	printf("%s%s%s", ok ? "PASS: " : "FAIL: ", hp_label, name);
	if (!ok && detail && *detail)
		printf(": %s", detail);
	printf("\n");
	fflush(stdout);
	if (!ok)
		t_failures++;
}

/* hp_check(cond, "name %d", ...): PASS when cond holds. */
static inline __attribute__((format(printf, 2, 3))) int hp_check(int ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	hp_vresult(ok, "", fmt, ap);
	va_end(ap);
	return ok;
}

/* hp_check_why(cond, why, "name"): the FAIL line ends with why. */
static inline __attribute__((format(printf, 3, 4))) int hp_check_why(int ok, const char *why,
								     const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	hp_vresult(ok, why, fmt, ap);
	va_end(ap);
	return ok;
}

/* hp_check_ret(ret, want_errno, "name"): ret < 0 with errno want_errno, or
 * ret >= 0 when want_errno is 0. Reads errno first thing. */
static inline __attribute__((format(printf, 3, 4))) int hp_check_ret(long ret, int want_errno,
								     const char *fmt, ...)
{
	int got = ret < 0 ? errno : 0;
	char detail[160];
	va_list ap;

	snprintf(detail, sizeof(detail), "returned %ld, errno %s, want %s", ret,
		 got ? strerror(got) : "none", want_errno ? strerror(want_errno) : "success");
	va_start(ap, fmt);
	hp_vresult(got == want_errno, detail, fmt, ap);
	va_end(ap);
	return got == want_errno;
}

static inline __attribute__((format(printf, 3, 4))) int hp_check_u64(unsigned long long got,
								     unsigned long long want,
								     const char *fmt, ...)
{
	char detail[128];
	va_list ap;

	snprintf(detail, sizeof(detail), "got 0x%llx (%llu), want 0x%llx (%llu)", got, got, want,
		 want);
	va_start(ap, fmt);
	hp_vresult(got == want, detail, fmt, ap);
	va_end(ap);
	return got == want;
}

/* PASS when text contains needle; the FAIL line quotes (the end of) text. */
static inline __attribute__((format(printf, 3, 4))) int hp_check_has(const char *text,
								     const char *needle,
								     const char *fmt, ...)
{
	char detail[640];
	size_t len = text ? strlen(text) : 0;
	int ok = text && strstr(text, needle);
	va_list ap;

	snprintf(detail, sizeof(detail), "no '%s' in the kernel log, which has: '%s'", needle,
		 len > 400 ? text + len - 400 : (text ? text : ""));
	va_start(ap, fmt);
	hp_vresult(ok, detail, fmt, ap);
	va_end(ap);
	return ok;
}

static inline __attribute__((noreturn)) void hp_die(const char *what)
{
	printf("FAIL: %s%s: %s\n", hp_label, what, strerror(errno));
	fflush(stdout);
	exit(1);
}

/* hp_label from the environment (UDMABUF_HP_LABEL), "" when unset. */
static inline void hp_init(void)
{
	static char label[64];
	const char *l = getenv("UDMABUF_HP_LABEL");

	if (l && *l) {
		snprintf(label, sizeof(label), "%s: ", l);
		hp_label = label;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
}

/* --- heaps ------------------------------------------------------------------- */

/* The caller's view of DMA_HEAP_IOCTL_ALLOC's struct in three sizes. */
struct hp_alloc16 {
	uint64_t len;
	uint32_t fd;
	uint32_t fd_flags;
};

struct hp_alloc48 {
	uint64_t len;
	uint32_t fd;
	uint32_t fd_flags;
	uint64_t heap_flags;
	uint64_t extra[3];
};

#define HP_IOCTL_ALLOC16	_IOWR(DMA_HEAP_IOC_MAGIC, 0x0, struct hp_alloc16)
#define HP_IOCTL_ALLOC48	_IOWR(DMA_HEAP_IOC_MAGIC, 0x0, struct hp_alloc48)

static inline int hp_open(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "/dev/dma_heap/%s", name);
	return open(path, O_RDWR | O_CLOEXEC);
}

static inline int hp_open_or_die(const char *name)
{
	int fd = hp_open(name);

	if (fd < 0) {
		printf("FAIL: %sopen /dev/dma_heap/%s: %s\n", hp_label, name, strerror(errno));
		exit(1);
	}
	return fd;
}

/* DMA_HEAP_IOCTL_ALLOC: ioctl's return value; *fd filled in on success. */
static inline int hp_alloc_full(int heapfd, uint64_t len, uint32_t fd_flags, uint64_t heap_flags,
				int *fd)
{
	struct dma_heap_allocation_data d;
	int ret;

	memset(&d, 0, sizeof(d));
	d.len = len;
	d.fd_flags = fd_flags;
	d.heap_flags = heap_flags;
	ret = ioctl(heapfd, DMA_HEAP_IOCTL_ALLOC, &d);
	if (!ret)
		*fd = (int)d.fd;
	return ret;
}

/* A read-write, close-on-exec buffer: its fd, or -1 with errno. */
static inline int hp_alloc(int heapfd, uint64_t len)
{
	int fd = -1;

	if (hp_alloc_full(heapfd, len, O_RDWR | O_CLOEXEC, 0, &fd))
		return -1;
	return fd;
}

static inline int hp_alloc_or_die(int heapfd, uint64_t len)
{
	int fd = hp_alloc(heapfd, len);

	if (fd < 0) {
		printf("FAIL: %sALLOC of %llu bytes: %s\n", hp_label, (unsigned long long)len,
		       strerror(errno));
		exit(1);
	}
	return fd;
}

/* U_DMA_BUF_HEAP_IOCTL_DMA_ADDR: 0 or -1 with errno; *q filled in. */
static inline int hp_dma_addr(int heapfd, int fd, uint32_t flags, struct u_dma_buf_heap_dma_addr *q)
{
	memset(q, 0, sizeof(*q));
	q->fd = (uint32_t)fd;
	q->flags = flags;
	return ioctl(heapfd, U_DMA_BUF_HEAP_IOCTL_DMA_ADDR, q);
}

/* The size of a dma-buf (its file's end). */
static inline uint64_t hp_buf_size(int fd)
{
	off_t end = lseek(fd, 0, SEEK_END);

	lseek(fd, 0, SEEK_SET);
	return end < 0 ? 0 : (uint64_t)end;
}

/* DMA_BUF_IOCTL_SYNC; 0 or -1 with errno. */
static inline int hp_sync(int fd, uint64_t flags)
{
	struct dma_buf_sync s = { .flags = flags };
	int ret;

	do
		ret = ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
	while (ret && (errno == EINTR || errno == EAGAIN));
	return ret;
}

static inline void *hp_map(int fd, size_t len, int prot)
{
	return mmap(NULL, len, prot, MAP_SHARED, fd, 0);
}

/* --- files and counters ------------------------------------------------------ */

static inline char *hp_read_file(const char *path)
{
	size_t cap = 65536, len = 0;
	char *s = malloc(cap);
	ssize_t n;
	int fd;

	if (!s)
		return NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		free(s);
		return NULL;
	}
	for (;;) {
		if (cap - len < 4097) {
			char *t = realloc(s, cap * 2);

			if (!t)
				break;
			s = t;
			cap *= 2;
		}
		n = read(fd, s + len, cap - len - 1);
		if (n <= 0)
			break;
		len += n;
	}
	close(fd);
	s[len] = 0;
	return s;
}

/* A number in a sysfs file (decimal or 0x hex); ~0ULL when unreadable. */
static inline unsigned long long hp_sysfs_u64(const char *fmt, ...)
{
	unsigned long long v = ~0ULL;
	char path[256], *s;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	s = hp_read_file(path);
	if (s) {
		char *end;

		errno = 0;
		v = strtoull(s, &end, 0);
		if (end == s || errno)
			v = ~0ULL;
		free(s);
	}
	return v;
}

/* The heap's misc device directory: /sys/class/misc/u-dma-buf-heap[.name]. */
static inline void hp_sysfs_dir(const char *heap, char *out, size_t len)
{
	if (!strcmp(heap, HP_MAIN))
		snprintf(out, len, "%s", HP_MAIN_SYSFS);
	else
		snprintf(out, len, "/sys/class/misc/u-dma-buf-heap.%s", heap);
}

static inline unsigned long long hp_heap_attr(const char *heap, const char *attr)
{
	char dir[128];

	hp_sysfs_dir(heap, dir, sizeof(dir));
	return hp_sysfs_u64("%s/%s", dir, attr);
}

/* /sys/kernel/debug/u-dma-buf/stats: "buffers N\nbytes M". 0 or -1. */
static inline int hp_stats(unsigned long long *buffers, unsigned long long *bytes)
{
	char *s = hp_read_file(HP_STATS);
	int ok;

	if (!s)
		return -1;
	ok = sscanf(s, "buffers %llu bytes %llu", buffers, bytes) == 2;
	free(s);
	return ok ? 0 : -1;
}

static inline int hp_count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		hp_die("opendir /proc/self/fd");
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;	/* the directory's own fd */
}

static inline int hp_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static inline unsigned long hp_ino(int fd)
{
	struct stat st;

	if (fstat(fd, &st))
		return 0;
	return (unsigned long)st.st_ino;
}

/* Writes text in one write(): 0 or -1 with errno. */
static inline int hp_write_file(const char *path, const char *text)
{
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = write(fd, text, strlen(text));
	if (n < 0)
		err = errno;
	else if ((size_t)n != strlen(text))
		err = EIO;
	if (close(fd) && !err)
		err = errno;
	if (err) {
		errno = err;
		return -1;
	}
	return 0;
}

/* u-dma-buf-mgr: one command line (a '\n' is added: the command runs in
 * write(), which returns its error). 0 or -1 with errno. */
static inline __attribute__((format(printf, 1, 2))) int hp_mgr(const char *fmt, ...)
{
	char line[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	strcat(line, "\n");
	return hp_write_file("/dev/u-dma-buf-mgr", line);
}

/* --- u-dma-buf devices ------------------------------------------------------- */

static inline int hp_open_dev(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "/dev/%s", name);
	return open(path, O_RDWR | O_CLOEXEC);
}

/* U_DMA_BUF_IOCTL_EXPORT of [offset, offset + size): fd or -1 with errno. */
static inline int hp_export(int devfd, uint64_t offset, uint64_t size, int flags, uint64_t *addr)
{
	u_dma_buf_ioctl_export_args a;

	memset(&a, 0, sizeof(a));
	SET_U_DMA_BUF_IOCTL_FLAGS_EXPORT_FD_FLAGS(&a, flags);
	a.offset = offset;
	a.size = size;
	a.fd = -1;
	if (ioctl(devfd, U_DMA_BUF_IOCTL_EXPORT, &a))
		return -1;
	if (addr)
		*addr = a.addr;
	return a.fd;
}

/* --- data patterns ----------------------------------------------------------- */

static inline uint8_t hp_pat(uint32_t seed, uint64_t pos)
{
	uint32_t x = (uint32_t)(pos >> 2) * 2654435761u ^ (seed * 40503u + 0x9e3779b9u);

	x ^= x >> 15;
	x *= 0x2c1b3c6du;
	x ^= x >> 12;
	return (uint8_t)(x >> (8 * (pos & 3)));
}

static inline void hp_fill(volatile uint8_t *p, size_t len, uint32_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = hp_pat(seed, i);
}

/* First index where p differs from the pattern, or -1. */
static inline long hp_cmp(const volatile uint8_t *p, size_t len, uint32_t seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != hp_pat(seed, i))
			return (long)i;
	return -1;
}

/* hp_cmp() of p as bytes [pos, pos + len) of a pattern-filled area. */
static inline long hp_cmp_at(const volatile uint8_t *p, size_t len, uint32_t seed, uint64_t pos)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != hp_pat(seed, pos + i))
			return (long)i;
	return -1;
}

/* First nonzero byte, or -1. */
static inline long hp_nonzero(const volatile uint8_t *p, size_t len)
{
	const volatile uint64_t *q = (const volatile uint64_t *)p;
	size_t i;

	for (i = 0; i < len / 8; i++)
		if (q[i])
			break;
	for (i *= 8; i < len; i++)
		if (p[i])
			return (long)i;
	return -1;
}

/* --- the kernel log ---------------------------------------------------------- */

/* /dev/kmsg positioned at its end: hp_kmsg_read() returns what came after. */
static inline int hp_kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		hp_die("open /dev/kmsg");
	lseek(fd, 0, SEEK_END);
	return fd;
}

/* The messages logged since the last call (or the open), one per line. */
static inline char *hp_kmsg_read(int fd)
{
	static char text[65536];
	char rec[8192];
	size_t len = 0;
	ssize_t n;

	text[0] = 0;
	for (;;) {
		char *msg, *end;

		n = read(fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;
		if (n <= 0)
			break;
		rec[n] = 0;
		msg = strchr(rec, ';');
		if (!msg)
			continue;
		msg++;
		end = strchr(msg, '\n');
		if (end)
			*end = 0;
		if (len + strlen(msg) + 2 < sizeof(text)) {
			memcpy(text + len, msg, strlen(msg));
			len += strlen(msg);
			text[len++] = '\n';
			text[len] = 0;
		}
	}
	return text;
}

/* --- DRM (raw ioctls) -------------------------------------------------------- */

static inline void hp_drm_name(int fd, char *name, size_t len)
{
	struct drm_version v;

	memset(&v, 0, sizeof(v));
	name[0] = 0;
	v.name = name;
	v.name_len = len - 1;
	if (ioctl(fd, DRM_IOCTL_VERSION, &v))
		name[0] = 0;
	else
		name[v.name_len < len ? v.name_len : len - 1] = 0;
}

/* Opens /dev/dri/cardN whose driver is @driver; -1 when there is none. */
static inline int hp_drm_open(const char *driver, char *path, size_t pathlen)
{
	char p[64], name[64];
	int i, fd;

	for (i = 0; i < 16; i++) {
		snprintf(p, sizeof(p), "/dev/dri/card%d", i);
		fd = open(p, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		hp_drm_name(fd, name, sizeof(name));
		if (!strcmp(name, driver)) {
			if (path)
				snprintf(path, pathlen, "%s", p);
			return fd;
		}
		close(fd);
	}
	return -1;
}

static inline int hp_prime_import(int card, int dmafd, uint32_t *handle)
{
	struct drm_prime_handle a;

	memset(&a, 0, sizeof(a));
	a.fd = dmafd;
	if (ioctl(card, DRM_IOCTL_PRIME_FD_TO_HANDLE, &a))
		return -1;
	*handle = a.handle;
	return 0;
}

static inline int hp_prime_export(int card, uint32_t handle)
{
	struct drm_prime_handle a;

	memset(&a, 0, sizeof(a));
	a.handle = handle;
	a.flags = DRM_CLOEXEC | DRM_RDWR;
	if (ioctl(card, DRM_IOCTL_PRIME_HANDLE_TO_FD, &a))
		return -1;
	return a.fd;
}

static inline int hp_gem_close(int card, uint32_t handle)
{
	struct drm_gem_close c;

	memset(&c, 0, sizeof(c));
	c.handle = handle;
	return ioctl(card, DRM_IOCTL_GEM_CLOSE, &c);
}

static inline int hp_dumb_create(int card, uint32_t width, uint32_t height, uint32_t bpp,
				 uint32_t *handle, uint64_t *size)
{
	struct drm_mode_create_dumb c;

	memset(&c, 0, sizeof(c));
	c.width = width;
	c.height = height;
	c.bpp = bpp;
	if (ioctl(card, DRM_IOCTL_MODE_CREATE_DUMB, &c))
		return -1;
	*handle = c.handle;
	if (size)
		*size = c.size;
	return 0;
}

static inline int hp_dumb_destroy(int card, uint32_t handle)
{
	struct drm_mode_destroy_dumb d;

	memset(&d, 0, sizeof(d));
	d.handle = handle;
	return ioctl(card, DRM_IOCTL_MODE_DESTROY_DUMB, &d);
}

/* DRM_IOCTL_MODE_MAP_DUMB: the fake offset to mmap the card fd at. */
static inline int hp_dumb_map_offset(int card, uint32_t handle, uint64_t *offset)
{
	struct drm_mode_map_dumb m;

	memset(&m, 0, sizeof(m));
	m.handle = handle;
	if (ioctl(card, DRM_IOCTL_MODE_MAP_DUMB, &m))
		return -1;
	*offset = m.offset;
	return 0;
}

/* --- time -------------------------------------------------------------------- */

static inline double hp_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static inline void hp_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

#endif
