// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: module entry and exit.
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/module.h>

#include "compat.h"
#include "device/debugfs.h"
#include "device/device.h"
#include "device/params.h"
#include "heap/heap.h"
#include "version.h"

static int __init u_dma_buf_init(void)
{
	int err;

	err = udmabuf_devices_init();
	if (err) {
		pr_err("cannot register the u-dma-buf class: %d\n", err);
		return err;
	}
	err = udmabuf_parents_init();
	if (err)
		goto err_devices;
	err = udmabuf_main_heap_init();
	if (err)
		goto err_parents;
	udmabuf_debugfs_init();
	pr_info("driver version %s loaded\n", U_DMA_BUF_DRIVER_VERSION);
	/* Parameters first: their minor numbers win over the device tree's. */
	udmabuf_params_create();
	err = udmabuf_of_init();
	if (err) {
		pr_err("cannot register the device-tree driver: %d\n", err);
		udmabuf_devices_remove_all(NULL);
		udmabuf_buffers_exit();
		udmabuf_main_heap_exit();
		udmabuf_debugfs_exit();
		goto err_parents;
	}
	return 0;

err_parents:
	udmabuf_parents_exit();
err_devices:
	udmabuf_devices_exit();
	return err;
}
module_init(u_dma_buf_init);

/*
 * Every buffer goes before the device-tree driver releases the nodes'
 * memory pools: the buffers carved from a pool are freed into it.
 */
static void __exit u_dma_buf_exit(void)
{
	udmabuf_parents_exit();
	udmabuf_devices_remove_all(NULL);
	udmabuf_buffers_exit();
	udmabuf_main_heap_exit();
	udmabuf_of_exit();
	udmabuf_devices_exit();
	udmabuf_debugfs_exit();
	pr_info("driver removed\n");
}
module_exit(u_dma_buf_exit);

MODULE_DESCRIPTION("u-dma-buf: user space mappable, exportable DMA buffers");
MODULE_AUTHOR("u-dma-buf developers");
MODULE_LICENSE("GPL");
MODULE_VERSION(U_DMA_BUF_DRIVER_VERSION);
UDMABUF_MODULE_IMPORT_NS_DMA_BUF();
