#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# build-modules.sh ARCH [make args...]
#
# Builds u-dma-buf.ko and u-dma-buf-mgr.ko for ARCH in build/ARCH/, a copy of
# the kernel sources, so builds for several architectures (and the lane
# kernels) live side by side without touching the source tree. ARCH
# x86_64-debug or x86_64-bench builds against that lane's kernel
# (tests/vm/lane-kernel.sh, which builds it first if needed) into
# build/x86_64-debug/ or build/x86_64-bench/.
# KERNEL_SRC, CROSS_COMPILE and BUILD_DIR override the defaults.
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
out=${BUILD_DIR:-$top/build/$arch${lane:+-$lane}}
if [ -z "$ksrc" ] || [ ! -e "$ksrc/Makefile" ]; then
	echo "build-modules: no kernel headers for $arch; run: sh scripts/deps.sh" >&2
	exit 1
fi
mkdir -p "$out/include" "$out/uapi"
# Copy with modification times so kbuild rebuilds exactly what changed.
(cd "$top" && find Kbuild Kconfig src include uapi scripts/conftest \
	-type f \( -name '*.[ch]' -o -name Kbuild -o -name Kconfig -o -name '*.sh' \) \
	! -name conftest.h -print) | (cd "$top" && xargs cp -pu --parents -t "$out")
exec make -C "$ksrc" M="$out" ARCH="$arch" CROSS_COMPILE="$cross" \
	CONFIG_U_DMA_BUF=m CONFIG_U_DMA_BUF_MGR=m "$@" modules
