// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: U_DMA_BUF_IOCTL_EXPORT, a range of /dev/<name> as a dma-buf.
 *
 * The range must be page aligned (mmap needs whole pages) and inside the
 * buffer; its size may end unaligned only at the end of the buffer, and is
 * then rounded up to the page. fd flags: O_CLOEXEC, the access mode, and
 * O_SYNC, which gives CPU mappings of the export the cache mode an O_SYNC
 * open of the device would (uncached with the default sync_mode). The
 * access mode may not exceed the file's: an O_RDONLY open exports only
 * O_RDONLY dma-bufs (-EACCES otherwise).
 *
 * 32-bit x86 programs lay the argument out in 36 bytes (no padding after
 * fd), so their ioctl number differs; both layouts are accepted.
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/dma-buf.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/uaccess.h>

#include "u-dma-buf-ioctl.h"
#include "device/device.h"
#include "export/export.h"

struct udmabuf_export_args_i386 {
	u64 flags;
	u64 size;
	u64 offset;
	u64 addr;
	s32 fd;
} __packed;

#define UDMABUF_IOCTL_EXPORT_I386 _IOWR(U_DMA_BUF_IOCTL_MAGIC, 10, struct udmabuf_export_args_i386)

struct udmabuf_export_request {
	void __user *uarg;
	bool i386;
	u_dma_buf_ioctl_export_args args;
};

static int udmabuf_export_copy_in(struct udmabuf_export_request *req)
{
	struct udmabuf_export_args_i386 a32;

	if (!req->i386)
		return copy_from_user(&req->args, req->uarg, sizeof(req->args)) ? -EFAULT : 0;
	if (copy_from_user(&a32, req->uarg, sizeof(a32)))
		return -EFAULT;
	req->args.flags = a32.flags;
	req->args.size = a32.size;
	req->args.offset = a32.offset;
	req->args.addr = a32.addr;
	req->args.fd = a32.fd;
	return 0;
}

static int udmabuf_export_publish(int fd, void *data)
{
	struct udmabuf_export_request *req = data;
	struct udmabuf_export_args_i386 a32;

	req->args.fd = fd;
	if (!req->i386)
		return copy_to_user(req->uarg, &req->args, sizeof(req->args)) ? -EFAULT : 0;
	a32.flags = req->args.flags;
	a32.size = req->args.size;
	a32.offset = req->args.offset;
	a32.addr = req->args.addr;
	a32.fd = fd;
	return copy_to_user(req->uarg, &a32, sizeof(a32)) ? -EFAULT : 0;
}

static int udmabuf_export_check(struct udmabuf_device *udev, fmode_t f_mode,
				const u_dma_buf_ioctl_export_args *a)
{
	const int allowed = O_CLOEXEC | O_ACCMODE | O_SYNC;
	u64 flags = a->flags;

	if (flags & ~(u64)allowed || (flags & O_ACCMODE) == O_ACCMODE) {
		dev_dbg(&udev->dev,
			"EXPORT: flags 0x%llx: only O_CLOEXEC, one of O_RDONLY/O_WRONLY/O_RDWR, and O_SYNC are allowed\n",
			flags);
		return -EINVAL;
	}
	if (!udmabuf_export_access_ok(f_mode, flags)) {
		dev_dbg(&udev->dev,
			"EXPORT: flags 0x%llx ask for more access than the file has (%s%s)\n",
			flags, f_mode & FMODE_READ ? "r" : "",
			f_mode & FMODE_WRITE ? "w" : "");
		return -EACCES;
	}
	if (!a->size) {
		dev_dbg(&udev->dev, "EXPORT: size 0\n");
		return -EINVAL;
	}
	if (!PAGE_ALIGNED(a->offset)) {
		dev_dbg(&udev->dev, "EXPORT: offset 0x%llx is not page aligned\n",
			a->offset);
		return -EINVAL;
	}
	if (a->offset >= udev->size || a->size > udev->buf->size - a->offset) {
		dev_dbg(&udev->dev,
			"EXPORT: range 0x%llx + %llu is outside the %zu-byte buffer\n",
			a->offset, a->size, udev->size);
		return -EINVAL;
	}
	if (!PAGE_ALIGNED(a->size) && a->offset + a->size != udev->size) {
		dev_dbg(&udev->dev,
			"EXPORT: size %llu is not page aligned and does not end the buffer\n",
			a->size);
		return -EINVAL;
	}
	return 0;
}

/**
 * udmabuf_ioctl_export() - U_DMA_BUF_IOCTL_EXPORT
 * @udev: the device
 * @f_mode: the mode of the file asking: the export gets no more access
 * @uarg: the user's u_dma_buf_ioctl_export_args
 * @i386: @uarg has the 36-byte layout of 32-bit x86 programs
 *
 * Return: 0 with fd and addr filled in, or a negative error.
 */
long udmabuf_ioctl_export(struct udmabuf_device *udev, fmode_t f_mode, void __user *uarg,
			  bool i386)
{
	struct udmabuf_export_request req = { .uarg = uarg, .i386 = i386 };
	struct udmabuf_export_args eargs = {};
	struct dma_buf *dmabuf;
	int flags, err;

	err = udmabuf_export_copy_in(&req);
	if (err)
		return err;
	err = udmabuf_export_check(udev, f_mode, &req.args);
	if (err)
		return err;
	flags = GET_U_DMA_BUF_IOCTL_FLAGS_EXPORT_FD_FLAGS(&req.args);

	eargs.buf = udev->buf;
	eargs.offset = req.args.offset;
	eargs.size = PAGE_ALIGN(req.args.size);
	eargs.flags = flags;
	eargs.name = dev_name(&udev->dev);
	mutex_lock(&udev->lock);
	eargs.cache = udmabuf_device_cache_mode(udev, flags & O_SYNC);
	eargs.debug = udev->set.debug_export;
	mutex_unlock(&udev->lock);

	req.args.addr = udev->buf->dma_addr + req.args.offset;
	dmabuf = udmabuf_export(&eargs);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);
	return udmabuf_export_fd(dmabuf, flags, udmabuf_export_publish, &req);
}

/**
 * udmabuf_ioctl_is_export_i386() - the EXPORT number of 32-bit x86 programs
 * @cmd: an ioctl number
 *
 * Return: whether @cmd is it.
 */
bool udmabuf_ioctl_is_export_i386(unsigned int cmd)
{
	return cmd == UDMABUF_IOCTL_EXPORT_I386;
}
