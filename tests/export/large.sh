#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/export-large.sh.
. /add/tap.sh
. /add/guest-lib.sh

t_dmesg_mark
t_check "/dev/large was made from the device tree" test -c /dev/large
t_check "load udmabuf-rdma-importer.ko" insmod /add/udmabuf-rdma-importer.ko
ex_run export-large /add/export-large large
t_check "rmmod udmabuf_rdma_importer" rmmod udmabuf_rdma_importer
t_check "load udmabuf-rdma-importer.ko dma_bits=32" insmod /add/udmabuf-rdma-importer.ko dma_bits=32
ex_run export-large-32 /add/export-large --unreachable large
t_check "rmmod udmabuf_rdma_importer (32 bits)" rmmod udmabuf_rdma_importer
t_check "rmmod u-dma-buf-mgr u-dma-buf" sh -c 'rmmod u_dma_buf_mgr 2>/dev/null; rmmod u_dma_buf'
cma=$(sed -n 's/^CmaFree: *\([0-9]*\) kB/\1/p' /proc/meminfo)
t_check "the pool's 4 GiB + 64 MiB are free again (CmaFree $cma kB)" test "${cma:-0}" -ge 4259840
t_log_quiet "the large imports leave the kernel log quiet"
t_done
