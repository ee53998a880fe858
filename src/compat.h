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
#include <linux/fs.h>
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

/*
 * 6.5: copy_splice_read() splices through ->read_iter(), as the older
 * generic_file_splice_read() did for files without a page cache.
 */
#ifdef UDMABUF_HAVE_COPY_SPLICE_READ
#define udmabuf_splice_read	copy_splice_read
#else
#define udmabuf_splice_read	generic_file_splice_read
#endif

/* 6.3: vm_flags may only change through vm_flags_set()/_clear(). */
static inline void udmabuf_vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
#ifdef UDMABUF_HAVE_VM_FLAGS_SET
	vm_flags_set(vma, flags);
#else
	vma->vm_flags |= flags;
#endif
}

static inline void udmabuf_vm_flags_clear(struct vm_area_struct *vma, vm_flags_t flags)
{
#ifdef UDMABUF_HAVE_VM_FLAGS_SET
	vm_flags_clear(vma, flags);
#else
	vma->vm_flags &= ~flags;
#endif
}

/* 6.17: vmf_insert_mixed() takes a plain PFN instead of a pfn_t. */
#ifdef UDMABUF_HAVE_PFN_T
#include <linux/pfn_t.h>
#endif
static inline vm_fault_t udmabuf_insert_mixed(struct vm_area_struct *vma, unsigned long addr,
					      unsigned long pfn)
{
#ifdef UDMABUF_HAVE_PFN_T
	return vmf_insert_mixed(vma, addr, __pfn_to_pfn_t(pfn, 0));
#else
	return vmf_insert_mixed(vma, addr, pfn);
#endif
}

/* 6.13: MODULE_IMPORT_NS() takes a string literal. */
#ifdef UDMABUF_HAVE_MODULE_IMPORT_NS_IDENT
#define UDMABUF_MODULE_IMPORT_NS_DMA_BUF()	MODULE_IMPORT_NS(DMA_BUF)
#else
#define UDMABUF_MODULE_IMPORT_NS_DMA_BUF()	MODULE_IMPORT_NS("DMA_BUF")
#endif

/*
 * 6.11: platform_driver.remove returns void. UDMABUF_PLATFORM_REMOVE(fn)
 * defines fn_remove(), calling void fn(pdev), with the type .remove wants.
 */
#ifdef UDMABUF_HAVE_PLATFORM_REMOVE_VOID
#define UDMABUF_PLATFORM_REMOVE(fn)					\
	static void fn##_remove(struct platform_device *pdev) { fn(pdev); }
#else
#define UDMABUF_PLATFORM_REMOVE(fn)					\
	static int fn##_remove(struct platform_device *pdev) { fn(pdev); return 0; }
#endif

/* 6.12 made bus types const: declare ours like the platform bus is. */
#include <linux/platform_device.h>
#ifdef CONFIG_PCIEPORTBUS
/* Exported, but declared only in drivers/pci/pcie/portdrv.h. */
extern typeof(platform_bus_type) pcie_port_bus_type;
#endif

/*
 * Architecture difference, not a version one: a writable but clean pte
 * takes a fault on the first write on CPUs without hardware dirty-bit
 * management (Cortex-A53, as on ZynqMP) just to become dirty. DMA memory has
 * nothing to write back, so mappings are populated dirty: pte_mkdirty() makes
 * only writable ptes hardware-writable. arm64 and x86 provide pte_pgprot()
 * to turn the pte back into a protection.
 */
static inline pgprot_t udmabuf_pgprot_dirty(pgprot_t prot)
{
#if defined(CONFIG_ARM64) || defined(CONFIG_X86)
	return pte_pgprot(pte_mkdirty(pfn_pte(0, prot)));
#else
	return prot;
#endif
}

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

/*
 * dma_buf_ops.vmap/vunmap: void *(*)(struct dma_buf *) up to 5.10, a
 * struct dma_buf_map 5.11..5.17, a struct iosys_map from 5.18.
 * UDMABUF_DMA_BUF_VMAP(prefix) defines prefix##_vmap() and prefix##_vunmap()
 * of this kernel's kind around the exporter's prefix##_vmap_addr() (a kernel
 * address or an ERR_PTR()) and prefix##_vunmap_addr(dmabuf, vaddr).
 */
#include <linux/err.h>
#if defined(UDMABUF_HAVE_IOSYS_MAP_H)
#include <linux/iosys-map.h>
#define udmabuf_vmap_map		iosys_map
#define udmabuf_vmap_set_vaddr		iosys_map_set_vaddr
#elif defined(UDMABUF_HAVE_DMA_BUF_MAP_H)
#include <linux/dma-buf-map.h>
#define udmabuf_vmap_map		dma_buf_map
#define udmabuf_vmap_set_vaddr		dma_buf_map_set_vaddr
#endif

#ifdef udmabuf_vmap_map
#define UDMABUF_DMA_BUF_VMAP(prefix)						\
static int prefix##_vmap(struct dma_buf *dmabuf, struct udmabuf_vmap_map *map)	\
{										\
	void *vaddr = prefix##_vmap_addr(dmabuf);				\
										\
	if (IS_ERR(vaddr))							\
		return PTR_ERR(vaddr);						\
	udmabuf_vmap_set_vaddr(map, vaddr);					\
	return 0;								\
}										\
										\
static void prefix##_vunmap(struct dma_buf *dmabuf, struct udmabuf_vmap_map *map) \
{										\
	prefix##_vunmap_addr(dmabuf, map->vaddr);				\
}
#else
#define UDMABUF_DMA_BUF_VMAP(prefix)						\
static void *prefix##_vmap(struct dma_buf *dmabuf)				\
{										\
	void *vaddr = prefix##_vmap_addr(dmabuf);				\
										\
	return IS_ERR(vaddr) ? NULL : vaddr;					\
}										\
										\
static void prefix##_vunmap(struct dma_buf *dmabuf, void *vaddr)		\
{										\
	prefix##_vunmap_addr(dmabuf, vaddr);					\
}
#endif

/*
 * Shrinkers: 6.0 gave register_shrinker() a name; 6.7 replaced it with
 * shrinker_alloc()/shrinker_register()/shrinker_free() and a private_data
 * field. udmabuf_shrinker_create() registers a shrinker whose callbacks
 * find their @data with udmabuf_shrinker_data(); NULL when out of memory.
 */
#include <linux/shrinker.h>
#include <linux/slab.h>

typedef unsigned long (*udmabuf_shrink_fn)(struct shrinker *s, struct shrink_control *sc);

#ifdef UDMABUF_HAVE_SHRINKER_ALLOC
static inline struct shrinker *udmabuf_shrinker_create(const char *name, udmabuf_shrink_fn count,
						       udmabuf_shrink_fn scan, void *data)
{
	struct shrinker *s = shrinker_alloc(0, "%s", name);

	if (!s)
		return NULL;
	s->count_objects = count;
	s->scan_objects = scan;
	s->private_data = data;
	shrinker_register(s);
	return s;
}

static inline void *udmabuf_shrinker_data(struct shrinker *s)
{
	return s->private_data;
}

static inline void udmabuf_shrinker_destroy(struct shrinker *s)
{
	shrinker_free(s);
}
#else
struct udmabuf_shrinker {
	struct shrinker shrinker;
	void *data;
};

static inline struct shrinker *udmabuf_shrinker_create(const char *name, udmabuf_shrink_fn count,
						       udmabuf_shrink_fn scan, void *data)
{
	struct udmabuf_shrinker *s = kzalloc(sizeof(*s), GFP_KERNEL);
	int err;

	if (!s)
		return NULL;
	s->shrinker.count_objects = count;
	s->shrinker.scan_objects = scan;
	s->shrinker.seeks = DEFAULT_SEEKS;
	s->data = data;
#ifdef UDMABUF_HAVE_REGISTER_SHRINKER_NAME
	err = register_shrinker(&s->shrinker, "%s", name);
#else
	err = register_shrinker(&s->shrinker);
#endif
	if (err) {
		kfree(s);
		return NULL;
	}
	return &s->shrinker;
}

static inline void *udmabuf_shrinker_data(struct shrinker *s)
{
	return container_of(s, struct udmabuf_shrinker, shrinker)->data;
}

static inline void udmabuf_shrinker_destroy(struct shrinker *s)
{
	unregister_shrinker(s);
	kfree(container_of(s, struct udmabuf_shrinker, shrinker));
}
#endif

#endif
