// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: ioctls of /dev/<name> (uapi/u-dma-buf-ioctl.h).
 *
 * Arguments are copied in before and out after the device lock is taken,
 * so the lock is never held across a user copy (which could fault and take
 * mmap_lock, which mmap() takes before the device lock).
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "u-dma-buf-ioctl.h"
#include "device/device.h"
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

	udmabuf_device_settings(udev, &set);
	SET_U_DMA_BUF_IOCTL_FLAGS_SYNC_DIR(&args, set.sync_direction);
	SET_U_DMA_BUF_IOCTL_FLAGS_SYNC_MODE(&args, set.sync_mode);
	SET_U_DMA_BUF_IOCTL_FLAGS_SYNC_OWNER(&args, set.sync_owner);
	args.offset = set.sync_offset;
	args.size = set.sync_size;
	return copy_to_user(uarg, &args, sizeof(args)) ? -EFAULT : 0;
}

/*
 * As upstream decodes it: stores sync_offset; sync_size unless 0;
 * sync_direction unless the field is 3; sync_mode unless 0; then runs
 * SYNC_CMD 1 (for the CPU) or 3 (for the device) on the stored range,
 * while 0 and 2 sync nothing. Other flag bits, SYNC_OWNER included, are
 * ignored, so the result of GET_SYNC can be passed back. An offset or size
 * beyond the buffer, or a sync_mode above 7, is -EINVAL and changes
 * nothing; a range whose sum ends beyond the buffer is stored (it may be
 * corrected by the next call) but not synced, also as upstream.
 */
static int udmabuf_ioctl_set_sync(struct udmabuf_device *udev, void __user *uarg)
{
	u_dma_buf_ioctl_sync_args args;
	int cmd, dir, mode, err = 0;

	if (copy_from_user(&args, uarg, sizeof(args)))
		return -EFAULT;
	cmd = GET_U_DMA_BUF_IOCTL_FLAGS_SYNC_CMD(&args);
	dir = GET_U_DMA_BUF_IOCTL_FLAGS_SYNC_DIR(&args);
	mode = GET_U_DMA_BUF_IOCTL_FLAGS_SYNC_MODE(&args);
	if (mode > UDMABUF_SYNC_MODE_MAX || args.offset > udev->size || args.size > udev->size) {
		dev_dbg(&udev->dev,
			"SET_SYNC: mode %d, offset 0x%llx or size %llu out of range (0..7, 0..%zu)\n",
			mode, args.offset, args.size, udev->size);
		return -EINVAL;
	}

	mutex_lock(&udev->lock);
	udev->set.sync_offset = args.offset;
	if (args.size)
		udev->set.sync_size = args.size;
	if (dir <= UDMABUF_SYNC_DIR_MAX)
		udev->set.sync_direction = dir;
	if (mode)
		udev->set.sync_mode = mode;
	if (cmd == U_DMA_BUF_IOCTL_FLAGS_SYNC_CMD_FOR_CPU ||
	    cmd == U_DMA_BUF_IOCTL_FLAGS_SYNC_CMD_FOR_DEVICE)
		err = udmabuf_device_sync_command(udev, UDMABUF_SYNC_CMD_STORED,
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

/*
 * @compat: a 32-bit caller, whose EXPORT argument may have the i386
 * layout (every other argument struct is the same for 32-bit programs).
 */
static long udmabuf_ioctl_cmd(struct file *file, unsigned int cmd, void __user *uarg,
			      bool compat)
{
	struct udmabuf_device *udev = file->private_data;
	struct udmabuf_settings set;
	u64 value;
	u32 owner;

	if (udmabuf_buffer_gone(udev->buf))
		return -ENODEV;	/* its DMA device went away */
	if (compat && udmabuf_ioctl_is_export_i386(cmd))
		return udmabuf_ioctl_export(udev, file->f_mode, uarg, true);
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
		udmabuf_device_settings(udev, &set);
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
		return udmabuf_ioctl_export(udev, file->f_mode, uarg, false);
	default:
		return -ENOTTY;
	}
}

long udmabuf_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return udmabuf_ioctl_cmd(file, cmd, (void __user *)arg, false);
}

#ifdef CONFIG_COMPAT
/* EXPORT's argument is 4 bytes shorter on i386: udmabuf_ioctl_cmd() knows. */
long udmabuf_compat_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	return udmabuf_ioctl_cmd(file, cmd, compat_ptr(arg), true);
}
#endif
