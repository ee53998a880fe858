/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Mappings of devices, exports and heap buffers: mmap with random ranges,
 * protections and flags, munmap of all or part (splitting a mapping),
 * mremap (shrink, grow, move), mprotect, madvise; and the data oracle:
 * every write through a mapping goes to the shadow, every read is compared
 * with it. The model: do_mmap()'s checks, then src/core/mmap.c's (private
 * writable: EINVAL; outside the range: ENXIO) or dma-buf's (EINVAL).
 */
#ifndef UDMABUF_FUZZ_MAP_H
#define UDMABUF_FUZZ_MAP_H

#include <sys/mman.h>

#include "fz.h"

static inline int fz_is_dmabuf(int kind)
{
	return kind == FK_EXPORT || kind == FK_HEAPBUF;
}

/* The errno mmap() of fd slot @s must give. */
static inline int fz_mmap_want(int s, uint64_t off, uint64_t len, int prot, int shared)
{
	const struct fz_fd *f = &fz.fds[s];
	uint64_t pages = FZ_ALIGN(f->size) / FZ_PAGE, lp = FZ_ALIGN(len) / FZ_PAGE;
	uint64_t op = off / FZ_PAGE;

	if (!len || off % FZ_PAGE)
		return EINVAL;
	if (!fz_can_read(f->acc) || (shared && (prot & PROT_WRITE) && !fz_can_write(f->acc)))
		return EACCES;
	if (fz_is_dmabuf(f->kind))
		return op + lp > pages || !shared || (prot & PROT_WRITE && !shared) ? EINVAL : 0;
	if (!shared && (prot & PROT_WRITE))
		return EINVAL;
	return op >= pages || lp > pages - op ? ENXIO : 0;
}

static inline void fz_map_add(int s, uint8_t *p, uint64_t off, uint64_t len, int prot,
			      int shared)
{
	const struct fz_fd *f = &fz.fds[s];
	int m = fz_free_map_slot();

	fz.maps[m] = (struct fz_map){ p, len, prot, shared, f->obj, f->off + off,
				      !fz_is_dmabuf(f->kind) && fz.obj[f->obj].page_mode, 0, 0 };
	fz.maps[m].shared = shared && fz_can_write(f->acc);	/* may become writable */
	fz_obj_ref(f->obj, 1);
	if (prot & PROT_READ)
		fz_data_check(p, f->obj, f->off + off, len, "a new mapping");
}

static inline void fz_op_mmap(void)
{
	static const int prots[] = { PROT_READ, PROT_READ, PROT_READ | PROT_WRITE,
				     PROT_READ | PROT_WRITE, PROT_READ | PROT_WRITE,
				     PROT_READ | PROT_WRITE, PROT_WRITE, PROT_NONE };
	int s = fz_pick_mem_fd(), prot = prots[fz_below(8)], shared = !fz_one_in(8), want;
	uint64_t pages, off, len;
	char what[160];
	void *p;

	if (s < 0 || fz_free_map_slot() < 0)
		return;
	pages = FZ_ALIGN(fz.fds[s].size) / FZ_PAGE;
	off = FZ_PAGE * fz_below(pages + 1);
	len = FZ_PAGE * (1 + fz_below(pages - (off / FZ_PAGE < pages ? off / FZ_PAGE : 0)));
	if (fz_one_in(8))
		len = fz_one_in(2) ? 0 : FZ_PAGE * (1 + fz_below(pages + 2));
	if (fz_one_in(16))
		off += 1 + fz_below(FZ_PAGE - 1);
	want = fz_mmap_want(s, off, len, prot, shared);
	p = mmap(NULL, len, prot, shared ? MAP_SHARED : MAP_PRIVATE, fz.fds[s].fd, (off_t)off);
	snprintf(what, sizeof(what), "mmap kind %d (0%o) offset 0x%llx len 0x%llx prot %d %s",
		 fz.fds[s].kind, fz.fds[s].acc, (unsigned long long)off, (unsigned long long)len,
		 prot, shared ? "shared" : "private");
	fz_expect(p == MAP_FAILED ? -1 : 0, want, 0, what);
	if (p != MAP_FAILED)
		fz_map_add(s, p, off, len, prot, shared);
}

static inline void fz_map_drop(int m)
{
	fz_obj_ref(fz.maps[m].obj, -1);
	fz.maps[m].addr = NULL;
	fz_obj_collect();
}

/* munmap of all of a mapping, its head, its tail or its middle (a split). */
static inline void fz_op_munmap(void)
{
	int m = fz_pick_map(0), n, how = (int)fz_below(4);
	struct fz_map *mp;
	uint64_t pages, a, k;

	if (m < 0)
		return;
	mp = &fz.maps[m];
	pages = mp->len / FZ_PAGE;
	n = pages >= 3 && how == 3 ? fz_free_map_slot() : 0;	/* a split needs a slot */
	if (pages < 3 || how == 0 || n < 0) {
		fz_expect(munmap(mp->addr, mp->len), 0, 0, "munmap of a whole mapping");
		fz_map_drop(m);
		return;
	}
	a = 1 + fz_below(pages - 2);		/* pages kept before the hole */
	k = 1 + fz_below(pages - a - 1);	/* pages unmapped */
	if (how == 1) {				/* the head */
		fz_expect(munmap(mp->addr, a * FZ_PAGE), 0, 0, "munmap of a mapping's head");
		mp->addr += a * FZ_PAGE;
		mp->off += a * FZ_PAGE;
		mp->len -= a * FZ_PAGE;
	} else if (how == 2) {			/* the tail */
		fz_expect(munmap(mp->addr + a * FZ_PAGE, mp->len - a * FZ_PAGE), 0, 0,
			  "munmap of a mapping's tail");
		mp->len = a * FZ_PAGE;
	} else {
		fz_expect(munmap(mp->addr + a * FZ_PAGE, k * FZ_PAGE), 0, 0,
			  "munmap of a mapping's middle");
		fz.maps[n] = *mp;
		fz.maps[n].addr = mp->addr + (a + k) * FZ_PAGE;
		fz.maps[n].off = mp->off + (a + k) * FZ_PAGE;
		fz.maps[n].len = mp->len - (a + k) * FZ_PAGE;
		fz_obj_ref(mp->obj, 1);
		mp->len = a * FZ_PAGE;
	}
}

/* mremap: shrink (ok), grow (EFAULT: VM_DONTEXPAND), move (ok), DONTUNMAP (EINVAL). */
static inline void fz_op_mremap(void)
{
	int m = fz_pick_map(0), how = (int)fz_below(4);
	struct fz_map *mp;
	void *p, *to;

	if (m < 0)
		return;
	mp = &fz.maps[m];
	if (how == 0 && mp->len > FZ_PAGE) {
		size_t len = FZ_PAGE * (1 + fz_below(mp->len / FZ_PAGE - 1));

		p = mremap(mp->addr, mp->len, len, 0);
		if (!fz_expect(p == MAP_FAILED ? -1 : 0, 0, 0, "mremap shrinking"))
			mp->len = len;
		return;
	}
	if (how == 1) {
		p = mremap(mp->addr, mp->len, mp->len + FZ_PAGE, fz_one_in(2) ? MREMAP_MAYMOVE : 0);
		fz_expect(p == MAP_FAILED ? -1 : 0, EFAULT, 0, "mremap growing");
		return;
	}
	to = mmap(NULL, mp->len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (to == MAP_FAILED)
		return;
	if (how == 2) {
		p = mremap(mp->addr, mp->len, mp->len, MREMAP_MAYMOVE | MREMAP_FIXED, to);
		/* several VMAs: EFAULT ("split" means "may be": flags that did not change) */
		if (!fz_expect(p == MAP_FAILED ? -1 : 0, 0, mp->split ? EFAULT : 0, "mremap moving"))
			mp->addr = p;
		else
			munmap(to, mp->len);
		return;
	}
	p = mremap(mp->addr, mp->len, mp->len, MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP,
		   to);
	fz_expect(p == MAP_FAILED ? -1 : 0, EINVAL, mp->split ? EFAULT : 0, "mremap DONTUNMAP");
	if (p == MAP_FAILED)
		munmap(to, mp->len);
}

static inline void fz_op_mprotect(void)
{
	static const int prots[] = { PROT_NONE, PROT_READ, PROT_WRITE, PROT_READ | PROT_WRITE };
	int m = fz_pick_map(0), prot = prots[fz_below(4)], want;
	char what[64];

	if (m < 0)
		return;
	want = (prot & PROT_WRITE) && !fz.maps[m].shared ? EACCES : 0;
	snprintf(what, sizeof(what), "mprotect %d -> %d", fz.maps[m].prot, prot);
	if (!fz_expect(mprotect(fz.maps[m].addr, fz.maps[m].len, prot), want, 0, what))
		fz.maps[m].prot = prot;
}

/* madvise: the advice that cannot change data; afterwards the data is checked. */
static inline void fz_op_madvise(void)
{
	static const int advice[] = { MADV_DONTNEED, MADV_DONTNEED, MADV_NORMAL, MADV_RANDOM,
				      MADV_SEQUENTIAL, MADV_DONTFORK, MADV_DOFORK, MADV_WILLNEED,
				      MADV_COLD, MADV_PAGEOUT, MADV_MERGEABLE, MADV_FREE };
	int m = fz_pick_map(0), i = (int)fz_below(FZ_ARRAY(advice)), ret;
	struct fz_map *mp;
	uint64_t a, n;
	char what[64];

	if (m < 0)
		return;
	mp = &fz.maps[m];
	a = FZ_PAGE * fz_below(mp->len / FZ_PAGE);
	n = i == 5 || i == 6 ? mp->len - a : FZ_PAGE * (1 + fz_below((mp->len - a) / FZ_PAGE));
	if (i == 5 || i == 6)
		a = 0, n = mp->len;	/* the whole mapping: one flag for it */
	ret = madvise(mp->addr + a, n, advice[i]);
	snprintf(what, sizeof(what), "madvise %d on 0x%llx+0x%llx", advice[i],
		 (unsigned long long)a, (unsigned long long)n);
	if (i < 6)
		fz_expect(ret, 0, 0, what);
	else if (i == 6)
		fz_expect(ret, mp->page_mode ? 0 : EINVAL, 0, what);	/* VM_IO: EINVAL */
	else
		fz_note(ret, what);
	/* a part's read-ahead flags may have changed (MADV_NORMAL too, after
	 * MADV_RANDOM on the whole): VMAs of their own */
	if (!ret && i >= 2 && i <= 4 && n < mp->len)
		mp->split = 1;
	if (!ret && i == 5)
		mp->dontfork = 1;
	if (!ret && i == 6)
		mp->dontfork = 0;
	if (mp->prot & PROT_READ)
		fz_data_check(mp->addr + a, mp->obj, mp->off + a, n, what);
}

/* A random range of a mapping: [*a, *a + *n), at most 64 KiB. */
static inline void fz_map_range(const struct fz_map *mp, uint64_t *a, uint64_t *n)
{
	uint64_t max;

	*a = fz_one_in(4) ? FZ_PAGE * fz_below(mp->len / FZ_PAGE) : fz_below(mp->len);
	max = mp->len - *a;
	*n = 1 + fz_below(max < 65536 ? max : 65536);
}

static inline void fz_op_map_write(void)
{
	int m = fz_pick_map(PROT_WRITE);
	struct fz_map *mp;
	uint64_t a, n;

	if (m < 0)
		return;
	mp = &fz.maps[m];
	fz_map_range(mp, &a, &n);
	fz_rand_bytes(fz.scratch, n);
	memcpy(mp->addr + a, fz.scratch, n);
	memcpy(fz.obj[mp->obj].shadow + mp->off + a, fz.scratch, n);
	fz_log("write through mapping %d (object %d) 0x%llx+%llu", m, mp->obj,
	       (unsigned long long)a, (unsigned long long)n);
}

static inline void fz_op_map_read(void)
{
	int m = fz_pick_map(PROT_READ);
	struct fz_map *mp;
	uint64_t a, n;

	if (m < 0)
		return;
	mp = &fz.maps[m];
	fz_map_range(mp, &a, &n);
	fz_log("read through mapping %d (object %d) 0x%llx+%llu", m, mp->obj,
	       (unsigned long long)a, (unsigned long long)n);
	fz_data_check(mp->addr + a, mp->obj, mp->off + a, n, "a read through a mapping");
}

#endif
