#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# libudmabuf and the udmabuf command against real devices and heaps
# (tests/libudmabuf/): every library call and its errors with the exact
# errno and error text (lub-device, lub-dmabuf, lub-mgr: opening, sysfs
# facts, listing, users, sync mode and range syncs, mappings, DMA addresses
# of pointers with pagemap agreeing in every quirk mode (seed 004),
# exports, heap buffers and sub-heaps, imports, DMA_BUF_IOCTL_SYNC, the
# manager), then the command's output, JSON and exit statuses (guest.sh).
# x86_64 runs the meson-built command on the shared library, and a
# program built with pkg-config --cflags --libs libudmabuf against a copy
# installed into a prefix (tests/libudmabuf/installed.sh); arm64 runs
# static builds.
# arches: x86_64 arm64
. "$UDMABUF_TOP/tests/lib/suite-vm.sh"
t=$UDMABUF_TOP/tests
progs=()
for p in lub-device lub-dmabuf lub-mgr udmabuf; do
	if [ -x "$UDMABUF_TESTS/$p" ]; then
		progs+=("$UDMABUF_TESTS/$p")
	else
		echo "FAIL: $p is not built (make -C tests ARCH=$ARCH)"
		SUITE_FAILED=1
	fi
done
if [ "$ARCH" = x86_64 ]; then
	# the shared library and the command as meson builds them
	b=$UDMABUF_TOP/build/userspace
	if { [ -e "$b/build.ninja" ] || meson setup "$b" "$UDMABUF_TOP/userspace" >/dev/null; } &&
	   ninja -C "$b" >/dev/null; then
		echo "PASS: libudmabuf: meson build"
		export UDMABUF_LUB_CMD=$b/tools/udmabuf UDMABUF_LIBRARY=$b/lib/libudmabuf.so.1
		if /usr/bin/python3 -c 'import numpy, pytest' 2>/dev/null; then
			export UDMABUF_LUB_PY=$UDMABUF_TOP/userspace/python
			progs+=("$t/libudmabuf/test_udmabuf.py")
		else
			echo "SKIP: python: /usr/bin/python3 lacks numpy or pytest (scripts/deps.sh)"
		fi
	else
		echo "FAIL: libudmabuf: meson build (meson setup $b userspace && ninja -C $b)"
		SUITE_FAILED=1
	fi
	# a program built with pkg-config against an installed copy (in a
	# prefix under build/, which the guest sees) runs in the guest
	inst=$(mktemp -d "$UDMABUF_TOP/build/lub-install.XXXXXX")
	if . "$t/libudmabuf/installed.sh" "$inst"; then
		echo "PASS: libudmabuf: meson install --prefix, then a pkg-config build against it"
		export UDMABUF_LUB_PCPROG=$inst/pcprog
	else
		echo "FAIL: libudmabuf: install into a prefix and build with pkg-config: $LUB_INSTALL_ERR"
		SUITE_FAILED=1
	fi
fi
suite_vm "libudmabuf ($ARCH): guest" --load "udmabuf0=1048576 info_enable=0" \
	--add "$t/lib/tap.sh" "$t/libudmabuf/cmd-lib.sh" "$t/libudmabuf/guest.sh" "${progs[@]}" \
	-- sh /add/guest.sh
[ -n "${inst:-}" ] && rm -rf "$inst"
suite_done
