// SPDX-License-Identifier: MIT
/*
 * u-dma-buf buffers scanned out by a KMS driver: exports of a u-dma-buf
 * device and heap buffers are imported (PRIME) into cirrus-qemu (QEMU
 * "-vga cirrus"), become framebuffers, are set on the CRTC and flipped
 * between. cirrus copies the framebuffer it is given (through a kernel
 * mapping of our dma-buf) into its video memory, PCI BAR 0, which the test
 * maps through sysfs (resource0; needs the kernel parameter iomem=relaxed)
 * and compares, pixel by pixel, with what was written into our buffer.
 *
 * Needs root, u-dma-buf.ko, u-dma-buf-mgr.ko, a Cirrus VGA card (cirrus is
 * loaded when missing) and iomem=relaxed; otherwise the subtests skip.
 */
#include "igt.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <drm_fourcc.h>
#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

#include "udmabuf_common.h"

IGT_TEST_DESCRIPTION("u-dma-buf exports and heap buffers as framebuffers of cirrus-qemu: "
		     "import, modeset, page flips, damage; scanned-out pixels read back from "
		     "the card's video memory.");

#define UD_DEV		"igt-kms0"
#define UD_DEV2		"igt-kms-del"
#define UD_DEV_SIZE	(4ull << 20)
#define UD_VRAM_SIZE	(4u << 20)	/* what cirrus uses of BAR 0 */
#define UD_W		640
#define UD_H		480

/* --- helpers ---------------------------------------------------------------- */

/* Waits up to 2 s for a counter to reach want (a deferred fput may free late). */
static void ud_wait_count(uint64_t (*count)(void), uint64_t want, const char *what)
{
	uint64_t now = count();

	for (int i = 0; i < 200 && now != want; i++) {
		ud_sleep_ms(10);
		now = count();
	}
	igt_assert_f(now == want, "%s: %" PRIu64 ", expected %" PRIu64 "\n", what, now, want);
}

/* --- the display ---------------------------------------------------------------- */

struct ud_kms {
	int card;
	char card_path[64];
	uint32_t crtc, connector;
	drmModeModeInfo mode;
	const volatile uint8_t *vram;
	int dev, heap;
};

/* A framebuffer on a dma-buf of ours; map is our CPU mapping of the dma-buf. */
struct ud_fb {
	int fd;
	uint64_t size;
	uint8_t *map;
	uint32_t handle, id;
	uint32_t format, cpp, pitch, offset;
};

/* A connected connector with a 640x480 mode, and a CRTC for it. */
static bool ud_find_output(struct ud_kms *k)
{
	drmModeRes *res = drmModeGetResources(k->card);
	bool found = false;

	if (!res)
		return false;
	for (int i = 0; i < res->count_connectors && !found; i++) {
		drmModeConnector *c = drmModeGetConnector(k->card, res->connectors[i]);

		if (!c)
			continue;
		for (int m = 0; c->connection == DRM_MODE_CONNECTED && m < c->count_modes &&
		     !found; m++) {
			if (c->modes[m].hdisplay != UD_W || c->modes[m].vdisplay != UD_H)
				continue;
			for (int en = 0; en < c->count_encoders && !found; en++) {
				drmModeEncoder *enc = drmModeGetEncoder(k->card, c->encoders[en]);

				for (int j = 0; enc && j < res->count_crtcs; j++) {
					if (enc->possible_crtcs & (1u << j)) {
						k->crtc = res->crtcs[j];
						k->connector = c->connector_id;
						k->mode = c->modes[m];
						found = true;
						break;
					}
				}
				drmModeFreeEncoder(enc);
			}
		}
		drmModeFreeConnector(c);
	}
	drmModeFreeResources(res);
	return found;
}

static uint32_t ud_cpp(uint32_t format)
{
	switch (format) {
	case DRM_FORMAT_RGB565:
		return 2;
	case DRM_FORMAT_RGB888:
		return 3;
	default:
		return 4;
	}
}

/* Fills the dma-buf (through its mapping, with sync) with the pattern seed. */
static void ud_fb_fill(struct ud_fb *fb, uint32_t seed)
{
	igt_assert_eq(ud_sync(fb->fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE), 0);
	for (uint64_t i = 0; i < fb->size; i++)
		fb->map[i] = ud_pat(seed, i);
	igt_assert_eq(ud_sync(fb->fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE), 0);
}

/* Imports dma-buf fd (of size bytes) and makes it a 640x480 framebuffer. */
static void ud_fb_init(struct ud_kms *k, struct ud_fb *fb, int fd, uint64_t size,
		       uint32_t format, uint32_t pitch, uint32_t offset, uint32_t seed)
{
	uint32_t handles[4] = { 0 }, pitches[4] = { 0 }, offsets[4] = { 0 };
	int ret;

	memset(fb, 0, sizeof(*fb));
	fb->fd = fd;
	fb->size = size;
	fb->format = format;
	fb->cpp = ud_cpp(format);
	fb->pitch = pitch ? pitch : UD_W * fb->cpp;
	fb->offset = offset;
	fb->map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	igt_assert_f(fb->map != MAP_FAILED, "mmap of the dma-buf: %s\n", strerror(errno));
	ud_fb_fill(fb, seed);
	igt_assert_f(drmPrimeFDToHandle(k->card, fd, &fb->handle) == 0,
		     "PRIME import into cirrus: %s\n", strerror(errno));
	handles[0] = fb->handle;
	pitches[0] = fb->pitch;
	offsets[0] = offset;
	ret = drmModeAddFB2(k->card, UD_W, UD_H, format, handles, pitches, offsets, &fb->id, 0);
	igt_assert_f(ret == 0, "ADDFB2 %.4s %ux%u pitch %u offset %u: %s\n", (char *)&format,
		     UD_W, UD_H, fb->pitch, offset, strerror(-ret));
}

static void ud_fb_export(struct ud_kms *k, struct ud_fb *fb, uint64_t dev_off, uint32_t format,
			 int export_flags, uint32_t seed)
{
	uint64_t size = UD_PAGE_ALIGN((uint64_t)UD_W * ud_cpp(format) * UD_H);

	ud_fb_init(k, fb, ud_export(k->dev, dev_off, size, export_flags, NULL), size, format,
		   0, 0, seed);
}

static void ud_fb_heap(struct ud_kms *k, struct ud_fb *fb, uint32_t format, uint32_t seed)
{
	uint64_t size = UD_PAGE_ALIGN((uint64_t)UD_W * ud_cpp(format) * UD_H);

	ud_fb_init(k, fb, ud_heap_alloc(k->heap, size), size, format, 0, 0, seed);
}

static void ud_fb_fini(struct ud_kms *k, struct ud_fb *fb)
{
	if (fb->id)
		igt_assert_eq(drmModeRmFB(k->card, fb->id), 0);
	if (fb->handle)
		igt_assert_eq(drmCloseBufferHandle(k->card, fb->handle), 0);
	if (fb->map)
		munmap(fb->map, fb->size);
	if (fb->fd >= 0)
		close(fb->fd);
	memset(fb, 0, sizeof(*fb));
	fb->fd = -1;
}

static void ud_set_crtc(struct ud_kms *k, struct ud_fb *fb)
{
	int ret = drmModeSetCrtc(k->card, k->crtc, fb->id, 0, 0, &k->connector, 1, &k->mode);

	igt_assert_f(ret == 0, "SETCRTC %ux%u with fb %u (%.4s): %s\n", UD_W, UD_H, fb->id,
		     (char *)&fb->format, strerror(-ret));
}

static void ud_crtc_off(struct ud_kms *k)
{
	igt_assert_eq(drmModeSetCrtc(k->card, k->crtc, 0, 0, 0, NULL, 0, NULL), 0);
}

static void ud_flip_handler(int fd, unsigned int seq, unsigned int sec, unsigned int usec,
			    void *data)
{
	(void)fd; (void)seq; (void)sec; (void)usec;
	*(int *)data += 1;
}

/* Page flip to fb, waiting for its event (up to 5 s). */
static void ud_flip(struct ud_kms *k, struct ud_fb *fb)
{
	drmEventContext ev = { .version = 2, .page_flip_handler = ud_flip_handler };
	struct pollfd p = { .fd = k->card, .events = POLLIN };
	int done = 0, ret;

	ret = drmModePageFlip(k->card, k->crtc, fb->id, DRM_MODE_PAGE_FLIP_EVENT, &done);
	igt_assert_f(ret == 0, "PAGE_FLIP to fb %u: %s\n", fb->id, strerror(-ret));
	while (!done) {
		igt_assert_f(poll(&p, 1, 5000) == 1, "no page flip event within 5 s\n");
		igt_assert_eq(drmHandleEvent(k->card, &ev), 0);
	}
	igt_assert_eq(done, 1);
}

/*
 * The scanned-out pixels: video memory holds the framebuffer's visible bytes
 * at cirrus' pitch (the framebuffer's, or width * 3 when cirrus converts
 * XRGB8888 with a pitch it cannot scan out to RGB888). Only the rectangle
 * [x0, x1) x [y0, y1) is compared with seed; with seed_out, the rest of the
 * screen must hold that pattern.
 */
static void ud_check_scanout_rect(struct ud_kms *k, struct ud_fb *fb, uint32_t seed,
				  int x0, int y0, int x1, int y1, int64_t seed_out)
{
	bool convert = fb->cpp == 4 && fb->pitch > 4088;
	uint32_t vcpp = convert ? 3 : fb->cpp, vpitch = convert ? UD_W * 3 : fb->pitch;

	for (int y = 0; y < UD_H; y++) {
		bool yin = y >= y0 && y < y1;

		if (!yin && seed_out < 0)
			continue;
		for (int x = 0; x < UD_W; x++) {
			bool in = yin && x >= x0 && x < x1;
			uint64_t src = fb->offset + (uint64_t)y * fb->pitch + (uint64_t)x * fb->cpp;
			uint32_t s;

			if (!in && seed_out < 0)
				continue;
			s = in ? seed : (uint32_t)seed_out;
			for (uint32_t b = 0; b < vcpp; b++) {
				uint8_t got = k->vram[(uint64_t)y * vpitch + x * vcpp + b];
				uint8_t want = ud_pat(s, src + b);

				igt_assert_f(got == want, "scanout pixel (%d,%d) byte %u is 0x%02x, "
					     "expected 0x%02x (pattern %u%s)\n", x, y, b, got, want,
					     s, seed_out < 0 ? "" : in ? ", inside the damage" :
					     ", outside the damage");
			}
		}
	}
}

static void ud_check_scanout(struct ud_kms *k, struct ud_fb *fb, uint32_t seed)
{
	ud_check_scanout_rect(k, fb, seed, 0, 0, UD_W, UD_H, -1);
}

/* --- subtests ------------------------------------------------------------------- */

static void test_import(struct ud_kms *k, bool heap)
{
	uint64_t size = 64 * UD_PAGE;
	int fd = heap ? ud_heap_alloc(k->heap, size) : ud_export(k->dev, 0, size, O_RDWR, NULL);
	uint32_t h = 0, h2 = 0;

	igt_assert_f(drmPrimeFDToHandle(k->card, fd, &h) == 0, "PRIME import: %s\n",
		     strerror(errno));
	igt_assert_f(drmPrimeFDToHandle(k->card, fd, &h2) == 0, "second PRIME import: %s\n",
		     strerror(errno));
	igt_assert_eq_u32(h2, h);
	igt_assert_eq(drmCloseBufferHandle(k->card, h), 0);
	igt_assert_f(drmCloseBufferHandle(k->card, h) == -1 && errno == EINVAL,
		     "closing the handle twice: expected EINVAL\n");
	close(fd);
}

static void test_addfb_too_small(struct ud_kms *k)
{
	uint32_t handles[4] = { 0 }, pitches[4] = { UD_W * 4 }, offsets[4] = { 0 }, id = 0;
	uint64_t need = (uint64_t)UD_W * 4 * UD_H;	/* 1228800, page aligned */
	int small = ud_export(k->dev, 0, need - UD_PAGE, O_RDWR, NULL);
	int exact = ud_export(k->dev, 0, need, O_RDWR, NULL);
	uint32_t hs, he;

	igt_assert_eq(drmPrimeFDToHandle(k->card, small, &hs), 0);
	igt_assert_eq(drmPrimeFDToHandle(k->card, exact, &he), 0);
	handles[0] = hs;
	igt_assert_eq(drmModeAddFB2(k->card, UD_W, UD_H, DRM_FORMAT_XRGB8888, handles, pitches,
				    offsets, &id, 0), -EINVAL);
	handles[0] = he;
	offsets[0] = UD_PAGE;
	igt_assert_eq(drmModeAddFB2(k->card, UD_W, UD_H, DRM_FORMAT_XRGB8888, handles, pitches,
				    offsets, &id, 0), -EINVAL);
	offsets[0] = 0;
	igt_assert_eq(drmModeAddFB2(k->card, UD_W, UD_H, DRM_FORMAT_XRGB8888, handles, pitches,
				    offsets, &id, 0), 0);
	igt_assert_eq(drmModeRmFB(k->card, id), 0);
	igt_assert_eq(drmCloseBufferHandle(k->card, hs), 0);
	igt_assert_eq(drmCloseBufferHandle(k->card, he), 0);
	close(small);
	close(exact);
}

static void test_scanout(struct ud_kms *k, bool heap, uint32_t format, int export_flags,
			 uint32_t seed)
{
	struct ud_fb fb;

	if (heap)
		ud_fb_heap(k, &fb, format, seed);
	else
		ud_fb_export(k, &fb, UD_PAGE, format, export_flags, seed);
	ud_set_crtc(k, &fb);
	ud_check_scanout(k, &fb, seed);
	ud_crtc_off(k);
	ud_fb_fini(k, &fb);
}

/* A framebuffer at an offset inside the dma-buf, with a pitch wider than a line. */
static void test_scanout_offset_pitch(struct ud_kms *k)
{
	const uint32_t pitch = UD_W * 4 + 256, offset = 16 * UD_PAGE + 512, seed = 40;
	uint64_t size = UD_PAGE_ALIGN(offset + (uint64_t)pitch * UD_H);
	struct ud_fb fb;

	ud_fb_init(k, &fb, ud_export(k->dev, 0, size, O_RDWR, NULL), size, DRM_FORMAT_XRGB8888,
		   pitch, offset, seed);
	ud_set_crtc(k, &fb);
	ud_check_scanout(k, &fb, seed);
	ud_crtc_off(k);
	ud_fb_fini(k, &fb);
}

/* XRGB8888 with a pitch cirrus cannot scan out: it converts our pixels to RGB888. */
static void test_scanout_convert(struct ud_kms *k)
{
	const uint32_t pitch = 4096, seed = 41;
	uint64_t size = (uint64_t)pitch * UD_H;
	struct ud_fb fb;

	ud_fb_init(k, &fb, ud_export(k->dev, 0, size, O_RDWR, NULL), size, DRM_FORMAT_XRGB8888,
		   pitch, 0, seed);
	ud_set_crtc(k, &fb);
	ud_check_scanout(k, &fb, seed);
	ud_crtc_off(k);
	ud_fb_fini(k, &fb);
}

/* CPU writes + DIRTYFB of a rectangle: exactly that rectangle is updated. */
static void test_dirtyfb(struct ud_kms *k, bool heap)
{
	drmModeClip clip = { .x1 = 96, .y1 = 64, .x2 = 400, .y2 = 300 };
	struct ud_fb fb;
	int ret;

	if (heap)
		ud_fb_heap(k, &fb, DRM_FORMAT_XRGB8888, 50);
	else
		ud_fb_export(k, &fb, 0, DRM_FORMAT_XRGB8888, O_RDWR, 50);
	ud_set_crtc(k, &fb);
	ud_check_scanout(k, &fb, 50);
	ud_fb_fill(&fb, 51);
	ret = drmModeDirtyFB(k->card, fb.id, &clip, 1);
	igt_assert_f(ret == 0, "DIRTYFB: %s\n", strerror(-ret));
	ud_check_scanout_rect(k, &fb, 51, clip.x1, clip.y1, clip.x2, clip.y2, 50);
	ud_fb_fill(&fb, 52);
	ret = drmModeDirtyFB(k->card, fb.id, NULL, 0);
	igt_assert_f(ret == 0, "DIRTYFB of the whole framebuffer: %s\n", strerror(-ret));
	ud_check_scanout(k, &fb, 52);
	ud_crtc_off(k);
	ud_fb_fini(k, &fb);
}

enum ud_flip_kind { UD_FLIP_EXPORTS, UD_FLIP_HEAP, UD_FLIP_MIXED };

static void test_page_flip(struct ud_kms *k, enum ud_flip_kind kind)
{
	struct ud_fb fb[2];
	const uint32_t seed[2] = { 60 + 2 * kind, 61 + 2 * kind };
	uint64_t size = (uint64_t)UD_W * 4 * UD_H;

	if (kind == UD_FLIP_HEAP)
		ud_fb_heap(k, &fb[0], DRM_FORMAT_XRGB8888, seed[0]);
	else
		ud_fb_export(k, &fb[0], 0, DRM_FORMAT_XRGB8888, O_RDWR, seed[0]);
	if (kind == UD_FLIP_EXPORTS)
		ud_fb_export(k, &fb[1], UD_PAGE_ALIGN(size) + 8 * UD_PAGE, DRM_FORMAT_XRGB8888,
			     O_RDWR, seed[1]);
	else
		ud_fb_heap(k, &fb[1], DRM_FORMAT_XRGB8888, seed[1]);

	ud_set_crtc(k, &fb[0]);
	ud_check_scanout(k, &fb[0], seed[0]);
	for (int i = 1; i <= 6; i++) {
		ud_flip(k, &fb[i % 2]);
		ud_check_scanout(k, &fb[i % 2], seed[i % 2]);
	}
	ud_crtc_off(k);
	ud_fb_fini(k, &fb[1]);
	ud_fb_fini(k, &fb[0]);
}

/* The framebuffer alone keeps a heap buffer: scanned out, freed with the framebuffer. */
static void test_fb_holds_heap_buffer(struct ud_kms *k)
{
	uint64_t b0 = ud_heap_buffers();
	struct ud_fb fb;

	ud_fb_heap(k, &fb, DRM_FORMAT_XRGB8888, 70);
	/* let go of everything but the framebuffer */
	munmap(fb.map, fb.size);
	fb.map = NULL;
	close(fb.fd);
	fb.fd = -1;
	igt_assert_eq(drmCloseBufferHandle(k->card, fb.handle), 0);
	fb.handle = 0;
	igt_assert_eq_u64(ud_heap_buffers(), b0 + 1);
	ud_set_crtc(k, &fb);
	ud_check_scanout(k, &fb, 70);
	igt_assert_eq(drmModeRmFB(k->card, fb.id), 0);	/* also turns the CRTC off */
	fb.id = 0;
	ud_wait_count(ud_heap_buffers, b0, "heap buffers in use after RMFB");
}

/* A deleted device's export stays on screen and is freed with the framebuffer. */
static void test_scanout_deleted_device(struct ud_kms *k)
{
	uint64_t size = (uint64_t)UD_W * 4 * UD_H, b0 = ud_stats_buffers();
	struct ud_fb fb;
	int dev;

	dev = ud_create_device(UD_DEV2, 2ull << 20);
	ud_fb_init(k, &fb, ud_export(dev, 0, size, O_RDWR, NULL), size, DRM_FORMAT_XRGB8888,
		   0, 0, 80);
	close(dev);
	ud_delete_device(UD_DEV2);
	igt_assert_eq_u64(ud_stats_buffers(), b0 + 1);
	ud_set_crtc(k, &fb);
	ud_check_scanout(k, &fb, 80);
	ud_fb_fill(&fb, 81);
	igt_assert_eq(drmModeDirtyFB(k->card, fb.id, NULL, 0), 0);
	ud_check_scanout(k, &fb, 81);
	ud_crtc_off(k);
	ud_fb_fini(k, &fb);
	ud_wait_count(ud_stats_buffers, b0, "u-dma-buf buffers after the last user let go");
}

igt_main
{
	static struct ud_kms kms = { .card = -1, .dev = -1, .heap = -1 };
	static const struct {
		const char *name;
		uint32_t format;
	} formats[] = {
		{ "xrgb8888", DRM_FORMAT_XRGB8888 },
		{ "rgb565", DRM_FORMAT_RGB565 },
		{ "rgb888", DRM_FORMAT_RGB888 },
	};
	struct ud_kms *k = &kms;
	void *vram = MAP_FAILED;

	igt_fixture {
		char path[128];
		int fd;

		k->heap = ud_require_heap();
		ud_require_mgr();
		k->card = ud_drm_open_or_load("cirrus", k->card_path, sizeof(k->card_path));
		igt_require_f(k->card >= 0, "no cirrus device (QEMU -vga cirrus)\n");
		igt_require_f(drmSetMaster(k->card) == 0, "cannot become DRM master: %s\n",
			      strerror(errno));
		igt_require_f(ud_find_output(k), "no connected connector with a %dx%d mode\n",
			      UD_W, UD_H);
		snprintf(path, sizeof(path), "/sys/class/drm/%s/device/resource0",
			 strrchr(k->card_path, '/') + 1);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		igt_require_f(fd >= 0, "open %s: %s\n", path, strerror(errno));
		vram = mmap(NULL, UD_VRAM_SIZE, PROT_READ, MAP_SHARED, fd, 0);
		close(fd);
		igt_require_f(vram != MAP_FAILED, "mmap of the video memory (%s): %s; boot with "
			      "iomem=relaxed\n", path, strerror(errno));
		k->vram = vram;
		k->dev = ud_create_device(UD_DEV, UD_DEV_SIZE);
	}

	igt_describe("An export imports into cirrus; a second import gives the same handle.");
	igt_subtest("import-export")
		test_import(k, false);

	igt_describe("A heap buffer imports into cirrus; a second import gives the same handle.");
	igt_subtest("import-heap")
		test_import(k, true);

	igt_describe("ADDFB2 checks the framebuffer against the size of the dma-buf: too "
		     "small, or too small after the offset, is EINVAL; exact fits.");
	igt_subtest("addfb-too-small")
		test_addfb_too_small(k);

	for (unsigned int i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		igt_describe_f("An export as a %s framebuffer, set on the CRTC: video memory "
			       "holds its pixels.", formats[i].name);
		igt_subtest_f("scanout-export-%s", formats[i].name)
			test_scanout(k, false, formats[i].format, O_RDWR, 10 + i);
	}

	igt_describe("A heap buffer as an XRGB8888 framebuffer, set on the CRTC: video memory "
		     "holds its pixels.");
	igt_subtest("scanout-heap-xrgb8888")
		test_scanout(k, true, DRM_FORMAT_XRGB8888, O_RDWR, 20);

	igt_describe("An O_SYNC (uncached) export as a framebuffer: cirrus reads it through "
		     "an uncached kernel mapping; video memory holds its pixels.");
	igt_subtest("scanout-export-o-sync")
		test_scanout(k, false, DRM_FORMAT_XRGB8888, O_RDWR | O_SYNC, 21);

	igt_describe("A framebuffer at an unaligned offset inside an export, with a pitch "
		     "wider than its lines: video memory holds the right pixels.");
	igt_subtest("scanout-offset-pitch")
		test_scanout_offset_pitch(k);

	igt_describe("An XRGB8888 export with a pitch beyond cirrus' limit: cirrus converts "
		     "its pixels to RGB888, which video memory holds.");
	igt_subtest("scanout-convert")
		test_scanout_convert(k);

	igt_describe("An export on screen is rewritten by the CPU and DIRTYFB names a "
		     "rectangle: exactly that rectangle changes; then all of it.");
	igt_subtest("dirtyfb-export")
		test_dirtyfb(k, false);

	igt_describe("A heap buffer on screen is rewritten by the CPU and DIRTYFB names a "
		     "rectangle: exactly that rectangle changes; then all of it.");
	igt_subtest("dirtyfb-heap")
		test_dirtyfb(k, true);

	igt_describe("Page flips between two exports of one device: after each flip event "
		     "video memory holds the new framebuffer's pixels.");
	igt_subtest("page-flip-export")
		test_page_flip(k, UD_FLIP_EXPORTS);

	igt_describe("Page flips between two heap buffers, checked after each flip event.");
	igt_subtest("page-flip-heap")
		test_page_flip(k, UD_FLIP_HEAP);

	igt_describe("Page flips between an export and a heap buffer, checked after each "
		     "flip event.");
	igt_subtest("page-flip-mixed")
		test_page_flip(k, UD_FLIP_MIXED);

	igt_describe("A framebuffer alone (fd, mapping and handle gone) keeps a heap buffer "
		     "and scans it out; RMFB frees it.");
	igt_subtest("fb-holds-heap-buffer")
		test_fb_holds_heap_buffer(k);

	igt_describe("An export scanned out after its device was deleted keeps its pixels, "
		     "takes CPU updates, and is freed after the framebuffer.");
	igt_subtest("scanout-deleted-device")
		test_scanout_deleted_device(k);

	igt_fixture {
		close(k->dev);
		ud_delete_device(UD_DEV);
		munmap(vram, UD_VRAM_SIZE);
		drmDropMaster(k->card);
		close(k->card);
		close(k->heap);
	}
}
