// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf-mgr: module entry and exit.
 */
#define pr_fmt(fmt) "u-dma-buf-mgr: " fmt

#include <linux/module.h>

#include "compat.h"
#include "version.h"

static int __init u_dma_buf_mgr_init(void)
{
	pr_info("driver version %s loaded\n", U_DMA_BUF_DRIVER_VERSION);
	return 0;
}
module_init(u_dma_buf_mgr_init);

static void __exit u_dma_buf_mgr_exit(void)
{
	pr_info("driver removed\n");
}
module_exit(u_dma_buf_mgr_exit);

MODULE_DESCRIPTION("u-dma-buf-mgr: create and delete u-dma-buf devices at run time");
MODULE_AUTHOR("u-dma-buf developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(U_DMA_BUF_DRIVER_VERSION);
