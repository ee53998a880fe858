#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# GStreamer plugin: udmabufalloc in pipelines (tests/gst/guest/pipelines.sh):
# NV12 720p zero-copy from videotestsrc, the copy path, a sub-allocating
# heap, a caps change, flushing seeks, error messages for a missing node,
# an exhausted heap and an absurd size, and no heap buffer left behind.
# arches: x86_64
. "$UDMABUF_TOP/tests/gst/suite-lib.sh"
gst_build || suite_done
suite_vm "gst-pipelines: guest" -- sh "$UDMABUF_TOP/tests/gst/guest/pipelines.sh"
suite_done
