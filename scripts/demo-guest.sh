#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest part of `make demo` (see demo.sh). $1: the demo program.
set -e
say() { printf '\n$ %s\n' "$*"; sh -c "$*"; }
say "insmod $UDMABUF_KO/u-dma-buf.ko udmabuf0=4194304 info_enable=3"
say "dmesg | grep -E 'u-dma-buf( |:)' | sed 's/^\[ *[0-9.]*\] //'"
say "ls -l /dev/udmabuf0 /dev/dma_heap/"
say "cd /sys/class/u-dma-buf/udmabuf0 && grep . driver_version size phys_addr sync_mode dma_coherent quirk_mmap_mode ioctl_version"
say "modprobe vgem"
say "$1 udmabuf0"
say "head -c 16 /dev/udmabuf0 | od -An -tx1"
say "cat /sys/kernel/debug/u-dma-buf/stats"

# The udmabuf command and the Python package, from build/userspace.
ub=$(cd "$(dirname "$1")/../userspace" && pwd)
pkg=$(cd "$ub/../../userspace/python" && pwd)
export PATH="$ub/tools:$PATH" UDMABUF_LIBRARY="$ub/lib/libudmabuf.so.1" \
	PYTHONPATH="$pkg" PYTHONDONTWRITEBYTECODE=1
say "udmabuf list"
say "udmabuf info udmabuf0"
printf '\n$ python3\n'
/usr/bin/python3 -c '
import code, sys
class Console(code.InteractiveConsole):
    failed = False
    def showtraceback(self):
        Console.failed = True
        super().showtraceback()
console = Console()
for line in sys.stdin.read().splitlines():
    print(">>> " + line)
    console.push(line)
sys.exit(Console.failed)' <<'PY'
import numpy as np, udmabuf
buf = udmabuf.Device("udmabuf0").array(np.uint32); buf[:] = np.arange(buf.size); buf.flush()
hex(buf.dma_address), hex(buf[1024:].dma_address), buf[1024:1028]
PY

# GStreamer: frames produced straight into u-dma-buf heap memory.
gst=$(dirname "$1")/../gst-plugin
export GST_PLUGIN_PATH_1_0="$gst" GST_REGISTRY=/tmp/gst-registry.bin
cp "$gst/registry.bin" "$GST_REGISTRY"
say "gst-inspect-1.0 udmabufalloc | grep -E 'Long-name|frames-(passed|copied)'"
say "$gst/gst-udmabuf-check 'videotestsrc num-buffers=30 ! video/x-raw,format=NV12,width=640,height=480 ! udmabufalloc ! fakesink'"
