// SPDX-License-Identifier: MIT
/*
 * libudmabuf: CPU mappings of devices and dma-bufs, the registry that
 * turns any pointer into one of them back into a DMA address, and syncs
 * named by pointer.
 */
#include "internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static pthread_mutex_t ub_maps_lock = PTHREAD_MUTEX_INITIALIZER;
static struct udmabuf_map *ub_maps;

long ub_page_size(void)
{
	static long pg;

	if (!pg)
		pg = sysconf(_SC_PAGESIZE);
	return pg;
}

/* Maps [OFF, OFF + *SIZE) of FD (an object of TOTAL bytes) into M. */
static int ub_mmap(const char *what, int fd, uint64_t total, uint64_t off, uint64_t *size,
		   int prot, struct udmabuf_map *m)
{
	uint64_t start = off & ~((uint64_t)ub_page_size() - 1);

	if (off >= total || *size > total - off)
		return ub_err(ERANGE, "%s: map: range 0x%llx + 0x%llx is past the end of the "
			      "%llu-byte buffer", what, (unsigned long long)off,
			      (unsigned long long)*size, (unsigned long long)total);
	if (prot & ~(PROT_READ | PROT_WRITE))
		return ub_err(EINVAL, "%s: map: prot 0x%x: only PROT_READ and PROT_WRITE",
			      what, (unsigned int)prot);
	if (!*size)
		*size = total - off;
	m->maplen = (size_t)(off - start + *size);
	m->base = mmap(NULL, m->maplen, prot ? prot : PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		       (off_t)start);
	if (m->base == MAP_FAILED)
		return ub_err(errno, "%s: mmap 0x%llx + 0x%llx: %s", what,
			      (unsigned long long)off, (unsigned long long)*size,
			      strerror(errno));
	m->ptr = (char *)m->base + (off - start);
	m->size = *size;
	m->offset = off;
	return 0;
}

static void ub_register(struct udmabuf_map *m)
{
	pthread_mutex_lock(&ub_maps_lock);
	m->next = ub_maps;
	ub_maps = m;
	pthread_mutex_unlock(&ub_maps_lock);
}

UB_EXPORT int udmabuf_map(struct udmabuf *dev, uint64_t offset, uint64_t size, int prot,
			  struct udmabuf_map **out)
{
	struct udmabuf_map *m;
	int err;

	*out = NULL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return ub_err(ENOMEM, "%s: map: out of memory", dev->name);
	err = ub_mmap(dev->name, dev->fd, dev->size, offset, &size, prot, m);
	if (err) {
		free(m);
		return err;
	}
	m->dma_addr = dev->dma_addr + offset;
	m->dev = dev;
	ub_dev_get(dev);
	ub_register(m);
	*out = m;
	return 0;
}

UB_EXPORT int udmabuf_dmabuf_map(struct udmabuf_dmabuf *buf, uint64_t offset, uint64_t size,
				 int prot, struct udmabuf_map **out)
{
	struct udmabuf_map *m;
	uint64_t addr;
	int err;

	*out = NULL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return ub_err(ENOMEM, "dma-buf: map: out of memory");
	err = ub_mmap("dma-buf", buf->fd, buf->size, offset, &size, prot, m);
	if (err) {
		free(m);
		return err;
	}
	m->dma_addr = UDMABUF_NO_ADDR;
	if (!udmabuf_dmabuf_dma_addr(buf, &addr))
		m->dma_addr = addr + offset;
	m->buf = buf;
	ub_buf_get(buf);
	ub_register(m);
	*out = m;
	return 0;
}

UB_EXPORT void udmabuf_unmap(struct udmabuf_map *m)
{
	struct udmabuf_map **p;

	if (!m)
		return;
	pthread_mutex_lock(&ub_maps_lock);
	for (p = &ub_maps; *p; p = &(*p)->next) {
		if (*p == m) {
			*p = m->next;
			break;
		}
	}
	pthread_mutex_unlock(&ub_maps_lock);
	munmap(m->base, m->maplen);
	if (m->dev)
		ub_dev_put(m->dev);
	if (m->buf)
		ub_buf_put(m->buf);
	free(m);
}

UB_EXPORT void *udmabuf_map_ptr(const struct udmabuf_map *m)
{
	return m->ptr;
}

UB_EXPORT uint64_t udmabuf_map_size(const struct udmabuf_map *m)
{
	return m->size;
}

static bool ub_in_map(const struct udmabuf_map *m, const void *ptr)
{
	const char *p = ptr;

	return p >= m->ptr && (uint64_t)(p - m->ptr) < m->size;
}

UB_EXPORT int udmabuf_map_dma_addr(const struct udmabuf_map *m, const void *ptr,
				   uint64_t *addr)
{
	if (!ub_in_map(m, ptr))
		return ub_err(EFAULT, "dma address of %p: outside the mapping %p + 0x%llx",
			      ptr, (void *)m->ptr, (unsigned long long)m->size);
	if (m->dma_addr == UDMABUF_NO_ADDR)
		return ub_err(EINVAL, "dma address of %p: the dma-buf is not u-dma-buf's, "
			      "its address is not known", ptr);
	*addr = m->dma_addr + (uint64_t)((const char *)ptr - m->ptr);
	return 0;
}

UB_EXPORT int udmabuf_ptr_dma_addr(const void *ptr, uint64_t *addr)
{
	struct udmabuf_map *m;
	int err = 1;

	pthread_mutex_lock(&ub_maps_lock);
	for (m = ub_maps; m; m = m->next) {
		if (ub_in_map(m, ptr)) {
			err = udmabuf_map_dma_addr(m, ptr, addr);
			break;
		}
	}
	pthread_mutex_unlock(&ub_maps_lock);
	if (err <= 0)
		return err;
	return ub_procmaps_dma_addr(ptr, addr);
}
