#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/export-importers.sh behind an Intel IOMMU:
# udmabuf0 (a platform device: no translation) and io0, created through the
# manager on a PCI device the IOMMU translates, exported to vgem and to
# vivid in dma-contig mode.
. /add/tap.sh
. /add/guest-lib.sh

# A PCI device in an IOMMU group, preferably one no driver uses.
pci=""
for d in /sys/bus/pci/devices/*; do
	[ -e "$d/iommu_group" ] || continue
	if [ ! -e "$d/driver" ]; then
		pci=${d##*/}
		break
	fi
	[ -n "$pci" ] || pci=${d##*/}
done
if [ -z "$pci" ]; then
	t_fail "iommu: no PCI device in an IOMMU group"
	t_done
fi
echo "# io0 bound to pci/$pci"
t_check "create io0 on pci/$pci" sh -c "echo 'create io0 4194304 bus=pci device=$pci' > /dev/u-dma-buf-mgr"

ex_run iova-udmabuf0 export-iova udmabuf0 direct
ex_run iova-io0 export-iova io0 iova
t_check "modprobe vgem" modprobe vgem
ex_run vgem-udmabuf0 export-vgem udmabuf0 import iommu-udmabuf0
ex_run vgem-io0 export-vgem io0 import iommu-io0
if t_check "modprobe vivid allocators=1" modprobe vivid allocators=1; then
	ex_run vivid-udmabuf0 export-vivid udmabuf0 iommu-udmabuf0-vivid-dma-contig
	ex_run vivid-io0 export-vivid io0 iommu-io0-vivid-dma-contig
	rmmod vivid
fi
t_check "delete io0" sh -c "echo 'delete io0' > /dev/u-dma-buf-mgr"
t_done
