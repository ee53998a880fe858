#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# check.sh: the kernel-quality gate behind `make check`.
#  1. checkpatch.pl --strict (from the linux-source-6.1 package) on every
#     kernel source and header we ship;
#  2. kernel-doc on the same files (exported functions are documented);
#  3. a W=1 build for x86_64 and arm64, which must print no warning;
#  4. a sparse build (C=2: every file), which must print no warning.
# Prints one PASS/FAIL line per step and exits non-zero on any failure.
set -u
UDMABUF_TOP_HINT=$(cd "$(dirname "$0")/.." && pwd)
. "$(dirname "$0")/env.sh"
top=$UDMABUF_TOP_HINT
cd "$top" || exit 1
failed=0
fail() { echo "FAIL: $*"; failed=1; }

files=$(find src include uapi -name "*.[ch]" ! -name conftest.h | sort)

# checkpatch.pl and its data files, unpacked once from the source package.
cp_dir=$UDMABUF_CACHE/checkpatch
if [ ! -x "$cp_dir/scripts/checkpatch.pl" ]; then
	tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n 1)
	[ -n "$tarball" ] || { echo "check: linux-source-6.1 is missing; run: sh scripts/deps.sh" >&2; exit 1; }
	mkdir -p "$cp_dir"
	tar -xf "$tarball" -C "$cp_dir" --strip-components=1 \
		linux-source-6.1/scripts/checkpatch.pl linux-source-6.1/scripts/spelling.txt \
		linux-source-6.1/scripts/const_structs.checkpatch linux-source-6.1/scripts/kernel-doc
fi

# The user ABI header keeps upstream's typedef names and uint64_t fields
# (source compatibility), which checkpatch would have as kernel types.
checkpatch() {
	"$cp_dir/scripts/checkpatch.pl" --strict --no-tree --show-types --terse "$@" 2>&1 |
		grep -v '^total:\|^$\|NOTE: For some of the reported defects\|mechanically convert'
}
# MACRO_ARG_REUSE is about expressions evaluated twice; the arguments of
# our macros that define functions and attributes (sysfs.c) are names,
# pasted, stringized and used as members, never expressions.
# shellcheck disable=SC2086
out=$(checkpatch --ignore MACRO_ARG_REUSE -f $(echo "$files" | grep -v '^uapi/');
	checkpatch --ignore NEW_TYPEDEFS,PREFER_KERNEL_TYPES -f $(echo "$files" | grep '^uapi/'))
if [ -z "$out" ]; then
	echo "PASS: checkpatch --strict"
else
	printf '%s\n' "$out"
	fail "checkpatch --strict"
fi

# shellcheck disable=SC2086
out=$(perl "$cp_dir/scripts/kernel-doc" -none $files 2>&1)
if [ -z "$out" ]; then
	echo "PASS: kernel-doc"
else
	printf '%s\n' "$out"
	fail "kernel-doc"
fi

for arch in x86_64 arm64; do
	dir=$top/build/check-w1-$arch
	rm -rf "$dir"
	out=$(BUILD_DIR=$dir scripts/build-modules.sh "$arch" W=1 2>&1)
	rc=$?
	warn=$(printf '%s\n' "$out" | grep -E 'warning:|error:')
	if [ "$rc" = 0 ] && [ -z "$warn" ]; then
		echo "PASS: W=1 build ($arch)"
	else
		printf '%s\n' "${warn:-$out}"
		fail "W=1 build ($arch)"
	fi
done

dir=$top/build/check-sparse
rm -rf "$dir"
if ! command -v sparse >/dev/null; then
	fail "sparse is not installed (sh scripts/deps.sh)"
else
	out=$(BUILD_DIR=$dir scripts/build-modules.sh x86_64 C=2 2>&1)
	rc=$?
	warn=$(printf '%s\n' "$out" | grep -E 'warning:|error:')
	if [ "$rc" = 0 ] && [ -z "$warn" ]; then
		echo "PASS: sparse (C=2)"
	else
		printf '%s\n' "${warn:-$out}"
		fail "sparse (C=2)"
	fi
fi
exit $failed
