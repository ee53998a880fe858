#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Export: U_DMA_BUF_IOCTL_EXPORT without importers (tests/export/export-basic.c):
# argument checking and its log lines, ranges, fd flags, addr, size, mmap
# of the export, data between the export and the device, DMA_BUF_SET_NAME,
# debug_export, the interface version; on x86_64 also from a 32-bit program.
# arches: x86_64 arm64
. "$UDMABUF_TOP/tests/lib/suite-vm.sh"
t=$UDMABUF_TOP/tests
if [ "$ARCH" = x86_64 ]; then
	export UDMABUF_EX_COMPAT32=$UDMABUF_TOP/build/tests/i686/export-basic
fi
suite_vm "export-basic ($ARCH): guest" --load "udmabuf0=1048576 udmabuf1=12388" \
	--add "$t/lib/tap.sh" "$t/export/guest-lib.sh" "$t/export/basic.sh" \
	"$UDMABUF_TESTS/export-basic" -- sh /add/basic.sh
suite_done
