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
 * Needs libdrm (x86_64: TL_HAVE_LIBDRM from programs.mk); elsewhere it only
 * reports SKIP.
 */
#include "heap.h"

#ifdef TL_HAVE_LIBDRM
#include <drm_fourcc.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include "kms.h"

#define W	640
#define H	480
#define PITCH	(W * 4)
#define FBSIZE	(PITCH * H)

int main(int argc, char **argv)
{
	uint32_t handles[4] = { 0 }, pitches[4] = { PITCH }, offsets[4] = { 0 };
	drmModeConnector *conn = NULL;
	drmModeModeInfo *mode = NULL;
	drmModeRes *res;
	uint32_t fb = 0, crtc = 0, handle;
	const char *heap;
	char path[64];
	int card, h, fd, r, vram;
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
	card = tl_drm_open("cirrus", path, sizeof(path));
	if (!t_check(card >= 0, "cirrus: a card whose driver is cirrus"))
		return t_done();
	drmSetMaster(card);
	h = hp_open_or_die(heap);
	fd = hp_alloc_or_die(h, FBSIZE);
	close(h);
	m = tl_map(fd, FBSIZE, PROT_READ | PROT_WRITE, 0);
	if (m == MAP_FAILED)
		t_die("mmap of the heap buffer");
	tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
	tl_fill(m, FBSIZE, 900, 0);
	tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
	if (!t_check_ret(drmPrimeFDToHandle(card, fd, &handle), 0,
			 "cirrus: PRIME import of a %d-byte %s buffer", FBSIZE, heap))
		return t_done();
	handles[0] = handle;
	r = drmModeAddFB2(card, W, H, DRM_FORMAT_XRGB8888, handles, pitches, offsets, &fb, 0);
	if (!t_check_ret(r ? (errno = -r, -1) : 0, 0, "cirrus: drmModeAddFB2 XRGB8888 %dx%d", W, H))
		return t_done();

	res = drmModeGetResources(card);
	if (!t_check(res != NULL, "cirrus: drmModeGetResources"))
		return t_done();
	conn = tl_kms_connector(card, res, W, H, &mode);
	if (!t_check(mode != NULL, "cirrus: a connected connector with a %dx%d mode", W, H))
		return t_done();
	crtc = tl_kms_crtc(card, res, conn);
	if (!t_check(crtc != 0, "cirrus: a CRTC for the connector"))
		return t_done();
	r = drmModeSetCrtc(card, crtc, fb, 0, 0, &conn->connector_id, 1, mode);
	t_check_ret(r ? (errno = -r, -1) : 0, 0, "cirrus: modeset %dx%d with the heap buffer as "
		    "framebuffer", W, H);

	vram = tl_vram_check(path, FBSIZE, 900, &at);
	if (vram < 0) {
		printf("SKIP: %scirrus: video memory shows the heap buffer's pixels: resource0 "
		       "cannot be mapped (boot with iomem=relaxed)\n", t_label);
	} else {
		drmModeClip clip = { 0, 0, W, H };

		t_check(vram, "cirrus: video memory shows the heap buffer's pixels (first "
			"difference at %ld)", at);
		tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
		tl_fill(m, FBSIZE, 901, 0);
		tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
		r = drmModeDirtyFB(card, fb, &clip, 1);
		t_check_ret(r ? (errno = -r, -1) : 0, 0, "cirrus: DIRTYFB after a CPU update");
		vram = tl_vram_check(path, FBSIZE, 901, &at);
		t_check(vram == 1, "cirrus: video memory shows the pixels written through the heap "
			"buffer's mapping (first difference at %ld)", at);
	}
	munmap(m, FBSIZE);
	close(fd);
	t_check_ret(drmModeRmFB(card, fb), 0, "cirrus: RMFB (turns the CRTC off)");
	drmModeFreeConnector(conn);
	drmModeFreeResources(res);
	t_check_ret(tl_gem_close(card, handle), 0, "cirrus: GEM_CLOSE");
	close(card);
	t_check_u64(hp_heap_attr(heap, "buffers_in_use"), b0,
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
