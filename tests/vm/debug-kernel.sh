#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debug-kernel.sh [--build-dir]
#
# Builds (once) the debug kernel of the test-debug lane: x86_64_defconfig
# from the linux-source-6.1 package plus tests/vm/debug.config (KASAN,
# kmemleak, lockdep, DMA-API debug, ...). The result lives outside the
# checkout in $UDMABUF_CACHE/debug-kernel/<key>/ (bzImage, lib/modules/,
# the build tree) and is rebuilt when the fragment or the source package
# version changes; "current" points at the latest. The first build takes
# about 25 minutes on two cores (needs flex bison bc libelf-dev libssl-dev
# dwarves: sh scripts/deps.sh --debug).
#
# With --build-dir, prints the kernel build tree (for building our modules
# against it) after making sure the kernel is built.
set -eu -o pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
UDMABUF_TOP_HINT=$top
. "$top/scripts/env.sh"

fragment=$top/tests/vm/debug.config
tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n 1)
[ -n "$tarball" ] || { echo "debug-kernel: linux-source-6.1 missing; run: sh scripts/deps.sh --debug" >&2; exit 1; }
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1)
key=$( { cat "$fragment"; echo "$srcver"; } | sha1sum | cut -c1-12)
base=$UDMABUF_CACHE/debug-kernel
dir=$base/$key
log() { echo "debug-kernel: $*" >&2; }

if [ ! -e "$dir/done" ]; then
	log "building the debug kernel in $dir (linux-source $srcver; about 25 minutes)"
	rm -rf "$dir"
	mkdir -p "$dir/obj"
	tar -xf "$tarball" -C "$dir"
	src=$dir/linux-source-6.1
	make -s -C "$src" O="$dir/obj" x86_64_defconfig
	"$src/scripts/kconfig/merge_config.sh" -m -O "$dir/obj" "$dir/obj/.config" "$fragment" >/dev/null
	make -s -C "$src" O="$dir/obj" olddefconfig
	# Every option of the fragment must have survived dependency resolution.
	missing=$(grep -E '^CONFIG_' "$fragment" | while IFS= read -r line; do
		opt=${line%%=*} val=${line#*=}
		if [ "$val" = n ]; then
			grep -q "^$opt=" "$dir/obj/.config" && echo "$line"
		else
			grep -qx "$line" "$dir/obj/.config" || echo "$line"
		fi
	done)
	if [ -n "$missing" ]; then
		log "these options did not take effect:"
		echo "$missing" >&2
		exit 1
	fi
	nice make -C "$src" O="$dir/obj" -j"$(nproc)" bzImage modules > "$dir/build.log" 2>&1 ||
		{ tail -n 30 "$dir/build.log" >&2; exit 1; }
	make -s -C "$src" O="$dir/obj" INSTALL_MOD_PATH="$dir" INSTALL_MOD_STRIP=1 modules_install >/dev/null
	cp "$dir/obj/arch/x86/boot/bzImage" "$dir/bzImage"
	# Out-of-tree builds need the tree's own "build" link, not the source path.
	rel=$(cat "$dir/obj/include/config/kernel.release")
	rm -f "$dir/lib/modules/$rel/build" "$dir/lib/modules/$rel/source"
	touch "$dir/done"
	log "built $rel"
fi
ln -sfn "$key" "$base/current"
[ "${1:-}" = --build-dir ] && echo "$dir/obj"
exit 0
