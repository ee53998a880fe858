#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/core-parent.sh: buffers whose DMA device
# (QEMU's edu PCI device) is hot-removed, one held open and mapped by a
# program and one not: the nodes and sysfs directories go with the parent
# without a kernel warning, the open file answers ENODEV, the mapping keeps
# its data, and the memory comes back once the last holder lets go.
. /add/lib.sh

bdf=
for d in /sys/bus/pci/devices/*; do
	[ "$(cat "$d/vendor"):$(cat "$d/device")" = 0x1234:0x11e8 ] && bdf=$(basename "$d")
done
[ -n "$bdf" ] || { t_fail "the guest has QEMU's edu device"; t_done; }
t_check "load u-dma-buf.ko" load
t_check "load u-dma-buf-mgr.ko" insmod "$UDMABUF_KO/u-dma-buf-mgr.ko" $DYNDBG
stats_is "no buffer yet" 0 0
mgr() { echo "$1" > /dev/u-dma-buf-mgr; }
t_check "create hp0 bound to $bdf" mgr "create hp0 1048576 bus=pci device=$bdf"
t_check "create hp1 bound to $bdf" mgr "create hp1 65536 bus=pci device=$bdf dma-heap"
t_eq "hp0's parent is $bdf" "$(parent_of hp0)" "$bdf"

mkfifo /tmp/go
core-guard gone hp0 < /tmp/go > /tmp/gone.out &
pid=$!
exec 3>/tmp/go
i=0
while [ $i -lt 100 ] && ! grep -q ready /tmp/gone.out; do sleep 0.1; i=$((i + 1)); done
t_check "the holder has hp0 open and mapped" grep -q ready /tmp/gone.out
t_dmesg_mark
t_check "remove $bdf" sh -c "echo 1 > /sys/bus/pci/devices/$bdf/remove"
for n in hp0 hp1; do
	t_check_fails "$n: /dev/$n went with the parent" test -e /dev/$n
	t_check_fails "$n: $CLASS/$n went with the parent" test -e $CLASS/$n
done
t_check_fails "hp1's sub-heap went with the parent" test -e /dev/dma_heap/hp1
stats_is "hp1 is freed, hp0 is held" 1 1048576
echo go >&3
exec 3>&-
wait $pid
grep -v '^ready$' /tmp/gone.out
grep -q '^FAIL' /tmp/gone.out && T_FAILED=1
stats_is "hp0 is freed once its holder let go" 0 0
t_log_quiet "the parent's removal leaves no warning-level line in the kernel log"
rmmod u_dma_buf_mgr
t_check "unload" unload
t_done
