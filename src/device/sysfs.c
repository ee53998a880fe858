// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: the attributes in /sys/class/u-dma-buf/<name>/, with
 * u-dma-buf 5.5's names, modes and formats. Writes take an unsigned number
 * (0x hex, 0 octal or decimal); anything else or out of range is -EINVAL
 * with a debug message naming the value, and changes nothing. sync_offset
 * and sync_size each lie within the buffer (their sum is checked when a
 * sync uses them), so what GET_SYNC reports can always be set again.
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/sysfs.h>

#include "device/device.h"
#include "version.h"

static int udmabuf_attr_parse(struct device *dev, const char *attr, const char *buf,
			      u64 max, u64 *value)
{
	size_t len = strcspn(buf, "\n");

	if (kstrtou64(buf, 0, value)) {
		dev_dbg(dev, "%s: '%.*s' is not a number\n", attr,
			(int)min_t(size_t, len, 32), buf);
		return -EINVAL;
	}
	if (*value > max) {
		dev_dbg(dev, "%s: %llu is out of range 0..%llu\n", attr, *value, max);
		return -EINVAL;
	}
	return 0;
}

static ssize_t driver_version_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%s\n", U_DMA_BUF_DRIVER_VERSION);
}
static DEVICE_ATTR_RO(driver_version);

static ssize_t size_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%zu\n", to_udmabuf_device(dev)->size);
}
static DEVICE_ATTR_RO(size);

static ssize_t phys_addr_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%pad\n", &to_udmabuf_device(dev)->buf->dma_addr);
}
static DEVICE_ATTR_RO(phys_addr);

static ssize_t dma_coherent_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", to_udmabuf_device(dev)->buf->coherent);
}
static DEVICE_ATTR_RO(dma_coherent);

static ssize_t quirk_mmap_mode_show(struct device *dev, struct device_attribute *attr,
				    char *buf)
{
	return sysfs_emit(buf, "%d\n", to_udmabuf_device(dev)->quirk_mmap_mode);
}
static DEVICE_ATTR_RO(quirk_mmap_mode);

static ssize_t ioctl_version_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", udmabuf_ioctl_version());
}
static DEVICE_ATTR_RO(ioctl_version);

static ssize_t udmabuf_attr_store(struct device *dev, const char *attr, const char *buf,
				  size_t count, u64 max,
				  void (*apply)(struct udmabuf_device *udev, u64 value))
{
	struct udmabuf_device *udev = to_udmabuf_device(dev);
	u64 value;

	if (udmabuf_attr_parse(dev, attr, buf, max, &value))
		return -EINVAL;
	mutex_lock(&udev->lock);
	apply(udev, value);
	mutex_unlock(&udev->lock);
	return count;
}

/*
 * The settings change under the device lock; reads take a copy under it.
 * UDMABUF_SETTING_SHOW(field, fmt) defines field_show(), showing
 * udev->set.field with @fmt; UDMABUF_SETTING_RW(field, fmt, max) defines
 * the attribute "field", whose writes set it to 0..@max, an expression
 * that may use dev, the device.
 */
#define UDMABUF_SETTING_SHOW(field, fmt)					\
static ssize_t field##_show(struct device *dev, struct device_attribute *attr,	\
			    char *buf)						\
{										\
	struct udmabuf_settings set;						\
										\
	udmabuf_device_settings(to_udmabuf_device(dev), &set);			\
	return sysfs_emit(buf, fmt "\n", set.field);				\
}

#define UDMABUF_SETTING_RW(field, fmt, max)					\
static void udmabuf_set_##field(struct udmabuf_device *udev, u64 value)	\
{										\
	udev->set.field = value;						\
}										\
										\
UDMABUF_SETTING_SHOW(field, fmt)						\
										\
static ssize_t field##_store(struct device *dev, struct device_attribute *attr,	\
			     const char *buf, size_t count)			\
{										\
	return udmabuf_attr_store(dev, #field, buf, count, max,		\
				  udmabuf_set_##field);				\
}										\
static DEVICE_ATTR_RW(field)

UDMABUF_SETTING_RW(sync_mode, "%u", UDMABUF_SYNC_MODE_MAX);
UDMABUF_SETTING_RW(sync_offset, "0x%llx", to_udmabuf_device(dev)->size);
UDMABUF_SETTING_RW(sync_size, "%zu", to_udmabuf_device(dev)->size);
UDMABUF_SETTING_RW(sync_direction, "%u", UDMABUF_SYNC_DIR_MAX);
UDMABUF_SETTING_RW(debug_vma, "%u", 3);
UDMABUF_SETTING_RW(debug_export, "%u", 1);

UDMABUF_SETTING_SHOW(sync_owner, "%d")
static DEVICE_ATTR_RO(sync_owner);

/*
 * sync_for_cpu / sync_for_device: writing a sync command (see
 * udmabuf_device_sync_command()) runs it; reading gives 0, the value
 * upstream shows once a sync has completed.
 */
static ssize_t udmabuf_sync_store(struct device *dev, const char *attr, const char *buf,
				  size_t count, bool for_device)
{
	struct udmabuf_device *udev = to_udmabuf_device(dev);
	u64 command;
	int err;

	if (udmabuf_attr_parse(dev, attr, buf, U64_MAX, &command))
		return -EINVAL;
	mutex_lock(&udev->lock);
	err = udmabuf_device_sync_command(udev, command, for_device);
	mutex_unlock(&udev->lock);
	return err ?: count;
}

static ssize_t sync_for_cpu_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "0\n");
}

static ssize_t sync_for_cpu_store(struct device *dev, struct device_attribute *attr,
				  const char *buf, size_t count)
{
	return udmabuf_sync_store(dev, "sync_for_cpu", buf, count, false);
}
static DEVICE_ATTR_RW(sync_for_cpu);

static ssize_t sync_for_device_show(struct device *dev, struct device_attribute *attr,
				    char *buf)
{
	return sysfs_emit(buf, "0\n");
}

static ssize_t sync_for_device_store(struct device *dev, struct device_attribute *attr,
				     const char *buf, size_t count)
{
	return udmabuf_sync_store(dev, "sync_for_device", buf, count, true);
}
static DEVICE_ATTR_RW(sync_for_device);

static struct attribute *udmabuf_attrs[] = {
	&dev_attr_driver_version.attr,
	&dev_attr_size.attr,
	&dev_attr_phys_addr.attr,
	&dev_attr_sync_mode.attr,
	&dev_attr_sync_offset.attr,
	&dev_attr_sync_size.attr,
	&dev_attr_sync_direction.attr,
	&dev_attr_sync_owner.attr,
	&dev_attr_sync_for_cpu.attr,
	&dev_attr_sync_for_device.attr,
	&dev_attr_quirk_mmap_mode.attr,
	&dev_attr_dma_coherent.attr,
	&dev_attr_ioctl_version.attr,
	&dev_attr_debug_vma.attr,
	&dev_attr_debug_export.attr,
	NULL,
};

/* As upstream, settable attributes are group-writable too (0664). */
static umode_t udmabuf_attr_mode(struct kobject *kobj, struct attribute *attr, int n)
{
	return attr->mode & 0200 ? attr->mode | 0020 : attr->mode;
}

static const struct attribute_group udmabuf_group = {
	.attrs = udmabuf_attrs,
	.is_visible = udmabuf_attr_mode,
};

const struct attribute_group *udmabuf_groups[] = {
	&udmabuf_group,
	NULL,
};
