// SPDX-License-Identifier: GPL-2.0
/* 6.12: bus types are const; lookups take a const struct bus_type *. */
#include <linux/device.h>
#include <linux/platform_device.h>

struct device *conftest(void)
{
	const struct bus_type *bus = &platform_bus_type;

	return bus_find_device_by_name(bus, NULL, "conftest");
}
