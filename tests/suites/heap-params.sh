#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Heap: the main heap's module parameters (tests/heap/params.sh,
# heap-params.c): heap_dma_mask_bit outside 12..64 fails the load with
# "heap_dma_mask_bit=<v> is invalid: ..."; masks that load bound the DMA
# addresses; heap_limit enforced (ENOMEM and its kernel log line), shown in
# sysfs, freed room reusable, sub-heaps not limited.
# arches: x86_64 arm64
. "$UDMABUF_TOP/tests/heap/suite-lib.sh"
mapfile -t progs < <(hp_progs heap-params)
suite_vm "heap-params ($ARCH): guest" --no-load \
	--add "$HP_T/lib/tap.sh" "$HP_T/heap/guest-lib.sh" "$HP_T/heap/params.sh" "${progs[@]}" \
	-- sh /add/params.sh
suite_done
