# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Host-side helper of the suites that boot more than one guest
# (tests/suites/export-*.sh, heap-*.sh, gst-*.sh; bash). Sourced; needs VM
# (the runner, tests/vm/run) and prints PASS/FAIL lines.

SUITE_FAILED=0

# suite_vm LABEL RUNNER-ARGS...: boots a guest with "$VM RUNNER-ARGS...",
# shows its output (and the last SUITE_VM_LOG_LINES lines of the runner's
# own, 200 by default), and adds one line about the boot itself: PASS when
# the guest finished with a clean kernel log, FAIL when the runner found
# problems in it (BUG, WARNING, DMA-API, ...; exit status 124), the guest
# crashed or hung (125), or the command failed without saying why.
suite_vm() {
	local label=$1 out err rc t0
	t0=$(date +%s)
	shift
	out=$(mktemp) err=$(mktemp)
	# shellcheck disable=SC2086
	$VM "$@" >"$out" 2>"$err"
	rc=$?
	cat "$out"
	sed 's/^/# /' "$err" | tail -n "${SUITE_VM_LOG_LINES:-200}"
	grep -q '^FAIL:' "$out" && SUITE_FAILED=1
	if grep -q 'the guest kernel log reports problems' "$err" || [ "$rc" = 124 ]; then
		echo "FAIL: $label: the guest kernel log reports problems (see above)"
		SUITE_FAILED=1
	elif [ "$rc" = 125 ]; then
		echo "FAIL: $label: the guest crashed, hung or timed out (see above)"
		SUITE_FAILED=1
	elif [ "$rc" != 0 ] && ! grep -q '^FAIL:' "$out"; then
		echo "FAIL: $label: the guest command exited with status $rc"
		SUITE_FAILED=1
	else
		echo "PASS: $label: guest finished, kernel log clean"
	fi
	echo "# $label: $(( $(date +%s) - t0 ))s"
	rm -f "$out" "$err"
}

suite_done() { exit "$SUITE_FAILED"; }
