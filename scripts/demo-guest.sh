#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest part of `make demo` (see demo.sh). $1: the demo program.
set -e
say() { printf '\n$ %s\n' "$*"; sh -c "$*"; }
say "insmod $UDMABUF_KO/u-dma-buf.ko udmabuf0=4194304 info_enable=3"
say "dmesg | grep -E 'u-dma-buf( |:)' | sed 's/^\[ *[0-9.]*\] //'"
say "ls -l /dev/udmabuf0 /dev/dma_heap/"
say "cd /sys/class/u-dma-buf/udmabuf0 && grep . driver_version size phys_addr sync_mode dma_coherent quirk_mmap_mode ioctl_version"
say "modprobe vgem"
say "$1 /dev/udmabuf0"
say "head -c 16 /dev/udmabuf0 | od -An -tx1"
say "cat /sys/kernel/debug/u-dma-buf/stats"
