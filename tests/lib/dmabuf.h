/* SPDX-License-Identifier: GPL-2.0 */
/*
 * u-dma-buf devices and dma-bufs: opening /dev/<name>,
 * U_DMA_BUF_IOCTL_EXPORT, DMA_BUF_IOCTL_SYNC, mapping (and filling a mapping
 * with a pattern), and a dma-buf's size.
 */
#ifndef UDMABUF_TEST_DMABUF_H
#define UDMABUF_TEST_DMABUF_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/dma-buf.h>

#include "pattern.h"
#include "t.h"
#include "u-dma-buf-ioctl.h"
#include "udmabuf-raw.h"

#define TL_PAGE			4096ULL
#define TL_PAGE_ALIGN(x)	(((x) + TL_PAGE - 1) & ~(TL_PAGE - 1))

/* Opens /dev/@name (close-on-exec added): fd or -1 with errno. */
static inline int tl_open_dev(const char *name, int flags)
{
	char path[128];

	snprintf(path, sizeof(path), "/dev/%s", name);
	return open(path, flags | O_CLOEXEC);
}

/* DMA_BUF_IOCTL_SYNC, retried on EINTR/EAGAIN: 0 or -1 with errno. */
static inline int tl_sync(int fd, uint64_t flags)
{
	struct dma_buf_sync s = { .flags = flags };
	int ret;

	do
		ret = ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
	while (ret && (errno == EINTR || errno == EAGAIN));
	return ret;
}

/* A shared mapping of fd: the address or MAP_FAILED with errno. */
static inline void *tl_map(int fd, size_t len, int prot, off_t off)
{
	return mmap(NULL, len, prot, MAP_SHARED, fd, off);
}

/* Writes the pattern @seed into @m, a mapping of dma-buf @fd, inside a CPU
 * write access (DMA_BUF_SYNC_START ... DMA_BUF_SYNC_END). */
static inline void tl_fill_synced(int fd, volatile uint8_t *m, size_t len, uint32_t seed)
{
	tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
	tl_fill(m, len, seed, 0);
	tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
}

/*
 * A read-write mapping of @len bytes of dma-buf @fd, filled with the pattern
 * @seed (tl_fill_synced()). When it cannot be mapped the program ends with
 * "FAIL: <what>: <errno>" (t_die()).
 */
static inline uint8_t *tl_map_filled(int fd, size_t len, uint32_t seed, const char *what)
{
	uint8_t *m = tl_map(fd, len, PROT_READ | PROT_WRITE, 0);

	if (m == MAP_FAILED)
		t_die(what);
	tl_fill_synced(fd, m, len, seed);
	return m;
}

/* The size of a dma-buf (its file's end). */
static inline uint64_t tl_buf_size(int fd)
{
	off_t end = lseek(fd, 0, SEEK_END);

	lseek(fd, 0, SEEK_SET);
	return end < 0 ? 0 : (uint64_t)end;
}

#endif
