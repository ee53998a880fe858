#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Core: the ioctls of /dev/<name> against sysfs, from a native program and,
# on x86_64, from the same program built for i686 (compat ioctls).
# arches: x86_64 arm64
t=$UDMABUF_TOP/tests
# The x86_64 guest sees the host's files: the i686 build runs from there.
export UDMABUF_I686=$UDMABUF_TOP/build/tests/i686
$VM --no-load --add "$t/lib/tap.sh" "$t/core/lib.sh" "$t/core/ioctl.sh" \
	"$UDMABUF_TESTS/core-ioctl" -- sh /add/ioctl.sh
