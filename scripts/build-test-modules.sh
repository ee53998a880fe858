#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# build-test-modules.sh ARCH [make args...]
#
# Builds every test kernel module tests/kmod/<name>/ (a Kbuild file and its
# sources) for ARCH into build/kmod-ARCH/<name>/, against u-dma-buf's
# Module.symvers and in-kernel API header, after scripts/build-modules.sh.
# ARCH x86_64-LANE builds against a lane's kernel as build-modules.sh does,
# into build/kmod-x86_64-LANE/.
# KERNEL_SRC, CROSS_COMPILE, BUILD_DIR (where u-dma-buf was built) and
# KMOD_DIR override the defaults.
set -eu
UDMABUF_TOP_HINT=$(cd "$(dirname "$0")/.." && pwd)
. "$(dirname "$0")/env.sh"
top=$UDMABUF_TOP_HINT
arch=$1
shift
lane=$(udmabuf_lane "$arch")
if [ -n "$lane" ]; then
	arch=x86_64
	[ -n "${KERNEL_SRC:-}" ] || KERNEL_SRC=$("$top/tests/vm/lane-kernel.sh" "$lane" --build-dir)
fi
ksrc=${KERNEL_SRC:-$(udmabuf_kernel_src "$arch")}
cross=${CROSS_COMPILE-$(udmabuf_cross_compile "$arch")}
mods=${BUILD_DIR:-$top/build/$arch${lane:+-$lane}}
out=${KMOD_DIR:-$top/build/kmod-$arch${lane:+-$lane}}
for dir in "$top"/tests/kmod/*/; do
	[ -e "$dir/Kbuild" ] || continue
	name=$(basename "$dir")
	mkdir -p "$out/$name"
	cp -pu "$dir"* "$out/$name/"
	make -C "$ksrc" M="$out/$name" ARCH="$arch" CROSS_COMPILE="$cross" \
		KBUILD_EXTRA_SYMBOLS="$mods/Module.symvers" \
		ccflags-y="-I$top/include -I$top/uapi" "$@" modules
done
