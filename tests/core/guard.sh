#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/core-guard.sh: what a hostile or careless
# user must not get (core-guard.c), and a quiet kernel log after it all.
. /add/lib.sh

# The largest buffer each guest has: no CMA on x86_64 (4 MiB blocks).
case $ARCH in
x86_64) size=4194304 cma=0 ;;
*) size=16777216 cma=1 ;;
esac
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
