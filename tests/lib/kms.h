/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KMS with libdrm for the scanout tests: a connected connector with a
 * given mode, a CRTC for it, and the video memory of a simple card such as
 * QEMU's cirrus (PCI BAR 0 through sysfs resource0, which needs the guest
 * booted with iomem=relaxed) compared with a data pattern.
 */
#ifndef UDMABUF_TEST_KMS_H
#define UDMABUF_TEST_KMS_H

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xf86drm.h>
#include <xf86drmMode.h>

#include "pattern.h"

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

#endif
