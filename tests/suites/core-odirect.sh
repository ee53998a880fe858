#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Core: O_DIRECT and io_uring I/O from and to mappings, which work in page
# mode (quirk_mmap_mode=4) only, on a file system on a RAM disk.
# arches: x86_64 arm64
t=$UDMABUF_TOP/tests
$VM --no-load --add "$t/lib/tap.sh" "$t/core/lib.sh" "$t/core/odirect.sh" \
	"$UDMABUF_TESTS/core-odirect" -- sh /add/odirect.sh
