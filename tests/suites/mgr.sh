#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Manager: /dev/u-dma-buf-mgr (u-dma-buf-mgr.ko): the command grammar and
# buffering, every error with its errno and log line, the create options
# (quirk-mmap-*, dma-mask=, bus=/device= parents, dma-heap), delete while
# mapped, concurrent writers, a large creation that holds nobody up (arm64:
# 64 MiB from CMA), and create/delete cycles without leaks. One guest per
# architecture, with QEMU's edu PCI device for bus=pci and a PCIe
# root port, whose port service devices (bus=pci_express) cannot do DMA.
# arches: x86_64 arm64
t=$UDMABUF_TOP/tests
$VM --qemu "-device edu -device pcie-root-port,id=rp1,chassis=1" --load "udmabuf0=4096 info_enable=0" \
	--add "$t/lib/tap.sh" "$t/core/lib.sh" "$t/mgr/mgr.sh" "$UDMABUF_TESTS/mgr-tool" \
	"$UDMABUF_TESTS/mgr-mapped" "$UDMABUF_TESTS/mgr-stress" "$UDMABUF_TESTS/mgr-overlap" "$UDMABUF_TESTS/core-mmap" \
	"$UDMABUF_TESTS/core-ioctl" -- sh /add/mgr.sh
