/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dma-bufs: U_DMA_BUF_IOCTL_EXPORT with random and boundary ranges and
 * flags (the model: uapi/u-dma-buf-ioctl.h and src/core/ioctl_export.c's
 * documented rules; an export may not grant more than the file it comes
 * from), and what a dma-buf fd offers: DMA_BUF_IOCTL_SYNC, SET_NAME, lseek,
 * read/write (none), random 'b' ioctls.
 */
#ifndef UDMABUF_FUZZ_EXPORT_H
#define UDMABUF_FUZZ_EXPORT_H

#include <linux/dma-buf.h>

#include "fz-ioctl.h"

/* Random export flags: mostly valid ones, sometimes junk. */
static inline uint64_t fz_rand_export_flags(int devacc)
{
	static const uint64_t junk[] = { O_ACCMODE, O_CREAT, O_NONBLOCK, O_APPEND, 1ULL << 32,
					 ~0ULL, O_DIRECT };
	uint64_t f;

	if (fz_one_in(8))
		return fz_pick_u64(junk, FZ_ARRAY(junk)) | (uint64_t)fz_rand_acc();
	f = (uint64_t)fz_rand_acc() | (fz_one_in(2) ? O_CLOEXEC : 0) | (fz_one_in(4) ? O_SYNC : 0);
	if (!fz.bug[FZ_BUG_EXPORT_MODE] && !fz_acc_within((int)(f & O_ACCMODE), devacc))
		f = (f & ~(uint64_t)O_ACCMODE) | (uint64_t)devacc;
	return f;
}

/* The model's errno for an EXPORT of @a from device slot @dev opened @acc. */
static inline int fz_export_want(const u_dma_buf_ioctl_export_args *a, int dev, int acc,
				 int *alt)
{
	const uint64_t allowed = O_CLOEXEC | O_ACCMODE | O_SYNC;
	uint64_t size = fz.dev[dev].size, bufsize = FZ_ALIGN(size);
	int want = 0;

	*alt = 0;
	if ((a->flags & ~allowed) || (a->flags & O_ACCMODE) == O_ACCMODE || !a->size ||
	    a->offset % FZ_PAGE || a->offset >= size || a->size > bufsize - a->offset ||
	    (a->size % FZ_PAGE && a->offset + a->size != size))
		want = EINVAL;
	if (!fz_acc_within((int)(a->flags & O_ACCMODE), acc)) {
		/* the order of the checks is the kernel's business */
		*alt = want ? EACCES : EPERM;
		want = want ? want : EACCES;
	}
	return want;
}

/* A new dma-buf: its size, address and the fd it went to are checked. */
static inline void fz_export_register(int s, const u_dma_buf_ioctl_export_args *a, int next)
{
	const struct fz_fd *f = &fz.fds[s];
	uint64_t size = FZ_ALIGN(a->size);
	off_t end;

	if (a->fd != next)
		fz_fail("EXPORT gave fd %d, the lowest free one is %d", a->fd, next);
	if (a->addr != fz.dev[f->obj].dma_addr + a->offset)
		fz_fail("EXPORT addr 0x%llx, want 0x%llx + 0x%llx", (unsigned long long)a->addr,
			(unsigned long long)fz.dev[f->obj].dma_addr,
			(unsigned long long)a->offset);
	end = lseek(a->fd, 0, SEEK_END);
	if (end != (off_t)size)
		fz_fail("the export's lseek(SEEK_END) is %lld, want %llu", (long long)end,
			(unsigned long long)size);
	lseek(a->fd, 0, SEEK_SET);
	fz_add_fd(FK_EXPORT, a->fd, (int)(a->flags & O_ACCMODE), f->obj, a->offset, size);
}

/* U_DMA_BUF_IOCTL_EXPORT of a random or boundary range. */
static inline void fz_op_export(void)
{
	int s = fz_pick_fd(FK_DEV), want, alt, next;
	u_dma_buf_ioctl_export_args a;
	char what[160];
	uint64_t size;
	long ret;

	if (s < 0)
		return;
	size = fz.fds[s].size;
	memset(&a, 0, sizeof(a));
	a.fd = -1;
	a.flags = fz_rand_export_flags(fz.fds[s].acc);
	if (fz_one_in(2)) {
		a.offset = FZ_PAGE * fz_below(FZ_ALIGN(size) / FZ_PAGE);
		a.size = fz_one_in(3) ? size - a.offset : FZ_PAGE * (1 + fz_below(4));
	} else {
		a.offset = fz_boundary(size);
		a.size = fz_boundary(size);
	}
	want = fz_export_want(&a, fz.fds[s].obj, fz.fds[s].acc, &alt);
	next = fz_next_fd();
	ret = ioctl(fz.fds[s].fd, U_DMA_BUF_IOCTL_EXPORT, &a);
	snprintf(what, sizeof(what), "EXPORT from a 0%o file: flags 0x%llx offset 0x%llx size %llu",
		 fz.fds[s].acc, (unsigned long long)a.flags, (unsigned long long)a.offset,
		 (unsigned long long)a.size);
	fz_expect(ret, want, alt, what);
	if (!ret)
		fz_export_register(s, &a, next);
	else if (fz_next_fd() != next)
		fz_fail("%s failed but used an fd", what);
}

/* An EXPORT whose result cannot be copied back (read-only args): no fd used. */
static inline void fz_op_export_ro(void)
{
	int s = fz_pick_fd(FK_DEV), next;
	u_dma_buf_ioctl_export_args *a = (void *)(fz_ptr_pages + 2 * FZ_PAGE);

	if (s < 0 || !fz_acc_within(O_RDONLY, fz.fds[s].acc))
		return;
	next = fz_next_fd();
	fz_expect(ioctl(fz.fds[s].fd, U_DMA_BUF_IOCTL_EXPORT, a), EFAULT, 0,
		  "EXPORT with read-only arguments");
	if (fz_next_fd() != next)
		fz_fail("an EXPORT that could not return its fd left fd %d open", next);
}

/* DMA_BUF_IOCTL_SYNC with random flags, SET_NAME, random 'b' ioctls. */
static inline void fz_op_dmabuf_ioctl(void)
{
	const uint64_t ok = DMA_BUF_SYNC_RW | DMA_BUF_SYNC_END;
	int s = fz_pick_fd(FK_EXPORT), r = (int)fz_below(6), want;
	struct dma_buf_sync sync;
	char what[96], name[48];

	if (s < 0)
		s = fz_pick_fd(FK_HEAPBUF);
	if (s < 0)
		return;
	if (r < 3) {
		sync.flags = fz_one_in(6) ? fz_u64() : fz_below(8);
		want = (sync.flags & ~ok) || !(sync.flags & DMA_BUF_SYNC_RW) ? EINVAL : 0;
		snprintf(what, sizeof(what), "DMA_BUF_IOCTL_SYNC 0x%llx",
			 (unsigned long long)sync.flags);
		fz_expect(ioctl(fz.fds[s].fd, DMA_BUF_IOCTL_SYNC, &sync), want, 0, what);
	} else if (r == 3) {
		fz_expect(ioctl(fz.fds[s].fd, DMA_BUF_IOCTL_SYNC, fz_bad_ptr()), EFAULT, 0,
			  "DMA_BUF_IOCTL_SYNC with a bad pointer");
	} else if (r == 4) {
		size_t len = 1 + fz_below(40), i;

		for (i = 0; i < len; i++)
			name[i] = (char)('a' + fz_below(26));
		name[len] = 0;
		snprintf(what, sizeof(what), "DMA_BUF_SET_NAME of %zu bytes", len);
		fz_expect(ioctl(fz.fds[s].fd, DMA_BUF_SET_NAME_B, name), len >= 32 ? EINVAL : 0, 0,
			  what);
	} else {
		/* not 2, 3: EXPORT/IMPORT_SYNC_FILE would make fds the model does not track */
		unsigned long cmd = _IOC(fz_below(4), 'b', 4 + fz_below(12), fz_below(64));

		snprintf(what, sizeof(what), "dma-buf ioctl 0x%lx", cmd);
		fz_note(ioctl(fz.fds[s].fd, cmd, fz.scratch), what);
	}
}

/* A dma-buf has no read() or write(); lseek only to 0 and the end. */
static inline void fz_op_dmabuf_file(void)
{
	int s = fz_pick_fd(FK_EXPORT);
	off_t off;

	if (s < 0)
		s = fz_pick_fd(FK_HEAPBUF);
	if (s < 0)
		return;
	switch (fz_below(3)) {
	case 0:
		fz_expect(read(fz.fds[s].fd, fz.scratch, 64), fz_can_read(fz.fds[s].acc) ?
			  EINVAL : EBADF, 0, "read() of a dma-buf");
		break;
	case 1:
		fz_expect(write(fz.fds[s].fd, fz.scratch, 64), fz_can_write(fz.fds[s].acc) ?
			  EINVAL : EBADF, 0, "write() to a dma-buf");
		break;
	default:
		off = (off_t)fz_boundary(fz.fds[s].size);
		fz_expect(lseek(fz.fds[s].fd, off, SEEK_SET), off ? EINVAL : 0, 0,
			  "lseek of a dma-buf");
	}
}

#endif
