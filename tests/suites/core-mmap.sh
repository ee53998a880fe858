#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Core: mmap() of /dev/<name> in every quirk_mmap_mode x sync_mode x O_SYNC
# (data both ways, pagemap, offsets, bad mappings, madvise, fork, close,
# module references), and read/write/lseek at the end of a buffer.
# arches: x86_64 arm64
t=$UDMABUF_TOP/tests
$VM --no-load --add "$t/lib/tap.sh" "$t/core/lib.sh" "$t/core/mmap.sh" \
	"$UDMABUF_TESTS/core-mmap" "$UDMABUF_TESTS/core-rw" -- sh /add/mmap.sh
