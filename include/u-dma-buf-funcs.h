/* SPDX-License-Identifier: GPL-2.0 */
/*
 * u-dma-buf in-kernel API: other kernel modules create, find, use and remove
 * u-dma-buf devices with these (as u-dma-buf-mgr.ko does). Same names and
 * meanings as upstream u-dma-buf, with proper reference counting: a device
 * found by u_dma_buf_device_search() carries a reference the caller drops
 * with put_device().
 *
 * Build against u-dma-buf's Module.symvers (KBUILD_EXTRA_SYMBOLS).
 */
#ifndef U_DMA_BUF_FUNCS_H
#define U_DMA_BUF_FUNCS_H

#include <linux/bits.h>
#include <linux/kernel.h>
#include <linux/device.h>
#include <linux/platform_device.h>
#include <linux/string.h>
#include <linux/types.h>

/* Bits of u_dma_buf_device_create()'s option argument. */
#define U_DMA_BUF_OPTION_DMA_MASK_SHIFT		0	/* bits 7..0: DMA mask width */
#define U_DMA_BUF_OPTION_DMA_MASK_MASK		0xffu
#define U_DMA_BUF_OPTION_QUIRK_MMAP_SHIFT	10	/* bits 12..10: quirk mmap mode */
#define U_DMA_BUF_OPTION_QUIRK_MMAP_MASK	0x7u
#define U_DMA_BUF_OPTION_DMA_HEAP		BIT(16)	/* also /dev/dma_heap/<name> */
#define U_DMA_BUF_OPTION_USER_REQUEST		BIT(17)	/* refusals are notices */

/* The widths a DMA mask may have (option bits 7..0, dma-mask=, parameters). */
#define U_DMA_BUF_DMA_MASK_BITS_MIN		12
#define U_DMA_BUF_DMA_MASK_BITS_MAX		64

static inline bool u_dma_buf_dma_mask_bits_valid(long bits)
{
	return bits >= U_DMA_BUF_DMA_MASK_BITS_MIN && bits <= U_DMA_BUF_DMA_MASK_BITS_MAX;
}

/* Quirk mmap modes (option bits 12..10) and their names in the device tree
 * and in manager commands.
 */
#define U_DMA_BUF_QUIRK_MMAP_OFF		1
#define U_DMA_BUF_QUIRK_MMAP_ON			2
#define U_DMA_BUF_QUIRK_MMAP_AUTO		3
#define U_DMA_BUF_QUIRK_MMAP_PAGE		4

/* The name of quirk mmap mode @mode (1..4), or NULL. */
static inline const char *u_dma_buf_quirk_mmap_name(unsigned int mode)
{
	static const char * const names[] = {
		[U_DMA_BUF_QUIRK_MMAP_OFF] = "quirk-mmap-off",
		[U_DMA_BUF_QUIRK_MMAP_ON] = "quirk-mmap-on",
		[U_DMA_BUF_QUIRK_MMAP_AUTO] = "quirk-mmap-auto",
		[U_DMA_BUF_QUIRK_MMAP_PAGE] = "quirk-mmap-page",
	};

	return mode < ARRAY_SIZE(names) ? names[mode] : NULL;
}

/* The quirk mmap mode (1..4) named @name, or 0. */
static inline unsigned int u_dma_buf_quirk_mmap_mode(const char *name)
{
	unsigned int mode;

	for (mode = U_DMA_BUF_QUIRK_MMAP_OFF; mode <= U_DMA_BUF_QUIRK_MMAP_PAGE; mode++)
		if (!strcmp(name, u_dma_buf_quirk_mmap_name(mode)))
			return mode;
	return 0;
}

/* What u_dma_buf_find_available_bus_type() returns (const from 6.12). */
#define U_DMA_BUF_BUS_TYPE typeof(platform_bus_type)

/* u_dma_buf_device_sync() commands */
#define U_DMA_BUF_SYNC_FOR_CPU		1
#define U_DMA_BUF_SYNC_FOR_DEVICE	2

struct device *u_dma_buf_device_search(const char *name, int id);
struct device *u_dma_buf_device_create(const char *name, int id, size_t size,
				       unsigned int option, struct device *parent);
int u_dma_buf_device_remove(struct device *dev);
int u_dma_buf_device_getmap(struct device *dev, size_t *size, void **virt_addr,
			    dma_addr_t *phys_addr);
int u_dma_buf_device_sync(struct device *dev, int command, int direction,
			  u64 offset, size_t size);
U_DMA_BUF_BUS_TYPE *u_dma_buf_find_available_bus_type(const char *name, int len);
struct device *u_dma_buf_find_device(const char *bus, int bus_len, const char *name);

#endif
