#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/export-importers.sh (guest with a Cirrus
# card, booted with iomem=relaxed): vivid in vmalloc and dma-contig mode,
# then cirrus.
. /add/tap.sh
. /add/guest-lib.sh

if t_check "modprobe vivid" modprobe vivid; then
	ex_run vivid-vmalloc export-vivid udmabuf0 vivid-vmalloc
	t_check "rmmod vivid" rmmod vivid
fi
if t_check "modprobe vivid allocators=1" modprobe vivid allocators=1; then
	ex_run vivid-dma-contig export-vivid udmabuf0 vivid-dma-contig
	rmmod vivid
fi
if t_check "modprobe cirrus" modprobe cirrus; then
	# the card node appears when the driver has bound
	i=0
	while [ $i -lt 50 ] && ! ls /dev/dri/card* >/dev/null 2>&1; do
		sleep 0.1
		i=$((i + 1))
	done
	ex_run cirrus export-cirrus udmabuf0
fi
t_done
