// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: ioctls of /dev/<name> (uapi/u-dma-buf-ioctl.h).
 *
 * Arguments are copied in before and out after the device lock is taken,
 * so the lock is never held across a user copy (which could fault and take
 * mmap_lock, which mmap() takes before the device lock).
 */
#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "u-dma-buf-ioctl.h"
#include "core/device.h"
#include "version.h"

/* 2: U_DMA_BUF_IOCTL_EXPORT is available. */
#define UDMABUF_IOCTL_VERSION	2

/**
 * udmabuf_ioctl_version() - the ioctl interface version
 *
 * Return: what sysfs ioctl_version and GET_DRV_INFO report.
 */
int udmabuf_ioctl_version(void)
{
	return UDMABUF_IOCTL_VERSION;
}

static int udmabuf_ioctl_get_drv_info(void __user *uarg)
{
	u_dma_buf_ioctl_drv_info info = {};

	SET_U_DMA_BUF_IOCTL_FLAGS_IOCTL_VERSION(&info, udmabuf_ioctl_version());
	SET_U_DMA_BUF_IOCTL_FLAGS_IN_KERNEL_FUNCTIONS(&info, 1);
	SET_U_DMA_BUF_IOCTL_FLAGS_USE_OF_DMA_CONFIG(&info, IS_ENABLED(CONFIG_OF));
	SET_U_DMA_BUF_IOCTL_FLAGS_USE_OF_RESERVED_MEM(&info, IS_ENABLED(CONFIG_OF_RESERVED_MEM));
	SET_U_DMA_BUF_IOCTL_FLAGS_USE_QUIRK_MMAP(&info, 1);
	SET_U_DMA_BUF_IOCTL_FLAGS_USE_QUIRK_MMAP_PAGE(&info, 1);
	strscpy(info.version, U_DMA_BUF_DRIVER_VERSION, sizeof(info.version));
	return copy_to_user(uarg, &info, sizeof(info)) ? -EFAULT : 0;
}

static int udmabuf_ioctl_get_dev_info(struct udmabuf_device *udev, void __user *uarg)
{
	u_dma_buf_ioctl_dev_info info = {};

	SET_U_DMA_BUF_IOCTL_FLAGS_DMA_MASK(&info, udmabuf_dma_mask_bits(udev->buf->dma_dev));
	SET_U_DMA_BUF_IOCTL_FLAGS_DMA_COHERENT(&info, udev->buf->coherent);
	SET_U_DMA_BUF_IOCTL_FLAGS_MMAP_MODE(&info, udev->quirk_mmap_mode);
	info.size = udev->size;
	info.addr = udev->buf->dma_addr;
	return copy_to_user(uarg, &info, sizeof(info)) ? -EFAULT : 0;
}

static int udmabuf_ioctl_get_sync(struct udmabuf_device *udev, void __user *uarg)
{
	u_dma_buf_ioctl_sync_args args = {};
	struct udmabuf_settings set;
	int err;

	err = udmabuf_device_settings(udev, &set);
	if (err)
		return err;
	SET_U_DMA_BUF_IOCTL_FLAGS_SYNC_DIR(&args, set.sync_direction);
	SET_U_DMA_BUF_IOCTL_FLAGS_SYNC_MODE(&args, set.sync_mode);
	SET_U_DMA_BUF_IOCTL_FLAGS_SYNC_OWNER(&args, set.sync_owner);
	args.offset = set.sync_offset;
	args.size = set.sync_size;
	return copy_to_user(uarg, &args, sizeof(args)) ? -EFAULT : 0;
}

/*
 * Stores sync_offset, sync_size, sync_direction and, when the SYNC_MODE
 * field is not 0, sync_mode; then runs SYNC_CMD (0 none, 1 for the CPU, 3
 * for the device) on the new range. Everything is checked first: a bad
 * argument changes nothing. SYNC_OWNER is output only and ignored, so the
 * result of GET_SYNC can be passed back.
 */
static int udmabuf_ioctl_set_sync(struct udmabuf_device *udev, void __user *uarg)
{
	const u64 known =
		U_DMA_BUF_IOCTL_FLAGS_SYNC_CMD_MASK << U_DMA_BUF_IOCTL_FLAGS_SYNC_CMD_SHIFT |
		U_DMA_BUF_IOCTL_FLAGS_SYNC_DIR_MASK << U_DMA_BUF_IOCTL_FLAGS_SYNC_DIR_SHIFT |
		U_DMA_BUF_IOCTL_FLAGS_SYNC_MODE_MASK << U_DMA_BUF_IOCTL_FLAGS_SYNC_MODE_SHIFT |
		U_DMA_BUF_IOCTL_FLAGS_SYNC_OWNER_MASK << U_DMA_BUF_IOCTL_FLAGS_SYNC_OWNER_SHIFT;
	u_dma_buf_ioctl_sync_args args;
	int cmd, dir, mode, err = 0;
	size_t size;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	cmd = GET_U_DMA_BUF_IOCTL_FLAGS_SYNC_CMD(&args);
	dir = GET_U_DMA_BUF_IOCTL_FLAGS_SYNC_DIR(&args);
	mode = GET_U_DMA_BUF_IOCTL_FLAGS_SYNC_MODE(&args);
	if (args.flags & ~known) {
		dev_err(&udev->dev, "SET_SYNC: unknown flags 0x%llx\n", args.flags & ~known);
		return -EINVAL;
	}
	if (cmd == 2) {
		dev_err(&udev->dev, "SET_SYNC: command 2 is not 0 (none), 1 (for cpu) or 3 (for device)\n");
		return -EINVAL;
	}
	if (dir > UDMABUF_SYNC_DIR_MAX || mode > UDMABUF_SYNC_MODE_MAX) {
		dev_err(&udev->dev, "SET_SYNC: direction %d / mode %d out of range (0..2 / 0..7)\n",
			dir, mode);
		return -EINVAL;
	}
	size = args.size;
	if (size != args.size || udmabuf_check_range(udev, "SET_SYNC", args.offset, &size))
		return -EINVAL;

	mutex_lock(&udev->lock);
	udev->set.sync_offset = args.offset;
	udev->set.sync_size = args.size;
	udev->set.sync_direction = dir;
	if (mode)
		udev->set.sync_mode = mode;
	if (cmd)
		err = udmabuf_device_sync_range(udev, args.offset, args.size, dir,
						cmd == U_DMA_BUF_IOCTL_FLAGS_SYNC_CMD_FOR_DEVICE);
	mutex_unlock(&udev->lock);
	return err;
}

static int udmabuf_ioctl_sync_command(struct udmabuf_device *udev, void __user *uarg,
				      bool for_device)
{
	u64 command;
	int err;

	if (copy_from_user(&command, uarg, sizeof(command)))
		return -EFAULT;
	mutex_lock(&udev->lock);
	err = udmabuf_device_sync_command(udev, command, for_device);
	mutex_unlock(&udev->lock);
	return err;
}

long udmabuf_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct udmabuf_device *udev = file->private_data;
	void __user *uarg = (void __user *)arg;
	struct udmabuf_settings set;
	u64 value;
	u32 owner;
	int err;

	switch (cmd) {
	case U_DMA_BUF_IOCTL_GET_DRV_INFO:
		return udmabuf_ioctl_get_drv_info(uarg);
	case U_DMA_BUF_IOCTL_GET_SIZE:
		value = udev->size;
		return copy_to_user(uarg, &value, sizeof(value)) ? -EFAULT : 0;
	case U_DMA_BUF_IOCTL_GET_DMA_ADDR:
		value = udev->buf->dma_addr;
		return copy_to_user(uarg, &value, sizeof(value)) ? -EFAULT : 0;
	case U_DMA_BUF_IOCTL_GET_SYNC_OWNER:
		err = udmabuf_device_settings(udev, &set);
		if (err)
			return err;
		owner = set.sync_owner;
		return copy_to_user(uarg, &owner, sizeof(owner)) ? -EFAULT : 0;
	case U_DMA_BUF_IOCTL_SET_SYNC_FOR_CPU:
		return udmabuf_ioctl_sync_command(udev, uarg, false);
	case U_DMA_BUF_IOCTL_SET_SYNC_FOR_DEVICE:
		return udmabuf_ioctl_sync_command(udev, uarg, true);
	case U_DMA_BUF_IOCTL_GET_DEV_INFO:
		return udmabuf_ioctl_get_dev_info(udev, uarg);
	case U_DMA_BUF_IOCTL_GET_SYNC:
		return udmabuf_ioctl_get_sync(udev, uarg);
	case U_DMA_BUF_IOCTL_SET_SYNC:
		return udmabuf_ioctl_set_sync(udev, uarg);
	case U_DMA_BUF_IOCTL_EXPORT:
		return udmabuf_ioctl_export(udev, uarg, false);
	default:
		return -ENOTTY;
	}
}

#ifdef CONFIG_COMPAT
/*
 * Every argument struct but EXPORT's has the same layout for 32-bit
 * programs; EXPORT's is 4 bytes shorter on i386.
 */
long udmabuf_compat_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	if (udmabuf_ioctl_is_export_i386(cmd))
		return udmabuf_ioctl_export(file->private_data, compat_ptr(arg), true);
	return udmabuf_ioctl(file, cmd, (unsigned long)compat_ptr(arg));
}
#endif
