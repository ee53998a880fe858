#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# debian/make-deb.sh [OUTDIR]: `make deb`. Builds every Debian package of
# this tree with `dpkg-buildpackage -us -uc -b` into OUTDIR (default
# build/deb at the top of the tree), then runs lintian on them.
#
# The build runs in a copy of the tree (OUTDIR/src/u-dma-buf-VERSION: the
# files git knows or would add, as they are in the working tree, or the
# whole tree without build products when there is no git), so that it never
# touches the checkout. When nothing changed since the last successful
# build (same contents, same packages), it does nothing.
#
# OUTDIR then holds the packages (so that `apt install ./OUTDIR/*.deb`
# installs them all), dbgsym/ their debug symbols, the .changes and
# .buildinfo files, lintian.txt (lintian's output) and stamp (the
# contents' checksum).
# Exit status: 0 when the packages are built and lintian (when installed)
# reports no error or warning; 1 otherwise. Needs the build dependencies of
# debian/control (sh scripts/deps.sh installs them, and lintian).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$top/build/deb}
mkdir -p "$out"
out=$(cd "$out" && pwd)
ver=$(sed -n 's/.*U_DMA_BUF_DRIVER_VERSION "\(.*\)"/\1/p' "$top/src/version.h")
[ -n "$ver" ] || { echo "make-deb: no version in src/version.h" >&2; exit 1; }
src=$out/src/u-dma-buf-$ver

list=$(mktemp)
trap 'rm -f "$list"' EXIT
if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	(cd "$top" && git ls-files --cached --others --exclude-standard |
		while IFS= read -r f; do [ -f "$f" ] && printf '%s\n' "$f"; done) |
		LC_ALL=C sort >"$list"
else
	(cd "$top" && find . -path ./build -prune -o -path ./.git -prune -o -type f \
		! -name '*.o' ! -name '*.ko' ! -name '*.mod' ! -name '*.mod.c' ! -name '*.cmd' \
		! -name 'Module.symvers' ! -name 'modules.order' ! -path ./src/conftest.h -print |
		sed 's|^\./||' | LC_ALL=C sort) >"$list"
fi
sum=$(cd "$top" && { cat "$list"; tr '\n' '\0' <"$list" | xargs -0 sha256sum; } | sha256sum | cut -d' ' -f1)
pkgs=$(sed -n 's/^Package: *//p' "$top/debian/control")

up_to_date() {
	[ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$sum" ] || return 1
	for p in $pkgs; do
		ls "$out/${p}_$ver"_*.deb >/dev/null 2>&1 || return 1
	done
}
if up_to_date; then
	echo "make-deb: packages in $out are up to date"
	exit 0
fi

rm -f "$out/stamp" "$out"/*.deb "$out"/*.changes "$out"/*.buildinfo "$out/lintian.txt"
rm -rf "$out/src" "$out/dbgsym"
mkdir -p "$src"
(cd "$top" && tar -cf - --no-recursion -T "$list") | tar -xf - -C "$src"

cd "$src"
if ! dpkg-checkbuilddeps; then
	echo "make-deb: install the build dependencies: sh scripts/deps.sh" >&2
	exit 1
fi
log=$out/build.log
echo "make-deb: dpkg-buildpackage -us -uc -b in $src (log: $log)"
if ! nice dpkg-buildpackage -us -uc -b >"$log" 2>&1; then
	tail -n 40 "$log" >&2
	echo "make-deb: dpkg-buildpackage failed (see $log)" >&2
	exit 1
fi
mkdir -p "$out/dbgsym"
mv "$out/src"/*-dbgsym_*.deb "$out/dbgsym/"
mv "$out/src"/*.deb "$out/src"/*.changes "$out/src"/*.buildinfo "$out/"
ls "$out"/*.deb

status=0
if command -v lintian >/dev/null; then
	# Errors and warnings fail the build; overrides (debian/*.lintian-overrides)
	# say why a tag does not apply.
	lintian --fail-on error,warning --info "$out"/*.deb "$out"/dbgsym/*.deb \
		>"$out/lintian.txt" 2>&1 || status=1
	if [ "$status" = 0 ]; then
		echo "make-deb: lintian: no errors or warnings ($out/lintian.txt)"
	else
		cat "$out/lintian.txt" >&2
		echo "make-deb: lintian reports errors or warnings" >&2
	fi
else
	echo "make-deb: lintian is not installed (sh scripts/deps.sh): packages not checked" >&2
fi
[ "$status" = 0 ] && echo "$sum" >"$out/stamp"
exit "$status"
