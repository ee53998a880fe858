#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Export: our dma-bufs imported the way the RDMA core imports them
# (tests/export/export-rdma.c, through the test module
# tests/kmod/rdma-importer): the pinned path (dynamic attach, pin and map
# under the reservation lock, fence wait) and the dynamic one, on an
# export, a heap buffer and a sub-heap buffer; data both ways through the
# DMA addresses, errnos, a held pin outliving every other holder.
# arches: x86_64 arm64
. "$UDMABUF_TOP/tests/lib/suite-vm.sh"
t=$UDMABUF_TOP/tests
suite_vm "export-rdma ($ARCH): guest" --load "udmabuf0=1048576" \
	--add "$t/lib/tap.sh" "$t/export/guest-lib.sh" "$t/export/rdma.sh" \
	"$UDMABUF_TESTS/export-rdma" "$UDMABUF_KMOD/rdma-importer/udmabuf-rdma-importer.ko" \
	-- sh /add/rdma.sh
suite_done
