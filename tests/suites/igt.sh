#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# igt: the igt-style test binaries of tests/igt (udmabuf_heap,
# udmabuf_prime_vgem, udmabuf_kms, udmabuf_v4l2; see tests/igt/README.md),
# each run whole in a fresh guest with a Cirrus card booted with
# iomem=relaxed. cirrus is loaded before the binary starts, as a machine's
# display driver is at boot (its probe logs a warning of its own, see
# README.md); the binaries load vgem and vivid themselves.
#
# Two modes:
#  - default: the binaries built with our harness (make -C tests/igt). Every
#    "Subtest NAME: RESULT" line becomes "PASS|SKIP|FAIL: igt@BINARY@NAME";
#    the harness judges the kernel log as igt_runner does (a line at warning
#    level or worse during a passing subtest makes it DMESG-WARN: a FAIL
#    here, with the kernel's line).
#  - IGT_SRC=/path/to/igt-gpu-tools: the binaries built inside that igt tree
#    with igt's own library (tests/igt/igt-tree.sh) and run under its
#    igt_runner (default --dmesg-warn-level); each of its results becomes a
#    line: pass -> PASS, skip/notrun -> SKIP, anything else (fail,
#    dmesg-warn, dmesg-fail, warn, crash, timeout, incomplete, abort) ->
#    FAIL with the result and, for dmesg-*, the first kernel line.
# Either way a subtest without a result, a binary exiting with anything but
# 0 (all passed) or 77 (all skipped), and a guest whose kernel log shows
# problems are failures too.
# One kernel line is the emulator's, not the code's: under TCG a timer
# interrupt can run late, and the kernel then warns once per boot
# "hrtimer: interrupt took N ns" (level 4) during whichever subtest runs.
# UDMABUF_IGT_DMESG_IGNORE (an extended regex; empty: none) is ignored on top
# of igt_runner's defaults, by the harness and, in IGT_SRC mode, by the
# mapping here (which then says so in a "#" line with igt_runner's result).
# UDMABUF_IGT_BINARIES="a b" runs only those binaries; UDMABUF_IGT_PRELOAD
# the modules loaded before them ("cirrus" by default; empty: none, so
# udmabuf_kms loads cirrus itself and its first subtest gets cirrus' warning).
# arches: x86_64
set -u -o pipefail
dir=$UDMABUF_TOP/build/igt/$ARCH
failed=0

if [ -n "${UDMABUF_IGT_BINARIES:-}" ]; then
	read -r -a bins <<<"$UDMABUF_IGT_BINARIES"
else
	bins=()
	for f in "$UDMABUF_TOP"/tests/igt/*.c; do bins+=("$(basename "$f" .c)"); done
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export UDMABUF_IGT_DMESG_IGNORE=${UDMABUF_IGT_DMESG_IGNORE-'hrtimer: interrupt took [0-9]+ ns'}

# what a guest runs before the binary: the display driver, as at boot
# (UDMABUF_IGT_PRELOAD: the modules to load, "cirrus" unless set)
preload=:
for m in ${UDMABUF_IGT_PRELOAD-cirrus}; do
	preload="$preload; modprobe -q $m || echo 'igt.sh: modprobe $m failed' >&2"
done

# --- IGT_SRC: igt_runner ----------------------------------------------------
if [ -n "${IGT_SRC:-}" ]; then
	if ! root=$("$UDMABUF_TOP/tests/igt/igt-tree.sh" "$IGT_SRC" 2>"$tmp/build.log" | tail -n 1) ||
	   [ ! -x "$IGT_SRC/build/runner/igt_runner" ]; then
		tail -n 40 "$tmp/build.log" | sed 's/^/# /'
		echo "FAIL: igt: building in the igt tree $IGT_SRC (tests/igt/igt-tree.sh)"
		exit 1
	fi
	sed -i 's/\x1b\[[0-9;]*[mK]//g' "$tmp/build.log"	# gcc's colours, under ninja
	grep -E 'warning:' "$tmp/build.log" | sed 's/^/# build: /'
	if grep -qE 'udmabuf_[a-z0-9_]+\.[ch]:[0-9]+:[0-9]+: warning:' "$tmp/build.log"; then
		echo "FAIL: igt: our tests build with warnings in the igt tree"
		failed=1
	fi
	runner=$IGT_SRC/build/runner/igt_runner
	for bin in "${bins[@]}"; do
		prog=$root/$bin
		if ! "$prog" --list-subtests >"$tmp/list" 2>"$tmp/list.err" </dev/null; then
			sed 's/^/# /' "$tmp/list.err"
			echo "FAIL: igt@$bin: --list-subtests failed"
			failed=1
			continue
		fi
		t0=$(date +%s)
		# igt_runner writes its results into the guest's (tmpfs) /tmp; the
		# guest prints results.json between two marker lines
		# shellcheck disable=SC2016 # expanded by the guest's sh
		$VM --vga cirrus --append iomem=relaxed --timeout 3000 -- sh -c "$preload"'
			r=/tmp/igt-results
			"$1" --include-tests "^igt@$3@" "$2" "$r" >/tmp/runner.out 2>&1
			rc=$?
			sed "s/^/runner: /" /tmp/runner.out
			echo "@@results.json@@"
			cat "$r/results.json"
			echo
			echo "@@end@@"
			exit $rc' sh "$runner" "$root" "$bin" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		sed -n '/^@@results.json@@$/,/^@@end@@$/!p' "$tmp/out" | sed "s/^/# $bin: /"
		sed "s/^/# $bin: /" "$tmp/err" | tail -n 60
		sed -n '/^@@results.json@@$/,/^@@end@@$/{/^@@/d;p}' "$tmp/out" >"$tmp/results.json"
		python3 - "$tmp/results.json" "$bin" "$tmp/list" >"$tmp/lines" <<-'EOF'
			import json, os, re, sys
			path, binary, listing = sys.argv[1:4]
			extra = os.environ.get("UDMABUF_IGT_DMESG_IGNORE", "")
			def ignored(line):
			    msg = re.sub(r"^<[0-9]> \[[0-9. ]+\] ", "", line)
			    return bool(extra) and re.search(extra, msg) is not None
			try:
			    tests = json.load(open(path)).get("tests", {})
			except (OSError, ValueError) as e:
			    print("FAIL: igt@%s: no igt_runner results (%s)" % (binary, e))
			    sys.exit(0)
			for name in open(listing).read().split():
			    key = "igt@%s@%s" % (binary, name)
			    t = tests.get(key)
			    if t is None:
			        print("FAIL: %s: no result from igt_runner" % key)
			        continue
			    res = t.get("result", "?")
			    lines = t.get("dmesg-warnings", "").strip().splitlines()
			    if res in ("dmesg-warn", "dmesg-fail") and lines and all(map(ignored, lines)):
			        print("# %s: igt_runner %s only for: %s (UDMABUF_IGT_DMESG_IGNORE)"
			              % (key, res, " / ".join(lines)))
			        res = "pass" if res == "dmesg-warn" else "fail"
			    if res == "pass":
			        print("PASS: %s" % key)
			    elif res in ("skip", "notrun"):
			        print("SKIP: %s: igt_runner %s" % (key, res))
			    else:
			        why = ""
			        if res.startswith("dmesg-"):
			            lines = [l for l in lines if not ignored(l)]
			            why = ": " + (lines[0] if lines else "?")
			            if len(lines) > 1:
			                why += " (+%d more)" % (len(lines) - 1)
			        print("FAIL: %s: igt_runner %s%s" % (key, res, why))
			EOF
		cat "$tmp/lines"
		grep -q '^FAIL' "$tmp/lines" && failed=1
		if grep -q 'the guest kernel log reports problems' "$tmp/err"; then
			echo "FAIL: igt@$bin: the guest kernel log reports problems (see above)"
			failed=1
		elif [ "$rc" = 125 ]; then
			echo "FAIL: igt@$bin: the guest crashed, hung or timed out (see above)"
			failed=1
		elif [ "$rc" != 0 ]; then
			echo "FAIL: igt@$bin: igt_runner exited with status $rc"
			failed=1
		fi
		echo "# igt@$bin (igt_runner, $(basename "$IGT_SRC")): exit status $rc, $(( $(date +%s) - t0 ))s"
	done
	exit "$failed"
fi

# --- default: our harness ---------------------------------------------------
if ! out=$(make -s -C "$UDMABUF_TOP/tests/igt" ARCH="$ARCH" 2>&1); then
	printf '%s\n' "$out" | sed 's/^/# /'
	echo "FAIL: igt: building the binaries (make -C tests/igt ARCH=$ARCH)"
	exit 1
fi

failure_re='^Subtest [^ ]+: (FAIL|CRASH|TIMEOUT|WARN|DMESG-WARN|DMESG-FAIL)'
for bin in "${bins[@]}"; do
	prog=$dir/$bin
	if ! "$prog" --list-subtests >"$tmp/list" 2>"$tmp/list.err" </dev/null; then
		sed 's/^/# /' "$tmp/list.err"
		echo "FAIL: igt@$bin: --list-subtests failed"
		failed=1
		continue
	fi
	t0=$(date +%s)
	# shellcheck disable=SC2016 # expanded by the guest's sh
	$VM --vga cirrus --append iomem=relaxed -- sh -c "$preload"'
		exec "$0"' "$prog" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	# what the binary said besides its result lines, for the log
	grep -vE '^(Starting subtest: |Subtest [^ ]+: )' "$tmp/out" | sed "s/^/# $bin: /"
	sed "s/^/# $bin: /" "$tmp/err"

	# one line per subtest the binary lists
	while read -r name; do
		line=$(grep -E "^Subtest $name: [A-Z-]+" "$tmp/out" | tail -n 1)
		result=$(printf '%s\n' "$line" | sed -nE 's/^Subtest [^ ]+: ([A-Z-]+).*/\1/p')
		detail=$(printf '%s\n' "$line" | sed -nE 's/^Subtest [^ ]+: [A-Z-]+ ?//p')
		case "$result" in
		SUCCESS) echo "PASS: igt@$bin@$name" ;;
		SKIP) echo "SKIP: igt@$bin@$name" ;;
		"") echo "FAIL: igt@$bin@$name: no result (the binary died, or the guest)"
		    failed=1 ;;
		DMESG-*)
			# the harness printed the kernel's lines: "(bin:pid) dmesg-warn in NAME: ..."
			k=$(grep -F ") dmesg-warn in $name: " "$tmp/err" | sed 's/^[^)]*) dmesg-warn in [^:]*: //')
			n=$(printf '%s\n' "$k" | grep -c .)
			echo "FAIL: igt@$bin@$name: $result $detail: $(printf '%s\n' "$k" | head -n 1)$([ "$n" -gt 1 ] && echo " (+$((n - 1)) more)")"
			failed=1 ;;
		*) echo "FAIL: igt@$bin@$name: $result${detail:+ $detail}"; failed=1 ;;
		esac
	done <"$tmp/list"
	if grep -Eo '^Subtest [^ ]+:' "$tmp/out" | sort | uniq -d | grep -q .; then
		echo "FAIL: igt@$bin: a subtest reported more than one result"
		failed=1
	fi
	after=$(grep -F ') dmesg-warn after the last subtest: ' "$tmp/err" | head -n 1 |
		sed 's/^[^)]*) dmesg-warn after the last subtest: //')

	# the binary's exit status, and the guest's
	if grep -q 'the guest kernel log reports problems' "$tmp/err"; then
		echo "FAIL: igt@$bin: the guest kernel log reports problems (see above)"
		failed=1
	elif [ "$rc" = 125 ]; then
		echo "FAIL: igt@$bin: the guest crashed, hung or timed out (see above)"
		failed=1
	elif [ "$rc" = 98 ]; then
		if [ -n "$after" ]; then
			echo "FAIL: igt@$bin: kernel log at warning level or worse after the last subtest: $after"
		elif ! grep -qE "$failure_re" "$tmp/out"; then
			echo "FAIL: igt@$bin: exited 98 (failure) with no failed subtest"
		fi
		failed=1
	elif [ "$rc" != 0 ] && [ "$rc" != 77 ]; then
		echo "FAIL: igt@$bin: exited with status $rc"
		failed=1
	elif grep -qE "$failure_re" "$tmp/out"; then
		echo "FAIL: igt@$bin: a subtest failed but the binary exited $rc"
		failed=1
	fi
	echo "# igt@$bin: exit status $rc, $(( $(date +%s) - t0 ))s"
done
exit "$failed"
