// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: buffers described in the device tree, for "ikwzm,u-dma-buf"
 * and the legacy "ikwzm,udmabuf-0.10.a" nodes:
 *
 *	udmabuf@0 {
 *		compatible = "ikwzm,u-dma-buf";
 *		size = <0x00100000>;		// or <hi lo> for 4 GiB and more
 *		minor-number = <0>;		// optional, 0..255
 *		device-name = "udmabuf0";	// optional
 *		sync-mode = <1>; sync-always;	// optional, as sysfs sync_mode
 *		sync-offset = <0>; sync-size = <0>; sync-direction = <0>;
 *		dma-coherent;			// the bus handles it
 *		dma-mask = <64>;		// optional, 12..64
 *		quirk-mmap-on;			// or -off, -auto, -page
 *		memory-region = <&pool>;	// a reusable shared-dma-pool
 *		dma-heap;			// also /dev/dma_heap/<name>
 *	};
 *
 * The name is device-name, else "udmabuf<minor-number>", else the node's
 * name ("udmabuf@0"). A bad property fails that node's probe with a
 * message naming it; nothing is left behind and other nodes are unaffected.
 *
 * memory-region must be a reusable (CMA) shared-dma-pool: dma_alloc_pages()
 * then allocates from it, and the buffer is checked to lie inside it. A
 * no-map or other non-reusable pool becomes a per-device coherent pool that
 * this allocator cannot use, and no-map memory has no kernel mapping for
 * cache maintenance: such regions are refused with that reason.
 *
 * Nodes cannot be unbound through sysfs (suppress_bind_attrs): the region's
 * binding to the device must outlive every buffer, and unloading the module
 * already waits until nothing holds one.
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/dma-mapping.h>
#include <linux/of.h>
#include <linux/of_reserved_mem.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat.h"
#include "device/device.h"
#include "device/params.h"

/* A 1-cell or 2-cell number. */
static int udmabuf_of_u64(struct device *dev, const char *prop, u64 *value)
{
	struct device_node *np = dev->of_node;
	u32 v32;
	int len;

	if (!of_find_property(np, prop, &len))
		return -ENOENT;
	if (len == sizeof(u32) && !of_property_read_u32(np, prop, &v32)) {
		*value = v32;
		return 0;
	}
	if (len == sizeof(u64) && !of_property_read_u64(np, prop, value))
		return 0;
	dev_err(dev, "%s: must be one or two cells, not %d bytes\n", prop, len);
	return -EINVAL;
}

/* An optional 1-cell number in [min, max]; absent leaves *value alone. */
static int udmabuf_of_u32(struct device *dev, const char *prop, u32 min, u32 max, u32 *value)
{
	struct device_node *np = dev->of_node;
	int len;
	u32 v;

	if (!of_find_property(np, prop, &len))
		return 0;
	if (len != sizeof(u32) || of_property_read_u32(np, prop, &v)) {
		dev_err(dev, "%s: must be one cell, not %d bytes\n", prop, len);
		return -EINVAL;
	}
	if (v < min || v > max) {
		dev_err(dev, "%s: %u is out of range %u..%u\n", prop, v, min, max);
		return -EINVAL;
	}
	*value = v;
	return 0;
}

static int udmabuf_of_quirk(struct device *dev, int *quirk)
{
	int i;

	for (i = U_DMA_BUF_QUIRK_MMAP_OFF; i <= U_DMA_BUF_QUIRK_MMAP_PAGE; i++) {
		if (!of_property_read_bool(dev->of_node, u_dma_buf_quirk_mmap_name(i)))
			continue;
		if (*quirk) {
			dev_err(dev, "%s and %s: at most one quirk-mmap property\n",
				u_dma_buf_quirk_mmap_name(*quirk), u_dma_buf_quirk_mmap_name(i));
			return -EINVAL;
		}
		*quirk = i;
	}
	return 0;
}

static int udmabuf_of_region(struct device *dev, struct udmabuf_device_args *args)
{
	struct device_node *rnp = of_parse_phandle(dev->of_node, "memory-region", 0);
	struct reserved_mem *rmem;
	int err;

	if (!rnp) {
		if (of_find_property(dev->of_node, "memory-region", NULL)) {
			dev_err(dev, "memory-region: not a phandle of a reserved-memory node\n");
			return -EINVAL;
		}
		return 0;
	}
	rmem = of_reserved_mem_lookup(rnp);
	if (!rmem || !of_device_is_compatible(rnp, "shared-dma-pool")) {
		dev_err(dev, "memory-region %pOF: not a reserved shared-dma-pool\n", rnp);
		err = -EINVAL;
	} else if (!of_property_read_bool(rnp, "reusable")) {
		dev_err(dev, "memory-region %pOF: %s; u-dma-buf needs memory in the kernel's linear map (cached mappings, cache maintenance, dma-buf export): make the region \"reusable\" (a CMA pool) instead\n",
			rnp, of_property_read_bool(rnp, "no-map") ?
			"a no-map carve-out has no kernel mapping" :
			"a pool that is not reusable is a coherent pool this allocator does not use");
		err = -EINVAL;
	} else {
		err = of_reserved_mem_device_init(dev);
		if (err)
			dev_err(dev, "memory-region %pOF: cannot assign it: %d\n", rnp, err);
		args->region_base = rmem->base;
		args->region_size = rmem->size;
	}
	of_node_put(rnp);
	return err;
}

/* device-name and minor-number; the name is NAME, of NAMELEN bytes. */
static int udmabuf_of_name(struct device *dev, struct udmabuf_device_args *args, char *name,
			   size_t namelen)
{
	struct device_node *np = dev->of_node;
	const char *devname = NULL;
	u32 minor = 0;

	if (of_find_property(np, "device-name", NULL) &&
	    of_property_read_string(np, "device-name", &devname)) {
		dev_err(dev, "device-name: must be a string\n");
		return -EINVAL;
	}
	if (devname && !udmabuf_name_valid(devname)) {
		dev_err(dev, "device-name: '%.*s' is not a valid device name (1..%d characters, no '/', no white space)\n",
			UDMABUF_NAME_MAX + 1, devname, UDMABUF_NAME_MAX);
		return -EINVAL;
	}
	if (udmabuf_of_u32(dev, "minor-number", 0, UDMABUF_MINORS - 1, &minor))
		return -EINVAL;
	if (of_find_property(np, "minor-number", NULL))
		args->minor = minor;
	if (devname)
		strscpy(name, devname, namelen);
	else if (args->minor >= 0)
		snprintf(name, namelen, "udmabuf%d", args->minor);
	else
		strscpy(name, kbasename(of_node_full_name(np)), namelen);
	return 0;
}

/* sync-mode, sync-always, sync-direction, sync-offset and sync-size. */
static int udmabuf_of_sync(struct device *dev, struct udmabuf_device_args *args)
{
	struct device_node *np = dev->of_node;
	u32 mode = 1, dir = 0;
	u64 value;
	int err;

	if (udmabuf_of_u32(dev, "sync-mode", 0, UDMABUF_SYNC_MODE_MAX, &mode) ||
	    udmabuf_of_u32(dev, "sync-direction", 0, UDMABUF_SYNC_DIR_MAX, &dir))
		return -EINVAL;
	args->set.sync_mode = mode | (of_property_read_bool(np, "sync-always") ?
				      UDMABUF_SYNC_MODE_ALWAYS : 0);
	args->set.sync_direction = dir;
	err = udmabuf_of_u64(dev, "sync-offset", &value);
	if (err != -ENOENT) {
		if (err)
			return err;
		args->set.sync_offset = value;
	}
	err = udmabuf_of_u64(dev, "sync-size", &value);
	if (err != -ENOENT) {
		if (err || value > SIZE_MAX)
			return -EINVAL;
		args->set.sync_size = value;
	}
	return 0;
}

static int udmabuf_of_args(struct device *dev, struct udmabuf_device_args *args, char *name,
			   size_t namelen)
{
	u32 mask = 0;
	u64 size;
	int err;

	err = udmabuf_of_u64(dev, "size", &size);
	if (err == -ENOENT)
		dev_err(dev, "size: missing\n");
	if (err)
		return -EINVAL;
	if (!size || size > SIZE_MAX) {
		dev_err(dev, "size: %llu is not a buffer size\n", size);
		return -EINVAL;
	}
	udmabuf_device_args_init(args, name, size);
	err = udmabuf_of_name(dev, args, name, namelen);
	if (!err)
		err = udmabuf_of_sync(dev, args);
	if (err)
		return err;
	if (udmabuf_of_quirk(dev, &args->quirk_mmap_mode))
		return -EINVAL;
	args->dma_heap = of_property_read_bool(dev->of_node, "dma-heap");

	if (udmabuf_of_u32(dev, "dma-mask", U_DMA_BUF_DMA_MASK_BITS_MIN,
			   U_DMA_BUF_DMA_MASK_BITS_MAX, &mask))
		return -EINVAL;
	if (mask && dma_set_mask_and_coherent(dev, DMA_BIT_MASK(mask))) {
		dev_err(dev, "dma-mask: a %u-bit DMA mask is not supported here\n", mask);
		return -EINVAL;
	}
	args->parent = dev;
	args->own_node = true;
	return 0;
}

static int udmabuf_of_probe(struct platform_device *pdev)
{
	struct device *dev = &pdev->dev;
	struct udmabuf_device_args args;
	struct udmabuf_device *udev;
	char *name;
	int err;

	/* Our own "u-dma-buf.<n>.auto" devices match by name: not ours to probe. */
	if (!dev->of_node)
		return -ENODEV;
	name = devm_kzalloc(dev, UDMABUF_NAME_MAX + 1, GFP_KERNEL);
	if (!name)
		return -ENOMEM;
	err = udmabuf_of_args(dev, &args, name, UDMABUF_NAME_MAX + 1);
	if (err)
		return err;
	err = udmabuf_of_region(dev, &args);
	if (err)
		return err;
	udev = udmabuf_device_create(&args);
	if (IS_ERR(udev)) {
		of_reserved_mem_device_release(dev);
		return PTR_ERR(udev);
	}
	get_device(&udev->dev);
	platform_set_drvdata(pdev, udev);
	return 0;
}

static void udmabuf_of_teardown(struct platform_device *pdev)
{
	struct udmabuf_device *udev = platform_get_drvdata(pdev);

	udmabuf_device_remove(udev);	/* -ENODEV if the manager deleted it */
	put_device(&udev->dev);
	of_reserved_mem_device_release(&pdev->dev);
}

UDMABUF_PLATFORM_REMOVE(udmabuf_of_teardown)

static const struct of_device_id udmabuf_of_match[] = {
	{ .compatible = "ikwzm,u-dma-buf" },
	{ .compatible = "ikwzm,udmabuf-0.10.a" },
	{ }
};
MODULE_DEVICE_TABLE(of, udmabuf_of_match);

static struct platform_driver udmabuf_of_driver = {
	.probe = udmabuf_of_probe,
	.remove = udmabuf_of_teardown_remove,
	.driver = {
		.name = "u-dma-buf",
		.of_match_table = udmabuf_of_match,
		.suppress_bind_attrs = true,
	},
};

/* Nodes are probed in tree order: keep the minor numbers they ask for. */
static void udmabuf_of_reserve_minors(void)
{
	struct device_node *np;
	u32 minor;

	for_each_matching_node(np, udmabuf_of_match)
		if (!of_property_read_u32(np, "minor-number", &minor))
			udmabuf_minor_reserve(minor);
}

/**
 * udmabuf_of_init() - create the device tree's buffers
 *
 * Return: 0 or a negative error.
 */
int udmabuf_of_init(void)
{
	udmabuf_of_reserve_minors();
	return platform_driver_register(&udmabuf_of_driver);
}

/**
 * udmabuf_of_node_is_ours() - whether a device is a u-dma-buf device-tree
 *	node (probed or not)
 * @dev: any device
 *
 * Such a node's memory-region becomes its own buffer's pool when it is
 * probed: a buffer of anyone else's allocated from it, or allocated before
 * the probe and freed after it, would be freed into the wrong pool.
 *
 * Return: true for a node compatible with the u-dma-buf bindings.
 */
bool udmabuf_of_node_is_ours(struct device *dev)
{
	return dev->of_node && of_match_node(udmabuf_of_match, dev->of_node);
}

/**
 * udmabuf_of_exit() - remove the device tree's buffers
 */
void udmabuf_of_exit(void)
{
	platform_driver_unregister(&udmabuf_of_driver);
}
