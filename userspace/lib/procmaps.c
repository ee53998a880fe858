// SPDX-License-Identifier: MIT
/*
 * libudmabuf: the DMA address of a pointer into a mapping of /dev/<name>
 * the library did not make, from /proc/self/maps (which shows the node and
 * the mapping's file offset) and the device's phys_addr. Unlike pagemap it
 * needs no privilege and is right behind an IOMMU.
 */
#include "internal.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

/* The device name of a /proc/self/maps path "/dev/<name>", or NULL. */
static const char *ub_maps_device(const char *path)
{
	if (strncmp(path, "/dev/", 5) || strchr(path + 5, '/'))
		return NULL;
	return path + 5;
}

static int ub_maps_line(const char *line, uintptr_t p, uint64_t *addr)
{
	char path[PATH_MAX] = "";
	struct udmabuf_info info;
	unsigned long long off;
	uintptr_t start, end;
	const char *name;

	if (sscanf(line, "%" SCNxPTR "-%" SCNxPTR " %*s %llx %*s %*s %4095s",
		   &start, &end, &off, path) != 4)
		return 1;
	if (p < start || p >= end)
		return 1;
	name = ub_maps_device(path);
	if (!name || udmabuf_device_info(name, &info))
		return ub_err(EFAULT, "dma address of %#" PRIxPTR ": not in u-dma-buf memory "
			      "(mapped from '%s')", p, path);
	*addr = info.dma_addr + off + (p - start);
	return 0;
}

int ub_procmaps_dma_addr(const void *ptr, uint64_t *addr)
{
	char line[PATH_MAX + 128];
	int err = 1;
	FILE *f;

	f = fopen("/proc/self/maps", "re");
	if (!f)
		return ub_err(errno, "dma address of %p: /proc/self/maps: %s", ptr,
			      strerror(errno));
	while (err > 0 && fgets(line, sizeof(line), f))
		err = ub_maps_line(line, (uintptr_t)ptr, addr);
	fclose(f);
	if (err > 0)
		return ub_err(EFAULT, "dma address of %p: not in any mapping", ptr);
	return err;
}
