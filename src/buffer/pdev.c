// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: platform devices of our own, the DMA devices of buffers that
 * have no parent ("u-dma-buf.<n>.auto") and of the main heap
 * ("u-dma-buf-heap"), each with the DMA mask it was asked for.
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/platform_device.h>

#include "buffer/buffer.h"
#include "log.h"

/**
 * udmabuf_pdev_create() - register a platform device to allocate buffers from
 * @name: the platform device's name
 * @id: its id (PLATFORM_DEVID_AUTO or PLATFORM_DEVID_NONE)
 * @mask_bits: width of its DMA mask, a valid one (u_dma_buf_dma_mask_bits_valid())
 * @who: what it is for, the start of the messages
 * @user: the request came from user space: a refused mask is a notice
 *
 * Return: the device, or an ERR_PTR() (logged): -EINVAL when this platform
 * cannot give the mask, or why the device could not be registered.
 */
struct platform_device *udmabuf_pdev_create(const char *name, int id, int mask_bits,
					    const char *who, bool user)
{
	struct platform_device_info info = {
		.name = name,
		.id = id,
		.dma_mask = DMA_BIT_MASK(mask_bits),
	};
	struct platform_device *pdev;

	pdev = platform_device_register_full(&info);
	if (IS_ERR(pdev)) {
		pr_err("%s: cannot create a platform device: %pe\n", who, pdev);
		return pdev;
	}
	if (dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(mask_bits))) {
		udmabuf_cause_err(user, "%s: a %d-bit DMA mask is not supported here\n", who,
				  mask_bits);
		platform_device_unregister(pdev);
		return ERR_PTR(-EINVAL);
	}
	return pdev;
}
