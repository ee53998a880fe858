// SPDX-License-Identifier: GPL-2.0
/* 5.18: dma_buf_ops.vmap/vunmap take a struct iosys_map. */
#include <linux/dma-buf.h>
#include <linux/iosys-map.h>

int conftest(struct dma_buf *dmabuf, struct iosys_map *map);
int conftest(struct dma_buf *dmabuf, struct iosys_map *map)
{
	iosys_map_set_vaddr(map, NULL);
	return dmabuf->ops->vmap(dmabuf, map);
}
