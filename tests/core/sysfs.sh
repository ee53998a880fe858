#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/core-sysfs.sh: the attributes in
# /sys/class/u-dma-buf/<name>/: values, modes, parsing of writes, and the
# sync commands of sync_for_cpu / sync_for_device.
. /add/lib.sh

# Refused writes are user-space mistakes, logged at debug level only (load
# turns those messages on).
t_dmesg_mark
t_check "load udmabuf0=1048576 udmabuf1=65636" load udmabuf0=1048576 udmabuf1=65636
d=$CLASS/udmabuf0

# --- values after creation ----------------------------------------------------
file_is "driver_version" $d/driver_version "$UDMABUF_VERSION"
file_is "size" $d/size 1048576
file_is "size of a buffer that is not page aligned" $CLASS/udmabuf1/size 65636
phys=$(cat $d/phys_addr)
t_match "phys_addr is 0x and 16 hex digits" "$phys" '^0x[0-9a-f]{16}$'
file_is "phys_addr ends in a newline" $d/phys_addr "$phys"
t_check_fails "phys_addr is not 0" [ "$phys" = 0x0000000000000000 ]
file_is "sync_mode is 1" $d/sync_mode 1
file_is "sync_offset is 0x0" $d/sync_offset 0x0
file_is "sync_size is 0" $d/sync_size 0
file_is "sync_direction is 0" $d/sync_direction 0
file_is "sync_owner is 0" $d/sync_owner 0
file_is "sync_for_cpu reads 0" $d/sync_for_cpu 0
file_is "sync_for_device reads 0" $d/sync_for_device 0
file_is "quirk_mmap_mode is the default ($DEFAULT_QUIRK on $ARCH)" $d/quirk_mmap_mode $DEFAULT_QUIRK
file_is "dma_coherent ($COHERENT on $ARCH)" $d/dma_coherent $COHERENT
# 1, or 2 once U_DMA_BUF_IOCTL_EXPORT exists (core-ioctl checks which).
t_match "ioctl_version is 1 or 2" "$(cat $d/ioctl_version)" '^[12]$'
file_is "ioctl_version ends in a newline" $d/ioctl_version "$(cat $d/ioctl_version)"
file_is "debug_vma is 0" $d/debug_vma 0
file_is "debug_export is 0" $d/debug_export 0

for a in driver_version size phys_addr sync_owner quirk_mmap_mode dma_coherent ioctl_version; do
	mode_is "$a is -r--r--r--" $d/$a -r--r--r--
done
for a in sync_mode sync_offset sync_size sync_direction sync_for_cpu sync_for_device \
	debug_vma debug_export; do
	mode_is "$a is -rw-rw-r--" $d/$a -rw-rw-r--
done
for a in sync_owner size phys_addr; do
	t_eq "$a cannot be written" "$(core-wr $d/$a 1)" EACCES
done

# --- writes -------------------------------------------------------------------
# accept ATTR TEXT READBACK [-n]: writing TEXT (with a newline: -n) works.
accept() {
	_t="'$2'"
	[ "$4" = -n ] && _t="'$2' + newline"
	t_eq "$1: write $_t" "$(core-wr $4 $d/$1 "$2")" ok
	file_is "$1: $_t reads back as $3" $d/$1 "$3"
}

# reject ATTR TEXT MESSAGE [-n]: writing TEXT fails with EINVAL, changes
# nothing and logs "u-dma-buf udmabuf0: MESSAGE".
reject() {
	_t="'$2'"
	[ "$4" = -n ] && _t="'$2' + newline"
	_before=$(cat $d/$1)
	t_dmesg_mark
	t_eq "$1: $_t is EINVAL" "$(core-wr $4 $d/$1 "$2")" EINVAL
	file_is "$1: $_t leaves the value" $d/$1 "$_before"
	log_has "$1: $_t: message" "u-dma-buf udmabuf0: $3"
}

accept sync_mode 0 0
accept sync_mode 7 7
accept sync_mode 0x5 5
accept sync_mode 6 6 -n
accept sync_mode 04 4
reject sync_mode 8 "sync_mode: 8 is out of range 0..7"
reject sync_mode 010 "sync_mode: 8 is out of range 0..7"
reject sync_mode 0x8 "sync_mode: 8 is out of range 0..7"
reject sync_mode abc "sync_mode: 'abc' is not a number"
reject sync_mode "" "sync_mode: '' is not a number" -n
reject sync_mode -1 "sync_mode: '-1' is not a number"
reject sync_mode 18446744073709551616 "sync_mode: '18446744073709551616' is not a number"
accept sync_mode 1 1

accept sync_offset 0x10 0x10
accept sync_offset 010 0x8
accept sync_offset 4096 0x1000 -n
# Each of sync_offset and sync_size lies within the buffer (their sum is
# checked by the sync that uses them): what GET_SYNC reports can be set.
accept sync_offset 1048576 0x100000
reject sync_offset 1048577 "sync_offset: 1048577 is out of range 0..1048576"
reject sync_offset 18446744073709551615 "sync_offset: 18446744073709551615 is out of range 0..1048576"
reject sync_offset 18446744073709551616 "sync_offset: '18446744073709551616' is not a number"
reject sync_offset abc "sync_offset: 'abc' is not a number"
reject sync_offset -1 "sync_offset: '-1' is not a number"
reject sync_offset "" "sync_offset: '' is not a number" -n
accept sync_offset 0 0x0

accept sync_size 0x10 16
accept sync_size 010 8
accept sync_size 12345 12345 -n
accept sync_size 1048576 1048576
reject sync_size 1048577 "sync_size: 1048577 is out of range 0..1048576"
reject sync_size 18446744073709551615 "sync_size: 18446744073709551615 is out of range 0..1048576"
# 2^64 does not fit the u64 the parser returns: "not a number" (or out of range).
_before=$(cat $d/sync_size)
t_dmesg_mark
t_eq "sync_size: '18446744073709551616' is EINVAL" \
	"$(core-wr $d/sync_size 18446744073709551616)" EINVAL
file_is "sync_size: '18446744073709551616' leaves the value" $d/sync_size "$_before"
big=18446744073709551616
t_match "sync_size: '$big': message" "$(log_since)" \
	"u-dma-buf udmabuf0: sync_size: ('$big' is not a number|$big is out of range 0\.\.[0-9]+)"
reject sync_size abc "sync_size: 'abc' is not a number"
reject sync_size -1 "sync_size: '-1' is not a number"
reject sync_size "" "sync_size: '' is not a number" -n
accept sync_size 0 0

accept sync_direction 2 2
accept sync_direction 0x1 1
reject sync_direction 3 "sync_direction: 3 is out of range 0..2"
reject sync_direction abc "sync_direction: 'abc' is not a number"
reject sync_direction -1 "sync_direction: '-1' is not a number"
accept sync_direction 0 0 -n

accept debug_vma 3 3
reject debug_vma 4 "debug_vma: 4 is out of range 0..3"
reject debug_vma abc "debug_vma: 'abc' is not a number"
accept debug_vma 0 0
accept debug_export 1 1
reject debug_export 2 "debug_export: 2 is out of range 0..1"
reject debug_export -1 "debug_export: '-1' is not a number"
accept debug_export 0 0

# --- sync commands --------------------------------------------------------------
# synccmd NAME ATTR TEXT WANT OWNER: writing TEXT to ATTR gives WANT (ok,
# EINVAL), then sync_owner is OWNER and ATTR still reads 0.
synccmd() {
	t_eq "$1: $2 '$3' gives $4" "$(core-wr $d/$2 "$3")" "$4"
	file_is "$1: sync_owner is $5" $d/sync_owner "$5"
	file_is "$1: $2 reads 0" $d/$2 0
}

# stored OFFSET SIZE DIR: sets the stored sync range.
stored() {
	core-wr $d/sync_offset "$1" >/dev/null
	core-wr $d/sync_size "$2" >/dev/null
	core-wr $d/sync_direction "$3" >/dev/null
}

# stored_is NAME OFFSET SIZE DIR
stored_is() {
	file_is "$1: sync_offset unchanged" $d/sync_offset "$2"
	file_is "$1: sync_size unchanged" $d/sync_size "$3"
	file_is "$1: sync_direction unchanged" $d/sync_direction "$4"
}

stored 0 0 0
synccmd "device 1" sync_for_device 1 ok 1
synccmd "cpu 0 does nothing" sync_for_cpu 0 ok 1
synccmd "cpu 1" sync_for_cpu 1 ok 0
synccmd "device 0 does nothing" sync_for_device 0 ok 0

stored 0x1000 0x2000 1
synccmd "device 1, stored range" sync_for_device 1 ok 1
stored_is "device 1, stored range" 0x1000 8192 1
synccmd "cpu 1, stored range" sync_for_cpu 1 ok 0
stored 0x100000 0 2
synccmd "device 1, stored range offset = size, size 0" sync_for_device 1 ok 1

for cmd in sync_for_cpu sync_for_device; do
	# other: the opposite command; owner: what it leaves, done: what cmd leaves.
	case $cmd in
	sync_for_cpu) other=sync_for_device owner=1 done=0 ;;
	*) other=sync_for_cpu owner=0 done=1 ;;
	esac
	# Start from the other owner, so a wrong change shows.
	stored 0 0 0
	core-wr $d/$other 1 >/dev/null

	stored 0x100000 0x10 0
	t_dmesg_mark
	synccmd "$cmd, stored offset at the end, size 16" $cmd 1 EINVAL $owner
	log_has "$cmd, stored offset at the end, size 16: message" \
		"u-dma-buf udmabuf0: $cmd: range 0x100000 + 16 is outside the 1048576-byte buffer"
	stored 0xff000 0x2000 0
	t_dmesg_mark
	synccmd "$cmd, stored range past the end" $cmd 1 EINVAL $owner
	log_has "$cmd, stored range past the end: message" \
		"u-dma-buf udmabuf0: $cmd: range 0xff000 + 8192 is outside the 1048576-byte buffer"

	stored 0x3000 0x100 2
	t_dmesg_mark
	synccmd "$cmd, one-shot out of range" $cmd 0x0010000000000010 EINVAL $owner
	log_has "$cmd, one-shot out of range: message" \
		"u-dma-buf udmabuf0: $cmd: range 0x100000 + 16 is outside the 1048576-byte buffer"
	synccmd "$cmd, one-shot offset past the end" $cmd 0x0010000100000000 EINVAL $owner
	t_dmesg_mark
	synccmd "$cmd, 'abc'" $cmd abc EINVAL $owner
	log_has "$cmd, 'abc': message" "u-dma-buf udmabuf0: $cmd: 'abc' is not a number"
	stored_is "$cmd, after the failures" 0x3000 256 2

	# Direction 3 is bidirectional, as upstream decodes it.
	synccmd "$cmd, one-shot direction 3 (bidirectional)" $cmd 0x100c ok $done
	stored_is "$cmd, one-shot direction 3" 0x3000 256 2
	core-wr $d/$other 1 >/dev/null
	synccmd "$cmd, one-shot 0x0000100000002005" $cmd 0x0000100000002005 ok $done
	stored_is "$cmd, one-shot 0x0000100000002005" 0x3000 256 2
	core-wr $d/$other 1 >/dev/null
	synccmd "$cmd, one-shot range to the end (decimal)" $cmd $(((0xff000 << 32) | 0x1000 | 8)) ok $done
	stored_is "$cmd, one-shot range to the end" 0x3000 256 2
done

# The end of a buffer that is not page aligned is its requested size.
d=$CLASS/udmabuf1
synccmd "udmabuf1: one-shot ending at byte 65632" sync_for_device 0x0001000000000060 ok 1
t_dmesg_mark
synccmd "udmabuf1: one-shot past the 65636-byte end" sync_for_cpu 0x0001000000000070 EINVAL 1
log_has "udmabuf1: one-shot past the end: message" \
	"u-dma-buf udmabuf1: sync_for_cpu: range 0x10000 + 112 is outside the 65636-byte buffer"
t_log_quiet "refused writes leave no warning-level line in the kernel log"
unload
t_done
