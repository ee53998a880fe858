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
 * Needs libdrm (x86_64, EX_HAVE_LIBDRM from programs.mk); elsewhere it only
 * reports SKIP.
 */
#include "export.h"

#ifdef EX_HAVE_LIBDRM
#include <drm_fourcc.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include "vgem.h"

#define W	640
#define H	480
#define PITCH	(W * 4)
#define FBSIZE	(PITCH * H)

/* Compares video memory with the pattern; -1 when it cannot be read. */
static int check_vram(const char *card_path, uint32_t seed, char *why, size_t whylen)
{
	char path[128];
	const char *n = strrchr(card_path, '/') + 1;
	uint8_t *v;
	int fd, ok;

	snprintf(path, sizeof(path), "/sys/class/drm/%s/device/resource0", n);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	v = mmap(NULL, FBSIZE, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (v == MAP_FAILED)
		return -1;
	ok = ex_check_pat(v, FBSIZE, seed, 0, why, whylen);
	munmap(v, FBSIZE);
	return ok;
}

int main(int argc, char **argv)
{
	uint32_t handles[4] = { 0 }, pitches[4] = { PITCH }, offsets[4] = { 0 };
	drmModeConnector *conn = NULL;
	drmModeModeInfo *mode = NULL;
	drmModeRes *res;
	uint32_t fb = 0, crtc = 0, handle;
	char path[64], why[160];
	int card, devfd, fd, i, j, r, vram;
	uint8_t *m;

	if (argc != 2) {
		fprintf(stderr, "usage: export-cirrus DEVICE\n");
		return 2;
	}
	card = ex_drm_open("cirrus", path, sizeof(path));
	if (!t_check(card >= 0, "cirrus: a card whose driver is cirrus"))
		return t_done();
	drmSetMaster(card);
	devfd = ex_open_dev_or_die(argv[1]);
	if (ex_fill_dev(devfd, 0, FBSIZE, 900, 0))
		ex_die("filling the device");
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
	if (!t_check(mode != NULL, "cirrus: a connected connector with a %dx%d mode", W, H))
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
	if (!t_check(crtc != 0, "cirrus: a CRTC for the connector"))
		return t_done();
	r = drmModeSetCrtc(card, crtc, fb, 0, 0, &conn->connector_id, 1, mode);
	t_check_ret(r ? (errno = -r, -1) : 0, 0, "cirrus: modeset %dx%d on connector %u with the "
		    "export as framebuffer", W, H, conn->connector_id);

	vram = check_vram(path, 900, why, sizeof(why));
	if (vram < 0) {
		printf("SKIP: cirrus: video memory shows the exported pixels: resource0 cannot be "
		       "mapped (boot with iomem=relaxed)\n");
	} else {
		t_check(vram, "cirrus: video memory shows the exported pixels%s%s", *why ? ": " : "",
			why);
		m = ex_map(fd, FBSIZE, PROT_READ | PROT_WRITE, 0);
		if (ex_check_map(m, "cirrus: mmap of the export")) {
			drmModeClip clip = { 0, 0, W, H };

			ex_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
			ex_fill(m, FBSIZE, 901, 0);
			ex_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
			r = drmModeDirtyFB(card, fb, &clip, 1);
			t_check_ret(r ? (errno = -r, -1) : 0, 0, "cirrus: DIRTYFB after a CPU update");
			vram = check_vram(path, 901, why, sizeof(why));
			t_check(vram == 1,
				"cirrus: video memory shows the pixels written through the export%s%s",
				*why ? ": " : "", why);
			munmap(m, FBSIZE);
		}
	}

	t_check_ret(drmModeRmFB(card, fb), 0, "cirrus: RMFB (turns the CRTC off)");
	drmModeFreeConnector(conn);
	drmModeFreeResources(res);
	t_check_ret(ex_gem_close(card, handle), 0, "cirrus: GEM_CLOSE");
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
