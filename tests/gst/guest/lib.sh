# SPDX-License-Identifier: LGPL-2.1-or-later
# In-guest helpers of the GStreamer plugin tests (POSIX sh). The x86_64
# guest sees the host's tree, so everything is used in place: the plugin
# and test programs in $UDMABUF_GST_BUILD, the registries build.sh made.
# Source after tests/lib/tap.sh.

: "${UDMABUF_TOP:?}"
B=${UDMABUF_GST_BUILD:-$UDMABUF_TOP/build/gst-plugin}
CHECK=$B/gst-udmabuf-check
MAIN_SYSFS=/sys/class/misc/u-dma-buf-heap
export GST_DEBUG_NO_COLOR=1

# The plugin from the build directory, with the registry prepared on the
# host (a scan of every plugin under TCG takes long).
gst_use_plugin() {
	export GST_PLUGIN_PATH_1_0="$B"
	export GST_REGISTRY=/tmp/gst-registry.bin
	cp "$B/registry.bin" "$GST_REGISTRY"
}

# kv KEY FILE: the value of KEY=... in FILE (the last one).
kv() { sed -n "s/^$1=//p" "$2" | tail -n 1; }

# gst_subheap NAME SIZE: a u-dma-buf device with a sub-allocating heap.
gst_subheap() {
	echo "create $1 $2 dma-heap" >/dev/u-dma-buf-mgr && [ -c "/dev/dma_heap/$1" ]
}

# gst_heap_empty NAME [SYSFS]: the heap's accounting is back to zero.
gst_heap_empty() {
	_d=${2:-$MAIN_SYSFS}
	t_eq "$1: heap buffers_in_use back to 0" "$(cat "$_d/buffers_in_use")" 0
	t_eq "$1: heap bytes_in_use back to 0" "$(cat "$_d/bytes_in_use")" 0
}

# gst_check NAME OUT [CHECK-OPTION...] -- PIPELINE: runs the pipeline under
# gst-udmabuf-check, its output in OUT; returns the program's status.
gst_check() {
	_n=$1 _o=$2
	shift 2
	_t0=$(date +%s)
	"$CHECK" "$@" >"$_o" 2>"$_o.err"
	_rc=$?
	echo "# $_n: $(($(date +%s) - _t0)) s: $(grep -v '^error_debug=' "$_o" | tr '\n' ' ')"
	return $_rc
}

# gst_check_run NAME OUT ...: gst_check, and a line saying whether the
# pipeline reached EOS.
gst_check_run() {
	if gst_check "$@"; then
		t_pass "$1: reaches EOS"
	else
		t_fail "$1: exited $_rc: $(kv error "$2") $(tail -n 3 "$2.err" | tr '\n' ' ')"
	fi
}

# gst_check_fails NAME OUT ...: gst_check, and a line saying whether the
# pipeline failed with an error message, as it should.
gst_check_fails() {
	if gst_check "$@"; then
		t_fail "$1: the pipeline reached EOS"
	elif [ -n "$(kv error "$2")" ]; then
		t_pass "$1: fails with an error message"
	else
		t_fail "$1: exited $_rc without an error message"
	fi
}
