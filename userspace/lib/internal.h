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

/* error.c: records the thread's error text, returns -err */
int ub_err(int err, const char *fmt, ...) UB_PRINTF(2, 3);

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

/* sync.c: a range sync whose bounds and direction the caller checked */
int ub_sync_checked(struct udmabuf *dev, uint64_t off, uint64_t size, enum udmabuf_dir dir,
		    bool for_device);

/* map.c, procmaps.c */
int ub_procmaps_dma_addr(const void *ptr, uint64_t *addr);
long ub_page_size(void);

#endif /* UDMABUF_INTERNAL_H */
