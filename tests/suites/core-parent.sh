#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Core: a buffer's DMA device hot-removed (QEMU's edu PCI device) while one
# buffer is held open and mapped: nodes go without warnings, open files
# answer ENODEV, memory comes back.
# arches: x86_64 arm64
t=$UDMABUF_TOP/tests
# The x86_64 guest sees the host's files: the i686 build holds one buffer
# through the 32-bit ioctls.
i686=
[ "$ARCH" = x86_64 ] && i686=$UDMABUF_TOP/build/tests/i686/core-guard
$VM --no-load --qemu "-device edu" --add "$t/lib/tap.sh" "$t/core/lib.sh" \
	"$t/core/parent.sh" "$UDMABUF_TESTS/core-guard" -- sh /add/parent.sh $i686
