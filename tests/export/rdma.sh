#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/export-rdma.sh.
. /add/tap.sh
. /add/guest-lib.sh

mgr() { echo "$1" > /dev/u-dma-buf-mgr; }
t_dmesg_mark
t_check "load udmabuf-rdma-importer.ko" insmod /add/udmabuf-rdma-importer.ko
t_check "create rd0 with a sub-heap" mgr "create rd0 1048576 dma-heap"
ex_run export-rdma /add/export-rdma udmabuf0 rd0
t_check "delete rd0" mgr "delete rd0"
t_check "rmmod udmabuf_rdma_importer" rmmod udmabuf_rdma_importer
# An importer that reaches only the first 16 MiB (x86's ZONE_DMA; arm64's
# RAM starts above any mask it accepts below 32 bits, see export-large).
if [ "$(uname -m)" = x86_64 ]; then
	t_check "load udmabuf-rdma-importer.ko dma_bits=24" \
		insmod /add/udmabuf-rdma-importer.ko dma_bits=24
	ex_run export-rdma-unreachable /add/export-rdma --unreachable udmabuf0
	t_check "rmmod udmabuf_rdma_importer (24 bits)" rmmod udmabuf_rdma_importer
fi
t_log_quiet "the imports leave the kernel log quiet"
t_done
