#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs inside the guest as PID 1 (POSIX sh: dash on x86_64, busybox on arm64).
# Prepares the system, loads the modules, runs the command from "cmd" with
# stdout/stderr/status written to the run share, then collects the kernel log
# (and a kmemleak scan where the kernel has one) and powers off.
R=$(cd "$(dirname "$0")" && pwd)
: > "$R/booted"		# tells tests/vm/run that the guest reached user space
. "$R/guest.env"
export PATH=/add:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=dumb LC_ALL=C
export UDMABUF_KO="$VM_KO"
[ -f "$R/env" ] && . "$R/env"

mkdir -p /dev/pts /dev/shm /sys/kernel/debug /add /root
mount -t devpts devpts /dev/pts 2>/dev/null
mount -t tmpfs tmpfs /dev/shm 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
echo 1 > /proc/sys/kernel/sysrq
[ -d "$R/add" ] && cp -a "$R/add/." /add/
# A kernel of our own brings its modules: make them the ones modprobe sees.
if [ -n "$VM_KERNEL_MODULES" ]; then
	mkdir -p "/lib/modules/$(uname -r)"
	mount --bind "$VM_KERNEL_MODULES" "/lib/modules/$(uname -r)"
fi

kmemleak=/sys/kernel/debug/kmemleak
[ -w $kmemleak ] && echo clear > $kmemleak
echo "udmabuf-vm: loading the modules" > /dev/kmsg

status=0
if [ "$VM_LOAD" = 1 ]; then
	# Our modules answer user-space mistakes with debug messages only: turn
	# them on, so tests can check what they say (and, separately, that
	# nothing is logged at warning level or worse). Without dynamic debug
	# (the debug kernel) they are compiled in.
	dyndbg=
	[ -e /proc/dynamic_debug/control ] && dyndbg=dyndbg=+p
	# shellcheck disable=SC2086
	if ! insmod "$VM_KO/u-dma-buf.ko" $dyndbg $VM_PARAMS 2>"$R/load.err" ||
	   ! insmod "$VM_KO/u-dma-buf-mgr.ko" $dyndbg 2>>"$R/load.err"; then
		echo "vm: loading u-dma-buf.ko ${VM_PARAMS:+($VM_PARAMS) }failed:" >>"$R/load.err"
		status=1
	fi
fi

if [ "$status" = 0 ]; then
	cd "$VM_CWD" 2>/dev/null || cd /
	sh "$R/cmd" >"$R/stdout" 2>"$R/stderr" </dev/null
	status=$?
	cd /
fi
echo "$status" > "$R/status.tmp"

if [ -w $kmemleak ]; then
	# kmemleak reports an unreferenced object once it is older than 5 s
	# and its contents did not change since the previous scan: a first
	# scan right away records the contents, a second one at least 6 s
	# after the command ended reports. (A scan takes ~13 s under TCG, so
	# there is usually nothing left to wait.)
	t0=$(cut -d. -f1 /proc/uptime)
	echo scan > $kmemleak
	waited=$(($(cut -d. -f1 /proc/uptime) - t0))
	[ "$waited" -lt 7 ] && sleep $((7 - waited))
	echo scan > $kmemleak
	cat $kmemleak > "$R/kmemleak"
fi
dmesg > "$R/dmesg"
mv "$R/status.tmp" "$R/status"
sync
echo o > /proc/sysrq-trigger
sleep 60
