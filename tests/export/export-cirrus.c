// SPDX-License-Identifier: GPL-2.0
/*
 * cirrus (QEMU -vga cirrus, "modprobe cirrus") scans out an export: the
 * dma-buf is imported, becomes an XRGB8888 framebuffer and is set on a
 * connected connector at 640x480; cirrus vmaps it and copies it into its
 * video memory. When the guest booted with iomem=relaxed, the video memory
 * (PCI BAR 0) is read back and must hold the exported pixels, also after
 * a CPU update and DIRTYFB.
 *
 * usage: export-cirrus DEVICE    (a device of at least 640*480*4 bytes)
 *
 * Needs libdrm (x86_64, TL_HAVE_LIBDRM from programs.mk); elsewhere it only
 * reports SKIP.
 */
#include "export.h"

#ifdef TL_HAVE_LIBDRM
#include <drm_fourcc.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include "drm-raw.h"
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
	int card, devfd, fd, r, vram;
	char path[64], why[64];
	long at;
	uint8_t *m;

	if (argc != 2) {
		fprintf(stderr, "usage: export-cirrus DEVICE\n");
		return 2;
	}
	card = tl_drm_open("cirrus", path, sizeof(path));
	if (!t_check(card >= 0, "cirrus: a card whose driver is cirrus"))
		return t_done();
	drmSetMaster(card);
	devfd = ex_open_dev_or_die(argv[1]);
	if (ex_fill_dev(devfd, 0, FBSIZE, 900, 0))
		t_die("filling the device");
	fd = ex_export_or_die(devfd, 0, FBSIZE, O_RDWR | O_CLOEXEC);
	if (!t_check_ret(drmPrimeFDToHandle(card, fd, &handle), 0,
			 "cirrus: PRIME import of a %d-byte export", FBSIZE))
		return t_done();
	handles[0] = handle;
	r = drmModeAddFB2(card, W, H, DRM_FORMAT_XRGB8888, handles, pitches, offsets, &fb, 0);
	if (!t_check_ret(r ? (errno = -r, -1) : 0, 0, "cirrus: drmModeAddFB2 XRGB8888 %dx%d pitch %d",
			 W, H, PITCH))
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
	t_check_ret(r ? (errno = -r, -1) : 0, 0, "cirrus: modeset %dx%d on connector %u with the "
		    "export as framebuffer", W, H, conn->connector_id);

	vram = tl_vram_check(path, FBSIZE, 900, &at);
	if (vram < 0) {
		printf("SKIP: cirrus: video memory shows the exported pixels: resource0 cannot be "
		       "mapped (boot with iomem=relaxed)\n");
	} else {
		snprintf(why, sizeof(why), "byte %ld differs", at);
		t_check_why(vram, why, "cirrus: video memory shows the exported pixels");
		m = tl_map(fd, FBSIZE, PROT_READ | PROT_WRITE, 0);
		if (ex_check_map(m, "cirrus: mmap of the export")) {
			drmModeClip clip = { 0, 0, W, H };

			tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
			tl_fill(m, FBSIZE, 901, 0);
			tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
			r = drmModeDirtyFB(card, fb, &clip, 1);
			t_check_ret(r ? (errno = -r, -1) : 0, 0, "cirrus: DIRTYFB after a CPU update");
			vram = tl_vram_check(path, FBSIZE, 901, &at);
			snprintf(why, sizeof(why), "byte %ld differs", at);
			t_check_why(vram == 1, why,
				    "cirrus: video memory shows the pixels written through the export");
			munmap(m, FBSIZE);
		}
	}

	t_check_ret(drmModeRmFB(card, fb), 0, "cirrus: RMFB (turns the CRTC off)");
	drmModeFreeConnector(conn);
	drmModeFreeResources(res);
	t_check_ret(tl_gem_close(card, handle), 0, "cirrus: GEM_CLOSE");
	close(fd);
	close(devfd);
	close(card);
	return t_done();
}

#else

int main(void)
{
	printf("SKIP: cirrus: built without libdrm\n");
	return 0;
}

#endif
