// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: /dev/<name>: open, read, write, lseek, mmap.
 *
 * An open file holds a reference on the device, so the buffer stays usable
 * after the device is removed; a mapping holds one on the buffer itself.
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/uio.h>

#include "compat.h"
#include "device/device.h"

static int udmabuf_open(struct inode *inode, struct file *file)
{
	struct udmabuf_device *udev = container_of(inode->i_cdev, struct udmabuf_device, cdev);

	get_device(&udev->dev);
	file->private_data = udev;
	return 0;
}

static int udmabuf_release(struct inode *inode, struct file *file)
{
	struct udmabuf_device *udev = file->private_data;

	put_device(&udev->dev);
	return 0;
}

/*
 * read() and write() (and readv(), io_uring, ...) copy through the kernel's
 * cached mapping; with O_SYNC or an "always" sync_mode the range is synced
 * for the CPU before and for the device after the copy. Past the end,
 * read() returns 0 and write() -ENOSPC (upstream returns 0, which makes
 * retrying writers spin). A fault in the user buffer ends the copy there:
 * the bytes already copied count, nothing beyond is touched (copy_from_user()
 * would zero the rest of the destination), and a copy of nothing is
 * -EFAULT. Once the DMA device went away, -ENODEV.
 */
static ssize_t udmabuf_rw_iter(struct kiocb *iocb, struct iov_iter *iter, bool write)
{
	struct udmabuf_device *udev = iocb->ki_filp->private_data;
	struct udmabuf_buffer *buf = udev->buf;
	size_t count = iov_iter_count(iter), done;
	loff_t pos = iocb->ki_pos;
	bool sync;

	if (udmabuf_buffer_gone(buf))
		return -ENODEV;
	if (pos < 0)
		return -EINVAL;
	if (!count)
		return 0;
	if (pos >= udev->size)
		return write ? -ENOSPC : 0;
	count = min_t(u64, count, udev->size - pos);

	mutex_lock(&udev->lock);
	sync = udmabuf_device_rw_syncs(udev, iocb->ki_filp->f_flags & O_SYNC);
	mutex_unlock(&udev->lock);

	if (sync)
		udmabuf_buffer_sync_for_cpu(buf, pos, count, DMA_BIDIRECTIONAL);
	if (write)
		done = copy_from_iter(buf->vaddr + pos, count, iter);
	else
		done = copy_to_iter(buf->vaddr + pos, count, iter);
	if (sync)
		udmabuf_buffer_sync_for_device(buf, pos, count, DMA_BIDIRECTIONAL);

	if (!done)
		return -EFAULT;
	iocb->ki_pos = pos + done;
	return done;
}

static ssize_t udmabuf_read_iter(struct kiocb *iocb, struct iov_iter *iter)
{
	return udmabuf_rw_iter(iocb, iter, false);
}

static ssize_t udmabuf_write_iter(struct kiocb *iocb, struct iov_iter *iter)
{
	return udmabuf_rw_iter(iocb, iter, true);
}

/* SEEK_SET/CUR/END inside [0, size]; anything else is -EINVAL. */
static loff_t udmabuf_llseek(struct file *file, loff_t offset, int whence)
{
	struct udmabuf_device *udev = file->private_data;

	return fixed_size_llseek(file, offset, whence, udev->size);
}

static int udmabuf_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct udmabuf_device *udev = file->private_data;
	bool pages = udev->quirk_mmap_mode == U_DMA_BUF_QUIRK_MMAP_PAGE;
	enum udmabuf_cache cache;
	unsigned int debug;
	int err;

	if (udmabuf_buffer_gone(udev->buf))
		return -ENODEV;
	mutex_lock(&udev->lock);
	cache = udmabuf_device_cache_mode(udev, file->f_flags & O_SYNC);
	debug = udev->set.debug_vma;
	mutex_unlock(&udev->lock);

	err = udmabuf_buffer_mmap(udev->buf, vma, 0, udev->size, cache, pages, &udev->dev);
	if (!err && debug)
		dev_info(&udev->dev, "mmap 0x%lx-0x%lx, buffer offset 0x%llx, cache mode %d%s\n",
			 vma->vm_start, vma->vm_end, (u64)vma->vm_pgoff << PAGE_SHIFT, cache,
			 pages ? ", page mode" : "");
	return err;
}

const struct file_operations udmabuf_fops = {
	.owner = THIS_MODULE,
	.open = udmabuf_open,
	.release = udmabuf_release,
	.read_iter = udmabuf_read_iter,
	.write_iter = udmabuf_write_iter,
	.splice_read = udmabuf_splice_read,
	.splice_write = iter_file_splice_write,
	.llseek = udmabuf_llseek,
	.mmap = udmabuf_mmap,
	.unlocked_ioctl = udmabuf_ioctl,
	.compat_ioctl = udmabuf_compat_ioctl,
};
