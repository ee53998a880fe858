#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Smoke: both modules load, describe themselves (modinfo, /sys/module) and
# unload cleanly, with a clean kernel log.
# arches: x86_64 arm64
t=$UDMABUF_TOP/tests
UDMABUF_VERSION=$(sed -n 's/.*DRIVER_VERSION "\(.*\)"/\1/p' "$UDMABUF_TOP/src/version.h") \
	$VM --no-load --add "$t/lib/tap.sh" "$t/smoke/smoke.sh" -- sh /add/smoke.sh
