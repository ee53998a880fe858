#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Device tree: "ikwzm,u-dma-buf" (and legacy "ikwzm,udmabuf-0.10.a") nodes
# appended to QEMU's own tree (tests/dt/nodes.dtsi): coherent and
# non-coherent nodes in every quirk-mmap mode, one- and two-cell sizes,
# dma-mask, CMA memory-region pools (and refused ones), naming, collisions
# with module-parameter buffers, initial sync settings, dma-heap, each bad
# property failing only its node; the core data and sync programs against
# DT buffers; rmmod with DT devices. One guest.
# arches: arm64
t=$UDMABUF_TOP/tests
work=$(mktemp -d /tmp/udmabuf-dt.XXXXXX)
trap 'rm -rf "$work"' EXIT

# The tree QEMU makes for this very guest configuration, plus our nodes.
if ! $VM --dumpdtb "$work/virt.dtb" -- true ||
   ! dtc -q -I dtb -O dts -o "$work/virt.dts" "$work/virt.dtb" ||
   ! cat "$work/virt.dts" "$t/dt/nodes.dtsi" > "$work/test.dts" ||
   ! dtc -q -I dts -O dtb -o "$work/test.dtb" "$work/test.dts"; then
	echo "FAIL: dt: building the device tree"
	exit 1
fi
$VM --no-load --dtb "$work/test.dtb" --add "$t/lib/tap.sh" "$t/core/lib.sh" "$t/dt/dt.sh" \
	"$UDMABUF_TESTS/core-mmap" "$UDMABUF_TESTS/core-rw" "$UDMABUF_TESTS/core-ioctl" \
	"$UDMABUF_TESTS/mgr-tool" "$UDMABUF_TESTS/dt-export" "$UDMABUF_TESTS/heap-sub" \
	-- sh /add/dt.sh
