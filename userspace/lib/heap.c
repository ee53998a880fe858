// SPDX-License-Identifier: MIT
/*
 * libudmabuf: dma-buf heaps. An open /dev/dma_heap/<name> (struct
 * udmabuf_heap) and allocation from it, and the nodes udmabuf_heap_alloc()
 * keeps open so that an allocation by name costs what it costs on a node
 * the program keeps open itself: DMA_HEAP_IOCTL_ALLOC, and on a u-dma-buf
 * heap U_DMA_BUF_HEAP_IOCTL_DMA_ADDR, which gives the size too.
 *
 * The kept nodes are a list of heaps, one per name (as the caller spells
 * it; the path is worked out on first use) and access mode, each holding a
 * reference for the list. It only grows, but for a node that went away: an
 * allocation that fails checks whether the fd or the path still lead to
 * the node that was opened, and if not opens the path again (a sub-heap
 * deleted and created again, or an fd someone else closed). The list's
 * lock is held around fork(), so a child finds it unlocked.
 *
 * Each thread also keeps the last kept heap it allocated from by name,
 * with a reference of its own, so that allocations by name in a loop take
 * no lock and touch no shared counter (under TCG that was 2% of a 64 KiB
 * allocation). ub_kept_gen moves on whenever a heap leaves the list, and a
 * thread's cache from an older generation is dropped at its next use; the
 * reference goes at the thread's exit (ub_cache_key's destructor).
 */
#include "internal.h"

#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/dma-heap.h>

enum ub_heap_kind {
	UB_HEAP_UNKNOWN,	/* no buffer allocated yet */
	UB_HEAP_OURS,		/* answers U_DMA_BUF_HEAP_IOCTL_DMA_ADDR */
	UB_HEAP_OTHER,		/* another driver's: size from lseek, no address */
};

struct udmabuf_heap {
	atomic_int refs;
	int fd;
	int access;		/* O_RDONLY, O_WRONLY or O_RDWR */
	atomic_int kind;	/* enum ub_heap_kind */
	atomic_bool fd_lost;	/* fd is no longer ours: never close it */
	dev_t node_dev;		/* the node opened, to notice it replaced */
	ino_t node_ino;
	struct udmabuf_heap *next;	/* the kept nodes */
	const char *name;	/* as given (in messages, and the list's key) */
	char path[];		/* followed by the name */
};

static pthread_mutex_t ub_kept_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t ub_kept_once = PTHREAD_ONCE_INIT;
static struct udmabuf_heap *ub_kept;
static atomic_uint ub_kept_gen;

static pthread_key_t ub_cache_key;
static bool ub_cache_key_ok;
static __thread struct {
	struct udmabuf_heap *h;
	unsigned int gen;
} ub_cache;

static void ub_kept_prefork(void)
{
	pthread_mutex_lock(&ub_kept_lock);
}

static void ub_kept_postfork(void)
{
	pthread_mutex_unlock(&ub_kept_lock);
}

static void ub_cache_exit(void *h);

static void ub_kept_init(void)
{
	pthread_atfork(ub_kept_prefork, ub_kept_postfork, ub_kept_postfork);
	ub_cache_key_ok = !pthread_key_create(&ub_cache_key, ub_cache_exit);
}

/* No destructor may run once the library is unloaded. */
__attribute__((destructor)) static void ub_kept_fini(void)
{
	if (ub_cache_key_ok)
		pthread_key_delete(ub_cache_key);
}

static void ub_heap_get(struct udmabuf_heap *h)
{
	atomic_fetch_add(&h->refs, 1);
}

UB_EXPORT void udmabuf_heap_close(struct udmabuf_heap *h)
{
	if (!h || atomic_fetch_sub(&h->refs, 1) != 1)
		return;
	if (!atomic_load(&h->fd_lost))
		close(h->fd);
	free(h);
}

UB_EXPORT int udmabuf_heap_fd(const struct udmabuf_heap *h)
{
	return h->fd;
}

static bool ub_same_node(const struct udmabuf_heap *h, const struct stat *st)
{
	return st->st_dev == h->node_dev && st->st_ino == h->node_ino;
}

/* The node of HEAP (a name, a path or NULL) in PATH; -errno. */
static int ub_heap_path(const char *heap, char *path, size_t size)
{
	int err;

	if (!heap)
		heap = UB_MAIN_HEAP;
	if (strchr(heap, '/')) {
		if (strlen(heap) >= size)
			return ub_err(ENAMETOOLONG, "heap %.40s...: path too long", heap);
		strcpy(path, heap);
		return 0;
	}
	err = ub_check_name("heap", heap);
	if (err)
		return err;
	if (ub_path(path, size, UB_HEAP_DIR "/%s", heap))
		return ub_err(ENAMETOOLONG, "heap %s: path too long", heap);
	return 0;
}

/* A new heap NAME, its node at PATH opened for ACCESS. */
static int ub_heap_new(const char *name, const char *path, int access,
		       struct udmabuf_heap **out)
{
	size_t len = strlen(path) + 1, name_len = strlen(name) + 1;
	struct udmabuf_heap *h;
	struct stat st;
	int fd;

	fd = open(path, access | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		return ub_err(ENOENT, "heap %s: no %s", name, path);
	if (fd < 0)
		return ub_err(errno, "heap %s: cannot open %s: %s", name, path, strerror(errno));
	if (fstat(fd, &st)) {
		int e = errno;

		close(fd);
		return ub_err(e, "heap %s: fstat %s: %s", name, path, strerror(e));
	}
	h = calloc(1, sizeof(*h) + len + name_len);
	if (!h) {
		close(fd);
		return ub_err(ENOMEM, "heap %s: out of memory", name);
	}
	atomic_init(&h->refs, 1);
	atomic_init(&h->kind, UB_HEAP_UNKNOWN);
	atomic_init(&h->fd_lost, false);
	h->fd = fd;
	h->access = access;
	h->node_dev = st.st_dev;
	h->node_ino = st.st_ino;
	memcpy(h->path, path, len);
	h->name = memcpy(h->path + len, name, name_len);
	*out = h;
	return 0;
}

static int ub_check_open_flags(int flags)
{
	if (flags & ~(O_ACCMODE | O_CLOEXEC) || (flags & O_ACCMODE) == O_ACCMODE)
		return ub_err(EINVAL, "heap open: flags 0x%x: only O_RDONLY, O_WRONLY, O_RDWR "
			      "and O_CLOEXEC", (unsigned int)flags);
	return 0;
}

UB_EXPORT int udmabuf_heap_open(const char *heap, int flags, struct udmabuf_heap **out)
{
	char path[PATH_MAX];
	int err;

	*out = NULL;
	err = ub_check_open_flags(flags);
	if (!err)
		err = ub_heap_path(heap, path, sizeof(path));
	if (err)
		return err;
	return ub_heap_new(heap ? heap : UB_MAIN_HEAP, path, flags & O_ACCMODE, out);
}

static int ub_check_alloc(uint64_t size, int flags)
{
	if (flags & ~(O_ACCMODE | O_CLOEXEC) || (flags & O_ACCMODE) == O_ACCMODE)
		return ub_err(EINVAL, "heap alloc: flags 0x%x: only O_RDONLY, O_WRONLY, O_RDWR "
			      "and O_CLOEXEC", (unsigned int)flags);
	if (!size)
		return ub_err(EINVAL, "heap alloc: size 0");
	return 0;
}

/* Whether a node opened for ACCESS may hand out buffers of access WANT. */
static bool ub_access_covers(int access, int want)
{
	return access == O_RDWR || access == want;
}

/* The buffer's address and size: one ioctl on our heaps, lseek on others. */
static void ub_heap_buffer_facts(struct udmabuf_heap *h, int fd, uint64_t asked,
				 uint64_t *addr, uint64_t *size)
{
	uint64_t pg = (uint64_t)ub_page_size();
	int kind = atomic_load_explicit(&h->kind, memory_order_relaxed);
	int err = -EINVAL;
	off_t end;

	if (kind != UB_HEAP_OTHER)
		err = ub_heap_dma_addr(h->fd, fd, addr, size, NULL);
	if (!err) {
		atomic_store_explicit(&h->kind, UB_HEAP_OURS, memory_order_relaxed);
		return;
	}
	if (err == -EINVAL || err == -ENOTTY)
		atomic_store_explicit(&h->kind, UB_HEAP_OTHER, memory_order_relaxed);
	*addr = UDMABUF_NO_ADDR;
	end = lseek(fd, 0, SEEK_END);
	*size = end > 0 ? (uint64_t)end : (asked + pg - 1) / pg * pg;
}

/* DMA_HEAP_IOCTL_ALLOC on H and the new dma-buf's object. */
static int ub_heap_alloc(struct udmabuf_heap *h, uint64_t size, int flags,
			 struct udmabuf_dmabuf **out)
{
	struct dma_heap_allocation_data a = { .len = size,
					      .fd_flags = (uint32_t)(flags | O_CLOEXEC) };
	uint64_t addr, len;

	if (ioctl(h->fd, DMA_HEAP_IOCTL_ALLOC, &a))
		return ub_err(errno, "%s: allocate %llu bytes: %s", h->path,
			      (unsigned long long)size, strerror(errno));
	ub_heap_buffer_facts(h, (int)a.fd, size, &addr, &len);
	return ub_buf_new((int)a.fd, len, addr, out);
}

UB_EXPORT int udmabuf_heap_alloc_from(struct udmabuf_heap *h, uint64_t size, int flags,
				      struct udmabuf_dmabuf **out)
{
	int err;

	*out = NULL;
	err = ub_check_alloc(size, flags);
	if (err)
		return err;
	if (!ub_access_covers(h->access, flags & O_ACCMODE))
		return ub_err(EACCES, "%s: flags 0x%x ask for more access than the heap was "
			      "opened with (%s)", h->path, (unsigned int)flags,
			      h->access == O_RDONLY ? "O_RDONLY" : "O_WRONLY");
	return ub_heap_alloc(h, size, flags, out);
}

/* The kept heap NAME for ACCESS, with a reference; NULL if none. */
static struct udmabuf_heap *ub_kept_find(const char *name, int access)
{
	struct udmabuf_heap *h;

	for (h = ub_kept; h; h = h->next) {
		if (h->access == access && !strcmp(h->name, name)) {
			ub_heap_get(h);
			return h;
		}
	}
	return NULL;
}

/* The kept heap NAME for ACCESS, opened on first use; a reference. */
static int ub_kept_get(const char *name, int access, struct udmabuf_heap **out)
{
	struct udmabuf_heap *fresh;
	char path[PATH_MAX];
	int err;

	pthread_once(&ub_kept_once, ub_kept_init);
	pthread_mutex_lock(&ub_kept_lock);
	*out = ub_kept_find(name, access);
	pthread_mutex_unlock(&ub_kept_lock);
	if (*out)
		return 0;
	err = ub_heap_path(name, path, sizeof(path));	/* not under the lock */
	if (!err)
		err = ub_heap_new(name, path, access, &fresh);
	if (err)
		return err;
	pthread_mutex_lock(&ub_kept_lock);
	*out = ub_kept_find(name, access);
	if (!*out) {
		fresh->next = ub_kept;
		ub_kept = fresh;
		ub_heap_get(fresh);
		*out = fresh;
		fresh = NULL;
	}
	pthread_mutex_unlock(&ub_kept_lock);
	udmabuf_heap_close(fresh);	/* another thread kept one first */
	return 0;
}

/* Takes H off the kept list (if it is still there) and drops its reference. */
static void ub_kept_drop(struct udmabuf_heap *h)
{
	struct udmabuf_heap **p;
	bool found = false;

	pthread_mutex_lock(&ub_kept_lock);
	for (p = &ub_kept; *p; p = &(*p)->next) {
		if (*p == h) {
			*p = h->next;
			found = true;
			break;
		}
	}
	atomic_fetch_add_explicit(&ub_kept_gen, 1, memory_order_release);
	pthread_mutex_unlock(&ub_kept_lock);
	if (found)
		udmabuf_heap_close(h);
}

static void ub_cache_exit(void *h)
{
	udmabuf_heap_close(h);
}

/*
 * Makes H (a reference, or NULL) this thread's cache and drops the old
 * one; false, and H left to the caller, when the thread key cannot hold it.
 */
static bool ub_cache_set(struct udmabuf_heap *h, unsigned int gen)
{
	struct udmabuf_heap *old = ub_cache.h;

	if (!ub_cache_key_ok || pthread_setspecific(ub_cache_key, h))
		return false;
	ub_cache.h = h;
	ub_cache.gen = gen;
	udmabuf_heap_close(old);
	return true;
}

/* This thread's kept heap NAME for ACCESS, borrowed; NULL if none. */
static struct udmabuf_heap *ub_cache_find(const char *name, int access)
{
	struct udmabuf_heap *h = ub_cache.h;

	if (!h || h->access != access || strcmp(h->name, name))
		return NULL;
	if (ub_cache.gen != atomic_load_explicit(&ub_kept_gen, memory_order_acquire)) {
		ub_cache_set(NULL, 0);	/* a heap left the list: maybe this one */
		return NULL;
	}
	return h;
}

/*
 * The kept heap NAME for ACCESS: this thread's cache, else the list's,
 * which becomes the cache. *OWNED is a reference for the caller to drop
 * when the cache could not take it, else NULL.
 */
static int ub_kept_borrow(const char *name, int access, struct udmabuf_heap **h,
			  struct udmabuf_heap **owned)
{
	unsigned int gen;
	int err;

	*owned = NULL;
	*h = ub_cache_find(name, access);
	if (*h)
		return 0;
	gen = atomic_load_explicit(&ub_kept_gen, memory_order_acquire);
	err = ub_kept_get(name, access, h);
	if (err)
		return err;
	if (!ub_cache_set(*h, gen))
		*owned = *h;
	return 0;
}

/*
 * After a failed allocation: whether H's fd or its path no longer lead to
 * the node H opened. An fd that does not is someone else's now: it is
 * never closed.
 */
static bool ub_heap_replaced(struct udmabuf_heap *h)
{
	struct stat st;

	if (fstat(h->fd, &st) || !ub_same_node(h, &st)) {
		atomic_store(&h->fd_lost, true);
		return true;
	}
	return stat(h->path, &st) || !ub_same_node(h, &st);
}

UB_EXPORT int udmabuf_heap_alloc(const char *heap, uint64_t size, int flags,
				 struct udmabuf_dmabuf **out)
{
	int access = (flags & O_ACCMODE) == O_RDONLY ? O_RDONLY : O_RDWR;
	const char *name = heap ? heap : UB_MAIN_HEAP;
	struct udmabuf_heap *h, *owned;
	int err, tries;

	*out = NULL;
	err = ub_check_alloc(size, flags);
	if (err)
		return err;
	for (tries = 0;; tries++) {
		err = ub_kept_borrow(name, access, &h, &owned);
		if (err)
			return err;
		err = ub_heap_alloc(h, size, flags, out);
		if (!err || tries || !ub_heap_replaced(h)) {
			udmabuf_heap_close(owned);
			return err;
		}
		ub_kept_drop(h);	/* open the path again */
		if (ub_cache.h == h)
			ub_cache_set(NULL, 0);
		udmabuf_heap_close(owned);
	}
}
