#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# GStreamer plugin benchmark (x86_64 guest): 1080p NV12 videotestsrc ->
# fakesink frames per second without udmabufalloc, with it (zero-copy:
# videotestsrc renders into u-dma-buf memory, frames-copied must stay 0),
# and through its copy path (identity drop-allocation=true hides the
# proposal, so each frame is copied into u-dma-buf memory). Prints the
# ratios against the run without the element and the copy's cost per frame
# (tests/gst/guest/bench.sh); asserts nothing.
#
# UDMABUF_GST_BENCH_FRAMES (smpte frames per run, 40) and
# UDMABUF_GST_BENCH_ROUNDS (9) tune it. The host's load shows in the spread.
set -u
top=${UDMABUF_TOP:-$(cd "$(dirname "$0")/.." && pwd)}
export UDMABUF_TOP=$top
vm=${VM:-$top/tests/vm/run}
export UDMABUF_GST_BUILD=$top/build/gst-plugin
"$top/userspace/gst-plugin/build.sh" "$UDMABUF_GST_BUILD" || exit 1
echo "-- gst (x86_64)"
$vm --arch x86_64 -- sh "$top/tests/gst/guest/bench.sh"
