// SPDX-License-Identifier: GPL-2.0
/* 5.7: dma_buf_ops gained pin/unpin, for dynamic exporters and importers. */
#include <linux/dma-buf.h>

int conftest(struct dma_buf_attachment *attach);
int conftest(struct dma_buf_attachment *attach)
{
	return attach->dmabuf->ops->pin(attach);
}
