// SPDX-License-Identifier: GPL-2.0
/*
 * Test module for u-dma-buf's in-kernel API (include/u-dma-buf-funcs.h).
 *
 * Loading it creates the device <name> through the API, runs every call
 * with good and bad arguments and logs "kapi-test: PASS: ..." or
 * "kapi-test: FAIL: ..." lines; the load fails when a check failed. The
 * device stays, filled with 0x5a and synced for the device, so user space
 * can check it through /dev/<name>; unloading removes it.
 */
#define pr_fmt(fmt) "kapi-test: " fmt

#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <linux/platform_device.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "u-dma-buf-funcs.h"

static char *name = "kapi0";
module_param(name, charp, 0444);
MODULE_PARM_DESC(name, "name of the device to create");

static int failures;

static void check(bool ok, const char *what)
{
	if (ok) {
		pr_info("PASS: %s\n", what);
	} else {
		pr_info("FAIL: %s\n", what);
		failures++;
	}
}

static void check_create_fails(const char *what, const char *n, int id, size_t size,
			       unsigned int option, long want)
{
	struct device *dev = u_dma_buf_device_create(n, id, size, option, NULL);

	check(IS_ERR(dev) && PTR_ERR(dev) == want, what);
	if (!IS_ERR_OR_NULL(dev))
		u_dma_buf_device_remove(dev);
}

static void check_bus_types(void)
{
	check(u_dma_buf_find_available_bus_type(NULL, 0) == &platform_bus_type,
	      "bus type: none given is the platform bus");
	check(u_dma_buf_find_available_bus_type("platform", 8) == &platform_bus_type,
	      "bus type: platform");
	check(u_dma_buf_find_available_bus_type("pci/0000:00:00.0", 3) == &pci_bus_type,
	      "bus type: pci, from a name that goes on");
	check(!u_dma_buf_find_available_bus_type("nosuchbus", 9), "bus type: unknown is NULL");
	check(!u_dma_buf_find_available_bus_type("pc", 2), "bus type: a prefix is not a match");
}

static void check_find_device(void)
{
	struct device *dev = u_dma_buf_find_device("platform", 8, "u-dma-buf-heap");

	check(!IS_ERR(dev) && !strcmp(dev_name(dev), "u-dma-buf-heap"),
	      "find device: platform/u-dma-buf-heap (the main heap's)");
	if (!IS_ERR(dev))
		put_device(dev);
	dev = u_dma_buf_find_device(NULL, 0, "u-dma-buf-heap");
	check(!IS_ERR(dev), "find device: no bus is the platform bus");
	if (!IS_ERR(dev))
		put_device(dev);
	check(u_dma_buf_find_device("nosuchbus", 9, "x") == ERR_PTR(-EINVAL),
	      "find device: unknown bus is -EINVAL");
	check(u_dma_buf_find_device("pci", 3, "nosuchdev") == ERR_PTR(-ENODEV),
	      "find device: no such device is -ENODEV");
	check(u_dma_buf_find_device("platform", 8, "") == ERR_PTR(-ENODEV),
	      "find device: an empty name is -ENODEV");
}

/* A device with a parent of our own, then removed twice. */
static void check_parent_and_remove(void)
{
	struct platform_device *pdev;
	struct device *dev, *found;

	pdev = platform_device_register_simple("kapi-parent", PLATFORM_DEVID_NONE, NULL, 0);
	if (IS_ERR(pdev) || dma_coerce_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(32))) {
		check(false, "parent: register a platform device");
		return;
	}
	dev = u_dma_buf_device_create("kapi-child", -1, SZ_4K, 0, &pdev->dev);
	check(!IS_ERR_OR_NULL(dev), "create with a parent device");
	if (IS_ERR_OR_NULL(dev)) {
		platform_device_unregister(pdev);
		return;
	}
	check(dev->parent == &pdev->dev, "the parent is the DMA device");
	found = u_dma_buf_device_search("kapi-child", -1);
	check(found == dev, "search finds it");
	check(u_dma_buf_device_remove(found) == 0, "remove");
	check(u_dma_buf_device_remove(found) == -ENODEV, "remove again is -ENODEV");
	check(!u_dma_buf_device_search("kapi-child", -1), "search after remove is NULL");
	put_device(found);
	platform_device_unregister(pdev);
}

static int __init kapi_test_init(void)
{
	struct device *dev, *found;
	dma_addr_t dma = 0;
	void *vaddr = NULL;
	size_t size = 0;

	check_bus_types();
	check_find_device();

	dev = u_dma_buf_device_create(name, -1, SZ_64K + 100, 0, NULL);
	check(!IS_ERR_OR_NULL(dev), "create");
	if (IS_ERR_OR_NULL(dev))
		return -EINVAL;

	check_create_fails("create with a name in use is -EEXIST", name, -1, SZ_4K, 0, -EEXIST);
	check_create_fails("create with size 0 is -EINVAL", "kapi-bad", -1, 0, 0, -EINVAL);
	check_create_fails("create with minor 256 is -EINVAL", "kapi-bad", 256, SZ_4K, 0, -EINVAL);
	check_create_fails("create with a minor in use is -EBUSY", "kapi-bad", MINOR(dev->devt),
			   SZ_4K, 0, -EBUSY);
	check_create_fails("create with unknown option bits is -EINVAL", "kapi-bad", -1, SZ_4K,
			   BIT(20), -EINVAL);
	check_create_fails("create with quirk mode 5 is -EINVAL", "kapi-bad", -1, SZ_4K,
			   5 << U_DMA_BUF_OPTION_QUIRK_MMAP_SHIFT, -EINVAL);
	check_create_fails("create with a 4-bit DMA mask is -EINVAL", "kapi-bad", -1, SZ_4K, 4,
			   -EINVAL);
	check_create_fails("create with a '/' in the name is -EINVAL", "kapi/bad", -1, SZ_4K, 0,
			   -EINVAL);
	check_create_fails("create with an empty name is -EINVAL", "", -1, SZ_4K, 0, -EINVAL);

	found = u_dma_buf_device_search(name, -1);
	check(found == dev, "search by name");
	put_device(found);
	found = u_dma_buf_device_search(NULL, MINOR(dev->devt));
	check(found == dev, "search by minor number");
	put_device(found);
	check(!u_dma_buf_device_search("kapi-nosuch", -1), "search for an unknown name is NULL");

	check(u_dma_buf_device_getmap(dev, &size, &vaddr, &dma) == 0, "getmap");
	check(size == SZ_64K + 100 && vaddr && dma, "getmap: size, address and DMA address");
	check(u_dma_buf_device_getmap(dev->parent, &size, &vaddr, &dma) == -EINVAL,
	      "getmap of a device that is not ours is -EINVAL");
	if (vaddr)
		memset(vaddr, 0x5a, size);

	check(u_dma_buf_device_sync(dev, U_DMA_BUF_SYNC_FOR_CPU, 0, 0, 0) == 0, "sync for cpu");
	check(u_dma_buf_device_sync(dev, 3, 0, 0, 0) == -EINVAL, "sync command 3 is -EINVAL");
	check(u_dma_buf_device_sync(dev, 0, 0, 0, 0) == 0, "sync command 0 does nothing");
	check(u_dma_buf_device_sync(dev, U_DMA_BUF_SYNC_FOR_CPU, 3, 0, 0) == 0,
	      "sync direction 3 uses the stored direction, as upstream");
	check(u_dma_buf_device_sync(dev, U_DMA_BUF_SYNC_FOR_CPU, -1, 0, 0) == 0,
	      "sync direction -1 uses the stored direction, as upstream");
	check(u_dma_buf_device_sync(dev, U_DMA_BUF_SYNC_FOR_CPU, 0, SZ_64K, SZ_4K) == -EINVAL,
	      "sync past the end is -EINVAL");
	check(u_dma_buf_device_sync(dev, U_DMA_BUF_SYNC_FOR_DEVICE, 1, 0, 0) == 0,
	      "sync for device");

	check_parent_and_remove();
	if (failures) {
		u_dma_buf_device_remove(dev);
		return -EINVAL;
	}
	return 0;
}
module_init(kapi_test_init);

static void __exit kapi_test_exit(void)
{
	struct device *dev = u_dma_buf_device_search(name, -1);

	if (dev) {
		u_dma_buf_device_remove(dev);
		put_device(dev);
	}
}
module_exit(kapi_test_exit);

MODULE_DESCRIPTION("u-dma-buf in-kernel API test");
MODULE_LICENSE("GPL");
