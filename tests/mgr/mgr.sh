#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/mgr.sh: /dev/u-dma-buf-mgr. The runner has
# loaded u-dma-buf.ko with udmabuf0=4096 info_enable=0 (no creation
# reports: the kernel log must not wrap), and u-dma-buf-mgr.ko. The guests
# have QEMU's edu PCI device (1234:11e8).
. /add/lib.sh
MGR=/dev/u-dma-buf-mgr

# --- helpers ------------------------------------------------------------------
# The kernel log since the last mark, without timestamps. A mark is a line
# of our own in the log, so a log that wrapped around cannot fool it.
T_MARKS=0
mark() {
	T_MARKS=$((T_MARKS + 1))
	echo "mgr-test: mark $T_MARKS" > /dev/kmsg
}
since() { dmesg | sed -n "/mgr-test: mark $T_MARKS\$/,\$p" | sed '1d; s/^\[[^]]*\] //'; }

# logged NAME TEXT: a line of the log since the mark is exactly TEXT.
logged() {
	if since | grep -qxF -- "$2"; then
		t_pass "$1"
	else
		t_fail "$1: no line '$2' in the kernel log: $(since | tail -n 5 | tr '\n' '|')"
	fi
}

# creates NAME COMMAND: COMMAND plus a newline, in one write, succeeds.
creates() { t_eq "$1" "$(mgr-tool "w:$2\\n")" "$((${#2} + 1)) ok"; }

# dev_ok NAME SIZE: /dev/NAME is a character device and sysfs size is SIZE.
dev_ok() {
	t_check "$1: /dev/$1 is a character device" test -c "/dev/$1"
	file_is "$1: size $2" "$CLASS/$1/size" "$2"
}

# info NAME FIELD: a field of core-ioctl's GET_DEV_INFO line (dma_mask, ...).
info() { core-ioctl info "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }

# --- the node ---------------------------------------------------------------------
mode_is "$MGR is crw------- (root only)" $MGR crw-------
t_eq "$MGR belongs to root:root" "$(stat -c %u:%g $MGR)" 0:0
t_eq "a user other than root cannot open it (EACCES)" \
	"$(mgr-tool -u 'w:create nobody 4096\n')" "open:EACCES"
absent "after the refused open" nobody

# --- the grammar --------------------------------------------------------------------
mark
t_eq "create NAME SIZE" "$(mgr-tool 'w:create g1 4096\n')" "15 ok"
dev_ok g1 4096
logged "create is logged" "u-dma-buf-mgr: create g1 size=4096"
t_eq "create NAME size=SIZE, hex" "$(mgr-tool 'w:create g2 size=0x2000\n')" "22 ok"
dev_ok g2 8192
logged "the log gives the size in decimal" "u-dma-buf-mgr: create g2 size=8192"
t_eq "create NAME SIZE, octal" "$(mgr-tool 'w:create g3 010000\n')" "17 ok"
dev_ok g3 4096
t_eq "create NAME SIZE, not page aligned" "$(mgr-tool 'w:create g4 12345\n')" "16 ok"
dev_ok g4 12345
t_eq "tabs and runs of spaces between tokens, around the command" \
	"$(mgr-tool 'w: \t create \t g5\t\t4096  \t\n')" "24 ok"
dev_ok g5 4096
t_eq "';', '\\0' and '\\n' end commands; all of one write run" \
	"$(mgr-tool 'w:create g6 4096;create g7 8192\0create g8 0x3000\n')" "47 ok"
dev_ok g6 4096
dev_ok g7 8192
dev_ok g8 12288
t_eq "a command split over three writes runs when its end arrives" \
	"$(mgr-tool 'w:crea' e:g9 'w:te g9 40' e:g9 'w:96\n' e:g9)" "4 no 8 no 3 yes ok"
dev_ok g9 4096
t_eq "an unterminated last command runs at close()" \
	"$(mgr-tool 'w:create g10 4096' e:g10 c e:g10)" "15 no ok yes"
dev_ok g10 4096
mark
t_eq "empty commands do nothing" "$(mgr-tool 'w:\n;;\0 \t\n')" "7 ok"
t_eq "empty commands log nothing" "$(since)" ""
t_eq "an unterminated last command's error is close()'s" \
	"$(mgr-tool 'w:create g11 0' c)" "12 EINVAL"
absent "after the error at close()" g11

t_eq "an error stops the write: earlier commands stay done, the rest is dropped" \
	"$(mgr-tool 'w:create m1 4096;create m2 0;create m3 4096\n' e:m1 e:m2 e:m3)" \
	"EINVAL yes no no ok"
t_eq "the file works on after an error" "$(mgr-tool 'w:create m2 0\n' 'w:create m4 4096\n')" \
	"EINVAL 15 ok"
dev_ok m4 4096
t_eq "an error drops the unterminated rest of that write, not only commands" \
	"$(mgr-tool 'w:create m5 4096' 'w:\ncreate m6 0\ncreate m7 4096' e:m5 c e:m7)" \
	"14 EINVAL yes ok no"

t_eq "delete, several in one write" \
	"$(mgr-tool 'w:delete g1;delete g2;delete g3;delete g4;delete g5\n')" "50 ok"
mark
t_eq "delete NAME" "$(mgr-tool 'w:delete g6\n')" "10 ok"
logged "delete is logged" "u-dma-buf-mgr: delete g6"
for n in g1 g2 g3 g4 g5 g6; do
	absent "after delete $n" $n
done
for n in g7 g8 g9 g10 m1 m4 m5; do
	echo "delete $n" > $MGR
done
absent "after the shell's echo 'delete m5'" m5

# --- the 1024-byte buffer -------------------------------------------------------
t_eq "a 1024-byte write is buffered whole" "$(mgr-tool 'p:1024:create b1 4096' e:b1 c e:b1)" \
	"1024 no ok yes"
t_eq "1023 bytes, then the terminator: 1024 in the buffer" \
	"$(mgr-tool 'p:1023:create b2 4096' 'w:\n' e:b2)" "1023 1 yes ok"
t_eq "ENOSPC when a write would overflow: the overlong command is dropped whole" \
	"$(mgr-tool 'p:1000:create b4 4096' 'p:25:x' e:b4 'w:\n' e:b4)" "1000 ENOSPC no 1 no ok"
t_eq "after an overflow, the command after the dropped one's terminator runs" \
	"$(mgr-tool 'p:1000:create b4 4096' 'p:25:x' 'w:tail\ncreate b5 4096\n' e:b4 e:b5)" \
	"1000 ENOSPC 20 no yes ok"
t_eq "an overflowing write holding the terminator: the rest of that write is dropped" \
	"$(mgr-tool 'p:1000:create b4 4096' 'p:41:x\ncreate b6 4096\n' 'w:create b7 4096\n' \
		e:b6 e:b7)" "1000 ENOSPC 15 no yes ok"
s=""
i=0
while [ $i -lt 30 ]; do
	s="${s}create s$i 4096;delete s$i;"
	i=$((i + 1))
done
mark
t_eq "60 commands in one write" "$(mgr-tool "w:$s\n")" "$((${#s} + 1)) ok"
t_eq "60 commands in one write: 30 created" \
	"$(since | grep -c '^u-dma-buf-mgr: create s[0-9]* size=4096$')" 30
t_eq "60 commands in one write: 30 deleted" "$(since | grep -c '^u-dma-buf-mgr: delete s')" 30
for n in b1 b2 b5 b7; do
	echo "delete $n" > $MGR
done

# --- names ------------------------------------------------------------------------------
L63=abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abc
creates "a 63-character name" "create $L63 4096"
dev_ok $L63 4096
echo "delete $L63" > $MGR
absent "after delete of the 63-character name" $L63
t_eq "create dup" "$(mgr-tool 'w:create dup 4096\n')" "16 ok"
# Every failure: its errno, one log line saying what was wrong, nothing left
# behind (see mgr-tool -x).
cat > /tmp/cases <<'EOF'
name in use :: EEXIST ok :: dup :: w:create dup 8192\n
name of a module-parameter buffer :: EEXIST ok :: udmabuf0 :: w:create udmabuf0 4096\n
no name :: EINVAL ok :: name :: w:create\n
no name, only blanks :: EINVAL ok :: name :: w:create \t \n
a name with '/' :: EINVAL ok :: 'a/b' :: w:create a/b 4096\n
a 64-character name :: EINVAL ok :: abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcd :: w:create abcdefghij0123456789abcdefghij0123456789abcdefghij0123456789abcd 4096\n
white space in a name (\v) :: EINVAL ok :: not a valid device name :: w:create a\vb 4096\n
white space in a name (\r) :: EINVAL ok :: not a valid device name :: w:create a\rb 4096\n
white space in a name (\f) :: EINVAL ok :: not a valid device name :: w:create a\fb 4096\n
a name with '!' (the driver core makes it '/') :: EINVAL ok :: 'adv!bang' is not a valid device name :: w:create adv!bang 4096\n
a name with a byte above 0x7e :: EINVAL ok :: not a valid device name :: w:create caf\xe9 4096\n
a name with DEL (0x7f) :: EINVAL ok :: not a valid device name :: w:create a\x7fb 4096\n
the name null (/dev/null is someone else's) :: EEXIST ok :: /dev/null exists :: w:create null 4096\n
the name kmsg :: EEXIST ok :: /dev/kmsg exists :: w:create kmsg 4096\n
the name dma_heap (a directory in /dev) :: EEXIST ok :: /dev/dma_heap exists :: w:create dma_heap 4096\n
the name u-dma-buf-mgr :: EEXIST ok :: /dev/u-dma-buf-mgr exists :: w:create u-dma-buf-mgr 4096\n
a name with '=' (size=0) :: EINVAL ok :: size=0: a device name may not contain '=' :: w:create size=0 4096\n
the name '=' :: EINVAL ok :: may not contain '=' :: w:create = 4096\n
the name dma-heap (an option) :: EINVAL ok :: may not contain '=' or be an option :: w:create dma-heap 4096\n
the name quirk-mmap-on (an option) :: EINVAL ok :: may not be an option :: w:create quirk-mmap-on 4096\n
size 0 :: EINVAL ok :: size 0 :: w:create z 0\n
size=0x0 :: EINVAL ok :: size 0 :: w:create z size=0x0\n
no size :: EINVAL ok :: size :: w:create z\n
size=, empty :: EINVAL ok :: size :: w:create z size=\n
size 12abc :: EINVAL ok :: 12abc :: w:create z 12abc\n
size abc :: EINVAL ok :: abc :: w:create z abc\n
size -1 :: EINVAL ok :: '-1' :: w:create z -1\n
size 2^64 overflows u64 :: EINVAL ok :: 18446744073709551616 :: w:create z 18446744073709551616\n
size 0x10000000000000000 overflows u64 :: EINVAL ok :: 0x10000000000000000 :: w:create z 0x10000000000000000\n
size 1 TiB: ENOMEM naming the limit :: ENOMEM ok :: cannot allocate 1099511627776 bytes: .*[0-9]{6,} bytes :: w:create z 0x10000000000\n
size 2^64-1: ENOMEM naming the limit :: ENOMEM ok :: cannot allocate 18446744073709551615 bytes: .*[0-9]{6,} bytes :: w:create z 18446744073709551615\n
size 1 GiB: ENOMEM naming the limit :: ENOMEM ok :: cannot allocate 1073741824 bytes: .*[0-9]{6,} :: w:create z 0x40000000\n
unknown token :: EINVAL ok :: bogus :: w:create z 4096 bogus\n
unknown option :: EINVAL ok :: foo :: w:create z 4096 foo=1\n
unknown quirk-mmap option :: EINVAL ok :: quirk-mmap-maybe :: w:create z 4096 quirk-mmap-maybe\n
dma-mask=11 :: EINVAL ok :: dma-mask=11 :: w:create z 4096 dma-mask=11\n
dma-mask=65 :: EINVAL ok :: dma-mask=65 :: w:create z 4096 dma-mask=65\n
dma-mask=abc :: EINVAL ok :: dma-mask=abc :: w:create z 4096 dma-mask=abc\n
dma-mask=, empty :: EINVAL ok :: dma-mask :: w:create z 4096 dma-mask=\n
bus= without device= :: EINVAL ok :: bus=pci.*device :: w:create z 4096 bus=pci\n
unknown bus :: EINVAL ok :: usb :: w:create z 4096 bus=usb device=x\n
device= not found (platform bus) :: EINVAL ok :: nosuchdev :: w:create z 4096 device=nosuchdev\n
device= not found (bus=platform) :: EINVAL ok :: nosuchdev.*platform :: w:create z 4096 bus=platform device=nosuchdev\n
device= not found (bus=pci) :: EINVAL ok :: 0000:99:1f.7.*pci :: w:create z 4096 bus=pci device=0000:99:1f.7\n
device= not found (bus=pci_express) :: EINVAL ok :: nosuchport.*pci_express :: w:create z 4096 bus=pci_express device=nosuchport\n
unknown command :: EINVAL ok :: frobnicate :: w:frobnicate z 4096\n
delete of an unknown name :: ENODEV ok :: nosuch :: w:delete nosuch\n
delete with an extra token :: EINVAL ok :: extra :: w:delete dup extra\n
delete without a name :: EINVAL ok :: name :: w:delete\n
a 1025-byte write :: ENOSPC ok :: 1024 :: p:1025:create z 4096
an error at close() :: 10 EINVAL :: size 0 :: w:create z 0 :: c
EOF
if [ "$ARCH" = arm64 ]; then
	cat >> /tmp/cases <<'EOF'
device= not found (bus=amba) :: EINVAL ok :: nosuchdev.*amba :: w:create z 4096 bus=amba device=nosuchdev\n
size 512 MiB: ENOMEM naming the free CMA memory :: ENOMEM ok :: cannot allocate 536870912 bytes: .*[0-9]{6,} bytes of CMA :: w:create z 0x20000000\n
EOF
fi
# A PCIe port service device has no DMA mask: refused before any allocation.
port=$(ls /sys/bus/pci_express/devices 2>/dev/null | head -n 1)
if [ -n "$port" ]; then
	printf '%s :: EINVAL ok :: %s :: w:create z 4096 bus=pci_express device=%s\\n\n' \
		"a parent without a DMA mask ($port)" "$port is not capable of DMA" "$port" \
		>> /tmp/cases
else
	t_fail "the guest has no PCIe port service device (pcie-root-port)"
fi
# Another buffer's own platform device goes when that buffer goes.
own=$(parent_of udmabuf0)
printf '%s :: EINVAL ok :: %s :: w:create z 4096 bus=platform device=%s\\n\n' \
	"u-dma-buf's own platform device as a parent ($own)" "$own is u-dma-buf's own device" \
	"$own" >> /tmp/cases
run mgr-tool -x < /tmp/cases
echo "delete dup" > $MGR
absent "after delete dup" dup

# --- quirk-mmap options ----------------------------------------------------------
q=1
for o in off on auto page; do
	creates "create with quirk-mmap-$o" "create q$o 4096 quirk-mmap-$o"
	file_is "quirk-mmap-$o: quirk_mmap_mode $q" $CLASS/q$o/quirk_mmap_mode $q
	t_eq "quirk-mmap-$o: GET_DEV_INFO mmap mode $q" "$(info q$o mmap_mode)" $q
	echo "delete q$o" > $MGR
	q=$((q + 1))
done
echo "create qdef 4096" > $MGR
file_is "no quirk-mmap option: quirk_mmap_mode $DEFAULT_QUIRK ($ARCH default)" \
	$CLASS/qdef/quirk_mmap_mode $DEFAULT_QUIRK
echo "delete qdef" > $MGR

# --- dma-mask ---------------------------------------------------------------------
echo "create mdef 4096" > $MGR
t_eq "no dma-mask: a 32-bit mask (dma_mask_bit)" "$(info mdef dma_mask)" 32
for m in 32 0x28 64; do
	creates "dma-mask=$m: created" "create m$m 8192 dma-mask=$m"
	t_eq "dma-mask=$m: the DMA mask has $((m)) bits" "$(info m$m dma_mask)" $((m))
done
t_check "dma-mask=32: the buffer is below 4 GiB" \
	test $(($(cat $CLASS/m32/phys_addr) + 8192)) -le $((1 << 32))
if [ "$ARCH" = x86_64 ]; then
	creates "dma-mask=24: created" "create m24 8192 dma-mask=24"
	t_eq "dma-mask=24: the DMA mask has 24 bits" "$(info m24 dma_mask)" 24
	t_check "dma-mask=24: the buffer is below 16 MiB" \
		test $(($(cat $CLASS/m24/phys_addr) + 8192)) -le $((1 << 24))
	echo "delete m24" > $MGR
	# A 12-bit mask is in range, but no x86 memory lies below 4 KiB; the
	# spec names no errno for that: it fails, with a message.
	printf '%s\n' 'dma-mask=12, unsupported here :: !28 ok :: 12-bit :: w:create m12 4096 dma-mask=12\n' \
		> /tmp/cases
	run mgr-tool -x < /tmp/cases
fi
for n in mdef m32 m0x28 m64 m12; do
	[ -e $CLASS/$n ] && echo "delete $n" > $MGR
done

# --- parent devices ----------------------------------------------------------------
# parent NAME BUS DEVICE COHERENT: create NAME under DEVICE of BUS; its
# dma_coherent is COHERENT ("-": not checked).
parent() {
	creates "bus=$2 device=$3: created" "create $1 65536 bus=$2 device=$3"
	t_eq "bus=$2 device=$3: the parent is $3" "$(parent_of $1)" "$3"
	t_match "bus=$2 device=$3: sysfs path under the device" "$(readlink $CLASS/$1)" \
		"/$3/u-dma-buf/$1\$"
	[ "$4" = - ] || file_is "bus=$2 device=$3: dma_coherent $4" $CLASS/$1/dma_coherent $4
	CORE_TAG="bus=$2 " run core-mmap data $1
	echo "delete $1" > $MGR
	absent "bus=$2 device=$3: after delete" $1
}
edu=""
for d in /sys/bus/pci/devices/*; do
	[ "$(cat $d/vendor):$(cat $d/device)" = 0x1234:0x11e8 ] && edu=${d##*/}
done
if [ -z "$edu" ]; then
	t_fail "bus=pci: no edu device (1234:11e8) in the guest"
elif [ "$ARCH" = x86_64 ]; then
	parent pci0 pci "$edu" 1
else
	# No driver binds the edu device: the kernel never configured its
	# DMA (coherency) on arm64, so dma_coherent is not checked.
	parent pci0 pci "$edu" -
fi
if [ "$ARCH" = x86_64 ]; then
	parent plat0 platform serial8250 1
	pdev=serial8250
else
	parent amba0 amba 9000000.pl011 0
	# The PCI host bridge: bound, and dma-coherent in the device tree.
	parent plat0 platform 4010000000.pcie 1
	pdev=4010000000.pcie
fi
creates "device= without bus= searches the platform bus" "create plat1 4096 device=$pdev"
t_eq "device= without bus=: the parent" "$(parent_of plat1)" $pdev
echo "delete plat1" > $MGR

# --- dma-heap -----------------------------------------------------------------------
t_eq "create with dma-heap" "$(mgr-tool 'w:create hp 65536 dma-heap\n')" "25 ok"
t_check "dma-heap: /dev/dma_heap/hp is a character device" test -c /dev/dma_heap/hp
dev_ok hp 65536
t_eq "dma-heap: the heap allocates" "$(mgr-tool h:hp:4096)" ok
echo "create nohp 4096" > $MGR
t_check_fails "without dma-heap: no /dev/dma_heap/nohp" test -e /dev/dma_heap/nohp
echo "delete hp" > $MGR
t_check_fails "dma-heap: delete removes /dev/dma_heap/hp" test -e /dev/dma_heap/hp
absent "dma-heap: after delete" hp
echo "delete nohp" > $MGR

# --- delete while mapped ---------------------------------------------------------
for o in "" quirk-mmap-off quirk-mmap-on quirk-mmap-auto quirk-mmap-page; do
	run mgr-mapped mapped $o
done

# --- concurrent writers ------------------------------------------------------------
run mgr-stress concurrent 4 50
t_eq "after the concurrent writers only udmabuf0 is left" "$(ls $CLASS | tr '\n' ' ')" \
	"udmabuf0 "
stats_is "after the concurrent writers: stats" 1 4096

# --- a large creation holds nobody up (arm64: 64 MiB from CMA) -----------------------
if [ "$ARCH" = arm64 ]; then
	run mgr-overlap 67108864 8
	stats_is "after the overlapping creations: stats" 1 4096
fi

# --- create/delete cycles ----------------------------------------------------------
auto0=$(count_auto)
run mgr-stress cycles 300
t_eq "after the cycles: only udmabuf0 is left" "$(ls $CLASS | tr '\n' ' ')" "udmabuf0 "
t_eq "after the cycles: no heap node of theirs" "$(ls /dev/dma_heap | grep -c cyc)" 0
t_eq "after the cycles: no platform device of ours" "$(count_auto)" "$auto0"
t_check "rmmod u_dma_buf_mgr at the end" rmmod u_dma_buf_mgr
t_check "rmmod u_dma_buf at the end" rmmod u_dma_buf
t_done
