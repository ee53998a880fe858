// SPDX-License-Identifier: GPL-2.0
/*
 * vgem-import: the user-space half of the debug-sg-export self-check
 * (tests/suites/debug-checkers.sh). Gets a dma-buf from
 * /dev/udmabuf-debug-sg and imports it into vgem with
 * DRM_IOCTL_PRIME_FD_TO_HANDLE, which makes vgem attach and map it. Prints
 * "imported" and exits 0 when the import worked (the DMA-API report is the
 * kernel's business), non-zero otherwise. Needs vgem loaded.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <drm.h>

#include "debug-sg-export.h"

/* The first /dev/dri/card* whose driver is vgem. */
static int open_vgem(void)
{
	char path[32], name[16];
	int i, fd;

	for (i = 0; i < 16; i++) {
		struct drm_version v;

		snprintf(path, sizeof(path), "/dev/dri/card%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		memset(&v, 0, sizeof(v));
		memset(name, 0, sizeof(name));
		v.name = name;
		v.name_len = sizeof(name) - 1;
		if (ioctl(fd, DRM_IOCTL_VERSION, &v) == 0 && !strcmp(name, "vgem"))
			return fd;
		close(fd);
	}
	return -1;
}

int main(void)
{
	struct drm_prime_handle prime;
	struct drm_gem_close gclose;
	int exp, buf, vgem;

	exp = open(DEBUG_SG_EXPORT_DEV, O_RDWR | O_CLOEXEC);
	if (exp < 0) {
		fprintf(stderr, "vgem-import: %s: %s\n", DEBUG_SG_EXPORT_DEV, strerror(errno));
		return 1;
	}
	buf = ioctl(exp, DEBUG_SG_EXPORT);
	if (buf < 0) {
		fprintf(stderr, "vgem-import: DEBUG_SG_EXPORT: %s\n", strerror(errno));
		return 1;
	}
	vgem = open_vgem();
	if (vgem < 0) {
		fprintf(stderr, "vgem-import: no vgem device (modprobe vgem)\n");
		return 1;
	}
	memset(&prime, 0, sizeof(prime));
	prime.fd = buf;
	if (ioctl(vgem, DRM_IOCTL_PRIME_FD_TO_HANDLE, &prime)) {
		fprintf(stderr, "vgem-import: DRM_IOCTL_PRIME_FD_TO_HANDLE: %s\n", strerror(errno));
		return 1;
	}
	printf("imported a %d-byte dma-buf into vgem as handle %u\n",
	       DEBUG_SG_EXPORT_SIZE, prime.handle);
	memset(&gclose, 0, sizeof(gclose));
	gclose.handle = prime.handle;
	ioctl(vgem, DRM_IOCTL_GEM_CLOSE, &gclose);
	close(vgem);
	close(buf);
	close(exp);
	return 0;
}
