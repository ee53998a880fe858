// SPDX-License-Identifier: GPL-2.0
/* 6.5: copy_splice_read() reads into a pipe through ->read_iter(). */
#include <linux/fs.h>

ssize_t (*conftest)(struct file *, loff_t *, struct pipe_inode_info *, size_t,
		    unsigned int) = copy_splice_read;
