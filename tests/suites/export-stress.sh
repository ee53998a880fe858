#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Export: stress (tests/export/export-stress.c). 8 threads for 30 s
# (UDMABUF_EX_STRESS_SECS) export ranges of one device, map, sync, write
# and verify their own patterns, and now and then import into vgem; no fd
# leaks, memory returned, clean kernel log. Costs 30 s plus a boot.
# arches: x86_64
. "$UDMABUF_TOP/tests/lib/suite-vm.sh"
t=$UDMABUF_TOP/tests
suite_vm "export-stress: guest" \
	--add "$t/lib/tap.sh" "$t/export/guest-lib.sh" "$t/export/stress.sh" \
	"$UDMABUF_TESTS/export-stress" -- sh /add/stress.sh
suite_done
