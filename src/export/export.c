// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: the dma-buf exporter. One range of one buffer in, one dma-buf
 * out; the device node's EXPORT ioctl and the heaps are its front doors,
 * and it knows nothing about either.
 *
 * The export holds a reference on the buffer, and the dma-buf holds the
 * module (exp_info.owner), so the memory outlives the device node and the
 * module cannot be unloaded under an export. Each importer gets its own
 * sg_table, split to the importer's maximum segment size and boundary, and
 * CPU access syncs every mapped importer as well as the exporter's device.
 *
 * The exporter is dynamic (it has pin/unpin), so importers that are dynamic
 * themselves (the RDMA core) map under the reservation lock, and the core
 * maps other importers once, when they attach. Contiguous memory never
 * moves: a pin only counts, move_notify is never called, and a pin is
 * refused when the importer's device would reach the memory only through
 * bounce buffers (see udmabuf_export_pin()).
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/atomic.h>
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/dma-resv.h>
#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/iommu.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "compat.h"
#include "export/export.h"

/**
 * struct udmabuf_export - what a dma-buf's priv points to
 * @buf: the buffer (a reference is held)
 * @offset: start of the range, bytes
 * @size: length of the range, bytes
 * @cache: cache attributes of CPU mappings
 * @name: owner, for messages
 * @debug: log importer activity
 * @release: see struct udmabuf_export_args
 * @release_data: argument of @release
 * @lock: protects @attachments and the vmap state
 * @attachments: struct udmabuf_attachment, one per importer
 * @vmap_count: users of @vaddr
 * @vaddr: kernel mapping of the range while @vmap_count
 * @vmapped: @vaddr was made with vmap() (rather than the linear map)
 */
struct udmabuf_export {
	struct udmabuf_buffer *buf;
	u64 offset;
	size_t size;
	enum udmabuf_cache cache;
	char name[UDMABUF_NAME_MAX + 1];
	bool debug;
	void (*release)(void *release_data, u64 offset, size_t size);
	void *release_data;

	struct mutex lock;		/* attachments, vmap state */
	struct list_head attachments;
	unsigned int vmap_count;
	void *vaddr;
	bool vmapped;
};

/**
 * struct udmabuf_attachment - one importer
 * @dev: the importer's device
 * @table: the range, split for @dev; DMA-mapped while @mapped
 * @node: in the export's list
 * @mapped: map_dma_buf has mapped @table
 * @dir: direction @table is mapped with
 * @pins: pin calls not yet undone by unpin (under the reservation lock)
 */
struct udmabuf_attachment {
	struct device *dev;
	struct sg_table table;
	struct list_head node;
	bool mapped;
	enum dma_data_direction dir;
	unsigned int pins;
};

/* Pins held on all our dma-bufs, for debugfs. */
static atomic_long_t udmabuf_export_pin_count = ATOMIC_LONG_INIT(0);

/*
 * Length of the segment starting @pos bytes into the range: at most the
 * importer's maximum segment size (vgem allows 64 KiB; a longer segment is
 * a DMA-API violation), never crossing its segment boundary.
 */
static size_t udmabuf_segment(struct udmabuf_export *exp, struct device *dev, size_t pos)
{
	size_t max = max_t(size_t, round_down(dma_get_max_seg_size(dev), PAGE_SIZE), PAGE_SIZE);
	unsigned long boundary = dma_get_seg_boundary(dev);
	phys_addr_t phys = page_to_phys(exp->buf->page) + exp->offset + pos;
	size_t len = min_t(size_t, exp->size - pos, max);

	if (boundary != ULONG_MAX)
		len = min_t(size_t, len, boundary - (phys & boundary) + 1);
	return len;
}

static int udmabuf_export_table(struct udmabuf_export *exp, struct device *dev,
				struct sg_table *table)
{
	struct scatterlist *sg;
	unsigned int nents = 0;
	size_t pos, len;
	int err;

	for (pos = 0; pos < exp->size; pos += udmabuf_segment(exp, dev, pos))
		nents++;
	err = sg_alloc_table(table, nents, GFP_KERNEL);
	if (err)
		return err;
	for (pos = 0, sg = table->sgl; pos < exp->size; pos += len, sg = sg_next(sg)) {
		len = udmabuf_segment(exp, dev, pos);
		sg_set_page(sg, udmabuf_buffer_page(exp->buf, (exp->offset + pos) >> PAGE_SHIFT),
			    len, 0);
	}
	return 0;
}

static int udmabuf_export_attach(struct dma_buf *dmabuf, struct dma_buf_attachment *attachment)
{
	struct udmabuf_export *exp = dmabuf->priv;
	struct udmabuf_attachment *a;
	int err;

	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	err = udmabuf_export_table(exp, attachment->dev, &a->table);
	if (err) {
		kfree(a);
		return err;
	}
	a->dev = attachment->dev;
	attachment->priv = a;

	mutex_lock(&exp->lock);
	list_add(&a->node, &exp->attachments);
	mutex_unlock(&exp->lock);
	if (exp->debug)
		pr_info("%s: export attached to %s (%u segments)\n",
			exp->name, dev_name(a->dev), a->table.orig_nents);
	return 0;
}

static void udmabuf_export_detach(struct dma_buf *dmabuf, struct dma_buf_attachment *attachment)
{
	struct udmabuf_export *exp = dmabuf->priv;
	struct udmabuf_attachment *a = attachment->priv;

	mutex_lock(&exp->lock);
	list_del(&a->node);
	mutex_unlock(&exp->lock);
	if (exp->debug)
		pr_info("%s: export detached from %s\n", exp->name, dev_name(a->dev));
	sg_free_table(&a->table);
	kfree(a);
}

/*
 * The buffer's memory is itself a DMA-API mapping of the exporter's device,
 * so an importer's mapping overlaps it and CONFIG_DMA_API_DEBUG would
 * report every import ("overlapping mappings aren't supported"). As DRM's
 * PRIME helpers do, map with DMA_ATTR_SKIP_CPU_SYNC, but keep the cache
 * maintenance (and swiotlb bouncing) a plain map and unmap would do by
 * syncing explicitly: after mapping, and before unmapping.
 */
static struct sg_table *udmabuf_export_map(struct dma_buf_attachment *attachment,
					   enum dma_data_direction dir)
{
	struct udmabuf_export *exp = attachment->dmabuf->priv;
	struct udmabuf_attachment *a = attachment->priv;
	int err;

	mutex_lock(&exp->lock);
	err = dma_map_sgtable(a->dev, &a->table, dir, DMA_ATTR_SKIP_CPU_SYNC);
	if (!err) {
		dma_sync_sgtable_for_device(a->dev, &a->table, dir);
		a->mapped = true;
		a->dir = dir;
	}
	mutex_unlock(&exp->lock);
	if (err)
		return ERR_PTR(err);
	return &a->table;
}

static void udmabuf_export_unmap(struct dma_buf_attachment *attachment, struct sg_table *table,
				 enum dma_data_direction dir)
{
	struct udmabuf_export *exp = attachment->dmabuf->priv;
	struct udmabuf_attachment *a = attachment->priv;

	mutex_lock(&exp->lock);
	a->mapped = false;
	dma_sync_sgtable_for_cpu(a->dev, table, dir);
	dma_unmap_sgtable(a->dev, table, dir, DMA_ATTR_SKIP_CPU_SYNC);
	mutex_unlock(&exp->lock);
}

/*
 * Whether @dev reaches [@start, @end] of memory by itself: behind a
 * translating IOMMU every page is reachable; without one the range must lie
 * under the device's DMA mask and bus limit, or the DMA API would bounce it
 * through swiotlb (the physical address is taken as the bus address: this
 * does not apply dma-ranges offsets).
 */
static bool udmabuf_export_reachable(struct device *dev, phys_addr_t start, phys_addr_t end)
{
	struct iommu_domain *domain = iommu_get_domain_for_dev(dev);
	u64 limit = min_not_zero(dma_get_mask(dev), dev->bus_dma_limit);

	if (domain && (domain->type & __IOMMU_DOMAIN_PAGING))
		return true;
	return start <= end && end <= limit;
}

/*
 * Called under the reservation lock: by dma_buf_pin() from a dynamic
 * importer, by the core on each mapping of a dynamic importer (without
 * CONFIG_DMABUF_MOVE_NOTIFY) and on attaching any other importer. The
 * memory is contiguous and never moves, so a pin is only counted. A dynamic
 * importer (an RDMA NIC) accesses pinned memory at any time, with no map,
 * unmap or CPU-access call for swiotlb to copy bounce buffers at, so a pin
 * it could reach only through bounce buffers is refused with EOPNOTSUPP.
 * Other importers still go through the bounce buffers, synced at every CPU
 * access, as before.
 */
static int udmabuf_export_pin(struct dma_buf_attachment *attachment)
{
	struct udmabuf_export *exp = attachment->dmabuf->priv;
	struct udmabuf_attachment *a = attachment->priv;
	phys_addr_t start = page_to_phys(exp->buf->page) + exp->offset;

	dma_resv_assert_held(attachment->dmabuf->resv);
	if (attachment->importer_ops &&
	    !udmabuf_export_reachable(a->dev, start, start + exp->size - 1)) {
		pr_notice_ratelimited("%s: %s cannot reach %pa + %zu without bounce buffers: not pinned\n",
				      exp->name, dev_name(a->dev), &start, exp->size);
		return -EOPNOTSUPP;
	}
	if (a->pins == UINT_MAX)
		return -EOVERFLOW;
	a->pins++;
	atomic_long_inc(&udmabuf_export_pin_count);
	if (exp->debug)
		pr_info("%s: export pinned by %s (%u)\n", exp->name, dev_name(a->dev), a->pins);
	return 0;
}

static void udmabuf_export_unpin(struct dma_buf_attachment *attachment)
{
	struct udmabuf_export *exp = attachment->dmabuf->priv;
	struct udmabuf_attachment *a = attachment->priv;

	dma_resv_assert_held(attachment->dmabuf->resv);
	if (WARN_ON_ONCE(!a->pins))
		return;
	a->pins--;
	atomic_long_dec(&udmabuf_export_pin_count);
	if (exp->debug)
		pr_info("%s: export unpinned by %s (%u)\n", exp->name, dev_name(a->dev), a->pins);
}

/**
 * udmabuf_export_pins() - pins held on u-dma-buf's dma-bufs
 *
 * Return: the number of pin calls not yet undone, over every attachment.
 */
long udmabuf_export_pins(void)
{
	return atomic_long_read(&udmabuf_export_pin_count);
}

static void udmabuf_export_release(struct dma_buf *dmabuf)
{
	struct udmabuf_export *exp = dmabuf->priv;

	if (exp->debug)
		pr_info("%s: export of 0x%llx + %zu released\n",
			exp->name, exp->offset, exp->size);
	udmabuf_buffer_put(exp->buf);
	if (exp->release)
		exp->release(exp->release_data, exp->offset, exp->size);
	kfree(exp);
}

/*
 * Importers get each of their mappings synced with the direction it was
 * mapped with (the DMA API allows nothing else); the exporter's own
 * mapping is bidirectional.
 */
static int udmabuf_export_begin_cpu_access(struct dma_buf *dmabuf, enum dma_data_direction dir)
{
	struct udmabuf_export *exp = dmabuf->priv;
	struct udmabuf_attachment *a;

	mutex_lock(&exp->lock);
	if (exp->vmapped)
		invalidate_kernel_vmap_range(exp->vaddr, exp->size);
	list_for_each_entry(a, &exp->attachments, node)
		if (a->mapped)
			dma_sync_sgtable_for_cpu(a->dev, &a->table, a->dir);
	udmabuf_buffer_sync_for_cpu(exp->buf, exp->offset, exp->size, dir);
	mutex_unlock(&exp->lock);
	return 0;
}

static int udmabuf_export_end_cpu_access(struct dma_buf *dmabuf, enum dma_data_direction dir)
{
	struct udmabuf_export *exp = dmabuf->priv;
	struct udmabuf_attachment *a;

	mutex_lock(&exp->lock);
	if (exp->vmapped)
		flush_kernel_vmap_range(exp->vaddr, exp->size);
	udmabuf_buffer_sync_for_device(exp->buf, exp->offset, exp->size, dir);
	list_for_each_entry(a, &exp->attachments, node)
		if (a->mapped)
			dma_sync_sgtable_for_device(a->dev, &a->table, a->dir);
	mutex_unlock(&exp->lock);
	return 0;
}

static int udmabuf_export_mmap(struct dma_buf *dmabuf, struct vm_area_struct *vma)
{
	struct udmabuf_export *exp = dmabuf->priv;

	/* MAP_SHARED; read-only files' shared mappings have only VM_MAYSHARE. */
	if (!(vma->vm_flags & VM_MAYSHARE))
		return -EINVAL;
	/*
	 * An importer's mmap (dma_buf_mmap()) checks its own file, not ours:
	 * a read-only export stays read-only through it too.
	 */
	if (!(dmabuf->file->f_mode & FMODE_WRITE)) {
		if (vma->vm_flags & VM_WRITE)
			return -EACCES;
		udmabuf_vm_flags_clear(vma, VM_MAYWRITE);
	}
	/*
	 * PFN entries, never struct pages, whatever the device's mode: a
	 * dma-buf mapping promises no get_user_pages(), and on CMA memory a
	 * long-term pin (io_uring, RDMA, V4L2 USERPTR) of struct pages loops
	 * in 6.1's GUP. This way every pin fails at once with EFAULT.
	 */
	return udmabuf_buffer_mmap(exp->buf, vma, exp->offset, exp->size, exp->cache,
				   false, exp->buf->dma_dev);
}

/*
 * udmabuf_export_vmap_addr() - map an export into the kernel
 * @dmabuf: one of our dma-bufs
 *
 * A cached export is already mapped (the linear map); an uncached one gets
 * a vmap() with the same attributes as its user mappings, so kernel
 * importers (vivid, cirrus) and user space see the same memory the same
 * way. Counted: the last udmabuf_export_vunmap_addr() unmaps.
 *
 * Return: the kernel address of the range, or an ERR_PTR().
 */
static void *udmabuf_export_vmap_addr(struct dma_buf *dmabuf)
{
	struct udmabuf_export *exp = dmabuf->priv;
	unsigned long i, n = exp->size >> PAGE_SHIFT;
	struct page **pages;
	void *vaddr;

	mutex_lock(&exp->lock);
	if (exp->vmap_count) {
		exp->vmap_count++;
		vaddr = exp->vaddr;
		goto out;
	}
	if (udmabuf_buffer_cached(exp->buf, exp->cache)) {
		vaddr = exp->buf->vaddr + exp->offset;
	} else {
		pages = kvmalloc_array(n, sizeof(*pages), GFP_KERNEL);
		if (!pages) {
			vaddr = ERR_PTR(-ENOMEM);
			goto out;
		}
		for (i = 0; i < n; i++)
			pages[i] = udmabuf_buffer_page(exp->buf, (exp->offset >> PAGE_SHIFT) + i);
		vaddr = vmap(pages, n, VM_MAP,
			     udmabuf_buffer_pgprot(exp->buf, PAGE_KERNEL, exp->cache));
		kvfree(pages);
		if (!vaddr) {
			vaddr = ERR_PTR(-ENOMEM);
			goto out;
		}
		exp->vmapped = true;
	}
	exp->vaddr = vaddr;
	exp->vmap_count = 1;
out:
	mutex_unlock(&exp->lock);
	return vaddr;
}

/*
 * udmabuf_export_vunmap_addr() - drop a kernel mapping of an export
 * @dmabuf: one of our dma-bufs
 * @vaddr: what udmabuf_export_vmap_addr() returned
 */
static void udmabuf_export_vunmap_addr(struct dma_buf *dmabuf, void *vaddr)
{
	struct udmabuf_export *exp = dmabuf->priv;

	mutex_lock(&exp->lock);
	if (!WARN_ON(!exp->vmap_count || vaddr != exp->vaddr) && !--exp->vmap_count) {
		if (exp->vmapped)
			vunmap(exp->vaddr);
		exp->vmapped = false;
		exp->vaddr = NULL;
	}
	mutex_unlock(&exp->lock);
}

UDMABUF_DMA_BUF_VMAP(udmabuf_export)

static const struct dma_buf_ops udmabuf_export_ops = {
	.attach = udmabuf_export_attach,
	.detach = udmabuf_export_detach,
	.map_dma_buf = udmabuf_export_map,
	.unmap_dma_buf = udmabuf_export_unmap,
	.pin = udmabuf_export_pin,
	.unpin = udmabuf_export_unpin,
	.release = udmabuf_export_release,
	.begin_cpu_access = udmabuf_export_begin_cpu_access,
	.end_cpu_access = udmabuf_export_end_cpu_access,
	.mmap = udmabuf_export_mmap,
	.vmap = udmabuf_export_vmap,
	.vunmap = udmabuf_export_vunmap,
};

/**
 * udmabuf_export() - export a range of a buffer as a dma-buf
 * @args: what to export; the caller checked the range
 *
 * Return: the dma-buf (one reference, the caller's), or an ERR_PTR(). On
 * failure nothing is held and @args->release is not called.
 */
struct dma_buf *udmabuf_export(const struct udmabuf_export_args *args)
{
	DEFINE_DMA_BUF_EXPORT_INFO(info);
	struct udmabuf_export *exp;
	struct dma_buf *dmabuf;

	exp = kzalloc(sizeof(*exp), GFP_KERNEL);
	if (!exp)
		return ERR_PTR(-ENOMEM);
	exp->buf = args->buf;
	exp->offset = args->offset;
	exp->size = args->size;
	exp->cache = args->cache;
	exp->debug = args->debug;
	exp->release = args->release;
	exp->release_data = args->release_data;
	strscpy(exp->name, args->name, sizeof(exp->name));
	mutex_init(&exp->lock);
	INIT_LIST_HEAD(&exp->attachments);

	info.exp_name = "u-dma-buf";
	info.ops = &udmabuf_export_ops;
	info.size = args->size;
	info.flags = args->flags & (O_ACCMODE | O_CLOEXEC);
	info.priv = exp;
	dmabuf = dma_buf_export(&info);
	if (IS_ERR(dmabuf)) {
		kfree(exp);
		return dmabuf;
	}
	udmabuf_buffer_get(args->buf);
	if (exp->debug)
		pr_info("%s: exported 0x%llx + %zu, cache mode %d\n",
			exp->name, exp->offset, exp->size, exp->cache);
	return dmabuf;
}

/**
 * udmabuf_export_access_ok() - whether a file may create a dma-buf
 * @f_mode: the mode of the file asking (a device node or heap node)
 * @flags: the requested open flags of the dma-buf (O_ACCMODE)
 *
 * An export never grants more than the file it comes from: a readable
 * dma-buf needs a readable file, a writable one a writable file.
 *
 * Return: true when @f_mode covers the access mode of @flags.
 */
bool udmabuf_export_access_ok(fmode_t f_mode, int flags)
{
	fmode_t want = 0;

	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		want = FMODE_READ;
		break;
	case O_WRONLY:
		want = FMODE_WRITE;
		break;
	default:
		want = FMODE_READ | FMODE_WRITE;
		break;
	}
	return (f_mode & want) == want;
}

/**
 * udmabuf_export_fd() - hand a dma-buf to user space as a new fd
 * @dmabuf: the dma-buf; its reference is consumed in every case
 * @flags: O_CLOEXEC or 0
 * @publish: tells user space the fd (e.g. copy_to_user()); its failure
 *	undoes everything
 * @data: argument of @publish
 *
 * The fd is reserved, published, and only then installed, so no failure
 * leaves user space an fd or the kernel a buffer.
 *
 * Return: 0 or a negative error.
 */
int udmabuf_export_fd(struct dma_buf *dmabuf, int flags,
		      int (*publish)(int fd, void *data), void *data)
{
	int fd, err;

	fd = get_unused_fd_flags(flags & O_CLOEXEC);
	if (fd < 0) {
		dma_buf_put(dmabuf);
		return fd;
	}
	err = publish(fd, data);
	if (err) {
		put_unused_fd(fd);
		dma_buf_put(dmabuf);
		return err;
	}
	fd_install(fd, dmabuf->file);
	return 0;
}

/**
 * udmabuf_export_range() - what an exported dma-buf covers
 * @dmabuf: any dma-buf
 * @buf: the buffer (no reference is taken; valid while @dmabuf is held)
 * @offset: start of the range in the buffer
 * @size: length of the range
 *
 * Return: false when @dmabuf was not exported by u-dma-buf.
 */
bool udmabuf_export_range(struct dma_buf *dmabuf, struct udmabuf_buffer **buf,
			  u64 *offset, size_t *size)
{
	struct udmabuf_export *exp;

	if (dmabuf->ops != &udmabuf_export_ops)
		return false;
	exp = dmabuf->priv;
	*buf = exp->buf;
	*offset = exp->offset;
	*size = exp->size;
	return true;
}
