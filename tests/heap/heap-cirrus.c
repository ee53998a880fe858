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
#include "kms.h"

int main(int argc, char **argv)
{
	struct tl_kms k;
	const char *heap;
	int h, fd, vram;
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
	if (tl_kms_open(&k, "cirrus", 640, 480))
		return t_done();
	h = hp_open_or_die(heap);
	fd = hp_alloc_or_die(h, k.size);
	close(h);
	m = tl_map_filled(fd, k.size, 900, "mmap of the heap buffer");
	if (tl_kms_scanout(&k, fd, 0, "a %u-byte %s buffer", k.size, heap))
		return t_done();
	tl_kms_modeset(&k, "with the heap buffer as framebuffer");

	vram = tl_vram_check(k.path, k.size, 900, &at);
	if (vram < 0) {
		printf("SKIP: %scirrus: video memory shows the heap buffer's pixels: resource0 "
		       "cannot be mapped (boot with iomem=relaxed)\n", t_label);
	} else {
		t_check(vram, "cirrus: video memory shows the heap buffer's pixels (first "
			"difference at %ld)", at);
		tl_kms_update(&k, fd, m, 901);
		vram = tl_vram_check(k.path, k.size, 901, &at);
		t_check(vram == 1, "cirrus: video memory shows the pixels written through the heap "
			"buffer's mapping (first difference at %ld)", at);
	}
	munmap(m, k.size);
	close(fd);
	tl_kms_close(&k);
	t_check_u64(hp_heap_attr(heap, "buffers_in_use"), b0,
		    "cirrus: the heap buffer is freed once the card lets go");
	return t_done();
}

#else
T_SKIP_MAIN("cirrus: built without libdrm")
#endif
