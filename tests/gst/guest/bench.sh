# SPDX-License-Identifier: LGPL-2.1-or-later
# In the guest, for bench/gst.sh: frames per second of 1080p NV12
# videotestsrc into fakesink, measured at fakesink's sink pad between the
# first and the last buffer (start-up excluded): without udmabufalloc, with
# it (zero-copy) and with upstream ignoring its proposal (copy path).
# Rounds alternate the three, so that load on the host hits all alike; the
# median of each is reported, with the spread. Two patterns: smpte (the
# default: rendering dominates, as a real producer would) and black
# (almost no rendering: what is left is the per-frame cost of the element
# and of the dma-buf syncs).
. "$UDMABUF_TOP/tests/gst/guest/lib.sh"
gst_use_plugin
rounds=${UDMABUF_GST_BENCH_ROUNDS:-9}
caps=video/x-raw,format=NV12,width=1920,height=1080,framerate=30/1
o=/tmp/bench.out

measure() {	# PATTERN FRAMES LABEL ELEMENTS...
	_p=$1 _n=$2 _l=$3
	shift 3
	# shellcheck disable=SC2086
	"$CHECK" --probe sink:sink videotestsrc pattern=$_p num-buffers=$_n ! $caps "$@" \
		fakesink name=sink >$o 2>&1 || { echo "$_l: failed: $(kv error $o)"; return 1; }
	echo "$_p $_l $(kv fps $o) $(kv frames_copied $o) $(kv frames_passed $o)" >>/tmp/bench.fps
}

: >/tmp/bench.fps
for pattern in smpte:${UDMABUF_GST_BENCH_FRAMES:-40} black:150; do
	p=${pattern%:*} n=${pattern#*:}
	for _ in $(seq "$rounds"); do
		measure "$p" "$n" base !
		measure "$p" "$n" zerocopy ! udmabufalloc !
		measure "$p" "$n" copy ! identity drop-allocation=true ! udmabufalloc !
	done
done
sed 's/^/# /' /tmp/bench.fps
awk -v rounds="$rounds" '
	{ k = $1 " " $2; fps[k, ++c[k]] = $3; copied[k] = $4; passed[k] = $5 }
	function sorted(k, v,   i, j, t, m) {
		m = c[k]
		for (i = 1; i <= m; i++) v[i] = fps[k, i]
		for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++)
			if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
		return m
	}
	function median(k,   v, m) {
		m = sorted(k, v)
		return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
	}
	function spread(k,   v, m) { m = sorted(k, v); return sprintf("%.1f..%.1f", v[1], v[m]) }
	# median of the ratios within each round: runs next to each other
	# share the host load of the moment
	function paired(p, what,   i, j, t, m, v) {
		m = c[p " base"]
		for (i = 1; i <= m; i++) v[i] = fps[p " " what, i] / fps[p " base", i]
		for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++)
			if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
		return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2
	}
	function report(p,   b, z, k) {
		b = median(p " base"); z = median(p " zerocopy"); k = median(p " copy")
		printf "pattern=%s, median of %d rounds (min..max):\n", p, rounds
		printf "  without udmabufalloc:     %7.2f fps (%s)\n", b, spread(p " base")
		printf "  udmabufalloc, zero-copy:  %7.2f fps (%s)  ratio %.3fx, paired %.3fx (target >= 0.95x), frames-copied %d, frames-passed %d, %+.2f ms per frame\n", z, spread(p " zerocopy"), z / b, paired(p, "zerocopy"), copied[p " zerocopy"], passed[p " zerocopy"], 1000 / z - 1000 / b
		printf "  udmabufalloc, copy path:  %7.2f fps (%s)  ratio %.3fx, paired %.3fx, frames-copied %d, the copy costs %+.2f ms per frame\n", k, spread(p " copy"), k / b, paired(p, "copy"), copied[p " copy"], 1000 / k - 1000 / b
	}
	END {
		print "1080p NV12 videotestsrc ! udmabufalloc ! fakesink vs. without the element (x86_64 TCG guest)"
		report("smpte"); report("black")
	}' /tmp/bench.fps
