#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Heap: /dev/dma_heap/udmabuf and its uapi (tests/heap/heap-uapi.c,
# heap-addr.c, heap-large.c): the node, every DMA_HEAP_IOCTL_ALLOC error
# with its errno and kernel log line, 16/24/48/256/16383-byte structs,
# fd_flags (FD_CLOEXEC, access mode), zeroing after reuse, accounting and
# lifetimes; U_DMA_BUF_HEAP_IOCTL_DMA_ADDR on heap buffers, EXPORT fds, a
# vgem dma-buf, a pipe, closed fds, flags != 0; the largest allocations
# (64 MiB with CMA on arm64, 4 MiB on x86_64) and the failure beyond; on
# x86_64 also from 32-bit programs.
# arches: x86_64 arm64
. "$UDMABUF_TOP/tests/heap/suite-lib.sh"
if [ "$ARCH" = x86_64 ]; then
	export UDMABUF_HP_COMPAT32=$UDMABUF_TOP/build/tests/i686
fi
mapfile -t progs < <(hp_progs heap-uapi heap-addr heap-large)
suite_vm "heap-uapi ($ARCH): guest" --load "udmabuf0=1048576" \
	--add "$HP_T/lib/tap.sh" "$HP_T/heap/guest-lib.sh" "$HP_T/heap/uapi.sh" "${progs[@]}" \
	-- sh /add/uapi.sh
suite_done
