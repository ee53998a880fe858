#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Core: the sysfs attributes of a buffer: values, modes, parsing of writes,
# error messages, and the sync commands of sync_for_cpu / sync_for_device.
# arches: x86_64 arm64
t=$UDMABUF_TOP/tests
UDMABUF_VERSION=$(sed -n 's/.*DRIVER_VERSION "\(.*\)"/\1/p' "$UDMABUF_TOP/src/version.h")
export UDMABUF_VERSION
$VM --no-load --add "$t/lib/tap.sh" "$t/core/lib.sh" "$t/core/sysfs.sh" \
	"$UDMABUF_TESTS/core-wr" -- sh /add/sysfs.sh
