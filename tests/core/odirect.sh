#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/core-odirect.sh: O_DIRECT and io_uring
# between mappings and files on a RAM disk, in every quirk_mmap_mode.
. /add/lib.sh

mnt=/tmp/core-odirect
mkdir -p $mnt
t_check "brd loads" modprobe brd rd_nr=1 rd_size=65536
case $ARCH in
x86_64)
	t_check "mkfs.ext4 /dev/ram0" mkfs.ext4 -q -F /dev/ram0
	t_check "mount /dev/ram0" mount -t ext4 /dev/ram0 $mnt ;;
arm64)
	modprobe ext4
	t_check "mke2fs /dev/ram0" mke2fs -q /dev/ram0
	t_check "mount /dev/ram0" mount -t ext2 /dev/ram0 $mnt ;;
esac
for q in 1 2 3 4; do
	t_check "q$q: load quirk_mmap_mode=$q" load udmabuf0=1048576 quirk_mmap_mode=$q \
		info_enable=0
	run core-odirect udmabuf0 $mnt
	t_check "q$q: unload" unload
done
umount $mnt
t_done
