#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/heap-stress.sh: 8 threads for
# UDMABUF_HP_STRESS_SECS (30) seconds on the main heap and a 4 MiB
# sub-allocating heap.
. /add/tap.sh
. /add/guest-lib.sh

t_check "modprobe vgem" modprobe vgem
hp_subheap hs 4194304
hp_run heap-stress heap-stress "${UDMABUF_HP_STRESS_SECS:-30}" 8 udmabuf hs
t_eq "main heap: buffers_in_use 0 after the stress" \
	"$(cat /sys/class/misc/u-dma-buf-heap/buffers_in_use)" 0
t_eq "sub-heap: free_bytes back to its size" \
	"$(cat /sys/class/misc/u-dma-buf-heap.hs/free_bytes)" 4194304
t_check "delete the stressed sub-heap's device" sh -c 'echo "delete hs" > /dev/u-dma-buf-mgr'
t_eq "debugfs stats: nothing left" "$(tr '\n' ' ' < /sys/kernel/debug/u-dma-buf/stats)" \
	"buffers 0 bytes 0 "
t_check "u-dma-buf-mgr.ko unloads" rmmod u_dma_buf_mgr
t_check "u-dma-buf.ko unloads (no reference left)" rmmod u_dma_buf
t_done
