#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host-side checks of the tree: every kernel source file is built, and the
# guest runner rejects bad usage.
top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1

for c in $(find src -name '*.c' | sort); do
	o=${c%.c}.o
	if grep -q "$o" Kbuild; then
		echo "PASS: Kbuild builds $c"
	else
		echo "FAIL: Kbuild does not build $c"
	fi
done

tests/vm/run --bogus-option -- true >/dev/null 2>&1
rc=$?
[ "$rc" = 2 ] && echo "PASS: runner: unknown option is a usage error" ||
	echo "FAIL: runner: unknown option gave status $rc, want 2"
tests/vm/run >/dev/null 2>&1
rc=$?
[ "$rc" = 2 ] && echo "PASS: runner: missing command is a usage error" ||
	echo "FAIL: runner: missing command gave status $rc, want 2"
