# SPDX-License-Identifier: GPL-2.0
# Host-side helpers of the export suites (tests/suites/export-*.sh, bash).
# Sourced; needs VM (the runner) and prints PASS/FAIL/SKIP lines.

EX_FAILED=0

# ex_vm LABEL RUNNER-ARGS...: boots a guest with "$VM RUNNER-ARGS...",
# shows its output, and adds one line about the boot itself: PASS when the
# guest finished with a clean kernel log, FAIL when the runner found
# problems in it (BUG, WARNING, DMA-API, ...), the guest crashed or hung,
# or the command failed without saying why.
ex_vm() {
	local label=$1 out err rc
	shift
	out=$(mktemp) err=$(mktemp)
	# shellcheck disable=SC2086
	$VM "$@" >"$out" 2>"$err"
	rc=$?
	cat "$out"
	sed 's/^/# /' "$err"
	grep -q '^FAIL:' "$out" && EX_FAILED=1
	if grep -q 'the guest kernel log reports problems' "$err"; then
		echo "FAIL: $label: the guest kernel log reports problems (see above)"
		EX_FAILED=1
	elif [ "$rc" = 125 ]; then
		echo "FAIL: $label: the guest crashed, hung or timed out (see above)"
		EX_FAILED=1
	elif [ "$rc" != 0 ] && ! grep -q '^FAIL:' "$out"; then
		echo "FAIL: $label: the guest command exited with status $rc"
		EX_FAILED=1
	else
		echo "PASS: $label: guest finished, kernel log clean"
	fi
	rm -f "$out" "$err"
}

ex_done() { exit "$EX_FAILED"; }
