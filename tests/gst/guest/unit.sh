# SPDX-License-Identifier: LGPL-2.1-or-later
# In the guest: the gst-check unit tests (allocator, pool, element), with a
# 1 MiB sub-allocating heap "gstsub" for the sub-heap and exhaustion cases.
# Each gst-check test becomes a PASS or FAIL line.
. "$UDMABUF_TOP/tests/lib/tap.sh"
. "$UDMABUF_TOP/tests/gst/guest/lib.sh"

t_check "unit: sub-heap gstsub created" gst_subheap gstsub 0x100000
export UDMABUF_GST_SUBHEAP=gstsub
# The tests register the plugin's code themselves: no plugin path.
export GST_REGISTRY=/tmp/gst-registry-system.bin
cp "$B/registry-system.bin" "$GST_REGISTRY"
export CK_DEFAULT_TIMEOUT=300

# Each test alone (GST_CHECKS), for a line and a time of its own.
for t in allocator pool element; do
	# shellcheck disable=SC2013
	for c in $(sed -n 's/.*tcase_add_test (tc, \(test_[a-z0-9_]*\)).*/\1/p' \
			"$UDMABUF_TOP/tests/gst/unit/$t.c"); do
		t0=$(date +%s)
		GST_CHECKS=$c "$B/test-$t" >/tmp/unit.log 2>&1
		rc=$?
		dt=$(($(date +%s) - t0))
		if [ "$rc" -eq 0 ] && grep -q '100%: Checks: 1, Failures: 0, Errors: 0' /tmp/unit.log; then
			t_pass "unit: $t: $c (${dt}s)"
			grep '^reported:\|^error message:' /tmp/unit.log | sed 's/^/#   /'
		else
			sed 's/^/# /' /tmp/unit.log | head -n 40
			t_fail "unit: $t: $c: $(grep -m1 ':[FE]:' /tmp/unit.log | cut -d: -f6-)"
		fi
	done
done
gst_heap_empty "unit" "$MAIN_SYSFS"
gst_heap_empty "unit (gstsub)" /sys/class/misc/u-dma-buf-heap.gstsub
t_done
