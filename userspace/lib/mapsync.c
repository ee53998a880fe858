// SPDX-License-Identifier: MIT
/*
 * libudmabuf: syncs of the bytes of a mapping, named by pointer: a device
 * range for device mappings, DMA_BUF_IOCTL_SYNC for dma-buf mappings.
 */
#include "internal.h"

static int ub_map_range(struct udmabuf_map *m, const void *ptr, uint64_t *size,
			uint64_t *off)
{
	const char *p = ptr;

	if (p < m->ptr || (uint64_t)(p - m->ptr) > m->size ||
	    *size > m->size - (uint64_t)(p - m->ptr))
		return ub_err(EFAULT, "sync %p + 0x%llx: outside the mapping %p + 0x%llx",
			      ptr, (unsigned long long)*size, (void *)m->ptr,
			      (unsigned long long)m->size);
	if (!*size)
		*size = m->size - (uint64_t)(p - m->ptr);
	*off = m->offset + (uint64_t)(p - m->ptr);
	return 0;
}

static int ub_map_sync(struct udmabuf_map *m, const void *ptr, uint64_t size,
		       enum udmabuf_dir dir, bool for_device)
{
	int access = dir == UDMABUF_DIR_FROM_DEVICE ? UDMABUF_ACCESS_READ : UDMABUF_ACCESS_RW;
	uint64_t off = 0;
	int err;

	if ((unsigned int)dir > UDMABUF_DIR_FROM_DEVICE)
		return ub_err(EINVAL, "sync: direction %d is not 0 (bidirectional), "
			      "1 (to device) or 2 (from device)", (int)dir);
	err = ub_map_range(m, ptr, &size, &off);
	if (err || !size)
		return err;
	/* The mapping lies inside the device: the range needs no second check. */
	if (m->dev)
		return ub_sync_checked(m->dev, off, size, dir, for_device);
	if (for_device)
		return udmabuf_dmabuf_end_cpu_access(m->buf, access);
	return udmabuf_dmabuf_begin_cpu_access(m->buf, access);
}

UB_EXPORT int udmabuf_map_sync_for_cpu(struct udmabuf_map *m, const void *ptr, uint64_t size,
				       enum udmabuf_dir dir)
{
	return ub_map_sync(m, ptr, size, dir, false);
}

UB_EXPORT int udmabuf_map_sync_for_device(struct udmabuf_map *m, const void *ptr,
					  uint64_t size, enum udmabuf_dir dir)
{
	return ub_map_sync(m, ptr, size, dir, true);
}
