#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Core: what a hostile or careless user must not get: exports and heap
# buffers with more access than the file they come from, memory lost after
# a pipe held its pages, pins of mappings that cannot be pinned (exports,
# heap buffers, page mode on CMA), splice() and sendfile() of /dev/<name>.
# arches: x86_64 arm64
t=$UDMABUF_TOP/tests
$VM --no-load --add "$t/lib/tap.sh" "$t/core/lib.sh" "$t/core/guard.sh" \
	"$UDMABUF_TESTS/core-guard" -- sh /add/guard.sh
