#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# GStreamer plugin (userspace/gst-plugin): builds warning-free, installs
# into the system plugin directory (under a DESTDIR), gst-inspect-1.0
# shows it without warnings; then, in a guest, the gst-check unit tests of
# the allocator, the pool and the udmabufalloc element (tests/gst/unit/).
# arches: x86_64
. "$UDMABUF_TOP/tests/gst/suite-lib.sh"
gst_build || suite_done
b=$UDMABUF_GST_BUILD

# gst-inspect-1.0 with the build's plugin: no warning on stderr or in the
# log, the element and its properties listed.
err=$(mktemp) out=$(mktemp)
GST_PLUGIN_PATH_1_0=$b GST_REGISTRY=$b/registry.bin GST_DEBUG='*:2' \
	gst-inspect-1.0 udmabuf >"$out" 2>"$err"
rc=$?
if [ $rc -eq 0 ] && [ ! -s "$err" ] && grep -q 'udmabufalloc' "$out"; then
	echo "PASS: gst: gst-inspect-1.0 udmabuf is clean"
else
	sed 's/^/# /' "$err" | head -n 20
	echo "FAIL: gst: gst-inspect-1.0 udmabuf: status $rc, $(wc -l <"$err") lines on stderr"
fi
GST_PLUGIN_PATH_1_0=$b GST_REGISTRY=$b/registry.bin GST_DEBUG='*:2' \
	gst-inspect-1.0 udmabufalloc >"$out" 2>"$err"
if [ ! -s "$err" ] && grep -q 'frames-copied' "$out" && grep -q 'stride-align' "$out"; then
	echo "PASS: gst: gst-inspect-1.0 udmabufalloc is clean"
else
	sed 's/^/# /' "$err" | head -n 20
	echo "FAIL: gst: gst-inspect-1.0 udmabufalloc"
fi

# meson install puts the plugin in the system plugin directory.
dest=$(mktemp -d)
plugindir=$(pkg-config --variable=pluginsdir gstreamer-1.0)
if meson install -C "$b" --destdir "$dest" >"$out" 2>&1 &&
	[ -f "$dest$plugindir/libgstudmabuf.so" ]; then
	echo "PASS: gst: meson install puts libgstudmabuf.so in $plugindir"
else
	sed 's/^/# /' "$out" | tail -n 10
	echo "FAIL: gst: meson install: no $plugindir/libgstudmabuf.so under DESTDIR"
fi
rm -rf "$dest" "$err" "$out"

suite_vm "gst-unit: guest" -- sh "$UDMABUF_TOP/tests/gst/guest/unit.sh"
suite_done
