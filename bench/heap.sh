#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Heap benchmarks, on x86_64 and arm64 guests; prints ratios and their
# targets, asserts nothing.
#
# bench/src/heap-bench.c: ALLOC + close on /dev/dma_heap/udmabuf (4 KiB,
# 1 MiB, 4 MiB) vs a vgem dumb-buffer export; the zeroing of fresh buffers
# vs memset of anonymous memory; ALLOC + close on a sub-allocating heap vs
# the main heap. The zeroing uses 4 MiB buffers on Debian's x86_64 kernel
# (no CMA: the page allocator's largest block), 16 MiB on arm64 and on the
# bench kernel (CMA).
#
# When the bench kernel is built (tests/vm/lane-kernel.sh bench; make
# bench-heaps builds it), the x86_64 guest boots it instead of Debian's, and
# after heap-bench prints the heap table (bench/src/heap-table.c): udmabuf,
# a sub-heap and the kernel's system heap against the kernel's CMA heap
# (its name detected in the guest), then the udmabuf+pool row after
# reloading u-dma-buf.ko with heap_pool_size=64 MiB, when the module has
# that parameter. Nothing here builds the bench kernel.
set -u
top=${UDMABUF_TOP:-$(cd "$(dirname "$0")/.." && pwd)}
vm=${VM:-$top/tests/vm/run}
UDMABUF_TOP_HINT=$top
# shellcheck source=scripts/env.sh
. "$top/scripts/env.sh"
bench_kernel=$UDMABUF_CACHE/bench-kernel/current

# The bench guest's command (sh): find the CMA heap, the benchmarks, then
# the pool row. UDMABUF_KO is where tests/vm/run put our modules.
# shellcheck disable=SC2016  # (expanded in the guest)
table='set -u
modprobe vgem || exit 1
cma=""
for d in /dev/dma_heap/*; do
	case ${d##*/} in
	udmabuf|system) ;;
	reserved|linux,cma) cma=${d##*/}; break ;;
	*) cma=${d##*/} ;;
	esac
done
[ -n "$cma" ] || { echo "FAIL: no CMA heap in /dev/dma_heap: $(ls /dev/dma_heap)"; exit 1; }
echo "the kernel'\''s CMA heap: /dev/dma_heap/$cma"
echo "create hb 16777216 dma-heap" > /dev/u-dma-buf-mgr || exit 1
heap-bench 16777216 hb && echo && heap-table "$cma" hb || exit 1
if ! modinfo -p "$UDMABUF_KO/u-dma-buf.ko" | grep -q "^heap_pool_size:"; then
	echo "udmabuf+pool: skipped: this u-dma-buf.ko has no heap_pool_size parameter"
	exit 0
fi
echo "delete hb" > /dev/u-dma-buf-mgr && rmmod u_dma_buf_mgr u_dma_buf &&
	insmod "$UDMABUF_KO/u-dma-buf.ko" heap_pool_size=67108864 || exit 1
heap-table --pool "$cma"'

rc=0
for a in ${UDMABUF_BENCH_ARCHES:-x86_64 arm64}; do
	b=$top/build/tests/$a/heap-bench
	[ -x "$b" ] || { echo "heap ($a): $b is not built (make -C tests ARCH=$a)"; rc=1; continue; }
	if [ "$a" = x86_64 ] && [ -e "$bench_kernel/done" ]; then
		echo "-- heap ($a, bench kernel)"
		# Against the build that boots, so that an edited bench.config
		# never starts a kernel build from here.
		if ! KERNEL_SRC=$(cd "$bench_kernel" && pwd -P)/obj \
			"$top/scripts/build-modules.sh" x86_64-bench >/dev/null; then
			echo "heap ($a): building the modules for the bench kernel failed"
			rc=1
			continue
		fi
		$vm --kernel bench --add "$b" "${b%/*}/heap-table" -- sh -c "$table" || rc=1
		continue
	fi
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
