# SPDX-License-Identifier: GPL-2.0
# Host-side helpers of the heap suites (tests/suites/heap-*.sh, bash).
# Sourced; needs VM (the runner) and prints PASS/FAIL/SKIP lines.

HP_FAILED=0
HP_T=$UDMABUF_TOP/tests

# hp_vm LABEL RUNNER-ARGS...: boots a guest with "$VM RUNNER-ARGS...",
# shows its output, and adds one line about the boot itself: PASS when the
# guest finished with a clean kernel log, FAIL when the runner found
# problems in it (BUG, WARNING, DMA-API, ...), the guest crashed or hung,
# or the command failed without saying why.
hp_vm() {
	local label=$1 out err rc
	shift
	out=$(mktemp) err=$(mktemp)
	# shellcheck disable=SC2086
	$VM "$@" >"$out" 2>"$err"
	rc=$?
	cat "$out"
	sed 's/^/# /' "$err"
	grep -q '^FAIL:' "$out" && HP_FAILED=1
	if grep -q 'the guest kernel log reports problems' "$err"; then
		echo "FAIL: $label: the guest kernel log reports problems (see above)"
		HP_FAILED=1
	elif [ "$rc" = 125 ]; then
		echo "FAIL: $label: the guest crashed, hung or timed out (see above)"
		HP_FAILED=1
	elif [ "$rc" != 0 ] && ! grep -q '^FAIL:' "$out"; then
		echo "FAIL: $label: the guest command exited with status $rc"
		HP_FAILED=1
	else
		echo "PASS: $label: guest finished, kernel log clean"
	fi
	rm -f "$out" "$err"
}

# hp_progs NAME...: the built test programs for ARCH, as --add arguments;
# a missing one is a FAIL line (and left out).
hp_progs() {
	local p
	for p in "$@"; do
		if [ -x "$UDMABUF_TESTS/$p" ]; then
			printf '%s\n' "$UDMABUF_TESTS/$p"
		else
			echo "FAIL: $p is not built (make -C tests ARCH=$ARCH)" >&2
			HP_FAILED=1
		fi
	done
}

hp_done() { exit "$HP_FAILED"; }
