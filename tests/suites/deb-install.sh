#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The Debian packages (debian/, `make deb`): debian/changelog, dkms.conf and
# src/version.h agree on the version; the packages build (or are reused
# from build/deb when the tree did not change) and lintian reports no error
# or warning. DKMS builds both modules from u-dma-buf-dkms's sources on the
# host, for the amd64 guest kernel and (cross) for the arm64 one, whose
# modules then load in an arm64 guest (tests/deb/arm64.sh). Then, in an
# x86_64 guest (tests/deb/guest.sh): dpkg -i installs all the packages,
# DKMS installs both modules for the guest's kernel, modprobe loads the
# installed module, the udev rule gives the nodes group video and mode
# 660, the udmabuf command, the Python module and the GStreamer plugin work
# from the system directories, a program built with pkg-config against
# gstreamer-udmabuf-1.0 allocates frames and prints their DMA addresses, and
# dpkg -r removes everything, the modules included.
#
# Compiling the modules in the TCG guest takes about 20 minutes, so by
# default the guest's DKMS installs the modules built on the host by the
# same DKMS (the package's postinst loads them as a prebuilt DKMS tarball);
# UDMABUF_DEB_GUEST_BUILD=1 makes DKMS compile them in the guest.
# arches: x86_64
# debug: no
. "$UDMABUF_TOP/tests/lib/suite-vm.sh"
. "$UDMABUF_TOP/scripts/env.sh"
top=$UDMABUF_TOP
out=$top/build/deb

ver=$(sed -n 's/.*U_DMA_BUF_DRIVER_VERSION "\(.*\)"/\1/p' "$top/src/version.h")
clver=$(dpkg-parsechangelog -l "$top/debian/changelog" -S Version 2>/dev/null)
dkmsver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
if [ -n "$ver" ] && [ "${clver%-*}" = "$ver" ] && [ "$dkmsver" = "$ver" ]; then
	echo "PASS: deb: debian/changelog ($clver), dkms.conf and src/version.h agree"
else
	echo "FAIL: deb: versions differ: src/version.h '$ver', debian/changelog '$clver', dkms.conf '$dkmsver'"
	SUITE_FAILED=1
fi

t0=$(date +%s)
if make -s -C "$top" deb >"$out.log" 2>&1; then
	echo "PASS: deb: make deb builds the packages ($(( $(date +%s) - t0 ))s: $(tail -n 1 "$out.log"))"
	if [ -e "$out/lintian.txt" ]; then
		echo "PASS: deb: lintian reports no error or warning (build/deb/lintian.txt)"
	else
		echo "FAIL: deb: lintian did not run (sh scripts/deps.sh installs it)"
		SUITE_FAILED=1
	fi
else
	sed 's/^/# /' "$out.log" | tail -n 40
	if grep -q 'lintian reports' "$out.log"; then
		echo "PASS: deb: make deb builds the packages"
		echo "FAIL: deb: lintian reports errors or warnings (see above)"
	else
		echo "FAIL: deb: make deb"
	fi
	rm -f "$out.log"
	SUITE_FAILED=1
	suite_done
fi
rm -f "$out.log"

work=$(mktemp -d "$top/build/deb-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
dpkg-deb -x "$out/u-dma-buf-dkms_${ver}_all.deb" "$work/pkg"

# dkms_build ARCH KERNEL [VAR=VALUE...]: DKMS (with private trees) builds
# the package's sources for KERNEL into $work/ARCH; one line about it.
dkms_build() {
	local a=$1 kv=$2 w=$work/$1 t0 d
	shift 2
	t0=$(date +%s)
	mkdir -p "$w/src" "$w/dkms" "$w/install"
	cp -a "$work/pkg/usr/src/u-dma-buf-$ver" "$w/src/"
	d=(dkms --dkmstree "$w/dkms" --sourcetree "$w/src" --installtree "$w/install"
		-k "$kv" -a "$a" --kernelsourcedir "/usr/src/linux-headers-$kv")
	if "${d[@]}" add "u-dma-buf/$ver" >"$w/log" 2>&1 &&
	   env "$@" nice "${d[@]}" build "u-dma-buf/$ver" >>"$w/log" 2>&1 &&
	   [ -e "$w/dkms/u-dma-buf/$ver/$kv/$a/module/u-dma-buf.ko" ] &&
	   [ -e "$w/dkms/u-dma-buf/$ver/$kv/$a/module/u-dma-buf-mgr.ko" ]; then
		echo "PASS: deb: DKMS builds both modules from u-dma-buf-dkms for $kv ($a, $(( $(date +%s) - t0 ))s)"
		return 0
	fi
	sed 's/^/# /' "$w/log" | tail -n 20
	tail -n 20 "$w/dkms/u-dma-buf/$ver/build/make.log" 2>/dev/null | sed 's/^/# /'
	echo "FAIL: deb: DKMS builds both modules from u-dma-buf-dkms for $kv ($a)"
	SUITE_FAILED=1
	return 1
}

# arm64: the arch-all package's sources build against the arm64 headers
# that scripts/deps.sh unpacks, and the modules work in an arm64 guest.
kv64=$(udmabuf_arm64_release)
if [ -z "$kv64" ] || [ ! -e "/usr/src/linux-headers-$kv64/Makefile" ]; then
	echo "SKIP: deb: DKMS build for arm64: no arm64 headers (sh scripts/deps.sh)"
elif dkms_build arm64 "$kv64" ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-; then
	mkdir -p "$work/arm64-ko"
	cp "$work/arm64/dkms/u-dma-buf/$ver/$kv64/arm64/module/"*.ko "$work/arm64-ko/"
	UDMABUF_DEB_VERSION=$ver VM="$top/tests/vm/run --arch arm64" \
		suite_vm "deb-install: arm64 guest" --modules "$work/arm64-ko" --load "udmabuf0=0x100000" \
		--add "$top/tests/lib/tap.sh" "$top/tests/deb/arm64.sh" -- sh /add/arm64.sh
fi

# amd64, for the x86_64 guest: a DKMS tarball of the sources and the
# modules, which the package's postinst loads instead of compiling.
kv=$(udmabuf_x86_64_release)
export UDMABUF_DEB_DIR=$out UDMABUF_DEB_REGISTRY=$work/registry.bin
timeout=900
if [ "${UDMABUF_DEB_GUEST_BUILD:-0}" = 1 ]; then
	echo "# deb: DKMS compiles the modules in the guest (UDMABUF_DEB_GUEST_BUILD=1)"
	timeout=3600
elif dkms_build x86_64 "$kv" &&
	dkms --dkmstree "$work/x86_64/dkms" --sourcetree "$work/x86_64/src" -k "$kv" -a x86_64 \
		mktarball "u-dma-buf/$ver" --archive "$work/u-dma-buf-$ver.dkms.tar.gz" >>"$work/x86_64/log" 2>&1; then
	export UDMABUF_DEB_DKMS_TARBALL=$work/u-dma-buf-$ver.dkms.tar.gz
else
	echo "# deb: no prebuilt modules; DKMS compiles them in the guest"
	timeout=3600
fi

# The guest uses the host's plugins through this registry, so that
# gst-inspect-1.0 there only has to scan our new plugin.
GST_PLUGIN_PATH_1_0='' GST_PLUGIN_PATH='' GST_REGISTRY=$work/registry.bin \
	gst-inspect-1.0 coreelements >/dev/null 2>&1
suite_vm "deb-install: guest" --no-load --timeout "$timeout" -- sh "$top/tests/deb/guest.sh"
suite_done
