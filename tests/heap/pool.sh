#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/heap-pool.sh (booted with --no-load): the
# main heap's pool (heap_pool_size). Values larger than the memory fail the
# load and say why; others are rounded down to pages (below a page: no
# pool); without it nothing is pooled; with it heap-pool checks reuse,
# zeroing, the size bound and the shrinker; rmmod gives the pooled memory
# back; the kernel log stays free of warnings.
. /add/tap.sh
. /add/guest-lib.sh
ko=$UDMABUF_KO/u-dma-buf.ko
sysfs=/sys/class/misc/u-dma-buf-heap
page=$(getconf PAGESIZE 2>/dev/null || echo 4096)

loaded() { grep -q '^u_dma_buf ' /proc/modules; }
meminfo() { awk -v k="$1:" '$1 == k { print $2 * 1024 }' /proc/meminfo; }
# freed pages waiting in the per-CPU lists (CMA releases page by page):
# free, but not in MemFree or CmaFree until a drain
pcp() { awk -v p="$page" '$1 == "count:" { s += $2 } END { print s * p }' /proc/zoneinfo; }
settle() { sync; echo 3 > /proc/sys/vm/drop_caches; }

for v in 1099511627776 18446744073709551615; do
	t_dmesg_mark
	t_check_fails "heap_pool_size=$v: the load fails" insmod "$ko" heap_pool_size=$v
	t_match "heap_pool_size=$v: the kernel log says it is invalid" "$(t_dmesg_since)" \
		"u-dma-buf: heap_pool_size=$v is invalid: larger than the machine's"
	if loaded; then
		t_fail "heap_pool_size=$v: nothing stays loaded"
		rmmod u_dma_buf
	else
		t_pass "heap_pool_size=$v: nothing stays loaded"
	fi
done
t_check_fails "heap_pool_size=-1: the load fails" insmod "$ko" heap_pool_size=-1

t_dmesg_mark
for v in 1000000 100; do
	if t_check "heap_pool_size=$v loads" insmod "$ko" heap_pool_size=$v; then
		t_eq "heap_pool_size=$v: the parameter reads back" \
			"$(cat /sys/module/u_dma_buf/parameters/heap_pool_size)" "$v"
		t_eq "heap_pool_size=$v: pool_size rounded down to pages" \
			"$(cat $sysfs/pool_size)" $((v / page * page))
		t_check "heap_pool_size=$v: unloads" rmmod u_dma_buf
	fi
done

if t_check "default parameters load" insmod "$ko"; then
	t_eq "default heap_pool_size" "$(cat /sys/module/u_dma_buf/parameters/heap_pool_size)" 0
	hp_run "no pool" heap-pool off
	t_check "default: unloads" rmmod u_dma_buf
fi

# x86_64 (no CMA): 4 MiB is the largest block
case "$(uname -m)" in
aarch64) maxlen=8388608 ;;
*) maxlen=4194304 ;;
esac
pool=33554432
settle
mem0=$(meminfo MemFree) cma0=$(meminfo CmaFree)
if t_check "heap_pool_size=$pool loads" insmod "$ko" heap_pool_size=$pool; then
	hp_run "pool" heap-pool on $pool $maxlen
	t_eq "pool: full before rmmod" "$(cat $sysfs/pool_bytes)" $pool
	t_eq "pool: debugfs stats count the pooled buffers (allocated memory)" \
		"$(tr '\n' ' ' < /sys/kernel/debug/u-dma-buf/stats)" "buffers 32 bytes $pool "
	t_eq "pool: bytes_in_use 0 (pooled buffers are no allocations)" \
		"$(cat $sysfs/bytes_in_use)" 0
	t_check "pool: unloads with a full pool" rmmod u_dma_buf
	settle
	mem1=$(meminfo MemFree) cma1=$(meminfo CmaFree) pcp1=$(pcp)
	# 8 MiB of slack for MemFree, which other parts of the system move
	t_check "rmmod: MemFree (+ per-CPU lists) back to before the load ($mem0 -> $mem1 + $pcp1)" \
		test $((mem1 + pcp1 + 8388608)) -ge "$mem0"
	if [ -n "$cma0" ] && [ "$(meminfo CmaTotal)" != 0 ]; then
		t_check "rmmod: CmaFree (+ per-CPU lists) back to before the load ($cma0 -> $cma1 + $pcp1)" \
			test $((cma1 + pcp1 + 1048576)) -ge "$cma0"
	fi
fi

if t_check "heap_limit=2097152 heap_pool_size=8388608 loads" \
	insmod "$ko" heap_limit=2097152 heap_pool_size=8388608; then
	hp_run "limit" heap-pool limit 2097152
	t_check "heap_limit with a pool: unloads" rmmod u_dma_buf
fi
t_log_quiet "the pool's loads, use and unloads log nothing at warning level"
t_done
