#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Export benchmarks (bench/src/export-bench.c), on x86_64 and arm64 guests:
# export + close vs a vgem dumb-buffer export, first touch of a 16 MiB
# export mapping vs a vgem one, a SYNC pair vs a no-op ioctl. Prints the
# ratios and their targets; asserts nothing.
#
# x86_64 (Debian's kernel has no CMA) cannot allocate 16 MiB contiguous:
# its "16 MiB export" is four 4 MiB devices exported and mapped together.
set -u
top=${UDMABUF_TOP:-$(cd "$(dirname "$0")/.." && pwd)}
vm=${VM:-$top/tests/vm/run}
rc=0
for a in ${UDMABUF_BENCH_ARCHES:-x86_64 arm64}; do
	b=$top/build/tests/$a/export-bench
	[ -x "$b" ] || { echo "export ($a): $b is not built (make -C tests ARCH=$a)"; rc=1; continue; }
	case $a in
	x86_64)
		load="udmabuf0=1048576 udmabuf1=4194304 udmabuf2=4194304 udmabuf3=4194304 udmabuf4=4194304"
		cmd="export-bench udmabuf0 udmabuf1 udmabuf2 udmabuf3 udmabuf4" ;;
	*)
		# A u-dma-buf platform device is not DMA-coherent on arm64 (no
		# device tree node); one bound to a PCI device that has a driver
		# inherits the coherent PCIe host's. The SYNC target is for a
		# coherent buffer; udmabuf0 (non-coherent) is timed for information.
		load="udmabuf0=1048576 udmabuf1=16777216"
		cmd='small=udmabuf0 other=""
for d in /sys/bus/pci/devices/*; do
	[ -e "$d/driver" ] || continue
	if echo "create coh0 1048576 bus=pci device=${d##*/}" > /dev/u-dma-buf-mgr; then
		small=coh0 other="-x udmabuf0"
	fi
	break
done
export-bench $other $small udmabuf1' ;;
	esac
	echo "-- export ($a)"
	$vm --arch "$a" --load "$load" --add "$b" -- \
		sh -c "modprobe vgem && $cmd" || rc=1
done
exit $rc
