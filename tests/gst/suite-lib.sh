# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=bash
# Host-side helpers of the GStreamer plugin suites (tests/suites/gst-*.sh,
# bash). Sourced; needs VM (the runner) and UDMABUF_TOP, prints
# PASS/FAIL/SKIP lines.

. "$UDMABUF_TOP/tests/lib/suite-vm.sh"
SUITE_VM_LOG_LINES=40

export UDMABUF_GST_BUILD=${UDMABUF_GST_BUILD:-$UDMABUF_TOP/build/gst-plugin}

# gst_build: builds the plugin, its tests and the registries (see
# userspace/gst-plugin/build.sh); one line about it.
gst_build() {
	local t0 out
	t0=$(date +%s)
	if out=$("$UDMABUF_TOP/userspace/gst-plugin/build.sh" "$UDMABUF_GST_BUILD" 2>&1); then
		echo "PASS: gst: plugin and tests build without warnings ($(( $(date +%s) - t0 ))s)"
		return 0
	fi
	printf '%s\n' "$out" | tail -n 30 | sed 's/^/# /'
	echo "FAIL: gst: plugin and tests build"
	SUITE_FAILED=1
	return 1
}
