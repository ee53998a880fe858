#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/heap-uapi.sh: the main heap's node and
# ALLOC (heap-uapi), the DMA-address ioctl (heap-addr, with the device
# udmabuf0 for EXPORT), large allocations (heap-large), and on x86_64 the
# first two again from 32-bit programs (UDMABUF_HP_COMPAT32: their dir).
. /add/tap.sh
. /add/guest-lib.sh

t_eq "/dev/dma_heap holds only the main heap" "$(hp_heaps)" "udmabuf"
t_check "modprobe vgem" modprobe vgem
hp_run heap-uapi heap-uapi udmabuf
hp_run heap-addr heap-addr udmabuf0
case "$(uname -m)" in
aarch64) hp_run heap-large heap-large 67108864 268435456 ;;
*) hp_run heap-large heap-large 4194304 8388608 ;;
esac
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
