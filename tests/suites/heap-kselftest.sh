#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Heap: the kernel's own selftest tools/testing/selftests/dmabuf-heaps/
# dmabuf-heap.c, taken at test time from the linux-source-6.1 package
# (extracted into build/tests/x86_64/heap-kselftest/, never copied into
# the repository) and built against the host's headers, runs in the x86_64
# guest with vgem loaded against every node in /dev/dma_heap (on Debian's
# kernel only our main heap: no sub-heap is created, as a small one cannot
# hold its 32 x 1 MiB). Every test must print OK.
# arches: x86_64
. "$UDMABUF_TOP/tests/heap/suite-lib.sh"
src=/tools/testing/selftests/dmabuf-heaps/dmabuf-heap.c
bdir=$UDMABUF_TESTS/heap-kselftest
tarball=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n 1)
if [ -z "$tarball" ]; then
	echo "FAIL: kselftest: linux-source-6.1 is not installed (sh scripts/deps.sh)"
	exit 1
fi
rm -rf "$bdir"
mkdir -p "$bdir/include"
if ! tar -xf "$tarball" -C "$bdir" --strip-components=1 --wildcards "*$src"; then
	echo "FAIL: kselftest: cannot extract $src from $tarball"
	exit 1
fi
# it includes <drm/drm.h>, which the host has as libdrm's <drm.h>
ln -s /usr/include/libdrm "$bdir/include/drm"
if ! out=$(gcc -O2 -Wall -I"$bdir/include" -o "$bdir/dmabuf-heap" "$bdir$src" 2>&1); then
	printf '%s\n' "$out" | sed 's/^/# /'
	echo "FAIL: kselftest: dmabuf-heap.c does not compile"
	exit 1
fi
[ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/# gcc: /'
echo "PASS: kselftest: dmabuf-heap.c from $(basename "$tarball") compiled"
suite_vm "heap-kselftest: guest" \
	--add "$HP_T/lib/tap.sh" "$HP_T/heap/guest-lib.sh" "$HP_T/heap/kselftest.sh" \
	"$bdir/dmabuf-heap" -- sh /add/kselftest.sh
suite_done
