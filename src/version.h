/* SPDX-License-Identifier: GPL-2.0 */
#ifndef UDMABUF_VERSION_H
#define UDMABUF_VERSION_H

/*
 * MAJOR.MINOR.PATCH; programs written for u-dma-buf gate features on
 * driver_version >= 5.5.0, and this driver implements that ABI.
 */
#define U_DMA_BUF_DRIVER_VERSION "6.0.0"

#endif
