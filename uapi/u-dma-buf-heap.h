/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * u-dma-buf's dma-heap nodes: /dev/dma_heap/udmabuf, and
 * /dev/dma_heap/<device-name> for each u-dma-buf device created with a heap
 * option (its allocations are carved out of that device's buffer).
 *
 * They speak the kernel's dma-heap interface (<linux/dma-heap.h>:
 * DMA_HEAP_IOCTL_ALLOC gives a dma-buf fd of one contiguous, zeroed buffer)
 * and add one ioctl: the DMA address of a buffer u-dma-buf exported, which
 * programs that drive DMA engines (FPGA logic, accelerators) need.
 */
#ifndef U_DMA_BUF_HEAP_H
#define U_DMA_BUF_HEAP_H

#include <linux/ioctl.h>
#include <linux/types.h>

/**
 * struct u_dma_buf_heap_dma_addr - argument of U_DMA_BUF_HEAP_IOCTL_DMA_ADDR
 * @fd: in: a dma-buf fd allocated from a u-dma-buf heap or exported with
 *	U_DMA_BUF_IOCTL_EXPORT; any other fd is -EINVAL
 * @flags: in: must be 0
 * @addr: out: DMA address of the buffer's first byte, as the device that
 *	owns the memory sees it (an IOVA behind an IOMMU)
 * @size: out: size of the buffer in bytes
 * @offset: out: where the buffer starts inside its u-dma-buf device (the
 *	parent device of a sub-allocating heap, the exporting device of an
 *	export); 0 for /dev/dma_heap/udmabuf
 */
struct u_dma_buf_heap_dma_addr {
	__u32 fd;
	__u32 flags;
	__u64 addr;
	__u64 size;
	__u64 offset;
};

/* Issued on an open /dev/dma_heap/<name> node of u-dma-buf. */
#define U_DMA_BUF_HEAP_IOCTL_DMA_ADDR _IOWR('U', 0x20, struct u_dma_buf_heap_dma_addr)

#endif /* U_DMA_BUF_HEAP_H */
