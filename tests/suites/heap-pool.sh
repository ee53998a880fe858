#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Heap: the main heap's pool of zeroed buffers (tests/heap/pool.sh,
# heap-pool.c): heap_pool_size larger than the memory fails the load with
# "heap_pool_size=<v> is invalid: ..."; other values are rounded down to
# pages; without a pool nothing is kept; with one, released buffers are
# reused (pool_bytes up, then down), every allocation is zero even straight
# after a patterned release and while the worker zeroes, the pool stops at
# its size, the shrinker (drop_caches) empties it, rmmod gives its memory
# back (MemFree, CmaFree), and nothing logs a warning.
# arches: x86_64 arm64
. "$UDMABUF_TOP/tests/heap/suite-lib.sh"
mapfile -t progs < <(hp_progs heap-pool)
suite_vm "heap-pool ($ARCH): guest" --no-load \
	--add "$HP_T/lib/tap.sh" "$HP_T/heap/guest-lib.sh" "$HP_T/heap/pool.sh" "${progs[@]}" \
	-- sh /add/pool.sh
suite_done
