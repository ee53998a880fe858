// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: module entry and exit.
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/module.h>

#include "compat.h"
#include "version.h"

static int __init u_dma_buf_init(void)
{
	pr_info("driver version %s loaded\n", U_DMA_BUF_DRIVER_VERSION);
	return 0;
}
module_init(u_dma_buf_init);

static void __exit u_dma_buf_exit(void)
{
	pr_info("driver removed\n");
}
module_exit(u_dma_buf_exit);

MODULE_DESCRIPTION("u-dma-buf: user space mappable, exportable DMA buffers");
MODULE_AUTHOR("u-dma-buf developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(U_DMA_BUF_DRIVER_VERSION);
