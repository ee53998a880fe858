#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/dt.sh: the nodes of tests/dt/nodes.dtsi.
# Boots with --no-load; u-dma-buf.ko is loaded here, with two
# module-parameter buffers (udmabuf0, udmabuf3) the "col-*" nodes collide
# with, and the full creation report (info_enable=3).
. /add/lib.sh
MGR_KO=$UDMABUF_KO/u-dma-buf-mgr.ko
PDEV=/sys/bus/platform/devices
PAGE=4096

# The kernel log since the last mark (a line of our own), no timestamps.
T_MARKS=0
mark() {
	T_MARKS=$((T_MARKS + 1))
	echo "dt-test: mark $T_MARKS" > /dev/kmsg
}
since() { dmesg | sed -n "/dt-test: mark $T_MARKS\$/,\$p" | sed '1d; s/^\[[^]]*\] //'; }

# has NAME ERE: a line of /tmp/load.log matches ERE.
has() {
	if grep -Eq -- "$2" /tmp/load.log; then
		t_pass "$1"
	else
		t_fail "$1: no line matching /$2/ in the log of the load"
	fi
}

# probed NODE DEV: node NODE was probed and made /dev/DEV.
probed() {
	t_check "$1: /dev/$2 is a character device" test -c "/dev/$2"
	t_eq "$1: the node is bound to u-dma-buf" "$(basename "$(readlink $PDEV/$1/driver)")" \
		u-dma-buf
	t_eq "$1: /sys/class/u-dma-buf/$2 belongs to the node" "$(parent_of "$2")" "$1"
}

# refused NODE ERRNO ERE: the probe of NODE failed with -ERRNO, the log of
# the load has a line of ours matching ERE (saying why), NODE is not bound.
refused() {
	if grep -qxF "u-dma-buf: probe of $1 failed with error -$2" /tmp/load.log; then
		t_pass "$1: probe fails with error -$2"
	else
		t_fail "$1: probe fails with error -$2: $(grep -F "$1" /tmp/load.log | tr '\n' '|')"
	fi
	if grep -E '^u-dma-buf[ :]' /tmp/load.log | grep -Eq -- "$3"; then
		t_pass "$1: the message says why"
	else
		t_fail "$1: the message says why: no line matching /$3/: $(grep -F "$1" /tmp/load.log | tr '\n' '|')"
	fi
	t_check_fails "$1: the node is not bound" test -e "$PDEV/$1/driver"
}

# inside DEV BASE SIZE: the buffer of DEV lies inside [BASE, BASE + SIZE).
inside() {
	_p=$(($(cat $CLASS/$1/phys_addr)))
	_e=$((_p + $(cat $CLASS/$1/size)))
	if [ $_p -ge $(($2)) ] && [ $_e -le $(($2 + $3)) ]; then
		t_pass "$1: the buffer lies inside the region at $2"
	else
		t_fail "$1: the buffer lies inside the region at $2: it is at $(cat $CLASS/$1/phys_addr)"
	fi
}

# sorted list of the devices
devices() { ls $CLASS | sort | tr '\n' ' '; }

# --- load -------------------------------------------------------------------------
mark
t_check "insmod u-dma-buf.ko udmabuf0=4096 udmabuf3=8192 info_enable=3" \
	load udmabuf0=4096 udmabuf3=8192 info_enable=3
since > /tmp/load.log

want="c-auto c-off c-on c-page dflt fill inpool inpool-big legacy mask40 mask64 n-auto n-off"
want="$want n-on n-page named reuse230 sync-a sync-b sync-c two udmabuf0 udmabuf201 udmabuf3"
want="$want udmabuf@7e "
t_eq "exactly the good nodes and the parameter buffers exist" "$(devices)" "$want"
n=0
bytes=0
for d in $(ls $CLASS); do
	n=$((n + 1))
	bytes=$((bytes + ($(cat $CLASS/$d/size) + PAGE - 1) / PAGE * PAGE))
done
stats_is "failed probes left no memory allocated" $n $bytes
t_check_fails "nodes cannot be unbound through sysfs (no unbind file)" \
	test -e /sys/bus/platform/drivers/u-dma-buf/unbind
t_check_fails "nodes cannot be bound through sysfs (no bind file)" \
	test -e /sys/bus/platform/drivers/u-dma-buf/bind

# --- coherent and non-coherent x quirk-mmap ------------------------------------
q=1
for m in off on auto page; do
	for c in c n; do
		coh=0
		[ $c = c ] && coh=1
		d=$c-$m
		probed $d $d
		file_is "$d: dma_coherent $coh" $CLASS/$d/dma_coherent $coh
		file_is "$d: quirk_mmap_mode $q" $CLASS/$d/quirk_mmap_mode $q
		has "$d: the report says dma coherent = $coh" "^u-dma-buf $d: dma coherent   = $coh\$"
		case $m:$c in
		off:*|auto:c) how=dma_mmap_coherent ;;
		page:*) how=quirk-mmap-page ;;
		*) how=quirk-mmap ;;
		esac
		has "$d: the report says mmap = $how" "^u-dma-buf $d: mmap           = $how\$"
	done
	q=$((q + 1))
done

# --- defaults, sizes, dma-mask ---------------------------------------------------
probed dflt dflt
file_is "dflt: size 12345" $CLASS/dflt/size 12345
file_is "dflt: dma_coherent 0 without dma-coherent" $CLASS/dflt/dma_coherent 0
file_is "dflt: quirk_mmap_mode 2, the arm64 default" $CLASS/dflt/quirk_mmap_mode 2
file_is "dflt: sync_mode 1" $CLASS/dflt/sync_mode 1
file_is "dflt: sync_offset 0x0" $CLASS/dflt/sync_offset 0x0
file_is "dflt: sync_size 0" $CLASS/dflt/sync_size 0
file_is "dflt: sync_direction 0" $CLASS/dflt/sync_direction 0
file_is "dflt: sync_owner 0" $CLASS/dflt/sync_owner 0
t_check_fails "dflt: no /dev/dma_heap/dflt without dma-heap" test -e /dev/dma_heap/dflt

probed two two
file_is "two: a two-cell size of 2 MiB" $CLASS/two/size 2097152
refused huge4g 12 '^u-dma-buf: huge4g: cannot allocate 4294967296 bytes'
refused huge4g4k 12 '^u-dma-buf: huge4g4k: cannot allocate 4294971392 bytes'

probed mask40 mask40
probed mask64 mask64
t_eq "mask64: a 64-bit DMA mask" "$(core-ioctl info mask64 | sed -n 's/^dma_mask=\([0-9]*\) .*/\1/p')" 64
t_eq "dflt: a 32-bit DMA mask without dma-mask" \
	"$(core-ioctl info dflt | sed -n 's/^dma_mask=\([0-9]*\) .*/\1/p')" 32

# --- memory-region ---------------------------------------------------------------------
probed inpool inpool
inside inpool 0x70000000 0x2000000
probed inpool-big inpool-big
inside inpool-big 0x70000000 0x2000000
probed fill fill
inside fill 0x72000000 0x200000
refused over 12 "^u-dma-buf: over: cannot allocate 2097152 bytes inside the memory region"
refused over-big 12 "cannot allocate 8388608 bytes inside the memory region"
probed reuse230 reuse230
t_match "reuse230: gets minor 230, which the failed probe of over gave back" \
	"$(cat $CLASS/reuse230/dev)" ':230$'
refused nomap 22 '^u-dma-buf nomap: memory-region .*nomap@74000000: a no-map carve-out has no kernel mapping.*make the region "reusable" \(a CMA pool\) instead$'
refused plain 22 '^u-dma-buf plain: memory-region .*plain@74100000: .*not reusable.*make the region "reusable"'
refused other 22 '^u-dma-buf other: memory-region .*other@74200000: not a reserved shared-dma-pool'
refused badref 22 '^u-dma-buf badref: memory-region: not a phandle'

# --- dma-heap ------------------------------------------------------------------------
t_check "inpool-big: /dev/dma_heap/inpool-big is a character device" \
	test -c /dev/dma_heap/inpool-big
t_eq "inpool-big: the heap allocates" "$(mgr-tool h:inpool-big:65536)" ok
# The heap of a device inside a reserved-memory region: its buffers lie in
# the device (so in the region), exhaustion, fragmentation and freeing
# (tests/heap/heap-sub.c prints its own PASS/FAIL lines).
if UDMABUF_HP_LABEL="inpool-big (reserved memory)" heap-sub inpool-big; then
	t_pass "inpool-big: heap-sub exits 0"
else
	t_fail "inpool-big: heap-sub failed"
fi

# --- naming ------------------------------------------------------------------------
probed nm-all named
t_match "device-name wins over minor-number: named has minor 200" "$(cat $CLASS/named/dev)" ':200$'
t_check_fails "device-name wins over minor-number: no udmabuf200" test -e /dev/udmabuf200
probed nm-minor udmabuf201
t_match "minor-number names udmabuf201, minor 201" "$(cat $CLASS/udmabuf201/dev)" ':201$'
probed udmabuf@7e udmabuf@7e
probed legacy legacy
file_is "legacy: size" $CLASS/legacy/size 65636

# --- collisions with module-parameter buffers ------------------------------------
t_match "udmabuf0 is the parameter buffer" "$(parent_of udmabuf0)" '^u-dma-buf\.[0-9]+\.auto$'
file_is "udmabuf0 keeps the parameter's size" $CLASS/udmabuf0/size 4096
file_is "udmabuf3 keeps the parameter's size" $CLASS/udmabuf3/size 8192
refused col-minor 16 '^u-dma-buf: dtminor3: minor number 3 is in use$'
refused col-name 17 '^u-dma-buf: udmabuf0: .*exists'
refused col-both 17 '^u-dma-buf: udmabuf3: .*exists'

# --- initial sync settings ------------------------------------------------------------
file_is "sync-a: sync_mode 6 (2 + sync-always)" $CLASS/sync-a/sync_mode 6
file_is "sync-a: sync_offset 0x1000" $CLASS/sync-a/sync_offset 0x1000
file_is "sync-a: sync_size 8192" $CLASS/sync-a/sync_size 8192
file_is "sync-a: sync_direction 2" $CLASS/sync-a/sync_direction 2
file_is "sync-b: sync_mode 5 (default 1 + sync-always)" $CLASS/sync-b/sync_mode 5
file_is "sync-b: two-cell sync_offset 0x3000" $CLASS/sync-b/sync_offset 0x3000
file_is "sync-b: two-cell sync_size 4096" $CLASS/sync-b/sync_size 4096
file_is "sync-b: sync_direction 1" $CLASS/sync-b/sync_direction 1
file_is "sync-c: sync_mode 0" $CLASS/sync-c/sync_mode 0

# --- bad properties -----------------------------------------------------------------
refused bad-nosize 22 '^u-dma-buf bad-nosize: size: missing$'
refused bad-size3 22 '^u-dma-buf bad-size3: size: must be one or two cells, not 12 bytes$'
refused bad-size0 22 '^u-dma-buf bad-size0: size: 0 '
refused bad-minor 22 '^u-dma-buf bad-minor: minor-number: 256 is out of range 0\.\.255$'
refused bad-minor2 22 '^u-dma-buf bad-minor2: minor-number: must be one cell'
refused bad-mode 22 '^u-dma-buf bad-mode: sync-mode: 8 is out of range 0\.\.7$'
refused bad-dir 22 '^u-dma-buf bad-dir: sync-direction: 5 is out of range 0\.\.2$'
refused bad-off 22 '^u-dma-buf bad-off: sync-offset: must be one or two cells, not 12 bytes$'
refused bad-ssize 22 '^u-dma-buf bad-ssize: sync-size: must be one or two cells, not 12 bytes$'
refused bad-quirk 22 '^u-dma-buf bad-quirk: quirk-mmap-o(n|ff) and quirk-mmap-o(n|ff): at most one quirk-mmap property$'
refused bad-quirk2 22 '^u-dma-buf bad-quirk2: quirk-mmap-(auto|page) and quirk-mmap-(auto|page): at most one quirk-mmap property$'
refused bad-mask11 22 '^u-dma-buf bad-mask11: dma-mask: 11 is out of range'
refused bad-mask65 22 '^u-dma-buf bad-mask65: dma-mask: 65 is out of range'
refused bad-mask0 22 '^u-dma-buf bad-mask0: dma-mask: 0 is out of range'
refused bad-name 22 '^u-dma-buf bad-name: .*device-name.*a/b'
refused bad-name64 22 '^u-dma-buf bad-name64: .*device-name.*abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcd'
refused bad-nametype 22 '^u-dma-buf bad-nametype: device-name: must be a string$'
refused bad-nameempty 22 '^u-dma-buf bad-nameempty: .*device-name'

# --- data and sync through the core programs -----------------------------------------
echo 1 > $CLASS/n-off/sync_for_device
file_is "n-off: sysfs sync_for_device gives the buffer to the device" $CLASS/n-off/sync_owner 1
echo 1 > $CLASS/n-off/sync_for_cpu
file_is "n-off: sysfs sync_for_cpu gives it back to the CPU" $CLASS/n-off/sync_owner 0
# (core-ioctl wants fresh buffers of 1 MiB or more.)
run core-ioctl check two 32
run core-ioctl check mask40 40
for d in c-off c-on c-auto c-page n-off n-on n-auto n-page inpool legacy; do
	CORE_TAG="$d " run core-mmap all $d
done
run core-rw dflt
# sync-always (sync_mode 6): every read() and write() syncs.
run core-rw sync-a

# --- the manager deletes a node's device; rmmod --------------------------------------
t_check "insmod u-dma-buf-mgr.ko" insmod "$MGR_KO"
t_eq "the manager deletes a device-tree buffer" "$(mgr-tool 'w:delete dflt\n')" "12 ok"
absent "after the manager's delete" dflt
# A node's memory pool belongs to its own buffer: no other buffer on it
# (it would be freed into the pool after rmmod released it).
t_eq "the manager refuses a u-dma-buf node as a parent (EINVAL)" \
	"$(mgr-tool 'w:create dtkid 4096 bus=platform device=inpool\n')" "EINVAL ok"
absent "after the refused create" dtkid
t_check "rmmod u_dma_buf_mgr" rmmod u_dma_buf_mgr
# rmmod is refused while an export of c-on lives; then core-mmap maps
# c-on: rmmod refused while mapped, done after munmap.
run dt-export c-on
CORE_TAG="c-on " run core-mmap unload c-on
t_check_fails "after rmmod: no /sys/class/u-dma-buf" test -e $CLASS
t_check_fails "after rmmod: no statistics" test -e $STATS
t_check_fails "after rmmod: no /dev/dma_heap/inpool-big" test -e /dev/dma_heap/inpool-big
for d in c-on inpool two legacy; do
	absent "after rmmod" $d
	t_check_fails "after rmmod: $d is unbound" test -e $PDEV/$d/driver
	t_check "after rmmod: the platform device $d stays" test -e $PDEV/$d
done

# --- again, without module-parameter buffers ------------------------------------------
mark
t_check "insmod u-dma-buf.ko with udmabuf5_bind=inpool" load udmabuf5=4096 udmabuf5_bind=inpool
since > /tmp/load.log
# Bound before the node's probe, the buffer would be freed into its pool.
has "udmabuf5_bind=inpool: refused, naming the node" \
	'^u-dma-buf: udmabuf5: inpool is a u-dma-buf device-tree node'
absent "udmabuf5_bind=inpool" udmabuf5
probed col-name udmabuf0
probed col-minor dtminor3
t_match "dtminor3 has minor 3" "$(cat $CLASS/dtminor3/dev)" ':3$'
refused col-both 16 '^u-dma-buf: udmabuf3: minor number 3 is in use$'
probed dflt dflt
probed inpool inpool
inside inpool 0x70000000 0x2000000
probed fill fill
inside fill 0x72000000 0x200000
t_check "rmmod u_dma_buf" rmmod u_dma_buf
t_check_fails "after the last rmmod: no /sys/class/u-dma-buf" test -e $CLASS
t_done
