#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/igt/igt-tree.sh IGT_SRC [OUT]: builds our igt binaries (tests/igt/
# udmabuf_*.c) inside an igt-gpu-tools source tree, with igt's own library,
# warning flags (-Wshadow, ...) and igt_runner, and makes OUT (default
# IGT_SRC/build/udmabuf) a test root for igt_runner: symlinks to the four
# binaries and the test-list.txt (binary names) igt_runner reads there.
#
# What it does to the tree (see README.md, "Building the tests inside
# igt-gpu-tools"; safe to run again):
#  1. copies tests/igt/udmabuf_*.c, udmabuf_common.h, uapi/*.h and
#     tests/lib/udmabuf-raw.h into
#     IGT_SRC/tests/ (only files that changed, so ninja rebuilds only those);
#  2. appends our binaries to igt's test_progs in IGT_SRC/tests/meson.build,
#     once, in a block marked "u-dma-buf";
#  3. configures IGT_SRC/build (if not yet) with the options in IGT_MESON_OPTS;
#  4. nice -n 10 ninja -j2 -C IGT_SRC/build runner/igt_runner
#     runner/igt_results tests/udmabuf_*  (only these, not all of igt; our
#     four objects are always recompiled, so their warnings, if any, are on
#     stderr every time).
# Prints the test root's path on the last line of stdout.
set -eu -o pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
[ $# -ge 1 ] || { sed -n '4,21s/^# \{0,1\}//p' "$0" >&2; exit 2; }
src=$(cd "$1" && pwd)
out=${2:-$src/build/udmabuf}
build=$src/build
opts=${IGT_MESON_OPTS:--Ddocs=disabled -Dman=disabled -Doverlay=disabled \
-Dchamelium=disabled -Dvalgrind=disabled -Doping=disabled -Drunner=enabled -Dtests=enabled}

if [ ! -f "$src/tests/meson.build" ] || [ ! -f "$src/runner/runner.c" ]; then
	echo "igt-tree: $src is not an igt-gpu-tools tree" >&2
	exit 1
fi

bins=()
for f in "$here"/udmabuf_*.c; do bins+=("$(basename "$f" .c)"); done

# 1. the sources (cp -u would compare times; compare contents instead)
for f in "$here"/udmabuf_*.c "$here"/udmabuf_common.h "$top"/uapi/*.h \
	"$top"/tests/lib/udmabuf-raw.h; do
	cmp -s "$f" "$src/tests/$(basename "$f")" || cp "$f" "$src/tests/"
done

# 2. the build description: one marked block after "test_executables = []",
# before the loops that build test_progs
meson_build=$src/tests/meson.build
if ! grep -q '^# u-dma-buf: ' "$meson_build"; then
	grep -q '^test_executables = \[\]' "$meson_build" ||
		{ echo "igt-tree: no 'test_executables = []' in $meson_build" >&2; exit 1; }
	{
		echo "# u-dma-buf: its tests (added by u-dma-buf's tests/igt/igt-tree.sh)"
		printf 'test_progs += [\n'
		printf "\t'%s',\n" "${bins[@]}"
		printf ']\n\n'
	} >"$meson_build.udmabuf"
	sed -i "/^test_executables = \[\]/r $meson_build.udmabuf" "$meson_build"
	rm -f "$meson_build.udmabuf"
fi
awk '/^# u-dma-buf: /{m=NR} /^foreach prog : test_progs/{if(!f)f=NR} END{exit !(m && f && m<f)}' \
	"$meson_build" || { echo "igt-tree: adding our tests to $meson_build failed" >&2; exit 1; }

# 3., 4. configure once, build what we need
if [ ! -f "$build/build.ninja" ]; then
	# shellcheck disable=SC2086
	meson setup "$build" "$src" $opts >&2
fi
# our objects always recompile, so their warnings are in every build log
rm -f "$build"/tests/udmabuf_*.p/*.o
targets=(runner/igt_runner runner/igt_results)
for b in "${bins[@]}"; do targets+=("tests/$b"); done
nice -n 10 ninja -j2 -C "$build" "${targets[@]}" >&2

# the test root
mkdir -p "$out"
: >"$out/test-list.txt.new"
for b in "${bins[@]}"; do
	ln -sfn "$build/tests/$b" "$out/$b"
	echo "$b" >>"$out/test-list.txt.new"
done
mv "$out/test-list.txt.new" "$out/test-list.txt"
echo "$out"
