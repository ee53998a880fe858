#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Export: exports imported by vgem (tests/export/export-vgem.c): PRIME import
# and re-export, 16 importers, every close order, debug_export's attach and
# detach lines, implicit sync through vgem fences and sync files; lifetimes
# (tests/export/export-lifetime.c): deleting a device through the manager
# under an export, rmmod refused while exports, imports or mappings live.
# arches: x86_64 arm64
. "$UDMABUF_TOP/tests/lib/suite-vm.sh"
t=$UDMABUF_TOP/tests
# The debug kernel's DMA-API checker warns beyond 8 mappings of one cache
# line (ACTIVE_CACHELINE_MAX_OVERLAP): the exporter's own plus 7 importers.
[ "${KERNEL:-debian}" = debug ] && export UDMABUF_EX_IMPORTERS=7
suite_vm "export-vgem ($ARCH): guest" --load "udmabuf0=2097152" \
	--add "$t/lib/tap.sh" "$t/export/guest-lib.sh" "$t/export/vgem.sh" \
	"$UDMABUF_TESTS/export-vgem" "$UDMABUF_TESTS/export-lifetime" -- sh /add/vgem.sh
suite_done
