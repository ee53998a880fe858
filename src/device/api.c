// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: the in-kernel API for other modules (include/u-dma-buf-funcs.h).
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/device.h>
#include <linux/err.h>
#include <linux/module.h>

#include "u-dma-buf-funcs.h"
#include "device/device.h"

/**
 * u_dma_buf_device_search() - find a u-dma-buf device
 * @name: device name, or NULL to search by @id
 * @id: minor number, used when @name is NULL
 *
 * Return: the device with a reference taken (drop it with put_device()),
 * or NULL when there is none.
 */
struct device *u_dma_buf_device_search(const char *name, int id)
{
	struct udmabuf_device *udev = udmabuf_device_find(name, id);

	return udev ? &udev->dev : NULL;
}
EXPORT_SYMBOL_GPL(u_dma_buf_device_search);

/**
 * u_dma_buf_device_create() - allocate a buffer and create its device
 * @name: device name (/dev/<name>)
 * @id: minor number 0..255, or -1 for any free one
 * @size: bytes
 * @option: bits 7..0 the DMA mask width of a device without @parent (0: the
 *	dma_mask_bit parameter); bits 12..10 the quirk mmap mode (0: the
 *	quirk_mmap_mode parameter); U_DMA_BUF_OPTION_DMA_HEAP (bit 16) to
 *	also create /dev/dma_heap/<name>, a heap allocating from the buffer;
 *	U_DMA_BUF_OPTION_USER_REQUEST (bit 17) when the request comes from
 *	user space, so that a refusal is a notice rather than an error;
 *	all other bits must be 0
 * @parent: the device whose DMA API provides the memory (a reference is
 *	taken), or NULL for a platform device of u-dma-buf's own
 *
 * Return: the device, valid until u_dma_buf_device_remove(), or an
 * ERR_PTR(): -EINVAL (also for a @parent without a DMA mask, or one that
 * is a u-dma-buf device-tree node), -EEXIST (name in use, here or in /dev),
 * -EBUSY (minor in use), -ENOMEM. The reason is logged.
 */
struct device *u_dma_buf_device_create(const char *name, int id, size_t size,
				       unsigned int option, struct device *parent)
{
	const unsigned int known =
		U_DMA_BUF_OPTION_DMA_MASK_MASK << U_DMA_BUF_OPTION_DMA_MASK_SHIFT |
		U_DMA_BUF_OPTION_QUIRK_MMAP_MASK << U_DMA_BUF_OPTION_QUIRK_MMAP_SHIFT |
		U_DMA_BUF_OPTION_DMA_HEAP | U_DMA_BUF_OPTION_USER_REQUEST;
	struct udmabuf_device_args args;
	struct udmabuf_device *udev;

	if (option & ~known) {
		pr_err("%s: unknown option bits 0x%x\n", name ?: "", option & ~known);
		return ERR_PTR(-EINVAL);
	}
	udmabuf_device_args_init(&args, name, size);
	args.minor = id;
	args.parent = parent;
	args.dma_mask_bits = (option >> U_DMA_BUF_OPTION_DMA_MASK_SHIFT) &
			     U_DMA_BUF_OPTION_DMA_MASK_MASK;
	args.quirk_mmap_mode = (option >> U_DMA_BUF_OPTION_QUIRK_MMAP_SHIFT) &
			       U_DMA_BUF_OPTION_QUIRK_MMAP_MASK;
	args.dma_heap = option & U_DMA_BUF_OPTION_DMA_HEAP;
	args.user = option & U_DMA_BUF_OPTION_USER_REQUEST;
	udev = udmabuf_device_create(&args);
	return IS_ERR(udev) ? ERR_CAST(udev) : &udev->dev;
}
EXPORT_SYMBOL_GPL(u_dma_buf_device_create);

/**
 * u_dma_buf_device_remove() - remove a device created with
 *	u_dma_buf_device_create() (or any other u-dma-buf device)
 * @dev: the device
 *
 * The node and sysfs directory go at once; the memory stays valid for
 * whoever still maps, exports or holds it.
 *
 * Return: 0, -EINVAL when @dev is not a u-dma-buf device, -ENODEV when it
 * was already removed.
 */
int u_dma_buf_device_remove(struct device *dev)
{
	struct udmabuf_device *udev = udmabuf_device_of(dev);

	return udev ? udmabuf_device_remove(udev) : -EINVAL;
}
EXPORT_SYMBOL_GPL(u_dma_buf_device_remove);

/**
 * u_dma_buf_device_getmap() - where a device's buffer is
 * @dev: the device
 * @size: its size in bytes
 * @virt_addr: its kernel virtual address
 * @phys_addr: its DMA address (an IOVA behind an IOMMU)
 *
 * Return: 0, or -EINVAL when @dev is not a u-dma-buf device.
 */
int u_dma_buf_device_getmap(struct device *dev, size_t *size, void **virt_addr,
			    dma_addr_t *phys_addr)
{
	struct udmabuf_device *udev = udmabuf_device_of(dev);

	if (!udev)
		return -EINVAL;
	*size = udev->size;
	*virt_addr = udev->buf->vaddr;
	*phys_addr = udev->buf->dma_addr;
	return 0;
}
EXPORT_SYMBOL_GPL(u_dma_buf_device_getmap);

/**
 * u_dma_buf_device_sync() - sync a range for the CPU or the device
 * @dev: the device
 * @command: 0 (nothing), U_DMA_BUF_SYNC_FOR_CPU (1) or
 *	U_DMA_BUF_SYNC_FOR_DEVICE (2)
 * @direction: 0 bidirectional, 1 to device, 2 from device; any other value
 *	uses the stored sync_direction, as upstream
 * @offset: start, bytes
 * @size: length in bytes, 0: to the end of the buffer
 *
 * Updates sync_owner like the sysfs and ioctl interfaces.
 *
 * Return: 0, or -EINVAL for a bad device, command or range.
 */
int u_dma_buf_device_sync(struct device *dev, int command, int direction,
			  u64 offset, size_t size)
{
	struct udmabuf_device *udev = udmabuf_device_of(dev);
	int err;

	if (!udev)
		return -EINVAL;
	if (!command)
		return 0;
	if (command != U_DMA_BUF_SYNC_FOR_CPU && command != U_DMA_BUF_SYNC_FOR_DEVICE) {
		dev_err(dev, "sync: command %d is not 0 (none), 1 (for cpu) or 2 (for device)\n",
			command);
		return -EINVAL;
	}
	mutex_lock(&udev->lock);
	if (direction < 0 || direction > UDMABUF_SYNC_DIR_MAX)
		direction = udev->set.sync_direction;
	err = udmabuf_device_sync_range(udev, offset, size, direction,
					command == U_DMA_BUF_SYNC_FOR_DEVICE);
	mutex_unlock(&udev->lock);
	return err;
}
EXPORT_SYMBOL_GPL(u_dma_buf_device_sync);
