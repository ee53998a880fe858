#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# deps.sh [--check] [--debug]
#
# Installs what building, testing and the demo need on Debian 12 (bookworm),
# including the arm64 guest kernel, its headers and busybox, which are
# unpacked under $UDMABUF_GUEST_DIR (apt cannot install arm64 kernel headers
# on amd64). Installing needs root; --check only reports what is missing.
# --debug adds what building the lane kernels needs (tests/vm/lane-kernel.sh:
# the debug kernel of make test-debug, the bench kernel of make bench-heaps).
# Does nothing when everything is present.
set -eu
UDMABUF_TOP_HINT=$(cd "$(dirname "$0")/.." && pwd)
. "$(dirname "$0")/env.sh"

check_only=0
debug=0
for a in "$@"; do
	case "$a" in
	--check) check_only=1 ;;
	--debug) debug=1 ;;
	*) echo "usage: $0 [--check] [--debug]" >&2; exit 2 ;;
	esac
done

# Build and module tooling, both guests, user-space test and plugin builds,
# the Debian packages (make deb: debhelper, dh-dkms, dh-python, lintian).
packages="make gcc git xz-utils kmod cpio busybox-static
linux-image-amd64 linux-headers-amd64 linux-source-6.1 sparse
qemu-system-x86 qemu-system-arm seabios device-tree-compiler
binutils-aarch64-linux-gnu gcc-aarch64-linux-gnu libc6-dev-arm64-cross
gcc-i686-linux-gnu libc6-dev-i386-cross liburing-dev libdrm-dev pkg-config e2fsprogs
libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev gstreamer1.0-tools
gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
meson ninja-build dkms python3-numpy python3-pytest
debhelper dh-dkms dh-python lintian"
[ "$debug" = 1 ] && packages="$packages flex bison bc libelf-dev libssl-dev dwarves"

missing=""
for p in $packages; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	case "$st" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done

arm64_ok() {
	kv=$(udmabuf_arm64_release)
	[ -n "$kv" ] && [ -e "/usr/src/linux-headers-$kv/Makefile" ] &&
		[ -e "$UDMABUF_GUEST_DIR/arm64/root/bin/busybox" ] &&
		[ -e "$UDMABUF_GUEST_DIR/arm64/root/usr/lib/aarch64-linux-gnu/liburing.a" ] &&
		[ -e "$UDMABUF_GUEST_DIR/arm64/root/lib/modules/$kv/modules.dep" ]
}

if [ -z "$missing" ] && arm64_ok; then
	exit 0
fi

if [ "$check_only" = 1 ] || [ "$(id -u)" != 0 ]; then
	echo "deps: missing Debian packages:${missing:- (none)}" >&2
	arm64_ok || echo "deps: missing the arm64 guest kernel under $UDMABUF_GUEST_DIR/arm64" >&2
	echo "deps: run as root: sh scripts/deps.sh${debug:+ }$([ "$debug" = 1 ] && echo --debug)" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt_install() {
	apt-get install -y --no-install-recommends "$@"
}

if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	dpkg --add-architecture arm64
fi
apt-get update
# binutils for aarch64 must come from amd64 first, or apt tries the arm64
# package and fails.
apt_install binutils-aarch64-linux-gnu:amd64
# shellcheck disable=SC2086
[ -z "$missing" ] || apt_install $missing

if ! arm64_ok; then
	host_kv=$(udmabuf_x86_64_release)
	[ -n "$host_kv" ] || { echo "deps: no amd64 kernel with headers installed" >&2; exit 1; }
	kv=${host_kv%-amd64}-arm64
	dl=$(mktemp -d)
	chmod 755 "$dl"
	(cd "$dl" && chown _apt "$dl" 2>/dev/null; apt-get download \
		"linux-image-$kv:arm64" "linux-headers-$kv:arm64" \
		busybox-static:arm64 liburing-dev:arm64)
	root=$UDMABUF_GUEST_DIR/arm64/root
	rm -rf "$root"
	mkdir -p "$root"
	for deb in "$dl"/*.deb; do
		dpkg-deb -x "$deb" "$root"
	done
	rm -rf "$dl"
	# The headers' Makefile includes linux-headers-<abi>-common and their
	# scripts link to linux-kbuild-6.1, both installed with the amd64 headers.
	rm -rf "/usr/src/linux-headers-$kv"
	cp -a "$root/usr/src/linux-headers-$kv" /usr/src/
	depmod -b "$root" "$kv"
fi
echo "deps: all present"
