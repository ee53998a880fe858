// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: /dev/dma_heap/udmabuf. Every allocation is one contiguous,
 * zeroed buffer of its own from the heap's DMA device (a platform device
 * "u-dma-buf-heap" with the heap_dma_mask_bit mask), exported whole.
 * heap_limit caps the bytes the node may have allocated (0: no cap).
 * heap_pool_size keeps up to that many bytes of released buffers zeroed
 * for reuse (pool.c; 0: no pool); they are not allocations.
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

#include "u-dma-buf-funcs.h"
#include "export/export.h"
#include "heap/heap.h"

static int udmabuf_heap_dma_mask_bit = 32;
module_param_named(heap_dma_mask_bit, udmabuf_heap_dma_mask_bit, int, 0444);
MODULE_PARM_DESC(heap_dma_mask_bit, "DMA mask width of /dev/dma_heap/udmabuf, 12..64 (default 32)");

static unsigned long long udmabuf_heap_limit;
module_param_named(heap_limit, udmabuf_heap_limit, ullong, 0444);
MODULE_PARM_DESC(heap_limit, "most bytes /dev/dma_heap/udmabuf may have allocated (default 0: no limit)");

static unsigned long udmabuf_heap_pool_size;
module_param_named(heap_pool_size, udmabuf_heap_pool_size, ulong, 0444);
MODULE_PARM_DESC(heap_pool_size, "bytes of released /dev/dma_heap/udmabuf buffers kept zeroed for reuse, rounded down to pages (default 0: no pool)");

struct udmabuf_main_heap {
	struct udmabuf_heap heap;
	struct platform_device *pdev;
	struct udmabuf_pool pool;
};

/*
 * Set before the node appears; every allocation holds the heap, so its
 * release callback finds the heap (and its pool) here.
 */
static struct udmabuf_main_heap *udmabuf_main_heap;

/* A buffer of @len bytes: a pooled one, else fresh memory. */
static struct udmabuf_buffer *udmabuf_main_heap_buffer(struct udmabuf_main_heap *mh, size_t len)
{
	struct udmabuf_buffer_spec spec = {
		.dma_dev = &mh->pdev->dev,
		.size = len,
		.name = "dma_heap/udmabuf",
		.user = true,
	};
	struct udmabuf_buffer *buf = udmabuf_pool_get(&mh->pool, len);

	return buf ? buf : udmabuf_buffer_alloc(&spec);
}

/*
 * An allocation's release: the export dropped its buffer reference; ours
 * (taken at allocation) goes to the pool, then the heap's charge.
 */
static void udmabuf_main_heap_release(void *buf, u64 offset, size_t size)
{
	struct udmabuf_main_heap *mh = udmabuf_main_heap;

	udmabuf_pool_put(&mh->pool, buf);
	udmabuf_heap_uncharge(&mh->heap, size);
}

static struct dma_buf *udmabuf_main_heap_allocate(struct udmabuf_heap *heap, size_t len,
						  u32 fd_flags)
{
	struct udmabuf_main_heap *mh = container_of(heap, struct udmabuf_main_heap, heap);
	struct udmabuf_export_args args = {
		.size = len,
		.flags = fd_flags,
		.cache = UDMABUF_CACHE_CACHED,
		.name = "dma_heap/udmabuf",
		.release = udmabuf_main_heap_release,
	};
	struct dma_buf *dmabuf;
	int err;

	err = udmabuf_heap_charge(heap, len, udmabuf_heap_limit);
	if (err)
		return ERR_PTR(err);
	args.buf = udmabuf_main_heap_buffer(mh, len);
	if (IS_ERR(args.buf)) {
		udmabuf_heap_uncharge(heap, len);
		return ERR_CAST(args.buf);
	}
	/* Our reference lives until the release, which gives it to the pool. */
	args.release_data = args.buf;
	dmabuf = udmabuf_export(&args);
	if (IS_ERR(dmabuf)) {
		udmabuf_buffer_put(args.buf);
		udmabuf_heap_uncharge(heap, len);
	}
	return dmabuf;
}

static void udmabuf_main_heap_free(struct udmabuf_heap *heap)
{
	struct udmabuf_main_heap *mh = container_of(heap, struct udmabuf_main_heap, heap);

	/* The last allocation is gone: nothing enters the pool any more. */
	udmabuf_pool_destroy(&mh->pool);
	platform_device_unregister(mh->pdev);
	kfree(mh);
}

static ssize_t limit_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", udmabuf_heap_limit);
}
static DEVICE_ATTR_RO(limit);

static ssize_t pool_size_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%lu\n", udmabuf_heap_pool_size & PAGE_MASK);
}
static DEVICE_ATTR_RO(pool_size);

static ssize_t pool_bytes_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct miscdevice *misc = dev_get_drvdata(dev);
	struct udmabuf_main_heap *mh = container_of(misc, struct udmabuf_main_heap, heap.misc);

	return sysfs_emit(buf, "%zu\n", udmabuf_pool_bytes(&mh->pool));
}
static DEVICE_ATTR_RO(pool_bytes);

static struct attribute *udmabuf_main_heap_attrs[] = {
	&dev_attr_limit.attr,
	&dev_attr_pool_size.attr,
	&dev_attr_pool_bytes.attr,
	NULL,
};

static const struct attribute_group udmabuf_main_heap_group = {
	.attrs = udmabuf_main_heap_attrs,
};

static const struct attribute_group *udmabuf_main_heap_groups[] = {
	&udmabuf_heap_usage_group,
	&udmabuf_main_heap_group,
	NULL,
};

static const struct udmabuf_heap_ops udmabuf_main_heap_ops = {
	.allocate = udmabuf_main_heap_allocate,
	.free = udmabuf_main_heap_free,
	.groups = udmabuf_main_heap_groups,
};

/* The parameters make sense (a wrong one is logged). */
static bool udmabuf_main_heap_params_valid(void)
{
	u64 ram = (u64)totalram_pages() << PAGE_SHIFT;
	int bits = udmabuf_heap_dma_mask_bit;

	if (!u_dma_buf_dma_mask_bits_valid(bits)) {
		pr_err("heap_dma_mask_bit=%d is invalid: the DMA mask width is %d..%d bits\n",
		       bits, U_DMA_BUF_DMA_MASK_BITS_MIN, U_DMA_BUF_DMA_MASK_BITS_MAX);
		return false;
	}
	if (udmabuf_heap_pool_size > ram) {
		pr_err("heap_pool_size=%lu is invalid: larger than the machine's %llu bytes of memory\n",
		       udmabuf_heap_pool_size, ram);
		return false;
	}
	return true;
}

/**
 * udmabuf_main_heap_init() - create /dev/dma_heap/udmabuf
 *
 * Return: 0 or a negative error (logged).
 */
int udmabuf_main_heap_init(void)
{
	int bits = udmabuf_heap_dma_mask_bit;
	struct udmabuf_main_heap *mh;
	char who[32];
	int err;

	if (!udmabuf_main_heap_params_valid())
		return -EINVAL;
	mh = kzalloc(sizeof(*mh), GFP_KERNEL);
	if (!mh)
		return -ENOMEM;
	err = udmabuf_pool_init(&mh->pool, udmabuf_heap_pool_size & PAGE_MASK);
	if (err)
		goto err_free;
	snprintf(who, sizeof(who), "heap_dma_mask_bit=%d", bits);
	mh->pdev = udmabuf_pdev_create("u-dma-buf-heap", PLATFORM_DEVID_NONE, bits, who, false);
	if (IS_ERR(mh->pdev)) {
		err = PTR_ERR(mh->pdev);
		goto err_pool;
	}
	udmabuf_main_heap = mh;
	err = udmabuf_heap_register(&mh->heap, "udmabuf", &udmabuf_main_heap_ops);
	if (err)
		goto err_pdev;
	return 0;

err_pdev:
	udmabuf_main_heap = NULL;
	platform_device_unregister(mh->pdev);
err_pool:
	udmabuf_pool_destroy(&mh->pool);
err_free:
	kfree(mh);
	return err;
}

/**
 * udmabuf_main_heap_exit() - remove /dev/dma_heap/udmabuf
 */
void udmabuf_main_heap_exit(void)
{
	udmabuf_heap_unregister(&udmabuf_main_heap->heap);
}
