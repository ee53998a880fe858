#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Kbuild feature tests give the right answers for Debian's 6.1 kernels
# on both architectures: present APIs are found, later ones are not. (A
# feature test that silently fails would build the module against the
# fallback of an older kernel.)
top=$(cd "$(dirname "$0")/../.." && pwd)
for arch in x86_64 arm64; do
	h=$top/build/$arch/src/conftest.h
	if [ ! -e "$h" ]; then
		echo "FAIL: $arch: $h was not generated"
		continue
	fi
	for have in DMA_MAP_OPS_H MODULE_IMPORT_NS_IDENT IOSYS_MAP_H REGISTER_SHRINKER_NAME; do
		grep -q "^#define UDMABUF_HAVE_$have 1" "$h" &&
			echo "PASS: $arch: 6.1 has $have" || echo "FAIL: $arch: $have not detected on 6.1"
	done
	for lacks in VM_FLAGS_SET PLATFORM_REMOVE_VOID DMA_BUF_MAP_H COPY_SPLICE_READ SHRINKER_ALLOC; do
		grep -q "UDMABUF_HAVE_$lacks is not set" "$h" &&
			echo "PASS: $arch: 6.1 lacks $lacks" || echo "FAIL: $arch: $lacks wrongly detected on 6.1"
	done
done
