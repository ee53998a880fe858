#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/heap-importers.sh: buffers of the main heap
# and of a 4 MiB sub-allocating heap ("hp") imported by vgem, captured into
# by vivid (vb2-vmalloc, then vb2-dma-contig with allocators=1) and, on
# x86_64 (a Cirrus card, iomem=relaxed), scanned out by cirrus.
. /add/tap.sh
. /add/guest-lib.sh

hp_subheap hp 4194304
if t_check "modprobe vgem" modprobe vgem; then
	hp_run heap-vgem heap-vgem udmabuf hp
fi
if t_check "modprobe vivid" modprobe vivid; then
	hp_run vivid-vmalloc heap-vivid udmabuf "vivid-vmalloc main heap"
	hp_run vivid-vmalloc heap-vivid hp "vivid-vmalloc sub-heap"
	t_check "rmmod vivid" rmmod vivid
fi
if t_check "modprobe vivid allocators=1" modprobe vivid allocators=1; then
	hp_run vivid-dma-contig heap-vivid udmabuf "vivid-dma-contig main heap"
	hp_run vivid-dma-contig heap-vivid hp "vivid-dma-contig sub-heap"
	t_check "rmmod vivid (dma-contig)" rmmod vivid
fi
if [ "$(uname -m)" = x86_64 ]; then
	if t_check "modprobe cirrus" modprobe cirrus; then
		hp_wait_for /dev/dri/card0
		hp_run cirrus env UDMABUF_HP_LABEL="main heap" heap-cirrus udmabuf
		hp_run cirrus env UDMABUF_HP_LABEL="sub-heap" heap-cirrus hp
	fi
fi
t_eq "main heap: buffers_in_use 0 at the end" \
	"$(cat /sys/class/misc/u-dma-buf-heap/buffers_in_use)" 0
t_eq "sub-heap: buffers_in_use 0 at the end" \
	"$(cat /sys/class/misc/u-dma-buf-heap.hp/buffers_in_use)" 0
t_done
