# SPDX-License-Identifier: GPL-2.0
# Shared settings for the build, test and demo scripts (POSIX sh, sourced).
#
#   UDMABUF_CACHE      per-user cache: initramfs images, checkpatch, debug kernel
#                      (default ${XDG_CACHE_HOME:-$HOME/.cache}/u-dma-buf)
#   UDMABUF_GUEST_DIR  guest kernels and root files unpacked by scripts/deps.sh
#                      (default /var/lib/u-dma-buf-test)

UDMABUF_TOP=$(cd "$(dirname "$0")" && git rev-parse --show-toplevel 2>/dev/null || true)
[ -n "$UDMABUF_TOP" ] && [ -f "$UDMABUF_TOP/Kbuild" ] || UDMABUF_TOP=${UDMABUF_TOP_HINT:-$(pwd)}
: "${UDMABUF_CACHE:=${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/u-dma-buf}"
: "${UDMABUF_GUEST_DIR:=/var/lib/u-dma-buf-test}"

# Debian architecture name of a kernel ARCH.
udmabuf_debarch() {
	case "$1" in
	x86_64|x86|amd64) echo amd64 ;;
	arm64|aarch64) echo arm64 ;;
	arm) echo armmp ;;
	i386) echo 686-pae ;;
	*) echo "$1" ;;
	esac
}

udmabuf_host_arch() {
	uname -m | sed -e 's/arm.*/arm/' -e 's/aarch64.*/arm64/'
}

# The lane of an ARCH-LANE build target (x86_64-debug, x86_64-bench: our
# modules built against tests/vm/lane-kernel.sh LANE), "" for a plain ARCH.
udmabuf_lane() {
	case "$1" in
	x86_64-*) echo "${1#x86_64-}" ;;
	esac
}

# Newest installed amd64 kernel that has an image, modules and headers.
udmabuf_x86_64_release() {
	for img in /boot/vmlinuz-*-amd64; do
		[ -e "$img" ] || continue
		kv=${img#/boot/vmlinuz-}
		[ -e "/lib/modules/$kv/modules.dep" ] || continue
		[ -e "/usr/src/linux-headers-$kv/Makefile" ] || continue
		echo "$kv"
	done | sort -V | tail -n 1
}

# Release of the arm64 guest kernel unpacked by scripts/deps.sh.
udmabuf_arm64_release() {
	for img in "$UDMABUF_GUEST_DIR"/arm64/root/boot/vmlinuz-*; do
		[ -e "$img" ] || continue
		echo "${img##*/vmlinuz-}"
	done | sort -V | tail -n 1
}

# Kernel build directory for ARCH: the running kernel's when it has one,
# else the newest Debian headers package for that architecture.
udmabuf_kernel_src() {
	arch=$1
	if [ "$arch" = "$(udmabuf_host_arch)" ] && [ -e "/lib/modules/$(uname -r)/build/Makefile" ]; then
		echo "/lib/modules/$(uname -r)/build"
		return
	fi
	for d in /usr/src/linux-headers-*-"$(udmabuf_debarch "$arch")"; do
		[ -e "$d/Makefile" ] && echo "$d"
	done | sort -V | tail -n 1
}

udmabuf_cross_compile() {
	[ "$1" = "$(udmabuf_host_arch)" ] && return
	case "$1" in
	arm64) echo aarch64-linux-gnu- ;;
	arm) echo arm-linux-gnueabihf- ;;
	esac
}
