/* SPDX-License-Identifier: GPL-2.0 */
#ifndef UDMABUF_EXPORT_H
#define UDMABUF_EXPORT_H

#include <linux/types.h>

#include "buffer/buffer.h"

struct dma_buf;

/**
 * struct udmabuf_export_args - what to export
 * @buf: the buffer; the export takes a reference
 * @offset: start of the range in the buffer, bytes, page aligned
 * @size: length of the range, bytes, page aligned, not 0
 * @flags: open flags of the dma-buf file (O_ACCMODE, O_CLOEXEC)
 * @cache: CPU cache attributes of mmap() and vmap() of the export
 * @name: owner of the range, for messages (copied)
 * @debug: log attachments, mappings and CPU access
 * @release: called with @release_data, @offset and @size once the dma-buf
 *	is gone and its buffer reference dropped (heaps account here, and a
 *	sub-allocating heap takes the range back); may be NULL
 * @release_data: first argument of @release
 */
struct udmabuf_export_args {
	struct udmabuf_buffer *buf;
	u64 offset;
	size_t size;
	int flags;
	enum udmabuf_cache cache;
	const char *name;
	bool debug;
	void (*release)(void *release_data, u64 offset, size_t size);
	void *release_data;
};

struct dma_buf *udmabuf_export(const struct udmabuf_export_args *args);
int udmabuf_export_fd(struct dma_buf *dmabuf, int flags,
		      int (*publish)(int fd, void *data), void *data);
bool udmabuf_export_access_ok(fmode_t f_mode, int flags);
long udmabuf_export_pins(void);
bool udmabuf_export_range(struct dma_buf *dmabuf, struct udmabuf_buffer **buf,
			  u64 *offset, size_t *size);

#endif
