#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Heap: kernel importers of heap buffers, main heap and sub-allocating heap
# (tests/heap/heap-vgem.c, heap-vivid.c, heap-cirrus.c): vgem PRIME import
# and re-export (same dma-buf, same bytes, lifetimes), vivid capture with
# V4L2_MEMORY_DMABUF in vb2-vmalloc and vb2-dma-contig (allocators=1)
# mode, and on x86_64 cirrus scan-out (import, AddFB2 XRGB8888 640x480,
# modeset, video memory read back with iomem=relaxed).
# arches: x86_64 arm64
. "$UDMABUF_TOP/tests/heap/suite-lib.sh"
extra=()
[ "$ARCH" = x86_64 ] && extra=(--vga cirrus --append iomem=relaxed)
mapfile -t progs < <(hp_progs heap-vgem heap-vivid heap-cirrus)
suite_vm "heap-importers ($ARCH): guest" "${extra[@]}" \
	--add "$HP_T/lib/tap.sh" "$HP_T/heap/guest-lib.sh" "$HP_T/heap/importers.sh" "${progs[@]}" \
	-- sh /add/importers.sh
suite_done
