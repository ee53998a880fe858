# SPDX-License-Identifier: LGPL-2.1-or-later
# In the guest: udmabufalloc in real pipelines, run by gst-udmabuf-check
# (a pad probe on the element's src pad sees every buffer): the zero-copy
# path, the copy path, a sub-allocating heap, a caps change, a flushing
# seek, the error messages, and the heap accounting after each pipeline.
. "$UDMABUF_TOP/tests/lib/tap.sh"
. "$UDMABUF_TOP/tests/gst/guest/lib.sh"
gst_use_plugin
o=/tmp/check.out

# --- the zero-copy path ------------------------------------------------------
n=nv12-720p
gst_check_run $n $o --phys --read --sysfs $MAIN_SYSFS \
	videotestsrc num-buffers=60 ! video/x-raw,format=NV12,width=1280,height=720 \
	! udmabufalloc ! fakesink
t_eq "$n: the plugin registered the u-dma-buf allocator" "$(kv allocator_registered $o)" GstUdmabufAllocator
t_eq "$n: 60 buffers" "$(kv buffers $o)" 60
t_eq "$n: every buffer is u-dma-buf dma-buf memory" "$(kv udmabuf_buffers $o)" 60
t_eq "$n: from /dev/dma_heap/udmabuf" "$(kv heap $o)" /dev/dma_heap/udmabuf
t_eq "$n: frames-copied" "$(kv frames_copied $o)" 0
t_eq "$n: frames-passed" "$(kv frames_passed $o)" 60
t_eq "$n: DMA address of every memory non-zero" "$(kv phys_nonzero $o)" 60
t_eq "$n: frames readable through the dma-buf fd" "$(kv fd_readable $o)" 60
t_eq "$n: no heap buffer left after the pipeline" "$(kv heap_buffers_after $o)" 0

n=gst-launch
if gst-launch-1.0 -q videotestsrc num-buffers=60 ! \
	video/x-raw,format=NV12,width=1280,height=720 ! udmabufalloc ! fakesink \
	>/tmp/launch.out 2>&1; then
	t_pass "$n: the NV12 720p pipeline runs"
else
	t_fail "$n: the NV12 720p pipeline: $(tail -n 3 /tmp/launch.out | tr '\n' ' ')"
fi
gst_heap_empty $n

# --- upstream ignores the proposal: copies -----------------------------------
n=copy-path
gst_check_run $n $o --read --sysfs $MAIN_SYSFS \
	videotestsrc num-buffers=30 ! video/x-raw,format=NV12,width=640,height=480 \
	! identity drop-allocation=true ! udmabufalloc ! fakesink
t_eq "$n: every buffer is u-dma-buf memory" "$(kv udmabuf_buffers $o)" 30
t_eq "$n: frames-copied" "$(kv frames_copied $o)" 30
t_eq "$n: frames-passed" "$(kv frames_passed $o)" 0
t_eq "$n: copies readable through the dma-buf fd" "$(kv fd_readable $o)" 30
t_eq "$n: no heap buffer left" "$(kv heap_buffers_after $o)" 0

# --- a sub-allocating heap -----------------------------------------------------
t_check "sub-heap gstsub created" gst_subheap gstsub 0x100000
sub=/sys/class/misc/u-dma-buf-heap.gstsub
n="sub-heap"
gst_check_run $n $o --phys --sysfs $sub \
	videotestsrc num-buffers=30 ! video/x-raw,format=NV12,width=320,height=240 \
	! udmabufalloc device=gstsub min-buffers=2 max-buffers=4 ! fakesink
t_eq "$n: every buffer is u-dma-buf memory" "$(kv udmabuf_buffers $o)" 30
t_eq "$n: from /dev/dma_heap/gstsub" "$(kv heap $o)" /dev/dma_heap/gstsub
t_eq "$n: frames-copied" "$(kv frames_copied $o)" 0
t_eq "$n: DMA addresses non-zero" "$(kv phys_nonzero $o)" 30
t_eq "$n: no sub-heap buffer left" "$(kv heap_buffers_after $o)" 0
t_eq "$n: all of the sub-heap free again" "$(cat $sub/free_bytes)" "$(cat $sub/size)"
gst_heap_empty "$n: main heap untouched"

# --- caps change mid-stream ----------------------------------------------------
n=caps-change
gst_check_run $n $o --read --sysfs $MAIN_SYSFS --caps-after 20 \
	--caps video/x-raw,format=I420,width=320,height=240 \
	videotestsrc num-buffers=60 ! capsfilter name=cf \
	caps=video/x-raw,format=NV12,width=640,height=480 ! udmabufalloc ! fakesink
t_eq "$n: the caps changed" "$(kv caps_changes $o)" 1
t_eq "$n: two caps events passed" "$(kv caps_events $o)" 2
t_eq "$n: every buffer is u-dma-buf memory" "$(kv udmabuf_buffers $o)" "$(kv buffers $o)"
t_eq "$n: frames-copied" "$(kv frames_copied $o)" 0
t_eq "$n: every frame readable" "$(kv fd_readable $o)" "$(kv buffers $o)"
t_eq "$n: no heap buffer left" "$(kv heap_buffers_after $o)" 0

# --- flushing seek, then EOS ---------------------------------------------------
for path in passed copied; do
	n=seek-$path
	[ $path = copied ] && drop="identity drop-allocation=true !" || drop=
	# shellcheck disable=SC2086
	gst_check_run $n $o --sysfs $MAIN_SYSFS --seek-after 15 \
		videotestsrc num-buffers=40 ! video/x-raw,format=NV12,width=640,height=480 \
		! $drop udmabufalloc ! fakesink
	t_eq "$n: one flushing seek" "$(kv seeks $o)" 1
	t_check "$n: a flush went through" test "$(kv flushes $o)" -ge 1
	t_eq "$n: every buffer is u-dma-buf memory" "$(kv udmabuf_buffers $o)" "$(kv buffers $o)"
	t_eq "$n: frames-$path counts them all" "$(kv frames_$path $o)" "$(kv buffers $o)"
	t_eq "$n: no heap buffer left" "$(kv heap_buffers_after $o)" 0
done

# --- errors: a GStreamer error message naming the node and the errno ----------
n=no-node
gst-launch-1.0 videotestsrc num-buffers=5 ! udmabufalloc heap=/dev/dma_heap/nope \
	! fakesink >/tmp/launch.out 2>&1
rc=$?
sed 's/^/#   /' /tmp/launch.out | grep -i error
t_check "$n: gst-launch fails" test $rc -ne 0
t_check "$n: the error names the node and ENOENT" \
	grep -q 'Cannot open heap /dev/dma_heap/nope: No such file or directory (errno 2)' /tmp/launch.out

n=exhausted
gst_check_fails $n $o --sysfs $sub \
	videotestsrc num-buffers=10 ! video/x-raw,format=BGRx,width=320,height=240 \
	! udmabufalloc device=gstsub min-buffers=4 ! fakesink
t_check "$n: the error names the sub-heap and ENOMEM" \
	grep -q '^error=udmabufalloc0: Cannot allocate 307200 bytes from /dev/dma_heap/gstsub: Cannot allocate memory (errno 12)' $o
t_eq "$n: no sub-heap buffer left" "$(kv heap_buffers_after $o)" 0
t_eq "$n: all of the sub-heap free again" "$(cat $sub/free_bytes)" "$(cat $sub/size)"

n=absurd-size
gst_check_fails $n $o --sysfs $MAIN_SYSFS \
	videotestsrc num-buffers=1 ! video/x-raw,format=BGRx,width=16384,height=16384 \
	! udmabufalloc ! fakesink
t_check "$n: the error names the heap and ENOMEM" \
	grep -q '^error=udmabufalloc0: Cannot allocate 1073741824 bytes from /dev/dma_heap/udmabuf: Cannot allocate memory (errno 12)' $o
t_eq "$n: no heap buffer left" "$(kv heap_buffers_after $o)" 0

gst_heap_empty "pipelines"
t_done
