// SPDX-License-Identifier: GPL-2.0
/* 5.11..5.17: dma_buf_ops.vmap/vunmap take a struct dma_buf_map. */
#include <linux/dma-buf.h>
#include <linux/dma-buf-map.h>

int conftest(struct dma_buf *dmabuf, struct dma_buf_map *map);
int conftest(struct dma_buf *dmabuf, struct dma_buf_map *map)
{
	dma_buf_map_set_vaddr(map, NULL);
	return dmabuf->ops->vmap(dmabuf, map);
}
