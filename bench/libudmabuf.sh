#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# libudmabuf and its Python package (bench/src/lib-bench.c, py-bench.py):
# each library call vs the raw ioctls it replaces (x86_64 and arm64
# guests, target <= 1.05x); in the x86_64 guest, Python flush() +
# invalidate() of a 1 MiB slice vs the same sync from C (target <= 2x) and
# NumPy arr[:] = x into a cached mapping vs an anonymous array (target
# >= 0.95x). The Python package runs on the meson-built shared library
# (build/userspace), lib-bench is rebuilt when the library changed. Prints
# the ratios and their targets; asserts nothing. Each program runs in
# UDMABUF_BENCH_PROCS processes (5), and bench/processes.awk reports the
# median of their results and the range.
set -u
top=${UDMABUF_TOP:-$(cd "$(dirname "$0")/.." && pwd)}
vm=${VM:-$top/tests/vm/run}
rc=0
procs=${UDMABUF_BENCH_PROCS:-5}
b=$top/build/userspace
py=
if /usr/bin/python3 -c 'import numpy' 2>/dev/null &&
	{ [ -e "$b/build.ninja" ] || meson setup "$b" "$top/userspace" >/dev/null; } &&
	ninja -C "$b" >/dev/null; then
	py=1
else
	echo "libudmabuf: no Python benchmarks (they need meson and python3-numpy: scripts/deps.sh)"
fi
for a in ${UDMABUF_BENCH_ARCHES:-x86_64 arm64}; do
	lb=$top/build/tests/$a/lib-bench
	# the library is compiled in: rebuild it when the library changed
	make -s -C "$top/tests" ARCH="$a" "$lb" >/dev/null 2>&1
	[ -x "$lb" ] || { echo "libudmabuf ($a): $lb is not built (make -C tests ARCH=$a)"; rc=1; continue; }
	# each program in $procs processes, each after a marker line
	# shellcheck disable=SC2016  # (expanded in the guest)
	cmd='runs() { i=0; while [ $i -lt '"$procs"' ]; do i=$((i + 1))
		echo "-- process $i"; "$@" || return 1; done; echo "-- end"; }
		runs /add/lib-bench calls udmabuf0'
	if [ "$a" = x86_64 ] && [ -n "$py" ]; then
		cmd="$cmd && runs env UDMABUF_LIBRARY=$b/lib/libudmabuf.so.1 \
			PYTHONPATH=$top/userspace/python PYTHONDONTWRITEBYTECODE=1 \
			/usr/bin/python3 $top/bench/src/py-bench.py udmabuf0 /add/lib-bench"
	fi
	echo "-- libudmabuf ($a)"
	$vm --arch "$a" --load "udmabuf0=4194304 info_enable=0" --add "$lb" -- sh -c "$cmd" |
		awk -f "$top/bench/processes.awk"
	[ "${PIPESTATUS[0]}" = 0 ] || rc=1
done
exit $rc
