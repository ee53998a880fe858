#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/libudmabuf.sh (POSIX sh: dash and busybox
# ash): the library test programs, then the udmabuf command
# ($UDMABUF_LUB_CMD, else /add/udmabuf) against udmabuf0 (1 MiB), the main
# heap and devices it creates: output, JSON, errors and exit statuses.
. /add/tap.sh
. /add/cmd-lib.sh

U=${UDMABUF_LUB_CMD:-/add/udmabuf}
CLASS=/sys/class/u-dma-buf
HEAPSYS=/sys/class/misc/u-dma-buf-heap

run /add/lub-device udmabuf0
run /add/lub-dmabuf udmabuf0
run /add/lub-mgr

# --- usage --------------------------------------------------------------------
u --help
u_is "--help" 0 "usage: udmabuf \[--json\] COMMAND"
u
u_is "no command" 2 "" "usage: udmabuf"
u bogus
u_is "unknown command" 2 "" "unknown command 'bogus'"
u list --bogus
u_is "list: unknown option" 2 "" "unknown option '--bogus'"
u info --help
u_is "info --help" 0 "^usage: udmabuf \[--json\] info NAME"
u --version
u_is "--version" 0 "^udmabuf [0-9]+\.[0-9]+\.[0-9]+$"

# --- list and info ---------------------------------------------------------------
phys=$(cat $CLASS/udmabuf0/phys_addr)
coh=$(cat $CLASS/udmabuf0/dma_coherent)
[ "$coh" = 1 ] && yes=yes || yes=no
u list
u_is "list" 0 "^NAME +TYPE +SIZE +DMA ADDRESS +COHERENT +SYNC MODE +USERS$"
u_is "list: the udmabuf0 row" 0 "^udmabuf0 +device +1 MiB +$phys +$yes +1 +0$"
u_is "list: the main heap's row" 0 "^udmabuf +heap +.* +- +- +- +0$"
u --json list
u_is "list --json" 0 "^  \"devices\": \[$"
u_is "list --json: udmabuf0's dma address" 0 "^      \"dma_addr\": $(printf %d "$phys"),$"
u_is "list --json: the main heap" 0 "^      \"type\": \"heap\",$"
u info --json udmabuf0
expect_info_json udmabuf0 null >/tmp/want.json
u_same "info --json udmabuf0 (golden from sysfs)" /tmp/want.json
u info udmabuf0
u_is "info" 0 "^dma address: +$phys$"
u_is "info: size" 0 "^size: +1048576$"
u_is "info: quirk mode" 0 "^quirk mmap mode: +$(cat $CLASS/udmabuf0/quirk_mmap_mode) \("
u info nosuch
u_is "info: unknown name" 1 "" "nosuch: no u-dma-buf device or dma-buf heap of that name"
u info a/b
u_is "info: a bad name" 2 "" "is not a device name"
u info udmabuf
u_is "info: the main heap" 0 "^type: +heap$"

# --- create and delete -----------------------------------------------------------
u create lubcmd 64K --dma-heap --quirk-mmap page
u_is "create lubcmd 64K --dma-heap --quirk-mmap page" 0 ""
t_check "create: /dev/lubcmd and its heap exist" test -e /dev/lubcmd -a -e /dev/dma_heap/lubcmd
t_eq "create: quirk mode page" "$(cat $CLASS/lubcmd/quirk_mmap_mode 2>&1)" 4
lphys=$(cat $CLASS/lubcmd/phys_addr)
u list
u_is "list: the new device" 0 "^lubcmd +device +64 KiB +$lphys +$yes +1 +0$"
u_is "list: its sub-heap" 0 "^lubcmd +sub-heap +64 KiB +$lphys +- +- +0$"
u --json info lubcmd
u_is "info --json: the sub-heap" 0 "^    \"type\": \"sub-heap\",$"
u_is "info --json: the sub-heap's address" 0 "^    \"dma_addr\": $(printf %d "$lphys"),$"
u create lubcmd 4K
u_is "create: a name in use" 1 "" "^udmabuf: create lubcmd: a device of that name exists$"
u create lubcmd2 4Q
u_is "create: a bad size" 2 "" "size '4Q' is not a number"
u create lubcmd2 4K dma-mask=99
u_is "create: dma-mask=99" 1 "" "DMA mask 99 is not 12..64"
u create lubcmd2 4K --device nosuchdev
u_is "create: an unknown parent device" 1 "" "refused .* \(its reason is in the kernel log\)"
u create lubcmd3 0x2000 quirk-mmap-off dma-mask=40
u_is "create in the manager's spelling" 0 ""
t_eq "create: quirk mode off" "$(cat $CLASS/lubcmd3/quirk_mmap_mode 2>&1)" 1
t_eq "create: 0x2000 bytes" "$(cat $CLASS/lubcmd3/size 2>&1)" 8192
u delete lubcmd lubcmd3
u_is "delete two devices" 0 ""
t_check_fails "delete: both gone" test -e /dev/lubcmd -o -e $CLASS/lubcmd3
u delete lubcmd
u_is "delete: an unknown device" 1 "" "^udmabuf: delete lubcmd: no such device$"

# --- alloc -----------------------------------------------------------------------
u alloc 64K
u_is "alloc 64K" 0 "^heap: +udmabuf$"
u_is "alloc: size" 0 "^size: +65536$"
u_is "alloc: dma address" 0 "^dma address: 0x[0-9a-f]{16}$"
u --json alloc 0x3000
u_is "alloc --json" 0 "^  \"dma_addr\": [0-9]+$"
u_is "alloc --json: size" 0 "^  \"size\": 12288,$"
u alloc 1MiB -- sh -c 'cat '$HEAPSYS'/buffers_in_use; readlink /proc/self/fd/$UDMABUF_FD; echo "size=$UDMABUF_SIZE addr=$UDMABUF_DMA_ADDR"'
u_is "alloc -- COMMAND: the command holds one buffer" 0 "^1$"
u_is "alloc -- COMMAND: it inherits the dma-buf fd" 0 "dmabuf"
u_is "alloc -- COMMAND: UDMABUF_SIZE, UDMABUF_DMA_ADDR" 0 "^size=1048576 addr=0x[0-9a-f]+$"
t_eq "alloc: freed after the command" "$(cat $HEAPSYS/buffers_in_use)" 0
u alloc 4K -- sh -c 'exit 7'
u_is "alloc -- COMMAND: its exit status" 7 "^heap: +udmabuf$"
u alloc --heap nosuch 4K
u_is "alloc: unknown heap" 1 "" "no /dev/dma_heap/nosuch"
u alloc 4X
u_is "alloc: a bad size" 2 "" "size '4X'"

# --- sync ------------------------------------------------------------------------
u sync udmabuf0 device --offset 4K --size 4K --dir to-device
u_is "sync device --offset 4K --size 4K --dir to-device" 0 ""
t_eq "sync: owner device" "$(cat $CLASS/udmabuf0/sync_owner)" 1
u sync udmabuf0 cpu
u_is "sync cpu" 0 ""
t_eq "sync: owner cpu" "$(cat $CLASS/udmabuf0/sync_owner)" 0
u sync udmabuf0 cpu --size 2M
u_is "sync: past the end" 1 "" "past the end of the 1048576-byte buffer"
u sync udmabuf0 sideways
u_is "sync: neither cpu nor device" 2 "" "'sideways' is not cpu or device"
u sync udmabuf0 cpu --dir up
u_is "sync: a bad direction" 2 "" "--dir 'up'"
u sync nosuch cpu
u_is "sync: an unknown device" 1 "" "nosuch: no u-dma-buf device of that name"

# --- dump and load ---------------------------------------------------------------
dd if=/dev/urandom of=/tmp/pat bs=65536 count=16 2>/dev/null
u load /tmp/pat udmabuf0
u_is "load a 1 MiB file (no progress bar without a terminal)" 0 ""
t_check "load: the device holds the file" cmp /tmp/pat /dev/udmabuf0
u dump udmabuf0 /tmp/out
u_is "dump" 0 ""
t_check "dump: the file holds the device" cmp /tmp/pat /tmp/out
dd if=/tmp/pat of=/tmp/pat4k bs=4096 skip=1 count=1 2>/dev/null
u dump udmabuf0 /tmp/o4k --offset 4K --size 4K
u_is "dump --offset 4K --size 4K" 0 ""
t_check "dump: the 4 KiB at 4 KiB" cmp /tmp/pat4k /tmp/o4k
u dump udmabuf0 - --size 16
t_eq "dump to stdout: exit status" "$U_RC" 0
t_check "dump -: 16 bytes" cmp -n 16 /tmp/pat /tmp/u.out
dd if=/dev/zero of=/tmp/big bs=65536 count=17 2>/dev/null
u load /tmp/big udmabuf0
u_is "load: a file larger than the device" 1 "" "/tmp/big is 1114112 bytes, more than the 1048576"
t_check "load: nothing written" cmp /tmp/pat /dev/udmabuf0
"$U" load - udmabuf0 --offset 8K </tmp/pat4k >/tmp/u.out 2>/tmp/u.err
U_RC=$?
u_is "load - (stdin) --offset 8K" 0 ""
dd if=/dev/udmabuf0 of=/tmp/d8k bs=4096 skip=2 count=1 2>/dev/null
t_check "load -: the bytes at 8 KiB" cmp /tmp/pat4k /tmp/d8k
if script --version 2>/dev/null | grep -q util-linux; then
	# on a terminal (util-linux script gives it one) load shows its bar
	script -qec "$U load /tmp/pat udmabuf0" /dev/null >/tmp/u.tty 2>&1
	t_match "load on a terminal: a progress bar to 100%" "$(tr '\r' '\n' </tmp/u.tty | tail -n 2)" \
		'^\[#{40}\] 100% 1048576/1048576 bytes'
fi
u dump udmabuf0 /tmp/x --offset 2M
u_is "dump: offset past the end" 1 "" "past the end"
u dump nosuch /tmp/x
u_is "dump: unknown device" 1 "" "nosuch"
u load /nonexistent udmabuf0
u_is "load: no such file" 1 "" "/nonexistent: No such file"

# --- a program built with pkg-config against an installed copy (x86_64) ----------
if [ -n "${UDMABUF_LUB_PCPROG:-}" ]; then
	# shellcheck disable=SC2046
	set -- $("$UDMABUF_LUB_PCPROG" udmabuf0 2>&1)
	t_eq "pkg-config-built program on the installed library: name, size, address" \
		"$1 $2 $(printf %d "${3:-x}" 2>/dev/null)" "udmabuf0 1048576 $(printf %d "$phys")"
fi

# --- the Python package (x86_64: the host's python3 and numpy) --------------------
if [ -n "${UDMABUF_LUB_PY:-}" ]; then
	modprobe vgem
	PYTHONPATH=$UDMABUF_LUB_PY PYTHONDONTWRITEBYTECODE=1 /usr/bin/python3 -m pytest -rA \
		-p no:cacheprovider /add/test_udmabuf.py >/tmp/py.log 2>&1
	py_rc=$?
	sed -n 's/^PASSED [^:]*::\(.*\)$/PASS: python: \1/p
		s/^FAILED [^:]*::\([^ ]*\).*$/FAIL: python: \1/p
		s/^ERROR [^:]*::\([^ ]*\).*$/FAIL: python: \1 (error)/p
		s/^SKIPPED \[[0-9]*\] [^:]*:[0-9]*: \(.*\)$/SKIP: python: \1/p' /tmp/py.log
	if [ "$py_rc" != 0 ]; then
		T_FAILED=1
		grep -v '^PASSED ' /tmp/py.log | tail -n 60 | sed 's/^/# /'
	fi
fi
t_done
