#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Export: a buffer of 4 GiB + 64 MiB (tests/export/export-large.c) from a
# device-tree CMA pool above 4 GiB (tests/dt/large.dtsi, an 8 GiB guest),
# imported the RDMA core's way: importer tables with entries below 4 GiB,
# data both ways at offsets above 4 GiB, mmap() there, a sub-range export
# above 4 GiB; a 32-bit importer's pins refused with EOPNOTSUPP; the pool
# free again after rmmod. One guest.
# arches: arm64
. "$UDMABUF_TOP/tests/lib/suite-vm.sh"
t=$UDMABUF_TOP/tests
work=$(mktemp -d /tmp/udmabuf-large.XXXXXX)
trap 'rm -rf "$work"' EXIT

if ! $VM --mem 8G --dumpdtb "$work/virt.dtb" -- true ||
   ! dtc -q -I dtb -O dts -o "$work/virt.dts" "$work/virt.dtb" ||
   ! cat "$work/virt.dts" "$t/dt/large.dtsi" > "$work/large.dts" ||
   ! dtc -q -I dts -O dtb -o "$work/large.dtb" "$work/large.dts"; then
	echo "FAIL: export-large: building the device tree"
	exit 1
fi
suite_vm "export-large ($ARCH): guest" --mem 8G --dtb "$work/large.dtb" \
	--add "$t/lib/tap.sh" "$t/export/guest-lib.sh" "$t/export/large.sh" \
	"$UDMABUF_TESTS/export-large" "$UDMABUF_KMOD/rdma-importer/udmabuf-rdma-importer.ko" \
	-- sh /add/large.sh
suite_done
