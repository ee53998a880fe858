// SPDX-License-Identifier: MIT
/*
 * libudmabuf: one device's or one heap's description, from sysfs.
 */
#include "internal.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Reads /sys/class/u-dma-buf/<name>/ (DIR) into INFO. */
int ub_info_from_dir(const char *dir, const char *name, struct udmabuf_info *info)
{
	char path[PATH_MAX];
	int err;

	memset(info, 0, sizeof(*info));
	snprintf(info->name, sizeof(info->name), "%s", name);
	snprintf(path, sizeof(path), "%s/driver_version", dir);
	err = ub_read_text(path, info->driver_version, sizeof(info->driver_version));
	err = err ?: ub_read_u64(dir, "size", &info->size);
	err = err ?: ub_read_u64(dir, "phys_addr", &info->dma_addr);
	err = err ?: ub_read_int(dir, "dma_coherent", &info->dma_coherent);
	err = err ?: ub_read_int(dir, "sync_mode", &info->sync_mode);
	err = err ?: ub_read_int(dir, "quirk_mmap_mode", &info->quirk_mmap_mode);
	err = err ?: ub_read_int(dir, "sync_owner", &info->sync_owner);
	err = err ?: ub_read_u64(dir, "sync_offset", &info->sync_offset);
	err = err ?: ub_read_u64(dir, "sync_size", &info->sync_size);
	err = err ?: ub_read_int(dir, "sync_direction", &info->sync_direction);
	if (err == -ENOENT)
		return ub_err(ENOENT, "%s: no u-dma-buf device of that name", name);
	if (err)
		return ub_err(-err, "%s: cannot read its sysfs attributes in %s: %s",
			      name, dir, strerror(-err));
	return 0;
}

UB_EXPORT int udmabuf_device_info(const char *name, struct udmabuf_info *info)
{
	char dir[PATH_MAX];
	int err = ub_check_name("device", name);

	if (err)
		return err;
	err = ub_path(dir, sizeof(dir), UB_SYSFS_CLASS "/%s", name);
	if (err)
		return ub_err(-err, "%s: path too long", name);
	return ub_info_from_dir(dir, name, info);
}

/* The sysfs directory of our misc device for heap NAME, if it is ours. */
static int ub_heap_sysfs(const char *name, char *dir, size_t size, int *subheap)
{
	struct stat st;

	*subheap = 0;
	if (!strcmp(name, UB_MAIN_HEAP)) {
		ub_path(dir, size, UB_SYSFS_MISC "/u-dma-buf-heap");
		if (!stat(dir, &st))
			return 1;
	}
	ub_path(dir, size, UB_SYSFS_MISC "/u-dma-buf-heap.%s", name);
	*subheap = !stat(dir, &st);
	return *subheap;
}

static void ub_heap_ours(const char *name, const char *dir, struct udmabuf_heap_info *info)
{
	char cls[PATH_MAX];

	info->ours = 1;
	ub_read_u64(dir, "buffers_in_use", &info->buffers_in_use);
	ub_read_u64(dir, "bytes_in_use", &info->bytes_in_use);
	if (!info->subheap) {
		ub_read_u64(dir, "limit", &info->size);
		return;
	}
	ub_read_u64(dir, "size", &info->size);
	ub_path(cls, sizeof(cls), UB_SYSFS_CLASS "/%s", name);
	if (ub_read_u64(cls, "phys_addr", &info->dma_addr))
		info->dma_addr = UDMABUF_NO_ADDR;
}

UB_EXPORT int udmabuf_heap_info(const char *name, struct udmabuf_heap_info *info)
{
	char node[PATH_MAX], dir[PATH_MAX];
	struct stat st;
	int err = ub_check_name("heap", name);

	if (err)
		return err;
	memset(info, 0, sizeof(*info));
	info->dma_addr = UDMABUF_NO_ADDR;
	snprintf(info->name, sizeof(info->name), "%s", name);
	ub_path(node, sizeof(node), UB_HEAP_DIR "/%s", name);
	if (stat(node, &st))
		return ub_err(ENOENT, "heap %s: no %s", name, UB_HEAP_DIR "/...");
	if (ub_heap_sysfs(name, dir, sizeof(dir), &info->subheap))
		ub_heap_ours(name, dir, info);
	return 0;
}
