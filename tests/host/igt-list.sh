#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The igt test binaries (tests/igt/*.c) on the host, without root or
# devices: each builds warning-free, is MIT licensed, lists its subtests
# (valid, unique names, nothing on stderr, exit 0) and describes every one;
# run without devices every subtest skips (exit 77); and
# tests/igt/test-list.txt is what gen-test-list.sh makes of them.
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset IGT_SENTINEL_ON_STDERR

pass() { echo "PASS: igt list: $*"; }
fail() { echo "FAIL: igt list: $*"; }

if ! make -s -C "$top/tests/igt" ARCH=x86_64 OUT="$tmp/bin" >"$tmp/build.log" 2>&1; then
	tail -n 30 "$tmp/build.log" | sed 's/^/# /'
	fail "build the binaries (make -C tests/igt)"
	exit 1
fi
pass "build the binaries"

chmod 755 "$tmp" "$tmp/bin"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups) who=65534
else
	as_user=() who=$(id -u)
fi

for h in "$top"/tests/igt/*.h; do
	[ -e "$h" ] || continue
	if [ "$(head -n 1 "$h")" = "/* SPDX-License-Identifier: MIT */" ]; then
		pass "$(basename "$h"): SPDX-License-Identifier: MIT"
	else
		fail "$(basename "$h"): the first line is not '/* SPDX-License-Identifier: MIT */'"
	fi
done

for src in "$top"/tests/igt/*.c; do
	bin=$(basename "$src" .c)
	prog=$tmp/bin/$bin

	if [ "$(head -n 1 "$src")" = "// SPDX-License-Identifier: MIT" ]; then
		pass "$bin: SPDX-License-Identifier: MIT"
	else
		fail "$bin: the first line is not '// SPDX-License-Identifier: MIT'"
	fi

	"${as_user[@]}" "$prog" --list-subtests >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	n=$(wc -l <"$tmp/out")
	bad=$(grep -cvE '^[A-Za-z0-9_-]+$' "$tmp/out")
	dups=$(sort "$tmp/out" | uniq -d | tr '\n' ' ')
	if [ "$rc" = 0 ] && [ "$n" -gt 0 ] && [ "$bad" = 0 ] && [ -z "$dups" ] &&
	   [ ! -s "$tmp/err" ]; then
		pass "$bin: --list-subtests as uid $who: $n valid, unique names"
	else
		fail "$bin: --list-subtests as uid $who: status $rc, $n names, $bad invalid," \
			"duplicates: '$dups', stderr: $(head -c 200 "$tmp/err")"
	fi

	"${as_user[@]}" "$prog" --describe >"$tmp/desc" 2>"$tmp/err" </dev/null
	rc=$?
	subs=$(grep -c '^SUB ' "$tmp/desc")
	if [ "$rc" = 0 ] && [ "$subs" = "$n" ] && ! grep -q 'NO DOCUMENTATION!' "$tmp/desc"; then
		pass "$bin: --describe documents every subtest"
	else
		fail "$bin: --describe: status $rc, $subs of $n subtests," \
			"undocumented: $(grep -B1 'NO DOCUMENTATION!' "$tmp/desc" |
				sed -n 's/^SUB \([^ ]*\).*/\1/p' | tr '\n' ' ')"
	fi

	# without the modules' nodes (the host has none) everything skips
	if [ ${#as_user[@]} = 0 ] && [ -e /dev/dma_heap/udmabuf ]; then
		echo "SKIP: igt list: $bin: without devices: u-dma-buf is loaded here"
		continue
	fi
	"${as_user[@]}" "$prog" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	skips=$(grep -cE '^Subtest [^ ]+: SKIP' "$tmp/out")
	if [ "$rc" = 77 ] && [ "$skips" = "$n" ] && ! grep -q '^Starting subtest' "$tmp/out"; then
		pass "$bin: without devices every subtest skips (exit 77)"
	else
		fail "$bin: without devices: status $rc, $skips of $n skipped:" \
			"$(grep -v '^Subtest' "$tmp/out" "$tmp/err" | head -c 300)"
	fi
done

"$top/tests/igt/gen-test-list.sh" "$tmp/bin" >"$tmp/list" 2>"$tmp/err"
rc=$?
if [ "$rc" = 0 ] && cmp -s "$tmp/list" "$top/tests/igt/test-list.txt"; then
	pass "tests/igt/test-list.txt is up to date ($(wc -l <"$tmp/list") subtests)"
else
	fail "tests/igt/test-list.txt differs from gen-test-list.sh's (status $rc):" \
		"$(diff "$top/tests/igt/test-list.txt" "$tmp/list" | head -n 10 | tr '\n' ' ')" \
		"- regenerate: tests/igt/gen-test-list.sh build/igt/x86_64 > tests/igt/test-list.txt"
fi
