/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the kernel versions we build for (5.10 .. 6.18)
 * is handled here and only here; function bodies elsewhere have no #if.
 * Results of the Kbuild feature tests (scripts/conftest/) come from
 * conftest.h.
 */
#ifndef UDMABUF_COMPAT_H
#define UDMABUF_COMPAT_H

#include <linux/device.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/module.h>
#include "conftest.h"

/* 5.10 moved dev_is_dma_coherent() and pgprot_dmacoherent() here. */
#ifdef UDMABUF_HAVE_DMA_MAP_OPS_H
#include <linux/dma-map-ops.h>
#else
#include <linux/dma-noncoherent.h>
#endif

/* 6.3: vm_flags may only change through vm_flags_set(). */
static inline void udmabuf_vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
#ifdef UDMABUF_HAVE_VM_FLAGS_SET
	vm_flags_set(vma, flags);
#else
	vma->vm_flags |= flags;
#endif
}

/* 6.13: MODULE_IMPORT_NS() takes a string literal. */
#ifdef UDMABUF_HAVE_MODULE_IMPORT_NS_IDENT
#define UDMABUF_MODULE_IMPORT_NS_DMA_BUF()	MODULE_IMPORT_NS(DMA_BUF)
#else
#define UDMABUF_MODULE_IMPORT_NS_DMA_BUF()	MODULE_IMPORT_NS("DMA_BUF")
#endif

/* 6.12 made bus types const: declare ours like the platform bus is. */
#include <linux/platform_device.h>
#ifdef CONFIG_PCIEPORTBUS
/* Exported, but declared only in drivers/pci/pcie/portdrv.h. */
extern typeof(platform_bus_type) pcie_port_bus_type;
#endif

/*
 * The largest block the page allocator hands out, which bounds contiguous
 * allocations without CMA (MAX_ORDER changed meaning in 6.4 and was renamed
 * in 6.8; MAX_ORDER_NR_PAGES kept its meaning).
 */
#define UDMABUF_MAX_BUDDY_BYTES	((u64)MAX_ORDER_NR_PAGES << PAGE_SHIFT)

/* 6.18 removed nth_page(); contiguous memory is contiguous in PFNs. */
static inline struct page *udmabuf_nth_page(struct page *page, unsigned long n)
{
	return pfn_to_page(page_to_pfn(page) + n);
}

#endif
