// SPDX-License-Identifier: GPL-2.0
/* 5.10: dev_is_dma_coherent() moved to <linux/dma-map-ops.h>. */
#include <linux/dma-map-ops.h>

bool conftest(struct device *dev)
{
	return dev_is_dma_coherent(dev);
}
