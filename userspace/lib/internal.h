/* SPDX-License-Identifier: MIT */
/*
 * libudmabuf internals: the objects behind the opaque handles, the error
 * text, paths below UDMABUF_SYSROOT and sysfs attribute reading.
 * Include first in every library source.
 */
#ifndef UDMABUF_INTERNAL_H
#define UDMABUF_INTERNAL_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/ioctl.h>

#include "u-dma-buf-ioctl.h"
#include "udmabuf.h"

#define UB_EXPORT __attribute__((visibility("default")))
#define UB_PRINTF(a, b) __attribute__((format(printf, a, b)))

#define UB_SYSFS_CLASS "/sys/class/u-dma-buf"
#define UB_SYSFS_MISC "/sys/class/misc"
#define UB_HEAP_DIR "/dev/dma_heap"
#define UB_MGR_NODE "/dev/u-dma-buf-mgr"
#define UB_MAIN_HEAP "udmabuf"

struct udmabuf {
	atomic_int refs;
	int fd;
	int flags;
	char name[UDMABUF_NAME_MAX];
	uint64_t size;
	uint64_t dma_addr;
	int coherent;
	int quirk;
	int dma_mask;
};

struct udmabuf_dmabuf {
	atomic_int refs;
	int fd;
	uint64_t size;
	uint64_t dma_addr;	/* UDMABUF_NO_ADDR: ask the heap node */
};

struct udmabuf_map {
	void *base;		/* what mmap() returned */
	size_t maplen;
	char *ptr;		/* the first byte asked for */
	uint64_t size;
	uint64_t offset;	/* of ptr inside the device or dma-buf */
	uint64_t dma_addr;	/* of ptr, UDMABUF_NO_ADDR when not known */
	struct udmabuf *dev;	/* one of these two holds a reference */
	struct udmabuf_dmabuf *buf;
	struct udmabuf_map *next;	/* the registry */
};

/* error.c: records the thread's error text, returns -err (cold: the
 * compiler moves error paths off the fast ones) */
int ub_err(int err, const char *fmt, ...) UB_PRINTF(2, 3) __attribute__((cold));

/* path.c: PATH with the UDMABUF_SYSROOT prefix; -ENAMETOOLONG */
int ub_path(char *buf, size_t size, const char *fmt, ...) UB_PRINTF(3, 4);
int ub_check_name(const char *what, const char *name);

/* sysfs.c: text attributes */
int ub_read_text(const char *path, char *buf, size_t size);
int ub_parse_u64(const char *text, uint64_t *value);
int ub_read_u64(const char *dir, const char *attr, uint64_t *value);
int ub_read_int(const char *dir, const char *attr, int *value);
int ub_write_text(const char *path, const char *text);

/* info.c */
int ub_info_from_dir(const char *dir, const char *name, struct udmabuf_info *info);

/* device.c, dmabuf.c: references */
void ub_dev_get(struct udmabuf *dev);
void ub_dev_put(struct udmabuf *dev);
void ub_buf_get(struct udmabuf_dmabuf *buf);
void ub_buf_put(struct udmabuf_dmabuf *buf);
int ub_buf_new(int fd, uint64_t size, uint64_t addr, struct udmabuf_dmabuf **out);
int ub_heap_dma_addr(int hfd, int fd, uint64_t *addr, uint64_t *size, uint64_t *offset);

/*
 * sync.c: range syncs whose bounds and direction the caller checked. The
 * packed SET_SYNC_FOR_CPU/_DEVICE command of [OFF, OFF + SIZE) is worked
 * out inline, so that a sync adds no call level to the one ioctl it sends
 * (sync.c says how the command is packed); ub_sync_slow() takes ranges it
 * cannot carry, and failures.
 */
#define UB_PACKED_MAX 0xfffffff0ULL

/* The packed command for a checked range, or 0 when it cannot carry it. */
static inline uint64_t ub_sync_packed(const struct udmabuf *dev, uint64_t off, uint64_t size,
				      enum udmabuf_dir dir)
{
	uint64_t len = (size + 15) & ~15ULL;

	if (len > dev->size - off)
		len = 0;	/* to the end, which the rounded size would pass */
	if (off > UINT32_MAX || len > UB_PACKED_MAX)
		return 0;
	return off << 32 | len | (uint64_t)dir << 2 | 2;
}

static inline unsigned long ub_sync_request(bool for_device)
{
	return for_device ? U_DMA_BUF_IOCTL_SET_SYNC_FOR_DEVICE : U_DMA_BUF_IOCTL_SET_SYNC_FOR_CPU;
}

int ub_sync_slow(struct udmabuf *dev, uint64_t off, uint64_t size, enum udmabuf_dir dir,
		 bool for_device, uint64_t cmd);

static inline int ub_sync_checked(struct udmabuf *dev, uint64_t off, uint64_t size,
				  enum udmabuf_dir dir, bool for_device)
{
	uint64_t cmd = ub_sync_packed(dev, off, size, dir);

	if (__builtin_expect(cmd && !ioctl(dev->fd, ub_sync_request(for_device), &cmd), 1))
		return 0;
	return ub_sync_slow(dev, off, size, dir, for_device, cmd);
}

/* map.c, procmaps.c */
int ub_procmaps_dma_addr(const void *ptr, uint64_t *addr);
long ub_page_size(void);

#endif /* UDMABUF_INTERNAL_H */
