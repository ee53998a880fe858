/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Heaps: /dev/dma_heap/udmabuf and the sub-allocating heaps of devices
 * created with dma-heap. DMA_HEAP_IOCTL_ALLOC with random lengths, flags
 * and struct sizes (src/heap/node.c decodes by number only, as dma-heap.c
 * does), U_DMA_BUF_HEAP_IOCTL_DMA_ADDR on every kind of fd, random numbers.
 * A new buffer is zeroed: the shadow of its range becomes 0.
 */
#ifndef UDMABUF_FUZZ_HEAP_H
#define UDMABUF_FUZZ_HEAP_H

#include <linux/dma-heap.h>

#include "u-dma-buf-heap.h"
#include "fz-ioctl.h"

#define FZ_MAIN_HEAP	"/dev/dma_heap/udmabuf"

static inline void fz_op_heap_open(void)
{
	int dev = fz_one_in(2) ? fz_pick_dev(0) : -1, acc = fz_rand_acc(), fd, s, want = 0;
	char path[160];

	if (dev >= 0 && !fz.dev[dev].heap)
		dev = -1;
	if (dev >= 0) {
		snprintf(path, sizeof(path), "/dev/dma_heap/%s", fz.dev[dev].name);
		want = fz.dev[dev].alive ? 0 : ENOENT;
	} else {
		snprintf(path, sizeof(path), FZ_MAIN_HEAP);
	}
	fd = open(path, acc | O_CLOEXEC);
	if (fz_expect(fd, want, 0, path) || fd < 0)
		return;
	/* a sub-heap's node holds its device's object: allocations land there */
	s = fz_add_fd(FK_HEAP, fd, acc, dev, 0, 0);
	if (s >= 0)
		fz.fds[s].heapdev = dev;
}

static inline int fz_free_heap_obj(void)
{
	int i;

	for (i = FZ_DEVS; i < FZ_OBJS; i++)
		if (!fz.obj[i].used)
			return i;
	return -1;
}

/* Random ALLOC arguments in @d; *sure: the model knows the result. */
static inline void fz_heap_alloc_args(struct dma_heap_allocation_data *d, int heapacc, int sub,
				      int *sure)
{
	static const uint64_t lens[] = { 4096, 8192, 12288, 65536, 6000, 1, 262144, 1048576,
					 1048577, 0, ~0ULL, 0xfffffffffffff000ULL, 1ULL << 40 };
	int acc = fz_rand_acc();

	memset(d, 0, sizeof(*d));
	d->len = fz_pick_u64(lens, FZ_ARRAY(lens));
	if (!fz.bug[FZ_BUG_HEAP_MODE] && !fz_acc_within(acc, heapacc))
		acc = heapacc;
	d->fd_flags = (uint32_t)acc | (fz_one_in(2) ? O_CLOEXEC : 0);
	if (fz_one_in(10) && (fz.bug[FZ_BUG_HEAP_MODE] || heapacc == O_RDWR))
		d->fd_flags |= fz_one_in(2) ? O_ACCMODE : (uint32_t)fz_u64();
	if (fz_one_in(10))
		d->fd = (uint32_t)fz_below(100);
	if (fz_one_in(10))
		d->heap_flags = fz_u64();
	*sure = !sub && (d->len <= 1048576 || d->len >= 0xfffffffffffff001ULL);
	if ((d->fd_flags & O_ACCMODE) == O_ACCMODE)
		*sure = 0;
}

static inline int fz_heap_alloc_want(const struct dma_heap_allocation_data *d, int heapacc,
				     int *alt)
{
	int want = 0;

	*alt = 0;
	if (d->fd || (d->fd_flags & ~(uint32_t)(O_CLOEXEC | O_ACCMODE)) || d->heap_flags ||
	    !d->len || d->len > 0xfffffffffffff000ULL)
		want = EINVAL;
	if (!fz_acc_within((int)(d->fd_flags & O_ACCMODE), heapacc)) {
		*alt = want ? EACCES : EPERM;
		want = want ? want : EACCES;
	}
	return want;
}

/* U_DMA_BUF_HEAP_IOCTL_DMA_ADDR of a buffer fd: 0 and the answer, or -1. */
static inline int fz_heap_query(int heapfd, int fd, struct u_dma_buf_heap_dma_addr *q)
{
	memset(q, 0, sizeof(*q));
	q->fd = (uint32_t)fd;
	return ioctl(heapfd, U_DMA_BUF_HEAP_IOCTL_DMA_ADDR, q);
}

/* All of a live device's bytes (through read()) against the shadow. */
static inline void fz_dev_check_all(int dev, const char *what)
{
	int fd = fz.dev[dev].alive ? tl_open_dev(fz.dev[dev].name, O_RDONLY) : -1;
	ssize_t n;

	if (fd < 0)
		return;
	n = pread(fd, fz.scratch2, fz.dev[dev].size, 0);
	if (n != (ssize_t)fz.dev[dev].size)
		fz_fail("%s: pread of all of /dev/%s gave %zd", what, fz.dev[dev].name, n);
	else
		fz_data_check(fz.scratch2, dev, 0, (size_t)n, what);
	close(fd);
}

/* A new heap buffer: where it lies, its size, zeroed contents. */
static inline void fz_heap_register(int hs, int fd, uint64_t len, int acc)
{
	int dev = fz.fds[hs].heapdev, obj = dev >= 0 ? dev : fz_free_heap_obj();
	uint64_t size = FZ_ALIGN(len), off;
	struct u_dma_buf_heap_dma_addr q;
	volatile uint8_t *p;

	if (fz_heap_query(fz.fds[hs].fd, fd, &q) || q.size != size ||
	    (dev < 0 && q.offset) || (dev >= 0 && q.offset + size > fz.obj[dev].size)) {
		fz_fail("DMA_ADDR of a new %llu-byte heap buffer: %s, size %llu offset 0x%llx",
			(unsigned long long)size, strerror(errno), (unsigned long long)q.size,
			(unsigned long long)q.offset);
		close(fd);
		return;
	}
	off = q.offset;
	fz_log("the new heap buffer: offset 0x%llx size %llu addr 0x%llx", (unsigned long long)off,
	       (unsigned long long)size, (unsigned long long)q.addr);
	if (dev < 0) {
		fz_obj_init(obj, size, 1, 0);
	} else {
		memset(fz.obj[dev].shadow + off, 0, size);
		fz_dev_check_all(dev, "the device after a sub-heap allocation");
	}
	if (fz_add_fd(FK_HEAPBUF, fd, acc, obj, off, size) < 0 || !fz_can_read(acc))
		return;
	p = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		fz_fail("mmap of a new heap buffer: %s", strerror(errno));
		return;
	}
	fz_data_check(p, obj, off, size, "a new heap buffer");
	munmap((void *)p, size);
}

static inline void fz_op_heap_alloc(void)
{
	static const unsigned int sizes[] = { 24, 24, 16, 32, 200 };
	int s = fz_pick_fd(FK_HEAP), sure, want, alt, next;
	struct dma_heap_allocation_data *d = (void *)fz.scratch;
	unsigned int sz = sizes[fz_below(FZ_ARRAY(sizes))];
	char what[200];
	long ret;

	if (s < 0 || (fz.fds[s].heapdev < 0 && fz_free_heap_obj() < 0))
		return;
	fz_rand_bytes(fz.scratch, 256);
	fz_heap_alloc_args(d, fz.fds[s].acc, fz.fds[s].heapdev >= 0, &sure);
	if (sz < 24)
		d->heap_flags = 0;	/* not copied in: zero */
	want = fz_heap_alloc_want(d, fz.fds[s].acc, &alt);
	snprintf(what, sizeof(what), "ALLOC (%u bytes) on a 0%o %s heap: len %llu fd %u fd_flags 0x%x heap_flags 0x%llx",
		 sz, fz.fds[s].acc, fz.fds[s].heapdev >= 0 ? "sub-" : "main",
		 (unsigned long long)d->len, d->fd, d->fd_flags, (unsigned long long)d->heap_flags);
	next = fz_next_fd();
	ret = ioctl(fz.fds[s].fd, _IOC(_IOC_READ | _IOC_WRITE, 'H', 0, sz), d);
	if (sure || want)
		fz_expect(ret, want, alt, what);
	else
		fz_note(ret, what);
	if (!ret && (int)d->fd != next)
		fz_fail("ALLOC gave fd %u, the lowest free one is %d", d->fd, next);
	if (!ret)
		fz_heap_register(s, (int)d->fd, d->len, (int)(d->fd_flags & O_ACCMODE));
	else if (fz_next_fd() != next)
		fz_fail("%s failed but used an fd", what);
}

/*
 * A sub-heap allocates (and zeroes) before it copies the result out, so an
 * ALLOC that then fails zeroed some free range of its device: the model
 * takes the device's memory as it now is.
 */
static inline void fz_dev_reload_shadow(int dev)
{
	int fd = fz.dev[dev].alive ? tl_open_dev(fz.dev[dev].name, O_RDONLY) : -1;
	uint8_t *p;

	if (fd < 0)
		return;
	p = mmap(NULL, fz.obj[dev].size, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		fz_fail("mmap of all of /dev/%s: %s", fz.dev[dev].name, strerror(errno));
		return;
	}
	memcpy(fz.obj[dev].shadow, p, fz.obj[dev].size);
	munmap(p, fz.obj[dev].size);
	fz_log("/dev/%s: contents reloaded after a failed sub-heap ALLOC", fz.dev[dev].name);
}

/* ALLOC with arguments that fault, or cannot be copied back: no fd used. */
static inline void fz_op_heap_alloc_bad(void)
{
	int s = fz_pick_fd(FK_HEAP), next, ro = fz_one_in(2), want;
	void *p = ro ? fz_ptr_pages + 2 * FZ_PAGE + 512 : fz_bad_ptr();

	if (s < 0 || !fz_acc_within(O_RDONLY, fz.fds[s].acc))
		return;
	/* a removed sub-heap refuses before it allocates */
	want = ro && fz.fds[s].heapdev >= 0 && !fz.dev[fz.fds[s].heapdev].alive ? ENODEV : EFAULT;
	next = fz_next_fd();
	/* a full sub-heap: ENOMEM */
	fz_expect(ioctl(fz.fds[s].fd, DMA_HEAP_IOCTL_ALLOC, p), want,
		  ro && fz.fds[s].heapdev >= 0 ? ENOMEM : 0,
		  ro ? "ALLOC with read-only arguments" : "ALLOC with a bad pointer");
	if (fz_next_fd() != next)
		fz_fail("an ALLOC that could not return its fd left fd %d open", next);
	if (ro && fz.fds[s].heapdev >= 0)
		fz_dev_reload_shadow(fz.fds[s].heapdev);
}

/* The answer DMA_ADDR must give for fd slot @t. */
static inline void fz_heap_check_addr(int t, const struct u_dma_buf_heap_dma_addr *q)
{
	const struct fz_fd *f = &fz.fds[t];
	int dev = f->obj < FZ_DEVS ? f->obj : -1;

	if (q->size != f->size || q->offset != f->off ||
	    (dev >= 0 && fz.dev[dev].dma_addr && q->addr != fz.dev[dev].dma_addr + f->off))
		fz_fail("DMA_ADDR: addr 0x%llx size %llu offset 0x%llx, want size %llu offset 0x%llx",
			(unsigned long long)q->addr, (unsigned long long)q->size,
			(unsigned long long)q->offset, (unsigned long long)f->size,
			(unsigned long long)f->off);
}

static inline void fz_op_heap_dma_addr(void)
{
	int s = fz_pick_fd(FK_HEAP), t = fz_pick_fd(FK_NONE), fd, want;
	struct u_dma_buf_heap_dma_addr q;
	char what[96];

	if (s < 0 || t < 0)
		return;
	fd = fz_one_in(8) ? (fz_one_in(2) ? -1 : 1000) : fz.fds[t].fd;
	want = fd == -1 || fd == 1000 ? EBADF : (fz.fds[t].kind == FK_EXPORT ||
						 fz.fds[t].kind == FK_HEAPBUF) ? 0 : EINVAL;
	memset(&q, 0, sizeof(q));
	q.fd = (uint32_t)fd;
	if (fz_one_in(8)) {
		q.flags = 1 + (uint32_t)fz_below(0xffff);
		want = EINVAL;
	}
	snprintf(what, sizeof(what), "DMA_ADDR of fd %d (kind %d) flags 0x%x", fd,
		 fz.fds[t].kind, q.flags);
	if (fz_expect(ioctl(fz.fds[s].fd, U_DMA_BUF_HEAP_IOCTL_DMA_ADDR, &q), want, 0, what) ||
	    want)
		return;
	fz_heap_check_addr(t, &q);
}

/* Other numbers on a heap node: EINVAL (number 0 of any type is ALLOC). */
static inline void fz_op_heap_ioctl_random(void)
{
	int s = fz_pick_fd(FK_HEAP);
	unsigned long cmd = _IOC(fz_below(4), fz_one_in(2) ? 'H' : 'U', 1 + fz_below(255),
				 fz_below(64));
	char what[64];

	if (s < 0)
		return;
	snprintf(what, sizeof(what), "heap ioctl 0x%lx", cmd);
	if (cmd == U_DMA_BUF_HEAP_IOCTL_DMA_ADDR)
		return;
	fz_expect(ioctl(fz.fds[s].fd, cmd, fz_one_in(2) ? (void *)fz.scratch : fz_bad_ptr()),
		  EINVAL, 0, what);
}

#endif
