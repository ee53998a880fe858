// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: finding the parent (DMA) device a buffer is bound to, given as
 * "[bus/]device": the bind and udmabufN_bind parameters and the manager's
 * bus= and device= options.
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/amba/bus.h>
#include <linux/device.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/string.h>

#include "u-dma-buf-funcs.h"
#include "compat.h"
#include "device/bind.h"

/* The buses a parent may be on; "platform" first, the default. */
static const struct {
	const char *name;
	U_DMA_BUF_BUS_TYPE *bus;
} udmabuf_buses[] = {
	{ "platform", &platform_bus_type },
#ifdef CONFIG_PCI
	{ "pci", &pci_bus_type },
#endif
#ifdef CONFIG_PCIEPORTBUS
	{ "pci_express", &pcie_port_bus_type },
#endif
#ifdef CONFIG_ARM_AMBA
	{ "amba", &amba_bustype },
#endif
};

/**
 * u_dma_buf_find_available_bus_type() - a bus type by name
 * @name: "platform", "pci", "pci_express" or "amba" (the last three when the
 *	kernel has them); need not be NUL-terminated
 * @len: length of @name; 0 (or a NULL @name) selects the platform bus
 *
 * Return: the bus type, or NULL when there is no such bus.
 */
U_DMA_BUF_BUS_TYPE *u_dma_buf_find_available_bus_type(const char *name, int len)
{
	unsigned int i;

	if (!name || !len)
		return &platform_bus_type;
	for (i = 0; i < ARRAY_SIZE(udmabuf_buses); i++)
		if (len == strlen(udmabuf_buses[i].name) &&
		    !strncmp(name, udmabuf_buses[i].name, len))
			return udmabuf_buses[i].bus;
	return NULL;
}
EXPORT_SYMBOL_GPL(u_dma_buf_find_available_bus_type);

/**
 * u_dma_buf_find_device() - a device by bus and name
 * @bus: the bus's name, as for u_dma_buf_find_available_bus_type()
 * @bus_len: length of @bus; 0 selects the platform bus
 * @name: the device's name on that bus
 *
 * Return: the device with a reference (put_device() it), ERR_PTR(-EINVAL)
 * for an unknown bus or ERR_PTR(-ENODEV) when the bus has no such device.
 */
struct device *u_dma_buf_find_device(const char *bus, int bus_len, const char *name)
{
	U_DMA_BUF_BUS_TYPE *type = u_dma_buf_find_available_bus_type(bus, bus_len);
	struct device *dev;

	if (!type)
		return ERR_PTR(-EINVAL);
	dev = *name ? bus_find_device_by_name(type, NULL, name) : NULL;
	return dev ?: ERR_PTR(-ENODEV);
}
EXPORT_SYMBOL_GPL(u_dma_buf_find_device);

/**
 * udmabuf_bind_lookup() - the device named by a bind specification
 * @who: the buffer's name, for messages
 * @spec: "[bus/]device"; without a bus, the platform bus is searched
 *
 * Return: the device with a reference, or ERR_PTR(-EINVAL) (unknown bus)
 * or ERR_PTR(-ENODEV) (no such device), with a message saying which.
 */
struct device *udmabuf_bind_lookup(const char *who, const char *spec)
{
	const char *slash = strchr(spec, '/');
	const char *devname = slash ? slash + 1 : spec;
	int buslen = slash ? slash - spec : 0;
	struct device *dev = u_dma_buf_find_device(spec, buslen, devname);

	if (dev == ERR_PTR(-EINVAL))
		pr_err("%s: bind=%s: unknown bus '%.*s' (platform, pci, pci_express, amba)\n",
		       who, spec, buslen, spec);
	else if (IS_ERR(dev))
		pr_err("%s: bind=%s: no device '%s' on the %s bus\n", who, spec, devname,
		       u_dma_buf_find_available_bus_type(spec, buslen)->name);
	return dev;
}
