#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# igt: the igt-style test binaries of tests/igt (udmabuf_heap,
# udmabuf_prime_vgem, udmabuf_kms, udmabuf_v4l2; see tests/igt/README.md),
# each run whole in a fresh guest with a Cirrus card booted with
# iomem=relaxed (the binaries load vgem, cirrus and vivid themselves). Every
# "Subtest NAME: RESULT" line becomes "PASS|SKIP|FAIL: igt@BINARY@NAME";
# a subtest without a result line, a binary exiting with anything but 0
# (all passed) or 77 (all skipped), and a guest whose kernel log shows
# problems are failures too.
# UDMABUF_IGT_BINARIES="a b" runs only those binaries.
# arches: x86_64
set -u -o pipefail
dir=$UDMABUF_TOP/build/igt/$ARCH
failed=0

if ! out=$(make -s -C "$UDMABUF_TOP/tests/igt" ARCH="$ARCH" 2>&1); then
	printf '%s\n' "$out" | sed 's/^/# /'
	echo "FAIL: igt: building the binaries (make -C tests/igt ARCH=$ARCH)"
	exit 1
fi

if [ -n "${UDMABUF_IGT_BINARIES:-}" ]; then
	read -r -a bins <<<"$UDMABUF_IGT_BINARIES"
else
	bins=()
	for f in "$UDMABUF_TOP"/tests/igt/*.c; do bins+=("$(basename "$f" .c)"); done
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for bin in "${bins[@]}"; do
	prog=$dir/$bin
	if ! "$prog" --list-subtests >"$tmp/list" 2>"$tmp/list.err" </dev/null; then
		sed 's/^/# /' "$tmp/list.err"
		echo "FAIL: igt@$bin: --list-subtests failed"
		failed=1
		continue
	fi
	t0=$(date +%s)
	$VM --vga cirrus --append iomem=relaxed -- "$prog" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	# what the binary said besides its result lines, for the log
	grep -vE '^(Starting subtest: |Subtest [^ ]+: )' "$tmp/out" | sed "s/^/# $bin: /"
	sed "s/^/# $bin: /" "$tmp/err"

	# one line per subtest the binary lists
	while read -r name; do
		line=$(grep -E "^Subtest $name: [A-Z]+" "$tmp/out" | tail -n 1)
		result=$(printf '%s\n' "$line" | sed -nE 's/^Subtest [^ ]+: ([A-Z]+).*/\1/p')
		detail=$(printf '%s\n' "$line" | sed -nE 's/^Subtest [^ ]+: [A-Z]+ ?//p')
		case "$result" in
		SUCCESS) echo "PASS: igt@$bin@$name" ;;
		SKIP) echo "SKIP: igt@$bin@$name" ;;
		"") echo "FAIL: igt@$bin@$name: no result (the binary died, or the guest)"
		    failed=1 ;;
		*) echo "FAIL: igt@$bin@$name: $result${detail:+ $detail}"; failed=1 ;;
		esac
	done <"$tmp/list"
	if grep -Eo '^Subtest [^ ]+:' "$tmp/out" | sort | uniq -d | grep -q .; then
		echo "FAIL: igt@$bin: a subtest reported more than one result"
		failed=1
	fi

	# the binary's exit status, and the guest's
	if grep -q 'the guest kernel log reports problems' "$tmp/err"; then
		echo "FAIL: igt@$bin: the guest kernel log reports problems (see above)"
		failed=1
	elif [ "$rc" = 125 ]; then
		echo "FAIL: igt@$bin: the guest crashed, hung or timed out (see above)"
		failed=1
	elif [ "$rc" = 98 ]; then
		grep -qE '^Subtest [^ ]+: (FAIL|CRASH|TIMEOUT)' "$tmp/out" ||
			echo "FAIL: igt@$bin: exited 98 (failure) with no failed subtest"
		failed=1
	elif [ "$rc" != 0 ] && [ "$rc" != 77 ]; then
		echo "FAIL: igt@$bin: exited with status $rc"
		failed=1
	elif grep -qE '^Subtest [^ ]+: (FAIL|CRASH|TIMEOUT)' "$tmp/out"; then
		echo "FAIL: igt@$bin: a subtest failed but the binary exited $rc"
		failed=1
	fi
	echo "# igt@$bin: exit status $rc, $(( $(date +%s) - t0 ))s"
done
exit "$failed"
