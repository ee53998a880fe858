# SPDX-License-Identifier: LGPL-2.1-or-later
# shellcheck shell=bash
# Host-side helpers of the GStreamer plugin suites (tests/suites/gst-*.sh,
# bash). Sourced; needs VM (the runner) and UDMABUF_TOP, prints
# PASS/FAIL/SKIP lines.

GST_FAILED=0
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
	GST_FAILED=1
	return 1
}

# gst_vm LABEL RUNNER-ARGS...: boots a guest with "$VM RUNNER-ARGS...",
# shows its output, and adds a line about the run itself: FAIL when the
# guest's kernel log showed problems, it crashed or hung, or the command
# failed without saying why.
gst_vm() {
	local label=$1 out err rc t0
	t0=$(date +%s)
	shift
	out=$(mktemp) err=$(mktemp)
	# shellcheck disable=SC2086
	$VM "$@" >"$out" 2>"$err"
	rc=$?
	cat "$out"
	sed 's/^/# /' "$err" | tail -n 40
	grep -q '^FAIL:' "$out" && GST_FAILED=1
	if grep -q 'the guest kernel log reports problems' "$err" || [ "$rc" = 124 ]; then
		echo "FAIL: $label: the guest kernel log reports problems (see above)"
		GST_FAILED=1
	elif [ "$rc" = 125 ]; then
		echo "FAIL: $label: the guest crashed, hung or timed out (see above)"
		GST_FAILED=1
	elif [ "$rc" != 0 ] && ! grep -q '^FAIL:' "$out"; then
		echo "FAIL: $label: the guest command exited with status $rc"
		GST_FAILED=1
	else
		echo "PASS: $label: guest finished, kernel log clean ($(( $(date +%s) - t0 ))s)"
	fi
	rm -f "$out" "$err"
}

gst_done() { exit "$GST_FAILED"; }
