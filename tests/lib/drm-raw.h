/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DRM through raw ioctls (the arm64 test programs are static and have no
 * libdrm): finding a card by driver name, PRIME import/export, GEM close,
 * dumb buffers, and vgem's two fence ioctls (vgem_drm.h is not installed
 * on the x86_64 host, so they are defined here).
 */
#ifndef UDMABUF_TEST_DRM_RAW_H
#define UDMABUF_TEST_DRM_RAW_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <drm.h>

/* vgem's fence ioctls (include/uapi/drm/vgem_drm.h). */
struct tl_vgem_fence_attach {
	__u32 handle;
	__u32 flags;
#define TL_VGEM_FENCE_WRITE 0x1
	__u32 out_fence;
	__u32 pad;
};

struct tl_vgem_fence_signal {
	__u32 fence;
	__u32 flags;
};

#define TL_DRM_IOCTL_VGEM_FENCE_ATTACH \
	DRM_IOWR(DRM_COMMAND_BASE + 0x1, struct tl_vgem_fence_attach)
#define TL_DRM_IOCTL_VGEM_FENCE_SIGNAL \
	DRM_IOW(DRM_COMMAND_BASE + 0x2, struct tl_vgem_fence_signal)

/* The driver name of an open DRM device into @name ("" on error). */
static inline void tl_drm_name(int fd, char *name, size_t len)
{
	struct drm_version v;

	memset(&v, 0, sizeof(v));
	name[0] = 0;
	v.name = name;
	v.name_len = len - 1;
	if (ioctl(fd, DRM_IOCTL_VERSION, &v))
		name[0] = 0;
	else
		name[v.name_len < len ? v.name_len : len - 1] = 0;
}

/*
 * Opens /dev/dri/cardN whose driver is @driver; -1 when there is none.
 * @path (when not NULL) gets the node's path.
 */
static inline int tl_drm_open(const char *driver, char *path, size_t pathlen)
{
	char p[64], name[64];
	int i, fd;

	for (i = 0; i < 16; i++) {
		snprintf(p, sizeof(p), "/dev/dri/card%d", i);
		fd = open(p, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		tl_drm_name(fd, name, sizeof(name));
		if (!strcmp(name, driver)) {
			if (path)
				snprintf(path, pathlen, "%s", p);
			return fd;
		}
		close(fd);
	}
	return -1;
}

/* DRM_IOCTL_PRIME_FD_TO_HANDLE: 0 or -1 with errno. */
static inline int tl_prime_import(int card, int dmafd, uint32_t *handle)
{
	struct drm_prime_handle a;

	memset(&a, 0, sizeof(a));
	a.fd = dmafd;
	if (ioctl(card, DRM_IOCTL_PRIME_FD_TO_HANDLE, &a))
		return -1;
	*handle = a.handle;
	return 0;
}

/* DRM_IOCTL_PRIME_HANDLE_TO_FD (read-write, close-on-exec): fd or -1. */
static inline int tl_prime_export(int card, uint32_t handle)
{
	struct drm_prime_handle a;

	memset(&a, 0, sizeof(a));
	a.handle = handle;
	a.flags = DRM_CLOEXEC | DRM_RDWR;
	if (ioctl(card, DRM_IOCTL_PRIME_HANDLE_TO_FD, &a))
		return -1;
	return a.fd;
}

static inline int tl_gem_close(int card, uint32_t handle)
{
	struct drm_gem_close c;

	memset(&c, 0, sizeof(c));
	c.handle = handle;
	return ioctl(card, DRM_IOCTL_GEM_CLOSE, &c);
}

/* DRM_IOCTL_MODE_CREATE_DUMB: 0 or -1; *handle and *size filled in. */
static inline int tl_dumb_create(int card, uint32_t width, uint32_t height, uint32_t bpp,
				 uint32_t *handle, uint64_t *size)
{
	struct drm_mode_create_dumb c;

	memset(&c, 0, sizeof(c));
	c.width = width;
	c.height = height;
	c.bpp = bpp;
	if (ioctl(card, DRM_IOCTL_MODE_CREATE_DUMB, &c))
		return -1;
	*handle = c.handle;
	if (size)
		*size = c.size;
	return 0;
}

static inline int tl_dumb_destroy(int card, uint32_t handle)
{
	struct drm_mode_destroy_dumb d;

	memset(&d, 0, sizeof(d));
	d.handle = handle;
	return ioctl(card, DRM_IOCTL_MODE_DESTROY_DUMB, &d);
}

/* DRM_IOCTL_MODE_MAP_DUMB: the fake offset to mmap the card fd at. */
static inline int tl_dumb_map_offset(int card, uint32_t handle, uint64_t *offset)
{
	struct drm_mode_map_dumb m;

	memset(&m, 0, sizeof(m));
	m.handle = handle;
	if (ioctl(card, DRM_IOCTL_MODE_MAP_DUMB, &m))
		return -1;
	*offset = m.offset;
	return 0;
}

static inline int tl_vgem_fence_attach(int card, uint32_t handle, uint32_t flags,
				       uint32_t *fence)
{
	struct tl_vgem_fence_attach a;

	memset(&a, 0, sizeof(a));
	a.handle = handle;
	a.flags = flags;
	if (ioctl(card, TL_DRM_IOCTL_VGEM_FENCE_ATTACH, &a))
		return -1;
	*fence = a.out_fence;
	return 0;
}

static inline int tl_vgem_fence_signal(int card, uint32_t fence)
{
	struct tl_vgem_fence_signal s;

	memset(&s, 0, sizeof(s));
	s.fence = fence;
	return ioctl(card, TL_DRM_IOCTL_VGEM_FENCE_SIGNAL, &s);
}

#endif
