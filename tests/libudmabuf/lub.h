/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the libudmabuf test programs share: sysfs reads, pagemap, the fds
 * open on a node, and checks of a library call's negative errno and its
 * error text.
 */
#ifndef UDMABUF_TEST_LUB_H
#define UDMABUF_TEST_LUB_H

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "t.h"
#include "udmabuf.h"

/* A sysfs attribute of device NAME as a number (base auto-detect), or ~0. */
static inline uint64_t lub_attr(const char *name, const char *attr)
{
	char path[256], text[64] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/sys/class/u-dma-buf/%s/%s", name, attr);
	f = fopen(path, "r");
	if (!f)
		return ~0ULL;
	if (!fgets(text, sizeof(text), f))
		text[0] = 0;
	fclose(f);
	return strtoull(text, NULL, 0);
}

/* The physical address pagemap gives for P, 0 when it gives none. */
static inline uint64_t lub_pagemap(const void *p)
{
	long pg = sysconf(_SC_PAGESIZE);
	uint64_t e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0)
		return 0;
	if (pread(fd, &e, sizeof(e), (off_t)((uintptr_t)p / (uintptr_t)pg * 8)) != sizeof(e))
		e = 0;
	close(fd);
	if (!(e >> 63) || !(e & ((1ULL << 55) - 1)))
		return 0;
	return (e & ((1ULL << 55) - 1)) * (uint64_t)pg + (uintptr_t)p % (uintptr_t)pg;
}

/*
 * How many of this process's fds lead to PATH, as readlink() of
 * /proc/self/fd/N shows it ("/dev/x", or "/dev/x (deleted)"); the last such
 * fd in *FD (may be NULL), -1 when none.
 */
static inline int lub_fds_on(const char *path, int *fd)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0, last = -1;
	struct dirent *de;
	char target[256];
	ssize_t len;

	while (d && (de = readdir(d))) {
		len = readlinkat(dirfd(d), de->d_name, target, sizeof(target) - 1);
		if (len < 0)
			continue;
		target[len] = 0;
		if (!strcmp(target, path)) {
			n++;
			last = atoi(de->d_name);
		}
	}
	if (d)
		closedir(d);
	if (fd)
		*fd = last;
	return n;
}

/*
 * lub_err(ret, want, text, "name"): RET is -WANT (0: success) and, for a
 * failure, udmabuf_strerror(RET) contains TEXT (NULL: anything).
 */
static inline __attribute__((format(printf, 4, 5)))
int lub_err(int ret, int want, const char *text, const char *fmt, ...)
{
	const char *msg = ret < 0 ? udmabuf_strerror(ret) : "";
	char detail[600];
	int ok = ret == -want && (!want || !text || strstr(msg, text));
	va_list ap;

	snprintf(detail, sizeof(detail), "returned %d (%s), want %d%s%s%s", ret, msg, -want,
		 text ? " with '" : "", text ? text : "", text ? "'" : "");
	va_start(ap, fmt);
	t_vresult(ok, detail, fmt, ap);
	va_end(ap);
	return ok;
}

#endif
