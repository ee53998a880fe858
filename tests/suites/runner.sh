#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The guest runner itself: exit statuses and output come back faithfully,
# module parameters reach the module, and a guest whose kernel warns, oopses,
# panics or hangs fails the run.
# arches: x86_64 arm64
# debug: no
set -u
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; }
expect() {	# name want got
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1: got '$3', want '$2'"; fi
}

for st in 0 1 77; do
	$VM --no-load -- sh -c "exit $st" >/dev/null 2>&1
	expect "exit status $st comes back" "$st" "$?"
done

err=$(mktemp)
out=$($VM --no-load -- sh -c 'echo to-stdout; echo to-stderr >&2' 2>"$err")
expect "stdout comes back" to-stdout "$out"
expect "stderr comes back" to-stderr "$(cat "$err")"

out=$($VM --load "info_enable=0 dma_mask_bit=40" -- \
	cat /sys/module/u_dma_buf/parameters/info_enable /sys/module/u_dma_buf/parameters/dma_mask_bit 2>"$err")
expect "--load passes parameters" "0 40" "$(echo $out)"

$VM --no-load --timeout 60 -- sh -c 'echo c > /proc/sysrq-trigger; sleep 30' >/dev/null 2>"$err"
rc=$?
expect "a panicking guest fails the run" 125 "$rc"
grep -q "Kernel panic\|sysrq" "$err" && pass "a panic shows the console tail" ||
	fail "a panic shows the console tail: $(tail -n 3 "$err")"

$VM --no-load --timeout 20 -- sleep 600 >/dev/null 2>"$err"
expect "a hanging guest is killed and fails the run" 125 "$?"

# A guest that does not reach user space in time is booted again, twice at
# most (a second is too short for any guest to boot).
$VM --no-load --boot-timeout 1 -- true >/dev/null 2>"$err"
expect "a guest that never boots fails the run" 125 "$?"
expect "it is booted three times" 3 "$(grep -c 'did not reach user space in 1s' "$err")"
grep -q "the guest never reached user space" "$err" && pass "the failure says it never booted" ||
	fail "the failure says it never booted: $(tail -n 3 "$err")"

if [ "$ARCH" = x86_64 ]; then
	st=$UDMABUF_TOP/build/vm-selftest
	mkdir -p "$st"
	cp -pu "$UDMABUF_TOP"/tests/vm/selftest/* "$st/"
	if make -s -C "$(sh "$UDMABUF_TOP/scripts/kernel-src.sh" x86_64)" M="$st" modules >/dev/null 2>"$err"; then
		pass "self-test module builds"
	else
		fail "self-test module builds: $(tail -n 3 "$err")"
	fi
	$VM --no-load -- insmod "$st/vm-selftest.ko" mode=none >/dev/null 2>"$err"
	expect "a well-behaved module passes" 0 "$?"
	$VM --no-load -- insmod "$st/vm-selftest.ko" mode=warn >/dev/null 2>"$err"
	expect "a WARN fails the run" 124 "$?"
	grep -q "deliberate warning" "$err" && pass "the WARN is printed" ||
		fail "the WARN is printed: $(tail -n 3 "$err")"
	$VM --no-load -- insmod "$st/vm-selftest.ko" mode=oops >/dev/null 2>"$err"
	rc=$?
	[ "$rc" != 0 ] && grep -q "Oops" "$err" && pass "an oops fails the run and is printed" ||
		fail "an oops fails the run and is printed (status $rc): $(tail -n 3 "$err")"
fi
rm -f "$err"
