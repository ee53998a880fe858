// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf-mgr: /dev/u-dma-buf-mgr, creating and deleting u-dma-buf
 * devices at run time through u-dma-buf's in-kernel API.
 *
 * Each open file buffers what is written, up to 1024 bytes. A write past
 * that fails with -ENOSPC and drops the overlong command whole: what was
 * buffered of it, the rest of that write, and what later writes add to it
 * up to its terminator. A command ends at '\n', '\0' or ';'; one write
 * may carry several, and runs each complete one in order. write() returns
 * the bytes consumed, or the first command's error, the commands before it
 * staying done and the rest of that write dropped. A last command without terminator runs
 * when the file is closed, and its error is what close() returns.
 */
#define pr_fmt(fmt) "u-dma-buf-mgr: " fmt

#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "log.h"
#include "mgr/mgr.h"
#include "version.h"

struct udmabuf_mgr_file {
	struct mutex lock;	/* len, buf, skipping */
	size_t len;
	bool skipping;		/* dropping an overlong command up to its end */
	char buf[UDMABUF_MGR_BUFFER_SIZE + 1];
};

static bool udmabuf_mgr_terminator(char c)
{
	return c == '\n' || c == '\0' || c == ';';
}

static int udmabuf_mgr_open(struct inode *inode, struct file *file)
{
	struct udmabuf_mgr_file *mf = kzalloc(sizeof(*mf), GFP_KERNEL);

	if (!mf)
		return -ENOMEM;
	mutex_init(&mf->lock);
	file->private_data = mf;
	return 0;
}

/* Runs every terminated command in mf->buf and keeps the unterminated rest. */
static int udmabuf_mgr_run(struct udmabuf_mgr_file *mf)
{
	size_t start = 0, i;
	int err = 0;

	for (i = 0; i < mf->len && !err; i++) {
		if (!udmabuf_mgr_terminator(mf->buf[i]))
			continue;
		mf->buf[i] = '\0';
		err = udmabuf_mgr_command(mf->buf + start);
		start = i + 1;
	}
	if (err) {
		mf->len = 0;
		return err;
	}
	memmove(mf->buf, mf->buf + start, mf->len - start);
	mf->len -= start;
	return 0;
}

/*
 * After a command overflowed the buffer, what follows up to its terminator
 * belongs to it and is dropped too. Returns the bytes of @count that
 * remain to be buffered, starting at *@ubuf.
 */
static int udmabuf_mgr_skip(struct udmabuf_mgr_file *mf, const char __user **ubuf,
			    size_t *count)
{
	char chunk[64];
	size_t i, n;

	while (mf->skipping && *count) {
		n = min(*count, sizeof(chunk));
		if (copy_from_user(chunk, *ubuf, n))
			return -EFAULT;
		for (i = 0; i < n && !udmabuf_mgr_terminator(chunk[i]); i++)
			;
		mf->skipping = i == n;
		n = min(n, i + 1);
		*ubuf += n;
		*count -= n;
	}
	return 0;
}

static ssize_t udmabuf_mgr_write(struct file *file, const char __user *ubuf, size_t count,
				 loff_t *ppos)
{
	struct udmabuf_mgr_file *mf = file->private_data;
	size_t total = count;
	int err;

	mutex_lock(&mf->lock);
	err = udmabuf_mgr_skip(mf, &ubuf, &count);
	if (err || !count) {
		/* nothing more */
	} else if (count > UDMABUF_MGR_BUFFER_SIZE - mf->len) {
		udmabuf_notice("a command may not exceed %d bytes; it is dropped\n",
			       UDMABUF_MGR_BUFFER_SIZE);
		mf->len = 0;
		mf->skipping = true;
		err = udmabuf_mgr_skip(mf, &ubuf, &count) ?: -ENOSPC;
	} else if (copy_from_user(mf->buf + mf->len, ubuf, count)) {
		err = -EFAULT;
	} else {
		mf->len += count;
		err = udmabuf_mgr_run(mf);
	}
	mutex_unlock(&mf->lock);
	return err ?: total;
}

static int udmabuf_mgr_flush(struct file *file, fl_owner_t id)
{
	struct udmabuf_mgr_file *mf = file->private_data;
	int err = 0;

	mutex_lock(&mf->lock);
	if (mf->len) {
		mf->buf[mf->len] = '\0';
		mf->len = 0;
		err = udmabuf_mgr_command(mf->buf);
	}
	mutex_unlock(&mf->lock);
	return err;
}

static int udmabuf_mgr_release(struct inode *inode, struct file *file)
{
	kfree(file->private_data);
	return 0;
}

static const struct file_operations udmabuf_mgr_fops = {
	.owner = THIS_MODULE,
	.open = udmabuf_mgr_open,
	.write = udmabuf_mgr_write,
	.flush = udmabuf_mgr_flush,
	.release = udmabuf_mgr_release,
	.llseek = noop_llseek,
};

static struct miscdevice udmabuf_mgr_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "u-dma-buf-mgr",
	.fops = &udmabuf_mgr_fops,
	.mode = 0600,
};

static int __init u_dma_buf_mgr_init(void)
{
	int err = misc_register(&udmabuf_mgr_misc);

	if (err) {
		pr_err("cannot register /dev/u-dma-buf-mgr: %d\n", err);
		return err;
	}
	pr_info("driver version %s loaded\n", U_DMA_BUF_DRIVER_VERSION);
	return 0;
}
module_init(u_dma_buf_mgr_init);

static void __exit u_dma_buf_mgr_exit(void)
{
	misc_deregister(&udmabuf_mgr_misc);
	pr_info("driver removed\n");
}
module_exit(u_dma_buf_mgr_exit);

MODULE_DESCRIPTION("u-dma-buf-mgr: create and delete u-dma-buf devices at run time");
MODULE_AUTHOR("u-dma-buf developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(U_DMA_BUF_DRIVER_VERSION);
