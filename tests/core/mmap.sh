#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/core-mmap.sh: mmap() in every
# quirk_mmap_mode, and read/write/lseek.
. /add/lib.sh

# 64 pages + 100 bytes: the last page is partly past the end of the buffer.
for q in 1 2 3 4; do
	t_check "q$q: load quirk_mmap_mode=$q" load udmabuf0=262244 udmabuf1=12345 \
		quirk_mmap_mode=$q info_enable=0
	run core-mmap all udmabuf0
	[ $q = 1 ] && run core-rw udmabuf1
	# Unloads the module once the last mapping is gone.
	run core-mmap unload udmabuf0
	t_check_fails "q$q: u_dma_buf unloaded" test -e /sys/module/u_dma_buf
	absent "q$q: after unload" udmabuf0
done
t_done
