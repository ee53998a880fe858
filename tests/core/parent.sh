#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/core-parent.sh: buffers whose DMA device
# (QEMU's edu PCI device) is hot-removed, one held open and mapped by a
# program and one not: the nodes and sysfs directories go with the parent
# without a kernel warning, the open file answers ENODEV, the mapping keeps
# its data, and the memory comes back once the last holder lets go.
# $1, when given: an i686 build of core-guard, holding a third buffer the
# same way through the 32-bit (compat) ioctls.
. /add/lib.sh
i686=${1:-}

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

held=1048576
[ -n "$i686" ] && t_check "create hp2 bound to $bdf" mgr "create hp2 65536 bus=pci device=$bdf" &&
	held=$((held + 65536))

# hold NAME PROGRAM FD: PROGRAM holds /dev/NAME open and mapped until a
# line comes on its fifo, kept open for writing as FD.
hold() {
	mkfifo /tmp/go-$1
	"$2" gone $1 < /tmp/go-$1 > /tmp/gone-$1.out &
	eval "pid_$1=\$!; exec $3>/tmp/go-$1"
	i=0
	while [ $i -lt 100 ] && ! grep -q ready /tmp/gone-$1.out; do sleep 0.1; i=$((i + 1)); done
	t_check "the holder has $1 open and mapped" grep -q ready /tmp/gone-$1.out
}
# release NAME FD: lets the holder check ENODEV and the data, and end.
release() {
	eval "echo go >&$2; exec $2>&-; wait \$pid_$1"
	grep -v '^ready$' /tmp/gone-$1.out | sed "s/^\(PASS\|FAIL\): /\1: $1: /"
	grep -q '^FAIL' /tmp/gone-$1.out && T_FAILED=1
}

hold hp0 core-guard 3
[ -n "$i686" ] && hold hp2 "$i686" 4
t_dmesg_mark
t_check "remove $bdf" sh -c "echo 1 > /sys/bus/pci/devices/$bdf/remove"
for n in hp0 hp1; do
	t_check_fails "$n: /dev/$n went with the parent" test -e /dev/$n
	t_check_fails "$n: $CLASS/$n went with the parent" test -e $CLASS/$n
done
t_check_fails "hp1's sub-heap went with the parent" test -e /dev/dma_heap/hp1
[ -n "$i686" ] && t_check_fails "hp2: /dev/hp2 went with the parent" test -e /dev/hp2
stats_is "hp1 is freed, the held ones are not" $((held > 1048576 ? 2 : 1)) $held
release hp0 3
[ -n "$i686" ] && release hp2 4
stats_is "the held buffers are freed once their holders let go" 0 0
t_log_quiet "the parent's removal leaves no warning-level line in the kernel log"
rmmod u_dma_buf_mgr
t_check "unload" unload
t_done
