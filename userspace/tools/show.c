// SPDX-License-Identifier: MIT
/*
 * udmabuf command: one device or heap, as JSON or as "key: value" lines.
 */
#include "show.h"

#include <stdio.h>

static const char *const show_quirks[] = { "?", "off", "on", "auto", "page" };
static const char *const show_sync_modes[] = {
	"cached", "uncached with O_SYNC", "write-combine with O_SYNC",
	"dma-coherent with O_SYNC", "cached", "always uncached", "always write-combine",
	"always dma-coherent",
};

int show_users(const char *name)
{
	int n = udmabuf_device_users(name);

	return n < 0 ? 0 : n;
}

const char *show_heap_kind(const struct udmabuf_heap_info *h)
{
	if (!h->ours)
		return "other-heap";
	return h->subheap ? "sub-heap" : "heap";
}

static const char *const show_dirs[] = { "bidirectional", "to device", "from device" };

static const char *show_dir(int d)
{
	return d >= 0 && d <= 2 ? show_dirs[d] : "?";
}

static const char *show_quirk(int q)
{
	return q >= 1 && q <= 4 ? show_quirks[q] : "?";
}

static const char *show_sync_mode(int m)
{
	return m >= 0 && m <= 7 ? show_sync_modes[m] : "?";
}

void show_device_json(struct json *j, const char *key, const struct udmabuf_info *d)
{
	char path[UDMABUF_NAME_MAX + 8];

	snprintf(path, sizeof(path), "/dev/%s", d->name);
	json_begin_object(j, key);
	json_string(j, "name", d->name);
	json_string(j, "type", "device");
	json_string(j, "path", path);
	json_u64(j, "size", d->size);
	json_u64(j, "dma_addr", d->dma_addr);
	json_bool(j, "dma_coherent", d->dma_coherent);
	json_int(j, "sync_mode", d->sync_mode);
	json_int(j, "quirk_mmap_mode", d->quirk_mmap_mode);
	json_string(j, "sync_owner", d->sync_owner ? "device" : "cpu");
	json_u64(j, "sync_offset", d->sync_offset);
	json_u64(j, "sync_size", d->sync_size);
	json_int(j, "sync_direction", d->sync_direction);
	json_string(j, "driver_version", d->driver_version);
	json_int(j, "users", show_users(d->name));
	json_end_object(j);
}

void show_heap_json(struct json *j, const char *key, const struct udmabuf_heap_info *h)
{
	char path[UDMABUF_NAME_MAX + 16];

	snprintf(path, sizeof(path), "/dev/dma_heap/%s", h->name);
	json_begin_object(j, key);
	json_string(j, "name", h->name);
	json_string(j, "type", show_heap_kind(h));
	json_string(j, "path", path);
	if (h->size)
		json_u64(j, "size", h->size);
	else
		json_null(j, "size");
	if (h->dma_addr != UDMABUF_NO_ADDR)
		json_u64(j, "dma_addr", h->dma_addr);
	else
		json_null(j, "dma_addr");
	json_u64(j, "buffers_in_use", h->buffers_in_use);
	json_u64(j, "bytes_in_use", h->bytes_in_use);
	json_end_object(j);
}

void show_device_text(const struct udmabuf_info *d)
{
	printf("name:            %s\n", d->name);
	printf("path:            /dev/%s\n", d->name);
	printf("size:            %llu\n", (unsigned long long)d->size);
	printf("dma address:     0x%016llx\n", (unsigned long long)d->dma_addr);
	printf("dma coherent:    %s\n", d->dma_coherent ? "yes" : "no");
	printf("sync mode:       %d (%s)\n", d->sync_mode, show_sync_mode(d->sync_mode));
	printf("quirk mmap mode: %d (%s)\n", d->quirk_mmap_mode, show_quirk(d->quirk_mmap_mode));
	printf("sync owner:      %s\n", d->sync_owner ? "device" : "cpu");
	printf("sync offset:     0x%llx\n", (unsigned long long)d->sync_offset);
	printf("sync size:       %llu\n", (unsigned long long)d->sync_size);
	printf("sync direction:  %d (%s)\n", d->sync_direction, show_dir(d->sync_direction));
	printf("driver version:  %s\n", d->driver_version);
	printf("users:           %d\n", show_users(d->name));
}

void show_heap_text(const struct udmabuf_heap_info *h)
{
	printf("name:            %s\n", h->name);
	printf("path:            /dev/dma_heap/%s\n", h->name);
	printf("type:            %s\n", show_heap_kind(h));
	if (h->size)
		printf("size:            %llu\n", (unsigned long long)h->size);
	if (h->dma_addr != UDMABUF_NO_ADDR)
		printf("dma address:     0x%016llx\n", (unsigned long long)h->dma_addr);
	if (h->ours) {
		printf("buffers in use:  %llu\n", (unsigned long long)h->buffers_in_use);
		printf("bytes in use:    %llu\n", (unsigned long long)h->bytes_in_use);
	}
}
