// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: a /dev/dma_heap/<name> node, speaking the kernel's dma-heap
 * interface (<linux/dma-heap.h>) and u-dma-buf's DMA-address ioctl
 * (uapi/u-dma-buf-heap.h).
 *
 * DMA_HEAP_IOCTL_ALLOC is decoded as the kernel's dma-heap.c decodes it:
 * by ioctl number only, copying in and back out the caller's struct size so
 * older (16-byte) and newer (larger) structs work; but the new fd is
 * installed only after the result was copied out, so a failed copy leaks
 * nothing. The node is a misc device with a private name, so it coexists
 * with the kernel's dma_heap class and with the mainline "udmabuf" driver.
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/dma-buf.h>
#include <uapi/linux/dma-heap.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "log.h"
#include "u-dma-buf-heap.h"
#include "export/export.h"
#include "heap/heap.h"

#define UDMABUF_HEAP_FD_FLAGS	(O_CLOEXEC | O_ACCMODE)

static struct udmabuf_heap *udmabuf_heap_of(struct device *dev)
{
	struct miscdevice *misc = dev_get_drvdata(dev);

	return container_of(misc, struct udmabuf_heap, misc);
}

static void udmabuf_heap_free(struct kref *ref)
{
	struct udmabuf_heap *heap = container_of(ref, struct udmabuf_heap, ref);

	heap->ops->free(heap);
}

static void udmabuf_heap_put(struct udmabuf_heap *heap)
{
	kref_put(&heap->ref, udmabuf_heap_free);
}

/**
 * udmabuf_heap_charge() - account a new allocation
 * @heap: the heap
 * @size: its bytes
 * @limit: most bytes the heap may have allocated, 0 for no limit
 *
 * A charged allocation holds a reference on @heap until
 * udmabuf_heap_uncharge().
 *
 * Return: 0, -ENODEV when the node was removed, -ENOMEM over @limit.
 */
int udmabuf_heap_charge(struct udmabuf_heap *heap, size_t size, u64 limit)
{
	int err = 0;

	mutex_lock(&heap->lock);
	if (heap->dead) {
		err = -ENODEV;
	} else if (limit && size > limit - min(limit, heap->bytes)) {
		udmabuf_notice("dma_heap/%s: %zu more bytes would exceed the limit of %llu (%llu in use)\n",
			       heap->name, size, limit, heap->bytes);
		err = -ENOMEM;
	} else {
		heap->buffers++;
		heap->bytes += size;
		kref_get(&heap->ref);
	}
	mutex_unlock(&heap->lock);
	return err;
}

/**
 * udmabuf_heap_uncharge() - account a freed allocation
 * @heap: the heap
 * @size: its bytes
 */
void udmabuf_heap_uncharge(struct udmabuf_heap *heap, size_t size)
{
	mutex_lock(&heap->lock);
	heap->buffers--;
	heap->bytes -= size;
	mutex_unlock(&heap->lock);
	udmabuf_heap_put(heap);
}

/**
 * udmabuf_heap_release() - an export's release callback for heaps whose
 *	allocations own their buffer
 * @heap: the heap (struct udmabuf_heap *)
 * @offset: unused
 * @size: bytes to uncharge
 */
void udmabuf_heap_release(void *heap, u64 offset, size_t size)
{
	udmabuf_heap_uncharge(heap, size);
}

struct udmabuf_heap_alloc_request {
	void __user *uarg;
	fmode_t f_mode;
	struct dma_heap_allocation_data *data;
	void *kdata;
	unsigned int out_size;
};

static int udmabuf_heap_publish(int fd, void *ctx)
{
	struct udmabuf_heap_alloc_request *req = ctx;

	req->data->fd = fd;
	return copy_to_user(req->uarg, req->kdata, req->out_size) ? -EFAULT : 0;
}

static int udmabuf_heap_alloc(struct udmabuf_heap *heap, struct udmabuf_heap_alloc_request *req)
{
	struct dma_heap_allocation_data *data = req->data;
	struct dma_buf *dmabuf;
	size_t len;

	if (data->fd) {
		pr_debug("dma_heap/%s: ALLOC: fd must be 0, not %u\n",
			 heap->name, data->fd);
		return -EINVAL;
	}
	if (data->fd_flags & ~UDMABUF_HEAP_FD_FLAGS) {
		pr_debug("dma_heap/%s: ALLOC: fd_flags 0x%x: only O_CLOEXEC and O_ACCMODE\n",
			 heap->name, data->fd_flags);
		return -EINVAL;
	}
	if (!udmabuf_export_access_ok(req->f_mode, data->fd_flags)) {
		pr_debug("dma_heap/%s: ALLOC: fd_flags 0x%x ask for more access than the heap file has\n",
			 heap->name, data->fd_flags);
		return -EACCES;
	}
	if (data->heap_flags) {
		pr_debug("dma_heap/%s: ALLOC: unknown heap_flags 0x%llx\n",
			 heap->name, data->heap_flags);
		return -EINVAL;
	}
	len = PAGE_ALIGN(data->len);
	if (!len || len < data->len) {
		pr_debug("dma_heap/%s: ALLOC: invalid length %llu\n",
			 heap->name, data->len);
		return -EINVAL;
	}
	dmabuf = heap->ops->allocate(heap, len, data->fd_flags);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);
	return udmabuf_export_fd(dmabuf, data->fd_flags, udmabuf_heap_publish, req);
}

/* The caller's struct may be shorter or longer than ours; see the top. */
static long udmabuf_heap_ioctl_alloc(struct udmabuf_heap *heap, fmode_t f_mode,
				     unsigned int cmd, void __user *uarg)
{
	const unsigned int kcmd = DMA_HEAP_IOCTL_ALLOC;
	unsigned int in_size = _IOC_SIZE(cmd), out_size = _IOC_SIZE(cmd), size;
	struct udmabuf_heap_alloc_request req = { .uarg = uarg, .f_mode = f_mode };
	u8 stack_data[128] __aligned(8);
	void *kdata = stack_data;
	long err;

	if (!(cmd & kcmd & IOC_IN))
		in_size = 0;
	if (!(cmd & kcmd & IOC_OUT))
		out_size = 0;
	size = max3(in_size, out_size, _IOC_SIZE(kcmd));
	if (size > sizeof(stack_data)) {
		kdata = kmalloc(size, GFP_KERNEL);
		if (!kdata)
			return -ENOMEM;
	}
	if (copy_from_user(kdata, uarg, in_size)) {
		err = -EFAULT;
		goto out;
	}
	memset(kdata + in_size, 0, size - in_size);
	req.data = kdata;
	req.kdata = kdata;
	req.out_size = out_size;
	err = udmabuf_heap_alloc(heap, &req);
out:
	if (kdata != stack_data)
		kfree(kdata);
	return err;
}

static long udmabuf_heap_ioctl_dma_addr(struct udmabuf_heap *heap, void __user *uarg)
{
	struct u_dma_buf_heap_dma_addr query;
	struct udmabuf_buffer *buf;
	struct dma_buf *dmabuf;
	size_t size;
	u64 offset;

	if (copy_from_user(&query, uarg, sizeof(query)))
		return -EFAULT;
	if (query.flags) {
		pr_debug("dma_heap/%s: DMA_ADDR: unknown flags 0x%x\n",
			 heap->name, query.flags);
		return -EINVAL;
	}
	dmabuf = dma_buf_get(query.fd);
	if (IS_ERR(dmabuf))
		return PTR_ERR(dmabuf);
	if (!udmabuf_export_range(dmabuf, &buf, &offset, &size)) {
		dma_buf_put(dmabuf);
		pr_debug("dma_heap/%s: DMA_ADDR: fd %u is not a u-dma-buf dma-buf\n",
			 heap->name, query.fd);
		return -EINVAL;
	}
	query.addr = buf->dma_addr + offset;
	query.size = size;
	query.offset = offset;
	dma_buf_put(dmabuf);
	return copy_to_user(uarg, &query, sizeof(query)) ? -EFAULT : 0;
}

static long udmabuf_heap_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct udmabuf_heap *heap = file->private_data;

	if (cmd == U_DMA_BUF_HEAP_IOCTL_DMA_ADDR)
		return udmabuf_heap_ioctl_dma_addr(heap, (void __user *)arg);
	if (_IOC_NR(cmd) != _IOC_NR(DMA_HEAP_IOCTL_ALLOC))
		return -EINVAL;
	return udmabuf_heap_ioctl_alloc(heap, file->f_mode, cmd, (void __user *)arg);
}

static int udmabuf_heap_open(struct inode *inode, struct file *file)
{
	struct udmabuf_heap *heap = container_of(file->private_data, struct udmabuf_heap, misc);

	kref_get(&heap->ref);
	file->private_data = heap;
	return 0;
}

static int udmabuf_heap_release_file(struct inode *inode, struct file *file)
{
	udmabuf_heap_put(file->private_data);
	return 0;
}

static const struct file_operations udmabuf_heap_fops = {
	.owner = THIS_MODULE,
	.open = udmabuf_heap_open,
	.release = udmabuf_heap_release_file,
	.unlocked_ioctl = udmabuf_heap_ioctl,
	/* Both argument structs have the same layout for 32-bit programs. */
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static ssize_t buffers_in_use_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct udmabuf_heap *heap = udmabuf_heap_of(dev);
	unsigned long buffers;

	mutex_lock(&heap->lock);
	buffers = heap->buffers;
	mutex_unlock(&heap->lock);
	return sysfs_emit(buf, "%lu\n", buffers);
}
static DEVICE_ATTR_RO(buffers_in_use);

static ssize_t bytes_in_use_show(struct device *dev, struct device_attribute *attr, char *buf)
{
	struct udmabuf_heap *heap = udmabuf_heap_of(dev);
	u64 bytes;

	mutex_lock(&heap->lock);
	bytes = heap->bytes;
	mutex_unlock(&heap->lock);
	return sysfs_emit(buf, "%llu\n", bytes);
}
static DEVICE_ATTR_RO(bytes_in_use);

static struct attribute *udmabuf_heap_usage_attrs[] = {
	&dev_attr_buffers_in_use.attr,
	&dev_attr_bytes_in_use.attr,
	NULL,
};

/* buffers_in_use and bytes_in_use, which every heap has */
const struct attribute_group udmabuf_heap_usage_group = {
	.attrs = udmabuf_heap_usage_attrs,
};

/**
 * udmabuf_heap_register() - create a heap's node
 * @heap: the heap, zeroed but for the kind's own fields
 * @name: the node's name under /dev/dma_heap/
 * @ops: the kind of heap
 *
 * On success the registration holds the heap's first reference; on failure
 * nothing is held and the caller frees @heap.
 *
 * Return: 0 or a negative error.
 */
int udmabuf_heap_register(struct udmabuf_heap *heap, const char *name,
			  const struct udmabuf_heap_ops *ops)
{
	int err;

	kref_init(&heap->ref);
	mutex_init(&heap->lock);
	heap->ops = ops;
	strscpy(heap->name, name, sizeof(heap->name));
	snprintf(heap->node_name, sizeof(heap->node_name), "dma_heap/%s", name);
	if (strcmp(name, "udmabuf"))
		snprintf(heap->misc_name, sizeof(heap->misc_name), "u-dma-buf-heap.%s", name);
	else
		strscpy(heap->misc_name, "u-dma-buf-heap", sizeof(heap->misc_name));
	heap->misc.minor = MISC_DYNAMIC_MINOR;
	heap->misc.name = heap->misc_name;
	heap->misc.nodename = heap->node_name;
	heap->misc.mode = 0600;
	heap->misc.fops = &udmabuf_heap_fops;
	heap->misc.groups = ops->groups;
	err = misc_register(&heap->misc);
	if (err)
		pr_err("cannot create /dev/dma_heap/%s: %d\n", name, err);
	return err;
}

/**
 * udmabuf_heap_unregister() - remove a heap's node
 * @heap: the heap
 *
 * Open files and live allocations keep the heap until they let go; no
 * new allocation succeeds.
 */
void udmabuf_heap_unregister(struct udmabuf_heap *heap)
{
	mutex_lock(&heap->lock);
	heap->dead = true;
	mutex_unlock(&heap->lock);
	misc_deregister(&heap->misc);
	udmabuf_heap_put(heap);
}
