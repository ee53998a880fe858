#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/core-guard.sh: what a hostile or careless
# user must not get (core-guard.c), and a quiet kernel log after it all.
. /add/lib.sh

# The largest buffer each guest has: 4 MiB blocks without CMA (Debian's
# x86_64 kernel), 16 MiB from CMA on arm64. Whether the memory comes from
# CMA is the kernel's (the debug lane's x86_64 kernel has a CMA area too),
# and decides what a long-term pin of it does.
case $ARCH in
x86_64) size=4194304 ;;
*) size=16777216 ;;
esac
cma=0
[ "$(sed -n 's/^CmaTotal: *\([0-9]*\).*/\1/p' /proc/meminfo)" -gt 0 ] 2>/dev/null && cma=1
t_dmesg_mark
t_check "load udmabuf0=1048576" load udmabuf0=1048576
t_check "load u-dma-buf-mgr.ko" insmod "$UDMABUF_KO/u-dma-buf-mgr.ko" $DYNDBG
run core-guard access udmabuf0
run core-guard splice udmabuf0
run core-guard held guard0 $size
run core-guard uring guard0 $size $cma
_log=$(log_since)
case "$_log" in
*"still pinned"*|*"still referenced"*) t_fail "pages a pipe held are not reported as lost" ;;
*) t_pass "pages a pipe held are not reported as lost" ;;
esac
t_log_quiet "refused exports and allocations leave the kernel log quiet"
rmmod u_dma_buf_mgr
t_check "unload" unload
t_done
