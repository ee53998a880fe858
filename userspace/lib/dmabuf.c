// SPDX-License-Identifier: MIT
/*
 * libudmabuf: dma-bufs. Exports of a device range, fds from elsewhere (heap
 * buffers come from heap.c); their DMA address through
 * U_DMA_BUF_HEAP_IOCTL_DMA_ADDR, and DMA_BUF_IOCTL_SYNC.
 */
#include "internal.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/dma-buf.h>

#include "u-dma-buf-ioctl.h"

void ub_buf_get(struct udmabuf_dmabuf *buf)
{
	atomic_fetch_add(&buf->refs, 1);
}

void ub_buf_put(struct udmabuf_dmabuf *buf)
{
	if (atomic_fetch_sub(&buf->refs, 1) == 1) {
		close(buf->fd);
		free(buf);
	}
}

/* Wraps FD (owned from now on) in a new object; closes FD on failure. */
int ub_buf_new(int fd, uint64_t size, uint64_t addr, struct udmabuf_dmabuf **out)
{
	struct udmabuf_dmabuf *buf = calloc(1, sizeof(*buf));

	if (!buf) {
		close(fd);
		return ub_err(ENOMEM, "out of memory for a dma-buf");
	}
	atomic_init(&buf->refs, 1);
	buf->fd = fd;
	buf->size = size;
	buf->dma_addr = addr;
	*out = buf;
	return 0;
}

static int ub_export_check(struct udmabuf *dev, uint64_t off, uint64_t *size, int flags)
{
	uint64_t pg = (uint64_t)ub_page_size();	/* a power of two: masks, no division */

	if (flags & ~(O_ACCMODE | O_SYNC | O_CLOEXEC) || (flags & O_ACCMODE) == O_ACCMODE)
		return ub_err(EINVAL, "%s: export: flags 0x%x: only O_RDONLY, O_WRONLY, "
			      "O_RDWR, O_SYNC and O_CLOEXEC", dev->name, (unsigned int)flags);
	if (off >= dev->size || *size > dev->size - off)
		return ub_err(ERANGE, "%s: export: range 0x%llx + 0x%llx is past the end of "
			      "the %llu-byte buffer", dev->name, (unsigned long long)off,
			      (unsigned long long)*size, (unsigned long long)dev->size);
	if (off & (pg - 1))
		return ub_err(EINVAL, "%s: export: offset 0x%llx is not a multiple of the "
			      "page size (%llu)", dev->name, (unsigned long long)off,
			      (unsigned long long)pg);
	if (!*size)
		*size = dev->size - off;
	if (*size & (pg - 1) && off + *size != dev->size)
		return ub_err(EINVAL, "%s: export: size 0x%llx is not a multiple of the page "
			      "size (%llu) and does not end the buffer", dev->name,
			      (unsigned long long)*size, (unsigned long long)pg);
	return 0;
}

UB_EXPORT int udmabuf_export(struct udmabuf *dev, uint64_t offset, uint64_t size, int flags,
			     struct udmabuf_dmabuf **out)
{
	u_dma_buf_ioctl_export_args a = { .offset = offset };
	int err;

	*out = NULL;
	err = ub_export_check(dev, offset, &size, flags);
	if (err)
		return err;
	a.size = size;
	SET_U_DMA_BUF_IOCTL_FLAGS_EXPORT_FD_FLAGS(&a, flags | O_CLOEXEC);
	if (ioctl(dev->fd, U_DMA_BUF_IOCTL_EXPORT, &a))
		return ub_err(errno, "%s: export 0x%llx + 0x%llx: %s", dev->name,
			      (unsigned long long)offset, (unsigned long long)size,
			      strerror(errno));
	return ub_buf_new(a.fd, size, a.addr, out);
}

UB_EXPORT int udmabuf_dmabuf_import(int fd, struct udmabuf_dmabuf **out)
{
	int copy;
	off_t end;

	*out = NULL;
	copy = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	if (copy < 0)
		return ub_err(errno, "import fd %d: %s", fd, strerror(errno));
	end = lseek(copy, 0, SEEK_END);
	if (end <= 0) {
		close(copy);
		return ub_err(EINVAL, "import fd %d: not a dma-buf (it has no size)", fd);
	}
	lseek(copy, 0, SEEK_SET);
	return ub_buf_new(copy, (uint64_t)end, UDMABUF_NO_ADDR, out);
}

UB_EXPORT void udmabuf_dmabuf_close(struct udmabuf_dmabuf *buf)
{
	if (buf)
		ub_buf_put(buf);
}

UB_EXPORT int udmabuf_dmabuf_fd(const struct udmabuf_dmabuf *buf)
{
	return buf->fd;
}

UB_EXPORT uint64_t udmabuf_dmabuf_size(const struct udmabuf_dmabuf *buf)
{
	return buf->size;
}

static int ub_dmabuf_sync(struct udmabuf_dmabuf *buf, int access, uint64_t edge)
{
	struct dma_buf_sync s = { .flags = edge };

	if (access < UDMABUF_ACCESS_READ || access > UDMABUF_ACCESS_RW)
		return ub_err(EINVAL, "dma-buf sync: access %d is not 1 (read), 2 (write) "
			      "or 3 (both)", access);
	s.flags |= (access & UDMABUF_ACCESS_READ ? DMA_BUF_SYNC_READ : 0) |
		   (access & UDMABUF_ACCESS_WRITE ? DMA_BUF_SYNC_WRITE : 0);
	while (ioctl(buf->fd, DMA_BUF_IOCTL_SYNC, &s)) {
		if (errno != EINTR && errno != EAGAIN)
			return ub_err(errno, "dma-buf fd %d: DMA_BUF_IOCTL_SYNC %s: %s", buf->fd,
				      edge == DMA_BUF_SYNC_START ? "start" : "end",
				      strerror(errno));
	}
	return 0;
}

UB_EXPORT int udmabuf_dmabuf_begin_cpu_access(struct udmabuf_dmabuf *buf, int access)
{
	return ub_dmabuf_sync(buf, access, DMA_BUF_SYNC_START);
}

UB_EXPORT int udmabuf_dmabuf_end_cpu_access(struct udmabuf_dmabuf *buf, int access)
{
	return ub_dmabuf_sync(buf, access, DMA_BUF_SYNC_END);
}
