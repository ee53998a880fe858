/* SPDX-License-Identifier: GPL-2.0 */
#ifndef UDMABUF_HEAP_H
#define UDMABUF_HEAP_H

#include <linux/kref.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include "buffer/buffer.h"

struct dma_buf;
struct shrinker;
struct udmabuf_heap;

/**
 * struct udmabuf_heap_ops - what differs between heaps
 * @allocate: allocate @len bytes (page aligned, not 0), zeroed, and export
 *	them with @fd_flags; account with udmabuf_heap_charge()
 * @free: the heap's last reference is gone: free the heap
 * @groups: sysfs attributes of the heap's misc device
 */
struct udmabuf_heap_ops {
	struct dma_buf *(*allocate)(struct udmabuf_heap *heap, size_t len, u32 fd_flags);
	void (*free)(struct udmabuf_heap *heap);
	const struct attribute_group **groups;
};

/**
 * struct udmabuf_heap - one /dev/dma_heap/<name> node
 * @ref: held by the registration, each open file and each live allocation
 * @misc: the node (misc device "u-dma-buf-heap[.<name>]")
 * @ops: the kind of heap
 * @name: the node's name under /dev/dma_heap/
 * @misc_name: name of @misc
 * @node_name: "dma_heap/<name>"
 * @lock: protects the fields below and the kind's allocator state
 * @dead: the node was removed; no more allocations
 * @buffers: live allocations
 * @bytes: their bytes
 */
struct udmabuf_heap {
	struct kref ref;
	struct miscdevice misc;
	const struct udmabuf_heap_ops *ops;
	char name[UDMABUF_NAME_MAX + 1];
	char misc_name[UDMABUF_NAME_MAX + 16];
	char node_name[UDMABUF_NAME_MAX + 10];

	struct mutex lock;		/* see above */
	bool dead;
	unsigned long buffers;
	u64 bytes;
};

/* node.c */
int udmabuf_heap_register(struct udmabuf_heap *heap, const char *name,
			  const struct udmabuf_heap_ops *ops);
void udmabuf_heap_unregister(struct udmabuf_heap *heap);
int udmabuf_heap_charge(struct udmabuf_heap *heap, size_t size, u64 limit);
void udmabuf_heap_uncharge(struct udmabuf_heap *heap, size_t size);
void udmabuf_heap_release(void *heap, u64 offset, size_t size);
extern const struct attribute_group udmabuf_heap_usage_group;

/**
 * struct udmabuf_pool - released buffers kept zeroed for reuse (pool.c)
 * @size: most bytes the pool holds, page aligned; 0: no pool (immutable)
 * @lock: protects the fields below; innermost, never held across zeroing,
 *	freeing or an allocation that may reclaim
 * @bytes: bytes in the pool: dirty, being zeroed and clean (written under
 *	@lock, read without it by the shrinker and sysfs)
 * @closed: udmabuf_pool_destroy() began: no buffer enters any more
 * @shrinks: times the shrinker ran; a buffer zeroed meanwhile is freed,
 *	not kept, because the shrinker could not reach it
 * @dirty: buffers still to be zeroed, oldest first
 * @clean: zeroed buffers, in bins of one page count each
 * @work: zeroes the dirty buffers and files them among the clean ones, a
 *	jiffy after a release
 * @shrinker: frees pooled buffers under memory pressure
 */
struct udmabuf_pool {
	size_t size;
	struct mutex lock;		/* see above */
	size_t bytes;
	bool closed;
	unsigned long shrinks;
	struct list_head dirty;
	struct list_head clean;
	struct delayed_work work;
	struct shrinker *shrinker;
};

/* pool.c */
int udmabuf_pool_init(struct udmabuf_pool *pool, size_t size);
void udmabuf_pool_destroy(struct udmabuf_pool *pool);
struct udmabuf_buffer *udmabuf_pool_get(struct udmabuf_pool *pool, size_t size);
void udmabuf_pool_put(struct udmabuf_pool *pool, struct udmabuf_buffer *buf);
size_t udmabuf_pool_bytes(struct udmabuf_pool *pool);

/* main_heap.c: /dev/dma_heap/udmabuf */
int udmabuf_main_heap_init(void);
void udmabuf_main_heap_exit(void);

/* subheap.c: /dev/dma_heap/<device> */
struct udmabuf_heap *udmabuf_subheap_create(struct udmabuf_buffer *buf, const char *name,
					    enum udmabuf_cache cache, bool debug);

#endif
