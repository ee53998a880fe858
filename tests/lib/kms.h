/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KMS with libdrm for the scanout tests: a connected connector with a
 * given mode, a CRTC for it, and the video memory of a simple card such as
 * QEMU's cirrus (PCI BAR 0 through sysfs resource0, which needs the guest
 * booted with iomem=relaxed) compared with a data pattern; and, with a
 * check for each step, a dma-buf scanned out by such a card (struct tl_kms:
 * tl_kms_open(), tl_kms_scanout(), tl_kms_modeset(), tl_kms_update(),
 * tl_kms_close()).
 */
#ifndef UDMABUF_TEST_KMS_H
#define UDMABUF_TEST_KMS_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <drm_fourcc.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include "dmabuf.h"
#include "drm-raw.h"
#include "pattern.h"
#include "t.h"

/* The first connected connector with a @width x @height mode, or NULL. */
static inline drmModeConnector *tl_kms_connector(int card, const drmModeRes *res,
						 unsigned int width, unsigned int height,
						 drmModeModeInfo **mode)
{
	drmModeConnector *conn;
	int i, j;

	for (i = 0; i < res->count_connectors; i++) {
		conn = drmModeGetConnector(card, res->connectors[i]);
		if (!conn)
			continue;
		if (conn->connection == DRM_MODE_CONNECTED)
			for (j = 0; j < conn->count_modes; j++)
				if (conn->modes[j].hdisplay == width &&
				    conn->modes[j].vdisplay == height) {
					*mode = &conn->modes[j];
					return conn;
				}
		drmModeFreeConnector(conn);
	}
	return NULL;
}

/* A CRTC one of the connector's encoders can drive, or 0. */
static inline uint32_t tl_kms_crtc(int card, const drmModeRes *res, const drmModeConnector *conn)
{
	uint32_t crtc = 0;
	int i, j;

	for (i = 0; i < conn->count_encoders && !crtc; i++) {
		drmModeEncoder *enc = drmModeGetEncoder(card, conn->encoders[i]);

		for (j = 0; enc && j < res->count_crtcs; j++)
			if (enc->possible_crtcs & (1u << j)) {
				crtc = res->crtcs[j];
				break;
			}
		drmModeFreeEncoder(enc);
	}
	return crtc;
}

/*
 * Compares the first @len bytes of the video memory of the card at
 * @card_path (/dev/dri/cardN) with the pattern @seed: 1 equal, 0 differs
 * (the first differing byte in *at), -1 when it cannot be mapped.
 */
static inline int tl_vram_check(const char *card_path, size_t len, uint32_t seed, long *at)
{
	const char *n = strrchr(card_path, '/') + 1;
	char path[128];
	uint8_t *v;
	int fd;

	*at = -1;
	snprintf(path, sizeof(path), "/sys/class/drm/%s/device/resource0", n);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	v = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (v == MAP_FAILED)
		return -1;
	*at = tl_cmp(v, len, seed, 0);
	munmap(v, len);
	return *at < 0;
}

/*
 * A card showing one width x height XRGB8888 framebuffer, a dma-buf of
 * size bytes (pitch width * 4), on one connector. Test names start with
 * "<driver>: ".
 */
struct tl_kms {
	const char *driver;
	int card;
	char path[64];			/* the card's /dev/dri/cardN */
	unsigned int width, height, pitch, size;
	uint32_t handle, fb, crtc;	/* the import, its framebuffer, the CRTC */
	drmModeRes *res;
	drmModeConnector *conn;
	drmModeModeInfo *mode;		/* the connector's width x height mode */
};

/* TL_KMS_NAME_PITCH: tl_kms_scanout()'s AddFB2 check names the pitch too. */
#define TL_KMS_NAME_PITCH	0x1

/* A libdrm result (0 or a negative errno) as t_check_ret() wants it. */
static inline int tl_kms_ret(int r)
{
	return r ? (errno = -r, -1) : 0;
}

/*
 * Opens the card whose driver is @driver and becomes its master, for a
 * @width x @height framebuffer: PASS or FAIL "<driver>: a card whose driver
 * is <driver>". 0, or -1 when there is no such card.
 */
static inline int tl_kms_open(struct tl_kms *k, const char *driver, unsigned int width,
			      unsigned int height)
{
	memset(k, 0, sizeof(*k));
	k->driver = driver;
	k->width = width;
	k->height = height;
	k->pitch = width * 4;
	k->size = k->pitch * height;
	k->card = tl_drm_open(driver, k->path, sizeof(k->path));
	if (!t_check(k->card >= 0, "%s: a card whose driver is %s", driver, driver))
		return -1;
	drmSetMaster(k->card);
	return 0;
}

/*
 * Makes dma-buf @fd (k->size bytes) the framebuffer and finds a connector
 * and a CRTC to show it, a check a step: "<driver>: PRIME import of
 * <buffer>" (@fmt names the buffer: "a 1228800-byte export"),
 * "<driver>: drmModeAddFB2 XRGB8888 WxH" (" pitch P" added with
 * TL_KMS_NAME_PITCH in @flags), "<driver>: drmModeGetResources",
 * "<driver>: a connected connector with a WxH mode" and "<driver>: a CRTC
 * for the connector". 0, or -1 after the first step that failed.
 */
static inline __attribute__((format(printf, 4, 5))) int
tl_kms_scanout(struct tl_kms *k, int fd, unsigned int flags, const char *fmt, ...)
{
	uint32_t handles[4] = { 0 }, pitches[4] = { k->pitch }, offsets[4] = { 0 };
	char buffer[128], pitch[32] = "";
	va_list ap;
	int r;

	va_start(ap, fmt);
	vsnprintf(buffer, sizeof(buffer), fmt, ap);
	va_end(ap);
	if (!t_check_ret(drmPrimeFDToHandle(k->card, fd, &k->handle), 0, "%s: PRIME import of %s",
			 k->driver, buffer))
		return -1;
	handles[0] = k->handle;
	r = drmModeAddFB2(k->card, k->width, k->height, DRM_FORMAT_XRGB8888, handles, pitches,
			  offsets, &k->fb, 0);
	if (flags & TL_KMS_NAME_PITCH)
		snprintf(pitch, sizeof(pitch), " pitch %u", k->pitch);
	if (!t_check_ret(tl_kms_ret(r), 0, "%s: drmModeAddFB2 XRGB8888 %ux%u%s", k->driver,
			 k->width, k->height, pitch))
		return -1;
	k->res = drmModeGetResources(k->card);
	if (!t_check(k->res != NULL, "%s: drmModeGetResources", k->driver))
		return -1;
	k->conn = tl_kms_connector(k->card, k->res, k->width, k->height, &k->mode);
	if (!t_check(k->mode != NULL, "%s: a connected connector with a %ux%u mode", k->driver,
		     k->width, k->height))
		return -1;
	k->crtc = tl_kms_crtc(k->card, k->res, k->conn);
	if (!t_check(k->crtc != 0, "%s: a CRTC for the connector", k->driver))
		return -1;
	return 0;
}

/* Sets the framebuffer on the connector: PASS or FAIL "<driver>: modeset WxH <how>". */
static inline __attribute__((format(printf, 2, 3))) int tl_kms_modeset(struct tl_kms *k,
									const char *fmt, ...)
{
	char how[160];
	va_list ap;
	int r;

	va_start(ap, fmt);
	vsnprintf(how, sizeof(how), fmt, ap);
	va_end(ap);
	r = drmModeSetCrtc(k->card, k->crtc, k->fb, 0, 0, &k->conn->connector_id, 1, k->mode);
	return t_check_ret(tl_kms_ret(r), 0, "%s: modeset %ux%u %s", k->driver, k->width,
			   k->height, how);
}

/*
 * A CPU update of the framebuffer: the pattern @seed written through @m (a
 * mapping of its dma-buf @fd), then DIRTYFB of the whole screen: PASS or
 * FAIL "<driver>: DIRTYFB after a CPU update".
 */
static inline int tl_kms_update(struct tl_kms *k, int fd, volatile uint8_t *m, uint32_t seed)
{
	drmModeClip clip = { 0, 0, (unsigned short)k->width, (unsigned short)k->height };
	int r;

	tl_fill_synced(fd, m, k->size, seed);
	r = drmModeDirtyFB(k->card, k->fb, &clip, 1);
	return t_check_ret(tl_kms_ret(r), 0, "%s: DIRTYFB after a CPU update", k->driver);
}

/*
 * Takes down what tl_kms_scanout() set up and closes the card: PASS or
 * FAIL "<driver>: RMFB (turns the CRTC off)" and "<driver>: GEM_CLOSE".
 */
static inline void tl_kms_close(struct tl_kms *k)
{
	t_check_ret(drmModeRmFB(k->card, k->fb), 0, "%s: RMFB (turns the CRTC off)", k->driver);
	drmModeFreeConnector(k->conn);
	drmModeFreeResources(k->res);
	t_check_ret(tl_gem_close(k->card, k->handle), 0, "%s: GEM_CLOSE", k->driver);
	close(k->card);
}

#endif
