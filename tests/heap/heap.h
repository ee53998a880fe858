/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the dma-heap test programs (tests/heap/heap-*.c) and the
 * heap benchmark (bench/src/heap-bench.c): DMA_HEAP_IOCTL_ALLOC and
 * U_DMA_BUF_HEAP_IOCTL_DMA_ADDR, the heaps' sysfs counters, and a check of
 * the kernel log. tests/lib/ has the rest.
 *
 * hp_init() sets t_label from UDMABUF_HP_LABEL (e.g. "compat32: " for the
 * 32-bit run of a program, so one guest can run a program twice without
 * duplicate names) and t_trim_values (see tests/lib/t.h).
 *
 * Everything is static: each program includes this once.
 */
#ifndef UDMABUF_TEST_HEAP_H
#define UDMABUF_TEST_HEAP_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

#include "dmabuf.h"
#include "drm-raw.h"
#include "pattern.h"
#include "sys.h"
#include "t.h"
#include "u-dma-buf-heap.h"
#include "u-dma-buf-ioctl.h"

#define HP_KIB			1024ULL
#define HP_MIB			(1024ULL * 1024ULL)
#define HP_MAIN			"udmabuf"
#define HP_MAIN_SYSFS		"/sys/class/misc/u-dma-buf-heap"

/* --- results ----------------------------------------------------------------- */

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
	t_vresult(ok, detail, fmt, ap);
	va_end(ap);
	return ok;
}

/* t_label from the environment (UDMABUF_HP_LABEL), "" when unset. */
/* "N KiB" or "N MiB" for @len bytes, in @buf. */
static inline const char *hp_size_name(uint64_t len, char *buf, size_t n)
{
	if (len >= HP_MIB)
		snprintf(buf, n, "%llu MiB", (unsigned long long)(len / HP_MIB));
	else
		snprintf(buf, n, "%llu KiB", (unsigned long long)(len / HP_KIB));
	return buf;
}

static inline void hp_init(void)
{
	static char label[64];
	const char *l = getenv("UDMABUF_HP_LABEL");

	if (l && *l) {
		snprintf(label, sizeof(label), "%s: ", l);
		t_label = label;
	}
	t_trim_values = 1;
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
		printf("FAIL: %sopen /dev/dma_heap/%s: %s\n", t_label, name, strerror(errno));
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
		printf("FAIL: %sALLOC of %llu bytes: %s\n", t_label, (unsigned long long)len,
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
	return tl_sysfs_u64("%s/%s", dir, attr);
}

#endif
