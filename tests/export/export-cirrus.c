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
#include "kms.h"

int main(int argc, char **argv)
{
	struct tl_kms k;
	int devfd, fd, vram;
	char why[64];
	long at;
	uint8_t *m;

	if (argc != 2) {
		fprintf(stderr, "usage: export-cirrus DEVICE\n");
		return 2;
	}
	if (tl_kms_open(&k, "cirrus", 640, 480))
		return t_done();
	devfd = ex_open_dev_or_die(argv[1]);
	if (ex_fill_dev(devfd, 0, k.size, 900, 0))
		t_die("filling the device");
	fd = ex_export_or_die(devfd, 0, k.size, O_RDWR | O_CLOEXEC);
	if (tl_kms_scanout(&k, fd, TL_KMS_NAME_PITCH, "a %u-byte export", k.size))
		return t_done();
	tl_kms_modeset(&k, "on connector %u with the export as framebuffer", k.conn->connector_id);

	vram = tl_vram_check(k.path, k.size, 900, &at);
	if (vram < 0) {
		printf("SKIP: cirrus: video memory shows the exported pixels: resource0 cannot be "
		       "mapped (boot with iomem=relaxed)\n");
	} else {
		snprintf(why, sizeof(why), "byte %ld differs", at);
		t_check_why(vram, why, "cirrus: video memory shows the exported pixels");
		m = tl_map(fd, k.size, PROT_READ | PROT_WRITE, 0);
		if (ex_check_map(m, "cirrus: mmap of the export")) {
			tl_kms_update(&k, fd, m, 901);
			vram = tl_vram_check(k.path, k.size, 901, &at);
			snprintf(why, sizeof(why), "byte %ld differs", at);
			t_check_why(vram == 1, why,
				    "cirrus: video memory shows the pixels written through the export");
			munmap(m, k.size);
		}
	}

	tl_kms_close(&k);
	close(fd);
	close(devfd);
	return t_done();
}

#else
T_SKIP_MAIN("cirrus: built without libdrm")
#endif
