// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: module parameters, with u-dma-buf 5.5 names, types and
 * defaults, and the buffers udmabuf0..udmabuf7 they ask for.
 *
 * dma_mask_bit and quirk_mmap_mode are checked when the module loads: an
 * invalid value fails the load with a message (nothing is created). A
 * buffer that cannot be created (no such bind device, not enough memory)
 * is reported and skipped; the others are created.
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "device/bind.h"
#include "device/device.h"
#include "device/params.h"

unsigned long udmabuf_param_size[UDMABUF_PARAM_BUFFERS];
char *udmabuf_param_bind_n[UDMABUF_PARAM_BUFFERS] = {
	"", "", "", "", "", "", "", ""
};

module_param_named(udmabuf0, udmabuf_param_size[0], ulong, 0444);
MODULE_PARM_DESC(udmabuf0, "size in bytes of buffer udmabuf0 (0: none)");
module_param_named(udmabuf1, udmabuf_param_size[1], ulong, 0444);
MODULE_PARM_DESC(udmabuf1, "size in bytes of buffer udmabuf1 (0: none)");
module_param_named(udmabuf2, udmabuf_param_size[2], ulong, 0444);
MODULE_PARM_DESC(udmabuf2, "size in bytes of buffer udmabuf2 (0: none)");
module_param_named(udmabuf3, udmabuf_param_size[3], ulong, 0444);
MODULE_PARM_DESC(udmabuf3, "size in bytes of buffer udmabuf3 (0: none)");
module_param_named(udmabuf4, udmabuf_param_size[4], ulong, 0444);
MODULE_PARM_DESC(udmabuf4, "size in bytes of buffer udmabuf4 (0: none)");
module_param_named(udmabuf5, udmabuf_param_size[5], ulong, 0444);
MODULE_PARM_DESC(udmabuf5, "size in bytes of buffer udmabuf5 (0: none)");
module_param_named(udmabuf6, udmabuf_param_size[6], ulong, 0444);
MODULE_PARM_DESC(udmabuf6, "size in bytes of buffer udmabuf6 (0: none)");
module_param_named(udmabuf7, udmabuf_param_size[7], ulong, 0444);
MODULE_PARM_DESC(udmabuf7, "size in bytes of buffer udmabuf7 (0: none)");

module_param_named(udmabuf0_bind, udmabuf_param_bind_n[0], charp, 0444);
MODULE_PARM_DESC(udmabuf0_bind, "parent device of udmabuf0, \"[bus/]device\" (overrides bind)");
module_param_named(udmabuf1_bind, udmabuf_param_bind_n[1], charp, 0444);
MODULE_PARM_DESC(udmabuf1_bind, "parent device of udmabuf1, \"[bus/]device\" (overrides bind)");
module_param_named(udmabuf2_bind, udmabuf_param_bind_n[2], charp, 0444);
MODULE_PARM_DESC(udmabuf2_bind, "parent device of udmabuf2, \"[bus/]device\" (overrides bind)");
module_param_named(udmabuf3_bind, udmabuf_param_bind_n[3], charp, 0444);
MODULE_PARM_DESC(udmabuf3_bind, "parent device of udmabuf3, \"[bus/]device\" (overrides bind)");
module_param_named(udmabuf4_bind, udmabuf_param_bind_n[4], charp, 0444);
MODULE_PARM_DESC(udmabuf4_bind, "parent device of udmabuf4, \"[bus/]device\" (overrides bind)");
module_param_named(udmabuf5_bind, udmabuf_param_bind_n[5], charp, 0444);
MODULE_PARM_DESC(udmabuf5_bind, "parent device of udmabuf5, \"[bus/]device\" (overrides bind)");
module_param_named(udmabuf6_bind, udmabuf_param_bind_n[6], charp, 0444);
MODULE_PARM_DESC(udmabuf6_bind, "parent device of udmabuf6, \"[bus/]device\" (overrides bind)");
module_param_named(udmabuf7_bind, udmabuf_param_bind_n[7], charp, 0444);
MODULE_PARM_DESC(udmabuf7_bind, "parent device of udmabuf7, \"[bus/]device\" (overrides bind)");

static bool udmabuf_param_dma_heap[UDMABUF_PARAM_BUFFERS];

module_param_named(udmabuf0_dma_heap, udmabuf_param_dma_heap[0], bool, 0444);
MODULE_PARM_DESC(udmabuf0_dma_heap, "also create /dev/dma_heap/udmabuf0, allocating from udmabuf0");
module_param_named(udmabuf1_dma_heap, udmabuf_param_dma_heap[1], bool, 0444);
MODULE_PARM_DESC(udmabuf1_dma_heap, "also create /dev/dma_heap/udmabuf1, allocating from udmabuf1");
module_param_named(udmabuf2_dma_heap, udmabuf_param_dma_heap[2], bool, 0444);
MODULE_PARM_DESC(udmabuf2_dma_heap, "also create /dev/dma_heap/udmabuf2, allocating from udmabuf2");
module_param_named(udmabuf3_dma_heap, udmabuf_param_dma_heap[3], bool, 0444);
MODULE_PARM_DESC(udmabuf3_dma_heap, "also create /dev/dma_heap/udmabuf3, allocating from udmabuf3");
module_param_named(udmabuf4_dma_heap, udmabuf_param_dma_heap[4], bool, 0444);
MODULE_PARM_DESC(udmabuf4_dma_heap, "also create /dev/dma_heap/udmabuf4, allocating from udmabuf4");
module_param_named(udmabuf5_dma_heap, udmabuf_param_dma_heap[5], bool, 0444);
MODULE_PARM_DESC(udmabuf5_dma_heap, "also create /dev/dma_heap/udmabuf5, allocating from udmabuf5");
module_param_named(udmabuf6_dma_heap, udmabuf_param_dma_heap[6], bool, 0444);
MODULE_PARM_DESC(udmabuf6_dma_heap, "also create /dev/dma_heap/udmabuf6, allocating from udmabuf6");
module_param_named(udmabuf7_dma_heap, udmabuf_param_dma_heap[7], bool, 0444);
MODULE_PARM_DESC(udmabuf7_dma_heap, "also create /dev/dma_heap/udmabuf7, allocating from udmabuf7");

char *udmabuf_param_bind = "";
module_param_named(bind, udmabuf_param_bind, charp, 0444);
MODULE_PARM_DESC(bind, "parent device of every buffer, \"[bus/]device\"; bus pci, amba, pci_express or platform (default)");

int udmabuf_param_info_enable = 1;
module_param_named(info_enable, udmabuf_param_info_enable, int, 0444);
MODULE_PARM_DESC(info_enable, "creation report: bit 0 basic, bit 1 DMA details (default 1)");

static int udmabuf_param_set_int(const char *val, const struct kernel_param *kp,
				 int min, int max, const char *meaning)
{
	int value;

	if (kstrtoint(val, 0, &value) || value < min || value > max) {
		pr_err("%s=%s is invalid: %s\n", kp->name, val, meaning);
		return -EINVAL;
	}
	*(int *)kp->arg = value;
	return 0;
}

static int udmabuf_param_set_dma_mask_bit(const char *val, const struct kernel_param *kp)
{
	return udmabuf_param_set_int(val, kp, U_DMA_BUF_DMA_MASK_BITS_MIN,
				     U_DMA_BUF_DMA_MASK_BITS_MAX,
				     "the DMA mask width is 12..64 bits");
}

static const struct kernel_param_ops udmabuf_param_dma_mask_bit_ops = {
	.set = udmabuf_param_set_dma_mask_bit,
	.get = param_get_int,
};

int udmabuf_param_dma_mask_bit = 32;
module_param_cb(dma_mask_bit, &udmabuf_param_dma_mask_bit_ops, &udmabuf_param_dma_mask_bit, 0444);
__MODULE_PARM_TYPE(dma_mask_bit, "int");
MODULE_PARM_DESC(dma_mask_bit, "DMA mask width of buffers without a parent device, 12..64 (default 32)");

static int udmabuf_param_set_quirk_mmap_mode(const char *val, const struct kernel_param *kp)
{
	return udmabuf_param_set_int(val, kp, U_DMA_BUF_QUIRK_MMAP_OFF, U_DMA_BUF_QUIRK_MMAP_PAGE,
				     "1 off, 2 on, 3 auto, 4 page");
}

static const struct kernel_param_ops udmabuf_param_quirk_mmap_mode_ops = {
	.set = udmabuf_param_set_quirk_mmap_mode,
	.get = param_get_int,
};

int udmabuf_param_quirk_mmap_mode = UDMABUF_QUIRK_MMAP_DEFAULT;
module_param_cb(quirk_mmap_mode, &udmabuf_param_quirk_mmap_mode_ops,
		&udmabuf_param_quirk_mmap_mode, 0444);
__MODULE_PARM_TYPE(quirk_mmap_mode, "int");
MODULE_PARM_DESC(quirk_mmap_mode, "mmap mode: 1 off, 2 on, 3 auto, 4 page (default 2 on ARM/ARM64, else 3)");

/**
 * udmabuf_params_create() - create the buffers udmabuf0..7 asked for
 */
void udmabuf_params_create(void)
{
	struct udmabuf_device_args args;
	struct udmabuf_device *udev;
	struct device *parent;
	char name[16];
	const char *bind;
	int i;

	for (i = 0; i < UDMABUF_PARAM_BUFFERS; i++) {
		if (!udmabuf_param_size[i])
			continue;
		snprintf(name, sizeof(name), "udmabuf%d", i);
		bind = udmabuf_param_bind_n[i] && *udmabuf_param_bind_n[i] ?
		       udmabuf_param_bind_n[i] : udmabuf_param_bind;
		parent = NULL;
		if (bind && *bind) {
			parent = udmabuf_bind_lookup(name, bind);
			if (IS_ERR(parent)) {
				pr_err("%s: not created\n", name);
				continue;
			}
		}
		udmabuf_device_args_init(&args, name, udmabuf_param_size[i]);
		args.minor = i;
		args.parent = parent;
		args.dma_heap = udmabuf_param_dma_heap[i];
		udev = udmabuf_device_create(&args);
		if (IS_ERR(udev))
			pr_err("%s: not created (%pe)\n", name, udev);
		put_device(parent);
	}
}
