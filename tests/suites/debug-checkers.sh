#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The debug-kernel lane's self-check: deliberately broken test modules
# (tests/kmod/debug-*/) must each make `tests/vm/run --kernel debug` fail
# with status 124 and print the checker's report, proving that KASAN,
# lockdep, DEBUG_ATOMIC_SLEEP, kmemleak and DMA-API debugging work in the
# debug kernel and that the runner notices them.
#
# Two guests (each takes a minute or more), with bugs that do not mask each
# other: lockdep turns itself off after its first report and whenever a
# KASAN report taints the kernel, so the locking bugs get a guest of their
# own; DMA-API debugging prints only its first error per boot, and there is
# only one.
# arches: x86_64
# kernels: debug
set -u
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; }

if [ "${KERNEL:-}" != debug ]; then
	echo "SKIP: debug-checkers: only for the debug kernel (tests/run --kernel debug)"
	exit 0
fi

kmod=$UDMABUF_KMOD
src=$UDMABUF_TOP/tests/kmod
helper=$kmod/debug-sg-export/vgem-import
missing=""
for ko in debug-uaf/udmabuf-debug-uaf debug-lockdep/udmabuf-debug-lockdep \
	debug-atomic-sleep/udmabuf-debug-atomic-sleep debug-leak/udmabuf-debug-leak \
	debug-sg-export/udmabuf-debug-sg-export; do
	[ -e "$kmod/$ko.ko" ] || missing="$missing $ko.ko"
done
if [ -n "$missing" ]; then
	fail "the broken test modules are built: missing in $kmod:$missing"
	exit 1
fi
pass "the broken test modules are built"
err=$(mktemp) out=$(mktemp)
trap 'rm -f "$err" "$out"' EXIT
if gcc -O2 -Wall -Wextra -Werror -I/usr/include/libdrm -o "$helper" \
	"$src/debug-sg-export/vgem-import.c" 2>"$err"; then
	pass "vgem-import builds"
else
	fail "vgem-import builds: $(tail -n 3 "$err")"
	exit 1
fi

# check NAME STATUS REGEX...: the run ended with status 124 and its output
# ($out, stdout and stderr) matches every REGEX (grep -E).
check() {
	local name=$1 rc=$2 re
	shift 2
	if [ "$rc" != 124 ]; then
		fail "$name: the run exited with status $rc, want 124: $(tail -n 5 "$out" | tr '\n' ' ')"
		return
	fi
	for re in "$@"; do
		if ! grep -Eq -- "$re" "$out"; then
			fail "$name: no /$re/ in the run's output: $(grep -E 'BUG|WARNING|kmemleak|DMA-API' "$out" | head -n 5 | tr '\n' ' ')"
			return
		fi
	done
	pass "$name"
}

# Guest 1: locking. A GFP_KERNEL allocation under a spinlock, then an
# A->B / B->A mutex inversion.
$VM --no-load -- sh -c "insmod '$kmod/debug-atomic-sleep/udmabuf-debug-atomic-sleep.ko' &&
	insmod '$kmod/debug-lockdep/udmabuf-debug-lockdep.ko'" >"$out" 2>&1
rc=$?
check "DEBUG_ATOMIC_SLEEP reports a GFP_KERNEL allocation under a spinlock" "$rc" \
	"BUG: sleeping function called from invalid context" "debug_alloc_under_spinlock"
check "lockdep reports an A-B/B-A lock-order inversion" "$rc" \
	"WARNING: possible circular locking dependency detected" "debug_lock_a" "debug_lock_b"

# Guest 2: memory. A use-after-free, a leak, and a dma-buf with one 1 MiB
# sg segment mapped for vgem (whose device takes 64 KiB segments).
$VM --no-load -- sh -c "insmod '$kmod/debug-uaf/udmabuf-debug-uaf.ko' &&
	insmod '$kmod/debug-leak/udmabuf-debug-leak.ko' &&
	modprobe vgem &&
	insmod '$kmod/debug-sg-export/udmabuf-debug-sg-export.ko' &&
	'$helper'" >"$out" 2>&1
rc=$?
check "KASAN reports a use-after-free" "$rc" \
	"BUG: KASAN: use-after-free in debug_uaf_read_after_free"
check "kmemleak reports a leaked kmalloc object" "$rc" \
	"kmemleak: [1-9][0-9]* unreferenced object" "unreferenced object 0x[0-9a-f]+ \(size 192\)" \
	"debug_leak_alloc"
check "DMA-API debug reports an oversized sg segment mapped for vgem" "$rc" \
	"imported a 1048576-byte dma-buf into vgem" \
	"DMA-API: [^ ]+ vgem: mapping sg segment longer than device claims to support \[len=1048576\] \[max=65536\]"
