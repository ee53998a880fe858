/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ioctls on /dev/<name>: numbers 1..10 with random and boundary payloads
 * and bad pointers, and random 'U' numbers. The model (the ABI notes and
 * uapi/u-dma-buf-ioctl.h) gives the errno of each, and the values GET_*
 * return must agree with each other and with sysfs.
 */
#ifndef UDMABUF_FUZZ_IOCTL_H
#define UDMABUF_FUZZ_IOCTL_H

#include <linux/dma-heap.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "fz-dev.h"

/* Pages for bad pointers: [0] read-write, [1] PROT_NONE, [2] read-only. */
static uint8_t *fz_ptr_pages;

static inline void fz_ptr_setup(void)
{
	u_dma_buf_ioctl_export_args *a;

	fz_ptr_pages = mmap(NULL, 3 * FZ_PAGE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fz_ptr_pages == MAP_FAILED)
		t_die("mmap");
	/* The read-only page holds a valid EXPORT: its result cannot be copied back. */
	a = (u_dma_buf_ioctl_export_args *)(fz_ptr_pages + 2 * FZ_PAGE);
	memset(a, 0, sizeof(*a));
	a->size = FZ_PAGE;
	((struct dma_heap_allocation_data *)(fz_ptr_pages + 2 * FZ_PAGE + 512))->len = FZ_PAGE;
	memset(fz_ptr_pages, 0x5a, FZ_PAGE);
	mprotect(fz_ptr_pages + FZ_PAGE, FZ_PAGE, PROT_NONE);
	mprotect(fz_ptr_pages + 2 * FZ_PAGE, FZ_PAGE, PROT_READ);
}

/* A pointer every copy from or to user space faults on. */
static inline void *fz_bad_ptr(void)
{
	switch (fz_below(4)) {
	case 0:
		return NULL;
	case 1:
		return (void *)(uintptr_t)1;
	case 2:
		return fz_ptr_pages + FZ_PAGE + fz_below(FZ_PAGE);
	default:
		return fz_ptr_pages + FZ_PAGE - 2;	/* straddles into PROT_NONE */
	}
}

/* The sync command model: 0 nothing, 1 the stored range, else a one-shot range. */
static inline int fz_sync_cmd_want(int dev, uint64_t cmd, int *sure)
{
	const struct fz_dev *d = &fz.dev[dev];
	uint64_t off, size;

	*sure = 1;
	if (!cmd)
		return 0;
	if (cmd == 1) {
		if (!d->alive) {
			*sure = 0;
			return 0;
		}
		off = tl_sysfs_u64("/sys/class/u-dma-buf/%s/sync_offset", d->name);
		size = tl_sysfs_u64("/sys/class/u-dma-buf/%s/sync_size", d->name);
	} else {
		off = cmd >> 32;
		size = cmd & 0xfffffff0;	/* direction 3: bidirectional, as upstream */
	}
	return off > d->size || size > d->size - off ? EINVAL : 0;
}

static inline uint64_t fz_rand_sync_cmd(uint64_t size)
{
	switch (fz_below(4)) {
	case 0:
		return fz_below(3);
	case 1:
		return fz_u64();
	default:
		return fz_boundary(size) << 32 | (fz_boundary(size) & 0xfffffff0) |
		       fz_below(4) << 2 | fz_below(2);
	}
}

static inline void fz_ioctl_sync_cmd(int s, int nr)
{
	const struct fz_fd *f = &fz.fds[s];
	uint64_t cmd = fz_rand_sync_cmd(f->size);
	int sure, want = fz_sync_cmd_want(f->obj, cmd, &sure);
	char what[96];
	long ret;

	ret = ioctl(f->fd, nr == 5 ? U_DMA_BUF_IOCTL_SET_SYNC_FOR_CPU :
		    U_DMA_BUF_IOCTL_SET_SYNC_FOR_DEVICE, &cmd);
	snprintf(what, sizeof(what), "ioctl %d (SET_SYNC_FOR_%s) 0x%llx", nr,
		 nr == 5 ? "CPU" : "DEVICE", (unsigned long long)cmd);
	if (sure)
		fz_expect(ret, want, 0, what);
	else
		fz_log("%s -> %ld (not modelled)", what, ret);
}

/* GET_SYNC against sysfs, then (sync-offset class) passed back to SET_SYNC. */
static inline void fz_ioctl_get_sync(int s, int roundtrip)
{
	const struct fz_fd *f = &fz.fds[s];
	const struct fz_dev *d = &fz.dev[f->obj];
	u_dma_buf_ioctl_sync_args a;
	unsigned long long off, size;

	memset(&a, 0, sizeof(a));
	if (fz_expect(ioctl(f->fd, U_DMA_BUF_IOCTL_GET_SYNC, &a), 0, 0, "ioctl 8 (GET_SYNC)"))
		return;
	if (d->alive) {
		off = tl_sysfs_u64("/sys/class/u-dma-buf/%s/sync_offset", d->name);
		size = tl_sysfs_u64("/sys/class/u-dma-buf/%s/sync_size", d->name);
		if (off != a.offset || size != a.size)
			fz_fail("GET_SYNC offset 0x%llx size %llu, sysfs 0x%llx %llu",
				(unsigned long long)a.offset, (unsigned long long)a.size, off,
				size);
	}
	if (roundtrip && fz.bug[FZ_BUG_SYNC_OFFSET])
		fz_expect(ioctl(f->fd, U_DMA_BUF_IOCTL_SET_SYNC, &a), 0, 0,
			  "SET_SYNC of what GET_SYNC returned");
}

/*
 * SET_SYNC, decoded as upstream does (src/core/ioctl.c): an offset or size
 * beyond the buffer or a mode above 7 is EINVAL and changes nothing; other
 * bits are ignored; the range is stored (size 0 keeps the stored size) and
 * SYNC_CMD 1 or 3 syncs it, EINVAL when offset + size ends beyond the buffer.
 */
static inline int fz_set_sync_want(const struct fz_fd *f, const u_dma_buf_ioctl_sync_args *a,
				   int *sure)
{
	const struct fz_dev *d = &fz.dev[f->obj];
	int cmd = a->flags & 3, mode = (a->flags >> 8) & 0xff;
	uint64_t size = a->size;

	*sure = 1;
	if (mode > 7 || a->offset > f->size || a->size > f->size)
		return EINVAL;
	if (cmd != 1 && cmd != 3)
		return 0;
	if (!size) {
		if (!d->alive) {
			*sure = 0;
			return 0;
		}
		size = tl_sysfs_u64("/sys/class/u-dma-buf/%s/sync_size", d->name);
	}
	return size > f->size - a->offset ? EINVAL : 0;
}

static inline void fz_ioctl_set_sync(int s)
{
	const struct fz_fd *f = &fz.fds[s];
	u_dma_buf_ioctl_sync_args a;
	char what[128];
	int want, sure;
	long ret;

	memset(&a, 0, sizeof(a));
	a.flags = fz_one_in(5) ? fz_u64() : fz_below(4) | fz_below(4) << 2 |
		  fz_below(10) << 8 | fz_below(2) << 16;
	a.offset = fz_boundary(f->size);
	a.size = fz_one_in(3) ? 0 : fz_boundary(f->size);
	want = fz_set_sync_want(f, &a, &sure);
	snprintf(what, sizeof(what), "ioctl 9 (SET_SYNC) flags 0x%llx offset 0x%llx size %llu",
		 (unsigned long long)a.flags, (unsigned long long)a.offset,
		 (unsigned long long)a.size);
	ret = ioctl(f->fd, U_DMA_BUF_IOCTL_SET_SYNC, &a);
	if (sure)
		fz_expect(ret, want, 0, what);
	else
		fz_note(ret, what);
}

/* GET_DRV_INFO, GET_SIZE, GET_DMA_ADDR, GET_DEV_INFO, GET_SYNC_OWNER agree. */
static inline void fz_ioctl_gets(int s)
{
	const struct fz_fd *f = &fz.fds[s];
	u_dma_buf_ioctl_dev_info info;
	u_dma_buf_ioctl_drv_info drv;
	uint64_t size = 0, addr = 0;
	uint32_t owner = 7;

	memset(&info, 0, sizeof(info));
	memset(&drv, 0, sizeof(drv));
	if (fz_expect(ioctl(f->fd, U_DMA_BUF_IOCTL_GET_DRV_INFO, &drv), 0, 0, "ioctl 1") ||
	    fz_expect(ioctl(f->fd, U_DMA_BUF_IOCTL_GET_SIZE, &size), 0, 0, "ioctl 2") ||
	    fz_expect(ioctl(f->fd, U_DMA_BUF_IOCTL_GET_DMA_ADDR, &addr), 0, 0, "ioctl 3") ||
	    fz_expect(ioctl(f->fd, U_DMA_BUF_IOCTL_GET_SYNC_OWNER, &owner), 0, 0, "ioctl 4") ||
	    fz_expect(ioctl(f->fd, U_DMA_BUF_IOCTL_GET_DEV_INFO, &info), 0, 0, "ioctl 7"))
		return;
	if (size != f->size || info.size != size || info.addr != addr || owner > 1 ||
	    GET_U_DMA_BUF_IOCTL_FLAGS_MMAP_MODE(&info) != fz.dev[f->obj].mode ||
	    strncmp(drv.version, "6.", 2))
		fz_fail("GET_* disagree: size %llu/%llu (want %llu), addr 0x%llx/0x%llx, owner %u, mode %d (want %d), version '%.16s'",
			(unsigned long long)size, (unsigned long long)info.size,
			(unsigned long long)f->size, (unsigned long long)addr,
			(unsigned long long)info.addr, owner,
			GET_U_DMA_BUF_IOCTL_FLAGS_MMAP_MODE(&info), fz.dev[f->obj].mode,
			drv.version);
}

static const unsigned long fz_dev_cmds[] = {
	0, U_DMA_BUF_IOCTL_GET_DRV_INFO, U_DMA_BUF_IOCTL_GET_SIZE, U_DMA_BUF_IOCTL_GET_DMA_ADDR,
	U_DMA_BUF_IOCTL_GET_SYNC_OWNER, U_DMA_BUF_IOCTL_SET_SYNC_FOR_CPU,
	U_DMA_BUF_IOCTL_SET_SYNC_FOR_DEVICE, U_DMA_BUF_IOCTL_GET_DEV_INFO,
	U_DMA_BUF_IOCTL_GET_SYNC, U_DMA_BUF_IOCTL_SET_SYNC, U_DMA_BUF_IOCTL_EXPORT,
};

static inline int fz_known_cmd(unsigned long cmd)
{
	unsigned int i;

	for (i = 1; i <= 10; i++)
		if (cmd == fz_dev_cmds[i])
			return 1;
	/* EXPORT in the other layout (36 bytes on i386, 40 elsewhere) */
	return cmd == _IOWR('U', 10, char[36]) || cmd == _IOWR('U', 10, char[40]);
}

/* ioctls 1..10 with a pointer that faults: EFAULT, and no fd used. */
static inline void fz_ioctl_bad_ptr(int s, int nr)
{
	int next = fz_next_fd();
	char what[64];
	void *p = fz_bad_ptr();

	snprintf(what, sizeof(what), "ioctl %d with the bad pointer %p", nr, p);
	fz_expect(ioctl(fz.fds[s].fd, fz_dev_cmds[nr], p), EFAULT, 0, what);
	if (fz_next_fd() != next)
		fz_fail("%s used an fd", what);
}

/* A random 'U' number that is none of ours: ENOTTY. */
static inline void fz_ioctl_random(int s)
{
	unsigned long cmd = _IOC(fz_below(4), 'U', fz_below(256), fz_below(1 << 14));
	char what[64];
	long ret;

	if (fz_one_in(4))
		cmd = _IOC(fz_below(4), 'U', 1 + fz_below(10), fz_below(64));
	fz_rand_bytes(fz.scratch, 4096);
	ret = ioctl(fz.fds[s].fd, cmd, fz_one_in(2) ? (void *)fz.scratch : fz_bad_ptr());
	snprintf(what, sizeof(what), "ioctl 0x%lx", cmd);
	if (fz_known_cmd(cmd))
		fz_log("%s -> %ld (a valid number, not modelled)", what, ret);
	else
		fz_expect(ret, ENOTTY, 0, what);
}

#endif
