// SPDX-License-Identifier: GPL-2.0
/*
 * A test importer that takes a dma-buf the way the RDMA core does
 * (drivers/infiniband/core/umem_dmabuf.c, 6.1), step by step, for
 * tests/export/export-rdma.c. RDMA_IMPORTER_IMPORT on
 * /dev/udmabuf-rdma-importer:
 *
 *   pinned (ib_umem_dmabuf_get_pinned()): dma_buf_dynamic_attach() with
 *     importer ops that have move_notify and allow peer-to-peer; under the
 *     reservation lock dma_buf_pin(), dma_buf_map_attachment() and a wait
 *     for the kernel fences; released under the lock (unmap, unpin), then
 *     detached;
 *   dynamic (ib_umem_dmabuf_get(), mapped on demand): the same without
 *     the pin.
 *
 * While mapped, the "device" reads and writes the range through the DMA
 * addresses (the test device has no IOMMU, so dma_to_phys() is the
 * memory), and the mapping is checked: its segments lie below the
 * device's DMA mask and add up to the whole dma-buf. The device, like an
 * RDMA one, takes segments up to UINT_MAX. RDMA_IMPORTER_HOLD keeps a
 * pinned import until the file is closed, as a registered memory region.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dma-buf.h>
#include <linux/dma-direct.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/dma-resv.h>
#include <linux/highmem.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>

#include "rdma-importer.h"

struct rdma_import {
	struct dma_buf *dmabuf;
	struct dma_buf_attachment *attach;
	struct sg_table *sgt;
	bool pinned;
	atomic_t moves;
	struct list_head node;
};

struct rdma_file {
	struct mutex lock;	/* held */
	struct list_head held;
};

static unsigned int dma_bits = 64;
module_param(dma_bits, uint, 0444);
MODULE_PARM_DESC(dma_bits, "DMA mask of the importing device, bits (default 64)");

static struct platform_device *rdma_pdev;
static struct device_dma_parameters rdma_dma_parms;

static void rdma_move_notify(struct dma_buf_attachment *attach)
{
	struct rdma_import *imp = attach->importer_priv;

	atomic_inc(&imp->moves);
}

static const struct dma_buf_attach_ops rdma_attach_ops = {
	.allow_peer2peer = true,
	.move_notify = rdma_move_notify,
};

/* Pin (pinned path) and map under the reservation lock, then wait for fences. */
static int rdma_map(struct rdma_import *imp)
{
	struct dma_resv *resv = imp->dmabuf->resv;
	struct sg_table *sgt;
	long wait;
	int err = 0;

	dma_resv_lock(resv, NULL);
	if (imp->pinned) {
		err = dma_buf_pin(imp->attach);
		if (err) {
			imp->pinned = false;
			goto out;
		}
	}
	sgt = dma_buf_map_attachment(imp->attach, DMA_BIDIRECTIONAL);
	if (IS_ERR(sgt)) {
		err = PTR_ERR(sgt);
		goto out;
	}
	imp->sgt = sgt;
	wait = dma_resv_wait_timeout(resv, DMA_RESV_USAGE_KERNEL, false, MAX_SCHEDULE_TIMEOUT);
	if (wait <= 0)
		err = wait ? (int)wait : -ETIMEDOUT;
out:
	dma_resv_unlock(resv);
	return err;
}

/* Unmap and unpin under the lock, detach, drop the dma-buf. */
static void rdma_release(struct rdma_import *imp)
{
	struct dma_resv *resv = imp->dmabuf->resv;

	dma_resv_lock(resv, NULL);
	if (imp->sgt)
		dma_buf_unmap_attachment(imp->attach, imp->sgt, DMA_BIDIRECTIONAL);
	if (imp->pinned)
		dma_buf_unpin(imp->attach);
	dma_resv_unlock(resv);
	dma_buf_detach(imp->dmabuf, imp->attach);
	dma_buf_put(imp->dmabuf);
	kfree(imp);
}

/* The device reads then writes the bytes of the range in one DMA segment. */
static void rdma_touch(dma_addr_t addr, u64 pos, u64 len, struct rdma_importer_args *a)
{
	u64 from = max(pos, a->offset), to = min(pos + len, a->offset + a->size);

	while (from < to) {
		phys_addr_t phys = dma_to_phys(&rdma_pdev->dev, addr + (from - pos));
		size_t in = offset_in_page(phys), n = min_t(u64, PAGE_SIZE - in, to - from), k;
		u8 *p = kmap_local_page(pfn_to_page(PHYS_PFN(phys)));

		for (k = 0; k < n && a->bad_offset == ~0ULL; k++)
			if (p[in + k] != a->expect)
				a->bad_offset = from - a->offset + k;
		memset(p + in, a->fill, n);
		kunmap_local(p);
		from += n;
	}
}

/* Walks the mapping as the device: -ERANGE above the mask, -EIO if it is short. */
static int rdma_walk(struct rdma_import *imp, struct rdma_importer_args *a)
{
	struct device *dev = &rdma_pdev->dev;
	u64 mask = dma_get_mask(dev), pos = 0;
	struct scatterlist *sg;
	unsigned int i;

	a->nents = imp->sgt->nents;
	a->max_len = 0;
	a->bad_offset = ~0ULL;
	dma_sync_sgtable_for_cpu(dev, imp->sgt, DMA_BIDIRECTIONAL);
	for_each_sgtable_dma_sg(imp->sgt, sg, i) {
		dma_addr_t addr = sg_dma_address(sg);
		u64 len = sg_dma_len(sg);

		if (!len || addr + len - 1 > mask)
			return -ERANGE;
		a->max_len = max(a->max_len, len);
		rdma_touch(addr, pos, len, a);
		pos += len;
	}
	dma_sync_sgtable_for_device(dev, imp->sgt, DMA_BIDIRECTIONAL);
	return pos == imp->dmabuf->size ? 0 : -EIO;
}

static int rdma_check_args(const struct rdma_importer_args *a)
{
	if (a->flags & ~(RDMA_IMPORTER_PINNED | RDMA_IMPORTER_HOLD))
		return -EINVAL;
	if ((a->flags & RDMA_IMPORTER_HOLD) && !(a->flags & RDMA_IMPORTER_PINNED))
		return -EINVAL;
	return a->size ? 0 : -EINVAL;
}

/* Attach, map, walk; keep it (hold) or release it. */
static int rdma_import(struct rdma_file *f, struct rdma_importer_args *a)
{
	struct rdma_import *imp;
	struct dma_buf *dmabuf;
	int err;

	dmabuf = dma_buf_get(a->fd);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);
	if (a->offset > dmabuf->size || a->size > dmabuf->size - a->offset) {
		dma_buf_put(dmabuf);
		return -EINVAL;
	}
	imp = kzalloc(sizeof(*imp), GFP_KERNEL);
	if (!imp) {
		dma_buf_put(dmabuf);
		return -ENOMEM;
	}
	imp->dmabuf = dmabuf;
	imp->pinned = a->flags & RDMA_IMPORTER_PINNED;
	imp->attach = dma_buf_dynamic_attach(dmabuf, &rdma_pdev->dev, &rdma_attach_ops, imp);
	if (IS_ERR(imp->attach)) {
		err = PTR_ERR(imp->attach);
		kfree(imp);
		dma_buf_put(dmabuf);
		return err;
	}
	err = rdma_map(imp);
	if (!err)
		err = rdma_walk(imp, a);
	a->moves = atomic_read(&imp->moves);
	if (err || !(a->flags & RDMA_IMPORTER_HOLD)) {
		rdma_release(imp);
		return err;
	}
	mutex_lock(&f->lock);
	list_add(&imp->node, &f->held);
	mutex_unlock(&f->lock);
	return 0;
}

static long rdma_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct rdma_importer_args a;
	int err;

	if (cmd != RDMA_IMPORTER_IMPORT)
		return -ENOTTY;
	if (copy_from_user(&a, (void __user *)arg, sizeof(a)))
		return -EFAULT;
	err = rdma_check_args(&a);
	if (!err)
		err = rdma_import(file->private_data, &a);
	if (!err && copy_to_user((void __user *)arg, &a, sizeof(a)))
		err = -EFAULT;
	return err;
}

static int rdma_open(struct inode *inode, struct file *file)
{
	struct rdma_file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	mutex_init(&f->lock);
	INIT_LIST_HEAD(&f->held);
	file->private_data = f;
	return 0;
}

static int rdma_file_release(struct inode *inode, struct file *file)
{
	struct rdma_file *f = file->private_data;
	struct rdma_import *imp, *next;

	list_for_each_entry_safe(imp, next, &f->held, node)
		rdma_release(imp);
	mutex_destroy(&f->lock);
	kfree(f);
	return 0;
}

static const struct file_operations rdma_fops = {
	.owner = THIS_MODULE,
	.open = rdma_open,
	.release = rdma_file_release,
	.unlocked_ioctl = rdma_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
};

static struct miscdevice rdma_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "udmabuf-rdma-importer",
	.fops = &rdma_fops,
};

static int __init rdma_importer_init(void)
{
	int err;

	if (dma_bits < 12 || dma_bits > 64)
		return -EINVAL;
	rdma_pdev = platform_device_register_simple("udmabuf-rdma-importer", PLATFORM_DEVID_NONE,
						    NULL, 0);
	if (IS_ERR(rdma_pdev))
		return PTR_ERR(rdma_pdev);
	rdma_pdev->dev.dma_parms = &rdma_dma_parms;
	err = dma_coerce_mask_and_coherent(&rdma_pdev->dev, DMA_BIT_MASK(dma_bits));
	if (!err)
		err = dma_set_max_seg_size(&rdma_pdev->dev, UINT_MAX);
	if (!err && get_dma_ops(&rdma_pdev->dev))
		err = -EOPNOTSUPP;	/* behind an IOMMU: dma_to_phys() would lie */
	if (!err)
		err = misc_register(&rdma_misc);
	if (err)
		platform_device_unregister(rdma_pdev);
	return err;
}
module_init(rdma_importer_init);

static void __exit rdma_importer_exit(void)
{
	misc_deregister(&rdma_misc);
	platform_device_unregister(rdma_pdev);
}
module_exit(rdma_importer_exit);

MODULE_DESCRIPTION("u-dma-buf test: a dma-buf importer that behaves like the RDMA core");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(DMA_BUF);
