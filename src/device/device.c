// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: creating and removing devices, and the registry of devices by
 * name and minor number.
 *
 * A device is a class device (/sys/class/u-dma-buf/<name>) with a cdev
 * (/dev/<name>) and a reference on its buffer. Removing it deletes the node
 * and the sysfs directory at once; open files, mappings and exports keep
 * what they hold (the struct device or the buffer) until they let go.
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/dcache.h>
#include <linux/device.h>
#include <linux/dma-mapping.h>
#include <linux/idr.h>
#include <linux/namei.h>
#include <linux/platform_device.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat.h"
#include "device/device.h"
#include "device/params.h"
#include "heap/heap.h"
#include "log.h"

static struct class udmabuf_class = {
	.name = "u-dma-buf",
	.dev_groups = udmabuf_groups,
};

static dev_t udmabuf_devt;
static DEFINE_IDA(udmabuf_minors);
static DECLARE_BITMAP(udmabuf_minors_reserved, UDMABUF_MINORS);	/* for device-tree nodes */
static LIST_HEAD(udmabuf_devices);
static DEFINE_MUTEX(udmabuf_devices_lock);	/* udmabuf_devices, minors, ->registered */

/**
 * udmabuf_dma_mask_bits() - width of a device's DMA mask
 * @dev: the device
 *
 * Return: 1..64, the number of significant bits of the mask.
 */
int udmabuf_dma_mask_bits(struct device *dev)
{
	return fls64(dma_get_mask(dev));
}

/**
 * udmabuf_device_quirk_effective() - whether the device maps with quirk-mmap
 * @udev: the device
 *
 * Return: false for quirk-mmap off, and for auto on a coherent device.
 */
bool udmabuf_device_quirk_effective(struct udmabuf_device *udev)
{
	switch (udev->quirk_mmap_mode) {
	case U_DMA_BUF_QUIRK_MMAP_OFF:
		return false;
	case U_DMA_BUF_QUIRK_MMAP_AUTO:
		return !udev->buf->coherent;
	default:
		return true;
	}
}

/**
 * udmabuf_device_settings() - a consistent copy of a device's settings
 * @udev: the device
 * @set: the copy
 *
 */
void udmabuf_device_settings(struct udmabuf_device *udev, struct udmabuf_settings *set)
{
	mutex_lock(&udev->lock);
	*set = udev->set;
	mutex_unlock(&udev->lock);
}

/**
 * udmabuf_device_args_init() - default creation arguments
 * @args: to fill
 * @name: device name
 * @size: bytes
 */
void udmabuf_device_args_init(struct udmabuf_device_args *args, const char *name, size_t size)
{
	memset(args, 0, sizeof(*args));
	args->name = name;
	args->size = size;
	args->minor = -1;
	args->set.sync_mode = 1;
}

/**
 * udmabuf_name_valid() - whether a device name is acceptable
 * @name: the name
 *
 * The name is the node's name in /dev, so it must be one: 1..63 printable
 * ASCII characters without '/', '!' (the driver core turns it into '/') or
 * white space, other than "." and "..". Bytes are compared unsigned, so the
 * rule is the same wherever char is signed or not.
 *
 * Return: true when @name may be used.
 */
bool udmabuf_name_valid(const char *name)
{
	size_t len = strnlen(name, UDMABUF_NAME_MAX + 1);
	size_t i;

	if (!len || len > UDMABUF_NAME_MAX || !strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (i = 0; i < len; i++) {
		unsigned char c = name[i];

		if (c <= ' ' || c >= 0x7f || c == '/' || c == '!')
			return false;
	}
	return true;
}

/*
 * Whether /dev/<name> is something else than our character device @devt
 * (with @any_minor: than any of ours): a name such as "null", "kmsg" or
 * "dma_heap" would give a device without a node of its own. Without
 * devtmpfs on /dev nothing is known, and nothing is refused.
 */
static bool udmabuf_node_taken(const char *name, dev_t devt, bool any_minor)
{
	struct inode *inode;
	struct path path;
	bool taken;
	char *p;

	p = kasprintf(GFP_KERNEL, "/dev/%s", name);
	if (!p)
		return false;
	taken = !kern_path(p, 0, &path);
	kfree(p);
	if (!taken)
		return false;
	inode = d_backing_inode(path.dentry);
	if (!S_ISCHR(inode->i_mode))
		taken = true;
	else if (any_minor)
		taken = MAJOR(inode->i_rdev) != MAJOR(devt);
	else
		taken = inode->i_rdev != devt;
	path_put(&path);
	return taken;
}

static int udmabuf_parent_check(const struct udmabuf_device_args *args)
{
	struct device *parent = args->parent;

	if (!parent)
		return 0;
	if (!parent->dma_mask || !*parent->dma_mask) {
		udmabuf_cause_err(args->user, "%s: %s is not capable of DMA (it has no DMA mask)\n",
				  args->name, dev_name(parent));
		return -EINVAL;
	}
	if (dev_is_platform(parent) && !parent->of_node &&
	    (!strcmp(to_platform_device(parent)->name, "u-dma-buf") ||
	     !strcmp(to_platform_device(parent)->name, "u-dma-buf-heap"))) {
		udmabuf_cause_err(args->user, "%s: %s is u-dma-buf's own device, not a parent for another buffer\n",
				  args->name, dev_name(parent));
		return -EINVAL;
	}
	if (!args->own_node && udmabuf_of_node_is_ours(parent)) {
		udmabuf_cause_err(args->user,
				  "%s: %s is a u-dma-buf device-tree node: its memory pool belongs to its own buffer\n",
				  args->name, dev_name(parent));
		return -EINVAL;
	}
	return 0;
}

static int udmabuf_args_check(const struct udmabuf_device_args *args)
{
	if (!args->name || !udmabuf_name_valid(args->name)) {
		udmabuf_cause_err(args->user,
				  "'%.*s' is not a valid device name (1..%d printable ASCII characters, no '/', '!' or white space)\n",
				  UDMABUF_NAME_MAX + 1, args->name ?: "", UDMABUF_NAME_MAX);
		return -EINVAL;
	}
	if (!strcmp(args->name, "udmabuf")) {
		udmabuf_cause_err(args->user,
				  "the name 'udmabuf' belongs to the kernel's udmabuf driver (/dev/udmabuf) and to /dev/dma_heap/udmabuf\n");
		return -EEXIST;
	}
	if (udmabuf_node_taken(args->name, udmabuf_devt, true)) {
		udmabuf_cause_err(args->user, "%s: /dev/%s exists and belongs to someone else\n",
				  args->name, args->name);
		return -EEXIST;
	}
	if (!args->size) {
		udmabuf_cause_err(args->user, "%s: size 0 is invalid\n", args->name);
		return -EINVAL;
	}
	if (args->minor < -1 || args->minor >= UDMABUF_MINORS) {
		udmabuf_cause_err(args->user, "%s: minor number %d is outside 0..%d\n", args->name,
				  args->minor, UDMABUF_MINORS - 1);
		return -EINVAL;
	}
	if (args->dma_mask_bits && !u_dma_buf_dma_mask_bits_valid(args->dma_mask_bits)) {
		udmabuf_cause_err(args->user, "%s: DMA mask width %d is outside %d..%d\n",
				  args->name, args->dma_mask_bits, U_DMA_BUF_DMA_MASK_BITS_MIN,
				  U_DMA_BUF_DMA_MASK_BITS_MAX);
		return -EINVAL;
	}
	if (args->quirk_mmap_mode < 0 || args->quirk_mmap_mode > U_DMA_BUF_QUIRK_MMAP_PAGE) {
		udmabuf_cause_err(args->user,
				  "%s: quirk mmap mode %d is not 1 (off), 2 (on), 3 (auto) or 4 (page)\n",
				  args->name, args->quirk_mmap_mode);
		return -EINVAL;
	}
	if (args->set.sync_mode > UDMABUF_SYNC_MODE_MAX ||
	    args->set.sync_direction > UDMABUF_SYNC_DIR_MAX) {
		udmabuf_cause_err(args->user, "%s: sync mode %u / direction %u out of range (0..7 / 0..2)\n",
				  args->name, args->set.sync_mode, args->set.sync_direction);
		return -EINVAL;
	}
	return udmabuf_parent_check(args);
}

static struct udmabuf_device *udmabuf_find_locked(const char *name, int minor)
{
	struct udmabuf_device *udev;

	lockdep_assert_held(&udmabuf_devices_lock);
	list_for_each_entry(udev, &udmabuf_devices, node) {
		if (name ? !strcmp(dev_name(&udev->dev), name) :
			   MINOR(udev->dev.devt) == minor)
			return udev;
	}
	return NULL;
}

/**
 * udmabuf_device_find() - look a device up by name or minor number
 * @name: the name, or NULL to look up @minor
 * @minor: the minor number when @name is NULL
 *
 * Return: the device with a reference (drop it with udmabuf_device_put()),
 * or NULL.
 */
struct udmabuf_device *udmabuf_device_find(const char *name, int minor)
{
	struct udmabuf_device *udev;

	mutex_lock(&udmabuf_devices_lock);
	udev = udmabuf_find_locked(name, minor);
	if (udev)
		get_device(&udev->dev);
	mutex_unlock(&udmabuf_devices_lock);
	return udev;
}

/**
 * udmabuf_device_of() - the u-dma-buf device behind a struct device
 * @dev: any device, or NULL
 *
 * Return: the device, or NULL when @dev is not a u-dma-buf class device.
 */
struct udmabuf_device *udmabuf_device_of(struct device *dev)
{
	return dev && dev->class == &udmabuf_class ? to_udmabuf_device(dev) : NULL;
}

/**
 * udmabuf_device_put() - drop a reference taken by udmabuf_device_find()
 * @udev: the device
 */
void udmabuf_device_put(struct udmabuf_device *udev)
{
	put_device(&udev->dev);
}

static void udmabuf_device_release(struct device *dev)
{
	struct udmabuf_device *udev = to_udmabuf_device(dev);

	if (udev->buf)
		udmabuf_buffer_put(udev->buf);
	kfree(udev);
}

/**
 * udmabuf_minor_reserve() - keep a minor number for the device that asks
 *	for it by number
 * @minor: 0..255
 *
 * Device-tree nodes are probed in tree order, so a node without
 * minor-number could otherwise take the number a later node asks for.
 */
void udmabuf_minor_reserve(unsigned int minor)
{
	if (minor < UDMABUF_MINORS)
		set_bit(minor, udmabuf_minors_reserved);
}

/* Any free minor number, the reserved ones last. */
static int udmabuf_minor_any(void)
{
	int minor, ret;

	for (minor = 0; minor < UDMABUF_MINORS; minor++) {
		if (test_bit(minor, udmabuf_minors_reserved))
			continue;
		ret = ida_alloc_range(&udmabuf_minors, minor, minor, GFP_KERNEL);
		if (ret != -ENOSPC)
			return ret;
	}
	return ida_alloc_max(&udmabuf_minors, UDMABUF_MINORS - 1, GFP_KERNEL);
}

static int udmabuf_minor_get(const struct udmabuf_device_args *args)
{
	int ret;

	lockdep_assert_held(&udmabuf_devices_lock);
	if (args->minor < 0)
		ret = udmabuf_minor_any();
	else
		ret = ida_alloc_range(&udmabuf_minors, args->minor, args->minor, GFP_KERNEL);
	if (ret == -ENOSPC && args->minor >= 0) {
		udmabuf_cause_err(args->user, "%s: minor number %d is in use\n", args->name,
				  args->minor);
		return -EBUSY;
	}
	if (ret == -ENOSPC)
		udmabuf_cause_err(args->user, "%s: all %d minor numbers are in use\n", args->name,
				  UDMABUF_MINORS);
	return ret;
}

static struct udmabuf_buffer *udmabuf_args_buffer(const struct udmabuf_device_args *args)
{
	struct udmabuf_buffer_spec spec = {
		.dma_dev = args->parent,
		.size = args->size,
		.name = args->name,
		.region_base = args->region_base,
		.region_size = args->region_size,
		.user = args->user,
	};
	struct platform_device *pdev;
	struct udmabuf_buffer *buf;

	if (args->parent)
		return udmabuf_buffer_alloc(&spec);

	/* Our own parent for buffers without one: "u-dma-buf.<n>.auto". */
	pdev = udmabuf_pdev_create("u-dma-buf", PLATFORM_DEVID_AUTO,
				   args->dma_mask_bits ?: udmabuf_param_dma_mask_bit, args->name,
				   args->user);
	if (IS_ERR(pdev))
		return ERR_CAST(pdev);
	spec.dma_dev = &pdev->dev;
	spec.own_pdev = pdev;
	buf = udmabuf_buffer_alloc(&spec);
	if (IS_ERR(buf))
		platform_device_unregister(pdev);
	return buf;
}

static struct udmabuf_device *udmabuf_device_new(const struct udmabuf_device_args *args)
{
	struct udmabuf_device *udev;
	struct udmabuf_buffer *buf;

	buf = udmabuf_args_buffer(args);
	if (IS_ERR(buf))
		return ERR_CAST(buf);
	udev = kzalloc(sizeof(*udev), GFP_KERNEL);
	if (!udev) {
		udmabuf_buffer_put(buf);
		return ERR_PTR(-ENOMEM);
	}
	udev->buf = buf;
	udev->size = args->size;
	udev->quirk_mmap_mode = args->quirk_mmap_mode ?: udmabuf_param_quirk_mmap_mode;
	udev->set = args->set;
	mutex_init(&udev->lock);
	INIT_LIST_HEAD(&udev->node);

	/* From here on the release callback frees udev and its buffer. */
	device_initialize(&udev->dev);
	udev->dev.class = &udmabuf_class;
	udev->dev.parent = buf->dma_dev;
	udev->dev.release = udmabuf_device_release;
	cdev_init(&udev->cdev, &udmabuf_fops);
	udev->cdev.owner = THIS_MODULE;
	return udev;
}

/* Gives the device its number and node and puts it in the registry. */
static int udmabuf_device_publish(struct udmabuf_device *udev,
				  const struct udmabuf_device_args *args)
{
	int minor, err;

	mutex_lock(&udmabuf_devices_lock);
	if (udmabuf_find_locked(args->name, -1)) {
		udmabuf_cause_err(args->user, "%s: a device of that name exists\n", args->name);
		err = -EEXIST;
		goto err_unlock;
	}
	minor = udmabuf_minor_get(args);
	if (minor < 0) {
		err = minor;
		goto err_unlock;
	}
	udev->dev.devt = MKDEV(MAJOR(udmabuf_devt), minor);
	err = dev_set_name(&udev->dev, "%s", args->name);
	if (!err)
		err = cdev_device_add(&udev->cdev, &udev->dev);
	if (err) {
		pr_err("%s: cannot add the device: %d\n", args->name, err);
		goto err_minor;
	}
	if (udmabuf_node_taken(args->name, udev->dev.devt, false)) {
		udmabuf_cause_err(args->user, "%s: /dev/%s belongs to someone else\n", args->name,
				  args->name);
		cdev_device_del(&udev->cdev, &udev->dev);
		err = -EEXIST;
		goto err_minor;
	}
	list_add_tail(&udev->node, &udmabuf_devices);
	udev->registered = true;
	mutex_unlock(&udmabuf_devices_lock);
	return 0;

err_minor:
	ida_free(&udmabuf_minors, minor);
err_unlock:
	mutex_unlock(&udmabuf_devices_lock);
	return err;
}

/* The sub-heap comes last: its node is named after a published device. */
static int udmabuf_device_add_heap(struct udmabuf_device *udev)
{
	struct udmabuf_heap *heap;
	enum udmabuf_cache cache;
	bool debug;

	mutex_lock(&udev->lock);
	cache = udmabuf_device_cache_mode(udev, false);
	debug = udev->set.debug_export;
	mutex_unlock(&udev->lock);
	heap = udmabuf_subheap_create(udev->buf, dev_name(&udev->dev), cache, debug);
	if (IS_ERR(heap))
		return PTR_ERR(heap);
	mutex_lock(&udmabuf_devices_lock);
	if (udev->registered)
		udev->heap = heap;
	mutex_unlock(&udmabuf_devices_lock);
	if (udev->heap)
		return 0;
	udmabuf_heap_unregister(heap);		/* removed meanwhile */
	return -ENODEV;
}

/**
 * udmabuf_device_create() - allocate a buffer and create its device
 * @args: what to create (udmabuf_device_args_init() gives the defaults)
 *
 * The memory is allocated before the registry is locked, so a large
 * allocation holds up nobody else's lookups or creations.
 *
 * Return: the device, owned by the registry until udmabuf_device_remove(),
 * or an ERR_PTR(): -EINVAL for bad arguments, -EEXIST for a name in use
 * (by a device of ours or by another node in /dev), -EBUSY for a minor
 * number in use, -ENOMEM when the memory cannot be had, -EEXIST for a heap
 * named "udmabuf" (the main heap's node). Every failure is logged with the
 * reason and leaves nothing behind.
 */
struct udmabuf_device *udmabuf_device_create(const struct udmabuf_device_args *args)
{
	struct udmabuf_device *udev;
	int err;

	err = udmabuf_args_check(args);
	if (err)
		return ERR_PTR(err);
	udev = udmabuf_device_new(args);
	if (IS_ERR(udev))
		return udev;
	/* Ours until the end: once published, a delete may drop the registry's. */
	get_device(&udev->dev);
	err = udmabuf_device_publish(udev, args);
	if (err) {
		put_device(&udev->dev);
		goto out;
	}
	if (args->dma_heap) {
		err = udmabuf_device_add_heap(udev);
		if (err) {
			udmabuf_device_remove(udev);
			goto out;
		}
	}
	udmabuf_device_report(udev);
out:
	put_device(&udev->dev);
	return err ? ERR_PTR(err) : udev;
}

/**
 * udmabuf_device_remove() - delete a device's node and sysfs directory
 * @udev: the device
 *
 * The memory stays valid for whoever still holds it: open files, mappings,
 * exports, in-kernel users.
 *
 * Return: 0, or -ENODEV when the device was already removed.
 */
int udmabuf_device_remove(struct udmabuf_device *udev)
{
	mutex_lock(&udmabuf_devices_lock);
	if (!udev->registered) {
		mutex_unlock(&udmabuf_devices_lock);
		return -ENODEV;
	}
	udev->registered = false;
	list_del_init(&udev->node);
	/* Under the lock: a new device of the same name waits for the nodes. */
	if (udev->heap)
		udmabuf_heap_unregister(udev->heap);
	udev->heap = NULL;
	cdev_device_del(&udev->cdev, &udev->dev);
	ida_free(&udmabuf_minors, MINOR(udev->dev.devt));
	mutex_unlock(&udmabuf_devices_lock);

	if (udmabuf_param_info_enable)
		pr_info("%s removed\n", dev_name(&udev->dev));
	put_device(&udev->dev);
	return 0;
}

static struct udmabuf_device *udmabuf_first_of(struct device *dma_dev)
{
	struct udmabuf_device *udev;

	lockdep_assert_held(&udmabuf_devices_lock);
	list_for_each_entry(udev, &udmabuf_devices, node)
		if (!dma_dev || udev->buf->dma_dev == dma_dev)
			return udev;
	return NULL;
}

/**
 * udmabuf_devices_remove_all() - remove every device of a DMA device
 * @dma_dev: the DMA device, or NULL for every device there is
 *
 * Their memory goes once its last holder lets go.
 */
void udmabuf_devices_remove_all(struct device *dma_dev)
{
	struct udmabuf_device *udev;

	for (;;) {
		mutex_lock(&udmabuf_devices_lock);
		udev = udmabuf_first_of(dma_dev);
		if (udev)
			get_device(&udev->dev);
		mutex_unlock(&udmabuf_devices_lock);
		if (!udev)
			break;
		udmabuf_device_remove(udev);
		put_device(&udev->dev);
	}
}

/**
 * udmabuf_devices_init() - register the class and the device numbers
 *
 * Return: 0 or a negative error.
 */
int udmabuf_devices_init(void)
{
	int err;

	err = alloc_chrdev_region(&udmabuf_devt, 0, UDMABUF_MINORS, "u-dma-buf");
	if (err)
		return err;
	err = class_register(&udmabuf_class);
	if (err)
		unregister_chrdev_region(udmabuf_devt, UDMABUF_MINORS);
	return err;
}

/**
 * udmabuf_devices_exit() - remove every device, then the class
 */
void udmabuf_devices_exit(void)
{
	udmabuf_devices_remove_all(NULL);
	class_unregister(&udmabuf_class);
	unregister_chrdev_region(udmabuf_devt, UDMABUF_MINORS);
	ida_destroy(&udmabuf_minors);
}
