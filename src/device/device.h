/* SPDX-License-Identifier: GPL-2.0 */
#ifndef UDMABUF_DEVICE_DEVICE_H
#define UDMABUF_DEVICE_DEVICE_H

#include <linux/cdev.h>
#include <linux/device.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include "u-dma-buf-funcs.h"
#include "buffer/buffer.h"

struct udmabuf_heap;

#define UDMABUF_MINORS		256

/* sync_mode: bits 1..0 select the O_SYNC mapping, bit 2 applies it always. */
#define UDMABUF_SYNC_MODE_MAX		7
#define UDMABUF_SYNC_MODE_ALWAYS	4
#define UDMABUF_SYNC_DIR_MAX		2

/*
 * The packed 64-bit sync command (udmabuf_device_sync_command()): NONE does
 * nothing, STORED syncs the stored range, and any other value is a one-shot
 * range of these fields, its bits 1..0 ignored.
 */
#define UDMABUF_SYNC_CMD_NONE		0
#define UDMABUF_SYNC_CMD_STORED		1
#define UDMABUF_SYNC_CMD_OFFSET_SHIFT	32
#define UDMABUF_SYNC_CMD_SIZE_MASK	0xfffffff0ull
#define UDMABUF_SYNC_CMD_DIR_SHIFT	2
#define UDMABUF_SYNC_CMD_DIR_MASK	3

/**
 * struct udmabuf_settings - what sysfs and the ioctls set on a device
 * @sync_mode: 0..7, see UDMABUF_SYNC_MODE_ALWAYS
 * @sync_offset: stored range for sync_for_cpu/_device
 * @sync_size: stored range length (0: to the end of the buffer)
 * @sync_direction: 0 bidirectional, 1 to device, 2 from device
 * @sync_owner: false after a sync for the CPU, true after one for the device
 * @debug_vma: 0..3, log mappings
 * @debug_export: 0..1, log dma-buf exports
 */
struct udmabuf_settings {
	unsigned int sync_mode;
	u64 sync_offset;
	size_t sync_size;
	unsigned int sync_direction;
	bool sync_owner;
	unsigned int debug_vma;
	unsigned int debug_export;
};

/**
 * struct udmabuf_device - a buffer's device node and sysfs directory
 * @dev: the class device /sys/class/u-dma-buf/<name>; its reference count
 *	keeps this structure (open files and in-kernel users hold one)
 * @cdev: /dev/<name>
 * @buf: the memory (a reference is held)
 * @size: size as requested at creation
 * @quirk_mmap_mode: U_DMA_BUF_QUIRK_MMAP_*
 * @lock: protects @set; never held across a user copy
 * @set: the settings
 * @heap: its sub-allocating heap /dev/dma_heap/<name>, or NULL
 * @node: in the registry (device.c), under its lock
 * @registered: in the registry; false once removal started
 */
struct udmabuf_device {
	struct device dev;
	struct cdev cdev;
	struct udmabuf_buffer *buf;
	size_t size;
	int quirk_mmap_mode;

	struct mutex lock;		/* protects set */
	struct udmabuf_settings set;

	struct udmabuf_heap *heap;
	struct list_head node;
	bool registered;
};

static inline struct udmabuf_device *to_udmabuf_device(struct device *dev)
{
	return container_of(dev, struct udmabuf_device, dev);
}

/**
 * struct udmabuf_device_args - what to create
 * @name: device name (/dev/<name>)
 * @minor: minor number 0..255, or -1 for any free one
 * @size: bytes
 * @parent: DMA device (a reference is taken); NULL creates a platform
 *	device of our own
 * @dma_mask_bits: DMA mask width of our own platform device, 0: default
 * @quirk_mmap_mode: U_DMA_BUF_QUIRK_MMAP_*, 0: the module default
 * @set: initial settings
 * @dma_heap: also create /dev/dma_heap/<name>, a heap allocating from the
 *	buffer
 * @region_base: when @region_size is not 0, the buffer must lie in the
 *	physical range [@region_base, @region_base + @region_size) (a
 *	reserved-memory pool), or the device is not created
 * @region_size: see @region_base
 * @user: a request from user space (the manager): refusals are logged as
 *	rate-limited notices, not as errors
 * @own_node: @parent is the device-tree node that describes this very
 *	buffer (of.c); any other creator may not use such a node as parent
 */
struct udmabuf_device_args {
	const char *name;
	int minor;
	size_t size;
	struct device *parent;
	int dma_mask_bits;
	int quirk_mmap_mode;
	struct udmabuf_settings set;
	bool dma_heap;
	phys_addr_t region_base;
	u64 region_size;
	bool user;
	bool own_node;
};

void udmabuf_device_args_init(struct udmabuf_device_args *args, const char *name, size_t size);
bool udmabuf_name_valid(const char *name);
void udmabuf_minor_reserve(unsigned int minor);
struct udmabuf_device *udmabuf_device_create(const struct udmabuf_device_args *args);
int udmabuf_device_remove(struct udmabuf_device *udev);
void udmabuf_devices_remove_all(struct device *dma_dev);
int udmabuf_parents_init(void);
void udmabuf_parents_exit(void);
struct udmabuf_device *udmabuf_device_find(const char *name, int minor);
struct udmabuf_device *udmabuf_device_of(struct device *dev);
void udmabuf_device_put(struct udmabuf_device *udev);
int udmabuf_devices_init(void);
void udmabuf_devices_exit(void);
int udmabuf_of_init(void);
void udmabuf_of_exit(void);
bool udmabuf_of_node_is_ours(struct device *dev);
bool udmabuf_device_quirk_effective(struct udmabuf_device *udev);
void udmabuf_device_settings(struct udmabuf_device *udev, struct udmabuf_settings *set);
int udmabuf_dma_mask_bits(struct device *dev);

/* sync.c */
int udmabuf_device_sync_command(struct udmabuf_device *udev, u64 command, bool for_device);
int udmabuf_device_sync_range(struct udmabuf_device *udev, u64 offset, size_t size,
			      unsigned int direction, bool for_device);
int udmabuf_check_range(struct udmabuf_device *udev, const char *what, u64 offset,
			size_t *size);
enum udmabuf_cache udmabuf_device_cache_mode(struct udmabuf_device *udev, bool o_sync);
bool udmabuf_device_rw_syncs(struct udmabuf_device *udev, bool o_sync);

/* chardev.c, ioctl.c, sysfs.c, report.c */
extern const struct file_operations udmabuf_fops;
long udmabuf_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
#ifdef CONFIG_COMPAT
long udmabuf_compat_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
#else
#define udmabuf_compat_ioctl NULL
#endif
int udmabuf_ioctl_version(void);
long udmabuf_ioctl_export(struct udmabuf_device *udev, fmode_t f_mode, void __user *uarg,
			  bool i386);
bool udmabuf_ioctl_is_export_i386(unsigned int cmd);
extern const struct attribute_group *udmabuf_groups[];
void udmabuf_device_report(struct udmabuf_device *udev);

#endif
