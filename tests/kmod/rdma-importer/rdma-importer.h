/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by udmabuf-rdma-importer.c and tests/export/export-rdma.c. */
#ifndef UDMABUF_RDMA_IMPORTER_H
#define UDMABUF_RDMA_IMPORTER_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define RDMA_IMPORTER_DEV	"/dev/udmabuf-rdma-importer"

/* The pinned path (ib_umem_dmabuf_get_pinned()), else the dynamic one. */
#define RDMA_IMPORTER_PINNED	(1U << 0)
/* Keep the pinned attachment until the importer's file is closed. */
#define RDMA_IMPORTER_HOLD	(1U << 1)

/**
 * struct rdma_importer_args - one import of a range of a dma-buf
 * @fd: the dma-buf
 * @flags: RDMA_IMPORTER_*
 * @offset: start of the range in the dma-buf, bytes
 * @size: length of the range, bytes
 * @expect: every byte of the range must read this through the DMA mapping
 * @fill: then every byte of the range is written with this
 * @nents: out: DMA segments of the whole mapping
 * @max_len: out: the longest DMA segment, bytes
 * @bad_offset: out: the first byte of the range that did not read @expect,
 *	or ~0
 * @moves: out: move_notify calls seen while attached
 */
struct rdma_importer_args {
	__s32 fd;
	__u32 flags;
	__u64 offset;
	__u64 size;
	__u8 expect;
	__u8 fill;
	__u8 pad[6];
	__u64 nents;
	__u64 max_len;
	__u64 bad_offset;
	__u64 moves;
};

#define RDMA_IMPORTER_IMPORT	_IOWR('R', 0x01, struct rdma_importer_args)

#endif
