/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by udmabuf-debug-sg-export.c and vgem-import.c. */
#ifndef DEBUG_SG_EXPORT_H
#define DEBUG_SG_EXPORT_H

#define DEBUG_SG_EXPORT_DEV	"/dev/udmabuf-debug-sg"
#define DEBUG_SG_EXPORT_SIZE	0x100000	/* 1 MiB */
/* Returns the file descriptor of a new DEBUG_SG_EXPORT_SIZE dma-buf. */
#define DEBUG_SG_EXPORT		_IO('D', 0x5e)

#endif
