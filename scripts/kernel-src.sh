#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Prints the default KERNEL_SRC (or CROSS_COMPILE with --cross) for ARCH.
UDMABUF_TOP_HINT=$(cd "$(dirname "$0")/.." && pwd)
. "$(dirname "$0")/env.sh"
case "$1" in
--cross) udmabuf_cross_compile "$2" ;;
*) udmabuf_kernel_src "$1" ;;
esac
