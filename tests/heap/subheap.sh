#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/heap-subheap.sh. The module is loaded with
# a module-parameter device with a heap (udmabuf0: 8 MiB on arm64, 1 MiB on
# x86_64) and one without (udmabuf1, 64 KiB, for EXPORT); the manager adds
# "hp" (4 MiB) with a heap.
. /add/tap.sh
. /add/guest-lib.sh

params=/sys/module/u_dma_buf/parameters
t_eq "udmabuf0_dma_heap reads back" "$(cat $params/udmabuf0_dma_heap)" Y
t_eq "udmabuf1_dma_heap is off" "$(cat $params/udmabuf1_dma_heap)" N
t_check "udmabuf0 has a heap node" test -c /dev/dma_heap/udmabuf0
t_check_fails "udmabuf1 (no dma-heap) has no heap node" test -e /dev/dma_heap/udmabuf1
t_check_fails "udmabuf1 has no heap misc device" test -e /sys/class/misc/u-dma-buf-heap.udmabuf1
t_eq "udmabuf0's heap size is the device's" \
	"$(cat /sys/class/misc/u-dma-buf-heap.udmabuf0/size)" "$(cat /sys/class/u-dma-buf/udmabuf0/size)"
hp_subheap hp 4194304
t_eq "/dev/dma_heap holds the main heap and the two sub-heaps" "$(hp_heaps)" "hp udmabuf udmabuf0"
t_check "modprobe vgem" modprobe vgem

case "$(uname -m)" in
aarch64) sub=udmabuf0 ;;
*) sub=hp ;;
esac
hp_run "heap-sub hp" env UDMABUF_HP_LABEL=hp heap-sub hp
hp_run heap-addr env UDMABUF_HP_LABEL="with $sub" heap-addr udmabuf1 "$sub"
hp_run heap-mgr heap-mgr hq 1048576
# a new printk ratelimit window for the kernel log checks
sleep 6
hp_run "heap-sub udmabuf0" env UDMABUF_HP_LABEL=udmabuf0 heap-sub udmabuf0
# the ALLOC uapi on a sub-heap node (4 MiB: the manager's device on
# x86_64, the parameter device on arm64); last: its impossible lengths
# have crashed the kernel
hp_run "heap-uapi $sub" env UDMABUF_HP_LABEL="$sub" heap-uapi $sub
t_done
