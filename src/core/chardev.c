// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: /dev/<name>: open, read, write, lseek, mmap.
 *
 * An open file holds a reference on the device, so the buffer stays usable
 * after the device is removed; a mapping holds one on the buffer itself.
 */
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/uaccess.h>

#include "core/device.h"

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
 * read() and write() copy through the kernel's cached mapping; with O_SYNC
 * or an "always" sync_mode the range is synced for the CPU before and for
 * the device after the copy. Past the end, read() returns 0 and write()
 * -ENOSPC (upstream returns 0, which makes retrying writers spin).
 */
static ssize_t udmabuf_rw(struct file *file, void __user *ubuf, size_t count,
			  loff_t *ppos, bool write)
{
	struct udmabuf_device *udev = file->private_data;
	struct udmabuf_buffer *buf = udev->buf;
	loff_t pos = *ppos;
	unsigned long left;
	bool sync;

	if (pos < 0)
		return -EINVAL;
	if (pos >= udev->size)
		return write ? -ENOSPC : 0;
	count = min_t(u64, count, udev->size - pos);
	if (!count)
		return 0;

	mutex_lock(&udev->lock);
	sync = udmabuf_device_rw_syncs(udev, file->f_flags & O_SYNC);
	mutex_unlock(&udev->lock);

	if (sync)
		udmabuf_buffer_sync_for_cpu(buf, pos, count, DMA_BIDIRECTIONAL);
	if (write)
		left = copy_from_user(buf->vaddr + pos, ubuf, count);
	else
		left = copy_to_user(ubuf, buf->vaddr + pos, count);
	if (sync)
		udmabuf_buffer_sync_for_device(buf, pos, count, DMA_BIDIRECTIONAL);

	if (left == count)
		return -EFAULT;
	count -= left;
	*ppos = pos + count;
	return count;
}

static ssize_t udmabuf_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	return udmabuf_rw(file, ubuf, count, ppos, false);
}

static ssize_t udmabuf_write(struct file *file, const char __user *ubuf, size_t count,
			     loff_t *ppos)
{
	return udmabuf_rw(file, (void __user *)ubuf, count, ppos, true);
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
	bool pages = udev->quirk_mmap_mode == UDMABUF_QUIRK_PAGE;
	enum udmabuf_cache cache;
	unsigned int debug;
	int err;

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
	.read = udmabuf_read,
	.write = udmabuf_write,
	.llseek = udmabuf_llseek,
	.mmap = udmabuf_mmap,
	.unlocked_ioctl = udmabuf_ioctl,
	.compat_ioctl = udmabuf_compat_ioctl,
};
