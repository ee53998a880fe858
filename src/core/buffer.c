// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: the buffer object, one physically contiguous DMA buffer.
 *
 * Memory comes from dma_alloc_pages(): write-back cacheable memory with real
 * struct pages, owned by the device until dma_sync_single_for_cpu() and
 * handed back by dma_sync_single_for_device(). That is the DMA API contract
 * that makes "cached CPU mapping + explicit sync" correct on non-coherent
 * ARM; dma_alloc_coherent() memory must not be mapped cacheable or synced.
 * See docs/ARCHITECTURE.md.
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/page_ref.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/vmstat.h>

#include "compat.h"
#include "core/buffer.h"

static atomic_long_t udmabuf_live_buffers = ATOMIC_LONG_INIT(0);
static atomic64_t udmabuf_live_bytes = ATOMIC64_INIT(0);

/**
 * udmabuf_buffer_stats() - buffers and bytes currently allocated
 * @buffers: number of live buffers
 * @bytes: their total allocated size
 */
void udmabuf_buffer_stats(unsigned long *buffers, u64 *bytes)
{
	*buffers = atomic_long_read(&udmabuf_live_buffers);
	*bytes = atomic64_read(&udmabuf_live_bytes);
}

struct page *udmabuf_buffer_page(struct udmabuf_buffer *buf, unsigned long n)
{
	return udmabuf_nth_page(buf->page, n);
}

/*
 * A failed allocation says which limit was most likely hit: the reserved
 * region's size, the page allocator's largest block when there is no CMA,
 * the free CMA memory, or a DMA mask that confines the buffer to low memory.
 */
static void udmabuf_explain_alloc_failure(const struct udmabuf_buffer_spec *spec)
{
	u64 cma_free = (u64)global_zone_page_state(NR_FREE_CMA_PAGES) << PAGE_SHIFT;
	u64 mask = dma_get_mask(spec->dma_dev);
	size_t size = spec->size;

	if (spec->region_size)
		pr_err("%s: cannot allocate %zu bytes inside the memory region %pa + 0x%llx: not enough free memory in it\n",
		       spec->name, size, &spec->region_base, spec->region_size);
	else if (size > UDMABUF_MAX_BUDDY_BYTES && !cma_free)
		pr_err("%s: cannot allocate %zu bytes: larger than the %llu-byte maximum contiguous block without CMA; boot with cma=<size> (CONFIG_DMA_CMA)\n",
		       spec->name, size, UDMABUF_MAX_BUDDY_BYTES);
	else if (size > UDMABUF_MAX_BUDDY_BYTES && size > cma_free)
		pr_err("%s: cannot allocate %zu bytes: only %llu bytes of CMA memory are free; raise cma= on the kernel command line\n",
		       spec->name, size, cma_free);
	else if (mask != DMA_BIT_MASK(64))
		pr_err("%s: cannot allocate %zu bytes below the DMA mask 0x%llx (contiguous or CMA memory there is exhausted or fragmented); a wider mask (dma_mask_bit=64) reaches more memory\n",
		       spec->name, size, mask);
	else
		pr_err("%s: cannot allocate %zu contiguous bytes: memory is exhausted or fragmented\n",
		       spec->name, size);
}

/*
 * A device whose CMA pool is full gets pages from the page allocator
 * instead, without a word: check that the memory is where it must be.
 */
static bool udmabuf_buffer_placed(struct udmabuf_buffer *buf,
				  const struct udmabuf_buffer_spec *spec)
{
	phys_addr_t start = page_to_phys(buf->page);

	return !spec->region_size ||
	       (start >= spec->region_base && start - spec->region_base < spec->region_size &&
		buf->size <= spec->region_size - (start - spec->region_base));
}

/*
 * Pages of a non-compound high-order allocation carry a reference count on
 * the first page only; CMA pages carry one each. Page-mode mappings
 * (vm_insert_page) and get_user_pages() take and drop a reference on every
 * page they touch, and a tail page at count 0 would be freed by the first
 * put_page(). So give every tail page the reference the first page has,
 * and take those back before the memory goes back to the DMA API.
 */
static void udmabuf_buffer_ref_pages(struct udmabuf_buffer *buf)
{
	unsigned long i, n = buf->size >> PAGE_SHIFT;

	if (page_count(buf->page) != 1)
		return;		/* not from the page allocator or CMA */
	if (n > 1 && !page_count(udmabuf_buffer_page(buf, 1))) {
		for (i = 1; i < n; i++)
			page_ref_inc(udmabuf_buffer_page(buf, i));
		buf->tail_refs = true;
	}
	buf->refcounted = true;
}

/*
 * Returns false when some page is still referenced by someone else, e.g. a
 * long-term get_user_pages() pin taken through a page-mode mapping that
 * outlived every mapping and file: such memory must not be freed.
 */
static bool udmabuf_buffer_unref_pages(struct udmabuf_buffer *buf)
{
	unsigned long i, n = buf->size >> PAGE_SHIFT;

	if (!buf->refcounted)
		return true;
	for (i = 0; i < n; i++)
		if (page_count(udmabuf_buffer_page(buf, i)) != 1)
			return false;
	if (buf->tail_refs)
		for (i = 1; i < n; i++)
			page_ref_dec(udmabuf_buffer_page(buf, i));
	return true;
}

/**
 * udmabuf_buffer_alloc() - allocate a contiguous DMA buffer
 * @spec: what to allocate; a reference on @spec->dma_dev is taken
 *
 * The memory is zeroed and clean in the caches. A failure is logged with
 * the limit that was hit.
 *
 * Return: the buffer with one reference, or an ERR_PTR().
 */
struct udmabuf_buffer *udmabuf_buffer_alloc(const struct udmabuf_buffer_spec *spec)
{
	struct device *dma_dev = spec->dma_dev;
	size_t size = spec->size;
	struct udmabuf_buffer *buf;

	if (!size)
		return ERR_PTR(-EINVAL);
	if (size > ((u64)totalram_pages() << PAGE_SHIFT)) {
		pr_err("%s: cannot allocate %zu bytes: the machine has %llu bytes of memory\n",
		       spec->name, size, (u64)totalram_pages() << PAGE_SHIFT);
		return ERR_PTR(-ENOMEM);
	}
	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	kref_init(&buf->ref);
	buf->size = PAGE_ALIGN(size);
	buf->page = dma_alloc_pages(dma_dev, buf->size, &buf->dma_addr, DMA_BIDIRECTIONAL,
				    GFP_KERNEL | __GFP_NOWARN);
	if (!buf->page) {
		udmabuf_explain_alloc_failure(spec);
		kfree(buf);
		return ERR_PTR(-ENOMEM);
	}
	/*
	 * A NULL page is how dma_alloc_pages() fails, but the DMA API debug
	 * code tracks the handle like a streaming mapping's, which must be
	 * checked: do so, or freeing it is reported as unchecked.
	 */
	if (dma_mapping_error(dma_dev, buf->dma_addr)) {
		pr_err("%s: cannot allocate %zu bytes: no DMA address\n", spec->name, size);
		goto err_free;
	}
	buf->vaddr = page_address(buf->page);
	if (!buf->vaddr) {
		pr_err("%s: cannot allocate %zu bytes: the allocator returned high memory\n",
		       spec->name, size);
		goto err_free;
	}
	if (!udmabuf_buffer_placed(buf, spec)) {
		udmabuf_explain_alloc_failure(spec);
		goto err_free;
	}
	buf->dma_dev = get_device(dma_dev);
	buf->coherent = dev_is_dma_coherent(dma_dev);
	udmabuf_buffer_ref_pages(buf);
	/* The allocator zeroed the memory through the cache. */
	udmabuf_buffer_sync_for_device(buf, 0, buf->size, DMA_BIDIRECTIONAL);

	atomic_long_inc(&udmabuf_live_buffers);
	atomic64_add(buf->size, &udmabuf_live_bytes);
	return buf;

err_free:
	dma_free_pages(dma_dev, buf->size, buf->page, buf->dma_addr, DMA_BIDIRECTIONAL);
	kfree(buf);
	return ERR_PTR(-ENOMEM);
}

static void udmabuf_buffer_release(struct kref *ref)
{
	struct udmabuf_buffer *buf = container_of(ref, struct udmabuf_buffer, ref);

	if (udmabuf_buffer_unref_pages(buf))
		dma_free_pages(buf->dma_dev, buf->size, buf->page, buf->dma_addr,
			       DMA_BIDIRECTIONAL);
	else
		dev_err(buf->dma_dev, "%zu bytes at %pad are still pinned by get_user_pages(); not freeing them\n",
			buf->size, &buf->dma_addr);
	atomic_long_dec(&udmabuf_live_buffers);
	atomic64_sub(buf->size, &udmabuf_live_bytes);
	put_device(buf->dma_dev);
	if (buf->own_pdev)
		platform_device_unregister(buf->own_pdev);
	kfree(buf);
}

/**
 * udmabuf_buffer_get() - take a reference on a buffer
 * @buf: the buffer
 */
void udmabuf_buffer_get(struct udmabuf_buffer *buf)
{
	kref_get(&buf->ref);
}

/**
 * udmabuf_buffer_put() - drop a reference; the last one frees the memory
 * @buf: the buffer
 *
 * May sleep.
 */
void udmabuf_buffer_put(struct udmabuf_buffer *buf)
{
	kref_put(&buf->ref, udmabuf_buffer_release);
}

/**
 * udmabuf_buffer_sync_for_cpu() - give a range to the CPU
 * @buf: the buffer
 * @offset: start of the range, bytes
 * @size: length of the range, bytes (the caller checked the bounds)
 * @dir: direction of the DMA that preceded
 *
 * Invalidates the CPU caches as needed; nothing at all on coherent devices.
 */
void udmabuf_buffer_sync_for_cpu(struct udmabuf_buffer *buf, u64 offset, size_t size,
				 enum dma_data_direction dir)
{
	if (!buf->coherent && size)
		dma_sync_single_for_cpu(buf->dma_dev, buf->dma_addr + offset, size, dir);
}

/**
 * udmabuf_buffer_sync_for_device() - give a range to the device
 * @buf: the buffer
 * @offset: start of the range, bytes
 * @size: length of the range, bytes (the caller checked the bounds)
 * @dir: direction of the DMA that follows
 *
 * Writes back the CPU caches as needed; nothing at all on coherent devices.
 */
void udmabuf_buffer_sync_for_device(struct udmabuf_buffer *buf, u64 offset, size_t size,
				    enum dma_data_direction dir)
{
	if (!buf->coherent && size)
		dma_sync_single_for_device(buf->dma_dev, buf->dma_addr + offset, size, dir);
}
