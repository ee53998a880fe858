#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/core-kapi.sh: the in-kernel API, through
# the test module udmabuf-kapi-test.ko (/add), which logs its own checks.
. /add/lib.sh

t_check "u-dma-buf.ko loads" load
t_dmesg_mark
t_check "udmabuf-kapi-test.ko loads" insmod /add/udmabuf-kapi-test.ko
log_since >/tmp/kapi.log
n=0
while read -r line; do
	case "$line" in
	"kapi-test: PASS: "*) t_pass "kapi: ${line#kapi-test: PASS: }"; n=$((n + 1)) ;;
	"kapi-test: FAIL: "*) t_fail "kapi: ${line#kapi-test: FAIL: }" ;;
	esac
done </tmp/kapi.log
t_check "kapi-test reported its checks" [ $n -gt 20 ]

t_check "/dev/kapi0 exists" test -c /dev/kapi0
file_is "kapi0: size" $CLASS/kapi0/size 65636
file_is "kapi0: sync_owner is 1 (synced for the device)" $CLASS/kapi0/sync_owner 1
t_eq "/dev/kapi0 reads 65636 bytes" "$(wc -c </dev/kapi0 | tr -d ' ')" 65636
dd if=/dev/zero bs=65636 count=1 2>/dev/null | tr '\000' 'Z' >/tmp/kapi.want
t_check "/dev/kapi0 reads as all 0x5a" cmp /tmp/kapi.want /dev/kapi0
stats_is "stats: kapi0" 1 69632
t_check_fails "rmmod u_dma_buf fails while kapi-test uses it" rmmod u_dma_buf
t_check "rmmod udmabuf_kapi_test" rmmod udmabuf_kapi_test
absent "after rmmod udmabuf_kapi_test" kapi0
stats_is "stats after rmmod udmabuf_kapi_test" 0 0
t_check "rmmod u_dma_buf" unload
t_done
