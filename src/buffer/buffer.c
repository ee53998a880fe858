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
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/vmstat.h>
#include <linux/workqueue.h>

#include "compat.h"
#include "buffer/buffer.h"
#include "log.h"

/* Every buffer until it is freed, so a departing DMA device finds its own. */
static LIST_HEAD(udmabuf_buffers);
static DEFINE_MUTEX(udmabuf_buffers_lock);	/* udmabuf_buffers */

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
		udmabuf_cause_err(spec->user, "%s: cannot allocate %zu bytes inside the memory region %pa + 0x%llx: not enough free memory in it\n",
				  spec->name, size, &spec->region_base, spec->region_size);
	else if (size > UDMABUF_MAX_BUDDY_BYTES && !cma_free)
		udmabuf_cause_err(spec->user, "%s: cannot allocate %zu bytes: larger than the %llu-byte maximum contiguous block without CMA; boot with cma=<size> (CONFIG_DMA_CMA)\n",
				  spec->name, size, UDMABUF_MAX_BUDDY_BYTES);
	else if (size > UDMABUF_MAX_BUDDY_BYTES && size > cma_free)
		udmabuf_cause_err(spec->user, "%s: cannot allocate %zu bytes: only %llu bytes of CMA memory are free; raise cma= on the kernel command line\n",
				  spec->name, size, cma_free);
	else if (mask != DMA_BIT_MASK(64))
		udmabuf_cause_err(spec->user, "%s: cannot allocate %zu bytes below the DMA mask 0x%llx (contiguous or CMA memory there is exhausted or fragmented); a wider mask (dma_mask_bit=64) reaches more memory\n",
				  spec->name, size, mask);
	else
		udmabuf_cause_err(spec->user, "%s: cannot allocate %zu contiguous bytes: memory is exhausted or fragmented\n",
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
 * Whether only we reference the pages. Anyone else -- a pipe that got them
 * from vmsplice(), O_DIRECT or process_vm_readv() in flight, a long-term
 * get_user_pages() pin -- took its reference through a mapping, and once
 * every mapping is gone no new one can be taken: the counts only fall.
 */
static bool udmabuf_buffer_idle(struct udmabuf_buffer *buf)
{
	unsigned long i, n = buf->size >> PAGE_SHIFT;

	if (!buf->refcounted)
		return true;
	for (i = 0; i < n; i++)
		if (page_count(udmabuf_buffer_page(buf, i)) != 1)
			return false;
	return true;
}

static void udmabuf_buffer_unref_pages(struct udmabuf_buffer *buf)
{
	unsigned long i, n = buf->size >> PAGE_SHIFT;

	if (buf->tail_refs)
		for (i = 1; i < n; i++)
			page_ref_dec(udmabuf_buffer_page(buf, i));
}

/* Whether fresh memory has what a buffer needs; logs why not. */
static bool udmabuf_buffer_usable(struct udmabuf_buffer *buf,
				  const struct udmabuf_buffer_spec *spec)
{
	/*
	 * A NULL page is how dma_alloc_pages() fails, but the DMA API debug
	 * code tracks the handle like a streaming mapping's, which must be
	 * checked: do so, or freeing it is reported as unchecked.
	 */
	if (dma_mapping_error(spec->dma_dev, buf->dma_addr)) {
		udmabuf_cause_err(spec->user, "%s: cannot allocate %zu bytes: no DMA address\n",
				  spec->name, spec->size);
		return false;
	}
	buf->vaddr = page_address(buf->page);
	if (!buf->vaddr) {
		udmabuf_cause_err(spec->user, "%s: cannot allocate %zu bytes: the allocator returned high memory\n",
				  spec->name, spec->size);
		return false;
	}
	if (!udmabuf_buffer_placed(buf, spec)) {
		udmabuf_explain_alloc_failure(spec);
		return false;
	}
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
		udmabuf_cause_err(spec->user, "%s: cannot allocate %zu bytes: the machine has %llu bytes of memory\n",
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
	if (!udmabuf_buffer_usable(buf, spec))
		goto err_free;
	buf->dma_dev = get_device(dma_dev);
	buf->own_pdev = spec->own_pdev;
	buf->coherent = dev_is_dma_coherent(dma_dev);
	udmabuf_buffer_ref_pages(buf);
	/* The allocator zeroed the memory through the cache. */
	udmabuf_buffer_sync_for_device(buf, 0, buf->size, DMA_BIDIRECTIONAL);

	mutex_lock(&udmabuf_buffers_lock);
	list_add(&buf->all, &udmabuf_buffers);
	mutex_unlock(&udmabuf_buffers_lock);
	atomic_long_inc(&udmabuf_live_buffers);
	atomic64_add(buf->size, &udmabuf_live_bytes);
	return buf;

err_free:
	dma_free_pages(dma_dev, buf->size, buf->page, buf->dma_addr, DMA_BIDIRECTIONAL);
	kfree(buf);
	return ERR_PTR(-ENOMEM);
}

/*
 * Memory of a DMA device that went away can still go back through the DMA
 * API when that is dma-direct (the struct device is held); an IOMMU's
 * mapping left with the device, and its memory is left allocated.
 */
static void udmabuf_buffer_free_memory(struct udmabuf_buffer *buf)
{
	if (READ_ONCE(buf->orphaned) && get_dma_ops(buf->dma_dev)) {
		dev_notice(buf->dma_dev, "%zu bytes of a removed device behind an IOMMU stay allocated\n",
			   buf->size);
		return;
	}
	dma_free_pages(buf->dma_dev, buf->size, buf->page, buf->dma_addr, DMA_BIDIRECTIONAL);
}

/* The memory goes back to the DMA API; the pages must be idle. */
static void udmabuf_buffer_free(struct udmabuf_buffer *buf)
{
	mutex_lock(&udmabuf_buffers_lock);
	list_del(&buf->all);
	mutex_unlock(&udmabuf_buffers_lock);
	udmabuf_buffer_unref_pages(buf);
	udmabuf_buffer_free_memory(buf);
	atomic_long_dec(&udmabuf_live_buffers);
	atomic64_sub(buf->size, &udmabuf_live_bytes);
	put_device(buf->dma_dev);
	if (buf->own_pdev)
		platform_device_unregister(buf->own_pdev);
	kfree(buf);
}

/*
 * Buffers whose last holder let go while someone else still referenced
 * their pages wait here, and are looked at again, at growing intervals,
 * until the pages are idle. They count as live until they are freed.
 */
static LIST_HEAD(udmabuf_held_buffers);
static DEFINE_MUTEX(udmabuf_held_lock);	/* udmabuf_held_buffers, udmabuf_held_delay */
static unsigned long udmabuf_held_delay;
static void udmabuf_held_recheck(struct work_struct *work);
static DECLARE_DELAYED_WORK(udmabuf_held_work, udmabuf_held_recheck);

#define UDMABUF_HELD_DELAY_MIN	msecs_to_jiffies(10)
#define UDMABUF_HELD_DELAY_MAX	(10 * HZ)

static void udmabuf_held_recheck(struct work_struct *work)
{
	struct udmabuf_buffer *buf, *tmp;
	LIST_HEAD(idle);

	mutex_lock(&udmabuf_held_lock);
	list_for_each_entry_safe(buf, tmp, &udmabuf_held_buffers, held)
		if (udmabuf_buffer_idle(buf))
			list_move(&buf->held, &idle);
	if (!list_empty(&udmabuf_held_buffers)) {
		udmabuf_held_delay = min(2 * udmabuf_held_delay, UDMABUF_HELD_DELAY_MAX);
		schedule_delayed_work(&udmabuf_held_work, udmabuf_held_delay);
	}
	mutex_unlock(&udmabuf_held_lock);

	list_for_each_entry_safe(buf, tmp, &idle, held)
		udmabuf_buffer_free(buf);
}

static void udmabuf_buffer_hold(struct udmabuf_buffer *buf)
{
	mutex_lock(&udmabuf_held_lock);
	list_add_tail(&buf->held, &udmabuf_held_buffers);
	udmabuf_held_delay = UDMABUF_HELD_DELAY_MIN;
	mod_delayed_work(system_wq, &udmabuf_held_work, udmabuf_held_delay);
	mutex_unlock(&udmabuf_held_lock);
}

static void udmabuf_buffer_release(struct kref *ref)
{
	struct udmabuf_buffer *buf = container_of(ref, struct udmabuf_buffer, ref);

	if (udmabuf_buffer_idle(buf))
		udmabuf_buffer_free(buf);
	else
		udmabuf_buffer_hold(buf);
}

/**
 * udmabuf_buffers_exit() - free the buffers whose pages were still
 *	referenced when they were released
 *
 * At module unload. Pages that are still referenced (a long-term pin, a
 * pipe that is never read) cannot be freed and are left to their holder:
 * that memory stays lost, and the log says how much.
 */
void udmabuf_buffers_exit(void)
{
	struct udmabuf_buffer *buf, *tmp;

	cancel_delayed_work_sync(&udmabuf_held_work);
	list_for_each_entry_safe(buf, tmp, &udmabuf_held_buffers, held) {
		list_del(&buf->held);
		if (udmabuf_buffer_idle(buf)) {
			udmabuf_buffer_free(buf);
			continue;
		}
		dev_err(buf->dma_dev, "%zu bytes at %pad are still referenced at unload (a pipe, I/O in flight or a pin); they stay allocated\n",
			buf->size, &buf->dma_addr);
		mutex_lock(&udmabuf_buffers_lock);
		list_del(&buf->all);
		mutex_unlock(&udmabuf_buffers_lock);
		put_device(buf->dma_dev);
		if (buf->own_pdev)
			platform_device_unregister(buf->own_pdev);
		kfree(buf);
	}
}

/**
 * udmabuf_buffers_orphan() - a DMA device is going away
 * @dev: the device
 *
 * Its buffers' memory stays valid for whoever maps or holds it, but no
 * cache maintenance or other DMA API call reaches @dev any more.
 */
void udmabuf_buffers_orphan(struct device *dev)
{
	struct udmabuf_buffer *buf;

	mutex_lock(&udmabuf_buffers_lock);
	list_for_each_entry(buf, &udmabuf_buffers, all)
		if (buf->dma_dev == dev)
			WRITE_ONCE(buf->orphaned, true);
	mutex_unlock(&udmabuf_buffers_lock);
}

/**
 * udmabuf_buffer_gone() - whether a buffer's DMA device went away
 * @buf: the buffer
 *
 * Return: true after udmabuf_buffers_orphan() of its device.
 */
bool udmabuf_buffer_gone(struct udmabuf_buffer *buf)
{
	return READ_ONCE(buf->orphaned);
}

/**
 * udmabuf_buffer_sole() - whether a buffer can be reused as if fresh
 * @buf: the buffer; the caller holds a reference
 *
 * Only meaningful when no one else can take a reference meanwhile (the
 * caller is the last holder it knows of).
 *
 * Return: true when the caller's reference is the only one, no page is
 * referenced by anyone else and the DMA device is still there.
 */
bool udmabuf_buffer_sole(struct udmabuf_buffer *buf)
{
	return kref_read(&buf->ref) == 1 && udmabuf_buffer_idle(buf) && !udmabuf_buffer_gone(buf);
}

/* Zeroing goes in steps of this size, with a chance to reschedule between. */
#define UDMABUF_ZERO_STEP	SZ_1M

/**
 * udmabuf_buffer_zero() - zero a buffer into the state of fresh memory
 * @buf: the buffer, neither mapped nor exported (udmabuf_buffer_sole())
 *
 * The memory is taken from the device, zeroed through the kernel mapping
 * and handed back, so the caches hold nothing of it, as after
 * udmabuf_buffer_alloc(). May sleep.
 */
void udmabuf_buffer_zero(struct udmabuf_buffer *buf)
{
	size_t off, n;

	udmabuf_buffer_sync_for_cpu(buf, 0, buf->size, DMA_BIDIRECTIONAL);
	for (off = 0; off < buf->size; off += n) {
		n = min_t(size_t, buf->size - off, UDMABUF_ZERO_STEP);
		memset(buf->vaddr + off, 0, n);
		cond_resched();
	}
	udmabuf_buffer_sync_for_device(buf, 0, buf->size, DMA_BIDIRECTIONAL);
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
	if (!buf->coherent && size && !udmabuf_buffer_gone(buf))
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
	if (!buf->coherent && size && !udmabuf_buffer_gone(buf))
		dma_sync_single_for_device(buf->dma_dev, buf->dma_addr + offset, size, dir);
}
