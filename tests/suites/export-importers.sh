#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Export: kernel importers other than vgem. vivid captures into exports
# (vb2-vmalloc, then vb2-dma-contig with allocators=1) and cirrus scans one
# out (tests/export/export-vivid.c, export-cirrus.c); then, behind an Intel
# IOMMU, vgem and vivid dma-contig import exports of a platform device and
# of one bound to a translated PCI device (export-iova.c checks the IOVA).
# arches: x86_64
. "$UDMABUF_TOP/tests/lib/suite-vm.sh"
t=$UDMABUF_TOP/tests
b=$UDMABUF_TESTS
suite_vm "export-importers: vivid and cirrus guest" --vga cirrus --append iomem=relaxed \
	--load "udmabuf0=4194304" \
	--add "$t/lib/tap.sh" "$t/export/guest-lib.sh" "$t/export/importers.sh" \
	"$b/export-vivid" "$b/export-cirrus" -- sh /add/importers.sh
suite_vm "export-importers: IOMMU guest" --iommu --load "udmabuf0=4194304" \
	--add "$t/lib/tap.sh" "$t/export/guest-lib.sh" "$t/export/iommu.sh" \
	"$b/export-vivid" "$b/export-vgem" "$b/export-iova" -- sh /add/iommu.sh
suite_done
