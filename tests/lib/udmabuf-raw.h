/* SPDX-License-Identifier: MIT */
/*
 * u-dma-buf's ioctls without any test harness: what both our test programs
 * (through dmabuf.h) and the igt binaries (udmabuf_common.h, also built
 * inside an igt-gpu-tools tree) use. Only libc and the uapi headers.
 */
#ifndef UDMABUF_TEST_RAW_H
#define UDMABUF_TEST_RAW_H

#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>

#include "u-dma-buf-ioctl.h"

/*
 * U_DMA_BUF_IOCTL_EXPORT of [offset, offset + size) with open(2) @flags:
 * the dma-buf's fd (and its DMA address in *addr when not NULL), or -1
 * with errno.
 */
static inline int tl_export(int devfd, uint64_t offset, uint64_t size, int flags, uint64_t *addr)
{
	u_dma_buf_ioctl_export_args a;

	memset(&a, 0, sizeof(a));
	SET_U_DMA_BUF_IOCTL_FLAGS_EXPORT_FD_FLAGS(&a, flags);
	a.offset = offset;
	a.size = size;
	a.fd = -1;
	if (ioctl(devfd, U_DMA_BUF_IOCTL_EXPORT, &a))
		return -1;
	if (addr)
		*addr = a.addr;
	return a.fd;
}

#endif
