#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/core-pci.sh: a buffer bound to QEMU's edu
# PCI device, without an IOMMU or (UDMABUF_CORE_IOMMU=1) behind one.
. /add/lib.sh

bdf=""
for dev in /sys/bus/pci/devices/*; do
	if [ "$(cat $dev/vendor)" = 0x1234 ] && [ "$(cat $dev/device)" = 0x11e8 ]; then
		bdf=$(basename $dev)
	fi
done
iommu=${UDMABUF_CORE_IOMMU:-0}
[ $iommu = 1 ] && what="IOMMU" || what="no IOMMU"
# Test name prefix for core-mmap.
export CORE_TAG="$what: "
t_check "$what: the edu device is there" [ -n "$bdf" ]

for q in default 4; do
	n="$what, quirk_mmap_mode $q"
	p=""
	[ $q = default ] || p="quirk_mmap_mode=$q"
	t_dmesg_mark
	t_check "$n: load udmabuf0=1048576 bind=pci/$bdf" \
		load udmabuf0=1048576 bind=pci/$bdf info_enable=3 $p
	log_has "$n: report: dma device" "u-dma-buf udmabuf0: dma device     = $bdf"
	log_has "$n: report: dma bus" "u-dma-buf udmabuf0: dma bus        = pci"
	t_eq "$n: bound to $bdf" "$(parent_of udmabuf0)" "$bdf"
	if [ $iommu = 1 ]; then
		t_match "$n: report: iommu domain" "$(log_since)" \
			'^u-dma-buf udmabuf0: iommu domain   = (DMA|DMA-FQ)$'
	else
		log_has "$n: report: iommu domain" "u-dma-buf udmabuf0: iommu domain   = NONE"
	fi
	run core-mmap data udmabuf0
	phys=$(core-mmap phys udmabuf0)
	dma=$(cat $CLASS/udmabuf0/phys_addr)
	t_match "$n: pagemap shows the mapping's first page" "$phys" '^0x[0-9a-f]{16}$'
	if [ $iommu = 1 ]; then
		# (With no page in pagemap the check above fails, and this one too.)
		t_check_fails "$n: phys_addr is an IOVA, not the physical address" \
			sh -c '[ "$1" = none ] || [ "$1" = "$2" ]' sh "$phys" "$dma"
	else
		t_eq "$n: pagemap physical address is phys_addr" "$phys" "$dma"
	fi
	unload
done
t_done
