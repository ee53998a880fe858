// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: the creation report upstream prints when info_enable is set:
 * bit 0 the basic lines, bit 1 the DMA details.
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/iommu.h>

#include "device/device.h"
#include "device/params.h"
#include "version.h"

static const char *udmabuf_iommu_domain(struct device *dev)
{
	struct iommu_domain *domain = iommu_get_domain_for_dev(dev);

	if (!domain)
		return "NONE";
	switch (domain->type) {
	case IOMMU_DOMAIN_BLOCKED:
		return "BLOCKED";
	case IOMMU_DOMAIN_IDENTITY:
		return "IDENTITY";
	case IOMMU_DOMAIN_UNMANAGED:
		return "UNMANAGED";
	case IOMMU_DOMAIN_DMA:
		return "DMA";
	default:
		return "DMA-FQ";
	}
}

static const char *udmabuf_mmap_name(struct udmabuf_device *udev)
{
	if (udev->quirk_mmap_mode == U_DMA_BUF_QUIRK_MMAP_PAGE)
		return "quirk-mmap-page";
	return udmabuf_device_quirk_effective(udev) ? "quirk-mmap" : "dma_mmap_coherent";
}

/**
 * udmabuf_device_report() - log a new device, as upstream does
 * @udev: the device
 */
void udmabuf_device_report(struct udmabuf_device *udev)
{
	struct device *dev = &udev->dev;
	struct device *dma = udev->buf->dma_dev;
	int info = udmabuf_param_info_enable;

	if (info & 1) {
		dev_info(dev, "driver version = %s\n", U_DMA_BUF_DRIVER_VERSION);
		dev_info(dev, "major number   = %d\n", MAJOR(dev->devt));
		dev_info(dev, "minor number   = %d\n", MINOR(dev->devt));
		dev_info(dev, "phys address   = %pad\n", &udev->buf->dma_addr);
		dev_info(dev, "buffer size    = %zu\n", udev->size);
	}
	if (info & 2) {
		dev_info(dev, "dma device     = %s\n", dev_name(dma));
		dev_info(dev, "dma bus        = %s\n", dma->bus ? dma->bus->name : "none");
		dev_info(dev, "dma coherent   = %d\n", udev->buf->coherent);
		dev_info(dev, "dma mask       = 0x%016llx\n", dma_get_mask(dma));
		dev_info(dev, "iommu domain   = %s\n", udmabuf_iommu_domain(dma));
		dev_info(dev, "mmap mode      = %d\n", udev->quirk_mmap_mode);
		dev_info(dev, "mmap           = %s\n", udmabuf_mmap_name(udev));
	}
	if (info)
		pr_info("%s installed.\n", dev_name(dev));
}
