/* SPDX-License-Identifier: GPL-2.0 */
#ifndef UDMABUF_BUFFER_H
#define UDMABUF_BUFFER_H

#include <linux/dma-direction.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/pgtable.h>
#include <linux/types.h>

/* The longest name of a buffer (its device node, heap, messages). */
#define UDMABUF_NAME_MAX	63

struct device;
struct page;
struct platform_device;
struct vm_area_struct;

/**
 * struct udmabuf_buffer - one physically contiguous DMA buffer
 * @ref: every holder (device node, mmap, dma-buf export, heap allocation)
 *	takes one; the memory is freed when the last one is dropped
 * @dma_dev: the device whose DMA API owns the memory (reference held)
 * @own_pdev: a platform device created only for this buffer, unregistered
 *	after the memory is freed (NULL when @dma_dev belongs to someone else)
 * @size: allocated size, page aligned
 * @page: first page; the memory is contiguous
 * @vaddr: kernel (linear-map) address
 * @dma_addr: address of the memory as @dma_dev sees it
 * @coherent: @dma_dev is cache-coherent: no cache maintenance at all
 * @tail_refs: we gave the tail pages of a non-compound allocation a
 *	reference each (see buffer.c) and take them back before freeing
 * @refcounted: every page carries its own reference, so pages can be
 *	mapped as struct pages (page mode) and pinned by get_user_pages
 * @held: in the list of released buffers whose pages someone else still
 *	references (buffer.c), freed once they are idle
 * @all: in the list of every buffer (buffer.c)
 * @orphaned: @dma_dev went away: no DMA API call reaches it any more
 * @link: for the holder of the only reference (the main heap's pool)
 *
 * Immutable after creation but for @ref, @orphaned, @held after the last
 * put, and @link.
 */
struct udmabuf_buffer {
	struct kref ref;
	struct device *dma_dev;
	struct platform_device *own_pdev;
	size_t size;
	struct page *page;
	void *vaddr;
	dma_addr_t dma_addr;
	bool coherent;
	bool tail_refs;
	bool refcounted;
	struct list_head held;
	struct list_head all;
	bool orphaned;
	struct list_head link;
};

/**
 * enum udmabuf_cache - CPU cache attributes of a mapping
 * @UDMABUF_CACHE_CACHED: write-back, cache maintenance through sync
 * @UDMABUF_CACHE_UNCACHED: pgprot_noncached()
 * @UDMABUF_CACHE_WRITECOMBINE: pgprot_writecombine()
 * @UDMABUF_CACHE_DMA_COHERENT: what the DMA API's coherent mmap gives:
 *	cached on a coherent device, pgprot_dmacoherent() otherwise
 */
enum udmabuf_cache {
	UDMABUF_CACHE_CACHED,
	UDMABUF_CACHE_UNCACHED,
	UDMABUF_CACHE_WRITECOMBINE,
	UDMABUF_CACHE_DMA_COHERENT,
};

/**
 * struct udmabuf_buffer_spec - what to allocate
 * @dma_dev: the device whose DMA API provides the memory
 * @size: bytes
 * @name: the buffer's name, for messages
 * @region_base: when @region_size is not 0, the memory must lie in the
 *	physical range [@region_base, @region_base + @region_size) (the
 *	device's reserved-memory pool)
 * @region_size: see @region_base
 * @user: a request from user space: a failure to allocate is logged as a
 *	notice, not an error
 * @own_pdev: @dma_dev is this platform device, created for the buffer alone
 *	(udmabuf_pdev_create()); the buffer unregisters it once freed, the
 *	caller still does if the allocation fails
 */
struct udmabuf_buffer_spec {
	struct device *dma_dev;
	size_t size;
	const char *name;
	phys_addr_t region_base;
	u64 region_size;
	bool user;
	struct platform_device *own_pdev;
};

struct udmabuf_buffer *udmabuf_buffer_alloc(const struct udmabuf_buffer_spec *spec);
void udmabuf_buffer_get(struct udmabuf_buffer *buf);
void udmabuf_buffer_put(struct udmabuf_buffer *buf);
struct page *udmabuf_buffer_page(struct udmabuf_buffer *buf, unsigned long n);
void udmabuf_buffer_sync_for_cpu(struct udmabuf_buffer *buf, u64 offset, size_t size,
				 enum dma_data_direction dir);
void udmabuf_buffer_sync_for_device(struct udmabuf_buffer *buf, u64 offset, size_t size,
				    enum dma_data_direction dir);
void udmabuf_buffer_stats(unsigned long *buffers, u64 *bytes);
void udmabuf_buffers_exit(void);
void udmabuf_buffers_orphan(struct device *dev);
bool udmabuf_buffer_gone(struct udmabuf_buffer *buf);
bool udmabuf_buffer_sole(struct udmabuf_buffer *buf);
void udmabuf_buffer_zero(struct udmabuf_buffer *buf);

/* pdev.c */
struct platform_device *udmabuf_pdev_create(const char *name, int id, int mask_bits,
					    const char *who, bool user);

/* mmap.c */
pgprot_t udmabuf_buffer_pgprot(struct udmabuf_buffer *buf, pgprot_t prot,
			       enum udmabuf_cache cache);
bool udmabuf_buffer_cached(struct udmabuf_buffer *buf, enum udmabuf_cache cache);
int udmabuf_buffer_mmap(struct udmabuf_buffer *buf, struct vm_area_struct *vma,
			u64 offset, size_t size, enum udmabuf_cache cache, bool pages,
			struct device *who);

#endif
