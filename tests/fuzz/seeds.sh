#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/fuzz.sh: runs a fuzz binary once per seed.
#   sh /add/seeds.sh BINARY STEPS SKIP SEED...
# Each run prints "PASS: [compat32: ]fuzz seed=S ..." or "FAIL: ..." itself
# (with the failing step, the last actions and the replay command); a run
# that ends without either (a crash) gets a FAIL line here. The per-epoch
# progress lines are left out.
bin=$1 steps=$2 skip=$3
shift 3
rc=0
for seed in "$@"; do
	"$bin" --seed "$seed" --steps "$steps" ${skip:+--skip "$skip"} >/tmp/fuzz.out 2>&1
	st=$?
	grep -v '^# epoch' /tmp/fuzz.out
	if ! grep -q "^\(PASS\|FAIL\): \(compat32: \)\{0,1\}fuzz seed=$seed" /tmp/fuzz.out; then
		echo "FAIL: $bin seed=$seed: exited with status $st and no verdict"
	fi
	[ "$st" = 0 ] || rc=1
done
exit $rc
