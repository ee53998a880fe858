// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: DMA devices that go away (a PCI device hot-removed, a platform
 * device unregistered). A buffer's device node is a child of its DMA
 * device, so it must go before its parent's sysfs directory does; and no
 * DMA API call may reach a device that is gone. A bus notifier removes the
 * devices (nodes, sysfs, sub-heaps) at BUS_NOTIFY_DEL_DEVICE, which comes
 * first in device_del(), and marks every buffer of the departing device:
 * open files then get -ENODEV, and mappings and exports keep their memory
 * without cache maintenance.
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/amba/bus.h>
#include <linux/device.h>
#include <linux/notifier.h>
#include <linux/pci.h>
#include <linux/platform_device.h>

#include "buffer/buffer.h"
#include "device/device.h"

static int udmabuf_parent_event(struct notifier_block *nb, unsigned long action, void *data)
{
	struct device *dev = data;

	if (action != BUS_NOTIFY_DEL_DEVICE)
		return NOTIFY_DONE;
	udmabuf_buffers_orphan(dev);
	udmabuf_devices_remove_all(dev);
	return NOTIFY_OK;
}

static struct udmabuf_parent_bus {
	struct bus_type *bus;
	struct notifier_block nb;
	bool registered;
} udmabuf_parent_buses[] = {
	{ .bus = &platform_bus_type },
#ifdef CONFIG_PCI
	{ .bus = &pci_bus_type },
#endif
#ifdef CONFIG_ARM_AMBA
	{ .bus = &amba_bustype },
#endif
};

/**
 * udmabuf_parents_exit() - stop watching the buses
 */
void udmabuf_parents_exit(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(udmabuf_parent_buses); i++) {
		struct udmabuf_parent_bus *b = &udmabuf_parent_buses[i];

		if (b->registered)
			bus_unregister_notifier(b->bus, &b->nb);
		b->registered = false;
	}
}

/**
 * udmabuf_parents_init() - watch the buses a parent can be on
 *
 * The PCIe port service bus is not watched: its devices cannot do DMA and
 * are refused as parents.
 *
 * Return: 0 or a negative error.
 */
int udmabuf_parents_init(void)
{
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(udmabuf_parent_buses); i++) {
		struct udmabuf_parent_bus *b = &udmabuf_parent_buses[i];

		b->nb.notifier_call = udmabuf_parent_event;
		err = bus_register_notifier(b->bus, &b->nb);
		if (err) {
			pr_err("cannot watch the %s bus: %d\n", b->bus->name, err);
			udmabuf_parents_exit();
			return err;
		}
		b->registered = true;
	}
	return 0;
}
