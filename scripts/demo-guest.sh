#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest part of `make demo` (see demo.sh).
set -e
say() { printf '\n$ %s\n' "$*"; sh -c "$*"; }
say "insmod $UDMABUF_KO/u-dma-buf.ko"
say "dmesg | grep u-dma-buf"
say "modinfo -F version $UDMABUF_KO/u-dma-buf.ko"
say "ls /sys/module/u_dma_buf/parameters"
say "rmmod u_dma_buf"
