#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Core: u-dma-buf.ko's module parameters (udmabufN, udmabufN_bind, bind,
# info_enable, dma_mask_bit, quirk_mmap_mode): what they create, the
# creation report, buffers that cannot be created, invalid values.
# arches: x86_64 arm64
t=$UDMABUF_TOP/tests
UDMABUF_VERSION=$(sed -n 's/.*DRIVER_VERSION "\(.*\)"/\1/p' "$UDMABUF_TOP/src/version.h")
export UDMABUF_VERSION
# 6 GiB: udmabuf1=0x100001000 (4 GiB + 4 KiB) must fail for want of
# contiguous memory, not for want of memory.
$VM --no-load --mem 6G --add "$t/lib/tap.sh" "$t/core/lib.sh" "$t/core/params.sh" \
	"$UDMABUF_TESTS/core-ioctl" "$UDMABUF_TESTS/core-mmap" -- sh /add/params.sh
