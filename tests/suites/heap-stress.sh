#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Heap: stress (tests/heap/heap-stress.c). 8 threads allocate, map, check,
# import and free buffers of the main heap and of a 4 MiB sub-allocating
# heap for 30 s (UDMABUF_HP_STRESS_SECS); afterwards no fd, buffer, byte
# or sub-heap page is left, and the module unloads. Costs 30 s plus a boot.
# arches: x86_64 arm64
. "$UDMABUF_TOP/tests/heap/suite-lib.sh"
mapfile -t progs < <(hp_progs heap-stress)
suite_vm "heap-stress ($ARCH): guest" \
	--add "$HP_T/lib/tap.sh" "$HP_T/heap/guest-lib.sh" "$HP_T/heap/stress.sh" "${progs[@]}" \
	-- sh /add/stress.sh
suite_done
