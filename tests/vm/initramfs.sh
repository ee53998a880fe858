#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# initramfs.sh ARCH KERNEL_RELEASE MODULES_ROOT
#
# Prints the path of a cached base initramfs for the test guests, building it
# when the inputs changed. MODULES_ROOT is the directory holding
# lib/modules/KERNEL_RELEASE ("/" for the host's amd64 kernel).
#  - x86_64: static busybox, /init, the 9p + overlay chain to reach the host
#    root (nothing else: the guest then runs from the host's files).
#  - arm64: static arm64 busybox, /init, the 9p chain, and a module tree with
#    modules.dep for the in-tree drivers tests use (vgem, vivid, loop, brd,
#    ext4), so plain `modprobe NAME` works inside.
set -eu
UDMABUF_TOP_HINT=$(cd "$(dirname "$0")/../.." && pwd)
. "$UDMABUF_TOP_HINT/scripts/env.sh"
arch=$1
kv=$2
mroot=$3
here=$(cd "$(dirname "$0")" && pwd)

boot_modules="virtio_pci 9pnet_virtio 9p"
[ "$arch" = x86_64 ] && boot_modules="$boot_modules overlay"
[ "$arch" = arm64 ] && extra_modules="vgem vivid loop brd ext4"
case "$arch" in
x86_64) busybox=/bin/busybox ;;
arm64) busybox=$UDMABUF_GUEST_DIR/arm64/root/bin/busybox ;;
*) echo "initramfs: unsupported arch $arch" >&2; exit 2 ;;
esac

key=$(cat "$here/init" "$0" "$busybox" | sha1sum | cut -c1-12)
out=$UDMABUF_CACHE/initramfs/$arch-$kv-$key.cpio.gz
if [ -s "$out" ]; then
	echo "$out"
	exit 0
fi
mkdir -p "$(dirname "$out")"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bin" "$stage/etc" "$stage/lib/modules/$kv"
cp "$busybox" "$stage/bin/busybox"
cp "$here/init" "$stage/init"
chmod 755 "$stage/init" "$stage/bin/busybox"

# Resolve module dependencies against the kernel's own modules.dep; a module
# built into the kernel shows up as "builtin" and needs nothing.
deps() {
	if [ -e "$mroot/lib/modules/$kv/modules.dep" ]; then
		# shellcheck disable=SC2086
		modprobe -d "$mroot" -S "$kv" -a --show-depends "$@" |
			sed -n 's/^insmod \([^ ]*\).*/\1/p' | awk '!seen[$0]++'
	fi
}

: > "$stage/etc/boot-modules"
for ko in $(deps $boot_modules); do
	rel=${ko#"$mroot"}
	rel=${rel#/}
	mkdir -p "$stage/$(dirname "$rel")"
	cp "$mroot/$rel" "$stage/$rel"
	echo "/$rel" >> "$stage/etc/boot-modules"
done
if [ -n "${extra_modules:-}" ]; then
	for ko in $(deps $extra_modules); do
		rel=${ko#"$mroot"}
		rel=${rel#/}
		mkdir -p "$stage/$(dirname "$rel")"
		cp "$mroot/$rel" "$stage/$rel"
	done
	cp "$mroot/lib/modules/$kv/modules.builtin" "$mroot/lib/modules/$kv/modules.builtin.modinfo" "$stage/lib/modules/$kv/" 2>/dev/null || true
	cp "$mroot/lib/modules/$kv/modules.order" "$stage/lib/modules/$kv/" 2>/dev/null || true
	depmod -b "$stage" "$kv"
fi

(cd "$stage" && find . | cpio -o -H newc --quiet) | gzip -1 > "$out.tmp"
mv "$out.tmp" "$out"
echo "$out"
