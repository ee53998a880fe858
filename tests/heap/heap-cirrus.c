// SPDX-License-Identifier: GPL-2.0
/*
 * cirrus (QEMU -vga cirrus, "modprobe cirrus") scans out a heap buffer, as
 * it does an export: the buffer is imported (PRIME), becomes an XRGB8888
 * 640x480 framebuffer (drmModeAddFB2) and is set on a connected connector
 * (the modeset must succeed). When the guest booted with iomem=relaxed the
 * video memory (PCI BAR 0) is read back and must hold the buffer's pixels,
 * also after a CPU update and DIRTYFB. The buffer is freed once the
 * framebuffer and the handle are gone.
 *
 * usage: heap-cirrus HEAP
 *
 * Needs libdrm (x86_64: HP_HAVE_LIBDRM from programs.mk); elsewhere it only
 * reports SKIP.
 */
#include "heap.h"

#ifdef HP_HAVE_LIBDRM
#include <drm_fourcc.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#define W	640
#define H	480
#define PITCH	(W * 4)
#define FBSIZE	(PITCH * H)

/* Compares video memory with the pattern: 1 same, 0 differs, -1 unreadable. */
static int check_vram(const char *card_path, uint32_t seed, long *at)
{
	const char *n = strrchr(card_path, '/') + 1;
	char path[128];
	uint8_t *v;
	int fd;

	snprintf(path, sizeof(path), "/sys/class/drm/%s/device/resource0", n);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	v = mmap(NULL, FBSIZE, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (v == MAP_FAILED)
		return -1;
	*at = hp_cmp(v, FBSIZE, seed);
	munmap(v, FBSIZE);
	return *at < 0;
}

int main(int argc, char **argv)
{
	uint32_t handles[4] = { 0 }, pitches[4] = { PITCH }, offsets[4] = { 0 };
	drmModeConnector *conn = NULL;
	drmModeModeInfo *mode = NULL;
	drmModeRes *res;
	uint32_t fb = 0, crtc = 0, handle;
	const char *heap;
	char path[64];
	int card, h, fd, i, j, r, vram;
	unsigned long long b0;
	long at = -1;
	uint8_t *m;

	if (argc != 2) {
		fprintf(stderr, "usage: heap-cirrus HEAP\n");
		return 2;
	}
	hp_init();
	heap = argv[1];
	b0 = hp_heap_attr(heap, "buffers_in_use");
	card = hp_drm_open("cirrus", path, sizeof(path));
	if (!hp_check(card >= 0, "cirrus: a card whose driver is cirrus"))
		return t_done();
	drmSetMaster(card);
	h = hp_open_or_die(heap);
	fd = hp_alloc_or_die(h, FBSIZE);
	close(h);
	m = hp_map(fd, FBSIZE, PROT_READ | PROT_WRITE);
	if (m == MAP_FAILED)
		hp_die("mmap of the heap buffer");
	hp_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
	hp_fill(m, FBSIZE, 900);
	hp_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
	if (!hp_check_ret(drmPrimeFDToHandle(card, fd, &handle), 0,
			  "cirrus: PRIME import of a %d-byte %s buffer", FBSIZE, heap))
		return t_done();
	handles[0] = handle;
	r = drmModeAddFB2(card, W, H, DRM_FORMAT_XRGB8888, handles, pitches, offsets, &fb, 0);
	if (!hp_check_ret(r ? (errno = -r, -1) : 0, 0, "cirrus: drmModeAddFB2 XRGB8888 %dx%d", W, H))
		return t_done();

	res = drmModeGetResources(card);
	if (!hp_check(res != NULL, "cirrus: drmModeGetResources"))
		return t_done();
	for (i = 0; i < res->count_connectors && !mode; i++) {
		conn = drmModeGetConnector(card, res->connectors[i]);
		if (!conn)
			continue;
		if (conn->connection == DRM_MODE_CONNECTED)
			for (j = 0; j < conn->count_modes; j++)
				if (conn->modes[j].hdisplay == W && conn->modes[j].vdisplay == H) {
					mode = &conn->modes[j];
					break;
				}
		if (!mode) {
			drmModeFreeConnector(conn);
			conn = NULL;
		}
	}
	if (!hp_check(mode != NULL, "cirrus: a connected connector with a %dx%d mode", W, H))
		return t_done();
	for (i = 0; i < conn->count_encoders && !crtc; i++) {
		drmModeEncoder *enc = drmModeGetEncoder(card, conn->encoders[i]);

		for (j = 0; enc && j < res->count_crtcs; j++)
			if (enc->possible_crtcs & (1u << j)) {
				crtc = res->crtcs[j];
				break;
			}
		drmModeFreeEncoder(enc);
	}
	if (!hp_check(crtc != 0, "cirrus: a CRTC for the connector"))
		return t_done();
	r = drmModeSetCrtc(card, crtc, fb, 0, 0, &conn->connector_id, 1, mode);
	hp_check_ret(r ? (errno = -r, -1) : 0, 0, "cirrus: modeset %dx%d with the heap buffer as "
		     "framebuffer", W, H);

	vram = check_vram(path, 900, &at);
	if (vram < 0) {
		printf("SKIP: %scirrus: video memory shows the heap buffer's pixels: resource0 "
		       "cannot be mapped (boot with iomem=relaxed)\n", hp_label);
	} else {
		drmModeClip clip = { 0, 0, W, H };

		hp_check(vram, "cirrus: video memory shows the heap buffer's pixels (first "
			 "difference at %ld)", at);
		hp_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
		hp_fill(m, FBSIZE, 901);
		hp_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
		r = drmModeDirtyFB(card, fb, &clip, 1);
		hp_check_ret(r ? (errno = -r, -1) : 0, 0, "cirrus: DIRTYFB after a CPU update");
		vram = check_vram(path, 901, &at);
		hp_check(vram == 1, "cirrus: video memory shows the pixels written through the heap "
			 "buffer's mapping (first difference at %ld)", at);
	}
	munmap(m, FBSIZE);
	close(fd);
	hp_check_ret(drmModeRmFB(card, fb), 0, "cirrus: RMFB (turns the CRTC off)");
	drmModeFreeConnector(conn);
	drmModeFreeResources(res);
	hp_check_ret(hp_gem_close(card, handle), 0, "cirrus: GEM_CLOSE");
	close(card);
	hp_check_u64(hp_heap_attr(heap, "buffers_in_use"), b0,
		     "cirrus: the heap buffer is freed once the card lets go");
	return t_done();
}

#else

int main(void)
{
	printf("SKIP: cirrus: built without libdrm\n");
	return 0;
}

#endif
