# SPDX-License-Identifier: LGPL-2.1-or-later
# In the guest: V4L2 with vivid (vb2-vmalloc: imports by vmap). Two vivid
# instances, single-planar (video0 capture, video1 output) and
# multi-planar (video2, video3). v4l2src io-mode=dmabuf-import captures into
# udmabufalloc's buffers; v4l2sink io-mode=dmabuf-import displays them.
# The v4l2 elements' debug log shows each import ("imported DMABUF") and
# would show a copy ("copying buffer", "copy video frame").
. "$UDMABUF_TOP/tests/lib/tap.sh"
. "$UDMABUF_TOP/tests/gst/guest/lib.sh"
gst_use_plugin
o=/tmp/check.out
export GST_DEBUG=v4l2allocator:7,v4l2bufferpool:7

t_check "vivid loads" modprobe vivid n_devs=2 multiplanar=1,2 node_types=0x101,0x101
for i in 0 1 2 3; do
	echo "# video$i: $(cat /sys/class/video4linux/video$i/name)"
done

# v4l2_imported NAME: the log shows imports and no copy.
v4l2_imported() {
	t_check "$1: v4l2 imported our dma-bufs" grep -q "imported DMABUF as fd" $o.err
	t_check_fails "$1: v4l2 copied nothing" grep -q "copying buffer\|copy video frame" $o.err
}

# --- capture ---------------------------------------------------------------------
n=capture
gst_check_run $n $o --read --phys --sysfs $MAIN_SYSFS \
	v4l2src device=/dev/video0 io-mode=dmabuf-import num-buffers=30 \
	! video/x-raw,format=YUY2,width=640,height=480 ! udmabufalloc ! fakesink
t_eq "$n: 30 frames" "$(kv buffers $o)" 30
t_eq "$n: captured into u-dma-buf memory" "$(kv udmabuf_buffers $o)" 30
t_eq "$n: frames-copied" "$(kv frames_copied $o)" 0
t_eq "$n: captured bytes readable through the fd" "$(kv fd_readable $o)" 30
t_eq "$n: captured frames are not blank" "$(kv fd_nonzero $o)" 30
t_eq "$n: DMA addresses non-zero" "$(kv phys_nonzero $o)" 30
v4l2_imported $n
t_eq "$n: no heap buffer left" "$(kv heap_buffers_after $o)" 0

n=capture-multiplanar
gst_check_run $n $o --read --sysfs $MAIN_SYSFS \
	v4l2src device=/dev/video2 io-mode=dmabuf-import num-buffers=30 \
	! video/x-raw,format=NV12,width=640,height=480 \
	! udmabufalloc memory-per-plane=true ! fakesink
t_eq "$n: captured into u-dma-buf memory" "$(kv udmabuf_buffers $o)" 30
t_eq "$n: a memory per plane (NV12M)" "$(kv max_memories $o)" 2
t_eq "$n: frames-copied" "$(kv frames_copied $o)" 0
t_eq "$n: captured frames readable and not blank" "$(kv fd_nonzero $o)" 30
v4l2_imported $n
t_eq "$n: no heap buffer left" "$(kv heap_buffers_after $o)" 0

# Without memory-per-plane a multi-planar device cannot import one memory:
# an error, no crash. (v4l2src 1.22 leaks itself, its pool and so the
# buffers it took from ours on this path -- GST_TRACERS=leaks lists
# GstV4l2Src, GstV4l2BufferPool, GstUdmabufBufferPool and 4 GstBuffers --
# so the heap is checked after the process exited.)
n=capture-multiplanar-one-memory
gst_check_fails $n $o --sysfs $MAIN_SYSFS \
	v4l2src device=/dev/video2 io-mode=dmabuf-import num-buffers=5 \
	! video/x-raw,format=NV12,width=640,height=480 ! udmabufalloc ! fakesink
t_check "$n: v4l2src says why" grep -q "^error=v4l2src0: Failed to allocate required memory" $o
echo "# $n: heap buffers still held inside the process (v4l2src's leak): $(kv heap_buffers_after $o)"
gst_heap_empty "$n: after the process exited"

# --- output ----------------------------------------------------------------------
n=output
gst_check_run $n $o --sysfs $MAIN_SYSFS \
	videotestsrc num-buffers=30 ! video/x-raw,format=YUY2,width=640,height=480 \
	! udmabufalloc ! v4l2sink device=/dev/video1 io-mode=dmabuf-import
t_eq "$n: u-dma-buf memory to v4l2sink" "$(kv udmabuf_buffers $o)" 30
t_eq "$n: frames-copied" "$(kv frames_copied $o)" 0
v4l2_imported $n
t_eq "$n: no heap buffer left" "$(kv heap_buffers_after $o)" 0

n=output-multiplanar
gst_check_run $n $o --sysfs $MAIN_SYSFS \
	videotestsrc num-buffers=30 ! video/x-raw,format=NV12,width=640,height=480 \
	! udmabufalloc memory-per-plane=true \
	! v4l2sink device=/dev/video3 io-mode=dmabuf-import
t_eq "$n: u-dma-buf memory to v4l2sink" "$(kv udmabuf_buffers $o)" 30
t_eq "$n: a memory per plane" "$(kv max_memories $o)" 2
t_eq "$n: frames-copied" "$(kv frames_copied $o)" 0
v4l2_imported $n
t_eq "$n: no heap buffer left" "$(kv heap_buffers_after $o)" 0

gst_heap_empty v4l2
t_done
