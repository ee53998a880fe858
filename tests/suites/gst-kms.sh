#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# GStreamer plugin with KMS (QEMU -vga cirrus): kmssink shows udmabufalloc's
# buffers through PRIME imports, never its copy fallback, with the default
# and with aligned strides (tests/gst/guest/kms.sh).
# arches: x86_64
. "$UDMABUF_TOP/tests/gst/suite-lib.sh"
gst_build || suite_done
suite_vm "gst-kms: guest" --vga cirrus -- sh "$UDMABUF_TOP/tests/gst/guest/kms.sh"
suite_done
