/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Data through system calls: pread/pwrite and lseek + read/write on
 * /dev/<name> (the ABI notes: EOF at the end for reads, ENOSPC for writes,
 * EFAULT for a pointer that faults at once, short transfers at the end or
 * at a fault), splice to and from it, vmsplice of mappings into pipes
 * (held for a while, across deletes and unmaps, or read back and checked),
 * and io_uring buffer registration by raw system calls.
 */
#ifndef UDMABUF_FUZZ_IO_H
#define UDMABUF_FUZZ_IO_H

#include <linux/io_uring.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include "fz-ioctl.h"
#include "fz-map.h"

/* A user pointer for a transfer: 0 good, 1 faults at once, 2 faults after 4 bytes. */
static inline uint8_t *fz_io_ptr(int *bad)
{
	*bad = fz_one_in(10) ? 1 + (int)fz_below(2) : 0;
	if (*bad == 1)
		return fz_ptr_pages + FZ_PAGE + fz_below(FZ_PAGE);
	if (*bad == 2)
		return fz_ptr_pages + FZ_PAGE - 4;
	return fz.scratch;
}

static inline uint64_t fz_io_len(void)
{
	static const uint64_t lens[] = { 0, 1, 7, 4096, 4097, 65536, 1 << 20 };

	return fz_one_in(2) ? fz_pick_u64(lens, FZ_ARRAY(lens)) : 1 + fz_below(70000);
}

/* Checks a read's result @ret of @len at @off of fd slot @s into @p. */
static inline void fz_read_result(int s, long ret, uint64_t off, uint64_t len, int bad,
				  const uint8_t *p, const char *what)
{
	const struct fz_fd *f = &fz.fds[s];
	uint64_t n = off < f->size ? f->size - off : 0;
	int want = (int64_t)off < 0 ? EINVAL : !fz_can_read(f->acc) ? EBADF : 0;

	n = n < len ? n : len;
	if (!want && n && bad == 1)
		want = EFAULT;
	if (!want && n && bad == 2 && ret < 0)
		want = EFAULT;		/* nothing copied before the fault: allowed */
	if (fz_expect(ret, want, 0, what) || ret < 0)
		return;
	if ((uint64_t)ret != (bad == 2 && n > 4 ? (uint64_t)ret : n) || (bad == 2 && ret > 4))
		fz_fail("%s returned %ld, the model says %llu", what, ret, (unsigned long long)n);
	else
		fz_data_check(p, f->obj, off, (size_t)ret, what);
}

/* Checks a write's result and puts what was written into the shadow. */
static inline void fz_write_result(int s, long ret, uint64_t off, uint64_t len, int bad,
				   const uint8_t *p, const char *what)
{
	const struct fz_fd *f = &fz.fds[s];
	uint64_t n = off < f->size ? f->size - off : 0;
	int want = (int64_t)off < 0 ? EINVAL : !fz_can_write(f->acc) ? EBADF : 0;

	n = n < len ? n : len;
	if (!want && len && off >= f->size)
		want = ENOSPC;
	if (!want && n && (bad == 1 || (bad == 2 && ret < 0)))
		want = EFAULT;
	if (fz_expect(ret, want, 0, what) || ret < 0)
		return;
	if ((uint64_t)ret != (bad == 2 && n > 4 ? (uint64_t)ret : n) || (bad == 2 && ret > 4))
		fz_fail("%s returned %ld, the model says %llu", what, ret, (unsigned long long)n);
	memcpy(fz.obj[f->obj].shadow + off, p, (size_t)ret);
}

static inline void fz_op_pread_pwrite(void)
{
	int s = fz_pick_fd(FK_DEV), bad, wr = fz_one_in(2);
	uint64_t off, len = fz_io_len();
	uint8_t *p = fz_io_ptr(&bad);
	char what[96];
	long ret;

	if (s < 0)
		return;
	off = fz_one_in(3) ? fz_boundary(fz.fds[s].size) : fz_below(fz.fds[s].size + 2);
	if (bad)
		len = len > 4096 ? 4096 : len;
	snprintf(what, sizeof(what), "p%s 0x%llx+%llu (pointer %d, file 0%o)", wr ? "write" : "read",
		 (unsigned long long)off, (unsigned long long)len, bad, fz.fds[s].acc);
	if (wr) {
		fz_rand_bytes(fz.scratch, len);
		ret = pwrite(fz.fds[s].fd, p, len, (off_t)off);
		fz_write_result(s, ret, off, len, bad, p, what);
	} else {
		ret = pread(fz.fds[s].fd, p, len, (off_t)off);
		fz_read_result(s, ret, off, len, bad, p, what);
	}
}

/* lseek (SEEK_SET/SEEK_END inside or outside [0, size]), then read or write there. */
static inline void fz_op_seek_rw(void)
{
	int s = fz_pick_fd(FK_DEV), end = fz_one_in(3), bad = 0;
	int64_t o;
	uint64_t size, pos, len = 1 + fz_below(8192);
	char what[96];
	long ret;

	if (s < 0)
		return;
	size = fz.fds[s].size;
	o = end ? -(int64_t)fz_below(size + 2) : (int64_t)fz_below(size + 2);
	pos = end ? size + (uint64_t)o : (uint64_t)o;
	snprintf(what, sizeof(what), "lseek %lld %s", (long long)o, end ? "SEEK_END" : "SEEK_SET");
	ret = lseek(fz.fds[s].fd, (off_t)o, end ? SEEK_END : SEEK_SET);
	if (fz_expect(ret, (int64_t)pos < 0 || pos > size ? EINVAL : 0, 0, what) || ret < 0)
		return;
	if ((uint64_t)ret != pos)
		fz_fail("%s returned %ld, want %llu", what, ret, (unsigned long long)pos);
	snprintf(what, sizeof(what), "%s of %llu at %llu", fz_one_in(2) ? "read" : "write",
		 (unsigned long long)len, (unsigned long long)pos);
	if (what[0] == 'w') {
		fz_rand_bytes(fz.scratch, len);
		fz_write_result(s, write(fz.fds[s].fd, fz.scratch, len), pos, len, 0, fz.scratch,
				what);
	} else {
		fz_read_result(s, read(fz.fds[s].fd, fz.scratch, len), pos, len, 0, fz.scratch,
			       what);
	}
	(void)bad;
}

/* Reads what a pipe holds into scratch2: the byte count. */
static inline size_t fz_pipe_drain(int fd)
{
	size_t got = 0;
	ssize_t r;

	errno = 0;
	while (got < sizeof(fz.scratch2) && (r = read(fd, fz.scratch2 + got, 65536)) > 0)
		got += (size_t)r;
	fz.pipe_errno = errno;
	return got;
}

static inline void fz_close_pipe(int p[2])
{
	close(p[0]);
	close(p[1]);
}

/* splice between /dev/<name> and a pipe, both ways (class "splice"). */
static inline void fz_op_splice(void)
{
	int s = fz_pick_fd(FK_DEV), p[2], to_dev = fz_one_in(2);
	uint64_t size, off, len = 1 + fz_below(65536);
	loff_t o;
	char what[96];
	long ret;

	if (s < 0 || !fz.bug[FZ_BUG_SPLICE] || pipe2(p, O_CLOEXEC | O_NONBLOCK))
		return;
	size = fz.fds[s].size;
	off = fz_below(size + 2);
	o = (loff_t)off;
	snprintf(what, sizeof(what), "splice %s /dev/%s at 0x%llx, %llu bytes",
		 to_dev ? "to" : "from", fz.dev[fz.fds[s].obj].name, (unsigned long long)off,
		 (unsigned long long)len);
	if (to_dev) {
		fz_rand_bytes(fz.scratch, len);
		if (write(p[1], fz.scratch, len) != (ssize_t)len) {
			fz_close_pipe(p);
			return;
		}
		ret = splice(p[0], NULL, fz.fds[s].fd, &o, len, 0);
		fz_write_result(s, ret, off, len, 0, fz.scratch, what);
	} else {
		ret = splice(fz.fds[s].fd, &o, p[1], NULL, len, SPLICE_F_NONBLOCK);
		if (ret > 0 && (uint64_t)ret < len && off + (uint64_t)ret < size)
			len = (uint64_t)ret;	/* a full pipe may take less */
		if (ret > 0 && fz_pipe_drain(p[0]) != (size_t)ret)
			fz_fail("%s: the pipe holds a different count", what);
		fz_read_result(s, ret, off, len, 0, fz.scratch2, what);
	}
	fz_close_pipe(p);
}

/* The errno vmsplice() of mapping @m must give: GUP refuses VM_IO and PROT_NONE. */
static inline int fz_vmsplice_want(const struct fz_map *mp)
{
	if (!(mp->prot & PROT_READ))
		return EFAULT;
	return mp->page_mode ? 0 : EFAULT;
}

/* vmsplice of a mapping into a pipe: read back and checked, or held for a while. */
static inline void fz_op_vmsplice(void)
{
	int m = fz_pick_map(0), p[2], held;
	struct iovec iov;
	size_t got;
	uint64_t a, n;
	char what[96];
	long ret;

	if (m < 0 || (fz.maps[m].page_mode && !fz.bug[FZ_BUG_PIN]) || fz.maps[m].prot == PROT_WRITE)
		return;
	if (pipe2(p, O_CLOEXEC | O_NONBLOCK))
		return;
	fz_map_range(&fz.maps[m], &a, &n);
	iov.iov_base = fz.maps[m].addr + a;
	iov.iov_len = n;
	snprintf(what, sizeof(what), "vmsplice of mapping %d (object %d, page mode %d) 0x%llx+%llu",
		 m, fz.maps[m].obj, fz.maps[m].page_mode, (unsigned long long)a,
		 (unsigned long long)n);
	ret = vmsplice(p[1], &iov, 1, SPLICE_F_NONBLOCK);
	if (fz_expect(ret, fz_vmsplice_want(&fz.maps[m]), 0, what) || ret <= 0) {
		fz_close_pipe(p);
		return;
	}
	held = fz_one_in(3) && fz_free_fd_slot() >= 0 ?
	       fz_add_fd(FK_PIPE, p[0], O_RDONLY, fz.maps[m].obj, 0, 0) : -1;
	close(p[1]);
	if (held >= 0)
		return;		/* the pipe keeps the pages until it is closed */
	got = fz_pipe_drain(p[0]);
	if (got != (size_t)ret)
		fz_fail("%s: returned %ld but reading the pipe gave %zu bytes (then %s)", what, ret,
			got, fz.pipe_errno ? strerror(fz.pipe_errno) : "end of file");
	else
		fz_data_check(fz.scratch2, fz.maps[m].obj, fz.maps[m].off + a, (size_t)ret, what);
	close(p[0]);
}

/*
 * IORING_REGISTER_BUFFERS of a mapping (class "uring"): must return, any
 * errno. Not of a page-mode mapping on arm64: there the memory is CMA and
 * 6.1's GUP loops until the process is killed (core-guard tests that).
 */
static inline void fz_op_uring(void)
{
	int m = fz_pick_map(0), ring;
	struct io_uring_params par;
	struct iovec iov;
	char what[96];
	long ret;

	if (m < 0 || !fz.bug[FZ_BUG_URING] || (fz.arm64 && fz.maps[m].page_mode))
		return;
	memset(&par, 0, sizeof(par));
	ring = (int)syscall(__NR_io_uring_setup, 4, &par);
	if (ring < 0)
		return;
	iov.iov_base = fz.maps[m].addr;
	iov.iov_len = fz.maps[m].len;
	snprintf(what, sizeof(what), "IORING_REGISTER_BUFFERS of mapping %d (page mode %d)", m,
		 fz.maps[m].page_mode);
	ret = syscall(__NR_io_uring_register, ring, IORING_REGISTER_BUFFERS, &iov, 1);
	fz_note(ret, what);
	if (!ret)
		syscall(__NR_io_uring_register, ring, IORING_UNREGISTER_BUFFERS, NULL, 0);
	close(ring);
}

#endif
