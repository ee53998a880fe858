# SPDX-License-Identifier: GPL-2.0
# In an arm64 guest (tests/suites/deb-install.sh): the modules DKMS built on
# the host from u-dma-buf-dkms's sources against the arm64 headers were
# loaded by the runner (u-dma-buf.ko udmabuf0=0x100000, u-dma-buf-mgr.ko).
# Needs UDMABUF_DEB_VERSION.
. /add/tap.sh
t_eq "deb (arm64): the DKMS-built u-dma-buf.ko is version $UDMABUF_DEB_VERSION" \
	"$(cat /sys/module/u_dma_buf/version 2>&1)" "$UDMABUF_DEB_VERSION"
t_eq "deb (arm64): it made /dev/udmabuf0 of 1 MiB" \
	"$(cat /sys/class/u-dma-buf/udmabuf0/size 2>&1)" 1048576
t_check "deb (arm64): the DKMS-built u-dma-buf-mgr.ko made /dev/u-dma-buf-mgr" test -c /dev/u-dma-buf-mgr
t_check "deb (arm64): and the heap /dev/dma_heap/udmabuf is there" test -c /dev/dma_heap/udmabuf
t_done
