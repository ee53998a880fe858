// SPDX-License-Identifier: MIT
/*
 * udmabuf-demo: what a program does with u-dma-buf, step by step.
 *
 *   udmabuf-demo [DEVICE]     (default /dev/udmabuf0; vgem loaded for step 3)
 *
 * 1. map the buffer, fill it, give it to the device (sync_for_device);
 * 2. export a range as a dma-buf and map that too;
 * 3. import the export into vgem (a DRM driver), let vgem export it back,
 *    and compare the bytes seen through vgem with the buffer;
 * 4. allocate from /dev/dma_heap/udmabuf and ask for the DMA address.
 *
 * Build: cc -I<u-dma-buf>/uapi -I/usr/include/libdrm -o udmabuf-demo udmabuf-demo.c
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <drm.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

#include "u-dma-buf-heap.h"
#include "u-dma-buf-ioctl.h"

static int fail(const char *what)
{
	fprintf(stderr, "udmabuf-demo: %s: %s\n", what, strerror(errno));
	return 1;
}

static void cpu_access(int dmabuf, uint64_t flags)
{
	struct dma_buf_sync sync = { .flags = flags | DMA_BUF_SYNC_RW };

	ioctl(dmabuf, DMA_BUF_IOCTL_SYNC, &sync);
}

/* The first DRM node whose driver is vgem, or -1. */
static int open_vgem(void)
{
	char path[64], name[16];
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

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/dev/udmabuf0";
	u_dma_buf_ioctl_export_args exp = { 0 };
	struct dma_heap_allocation_data alloc = { .len = 1 << 20, .fd_flags = O_RDWR | O_CLOEXEC };
	struct u_dma_buf_heap_dma_addr where = { 0 };
	uint64_t size, dma, cmd;
	unsigned char *buf, *mine, *theirs;
	int fd, vgem, heap;
	size_t i, len;

	/* 1. The buffer itself. */
	fd = open(path, O_RDWR);
	if (fd < 0 || ioctl(fd, U_DMA_BUF_IOCTL_GET_SIZE, &size) ||
	    ioctl(fd, U_DMA_BUF_IOCTL_GET_DMA_ADDR, &dma))
		return fail(path);
	buf = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (buf == MAP_FAILED)
		return fail("mmap");
	for (i = 0; i < size; i++)
		buf[i] = i * 7;
	cmd = 1;
	ioctl(fd, U_DMA_BUF_IOCTL_SET_SYNC_FOR_DEVICE, &cmd);
	printf("1. %s: %" PRIu64 " bytes at DMA address 0x%" PRIx64 ", mapped at %p, filled and synced for the device\n",
	       path, size, dma, (void *)buf);

	/* 2. Export the first MiB (or all of a smaller buffer). */
	len = size < (1 << 20) ? size : (1 << 20);
	exp.size = len;
	SET_U_DMA_BUF_IOCTL_FLAGS_EXPORT_FD_FLAGS(&exp, O_RDWR | O_CLOEXEC);
	if (ioctl(fd, U_DMA_BUF_IOCTL_EXPORT, &exp))
		return fail("U_DMA_BUF_IOCTL_EXPORT");
	mine = mmap(NULL, len, PROT_READ, MAP_SHARED, exp.fd, 0);
	if (mine == MAP_FAILED)
		return fail("mmap of the export");
	cpu_access(exp.fd, DMA_BUF_SYNC_START);
	printf("2. exported %zu bytes as dma-buf fd %d (DMA address 0x%" PRIx64 "); byte 100 reads 0x%02x\n",
	       len, exp.fd, (uint64_t)exp.addr, mine[100]);
	cpu_access(exp.fd, DMA_BUF_SYNC_END);

	/* 3. Through vgem and back. */
	vgem = open_vgem();
	if (vgem < 0) {
		printf("3. no vgem device (modprobe vgem): skipped\n");
	} else {
		struct drm_prime_handle in = { .fd = exp.fd };
		struct drm_prime_handle out = { .flags = DRM_CLOEXEC | DRM_RDWR };

		if (ioctl(vgem, DRM_IOCTL_PRIME_FD_TO_HANDLE, &in))
			return fail("DRM_IOCTL_PRIME_FD_TO_HANDLE");
		out.handle = in.handle;
		if (ioctl(vgem, DRM_IOCTL_PRIME_HANDLE_TO_FD, &out))
			return fail("DRM_IOCTL_PRIME_HANDLE_TO_FD");
		theirs = mmap(NULL, len, PROT_READ, MAP_SHARED, out.fd, 0);
		if (theirs == MAP_FAILED)
			return fail("mmap of vgem's export");
		printf("3. vgem imported it as GEM handle %u and exported it back as fd %d: %s\n",
		       in.handle, out.fd, memcmp(theirs, buf, len) ? "BYTES DIFFER" : "the same bytes");
		if (memcmp(theirs, buf, len))
			return 1;
	}

	/* 4. A buffer from the heap, and where it is for a DMA engine. */
	heap = open("/dev/dma_heap/udmabuf", O_RDWR | O_CLOEXEC);
	if (heap < 0 || ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &alloc))
		return fail("/dev/dma_heap/udmabuf");
	where.fd = alloc.fd;
	if (ioctl(heap, U_DMA_BUF_HEAP_IOCTL_DMA_ADDR, &where))
		return fail("U_DMA_BUF_HEAP_IOCTL_DMA_ADDR");
	printf("4. /dev/dma_heap/udmabuf gave dma-buf fd %u: %llu bytes at DMA address 0x%llx\n",
	       alloc.fd, (unsigned long long)where.size, (unsigned long long)where.addr);
	return 0;
}
