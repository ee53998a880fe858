#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/core-params.sh: u-dma-buf.ko's module
# parameters. Boots with --no-load and at least 5 GiB of memory.
. /add/lib.sh

mem=$(($(sed -n 's/^MemTotal: *\([0-9]*\) kB$/\1/p' /proc/meminfo) * 1024))

# report DEV SIZE [PDEV QUIRK MMAP]: the creation report of info_enable=1,
# with PDEV that of info_enable=3.
report() {
	printf '%s\n' \
		"u-dma-buf $1: driver version = $UDMABUF_VERSION" \
		"u-dma-buf $1: major number   = $(cut -d: -f1 "$CLASS/$1/dev")" \
		"u-dma-buf $1: minor number   = $(cut -d: -f2 "$CLASS/$1/dev")" \
		"u-dma-buf $1: phys address   = $(cat "$CLASS/$1/phys_addr")" \
		"u-dma-buf $1: buffer size    = $2"
	if [ -n "$3" ]; then
		printf '%s\n' \
			"u-dma-buf $1: dma device     = $3" \
			"u-dma-buf $1: dma bus        = platform" \
			"u-dma-buf $1: dma coherent   = $COHERENT" \
			"u-dma-buf $1: dma mask       = 0x00000000ffffffff" \
			"u-dma-buf $1: iommu domain   = NONE" \
			"u-dma-buf $1: mmap mode      = $4" \
			"u-dma-buf $1: mmap           = $5"
	fi
	echo "u-dma-buf: $1 installed."
}

# --- several buffers at once; sizes as requested; udmabufN=0 is none --------
t_dmesg_mark
t_check "load udmabuf0, 3 and 7 (udmabuf1=0)" \
	load udmabuf0=1048576 udmabuf1=0 udmabuf3=12345 udmabuf7=0x2000
for n in 0 3 7; do
	t_check "udmabuf$n: /dev/udmabuf$n is a character device" test -c /dev/udmabuf$n
	t_eq "udmabuf$n: minor number of /dev/udmabuf$n" "$(stat -c %T /dev/udmabuf$n)" "$n"
	t_match "udmabuf$n: minor number in sysfs dev" "$(cat $CLASS/udmabuf$n/dev)" "^[0-9]+:$n\$"
	t_eq "udmabuf$n: major number of /dev/udmabuf$n is sysfs's" \
		"$(printf %d "0x$(stat -c %t /dev/udmabuf$n)")" "$(cut -d: -f1 $CLASS/udmabuf$n/dev)"
done
file_is "udmabuf0: size" $CLASS/udmabuf0/size 1048576
file_is "udmabuf3: size as requested, not rounded" $CLASS/udmabuf3/size 12345
file_is "udmabuf7: size given in hex" $CLASS/udmabuf7/size 8192
absent "udmabuf1=0" udmabuf1
t_eq "exactly the buffers asked for" "$(ls $CLASS | tr '\n' ' ')" "udmabuf0 udmabuf3 udmabuf7 "
stats_is "stats count the three buffers, page aligned" 3 $((1048576 + 16384 + 8192))
t_eq "a platform device of our own per buffer" "$(count_auto)" 3
t_dmesg_mark
t_check "rmmod" unload
for n in 0 3 7; do
	log_has "rmmod: udmabuf$n removed" "u-dma-buf: udmabuf$n removed"
	absent "after rmmod" udmabuf$n
done
t_check_fails "after rmmod: no stats" test -e "$STATS"
t_check_fails "after rmmod: no class" test -e $CLASS
t_eq "after rmmod: no platform device of ours" "$(count_auto)" 0

t_dmesg_mark
t_check "load with only udmabuf2=0" load udmabuf2=0
t_eq "udmabuf2=0: no buffer" "$(ls $CLASS | tr '\n' ' ')" ""
stats_is "udmabuf2=0: stats back to zero" 0 0
unload

# --- buffers that cannot be created are skipped ---------------------------
t_dmesg_mark
nocma="larger than the 4194304-byte maximum contiguous block without CMA"
# Debian's amd64 kernel has no CMA; arm64's and the debug kernel's have.
cma_kb=$(sed -n 's/^CmaTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo)
case ${cma_kb:-0} in
0)
	t_check "load with buffers that cannot be created" load udmabuf0=0x4000000000 \
		udmabuf1=0x100001000 udmabuf2=65536 udmabuf3=4194304 udmabuf4=4194305
	created="udmabuf2 udmabuf3 " bytes=$((65536 + 4194304))
	log_has "0x100001000: larger than the largest block without CMA" \
		"cannot allocate 4294971392 bytes: $nocma"
	log_has "4194305: larger than the largest block without CMA" \
		"cannot allocate 4194305 bytes: $nocma"
	log_has "4194305: not created" "u-dma-buf: udmabuf4: not created (-ENOMEM)"
	absent "4194305" udmabuf4
	file_is "4194304 (4 MiB) is created" $CLASS/udmabuf3/size 4194304
	;;
*)
	t_check "load with buffers that cannot be created" load udmabuf0=0x4000000000 \
		udmabuf1=0x100001000 udmabuf2=65536
	created="udmabuf2 " bytes=65536
	t_match "0x100001000: not enough free CMA memory" "$(log_since)" \
		"cannot allocate 4294971392 bytes: only [0-9]+ bytes of CMA memory are free"
	;;
esac
log_has "0x4000000000: larger than memory" \
	"cannot allocate 274877906944 bytes: the machine has $mem bytes of memory"
log_has "0x4000000000: not created" "u-dma-buf: udmabuf0: not created (-ENOMEM)"
log_has "0x100001000: not created" "u-dma-buf: udmabuf1: not created (-ENOMEM)"
absent "0x4000000000" udmabuf0
absent "0x100001000 is not a 4 KiB buffer" udmabuf1
t_eq "only the buffers that fit exist" "$(ls $CLASS | tr '\n' ' ')" "$created"
t_eq "no platform device left by the failures" "$(count_auto)" "$(echo $created | wc -w)"
stats_is "stats count only the created buffers" "$(echo $created | wc -w)" $bytes
run core-mmap data udmabuf2
unload

# --- bind -------------------------------------------------------------------
pdev=serial8250		# a platform device on both guests
t_dmesg_mark
t_check "load with bind=nosuch udmabuf1_bind=$pdev" \
	load udmabuf0=4096 udmabuf1=8192 bind=nosuch udmabuf1_bind=$pdev info_enable=3
log_has "bind=nosuch: no such device" \
	"u-dma-buf: udmabuf0: bind=nosuch: no device 'nosuch' on the platform bus"
log_has "bind=nosuch: not created" "u-dma-buf: udmabuf0: not created"
absent "bind=nosuch" udmabuf0
t_check "udmabuf1_bind overrides bind" test -c /dev/udmabuf1
t_eq "udmabuf1 is bound to $pdev" "$(parent_of udmabuf1)" $pdev
log_has "report: dma device = $pdev" "u-dma-buf udmabuf1: dma device     = $pdev"
log_has "report: dma bus = platform" "u-dma-buf udmabuf1: dma bus        = platform"
t_eq "bound buffers create no platform device" "$(count_auto)" 0
stats_is "stats: the bound buffer" 1 8192
run core-mmap data udmabuf1
unload

t_dmesg_mark
t_check "load with udmabuf1_bind=foo/bar" load udmabuf0=4096 udmabuf1=4096 udmabuf1_bind=foo/bar
log_has "bind=foo/bar: unknown bus" "u-dma-buf: udmabuf1: bind=foo/bar: unknown bus 'foo'"
log_has "bind=foo/bar: not created" "u-dma-buf: udmabuf1: not created"
absent "bind=foo/bar" udmabuf1
t_check "udmabuf0 without a bind is created" test -c /dev/udmabuf0
t_match "udmabuf0 has a platform device of its own" "$(parent_of udmabuf0)" \
	'^u-dma-buf\.[0-9]+\.auto$'
stats_is "stats: one buffer" 1 4096
unload

t_dmesg_mark
t_check "load with bind=platform/$pdev" load udmabuf0=4096 bind=platform/$pdev
t_eq "bind=platform/$pdev binds to $pdev" "$(parent_of udmabuf0)" $pdev
unload

# --- dma_mask_bit -------------------------------------------------------------
for v in 0 11 65 -1 abc; do
	t_dmesg_mark
	t_check_fails "dma_mask_bit=$v fails the load" load udmabuf0=4096 dma_mask_bit=$v
	log_has "dma_mask_bit=$v: message" \
		"u-dma-buf: dma_mask_bit=$v is invalid: the DMA mask width is 12..64 bits"
	t_check_fails "dma_mask_bit=$v: module not loaded" test -e /sys/module/u_dma_buf
	unload
done
t_check "dma_mask_bit=12 loads" load dma_mask_bit=12
t_eq "dma_mask_bit=12: parameter" "$(cat /sys/module/u_dma_buf/parameters/dma_mask_bit)" 12
unload
t_dmesg_mark
t_check "dma_mask_bit=64 loads" load udmabuf0=65536 dma_mask_bit=64 info_enable=3
log_has "dma_mask_bit=64: report" "u-dma-buf udmabuf0: dma mask       = 0xffffffffffffffff"
t_match "dma_mask_bit=64: GET_DEV_INFO DMA_MASK" "$(core-ioctl info udmabuf0)" "dma_mask=64 "
unload

# --- quirk_mmap_mode and info_enable=3 ----------------------------------------
for v in 0 5; do
	t_dmesg_mark
	t_check_fails "quirk_mmap_mode=$v fails the load" load udmabuf0=4096 quirk_mmap_mode=$v
	log_has "quirk_mmap_mode=$v: message" \
		"u-dma-buf: quirk_mmap_mode=$v is invalid: 1 off, 2 on, 3 auto, 4 page"
	t_check_fails "quirk_mmap_mode=$v: module not loaded" test -e /sys/module/u_dma_buf
	unload
done
for q in 1 2 3 4; do
	case $q:$COHERENT in
	1:*|3:1) mmap=dma_mmap_coherent ;;
	2:*|3:0) mmap=quirk-mmap ;;
	4:*) mmap=quirk-mmap-page ;;
	esac
	t_dmesg_mark
	t_check "quirk_mmap_mode=$q info_enable=3 loads" \
		load udmabuf0=65536 quirk_mmap_mode=$q info_enable=3
	file_is "quirk_mmap_mode=$q: sysfs quirk_mmap_mode" $CLASS/udmabuf0/quirk_mmap_mode $q
	pd=$(parent_of udmabuf0)
	t_match "quirk_mmap_mode=$q: own platform device" "$pd" '^u-dma-buf\.[0-9]+\.auto$'
	t_match "quirk_mmap_mode=$q: phys address has 16 hex digits" "$(log_since)" \
		'^u-dma-buf udmabuf0: phys address   = 0x[0-9a-f]{16}$'
	t_eq "quirk_mmap_mode=$q info_enable=3: the report" "$(log_since | grep -F udmabuf0)" \
		"$(report udmabuf0 65536 "$pd" $q $mmap)"
	t_dmesg_mark
	unload
	log_has "quirk_mmap_mode=$q: removed" "u-dma-buf: udmabuf0 removed"
done

# --- info_enable=1 (default) and 0, default quirk mode --------------------------
t_dmesg_mark
t_check "load two buffers, default info_enable" load udmabuf0=4096 udmabuf5=12345
t_eq "info_enable=1: udmabuf0's report" "$(log_since | grep -F udmabuf0)" "$(report udmabuf0 4096)"
t_eq "info_enable=1: udmabuf5's report" "$(log_since | grep -F udmabuf5)" "$(report udmabuf5 12345)"
file_is "default quirk_mmap_mode on $ARCH" $CLASS/udmabuf0/quirk_mmap_mode $DEFAULT_QUIRK
t_dmesg_mark
unload
log_has "info_enable=1: udmabuf0 removed" "u-dma-buf: udmabuf0 removed"
log_has "info_enable=1: udmabuf5 removed" "u-dma-buf: udmabuf5 removed"

t_dmesg_mark
t_check "load with info_enable=0" load udmabuf0=4096 info_enable=0
t_check "info_enable=0: the buffer exists" test -c /dev/udmabuf0
unload
t_eq "info_enable=0: no report, no removal message" "$(log_since | grep -F udmabuf0)" ""
t_done
