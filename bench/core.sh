#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Core benchmarks (issue targets in parentheses), one guest per architecture:
# mapping throughput per sync_mode x O_SYNC vs anonymous memory, page faults
# per MiB in every quirk mmap mode, read()/write() vs a tmpfs file.
top=$UDMABUF_TOP
for arch in x86_64 arm64; do
	prog=$top/build/tests/$arch/core-bench
	ko=/lib/udmabuf
	[ "$arch" = x86_64 ] && ko=$top/build/$arch
	echo "-- core, $arch guest"
	$VM --arch "$arch" --no-load --add "$prog" -- sh -c "
		set -e
		insmod $ko/u-dma-buf.ko udmabuf0=4194304 info_enable=0
		core-bench mmap /dev/udmabuf0
		core-bench rw /dev/udmabuf0 /dev/shm/core-bench.tmp
		rmmod u_dma_buf
		for q in 1 2 3 4; do
			insmod $ko/u-dma-buf.ko udmabuf0=4194304 info_enable=0 quirk_mmap_mode=\$q
			printf 'quirk_mmap_mode %s: ' \$q
			core-bench faults /dev/udmabuf0 | tr '\n' ' '
			echo
			rmmod u_dma_buf
		done"
done
