#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Core: the in-kernel API, exercised by the test module udmabuf-kapi-test.ko
# (its own checks come back from the kernel log), and the device it leaves.
# arches: x86_64 arm64
t=$UDMABUF_TOP/tests
$VM --no-load --add "$t/lib/tap.sh" "$t/core/lib.sh" "$t/core/kapi.sh" \
	"$UDMABUF_KMOD/kapi-test/udmabuf-kapi-test.ko" -- sh /add/kapi.sh
