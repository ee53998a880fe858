# SPDX-License-Identifier: GPL-2.0
# In the x86_64 guest (tests/suites/deb-install.sh; its root is the host's
# under a writable overlay, so installing changes nothing on the host):
# dpkg -i every package of UDMABUF_DEB_DIR, then use what they installed as
# a user of the packages would, then dpkg -r them all and check that
# nothing is left. Needs UDMABUF_DEB_DIR (the .deb files), UDMABUF_DEB_REGISTRY
# (a GStreamer registry of the host's plugins, without ours: a scan of every
# plugin takes minutes under TCG) and UDMABUF_TOP.
#
# With UDMABUF_DEB_DKMS_TARBALL (a `dkms mktarball` of the package's
# sources built on the host for this kernel), the package's postinst takes
# DKMS's path for prebuilt modules (ldtarball, then install) instead of
# compiling: compiling both modules under TCG takes about 20 minutes.
. "$UDMABUF_TOP/tests/lib/tap.sh"
D=${UDMABUF_DEB_DIR:?}
kv=$(uname -r)
pkgs="u-dma-buf-dkms libudmabuf1 libudmabuf-dev udmabuf-tools python3-udmabuf
gstreamer1.0-udmabuf libgstudmabuf-1.0-0 libgstudmabuf-1.0-dev"
ver=$(sed -n 's/.*U_DMA_BUF_DRIVER_VERSION "\(.*\)"/\1/p' "$UDMABUF_TOP/src/version.h")
plugindir=/usr/lib/x86_64-linux-gnu/gstreamer-1.0
unset GST_PLUGIN_PATH GST_PLUGIN_PATH_1_0 UDMABUF_LIBRARY
export DEBIAN_FRONTEND=noninteractive
export GST_REGISTRY=/tmp/gst-registry.bin
cp "$UDMABUF_DEB_REGISTRY" "$GST_REGISTRY"
# What a booted system has and the guest's devtmpfs lacks: DKMS uses
# bash's <(...), which needs /dev/fd.
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
# man-db's trigger rebuilds its index (a minute under TCG); not what is tested.
rm -f /var/lib/man-db/auto-update
elapsed() { echo $(($(cut -d. -f1 /proc/uptime) - $1)); }
now() { cut -d. -f1 /proc/uptime; }

installed() { dpkg-query -W -f='${Status}\n' "$1" 2>/dev/null | grep -q ' installed$'; }
debs=""
for p in $pkgs; do
	f=$(ls "$D/${p}_${ver}"_*.deb 2>/dev/null | head -n 1)
	[ -n "$f" ] || { t_fail "deb: $D has no ${p}_${ver} package"; t_done; }
	installed "$p" && { t_fail "deb: $p is already installed on the host: the test proves nothing"; t_done; }
	debs="$debs $f"
done
[ -e "$plugindir/libgstudmabuf.so" ] && t_fail "deb: $plugindir/libgstudmabuf.so exists before installing"

# --- install -------------------------------------------------------------
# Where the postinst of a DKMS package looks for prebuilt modules
# (/usr/lib/dkms/common.postinst: /usr/share/PACKAGE/NAME-VERSION.dkms.tar.gz).
prebuilt=/usr/share/u-dma-buf-dkms/u-dma-buf-$ver.dkms.tar.gz
if [ -n "${UDMABUF_DEB_DKMS_TARBALL:-}" ]; then
	mkdir -p "${prebuilt%/*}"
	cp "$UDMABUF_DEB_DKMS_TARBALL" "$prebuilt"
	how="DKMS installs the modules it built on the host"
else
	how="DKMS compiles the modules"
fi
t0=$(now)
# shellcheck disable=SC2086
if dpkg -i $debs >/tmp/dpkg.log 2>&1; then
	t_pass "deb: dpkg -i all 8 packages ($(elapsed "$t0") s; $how)"
else
	sed 's/^/# /' /tmp/dpkg.log | tail -n 30
	t_fail "deb: dpkg -i all 8 packages failed"
fi
grep -i 'tarball\|building\|installing to\|error' /tmp/dpkg.log | sed 's/^/# dpkg: /' | head -n 10
missing=""
for p in $pkgs; do installed "$p" || missing="$missing $p"; done
t_eq "deb: all 8 packages are installed" "${missing:-none}" none

# --- the modules, built by DKMS ------------------------------------------------
st=$(dkms status u-dma-buf 2>&1)
echo "# dkms status: $st"
t_match "deb: dkms status: u-dma-buf/$ver installed for $kv" "$st" \
	"^u-dma-buf/$ver, $kv, x86_64: installed"
for m in u-dma-buf u-dma-buf-mgr; do
	t_match "deb: modinfo $m: the DKMS build in /lib/modules/$kv/updates/dkms" \
		"$(modinfo -n "$m" 2>&1)" "^/lib/modules/$kv/updates/dkms/$m\.ko"
	t_eq "deb: modinfo $m: version $ver" "$(modinfo -F version "$m" 2>&1)" "$ver"
done

# udevd, as a booted system has it, applies the packaged rule to the nodes
# the module creates.
udevd=/lib/systemd/systemd-udevd
[ -x "$udevd" ] || udevd=/usr/lib/systemd/systemd-udevd
mkdir -p /run/udev
"$udevd" --daemon >/tmp/udevd.log 2>&1 || t_fail "deb: systemd-udevd --daemon: $(head -n 3 /tmp/udevd.log)"
t_check "deb: modprobe u-dma-buf udmabuf0=0x100000 loads the installed module" \
	modprobe u-dma-buf udmabuf0=0x100000
t_check "deb: modprobe u-dma-buf-mgr" modprobe u-dma-buf-mgr
udevadm settle --timeout=120 2>/dev/null
t_eq "deb: /sys/module/u_dma_buf/version" "$(cat /sys/module/u_dma_buf/version 2>&1)" "$ver"
t_eq "deb: /dev/udmabuf0 of 1 MiB" "$(cat /sys/class/u-dma-buf/udmabuf0/size 2>&1)" 1048576
for n in /dev/udmabuf0 /dev/dma_heap/udmabuf; do
	t_eq "deb: udev rule: $n is group video, mode 660" \
		"$(stat -c '%G %a' "$n" 2>&1)" "video 660"
done
t_eq "deb: udev rule: /dev/u-dma-buf-mgr stays root-only" \
	"$(stat -c '%G %a' /dev/u-dma-buf-mgr 2>&1)" "root 600"
udevadm control --exit 2>/dev/null

# --- user space -------------------------------------------------------------
out=$(cd / && udmabuf list 2>&1)
echo "$out" | sed 's/^/# udmabuf list: /'
t_eq "deb: the udmabuf command is /usr/bin/udmabuf" "$(command -v udmabuf)" /usr/bin/udmabuf
t_match "deb: udmabuf list shows the device udmabuf0" "$out" '^udmabuf0 +device '
t_match "deb: udmabuf list shows the heap udmabuf" "$out" '^udmabuf +heap '
t_match "deb: man udmabuf" "$(man -w udmabuf 2>&1)" '^/usr/share/man/man1/udmabuf\.1'
t_check "deb: bash completion for udmabuf" test -f /usr/share/bash-completion/completions/udmabuf
out=$(cd / && python3 -c 'import numpy as np, udmabuf
a = udmabuf.Device("udmabuf0").array(np.uint8)
print(udmabuf.__file__, a.size, hex(a.dma_address))' 2>&1)
echo "# python3: $out"
t_match "deb: python3 -c 'import udmabuf' (the packaged module)" "$out" \
	'^/usr/lib/python3/dist-packages/udmabuf/__init__\.py '
t_match "deb: python3: udmabuf0 as a NumPy array with its DMA address" "$out" \
	' 1048576 0x[0-9a-f]+$'

# --- GStreamer ----------------------------------------------------------------
out=$(gst-inspect-1.0 udmabufalloc 2>&1 | grep -E 'Filename|Long-name|WARN|ERROR')
echo "$out" | sed 's/^/# gst-inspect-1.0: /'
t_match "deb: gst-inspect-1.0 udmabufalloc finds the plugin in $plugindir" "$out" \
	"Filename +(/usr)?/lib/x86_64-linux-gnu/gstreamer-1\.0/libgstudmabuf\.so"
t_check "deb: gst-launch-1.0 videotestsrc ! udmabufalloc ! fakesink" \
	gst-launch-1.0 -q videotestsrc num-buffers=5 ! video/x-raw,width=320,height=240 ! \
	udmabufalloc ! fakesink
flags=$(pkg-config --cflags --libs gstreamer-udmabuf-1.0 gstreamer-video-1.0 2>&1)
# shellcheck disable=SC2086
if gcc -o /tmp/frames "$UDMABUF_TOP/tests/deb/frames.c" $flags >/tmp/gcc.log 2>&1; then
	t_pass "deb: a program builds with pkg-config gstreamer-udmabuf-1.0 ($flags)"
else
	sed 's/^/# /' /tmp/gcc.log | head -n 20
	t_fail "deb: gcc ... \$(pkg-config --cflags --libs gstreamer-udmabuf-1.0) failed"
fi
t_match "deb: the program links the packaged libgstudmabuf-1.0.so.0" "$(ldd /tmp/frames 2>&1)" \
	'libgstudmabuf-1\.0\.so\.0 => /(usr/)?lib/x86_64-linux-gnu/libgstudmabuf-1\.0\.so\.0'
out=$(/tmp/frames 3 2>&1)
echo "$out" | sed 's/^/# frames: /'
# NV12 640x480, strides aligned to 256: 768 bytes
t_eq "deb: the program takes 3 frames (stride 768) from the pool and prints their DMA addresses" \
	"$(echo "$out" | grep -cE '^frame [0-2]: dma 0x[0-9a-f]+ size [0-9]+ stride 768 fd [0-9]+$')" 3
t_eq "deb: the 3 DMA addresses are distinct and not 0" \
	"$(echo "$out" | awk '/^frame/ && $4 != "0x0" {print $4}' | sort -u | wc -l)" 3
t_eq "deb: the heap is empty again" "$(cat /sys/class/misc/u-dma-buf-heap/buffers_in_use 2>&1)" 0

# --- remove ---------------------------------------------------------------------
modprobe -r u-dma-buf-mgr u-dma-buf 2>/dev/null
t0=$(now)
# shellcheck disable=SC2086
if dpkg -r $pkgs >/tmp/dpkg-r.log 2>&1; then
	t_pass "deb: dpkg -r all 8 packages ($(elapsed "$t0") s)"
else
	sed 's/^/# /' /tmp/dpkg-r.log | tail -n 20
	t_fail "deb: dpkg -r failed"
fi
left=""
for p in $pkgs; do installed "$p" && left="$left $p"; done
t_eq "deb: no package is left installed" "${left:-none}" none
t_eq "deb: dkms status knows no u-dma-buf" "$(dkms status u-dma-buf 2>&1)" ""
t_eq "deb: no u-dma-buf module is left in /lib/modules/$kv" \
	"$(find "/lib/modules/$kv" -name 'u-dma-buf*.ko*' 2>/dev/null | tr '\n' ' ')" ""
t_check_fails "deb: modprobe u-dma-buf finds nothing" modprobe -n u-dma-buf
t_check_fails "deb: modinfo u-dma-buf finds nothing" modinfo u-dma-buf
for f in /usr/src/u-dma-buf-"$ver" /var/lib/dkms/u-dma-buf /lib/udev/rules.d/99-u-dma-buf.rules \
	/usr/bin/udmabuf "$plugindir/libgstudmabuf.so" /usr/include/gstreamer-1.0/gst/udmabuf \
	/usr/lib/python3/dist-packages/udmabuf; do
	t_check_fails "deb: $f is gone" test -e "$f"
done
rm -rf "${prebuilt%/*}"
t_done
