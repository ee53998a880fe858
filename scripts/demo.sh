#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh: the main job. Builds the modules, libudmabuf with the udmabuf
# command (meson, build/userspace), the example program (against
# libudmabuf, through pkg-config) and the GStreamer plugin, boots an x86_64
# QEMU guest with Debian's kernel, loads u-dma-buf with a buffer and shows
# it in use: mapped, exported into vgem, a heap buffer with its DMA
# address, `udmabuf list` and `udmabuf info`, a three-line Python session,
# and a GStreamer pipeline whose frames are u-dma-buf memory.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
echo "== building u-dma-buf.ko and u-dma-buf-mgr.ko for x86_64"
scripts/build-modules.sh x86_64 >/dev/null
echo "== building libudmabuf, the udmabuf command and the example program"
ub=$top/build/userspace
[ -e "$ub/build.ninja" ] || meson setup "$ub" userspace >/dev/null
ninja -C "$ub" >/dev/null
mkdir -p build/demo
# shellcheck disable=SC2046
cc -O2 -Wall -I/usr/include/libdrm -o build/demo/udmabuf-demo userspace/examples/udmabuf-demo.c \
	$(PKG_CONFIG_PATH=$ub/meson-uninstalled pkg-config --cflags --libs libudmabuf) \
	-Wl,-rpath,"$ub/lib"
echo "== building the GStreamer plugin"
userspace/gst-plugin/build.sh build/gst-plugin
echo "== booting a guest (Debian $(sh -c '. scripts/env.sh; udmabuf_x86_64_release'))"
exec tests/vm/run --no-load -- sh "$top/scripts/demo-guest.sh" "$top/build/demo/udmabuf-demo"
