#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Heap: sub-allocating heaps /dev/dma_heap/<device> (tests/heap/heap-sub.c,
# heap-mgr.c, heap-uapi.c and heap-addr.c on a sub-heap): a module-parameter
# device (udmabuf0_dma_heap=1; 8 MiB on arm64, 1 MiB on x86_64) and a 4 MiB
# manager device; buffers inside the device, first fit, exhaustion and
# fragmentation errors with their numbers, freeing, zeroing, sysfs; the
# same ALLOC uapi and DMA_ADDR; the manager's dma-heap token, the name
# "udmabuf" refused, deleting a device while its allocations live.
# arches: x86_64 arm64
. "$UDMABUF_TOP/tests/heap/suite-lib.sh"
case "$ARCH" in
arm64) psize=8388608 ;;
*) psize=1048576 ;;
esac
mapfile -t progs < <(hp_progs heap-uapi heap-sub heap-addr heap-mgr)
suite_vm "heap-subheap ($ARCH): guest" \
	--load "udmabuf0=$psize udmabuf0_dma_heap=1 udmabuf1=65536" \
	--add "$HP_T/lib/tap.sh" "$HP_T/heap/guest-lib.sh" "$HP_T/heap/subheap.sh" "${progs[@]}" \
	-- sh /add/subheap.sh
suite_done
