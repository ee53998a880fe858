// SPDX-License-Identifier: MIT
/*
 * libudmabuf: the DMA address of a dma-buf u-dma-buf exported, through
 * U_DMA_BUF_HEAP_IOCTL_DMA_ADDR on one of its heap nodes (any node
 * answers for any u-dma-buf dma-buf).
 */
#include "internal.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "u-dma-buf-heap.h"

/* The ioctl for dma-buf FD on HFD, an open heap node; -errno. */
int ub_heap_dma_addr(int hfd, int fd, uint64_t *addr, uint64_t *size, uint64_t *offset)
{
	struct u_dma_buf_heap_dma_addr q = { .fd = (uint32_t)fd };

	if (ioctl(hfd, U_DMA_BUF_HEAP_IOCTL_DMA_ADDR, &q))
		return -errno;
	*addr = q.addr;
	if (size)
		*size = q.size;
	if (offset)
		*offset = q.offset;
	return 0;
}

/* An open node of one of our heaps: the main one, else any sub-heap. */
static int ub_any_heap_node(void)
{
	struct udmabuf_heap_info *heaps;
	char path[PATH_MAX];
	size_t n, i;
	int fd;

	ub_path(path, sizeof(path), UB_HEAP_DIR "/" UB_MAIN_HEAP);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	if (udmabuf_heap_list(&heaps, &n))
		return -ENOENT;
	for (i = 0, fd = -ENOENT; i < n && fd < 0; i++) {
		if (!heaps[i].ours)
			continue;
		ub_path(path, sizeof(path), UB_HEAP_DIR "/%s", heaps[i].name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			fd = -errno;
	}
	udmabuf_list_free(heaps);
	return fd;
}

UB_EXPORT int udmabuf_fd_dma_addr(int fd, uint64_t *addr, uint64_t *size, uint64_t *offset)
{
	int hfd, err;

	if (fd < 0)
		return ub_err(EBADF, "dma address of fd %d: not a file descriptor", fd);
	hfd = ub_any_heap_node();
	if (hfd < 0)
		return ub_err(-hfd, "dma address of fd %d: no u-dma-buf heap node in "
			      UB_HEAP_DIR " to ask: %s", fd, strerror(-hfd));
	err = ub_heap_dma_addr(hfd, fd, addr, size, offset);
	close(hfd);
	if (err)
		return ub_err(-err, "dma address of fd %d: %s%s", fd, strerror(-err),
			      err == -EINVAL ? " (not a dma-buf u-dma-buf exported)" : "");
	return 0;
}

UB_EXPORT int udmabuf_dmabuf_dma_addr(const struct udmabuf_dmabuf *buf, uint64_t *addr)
{
	if (buf->dma_addr != UDMABUF_NO_ADDR) {
		*addr = buf->dma_addr;
		return 0;
	}
	return udmabuf_fd_dma_addr(buf->fd, addr, NULL, NULL);
}
