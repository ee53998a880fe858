#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fuzz: tests/fuzz/fuzz (issue 18) with a fixed set of seeds and a fixed
# number of steps each, in one guest per architecture (on x86_64 also one
# seed of the i686 build, through the compat ioctls): one PASS/FAIL line
# per seed, and one for the guest's kernel log. About 60-70 s per arch on
# Debian's kernel. A failure prints "FUZZ FAIL seed=S epoch=E step=N",
# the last actions and the command that replays the epoch.
#
# FUZZ_SUITE_SKIP (comma-separated classes of tests/fuzz/fz.h) leaves out
# known-bug classes; by default none is left out (on arm64 the fuzzer's
# "uring" leaves page-mode device mappings alone: IORING_REGISTER_BUFFERS of
# their CMA pages loops in 6.1's GUP until killed, docs/SECURITY.md).
# arches: x86_64 arm64
. "$UDMABUF_TOP/tests/lib/suite-vm.sh"

seeds="1 2 3 4"
case "$ARCH/$KERNEL" in
*/debug) steps=200 ;;
arm64/*) steps=10000 ;;
*) steps=12000 ;;
esac
skip=${FUZZ_SUITE_SKIP-}
[ -n "$skip" ] && echo "SKIP: fuzz ($ARCH): known-bug classes left out: $skip"
cmd="sh /add/seeds.sh /add/fuzz $steps '$skip' $seeds"
# The x86_64 guest sees the host's files: the i686 build runs from there.
i686=$UDMABUF_TOP/build/tests/i686/fuzz
if [ "$ARCH" = x86_64 ] && [ -x "$i686" ]; then
	cmd="$cmd; r=\$?; sh /add/seeds.sh $i686 $((steps * 2 / 3)) '$skip' 5 && exit \$r"
fi
# A PCIe root port: its port-service devices are parents without a DMA mask;
# QEMU's edu device: a parent the fuzzer hot-removes and brings back.
SUITE_VM_LOG_LINES=40 suite_vm "fuzz ($ARCH): guest" --timeout 900 \
	--qemu "-device pcie-root-port,id=rp0,chassis=1,bus=pcie.0 -device edu" \
	--add "$UDMABUF_TESTS/fuzz" "$UDMABUF_TOP/tests/fuzz/seeds.sh" -- sh -c "$cmd"
suite_done
