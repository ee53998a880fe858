#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Heap benchmarks (bench/src/heap-bench.c), on x86_64 and arm64 guests:
# ALLOC + close on /dev/dma_heap/udmabuf (4 KiB, 1 MiB, 4 MiB) vs a vgem
# dumb-buffer export; the zeroing of fresh buffers vs memset of anonymous
# memory; ALLOC + close on a 4 MiB sub-allocating heap vs the main heap.
# Prints the ratios and their targets; asserts nothing.
#
# The zeroing measurement uses 4 MiB buffers on x86_64 (no CMA: the page
# allocator's largest block) and 16 MiB on arm64 (CMA).
set -u
top=${UDMABUF_TOP:-$(cd "$(dirname "$0")/.." && pwd)}
vm=${VM:-$top/tests/vm/run}
rc=0
for a in ${UDMABUF_BENCH_ARCHES:-x86_64 arm64}; do
	b=$top/build/tests/$a/heap-bench
	[ -x "$b" ] || { echo "heap ($a): $b is not built (make -C tests ARCH=$a)"; rc=1; continue; }
	case $a in
	x86_64) big=4194304 ;;
	*) big=16777216 ;;
	esac
	echo "-- heap ($a)"
	$vm --arch "$a" --add "$b" -- \
		sh -c "modprobe vgem && echo 'create hb 4194304 dma-heap' > /dev/u-dma-buf-mgr &&
			heap-bench $big hb" || rc=1
done
exit $rc
