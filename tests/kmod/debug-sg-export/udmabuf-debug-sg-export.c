// SPDX-License-Identifier: GPL-2.0
/*
 * Deliberately broken dma-buf exporter for the debug-kernel lane's
 * self-check (tests/suites/debug-checkers.sh). The DEBUG_SG_EXPORT ioctl on
 * /dev/udmabuf-debug-sg returns a dma-buf of 1 MiB of physically contiguous
 * memory whose sg_table is ONE 1 MiB segment, mapped for every importer
 * without looking at the importer's dma_get_max_seg_size(). vgem (a
 * platform device without a max_segment_size, so 64 KiB) maps it when
 * vgem-import.c imports it, and DMA-API debugging must report "mapping sg
 * segment longer than device claims to support".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/fcntl.h>
#include <linux/gfp.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "debug-sg-export.h"

#define DEBUG_SG_ORDER	get_order(DEBUG_SG_EXPORT_SIZE)

static struct sg_table *debug_sg_map(struct dma_buf_attachment *attach,
				     enum dma_data_direction dir)
{
	struct page *pages = attach->dmabuf->priv;
	struct sg_table *sgt;
	int ret;

	sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	if (!sgt)
		return ERR_PTR(-ENOMEM);
	ret = sg_alloc_table(sgt, 1, GFP_KERNEL);
	if (ret)
		goto err_free;
	/* The bug: one segment, whatever the importer's device can take. */
	sg_set_page(sgt->sgl, pages, DEBUG_SG_EXPORT_SIZE, 0);
	ret = dma_map_sgtable(attach->dev, sgt, dir, 0);
	if (ret)
		goto err_table;
	return sgt;

err_table:
	sg_free_table(sgt);
err_free:
	kfree(sgt);
	return ERR_PTR(ret);
}

static void debug_sg_unmap(struct dma_buf_attachment *attach,
			   struct sg_table *sgt, enum dma_data_direction dir)
{
	dma_unmap_sgtable(attach->dev, sgt, dir, 0);
	sg_free_table(sgt);
	kfree(sgt);
}

static void debug_sg_release(struct dma_buf *dmabuf)
{
	__free_pages(dmabuf->priv, DEBUG_SG_ORDER);
}

static const struct dma_buf_ops debug_sg_ops = {
	.map_dma_buf = debug_sg_map,
	.unmap_dma_buf = debug_sg_unmap,
	.release = debug_sg_release,
};

static long debug_sg_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp_info);
	struct dma_buf *dmabuf;
	struct page *pages;
	int fd;

	if (cmd != DEBUG_SG_EXPORT)
		return -ENOTTY;
	pages = alloc_pages(GFP_KERNEL | __GFP_ZERO, DEBUG_SG_ORDER);
	if (!pages)
		return -ENOMEM;
	exp_info.ops = &debug_sg_ops;
	exp_info.size = DEBUG_SG_EXPORT_SIZE;
	exp_info.flags = O_RDWR;
	exp_info.priv = pages;
	dmabuf = dma_buf_export(&exp_info);
	if (IS_ERR(dmabuf)) {
		__free_pages(pages, DEBUG_SG_ORDER);
		return PTR_ERR(dmabuf);
	}
	fd = dma_buf_fd(dmabuf, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		dma_buf_put(dmabuf);	/* releases the pages */
	return fd;
}

static const struct file_operations debug_sg_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = debug_sg_ioctl,
};

static struct miscdevice debug_sg_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "udmabuf-debug-sg",
	.fops = &debug_sg_fops,
};

module_misc_device(debug_sg_misc);
MODULE_DESCRIPTION("debug lane self-check: an oversized sg segment for DMA-API debugging");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(DMA_BUF);
