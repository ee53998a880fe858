// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: mapping a buffer into user space, for /dev/<name> and for
 * dma-buf exports alike.
 *
 * The whole mapping is populated at mmap() time, and writable mappings are
 * populated dirty, so touching it takes no page fault (upstream's quirk
 * modes fault once per page). PFNs come from the buffer's struct pages,
 * never from its DMA address, which is an IOVA behind an IOMMU.
 *
 * Page mode (devices only, never dma-buf exports) maps the struct pages
 * themselves, so get_user_pages() works: O_DIRECT and io_uring can use the
 * mapping. A long-term pin (FOLL_LONGTERM) of such a mapping of CMA memory
 * loops in 6.1's GUP until the caller is killed: CMA pages may not be
 * pinned long-term, and ours, on no LRU list, cannot be migrated away.
 * The other modes and every export insert special (unrefcounted) PFN
 * entries into a VM_MIXEDMAP | VM_IO mapping: get_user_pages() refuses
 * VM_IO at once (EFAULT), but unlike a VM_PFNMAP mapping (which the
 * kernel's page walkers skip) /proc/<pid>/pagemap shows the physical
 * addresses, which users translate virtual addresses with.
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/dma-mapping.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "compat.h"
#include "buffer/buffer.h"

#define UDMABUF_INSERT_BATCH	(PAGE_SIZE / sizeof(struct page *))

static void udmabuf_vma_open(struct vm_area_struct *vma)
{
	udmabuf_buffer_get(vma->vm_private_data);
}

static void udmabuf_vma_close(struct vm_area_struct *vma)
{
	udmabuf_buffer_put(vma->vm_private_data);
}

/*
 * Only reached when ptes were zapped after mmap() populated them
 * (madvise(MADV_DONTNEED), for instance): put the page back.
 */
static vm_fault_t udmabuf_vma_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct udmabuf_buffer *buf = vma->vm_private_data;
	unsigned long pgoff = vma->vm_pgoff + ((vmf->address - vma->vm_start) >> PAGE_SHIFT);
	struct page *page;
	int err;

	if (pgoff >= buf->size >> PAGE_SHIFT)
		return VM_FAULT_SIGBUS;
	page = udmabuf_buffer_page(buf, pgoff);
	if (vma->vm_flags & VM_IO)
		return udmabuf_insert_mixed(vma, vmf->address, page_to_pfn(page));
	err = vm_insert_page(vma, vmf->address, page);
	if (err == -ENOMEM)
		return VM_FAULT_OOM;
	if (err && err != -EBUSY)
		return VM_FAULT_SIGBUS;
	return VM_FAULT_NOPAGE;
}

static const struct vm_operations_struct udmabuf_vm_ops = {
	.open = udmabuf_vma_open,
	.close = udmabuf_vma_close,
	.fault = udmabuf_vma_fault,
};

/**
 * udmabuf_buffer_pgprot() - page protection for a mapping of a buffer
 * @buf: the buffer
 * @prot: the protection without cache attributes
 * @cache: the cache mode asked for
 *
 * On x86, PAT gives every RAM page a single memory type (write-back) and
 * replaces any other type requested for a mapping of it; DMA is cache
 * coherent there, so every mapping is write-back. Elsewhere the mapping
 * gets the attributes asked for. Used for user mappings and kernel vmaps.
 *
 * Return: @prot with the cache attributes.
 */
pgprot_t udmabuf_buffer_pgprot(struct udmabuf_buffer *buf, pgprot_t prot,
			       enum udmabuf_cache cache)
{
	if (IS_ENABLED(CONFIG_X86))
		return prot;
	switch (cache) {
	case UDMABUF_CACHE_UNCACHED:
		return pgprot_noncached(prot);
	case UDMABUF_CACHE_WRITECOMBINE:
		return pgprot_writecombine(prot);
	case UDMABUF_CACHE_DMA_COHERENT:
		return buf->coherent ? prot : pgprot_dmacoherent(prot);
	default:
		return prot;
	}
}

/**
 * udmabuf_buffer_cached() - whether a cache mode maps the buffer cacheable
 * @buf: the buffer
 * @cache: the cache mode
 *
 * Return: true when udmabuf_buffer_pgprot() gives a write-back mapping.
 */
bool udmabuf_buffer_cached(struct udmabuf_buffer *buf, enum udmabuf_cache cache)
{
	return IS_ENABLED(CONFIG_X86) || cache == UDMABUF_CACHE_CACHED ||
	       (cache == UDMABUF_CACHE_DMA_COHERENT && buf->coherent);
}

static int udmabuf_insert_pfns(struct udmabuf_buffer *buf, struct vm_area_struct *vma)
{
	unsigned long pfn = page_to_pfn(udmabuf_buffer_page(buf, vma->vm_pgoff));
	unsigned long addr;
	vm_fault_t ret;

	for (addr = vma->vm_start; addr < vma->vm_end; addr += PAGE_SIZE, pfn++) {
		ret = udmabuf_insert_mixed(vma, addr, pfn);
		if (ret & VM_FAULT_ERROR)
			return ret & VM_FAULT_OOM ? -ENOMEM : -EFAULT;
		if (!(pfn % UDMABUF_INSERT_BATCH))
			cond_resched();
	}
	return 0;
}

static int udmabuf_insert_pages(struct udmabuf_buffer *buf, struct vm_area_struct *vma)
{
	unsigned long first = vma->vm_pgoff, count = vma_pages(vma), done = 0, i;
	struct page **pages;
	int err = 0;

	pages = kmalloc_array(UDMABUF_INSERT_BATCH, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	while (done < count && !err) {
		unsigned long n = min_t(unsigned long, count - done, UDMABUF_INSERT_BATCH);
		unsigned long left = n;

		for (i = 0; i < n; i++)
			pages[i] = udmabuf_buffer_page(buf, first + done + i);
		err = vm_insert_pages(vma, vma->vm_start + (done << PAGE_SHIFT), pages, &left);
		done += n - left;
	}
	kfree(pages);
	return err;
}

/**
 * udmabuf_buffer_mmap() - map (part of) a range of a buffer
 * @buf: the buffer
 * @vma: the new mapping; vm_pgoff counts pages from @offset
 * @offset: start of the range that may be mapped, bytes, page aligned
 * @size: length of that range, bytes
 * @cache: CPU cache attributes of the mapping
 * @pages: map struct pages (page mode) rather than PFNs
 * @who: the device to name in error messages
 *
 * On success the mapping holds a reference on @buf and vm_pgoff counts
 * pages from the start of the buffer.
 *
 * A private mapping must be read-only and cannot be made writable later:
 * a copy-on-write view of DMA memory would silently stop seeing the device.
 *
 * Return: 0, -EINVAL for a private writable mapping or a page-mode mapping
 * of memory without page references, -ENXIO outside the range, or the error
 * of populating the page tables.
 */
int udmabuf_buffer_mmap(struct udmabuf_buffer *buf, struct vm_area_struct *vma,
			u64 offset, size_t size, enum udmabuf_cache cache, bool pages,
			struct device *who)
{
	unsigned long range_pages = PAGE_ALIGN(size) >> PAGE_SHIFT;
	unsigned long len = vma->vm_end - vma->vm_start;
	int err;

	if (!(vma->vm_flags & VM_SHARED)) {
		if (vma->vm_flags & VM_WRITE) {
			dev_dbg(who, "mmap: a private writable mapping is not supported, use MAP_SHARED\n");
			return -EINVAL;
		}
		udmabuf_vm_flags_clear(vma, VM_MAYWRITE);
	}
	if (vma->vm_pgoff >= range_pages || vma_pages(vma) > range_pages - vma->vm_pgoff) {
		dev_dbg(who, "mmap: offset 0x%llx + %lu bytes is outside the %zu-byte buffer\n",
			(u64)vma->vm_pgoff << PAGE_SHIFT, len, size);
		return -ENXIO;
	}
	if (pages && !buf->refcounted) {
		dev_notice_once(who, "mmap: page mode needs memory from the page allocator or CMA\n");
		return -EINVAL;
	}

	vma->vm_pgoff += offset >> PAGE_SHIFT;
	vma->vm_page_prot = udmabuf_buffer_pgprot(buf, vma->vm_page_prot, cache);
	if (vma->vm_flags & VM_WRITE)
		vma->vm_page_prot = udmabuf_pgprot_dirty(vma->vm_page_prot);
	udmabuf_vm_flags_set(vma, VM_DONTEXPAND | VM_DONTDUMP);

	/* No dirty line of the cached kernel alias may land on top of what an
	 * uncached mapping writes, nor a stale one be read later.
	 */
	if (!udmabuf_buffer_cached(buf, cache)) {
		udmabuf_buffer_sync_for_device(buf, vma->vm_pgoff << PAGE_SHIFT, len,
					       DMA_BIDIRECTIONAL);
		udmabuf_buffer_sync_for_cpu(buf, vma->vm_pgoff << PAGE_SHIFT, len,
					    DMA_BIDIRECTIONAL);
	}

	udmabuf_vm_flags_set(vma, VM_MIXEDMAP | (pages ? 0 : VM_IO));
	err = pages ? udmabuf_insert_pages(buf, vma) : udmabuf_insert_pfns(buf, vma);
	if (err)
		return err;

	vma->vm_private_data = buf;
	vma->vm_ops = &udmabuf_vm_ops;
	udmabuf_buffer_get(buf);
	return 0;
}
