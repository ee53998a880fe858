#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The igt harness (tests/igt/lib) speaks igt's test-binary protocol: builds
# its self-test binary (tests/igt/lib/selftest) into a temporary directory and
# checks listing, selection, result lines, messages and exit codes.
top=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset IGT_SENTINEL_ON_STDERR IGT_SELFTEST_CRASH IGT_SELFTEST_FIXTURE_FAIL \
	IGT_SELFTEST_KMSG_SETUP IGT_SELFTEST_KMSG_ADD IGT_SELFTEST_KMSG_TEARDOWN \
	IGT_SELFTEST_KMSG_THEN UDMABUF_IGT_DMESG_WARN_LEVEL UDMABUF_IGT_DMESG_IGNORE
# The harness judges subtests by the kernel log: here it reads a file of
# /dev/kmsg records instead (the host's log is not ours, and may not be
# readable), empty unless a check appends records to it.
export UDMABUF_IGT_KMSG=$tmp/kmsg
: >"$UDMABUF_IGT_KMSG"

pass() { echo "PASS: igt harness: $*"; }
fail() { echo "FAIL: igt harness: $*"; }

if ! make -s -C "$top/tests/igt" selftest OUT="$tmp" >"$tmp/build.log" 2>&1; then
	tail -n 30 "$tmp/build.log"
	fail "build the self-test"
	exit 1
fi
pass "build the self-test"
bin=$tmp/selftest/igt_selftest

# run ARGS...: runs the self-test; sets $rc, $out (stdout) and $err (stderr).
run() {
	("$bin" "$@" >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/rc") 2>/dev/null
	rc=$(cat "$tmp/rc") out=$(cat "$tmp/out") err=$(cat "$tmp/err")
}
# check NAME WANT_RC [OP PATTERN FILE]...: $rc is WANT_RC and, for each
# triple, FILE (out or err) has a line matching the extended regex PATTERN
# (OP "="), has one containing a match (OP "~"), or has none (OP "!").
check() {
	local name=$1 want=$2 why=
	shift 2
	[ "$rc" = "$want" ] || why="exit status $rc, want $want"
	while [ -z "$why" ] && [ $# -ge 3 ]; do
		case "$1" in
		=) grep -qxE -- "$2" "$tmp/$3" || why="$3 has no line '$2'" ;;
		~) grep -qE -- "$2" "$tmp/$3" || why="$3 lacks '$2'" ;;
		!) ! grep -qE -- "$2" "$tmp/$3" || why="$3 has '$2'" ;;
		esac
		shift 3
	done
	if [ -z "$why" ]; then
		pass "$name"
	else
		fail "$name: $why"
		sed 's/^/    | /' "$tmp/out" "$tmp/err" | head -n 40
	fi
}
# results RESULT: the names of the subtests with that result, in order.
results() { sed -nE "s/^Subtest ([^:]+): $1( \(.*)?$/\1/p" "$tmp/out" | tr '\n' ' '; }
started() { sed -n 's/^Starting subtest: //p' "$tmp/out" | tr '\n' ' '; }
time_re='\([0-9]+\.[0-9]{3}s\)'

all="pass pass-asserts pass-formatted-1 pass-formatted-2 fail fail-eq fail-eq-u64
fail-in-helper fail-explicit skip skip-on skip-explicit crash kernel-log group-skip-a
group-skip-b group-fixture-fail after-groups"

# Listing needs neither root nor devices, and runs no fixture.
chmod 755 "$tmp" "$tmp/selftest"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups) who=65534
else
	as_user=() who=$(id -u)
fi
"${as_user[@]}" "$bin" --list-subtests >"$tmp/out" 2>"$tmp/err" </dev/null
rc=$?
if [ "$rc" = 0 ] && [ "$(cat "$tmp/out")" = "$(echo $all | tr ' ' '\n')" ] && [ ! -s "$tmp/err" ]; then
	pass "--list-subtests prints every name and nothing else, exit 0, as uid $who"
else
	fail "--list-subtests: status $rc, output: $(head -c 300 "$tmp/out" "$tmp/err" | tr '\n' ' ')"
fi

run --run-subtest pass
check "a passing subtest: exit 0, Starting/SUCCESS lines" 0 \
	= '^IGT-Version: .*' out = "Starting subtest: pass" out \
	= "Subtest pass: SUCCESS $time_re" out = "info message from pass" out \
	! "debug message" out
[ "$(grep -oE '^(IGT-Version:|Starting subtest: |Subtest )' "$tmp/out" | tr '\n' '|')" = \
  "IGT-Version:|Starting subtest: |Subtest |" ] && head -n 1 "$tmp/out" | grep -q '^IGT-Version: ' &&
	pass "IGT-Version first, then Starting before the result, nothing else run" ||
	fail "line order: $(tr '\n' '|' <"$tmp/out")"

run --run-subtest pass --debug
check "--debug shows igt_debug()" 0 = '\(igt_selftest:[0-9]+\) DEBUG: debug message from pass' out

run --run-subtest pass-asserts
check "every assertion and requirement macro passes when true" 0 \
	= "Subtest pass-asserts: SUCCESS $time_re" out

run --run-subtest fail
check "a failing igt_assert: exit 98, FAIL, file/line/function/expression" 98 \
	= "Subtest fail: FAIL $time_re" out \
	= '\(igt_selftest:[0-9]+\) CRITICAL: Test assertion failure function __igt_main_body, file .*igt_selftest\.c:[0-9]+:' err \
	= '.*CRITICAL: Failed assertion: value == 0' err ! 'Last errno' err

run --run-subtest fail-eq
check "igt_assert_eq prints both values" 98 = "Subtest fail-eq: FAIL $time_re" out \
	= '.*CRITICAL: Failed assertion: value == 43' err = '.*CRITICAL: error: 42 != 43' err

run --run-subtest fail-eq-u64
check "igt_assert_eq_u64 prints both values" 98 \
	= '.*CRITICAL: Failed assertion: big == 0x1234' err \
	= '.*CRITICAL: error: 0x100000000 != 0x1234' err

run --run-subtest fail-in-helper
check "a failure in a helper function ends the subtest (longjmp)" 98 \
	= "Subtest fail-in-helper: FAIL $time_re" out ! "not reached" out \
	= '.*function fails_in_helper, file .*igt_selftest\.c:[0-9]+:' err \
	= '.*CRITICAL: value 42 is not negative' err

run --run-subtest fail-explicit
check "igt_fail() fails the subtest" 98 = "Subtest fail-explicit: FAIL $time_re" out

run --run-subtest skip
check "a false igt_require in a subtest: exit 77, SKIP" 77 \
	= "Subtest skip: SKIP $time_re" out = "Test requirement: value == 0" out \
	= "Test requirement not met in function __igt_main_body, file .*igt_selftest\.c:[0-9]+:" out

run --run-subtest skip-on
check "igt_skip_on_f skips with its message" 77 = "Subtest skip-on: SKIP $time_re" out \
	= 'Test requirement: !\(value == 42\)' out = "value is 42" out

run --run-subtest 'group-skip-*'
check "a fixture's igt_require skips the rest of its group without running it" 77 \
	= "Subtest group-skip-a: SKIP" out = "Subtest group-skip-b: SKIP" out \
	! "Starting subtest" out = "fixture requirement: value is 42" out
[ "$(results SKIP)" = "group-skip-a group-skip-b " ] &&
	pass "a subtest skipped by a fixture gets exactly one result line" ||
	fail "fixture skip results: $(results SKIP)"

run --run-subtest after-groups
check "a group's fixture skip does not leak out of the group" 0 \
	= "Subtest after-groups: SUCCESS $time_re" out

IGT_SELFTEST_FIXTURE_FAIL=1 run --run-subtest 'group-fixture-fail,after-groups'
check "a failing fixture fails the rest of its group: exit 98" 98 \
	= "Subtest group-fixture-fail: FAIL" out = "Subtest after-groups: SUCCESS $time_re" out \
	! "Starting subtest: group-fixture-fail" out = '.*CRITICAL: fixture failure requested' err

run --run-subtest 'pass*'
[ "$rc" = 0 ] && [ "$(started)" = "pass pass-asserts pass-formatted-1 pass-formatted-2 " ] &&
	[ "$(results SUCCESS)" = "$(started)" ] &&
	pass "--run-subtest glob runs exactly the matching subtests" ||
	fail "--run-subtest 'pass*': status $rc, started: $(started)"

run --run-subtest 'skip,pass-formatted-*,!pass-formatted-2'
[ "$rc" = 0 ] && [ "$(started)" = "pass-formatted-1 skip " ] &&
	pass "--run-subtest comma list with '!' exclusion; pass+skip exits 0" ||
	fail "--run-subtest list: status $rc, started: $(started)"

run --run-subtest no-such-subtest
check "an unknown subtest exits 79" 79 = '.*CRITICAL: Unknown subtest: no-such-subtest' err \
	! "Starting subtest" out
run --run-subtest 'nothing-*'
check "a glob matching nothing exits 79" 79
run --no-such-option
check "an unknown option exits 79" 79 = "Usage: .*" err

run --help
check "--help lists the options" 0 = "Usage: igt_selftest \[OPTIONS\]" out \
	~ '--list-subtests' out ~ '--run-subtest' out ~ '--describe' out ~ '--debug' out

run --describe
check "--describe prints each subtest's igt_describe() text" 0 \
	= "Self-test of the igt harness: .*" out \
	= "SUB pass .*igt_selftest\.c:[0-9]+:" out = "  Passes: the fixture ran before it\." out \
	= "  A second line of description\." out = "SUB pass-formatted-2 .*:" out \
	= "  Formatted name number 2\." out = "  NO DOCUMENTATION!" out ! "fixture:" out
[ "$(grep -c '^SUB ' "$tmp/out")" = "$(echo $all | wc -w)" ] &&
	pass "--describe lists every subtest" || fail "--describe: $(grep -c '^SUB ' "$tmp/out") SUB lines"

run --describe='group-skip-*'
check "--describe=PATTERN: only matches; a group's description comes first" 0 \
	= "SUB group-skip-a .*" out ! "SUB pass" out
[ "$(sed -n '/^SUB group-skip-a/,/^$/p' "$tmp/out" | sed 1d | sed '/^$/d' | tr '\n' '|')" = \
  "  A group whose fixture skips.|  Never runs: the group's fixture skipped.|" ] &&
	pass "--describe: group description, then the subtest's" ||
	fail "--describe group: $(tr '\n' '|' <"$tmp/out")"

IGT_SENTINEL_ON_STDERR=1 run --run-subtest pass
check "IGT_SENTINEL_ON_STDERR copies Starting/result lines to stderr" 0 \
	= "Starting subtest: pass" err = "Subtest pass: SUCCESS $time_re" err
run --run-subtest pass
check "no sentinel lines on stderr by default" 0 ! "Subtest" err

IGT_SELFTEST_CRASH=1 run --run-subtest crash
check "a crash reports CRASH and dies of the signal" 139 \
	= "Subtest crash: CRASH $time_re" out = "Received signal SIGSEGV\." err

# The kernel log: a record at level <= 4 (warning or worse) written during a
# subtest turns SUCCESS into DMESG-WARN and FAIL into DMESG-FAIL (exit 98),
# and is printed; continuations, levels above 4, lines igt_runner ignores by
# default and what was there before the binary started do not count.
printf '%s\n' '3,1,1000,-;old error, before the binary started' >>"$UDMABUF_IGT_KMSG"
printf '%s\n' '6,2,2000,-;u_dma_buf: an info line' '7,3,2001,-;a debug line' \
	'5,4,2002,-;a notice line' '4,5,2003,c;a warning continuation' \
	'4,6,2004,-;usb usb1: root hub lost power or was reset' \
	' SUBSYSTEM=usb' '14,7,2005,-;user space info, facility 1' >"$tmp/quiet"
printf '%s\n' '4,8,3000000,-,caller=T42;u_dma_buf: a warning' ' DEVICE=+misc:x' \
	'3,9,3500001,-;u_dma_buf_mgr: an error' >"$tmp/loud"
IGT_SELFTEST_KMSG_ADD=$tmp/quiet run --run-subtest kernel-log
check "kernel log: info/debug/notice, continuations, ignored lines, old records pass" 0 \
	= "Subtest kernel-log: SUCCESS $time_re" out ! "dmesg-warn" err
IGT_SELFTEST_KMSG_ADD=$tmp/loud run --run-subtest kernel-log
check "kernel log: a warning and an error during a passing subtest: DMESG-WARN, exit 98" 98 \
	= "Subtest kernel-log: DMESG-WARN $time_re" out \
	= '\(igt_selftest:[0-9]+\) dmesg-warn in kernel-log: <4> \[3\.000000\] u_dma_buf: a warning' err \
	= '.*dmesg-warn in kernel-log: <3> \[3\.500001\] u_dma_buf_mgr: an error' err \
	! 'DEVICE=' err
IGT_SELFTEST_KMSG_ADD=$tmp/loud IGT_SELFTEST_KMSG_THEN=fail run --run-subtest kernel-log
check "kernel log: ... during a failing subtest: DMESG-FAIL" 98 \
	= "Subtest kernel-log: DMESG-FAIL $time_re" out
IGT_SELFTEST_KMSG_ADD=$tmp/loud IGT_SELFTEST_KMSG_THEN=skip run --run-subtest kernel-log
check "kernel log: ... during a skipping subtest: still SKIP (as igt_runner)" 77 \
	= "Subtest kernel-log: SKIP $time_re" out
IGT_SELFTEST_KMSG_ADD=$tmp/loud UDMABUF_IGT_DMESG_WARN_LEVEL=3 run --run-subtest kernel-log
check "kernel log: UDMABUF_IGT_DMESG_WARN_LEVEL=3 counts the error, not the warning" 98 \
	= "Subtest kernel-log: DMESG-WARN $time_re" out ! 'a warning' err ~ 'an error' err
IGT_SELFTEST_KMSG_ADD=$tmp/loud UDMABUF_IGT_DMESG_IGNORE='a warn[i]ng$|u_dma_buf_mgr: an' \
	run --run-subtest kernel-log
check "kernel log: UDMABUF_IGT_DMESG_IGNORE adds lines to ignore" 0 \
	= "Subtest kernel-log: SUCCESS $time_re" out
IGT_SELFTEST_KMSG_ADD=$tmp/loud UDMABUF_IGT_DMESG_IGNORE='a warn[i]ng$' run --run-subtest kernel-log
check "kernel log: ... and only those" 98 \
	= "Subtest kernel-log: DMESG-WARN $time_re" out ! 'a warning' err ~ 'an error' err
IGT_SELFTEST_KMSG_ADD=$tmp/loud UDMABUF_IGT_DMESG_WARN_LEVEL=-1 run --run-subtest kernel-log
check "kernel log: UDMABUF_IGT_DMESG_WARN_LEVEL=-1 turns the check off" 0 \
	= "Subtest kernel-log: SUCCESS $time_re" out
IGT_SELFTEST_KMSG_ADD=$tmp/loud IGT_SENTINEL_ON_STDERR=1 run --run-subtest kernel-log
check "kernel log: not judged under igt_runner (IGT_SENTINEL_ON_STDERR), which does it" 0 \
	= "Subtest kernel-log: SUCCESS $time_re" out
IGT_SELFTEST_KMSG_SETUP=$tmp/loud run --run-subtest 'pass,pass-asserts'
check "kernel log: a fixture's records count for the next subtest run, only it" 98 \
	= "Subtest pass: DMESG-WARN $time_re" out = "Subtest pass-asserts: SUCCESS $time_re" out \
	~ 'dmesg-warn in pass: <3>' err
IGT_SELFTEST_KMSG_TEARDOWN=$tmp/loud run --run-subtest pass
check "kernel log: records after the last subtest fail the binary (exit 98)" 98 \
	= "Subtest pass: SUCCESS $time_re" out \
	= '.*dmesg-warn after the last subtest: <4> \[3\.000000\] u_dma_buf: a warning' err
IGT_SELFTEST_KMSG_ADD=$tmp/quiet IGT_SELFTEST_KMSG_THEN=warn run --run-subtest kernel-log
check "igt_warn() in a passing subtest: WARN, exit 98 (igt_runner's warn)" 98 \
	= "Subtest kernel-log: WARN $time_re" out
IGT_SELFTEST_KMSG_ADD=$tmp/quiet IGT_SELFTEST_KMSG_THEN=warn IGT_SENTINEL_ON_STDERR=1 \
	run --run-subtest kernel-log
check "igt_warn() under igt_runner: SUCCESS (igt_runner makes it warn)" 0 \
	= "Subtest kernel-log: SUCCESS $time_re" out
IGT_SELFTEST_KMSG_ADD=$tmp/loud IGT_SELFTEST_KMSG_THEN=warn run --run-subtest kernel-log
check "igt_warn() and a kernel warning: DMESG-WARN" 98 \
	= "Subtest kernel-log: DMESG-WARN $time_re" out

run
want_ok="pass pass-asserts pass-formatted-1 pass-formatted-2 group-fixture-fail after-groups "
want_fail="fail fail-eq fail-eq-u64 fail-in-helper fail-explicit "
want_skip="skip skip-on skip-explicit crash kernel-log group-skip-a group-skip-b "
[ "$rc" = 98 ] && [ "$(results SUCCESS)" = "$want_ok" ] && [ "$(results FAIL)" = "$want_fail" ] &&
	[ "$(results SKIP)" = "$want_skip" ] &&
	[ "$(grep -c '^Subtest ' "$tmp/out")" = "$(echo $all | wc -w)" ] &&
	grep -qx "fixture: tear down" "$tmp/out" &&
	pass "whole binary: every subtest reported once, mixed results exit 98" ||
	fail "whole binary: status $rc; SUCCESS: $(results SUCCESS); FAIL: $(results FAIL); SKIP: $(results SKIP)"

# gen-test-list.sh: igt@binary@subtest for the top-level binaries only.
mkdir -p "$tmp/suite/selftest"
cp "$bin" "$tmp/suite/selftest/" && cp "$bin" "$tmp/suite/udmabuf_demo"
if list=$("$top/tests/igt/gen-test-list.sh" "$tmp/suite") &&
   [ "$list" = "$(echo $all | tr ' ' '\n' | sed 's/^/igt@udmabuf_demo@/')" ]; then
	pass "gen-test-list.sh lists igt@binary@subtest, without the self-test"
else
	fail "gen-test-list.sh: $(echo "$list" | head -n 3 | tr '\n' ' ')"
fi
