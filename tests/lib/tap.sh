# SPDX-License-Identifier: GPL-2.0
# Test helpers for scripts that run inside the guests (POSIX sh: dash on
# x86_64, busybox ash on arm64). Each check prints one line the driver
# counts: "PASS: name", "FAIL: name: why" or "SKIP: name: why".
# End a script with t_done, which exits non-zero when anything failed.

T_FAILED=0

t_pass() { printf 'PASS: %s\n' "$*"; }
t_fail() { printf 'FAIL: %s\n' "$*"; T_FAILED=1; }
t_skip() { printf 'SKIP: %s\n' "$*"; }

# t_check NAME COMMAND...: passes when COMMAND succeeds.
t_check() {
	_n=$1
	shift
	if "$@" >/tmp/t_check.out 2>&1; then
		t_pass "$_n"
	else
		t_fail "$_n: '$*' failed: $(tail -n 3 /tmp/t_check.out | tr '\n' ' ')"
	fi
}

# t_check_fails NAME COMMAND...: passes when COMMAND fails.
t_check_fails() {
	_n=$1
	shift
	if "$@" >/tmp/t_check.out 2>&1; then
		t_fail "$_n: '$*' unexpectedly succeeded"
	else
		t_pass "$_n"
	fi
}

# t_eq NAME GOT WANT
t_eq() {
	if [ "$2" = "$3" ]; then
		t_pass "$1"
	else
		t_fail "$1: got '$2', want '$3'"
	fi
}

# t_match NAME TEXT EXTENDED-REGEX
t_match() {
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then
		t_pass "$1"
	else
		t_fail "$1: '$(printf '%s' "$2" | head -c 300)' does not match /$3/"
	fi
}

# t_dmesg_mark / t_dmesg_since: kernel log lines written since the mark,
# a unique line written to /dev/kmsg (counting lines fails once the ring
# buffer wraps).
t_dmesg_mark() {
	T_DMESG_MARK="tap-mark-$$-$(date +%s)-${T_DMESG_SEQ:=0}"
	T_DMESG_SEQ=$((T_DMESG_SEQ + 1))
	echo "$T_DMESG_MARK" > /dev/kmsg
}
t_dmesg_since() { dmesg | sed -n "/$T_DMESG_MARK/,\$p" | tail -n +2; }

# t_log_quiet NAME: no kernel-log line at warning level or worse (level <= 4,
# as igt_runner and CI log scanners judge) since t_dmesg_mark, besides the
# kernel's own notice that an out-of-tree module taints it and what QEMU's
# emulation (TCG) makes the timer code say at any moment.
t_log_quiet() {
	_loud=$(dmesg -r | sed -n "/$T_DMESG_MARK/,\$p" | tail -n +2 |
		grep -v -e 'loading out-of-tree module taints kernel' \
			-e 'hrtimer: interrupt took [0-9]* ns' |
		awk -F'[<>]' '$2 != "" && $2 % 8 <= 4')
	if [ -z "$_loud" ]; then
		t_pass "$1"
	else
		t_fail "$1: warning-level lines in the kernel log: $(printf '%s\n' "$_loud" | head -n 4 | tr '\n' '|')"
	fi
}

t_done() { exit "$T_FAILED"; }
