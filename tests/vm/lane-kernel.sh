#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# lane-kernel.sh LANE [--build-dir]
#
# Builds (once) the kernel of a test or benchmark lane: x86_64_defconfig
# from the linux-source-6.1 package plus the fragment tests/vm/LANE.config
# (debug: KASAN, kmemleak, lockdep, DMA-API debug, ... for make test-debug;
# bench: no debug options, the kernel's system and CMA dma-buf heaps, for
# make bench-heaps). The result lives outside the checkout in
# $UDMABUF_CACHE/LANE-kernel/<key>/ (bzImage, lib/modules/, the build tree)
# and is rebuilt when the fragment or the source package version changes;
# "current" points at the latest. The first build takes 20-25 minutes on
# two cores (needs flex bison bc libelf-dev libssl-dev dwarves: sh
# scripts/deps.sh --debug). A build counts only once complete (the "done"
# file); a failed one is removed, keeping <key>.failed.log, and a
# successful one removes the lane's builds of other keys. Concurrent
# callers wait for each other.
#
# With --build-dir, prints the kernel build tree (for building our modules
# against it) after making sure the kernel is built.
set -eu -o pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
UDMABUF_TOP_HINT=$top
. "$top/scripts/env.sh"

lane=${1:-}
case "$lane" in
''|-*|*/*) echo "usage: $0 LANE [--build-dir]" >&2; exit 2 ;;
esac
shift
fragment=$top/tests/vm/$lane.config
[ -e "$fragment" ] || { echo "lane-kernel: no fragment $fragment" >&2; exit 2; }
tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n 1 || true)
[ -n "$tarball" ] || { echo "$lane-kernel: linux-source-6.1 missing; run: sh scripts/deps.sh --debug" >&2; exit 1; }
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
# Any change to the fragment (comments included) or to the source package
# makes a new key, hence a new build.
key=$( { cat "$fragment"; echo "$srcver"; } | sha1sum | cut -c1-12)
base=$UDMABUF_CACHE/$lane-kernel
dir=$base/$key
log() { echo "$lane-kernel: $*" >&2; }

# One build at a time; a second caller waits and then finds it done.
mkdir -p "$base"
exec 9>"$base/.lock"
if ! flock -n 9; then
	log "waiting for another build of the $lane kernel to finish"
	flock 9
fi

# A build counts only once "done" exists, written last. A failed or
# interrupted build removes its directory (keeping the log next to it), and
# a directory without "done" (a build killed outright) is started afresh.
build_ok=0
# shellcheck disable=SC2317  # (run by the EXIT trap)
cleanup() {
	if [ "$build_ok" = 0 ] && [ -d "$dir" ] && [ ! -e "$dir/done" ]; then
		[ -e "$dir/build.log" ] && mv "$dir/build.log" "$base/$key.failed.log" &&
			log "build log: $base/$key.failed.log"
		rm -rf "$dir"
	fi
}

if [ ! -e "$dir/done" ]; then
	trap cleanup EXIT
	trap 'exit 130' INT TERM HUP
	log "building the $lane kernel in $dir (linux-source $srcver; 20-25 minutes on two cores)"
	rm -rf "$dir" "$base/$key.failed.log"
	mkdir -p "$dir/obj"
	tar -xf "$tarball" -C "$dir"
	src=$dir/linux-source-6.1
	make -s -C "$src" O="$dir/obj" x86_64_defconfig
	"$src/scripts/kconfig/merge_config.sh" -m -O "$dir/obj" "$dir/obj/.config" "$fragment" >/dev/null
	make -s -C "$src" O="$dir/obj" olddefconfig
	# Every option of the fragment must have survived dependency resolution.
	missing=""
	while IFS= read -r line; do
		case "$line" in CONFIG_*=*) ;; *) continue ;; esac
		opt=${line%%=*} val=${line#*=}
		if [ "$val" = n ]; then
			if grep -q "^$opt=" "$dir/obj/.config"; then missing="$missing $line"; fi
		else
			if ! grep -qxF "$line" "$dir/obj/.config"; then missing="$missing $line"; fi
		fi
	done < "$fragment"
	if [ -n "$missing" ]; then
		log "these options did not take effect:$missing"
		exit 1
	fi
	if ! nice make -C "$src" O="$dir/obj" -j"$(nproc)" bzImage modules > "$dir/build.log" 2>&1; then
		tail -n 30 "$dir/build.log" >&2
		exit 1
	fi
	make -s -C "$src" O="$dir/obj" INSTALL_MOD_PATH="$dir" INSTALL_MOD_STRIP=1 modules_install >/dev/null
	cp "$dir/obj/arch/x86/boot/bzImage" "$dir/bzImage"
	# Out-of-tree builds need the tree's own "build" link, not the source path.
	rel=$(cat "$dir/obj/include/config/kernel.release")
	rm -f "$dir/lib/modules/$rel/build" "$dir/lib/modules/$rel/source"
	touch "$dir/done"
	build_ok=1
	log "built $rel"
	# Builds for other fragments or source versions are obsolete now.
	for old in "$base"/*; do
		[ "$old" = "$dir" ] && continue
		case "${old##*/}" in
		current) ;;
		*.failed.log) rm -f "$old" ;;
		*) [ -d "$old" ] && [ ! -L "$old" ] && { log "removing the obsolete build $old"; rm -rf "$old"; } ;;
		esac
	done
fi
ln -sfn "$key" "$base/current"
[ "${1:-}" = --build-dir ] && echo "$dir/obj"
exit 0
