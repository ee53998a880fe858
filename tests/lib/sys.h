/* SPDX-License-Identifier: GPL-2.0 */
/*
 * System helpers for the C test programs: small files (sysfs, debugfs,
 * /proc, fdinfo), the u-dma-buf statistics and manager, open file
 * descriptors, the kernel log, and time. Everything is static: each program
 * includes this once (through its area's header).
 */
#ifndef UDMABUF_TEST_SYS_H
#define UDMABUF_TEST_SYS_H

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "t.h"

#define TL_STATS	"/sys/kernel/debug/u-dma-buf/stats"
#define TL_PINS		"/sys/kernel/debug/u-dma-buf/pins"
#define TL_MGR		"/dev/u-dma-buf-mgr"

/* --- files ------------------------------------------------------------------- */

/* Reads a whole (small, sysfs or debugfs) file into a malloc'ed string. */
static inline char *tl_read_file(const char *path)
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

/* Writes text in one write(): 0, or -1 with errno (EIO for a short write). */
static inline int tl_write_file(const char *path, const char *text)
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

/* A number in a sysfs file (decimal or 0x hex); ~0ULL when unreadable. */
static inline __attribute__((format(printf, 1, 2))) unsigned long long
tl_sysfs_u64(const char *fmt, ...)
{
	unsigned long long v = ~0ULL;
	char path[256], *s;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	s = tl_read_file(path);
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

static inline int tl_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

static inline unsigned long tl_ino(int fd)
{
	struct stat st;

	if (fstat(fd, &st))
		return 0;
	return (unsigned long)st.st_ino;
}

/* The value of field @key (e.g. "exp_name") in /proc/self/fdinfo/<fd>, into
 * @out ("" when there is none). */
static inline void tl_fdinfo(int fd, const char *key, char *out, size_t len)
{
	char path[64], *s, *p;
	size_t klen = strlen(key);

	out[0] = 0;
	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	s = tl_read_file(path);
	if (!s)
		return;
	p = s;
	while (p && (strncmp(p, key, klen) || p[klen] != ':')) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (p) {
		p += klen + 1;
		while (*p == ' ' || *p == '\t')
			p++;
		snprintf(out, len, "%.*s", (int)strcspn(p, "\n"), p);
	}
	free(s);
}

static inline int tl_count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (!d)
		t_die("opendir /proc/self/fd");
	while ((e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;	/* the directory's own fd */
}

/* --- u-dma-buf ---------------------------------------------------------------- */

/* debugfs u-dma-buf/stats: "buffers N\nbytes M". 0 or -1. */
static inline int tl_stats(unsigned long long *buffers, unsigned long long *bytes)
{
	char *s = tl_read_file(TL_STATS);
	int ok;

	if (!s)
		return -1;
	ok = sscanf(s, "buffers %llu bytes %llu", buffers, bytes) == 2;
	free(s);
	return ok ? 0 : -1;
}

/* debugfs u-dma-buf/pins: pins importers hold on our dma-bufs, or -1. */
static inline long long tl_pins(void)
{
	char *s = tl_read_file(TL_PINS);
	long long n = -1;

	if (s && sscanf(s, "%lld", &n) != 1)
		n = -1;
	free(s);
	return n;
}

/* u-dma-buf-mgr: one command line (a '\n' is added: the command runs in
 * write(), which returns its error). 0 or -1 with errno. */
static inline __attribute__((format(printf, 1, 2))) int tl_mgr(const char *fmt, ...)
{
	char line[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line) - 1, fmt, ap);
	va_end(ap);
	strcat(line, "\n");
	return tl_write_file(TL_MGR, line);
}

/* --- the kernel log ------------------------------------------------------------ */

/* /dev/kmsg positioned at its end: tl_kmsg_read() returns what came after. */
static inline int tl_kmsg_open(void)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	if (fd < 0)
		t_die("open /dev/kmsg");
	lseek(fd, 0, SEEK_END);
	return fd;
}

/* The messages logged since the last call (or the open), one per line. */
static inline char *tl_kmsg_read(int fd)
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

static inline double tl_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static inline void tl_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

#endif
