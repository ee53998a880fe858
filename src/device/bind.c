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

static bool udmabuf_name_is(const char *name, int len, const char *bus)
{
	return len == strlen(bus) && !strncmp(name, bus, len);
}

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
	if (!name || !len || udmabuf_name_is(name, len, "platform"))
		return &platform_bus_type;
#ifdef CONFIG_PCI
	if (udmabuf_name_is(name, len, "pci"))
		return &pci_bus_type;
#endif
#ifdef CONFIG_PCIEPORTBUS
	if (udmabuf_name_is(name, len, "pci_express"))
		return &pcie_port_bus_type;
#endif
#ifdef CONFIG_ARM_AMBA
	if (udmabuf_name_is(name, len, "amba"))
		return &amba_bustype;
#endif
	return NULL;
}
EXPORT_SYMBOL_GPL(u_dma_buf_find_available_bus_type);

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
	U_DMA_BUF_BUS_TYPE *bus;
	struct device *dev;

	bus = u_dma_buf_find_available_bus_type(spec, buslen);
	if (!bus) {
		pr_err("%s: bind=%s: unknown bus '%.*s' (platform, pci, pci_express, amba)\n",
		       who, spec, buslen, spec);
		return ERR_PTR(-EINVAL);
	}
	dev = *devname ? bus_find_device_by_name(bus, NULL, devname) : NULL;
	if (!dev) {
		pr_err("%s: bind=%s: no device '%s' on the %s bus\n",
		       who, spec, devname, bus->name);
		return ERR_PTR(-ENODEV);
	}
	return dev;
}
