/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the core test programs: sysfs attributes of a
 * u-dma-buf device, patterns, and access to mappings that may be uncached.
 */
#ifndef UDMABUF_TEST_CORE_H
#define UDMABUF_TEST_CORE_H

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "t.h"

#define CORE_PAGE	4096UL
#define CORE_PAGE_ALIGN(x)	(((x) + CORE_PAGE - 1) & ~(CORE_PAGE - 1))

/* Bits of /proc/self/pagemap entries. */
#define PM_PRESENT	(1ULL << 63)
#define PM_PFN_MASK	((1ULL << 55) - 1)

static const char *core_dev;	/* the device name, e.g. "udmabuf0" */

static inline void core_die(const char *what)
{
	printf("FAIL: %s: %s\n", what, strerror(errno));
	exit(1);
}

static inline void core_attr_path(char *path, size_t len, const char *attr)
{
	snprintf(path, len, "/sys/class/u-dma-buf/%s/%s", core_dev, attr);
}

/* The attribute's text with the trailing newline removed; exits on errors. */
static inline const char *core_attr(const char *attr)
{
	static char text[8][128];
	static int slot;
	char path[256], *s = text[slot++ % 8];
	ssize_t n;
	int fd;

	core_attr_path(path, sizeof(path), attr);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		core_die(path);
	n = read(fd, s, 127);
	if (n < 0)
		core_die(path);
	close(fd);
	s[n] = 0;
	if (n && s[n - 1] == '\n')
		s[n - 1] = 0;
	return s;
}

static inline unsigned long long core_attr_u64(const char *attr)
{
	return strtoull(core_attr(attr), NULL, 0);
}

/* Writes text to an attribute in one write(): 0 or -errno. */
static inline int core_attr_write(const char *attr, const char *text)
{
	char path[256];
	ssize_t n;
	int fd, err = 0;

	core_attr_path(path, sizeof(path), attr);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	if (n < 0)
		err = -errno;
	close(fd);
	return err;
}

static inline void core_attr_set(const char *attr, unsigned long long value)
{
	char text[32];

	snprintf(text, sizeof(text), "%llu\n", value);
	if (core_attr_write(attr, text)) {
		printf("FAIL: setting %s to %llu\n", attr, value);
		exit(1);
	}
}

static inline int core_open(int flags)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "/dev/%s", core_dev);
	fd = open(path, flags);
	if (fd < 0)
		core_die(path);
	return fd;
}

/* Pattern word i of pattern seed: differs between seeds and positions. */
static inline uint64_t core_word(uint32_t seed, size_t i)
{
	uint64_t x = ((uint64_t)seed << 32 | (uint32_t)i) * 0x9e3779b97f4a7c15ULL;

	return x ^ (x >> 29);
}

static inline void core_pattern(void *buf, size_t len, uint32_t seed)
{
	uint64_t *w = buf;
	size_t i;

	for (i = 0; i < len / 8; i++)
		w[i] = core_word(seed, i);
	memset((char *)buf + len / 8 * 8, (int)seed, len % 8);
}

/*
 * Mappings may be uncached: on arm64 that is Device memory, where unaligned
 * accesses and DC ZVA (memset, memcpy) fault. So only aligned 64-bit
 * accesses touch a mapping. len is a multiple of 8.
 */
static inline void core_to_map(volatile void *map, const void *src, size_t len)
{
	volatile uint64_t *d = map;
	const uint64_t *s = src;
	size_t i;

	for (i = 0; i < len / 8; i++)
		d[i] = s[i];
}

static inline void core_from_map(void *dst, const volatile void *map, size_t len)
{
	const volatile uint64_t *s = map;
	uint64_t *d = dst;
	size_t i;

	for (i = 0; i < len / 8; i++)
		d[i] = s[i];
}

/*
 * Reads the pagemap entries of npages pages from addr: 0 and the entries,
 * or -errno.
 */
static inline int core_pagemap(const void *addr, size_t npages, uint64_t *entries)
{
	off_t off = (off_t)((uintptr_t)addr / CORE_PAGE * 8);
	ssize_t n;
	int fd, err = 0;

	fd = open("/proc/self/pagemap", O_RDONLY);
	if (fd < 0)
		return -errno;
	n = pread(fd, entries, npages * 8, off);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != npages * 8)
		err = -EIO;
	close(fd);
	return err;
}

/* Index of the first difference of two buffers, or -1. */
static inline long core_diff(const void *a, const void *b, size_t len)
{
	const unsigned char *x = a, *y = b;
	size_t i;

	for (i = 0; i < len; i++)
		if (x[i] != y[i])
			return (long)i;
	return -1;
}

#endif
