#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/heap-params.sh (booted with --no-load):
# heap_dma_mask_bit out of 12..64 fails the load and says why; values in
# range load (or, where the platform cannot do such a mask, fail saying
# that, not "invalid"); the mask bounds the DMA addresses; heap_limit is
# enforced and shown in sysfs, not applied to sub-heaps.
. /add/tap.sh
. /add/guest-lib.sh
ko=$UDMABUF_KO/u-dma-buf.ko

loaded() { grep -q '^u_dma_buf ' /proc/modules; }

for v in 11 65 0 -1 100 4096; do
	t_dmesg_mark
	t_check_fails "heap_dma_mask_bit=$v: the load fails" insmod "$ko" heap_dma_mask_bit=$v
	t_match "heap_dma_mask_bit=$v: the kernel log says it is invalid" "$(t_dmesg_since)" \
		"u-dma-buf: heap_dma_mask_bit=$v is invalid: "
	if loaded; then
		t_fail "heap_dma_mask_bit=$v: nothing stays loaded"
		rmmod u_dma_buf
	else
		t_pass "heap_dma_mask_bit=$v: nothing stays loaded"
	fi
	t_check_fails "heap_dma_mask_bit=$v: no /dev/dma_heap/udmabuf" test -e /dev/dma_heap/udmabuf
done

# in range: the load must not call the value invalid
for v in 12 24 40 63; do
	t_dmesg_mark
	if insmod "$ko" heap_dma_mask_bit=$v 2>/dev/null; then
		t_pass "heap_dma_mask_bit=$v (in range) loads"
		rmmod u_dma_buf
	else
		log=$(t_dmesg_since)
		if printf '%s\n' "$log" | grep -q "heap_dma_mask_bit=$v is invalid"; then
			t_fail "heap_dma_mask_bit=$v (in range): the load fails calling it invalid"
		else
			t_pass "heap_dma_mask_bit=$v (in range) is not called invalid"
		fi
		echo "# heap_dma_mask_bit=$v does not load here: $(printf '%s\n' "$log" | grep u-dma-buf | tail -n 1)"
	fi
done

# masks that must work and bound the addresses
# (x86_64: 24 bits is ZONE_DMA, 16 MiB: small buffers only)
case "$(uname -m)" in
aarch64) masks="32 64" ;;
*) masks="24:65536 30 32 64" ;;
esac
for m in $masks; do
	v=${m%%:*}
	max=
	[ "$v" != "$m" ] && max=${m#*:}
	if t_check "heap_dma_mask_bit=$v loads" insmod "$ko" heap_dma_mask_bit=$v; then
		hp_run "mask $v" heap-params mask $v $max
		t_check "heap_dma_mask_bit=$v: unloads" rmmod u_dma_buf
	fi
done

# heap_limit
if t_check "heap_limit=2097152 with a 4 MiB sub-heap device loads" \
	insmod "$ko" heap_limit=2097152 udmabuf0=4194304 udmabuf0_dma_heap=1; then
	hp_run "limit 2 MiB" env UDMABUF_HP_LABEL=heap_limit=2097152 heap-params limit 2097152 udmabuf0
	t_check "heap_limit=2097152: unloads" rmmod u_dma_buf
fi
if t_check "heap_limit=1000000 (not page aligned) loads" insmod "$ko" heap_limit=1000000; then
	hp_run "limit 1000000" env UDMABUF_HP_LABEL=heap_limit=1000000 heap-params limit 1000000
	t_check "heap_limit=1000000: unloads" rmmod u_dma_buf
fi
if t_check "heap_limit=0 loads" insmod "$ko" heap_limit=0; then
	hp_run "limit 0" env UDMABUF_HP_LABEL=heap_limit=0 heap-params limit 0
	t_check "heap_limit=0: unloads" rmmod u_dma_buf
fi
if t_check "default parameters load" insmod "$ko"; then
	t_eq "default heap_dma_mask_bit" "$(cat /sys/module/u_dma_buf/parameters/heap_dma_mask_bit)" 32
	t_eq "default heap_limit" "$(cat /sys/module/u_dma_buf/parameters/heap_limit)" 0
	t_eq "default: sysfs limit 0" "$(cat /sys/class/misc/u-dma-buf-heap/limit)" 0
	t_check "default: unloads" rmmod u_dma_buf
fi
t_done
