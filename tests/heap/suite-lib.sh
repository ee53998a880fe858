# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Host-side helpers of the heap suites (tests/suites/heap-*.sh, bash).
# Sourced; needs VM (the runner) and prints PASS/FAIL/SKIP lines.

. "$UDMABUF_TOP/tests/lib/suite-vm.sh"

# shellcheck disable=SC2034 # used by the suites that source this
HP_T=$UDMABUF_TOP/tests

# hp_progs NAME...: the built test programs for ARCH, as --add arguments;
# a missing one is a FAIL line (and left out).
hp_progs() {
	local p
	for p in "$@"; do
		if [ -x "$UDMABUF_TESTS/$p" ]; then
			printf '%s\n' "$UDMABUF_TESTS/$p"
		else
			echo "FAIL: $p is not built (make -C tests ARCH=$ARCH)" >&2
			SUITE_FAILED=1
		fi
	done
}
