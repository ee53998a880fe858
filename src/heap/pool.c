// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: the main heap's pool of zeroed buffers (heap_pool_size).
 *
 * A released allocation whose buffer nobody else holds enters the pool, if
 * it has room, instead of going back to the DMA API: first on the dirty
 * list; a work item zeroes it (udmabuf_buffer_zero(): the state fresh
 * memory is in) and files it in the bin of its page count. An allocation
 * takes a clean buffer of exactly its size, else zeroes a dirty one of that
 * size itself, else gets fresh memory: a buffer is never handed out before
 * it was zeroed after its last use. A shrinker gives pooled memory back
 * under memory pressure, and udmabuf_pool_destroy() all of it.
 *
 * Bins are few: each holds at least one buffer, and their page counts
 * differ and add up to at most the pool's pages.
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "compat.h"
#include "heap/heap.h"

/*
 * The worker starts a jiffy after a release rather than at once: waking a
 * worker on another CPU from the release, which runs in close(), cost
 * that close() about as much as the pool saves at 1 MiB (allocate+close
 * after idling at 0.5-0.7x the CMA heap's, 0.25-0.28x when delayed, in
 * bench/heap.sh). Allocations meanwhile zero a dirty buffer of their size
 * themselves.
 */
#define UDMABUF_POOL_ZERO_DELAY	1

/* The clean buffers of one page count. */
struct udmabuf_pool_bin {
	struct list_head node;		/* in udmabuf_pool.clean */
	size_t size;
	struct list_head bufs;
};

/* The bytes in the pool change; under pool->lock. */
static void udmabuf_pool_account(struct udmabuf_pool *pool, size_t add, size_t sub)
{
	WRITE_ONCE(pool->bytes, pool->bytes + add - sub);
}

/* The bin of buffers of @size bytes, or NULL; under pool->lock. */
static struct udmabuf_pool_bin *udmabuf_pool_bin(struct udmabuf_pool *pool, size_t size)
{
	struct udmabuf_pool_bin *bin;

	list_for_each_entry(bin, &pool->clean, node)
		if (bin->size == size)
			return bin;
	return NULL;
}

/* Takes a buffer out of @bin, and the bin out when it empties; under pool->lock. */
static struct udmabuf_buffer *udmabuf_pool_bin_take(struct udmabuf_pool *pool,
						    struct udmabuf_pool_bin *bin)
{
	struct udmabuf_buffer *buf = list_first_entry(&bin->bufs, struct udmabuf_buffer, link);

	list_del(&buf->link);
	udmabuf_pool_account(pool, 0, buf->size);
	if (list_empty(&bin->bufs)) {
		list_del(&bin->node);
		kfree(bin);
	}
	return buf;
}

/*
 * Files a zeroed buffer among the clean ones, in a new bin from *@spare
 * (allocated outside the lock) when its size has none; false when the pool
 * is closing, the shrinker ran since @shrinks was read, or there was no
 * spare bin. Under pool->lock.
 */
static bool udmabuf_pool_file(struct udmabuf_pool *pool, struct udmabuf_buffer *buf,
			      unsigned long shrinks, struct udmabuf_pool_bin **spare)
{
	struct udmabuf_pool_bin *bin;

	if (pool->closed || pool->shrinks != shrinks)
		return false;
	bin = udmabuf_pool_bin(pool, buf->size);
	if (!bin) {
		bin = *spare;
		if (!bin)
			return false;
		*spare = NULL;
		bin->size = buf->size;
		INIT_LIST_HEAD(&bin->bufs);
		list_add(&bin->node, &pool->clean);
	}
	list_add_tail(&buf->link, &bin->bufs);
	return true;
}

/* The next dirty buffer to zero, out of the list, or NULL; under pool->lock. */
static struct udmabuf_buffer *udmabuf_pool_next_dirty(struct udmabuf_pool *pool)
{
	struct udmabuf_buffer *buf;

	if (pool->closed)
		return NULL;
	buf = list_first_entry_or_null(&pool->dirty, struct udmabuf_buffer, link);
	if (buf)
		list_del(&buf->link);
	return buf;
}

/*
 * The work item: zeroes dirty buffers one at a time, without the lock, so
 * allocations and the shrinker go on meanwhile. A buffer being zeroed is in
 * no list but still counted in the pool's bytes; if the shrinker ran
 * meanwhile, it is freed once zeroed.
 */
static void udmabuf_pool_work(struct work_struct *work)
{
	struct udmabuf_pool *pool = container_of(to_delayed_work(work), struct udmabuf_pool, work);
	struct udmabuf_pool_bin *spare = NULL;
	struct udmabuf_buffer *buf;
	unsigned long shrinks;
	bool filed;

	for (;;) {
		if (!spare)
			spare = kmalloc(sizeof(*spare), GFP_KERNEL);
		mutex_lock(&pool->lock);
		buf = udmabuf_pool_next_dirty(pool);
		shrinks = pool->shrinks;
		mutex_unlock(&pool->lock);
		if (!buf)
			break;
		udmabuf_buffer_zero(buf);
		mutex_lock(&pool->lock);
		filed = udmabuf_pool_file(pool, buf, shrinks, &spare);
		if (!filed)
			udmabuf_pool_account(pool, 0, buf->size);
		mutex_unlock(&pool->lock);
		if (!filed)
			udmabuf_buffer_put(buf);
		cond_resched();
	}
	kfree(spare);
}

/* A dirty buffer of @size bytes, out of the list, or NULL; under pool->lock. */
static struct udmabuf_buffer *udmabuf_pool_take_dirty(struct udmabuf_pool *pool, size_t size)
{
	struct udmabuf_buffer *buf;

	list_for_each_entry(buf, &pool->dirty, link) {
		if (buf->size == size) {
			list_del(&buf->link);
			udmabuf_pool_account(pool, 0, size);
			return buf;
		}
	}
	return NULL;
}

/**
 * udmabuf_pool_get() - take a zeroed buffer of a size out of the pool
 * @pool: the pool
 * @size: bytes, page aligned
 *
 * A clean buffer if there is one; else a dirty one, zeroed here (which
 * costs less than fresh memory, zeroed too). May sleep.
 *
 * Return: a buffer of exactly @size bytes with one reference, as
 * udmabuf_buffer_alloc() returns it, or NULL when the pool has none.
 */
struct udmabuf_buffer *udmabuf_pool_get(struct udmabuf_pool *pool, size_t size)
{
	struct udmabuf_buffer *buf = NULL;
	struct udmabuf_pool_bin *bin;

	if (!pool->size || size > pool->size)
		return NULL;
	mutex_lock(&pool->lock);
	bin = udmabuf_pool_bin(pool, size);
	if (bin) {
		buf = udmabuf_pool_bin_take(pool, bin);
		mutex_unlock(&pool->lock);
		return buf;
	}
	buf = udmabuf_pool_take_dirty(pool, size);
	mutex_unlock(&pool->lock);
	if (buf)
		udmabuf_buffer_zero(buf);
	return buf;
}

/**
 * udmabuf_pool_put() - give a released buffer to the pool
 * @pool: the pool
 * @buf: the buffer; the caller's reference is handed over
 *
 * The buffer enters the pool when nobody else holds it or its pages and
 * the pool has room for it; otherwise the reference is dropped (which may
 * free it). May sleep.
 */
void udmabuf_pool_put(struct udmabuf_pool *pool, struct udmabuf_buffer *buf)
{
	bool pooled = false;

	if (pool->size && udmabuf_buffer_sole(buf)) {
		mutex_lock(&pool->lock);
		if (!pool->closed && buf->size <= pool->size - pool->bytes) {
			list_add_tail(&buf->link, &pool->dirty);
			udmabuf_pool_account(pool, buf->size, 0);
			queue_delayed_work(system_unbound_wq, &pool->work,
					   UDMABUF_POOL_ZERO_DELAY);
			pooled = true;
		}
		mutex_unlock(&pool->lock);
	}
	if (!pooled)
		udmabuf_buffer_put(buf);
}

/**
 * udmabuf_pool_bytes() - bytes in a pool
 * @pool: the pool
 *
 * Return: the bytes of its dirty, clean and being-zeroed buffers.
 */
size_t udmabuf_pool_bytes(struct udmabuf_pool *pool)
{
	return READ_ONCE(pool->bytes);
}

/*
 * Moves buffers of at least @pages pages (dirty ones first: they cost a
 * zeroing to reuse) onto @victims; returns their pages. Under pool->lock.
 */
static unsigned long udmabuf_pool_evict(struct udmabuf_pool *pool, unsigned long pages,
					struct list_head *victims)
{
	struct udmabuf_pool_bin *bin;
	struct udmabuf_buffer *buf;
	unsigned long freed = 0;

	while (freed < pages) {
		buf = list_first_entry_or_null(&pool->dirty, struct udmabuf_buffer, link);
		if (buf) {
			list_del(&buf->link);
			udmabuf_pool_account(pool, 0, buf->size);
		} else {
			bin = list_first_entry_or_null(&pool->clean, struct udmabuf_pool_bin, node);
			if (!bin)
				break;
			buf = udmabuf_pool_bin_take(pool, bin);
		}
		list_add_tail(&buf->link, victims);
		freed += buf->size >> PAGE_SHIFT;
	}
	return freed;
}

/* Frees evicted buffers, outside the lock (freeing may sleep). */
static void udmabuf_pool_free_list(struct list_head *victims)
{
	struct udmabuf_buffer *buf, *tmp;

	list_for_each_entry_safe(buf, tmp, victims, link) {
		list_del(&buf->link);
		udmabuf_buffer_put(buf);
	}
}

static unsigned long udmabuf_pool_count(struct shrinker *s, struct shrink_control *sc)
{
	struct udmabuf_pool *pool = udmabuf_shrinker_data(s);

	return udmabuf_pool_bytes(pool) >> PAGE_SHIFT;
}

/*
 * Reclaim may run inside an allocation made by someone holding the lock:
 * only try it. Objects are pages.
 */
static unsigned long udmabuf_pool_scan(struct shrinker *s, struct shrink_control *sc)
{
	struct udmabuf_pool *pool = udmabuf_shrinker_data(s);
	LIST_HEAD(victims);
	unsigned long freed;

	if (!mutex_trylock(&pool->lock))
		return SHRINK_STOP;
	pool->shrinks++;
	freed = udmabuf_pool_evict(pool, sc->nr_to_scan, &victims);
	mutex_unlock(&pool->lock);
	udmabuf_pool_free_list(&victims);
	return freed ? freed : SHRINK_STOP;
}

/**
 * udmabuf_pool_init() - set up a pool
 * @pool: the pool, zeroed
 * @size: most bytes it may hold, page aligned; 0 for no pool
 *
 * Return: 0, or -ENOMEM when the shrinker cannot be registered.
 */
int udmabuf_pool_init(struct udmabuf_pool *pool, size_t size)
{
	mutex_init(&pool->lock);
	INIT_LIST_HEAD(&pool->dirty);
	INIT_LIST_HEAD(&pool->clean);
	INIT_DELAYED_WORK(&pool->work, udmabuf_pool_work);
	pool->size = size;
	if (!size)
		return 0;
	pool->shrinker = udmabuf_shrinker_create("u-dma-buf-pool", udmabuf_pool_count,
						 udmabuf_pool_scan, pool);
	return pool->shrinker ? 0 : -ENOMEM;
}

/**
 * udmabuf_pool_destroy() - free every buffer of a pool
 * @pool: the pool, initialized
 *
 * Buffers given to udmabuf_pool_put() later are freed at once. May sleep.
 */
void udmabuf_pool_destroy(struct udmabuf_pool *pool)
{
	LIST_HEAD(victims);

	if (!pool->size)
		return;
	udmabuf_shrinker_destroy(pool->shrinker);
	mutex_lock(&pool->lock);
	pool->closed = true;
	mutex_unlock(&pool->lock);
	/* The work item frees what it is zeroing and takes no more. */
	cancel_delayed_work_sync(&pool->work);
	mutex_lock(&pool->lock);
	udmabuf_pool_evict(pool, ULONG_MAX, &victims);
	mutex_unlock(&pool->lock);
	udmabuf_pool_free_list(&victims);
}
