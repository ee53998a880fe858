#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# dkms.conf works: `dkms add/build/install` in a private DKMS tree produce
# both modules for the installed amd64 kernel, and the package version
# matches the driver version.
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/env.sh"
kv=$(udmabuf_x86_64_release)
ver=$(sed -n 's/.*DRIVER_VERSION "\(.*\)"/\1/p' "$top/src/version.h")
pkgver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
[ "$ver" = "$pkgver" ] && echo "PASS: dkms.conf version matches the driver ($ver)" ||
	echo "FAIL: dkms.conf version $pkgver, driver $ver"

if ! command -v dkms >/dev/null; then
	echo "FAIL: dkms is not installed (sh scripts/deps.sh)"
	exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/src/u-dma-buf-$ver" "$tmp/dkms" "$tmp/install/$kv"
(cd "$top" && tar -cf - --exclude=./build --exclude=./.git --exclude='*.o' --exclude='*.ko' .) |
	tar -xf - -C "$tmp/src/u-dma-buf-$ver"
d=(dkms --dkmstree "$tmp/dkms" --sourcetree "$tmp/src" --installtree "$tmp/install" -k "$kv")
if "${d[@]}" add "u-dma-buf/$ver" >"$tmp/log" 2>&1 &&
   "${d[@]}" build "u-dma-buf/$ver" >>"$tmp/log" 2>&1 &&
   "${d[@]}" install --force "u-dma-buf/$ver" >>"$tmp/log" 2>&1; then
	echo "PASS: dkms add, build and install"
else
	tail -n 20 "$tmp/log"
	cat "$tmp"/dkms/u-dma-buf/"$ver"/build/make.log 2>/dev/null | tail -n 20
	echo "FAIL: dkms add, build and install"
fi
for m in u-dma-buf u-dma-buf-mgr; do
	if find "$tmp/install" -name "$m.ko*" | grep -q .; then
		echo "PASS: dkms installed $m.ko"
	else
		echo "FAIL: dkms did not install $m.ko"
	fi
done
