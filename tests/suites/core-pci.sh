#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Core: a buffer bound to a PCI device (QEMU's edu) with bind=pci/<BDF>,
# without an IOMMU and behind intel-iommu (DMA addresses are IOVAs).
# arches: x86_64
t=$UDMABUF_TOP/tests
rc=0
for iommu in 0 1; do
	opt=""
	[ $iommu = 1 ] && opt=--iommu
	UDMABUF_CORE_IOMMU=$iommu $VM --no-load $opt --qemu "-device edu" \
		--add "$t/lib/tap.sh" "$t/core/lib.sh" "$t/core/pci.sh" "$UDMABUF_TESTS/core-mmap" \
		-- sh /add/pci.sh || rc=1
done
exit $rc
