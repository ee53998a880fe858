#!/bin/sh
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# userspace/gst-plugin/build.sh [BUILDDIR]: configures (the first time) and
# builds the GStreamer plugin, its unit tests and test programs into
# BUILDDIR (default: build/gst-plugin at the top of the tree), then
# refreshes BUILDDIR/registry.bin, a registry that knows the build's plugin
# (use it with GST_PLUGIN_PATH_1_0=BUILDDIR GST_REGISTRY=BUILDDIR/registry.bin),
# and BUILDDIR/registry-system.bin, which does not.
#
# Install into the system plugin directory
# ($(pkg-config --variable=pluginsdir gstreamer-1.0)) with
#   meson install -C BUILDDIR [--destdir DESTDIR]
set -eu
src=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$src/../.." && pwd)
build=${1:-$top/build/gst-plugin}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if [ ! -e "$build/build.ninja" ]; then
	meson setup "$build" "$src" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
fi
ninja -C "$build" >"$log" 2>&1 || { cat "$log" >&2; exit 1; }

# Scanning the system's plugins takes a while in a TCG guest: do it here,
# once, and let the guests reuse the files. registry.bin knows the build's
# plugin; registry-system.bin does not (for the unit tests, which link the
# plugin's code and register it themselves).
GST_PLUGIN_PATH_1_0=$build GST_REGISTRY=$build/registry.bin \
	gst-inspect-1.0 udmabuf >/dev/null
GST_PLUGIN_PATH_1_0='' GST_PLUGIN_PATH='' GST_REGISTRY=$build/registry-system.bin \
	gst-inspect-1.0 coreelements >/dev/null
