// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: /dev/dma_heap/udmabuf. Every allocation is one contiguous,
 * zeroed buffer of its own from the heap's DMA device (a platform device
 * "u-dma-buf-heap" with the heap_dma_mask_bit mask), exported whole.
 * heap_limit caps the bytes the node may pin (0: no cap).
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
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

struct udmabuf_main_heap {
	struct udmabuf_heap heap;
	struct platform_device *pdev;
};

static struct udmabuf_main_heap *udmabuf_main_heap;

static struct dma_buf *udmabuf_main_heap_allocate(struct udmabuf_heap *heap, size_t len,
						  u32 fd_flags)
{
	struct udmabuf_main_heap *mh = container_of(heap, struct udmabuf_main_heap, heap);
	struct udmabuf_export_args args = {
		.size = len,
		.flags = fd_flags,
		.cache = UDMABUF_CACHE_CACHED,
		.name = "dma_heap/udmabuf",
		.release = udmabuf_heap_release,
		.release_data = heap,
	};
	struct udmabuf_buffer_spec spec = {
		.dma_dev = &mh->pdev->dev,
		.size = len,
		.name = "dma_heap/udmabuf",
		.user = true,
	};
	struct dma_buf *dmabuf;
	int err;

	err = udmabuf_heap_charge(heap, len, udmabuf_heap_limit);
	if (err)
		return ERR_PTR(err);
	args.buf = udmabuf_buffer_alloc(&spec);
	if (IS_ERR(args.buf)) {
		udmabuf_heap_uncharge(heap, len);
		return ERR_CAST(args.buf);
	}
	dmabuf = udmabuf_export(&args);
	udmabuf_buffer_put(args.buf);
	if (IS_ERR(dmabuf))
		udmabuf_heap_uncharge(heap, len);
	return dmabuf;
}

static void udmabuf_main_heap_free(struct udmabuf_heap *heap)
{
	struct udmabuf_main_heap *mh = container_of(heap, struct udmabuf_main_heap, heap);

	platform_device_unregister(mh->pdev);
	kfree(mh);
}

static ssize_t limit_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%llu\n", udmabuf_heap_limit);
}
static DEVICE_ATTR_RO(limit);

static struct attribute *udmabuf_main_heap_attrs[] = {
	&dev_attr_limit.attr,
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

	if (!u_dma_buf_dma_mask_bits_valid(bits)) {
		pr_err("heap_dma_mask_bit=%d is invalid: the DMA mask width is %d..%d bits\n",
		       bits, U_DMA_BUF_DMA_MASK_BITS_MIN, U_DMA_BUF_DMA_MASK_BITS_MAX);
		return -EINVAL;
	}
	mh = kzalloc(sizeof(*mh), GFP_KERNEL);
	if (!mh)
		return -ENOMEM;
	snprintf(who, sizeof(who), "heap_dma_mask_bit=%d", bits);
	mh->pdev = udmabuf_pdev_create("u-dma-buf-heap", PLATFORM_DEVID_NONE, bits, who, false);
	if (IS_ERR(mh->pdev)) {
		err = PTR_ERR(mh->pdev);
		goto err_free;
	}
	err = udmabuf_heap_register(&mh->heap, "udmabuf", &udmabuf_main_heap_ops);
	if (err)
		goto err_pdev;
	udmabuf_main_heap = mh;
	return 0;

err_pdev:
	platform_device_unregister(mh->pdev);
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
