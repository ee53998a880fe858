#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/heap-uapi.sh: the main heap's node and
# ALLOC (heap-uapi), the DMA-address ioctl (heap-addr, with the device
# udmabuf0 for EXPORT), large allocations (heap-large), and on x86_64 the
# first two again from 32-bit programs (UDMABUF_HP_COMPAT32: their dir).
. /add/tap.sh
. /add/guest-lib.sh

t_eq "our only node in /dev/dma_heap is the main heap" "$(hp_heaps)" "udmabuf"
t_check "modprobe vgem" modprobe vgem
hp_run heap-uapi heap-uapi udmabuf
hp_run heap-addr heap-addr udmabuf0
# Without CMA (Debian's amd64 kernel) 4 MiB is the largest contiguous block;
# with CMA (arm64, the debug kernel) 64 MiB works and twice the area cannot.
cma_kb=$(sed -n 's/^CmaTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)
if [ "${cma_kb:-0}" = 0 ]; then
	hp_run heap-large heap-large 4194304 8388608
else
	hp_run heap-large heap-large 67108864 $((cma_kb * 2048))
fi
if [ -n "${UDMABUF_HP_COMPAT32:-}" ]; then
	# a new printk ratelimit window for the kernel log checks
	sleep 6
	for p in heap-uapi heap-addr; do
		if [ -x "$UDMABUF_HP_COMPAT32/$p" ]; then
			arg=udmabuf
			[ $p = heap-addr ] && arg=udmabuf0
			hp_run "compat32 $p" env UDMABUF_HP_LABEL=compat32 "$UDMABUF_HP_COMPAT32/$p" $arg
		else
			t_fail "compat32: $UDMABUF_HP_COMPAT32/$p is not built"
		fi
	done
fi
t_done
