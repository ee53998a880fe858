// SPDX-License-Identifier: MIT
/*
 * udmabuf-demo: what a program does with u-dma-buf, step by step, through
 * libudmabuf (userspace/lib/README.md).
 *
 *   udmabuf-demo [DEVICE]     (default udmabuf0; vgem loaded for step 3)
 *
 * 1. map the buffer, fill it, give it to the device (sync_for_device) and
 *    find the DMA address of a byte inside it;
 * 2. export a range as a dma-buf and map that too;
 * 3. import the export into vgem (a DRM driver), let vgem export it back,
 *    and compare the bytes seen through vgem with the buffer;
 * 4. allocate from /dev/dma_heap/udmabuf and ask for the DMA address.
 *
 * Build: cc -I/usr/include/libdrm -o udmabuf-demo udmabuf-demo.c \
 *		$(pkg-config --cflags --libs libudmabuf)
 */
#include <dirent.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <drm.h>
#include <udmabuf.h>

static int fail(int err)
{
	fprintf(stderr, "udmabuf-demo: %s\n", udmabuf_strerror(err));
	return 1;
}

/* 1. The buffer itself: mapped (cached), filled, given to the device. */
static int step1(struct udmabuf *dev, struct udmabuf_map **map)
{
	unsigned char *buf;
	uint64_t i, size = udmabuf_size(dev), dma;
	int err;

	err = udmabuf_map(dev, 0, 0, 0, map);
	if (err)
		return fail(err);
	buf = udmabuf_map_ptr(*map);
	for (i = 0; i < size; i++)
		buf[i] = i * 7;
	err = udmabuf_map_sync_for_device(*map, buf, 0, UDMABUF_DIR_TO_DEVICE);
	if (!err)
		err = udmabuf_ptr_dma_addr(buf + 4096, &dma);
	if (err)
		return fail(err);
	printf("1. %s: %" PRIu64 " bytes at DMA address 0x%" PRIx64 ", mapped at %p, filled and synced for the device; byte 4096 is at DMA address 0x%" PRIx64 "\n",
	       udmabuf_name(dev), size, udmabuf_dma_addr(dev), (void *)buf, dma);
	return 0;
}

/* 2. Export the first MiB (or all of a smaller buffer) and map it. */
static int step2(struct udmabuf *dev, struct udmabuf_dmabuf **exp)
{
	uint64_t len = udmabuf_size(dev) < (1 << 20) ? udmabuf_size(dev) : (1 << 20), dma;
	struct udmabuf_map *m;
	unsigned char *p;
	int err;

	err = udmabuf_export(dev, 0, len, O_RDWR, exp);
	if (!err)
		err = udmabuf_dmabuf_map(*exp, 0, 0, PROT_READ, &m);
	if (!err)
		err = udmabuf_dmabuf_dma_addr(*exp, &dma);
	if (!err)
		err = udmabuf_dmabuf_begin_cpu_access(*exp, UDMABUF_ACCESS_READ);
	if (err)
		return fail(err);
	p = udmabuf_map_ptr(m);
	printf("2. exported %" PRIu64 " bytes as dma-buf fd %d (DMA address 0x%" PRIx64 "); byte 100 reads 0x%02x\n",
	       len, udmabuf_dmabuf_fd(*exp), dma, p[100]);
	udmabuf_dmabuf_end_cpu_access(*exp, UDMABUF_ACCESS_READ);
	udmabuf_unmap(m);
	return 0;
}

/* The first DRM node whose driver is vgem, or -1. */
static int open_vgem(void)
{
	char path[300], name[16];
	struct dirent *e;
	DIR *d = opendir("/dev/dri");
	int fd = -1;

	while (d && (e = readdir(d)) && fd < 0) {
		struct drm_version v = { .name = name, .name_len = sizeof(name) - 1 };

		if (strncmp(e->d_name, "card", 4))
			continue;
		snprintf(path, sizeof(path), "/dev/dri/%s", e->d_name);
		fd = open(path, O_RDWR | O_CLOEXEC);
		memset(name, 0, sizeof(name));
		if (fd >= 0 && (ioctl(fd, DRM_IOCTL_VERSION, &v) || strcmp(name, "vgem"))) {
			close(fd);
			fd = -1;
		}
	}
	if (d)
		closedir(d);
	return fd;
}

/* 3. Through vgem (raw DRM PRIME ioctls) and back. */
static int step3(struct udmabuf_dmabuf *exp, const void *buf)
{
	struct drm_prime_handle in = { .fd = udmabuf_dmabuf_fd(exp) };
	struct drm_prime_handle out = { .flags = DRM_CLOEXEC | DRM_RDWR };
	uint64_t len = udmabuf_dmabuf_size(exp);
	struct udmabuf_dmabuf *back;
	struct udmabuf_map *m;
	int vgem = open_vgem(), err, same;

	if (vgem < 0) {
		printf("3. no vgem device (modprobe vgem): skipped\n");
		return 0;
	}
	if (ioctl(vgem, DRM_IOCTL_PRIME_FD_TO_HANDLE, &in) ||
	    (out.handle = in.handle, ioctl(vgem, DRM_IOCTL_PRIME_HANDLE_TO_FD, &out))) {
		perror("udmabuf-demo: vgem PRIME import/export");
		return 1;
	}
	err = udmabuf_dmabuf_import(out.fd, &back);
	if (!err)
		err = udmabuf_dmabuf_map(back, 0, len, PROT_READ, &m);
	if (err)
		return fail(err);
	same = !memcmp(udmabuf_map_ptr(m), buf, len);
	printf("3. vgem imported it as GEM handle %u and exported it back as fd %d: %s\n",
	       in.handle, out.fd, same ? "the same bytes" : "BYTES DIFFER");
	udmabuf_unmap(m);
	udmabuf_dmabuf_close(back);
	close(out.fd);
	close(vgem);
	return !same;
}

/* 4. A buffer from the heap, and where it is for a DMA engine. */
static int step4(void)
{
	struct udmabuf_dmabuf *b;
	uint64_t dma;
	int err;

	err = udmabuf_heap_alloc("udmabuf", 1 << 20, O_RDWR, &b);
	if (!err)
		err = udmabuf_dmabuf_dma_addr(b, &dma);
	if (err)
		return fail(err);
	printf("4. /dev/dma_heap/udmabuf gave dma-buf fd %d: %" PRIu64 " bytes at DMA address 0x%" PRIx64 "\n",
	       udmabuf_dmabuf_fd(b), udmabuf_dmabuf_size(b), dma);
	udmabuf_dmabuf_close(b);
	return 0;
}

int main(int argc, char **argv)
{
	struct udmabuf_dmabuf *exp = NULL;
	struct udmabuf_map *map = NULL;
	struct udmabuf *dev;
	int err, rc;

	err = udmabuf_open(argc > 1 ? argv[1] : "udmabuf0", O_RDWR, &dev);
	if (err)
		return fail(err);
	rc = step1(dev, &map) || step2(dev, &exp) || step3(exp, udmabuf_map_ptr(map)) ||
	     step4();
	udmabuf_dmabuf_close(exp);
	udmabuf_unmap(map);
	udmabuf_close(dev);
	return rc;
}
