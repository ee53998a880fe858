/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the dma-buf export test programs (tests/export/) and the
 * export benchmark (bench/src/export-bench.c): U_DMA_BUF_IOCTL_EXPORT, the
 * kernel log, debugfs statistics and bufinfo, data patterns, and raw DRM
 * PRIME ioctls (no libdrm: the arm64 programs are static).
 *
 * Everything is static: each program includes this once.
 */
#ifndef UDMABUF_TEST_EXPORT_H
#define UDMABUF_TEST_EXPORT_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/dma-buf.h>

#include "t.h"
#include "u-dma-buf-ioctl.h"

#define EX_PAGE		4096ULL
#define EX_PAGE_ALIGN(x)	(((x) + EX_PAGE - 1) & ~(EX_PAGE - 1))

static inline void ex_die(const char *what)
{
	printf("FAIL: %s: %s\n", what, strerror(errno));
	fflush(stdout);
	exit(1);
}

/* --- devices and exports ----------------------------------------------------- */

static inline int ex_open_dev(const char *name, int flags)
{
	char path[128];

	snprintf(path, sizeof(path), "/dev/%s", name);
	return open(path, flags | O_CLOEXEC);
}

static inline int ex_open_dev_or_die(const char *name)
{
	int fd = ex_open_dev(name, O_RDWR);

	if (fd < 0) {
		printf("FAIL: open /dev/%s: %s\n", name, strerror(errno));
		exit(1);
	}
	return fd;
}

static inline uint64_t ex_dev_size(int fd)
{
	uint64_t size = 0;

	if (ioctl(fd, U_DMA_BUF_IOCTL_GET_SIZE, &size))
		ex_die("U_DMA_BUF_IOCTL_GET_SIZE");
	return size;
}

static inline uint64_t ex_dev_addr(int fd)
{
	uint64_t addr = 0;

	if (ioctl(fd, U_DMA_BUF_IOCTL_GET_DMA_ADDR, &addr))
		ex_die("U_DMA_BUF_IOCTL_GET_DMA_ADDR");
	return addr;
}

/*
 * U_DMA_BUF_IOCTL_EXPORT: ioctl's return value; on success *fd (and *addr
 * when not NULL) are filled in.
 */
static inline int ex_export_full(int devfd, uint64_t offset, uint64_t size, uint64_t flags,
				 int *fd, uint64_t *addr)
{
	u_dma_buf_ioctl_export_args a;
	int ret;

	memset(&a, 0, sizeof(a));
	a.flags = flags;	/* raw: tests pass bits outside the 32-bit field too */
	a.offset = offset;
	a.size = size;
	a.fd = -1;
	ret = ioctl(devfd, U_DMA_BUF_IOCTL_EXPORT, &a);
	if (!ret) {
		*fd = a.fd;
		if (addr)
			*addr = a.addr;
	}
	return ret;
}

static inline int ex_export(int devfd, uint64_t offset, uint64_t size, int flags)
{
	u_dma_buf_ioctl_export_args a;

	memset(&a, 0, sizeof(a));
	SET_U_DMA_BUF_IOCTL_FLAGS_EXPORT_FD_FLAGS(&a, flags);
	a.offset = offset;
	a.size = size;
	a.fd = -1;
	if (ioctl(devfd, U_DMA_BUF_IOCTL_EXPORT, &a))
		return -1;
	return a.fd;
}

static inline int ex_export_or_die(int devfd, uint64_t offset, uint64_t size, int flags)
{
	int fd = ex_export(devfd, offset, size, flags);

	if (fd < 0) {
		printf("FAIL: EXPORT 0x%llx + %llu (flags 0x%x): %s\n", (unsigned long long)offset,
		       (unsigned long long)size, flags, strerror(errno));
		exit(1);
	}
	return fd;
}

/* DMA_BUF_IOCTL_SYNC; 0 or -1 with errno. */
static inline int ex_sync(int fd, uint64_t flags)
{
	struct dma_buf_sync s = { .flags = flags };
	int ret;

	do
		ret = ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
	while (ret && (errno == EINTR || errno == EAGAIN));
	return ret;
}

static inline void *ex_map(int fd, size_t len, int prot, off_t off)
{
	return mmap(NULL, len, prot, MAP_SHARED, fd, off);
}

/* PASS when an mmap() worked; the FAIL line says why it did not. */
static inline __attribute__((format(printf, 2, 3))) int ex_check_map(void *m, const char *fmt,
								     ...)
{
	char detail[96];
	va_list ap;

	snprintf(detail, sizeof(detail), "mmap failed: %s", strerror(errno));
	va_start(ap, fmt);
	t_vresult(m != MAP_FAILED, detail, fmt, ap);
	va_end(ap);
	return m != MAP_FAILED;
}

/*
 * ex_check_why(ok, why, "name", ...): t_check() of a comparison that
 * describes a difference in the string why (ex_check_pat, ex_check_dev):
 * the comparison runs first, then its description ends the FAIL line.
 */
#define ex_check_why(okexpr, why, fmt, ...) ({					\
	int ex_ok_;								\
	(why)[0] = 0;								\
	ex_ok_ = !!(okexpr);							\
	t_check(ex_ok_, fmt "%s%s", ##__VA_ARGS__, *(why) ? ": " : "", (why));	\
})

/* --- data patterns ----------------------------------------------------------- */

/* The byte a pattern with @seed has at byte @pos of a buffer. */
static inline uint8_t ex_pat(uint32_t seed, uint64_t pos)
{
	uint32_t x = (uint32_t)(pos >> 2) * 2654435761u ^ (seed * 40503u + 0x9e3779b9u);

	x ^= x >> 15;
	x *= 0x2c1b3c6du;
	x ^= x >> 12;
	return (uint8_t)(x >> (8 * (pos & 3)));
}

/* Fills p[0..len) with the pattern as if p were at buffer position @pos. */
static inline void ex_fill(volatile uint8_t *p, size_t len, uint32_t seed, uint64_t pos)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = ex_pat(seed, pos + i);
}

/* First index where p differs from the pattern, or -1. */
static inline long ex_cmp(const volatile uint8_t *p, size_t len, uint32_t seed, uint64_t pos)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != ex_pat(seed, pos + i))
			return (long)i;
	return -1;
}

/* Compares and describes the first difference in @why (empty when equal). */
static inline int ex_check_pat(const volatile uint8_t *p, size_t len, uint32_t seed,
			       uint64_t pos, char *why, size_t whylen)
{
	long i = ex_cmp(p, len, seed, pos);

	if (i < 0) {
		if (whylen)
			why[0] = 0;
		return 1;
	}
	snprintf(why, whylen, "byte %ld of %zu is 0x%02x, want 0x%02x", i, len, p[i],
		 ex_pat(seed, pos + i));
	return 0;
}

/* pread()s len bytes of the device at off and compares with the pattern. */
static inline int ex_check_dev(int devfd, uint64_t off, size_t len, uint32_t seed, uint64_t pos,
			       char *why, size_t whylen)
{
	uint8_t *b = malloc(len);
	ssize_t n;
	int ok;

	if (!b)
		ex_die("malloc");
	n = pread(devfd, b, len, (off_t)off);
	if (n != (ssize_t)len) {
		snprintf(why, whylen, "pread of %zu bytes at 0x%llx returned %zd (%s)", len,
			 (unsigned long long)off, n, n < 0 ? strerror(errno) : "short");
		free(b);
		return 0;
	}
	ok = ex_check_pat(b, len, seed, pos, why, whylen);
	free(b);
	return ok;
}

/* pwrite()s the pattern into the device at off. 0 or -1. */
static inline int ex_fill_dev(int devfd, uint64_t off, size_t len, uint32_t seed, uint64_t pos)
{
	uint8_t *b = malloc(len);
	ssize_t n;

	if (!b)
		ex_die("malloc");
	ex_fill(b, len, seed, pos);
	n = pwrite(devfd, b, len, (off_t)off);
	free(b);
	return n == (ssize_t)len ? 0 : -1;
}

/* --- files ------------------------------------------------------------------- */

/* Reads a whole (small or debugfs) file into a malloc'ed NUL-terminated string. */
static inline char *ex_read_file(const char *path)
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

/* Writes text to a file in one write(): 0 or -errno. */
static inline int ex_write_file(const char *path, const char *text)
{
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	if (n < 0)
		err = -errno;
	else if ((size_t)n != strlen(text))
		err = -EIO;
	close(fd);
	return err;
}

static inline int ex_count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		ex_die("opendir /proc/self/fd");
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;	/* the directory's own fd */
}

/* /sys/kernel/debug/u-dma-buf/stats: "buffers N\nbytes M". */
static inline int ex_stats(unsigned long long *buffers, unsigned long long *bytes)
{
	char *s = ex_read_file("/sys/kernel/debug/u-dma-buf/stats");
	int ok;

	if (!s)
		return -1;
	ok = sscanf(s, "buffers %llu bytes %llu", buffers, bytes) == 2;
	free(s);
	return ok ? 0 : -1;
}

/* u-dma-buf-mgr: one command line. 0 or -1 with errno. */
static inline __attribute__((format(printf, 1, 2))) int ex_mgr(const char *fmt, ...)
{
	char line[160];
	va_list ap;
	int err;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	err = ex_write_file("/dev/u-dma-buf-mgr", line);
	if (err) {
		errno = -err;
		return -1;
	}
	return 0;
}

static inline int ex_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static inline unsigned long ex_ino(int fd)
{
	struct stat st;

	if (fstat(fd, &st))
		return 0;
	return (unsigned long)st.st_ino;
}

/* --- bufinfo and fdinfo -------------------------------------------------------- */

struct ex_bufinfo {
	int found;
	char exp_name[64];
	char name[64];
	int attached;		/* "Total N devices attached" */
	int listed;		/* device lines under "Attached Devices:" */
	char devices[512];	/* the device names, space separated */
};

/*
 * The entry of the dma-buf with inode @ino in
 * /sys/kernel/debug/dma_buf/bufinfo (6.1 format: "size flags mode count
 * exp_name ino name" then "\tAttached Devices:", one "\t<dev>" line each
 * and "Total N devices attached").
 */
static inline int ex_bufinfo(unsigned long ino, struct ex_bufinfo *bi)
{
	char *s = ex_read_file("/sys/kernel/debug/dma_buf/bufinfo"), *line, *save = NULL;
	int in = 0, in_dev = 0;

	memset(bi, 0, sizeof(*bi));
	if (!s)
		return -1;
	for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned long long size, count;
		unsigned long i;
		char exp[64], name[64];
		unsigned int fl, mode;

		if (!in) {
			name[0] = 0;
			if (sscanf(line, "%llu %x %x %llu %63s %lu %63s", &size, &fl, &mode, &count,
				   exp, &i, name) >= 6 && i == ino) {
				in = 1;
				bi->found = 1;
				snprintf(bi->exp_name, sizeof(bi->exp_name), "%s", exp);
				snprintf(bi->name, sizeof(bi->name), "%s", name);
			}
			continue;
		}
		if (sscanf(line, "Total %d devices attached", &bi->attached) == 1)
			break;
		if (strstr(line, "Attached Devices:")) {
			in_dev = 1;
			continue;
		}
		if (in_dev && line[0] == '\t') {
			bi->listed++;
			if (strlen(bi->devices) + strlen(line) + 2 < sizeof(bi->devices)) {
				strcat(bi->devices, line + 1);
				strcat(bi->devices, " ");
			}
		}
	}
	free(s);
	return 0;
}

/* The "name:" line of /proc/self/fdinfo/<fd>, into @out ("" when none). */
static inline void ex_fdinfo_name(int fd, char *out, size_t len)
{
	char path[64], *s, *p;

	out[0] = 0;
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	s = ex_read_file(path);
	if (!s)
		return;
	p = strstr(s, "\nname:");
	if (p) {
		p += 6;
		while (*p == ' ' || *p == '\t')
			p++;
		snprintf(out, len, "%.*s", (int)strcspn(p, "\n"), p);
	}
	free(s);
}

/* --- the kernel log ------------------------------------------------------------ */

/* /dev/kmsg positioned at its end: ex_kmsg_read() returns what came after. */
static inline int ex_kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		ex_die("open /dev/kmsg");
	lseek(fd, 0, SEEK_END);
	return fd;
}

/* The messages logged since the last call (or the open), one per line. */
static inline char *ex_kmsg_read(int fd)
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
			continue;	/* records overwritten: go on with the next */
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

/* --- time -------------------------------------------------------------------- */

static inline double ex_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static inline void ex_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

#endif
