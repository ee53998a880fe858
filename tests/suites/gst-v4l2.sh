#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# GStreamer plugin with V4L2 (vivid): v4l2src io-mode=dmabuf-import captures
# into udmabufalloc's buffers, single- and multi-planar; v4l2sink
# io-mode=dmabuf-import outputs them; no copy anywhere
# (tests/gst/guest/v4l2.sh).
# arches: x86_64
. "$UDMABUF_TOP/tests/gst/suite-lib.sh"
gst_build || suite_done
suite_vm "gst-v4l2: guest" -- sh "$UDMABUF_TOP/tests/gst/guest/v4l2.sh"
suite_done
