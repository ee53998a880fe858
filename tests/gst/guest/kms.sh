# SPDX-License-Identifier: LGPL-2.1-or-later
# In the guest (QEMU -vga cirrus): kmssink displays udmabufalloc's buffers
# by importing them through PRIME (drmPrimeFDToHandle + drmModeAddFB2),
# never by its fallback copy into one of its dumb buffers. kmssink's log
# (GST_DEBUG=kmssink:7) names the framebuffer it made from each dma-buf
# ("setting KMS mem ... to DMABuf mem ... with fb id = N", "found KMS mem
# ... in DMABuf mem ... with fb id = N" when reused) and every framebuffer
# it shows ("displaying fb N"): every shown framebuffer must be one made
# from a dma-buf. The copy fallback logs nothing of its own, so a control
# run without udmabufalloc shows that the check tells the two apart.
. "$UDMABUF_TOP/tests/lib/tap.sh"
. "$UDMABUF_TOP/tests/gst/guest/lib.sh"
gst_use_plugin
o=/tmp/check.out
export GST_DEBUG=kmssink:7
sink="kmssink driver-name=cirrus force-modesetting=true"

# kms_fbs LOG: "shown imported" framebuffer counts.
kms_fbs() {
	sed -n 's/.*KMS mem .* DMABuf mem .* fb id = \([0-9]*\).*/\1/p' "$1" | sort -u >/tmp/fb.imported
	sed -n 's/.*displaying fb \([0-9]*\).*/\1/p' "$1" | sort -u >/tmp/fb.shown
	echo "$(wc -l </tmp/fb.shown) $(comm -12 /tmp/fb.shown /tmp/fb.imported | wc -l)"
}

# kms_imported NAME: every framebuffer shown was made from a dma-buf.
kms_imported() {
	# shellcheck disable=SC2046
	set -- "$1" $(kms_fbs $o.err)
	echo "# $1: $(grep -c 'setting KMS mem' $o.err) imports, $(grep -c 'found KMS mem' $o.err) reuses, $2 framebuffers shown"
	t_check "$1: framebuffers made from our dma-bufs" grep -q "setting KMS mem .* to DMABuf mem" $o.err
	t_check "$1: frames were shown" test "$2" -gt 0
	t_eq "$1: every shown framebuffer was imported (no copy fallback)" "$3" "$2"
}

t_check "cirrus loads" modprobe cirrus
t_check "a DRM device" test -c /dev/dri/card0

n=kms
# shellcheck disable=SC2086
gst_check_run $n $o --sysfs $MAIN_SYSFS \
	videotestsrc num-buffers=60 ! video/x-raw,format=BGRx,width=640,height=480 \
	! udmabufalloc ! $sink
t_eq "$n: 60 u-dma-buf buffers to kmssink" "$(kv udmabuf_buffers $o)" 60
t_eq "$n: frames-copied" "$(kv frames_copied $o)" 0
t_check "$n: kmssink can import PRIME" grep -q "prime import (✓)" $o.err
kms_imported $n
t_eq "$n: no heap buffer left" "$(kv heap_buffers_after $o)" 0

# Strides aligned to 256 bytes (848 px of BGRx: 3392 -> 3584; cirrus shows
# only its modes' sizes): kmssink reads the pitch from the video meta and
# still imports.
n=kms-stride-align
# shellcheck disable=SC2086
gst_check_run $n $o --sysfs $MAIN_SYSFS \
	videotestsrc num-buffers=20 ! video/x-raw,format=BGRx,width=848,height=480 \
	! udmabufalloc stride-align=256 ! $sink
t_eq "$n: u-dma-buf buffers" "$(kv udmabuf_buffers $o)" 20
t_eq "$n: the stride is aligned" "$(kv first_stride $o)" 3584
kms_imported $n
t_eq "$n: no heap buffer left" "$(kv heap_buffers_after $o)" 0

# Control: system memory, which kmssink copies into its dumb buffers: frames
# are shown, none of them an imported framebuffer.
n=kms-control
# shellcheck disable=SC2086
gst-launch-1.0 videotestsrc num-buffers=10 ! video/x-raw,format=BGRx,width=640,height=480 \
	! identity drop-allocation=true ! $sink >/dev/null 2>$o.err
# shellcheck disable=SC2046
set -- $(kms_fbs $o.err)
t_check "$n: frames were shown" test "$1" -gt 0
t_eq "$n: none of them an imported framebuffer" "$2" 0

gst_heap_empty kms
t_done
