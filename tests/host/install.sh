#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make install, staged with INSTALL_MOD_PATH and DESTDIR, puts the modules
# (with modules.dep), the udev rule, the uapi headers, the GStreamer plugin
# and user space (libudmabuf, udmabuf.h, libudmabuf.pc, the udmabuf command,
# its man page and completion, the Python package) where they belong.
top=$(cd "$(dirname "$0")/../.." && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
if make -s -C "$top" install INSTALL_MOD_PATH="$stage" DESTDIR="$stage" >"$stage.log" 2>&1; then
	echo "PASS: make install (staged)"
else
	tail -n 15 "$stage.log"
	echo "FAIL: make install (staged)"
fi
rm -f "$stage.log"
check() {	# name, path glob
	if compgen -G "$stage/$2" >/dev/null; then
		echo "PASS: make install: $1"
	else
		echo "FAIL: make install: $1 ($2 missing)"
	fi
}
check "u-dma-buf.ko" "lib/modules/*/extra/u-dma-buf.ko"
check "u-dma-buf-mgr.ko" "lib/modules/*/extra/u-dma-buf-mgr.ko"
check "udev rule" "etc/udev/rules.d/99-u-dma-buf.rules"
check "u-dma-buf-ioctl.h" "usr/local/include/u-dma-buf-ioctl.h"
check "u-dma-buf-heap.h" "usr/local/include/u-dma-buf-heap.h"
check "GStreamer plugin" "usr/lib/*/gstreamer-1.0/libgstudmabuf.so"
check "libudmabuf.so.1" "usr/local/lib/*/libudmabuf.so.1"
check "libudmabuf.so (for -ludmabuf)" "usr/local/lib/*/libudmabuf.so"
check "udmabuf.h" "usr/local/include/udmabuf.h"
check "libudmabuf.pc" "usr/local/lib/*/pkgconfig/libudmabuf.pc"
check "the udmabuf command" "usr/local/bin/udmabuf"
check "udmabuf(1)" "usr/local/share/man/man1/udmabuf.1*"
check "bash completion" "usr/local/share/bash-completion/completions/udmabuf"
if command -v python3 >/dev/null; then
	check "the Python package" "usr/local/lib/python3*/*-packages/udmabuf/__init__.py"
fi
pc=$(compgen -G "$stage/usr/local/lib/*/pkgconfig/libudmabuf.pc" | head -n 1)
cflags=$(PKG_CONFIG_SYSROOT_DIR=$stage PKG_CONFIG_LIBDIR=${pc%/*} pkg-config --cflags libudmabuf)
if [ -n "$pc" ] && [ "${cflags% }" = "-I$stage/usr/local/include" ]; then
	echo "PASS: make install: libudmabuf.pc points at /usr/local/include"
else
	echo "FAIL: make install: libudmabuf.pc's --cflags are not -I/usr/local/include"
fi
if grep -q '^extra/u-dma-buf-mgr.ko: extra/u-dma-buf.ko' "$stage"/lib/modules/*/modules.dep 2>/dev/null; then
	echo "PASS: make install: depmod knows u-dma-buf-mgr needs u-dma-buf"
else
	echo "FAIL: make install: modules.dep lacks u-dma-buf-mgr's dependency"
fi
