#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/heap-kselftest.sh: runs the kernel's
# dmabuf-heaps selftest (/add/dmabuf-heap, built by the suite) with vgem
# loaded, against every node in /dev/dma_heap, and turns its report into
# PASS/FAIL lines: each of its 6 tests must print OK for each node, and
# nothing may print FAIL or skip.
. /add/tap.sh
. /add/guest-lib.sh

t_check "modprobe vgem" modprobe vgem
heaps=$(hp_heaps)
t_eq "our nodes in /dev/dma_heap (only the main heap: no sub-heaps created)" "$heaps" udmabuf
# A kernel with its own heaps (the debug kernel's "system") gets them hidden
# from the selftest: the mainline system heap maps 1 MiB segments for vgem,
# which DMA-API debugging reports, and it is not what is tested here.
others=$(ls /dev/dma_heap | grep -v -x -F "$(echo "$heaps" | tr ' ' '\n')" | tr '\n' ' ')
if [ -n "$others" ]; then
	t_skip "kselftest on the kernel's own heaps ($others): not ours; hidden"
	mkdir -p /tmp/ours
	for h in $heaps; do cp -a "/dev/dma_heap/$h" /tmp/ours/; done
	mount --bind /tmp/ours /dev/dma_heap
fi
/add/dmabuf-heap > /tmp/kselftest.out 2>&1
rc=$?
[ -n "$others" ] && umount /dev/dma_heap
sed 's/^/# /' /tmp/kselftest.out
t_eq "dmabuf-heap exits with status 0" "$rc" 0
t_check_fails "dmabuf-heap reports no FAIL" grep -q FAIL /tmp/kselftest.out
for h in $heaps; do
	# the lines of this heap's section; a test's result may span lines
	awk -v h="$h" '
		/^Testing heap: / { on = ($3 == h); next }
		on && /^  Testing / { n++; sub(/^  Testing /, ""); t[n] = $0; next }
		on && n { t[n] = t[n] " " $0 }
		END { for (i = 1; i <= n; i++) print t[i] }' /tmp/kselftest.out > /tmp/kselftest.$h
	for name in "allocation and importing" "alloced 4k buffers are zeroed" \
		"alloced 1024k buffers are zeroed" "(theoretical)older alloc compat" \
		"(theoretical)newer alloc compat" "expected error cases"; do
		line=$(grep -F "$name:" /tmp/kselftest.$h | head -n 1)
		if [ -z "$line" ]; then
			t_fail "kselftest $h: $name: did not run"
		elif printf '%s\n' "$line" | grep -q -e FAIL -e skipping; then
			t_fail "kselftest $h: $name: $(printf '%s' "$line" | sed "s/^.*$name: *//")"
		elif printf '%s\n' "$line" | grep -q 'OK'; then
			t_pass "kselftest $h: $name"
		else
			t_fail "kselftest $h: $name: no OK ($line)"
		fi
	done
done
t_eq "main heap: buffers_in_use 0 afterwards" \
	"$(cat /sys/class/misc/u-dma-buf-heap/buffers_in_use)" 0
t_done
