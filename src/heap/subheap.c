// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: /dev/dma_heap/<device>, the sub-allocating heap of a u-dma-buf
 * device created with the dma-heap option. Its allocations are page ranges
 * of that device's buffer (so every one lies inside memory the FPGA or
 * accelerator can reach, e.g. a reserved-memory region), zeroed, exported
 * like EXPORT ranges. A bitmap with one bit per page records what is taken:
 * first fit, and freeing never needs memory.
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/bitmap.h>
#include <linux/dma-buf.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "log.h"
#include "export/export.h"
#include "heap/heap.h"

/**
 * struct udmabuf_subheap - a sub-allocating heap
 * @heap: the node
 * @buf: the device's buffer (a reference is held)
 * @pages: pages of @buf
 * @map: one bit per page, set when allocated; under @heap.lock
 * @cache: cache mode of CPU mappings, the device's without O_SYNC
 * @debug: the device's debug_export
 */
struct udmabuf_subheap {
	struct udmabuf_heap heap;
	struct udmabuf_buffer *buf;
	unsigned long pages;
	unsigned long *map;
	enum udmabuf_cache cache;
	bool debug;
};

static struct udmabuf_subheap *to_subheap(struct udmabuf_heap *heap)
{
	return container_of(heap, struct udmabuf_subheap, heap);
}

/* Free pages and the longest run of them; under heap.lock. */
static void udmabuf_subheap_usage(struct udmabuf_subheap *sub, unsigned long *free,
				  unsigned long *largest)
{
	unsigned long pos = 0, end;

	*free = sub->pages - bitmap_weight(sub->map, sub->pages);
	*largest = 0;
	while ((pos = find_next_zero_bit(sub->map, sub->pages, pos)) < sub->pages) {
		end = find_next_bit(sub->map, sub->pages, pos);
		*largest = max(*largest, end - pos);
		pos = end;
	}
}

static void udmabuf_subheap_release(void *data, u64 offset, size_t size)
{
	struct udmabuf_heap *heap = data;

	mutex_lock(&heap->lock);
	bitmap_clear(to_subheap(heap)->map, offset >> PAGE_SHIFT, size >> PAGE_SHIFT);
	mutex_unlock(&heap->lock);
	udmabuf_heap_uncharge(heap, size);
}

static struct dma_buf *udmabuf_subheap_allocate(struct udmabuf_heap *heap, size_t len,
						u32 fd_flags)
{
	struct udmabuf_subheap *sub = to_subheap(heap);
	unsigned long n = len >> PAGE_SHIFT, start, free, largest;
	struct udmabuf_export_args args = {
		.buf = sub->buf,
		.size = len,
		.flags = fd_flags,
		.cache = sub->cache,
		.name = heap->name,
		.debug = sub->debug,
		.release = udmabuf_subheap_release,
		.release_data = heap,
	};
	struct dma_buf *dmabuf;
	int err;

	err = udmabuf_heap_charge(heap, len, 0);
	if (err)
		return ERR_PTR(err);
	mutex_lock(&heap->lock);
	/* The bitmap functions count in unsigned int: never hand them more. */
	start = n > sub->pages ? sub->pages :
		bitmap_find_next_zero_area(sub->map, sub->pages, 0, n, 0);
	if (start < sub->pages)
		bitmap_set(sub->map, start, n);
	else
		udmabuf_subheap_usage(sub, &free, &largest);
	mutex_unlock(&heap->lock);
	if (start >= sub->pages) {
		udmabuf_notice("dma_heap/%s: cannot allocate %zu bytes: %lu bytes free, the largest free block is %lu bytes\n",
			       heap->name, len, free << PAGE_SHIFT, largest << PAGE_SHIFT);
		udmabuf_heap_uncharge(heap, len);
		return ERR_PTR(-ENOMEM);
	}

	args.offset = (u64)start << PAGE_SHIFT;
	memset(sub->buf->vaddr + args.offset, 0, len);
	udmabuf_buffer_sync_for_device(sub->buf, args.offset, len, DMA_BIDIRECTIONAL);
	dmabuf = udmabuf_export(&args);
	if (IS_ERR(dmabuf))
		udmabuf_subheap_release(heap, args.offset, len);
	return dmabuf;
}

static void udmabuf_subheap_free(struct udmabuf_heap *heap)
{
	struct udmabuf_subheap *sub = to_subheap(heap);

	udmabuf_buffer_put(sub->buf);
	bitmap_free(sub->map);
	kfree(sub);
}

static ssize_t size_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct miscdevice *misc = dev_get_drvdata(dev);
	struct udmabuf_heap *heap = container_of(misc, struct udmabuf_heap, misc);

	return sysfs_emit(buf, "%lu\n", to_subheap(heap)->pages << PAGE_SHIFT);
}
static DEVICE_ATTR_RO(size);

static ssize_t udmabuf_subheap_show(struct device *dev, char *buf, bool largest_only)
{
	struct miscdevice *misc = dev_get_drvdata(dev);
	struct udmabuf_heap *heap = container_of(misc, struct udmabuf_heap, misc);
	unsigned long free, largest;

	mutex_lock(&heap->lock);
	udmabuf_subheap_usage(to_subheap(heap), &free, &largest);
	mutex_unlock(&heap->lock);
	return sysfs_emit(buf, "%lu\n", (largest_only ? largest : free) << PAGE_SHIFT);
}

static ssize_t free_bytes_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return udmabuf_subheap_show(dev, buf, false);
}
static DEVICE_ATTR_RO(free_bytes);

static ssize_t largest_free_bytes_show(struct device *dev, struct device_attribute *attr,
				       char *buf)
{
	return udmabuf_subheap_show(dev, buf, true);
}
static DEVICE_ATTR_RO(largest_free_bytes);

static struct attribute *udmabuf_subheap_attrs[] = {
	&dev_attr_size.attr,
	&dev_attr_free_bytes.attr,
	&dev_attr_largest_free_bytes.attr,
	NULL,
};

static const struct attribute_group udmabuf_subheap_group = {
	.attrs = udmabuf_subheap_attrs,
};

static const struct attribute_group *udmabuf_subheap_groups[] = {
	&udmabuf_heap_usage_group,
	&udmabuf_subheap_group,
	NULL,
};

static const struct udmabuf_heap_ops udmabuf_subheap_ops = {
	.allocate = udmabuf_subheap_allocate,
	.free = udmabuf_subheap_free,
	.groups = udmabuf_subheap_groups,
};

/**
 * udmabuf_subheap_create() - create /dev/dma_heap/<name> over a buffer
 * @buf: the buffer the heap hands out ranges of (a reference is taken)
 * @name: the node's name (a device's; never "udmabuf", the main heap's)
 * @cache: cache attributes of the allocations' CPU mappings
 * @debug: log the allocations' importer activity
 *
 * Return: the heap (remove it with udmabuf_heap_unregister()), or an
 * ERR_PTR(), logged.
 */
struct udmabuf_heap *udmabuf_subheap_create(struct udmabuf_buffer *buf, const char *name,
					    enum udmabuf_cache cache, bool debug)
{
	struct udmabuf_subheap *sub;
	int err;

	if (buf->size >> PAGE_SHIFT > UINT_MAX) {
		pr_err("%s: a dma-heap cannot manage %zu bytes\n", name, buf->size);
		return ERR_PTR(-EINVAL);
	}
	sub = kzalloc(sizeof(*sub), GFP_KERNEL);
	if (!sub)
		return ERR_PTR(-ENOMEM);
	sub->pages = buf->size >> PAGE_SHIFT;
	sub->map = bitmap_zalloc(sub->pages, GFP_KERNEL);
	if (!sub->map) {
		kfree(sub);
		return ERR_PTR(-ENOMEM);
	}
	sub->buf = buf;
	sub->cache = cache;
	sub->debug = debug;

	err = udmabuf_heap_register(&sub->heap, name, &udmabuf_subheap_ops);
	if (err) {
		bitmap_free(sub->map);
		kfree(sub);
		return ERR_PTR(err);
	}
	udmabuf_buffer_get(sub->buf);
	return &sub->heap;
}
