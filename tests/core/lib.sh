# SPDX-License-Identifier: GPL-2.0
# Helpers for the in-guest core test scripts (POSIX sh: dash on x86_64,
# busybox ash on arm64). Needs /add/tap.sh next to it.
. /add/tap.sh

KO=$UDMABUF_KO/u-dma-buf.ko
CLASS=/sys/class/u-dma-buf
STATS=/sys/kernel/debug/u-dma-buf/stats
case "$(uname -m)" in
aarch64) ARCH=arm64 DEFAULT_QUIRK=2 COHERENT=0 ;;
*) ARCH=x86_64 DEFAULT_QUIRK=3 COHERENT=1 ;;
esac

# run PROGRAM ARGS...: a test program that prints its own PASS/FAIL lines
# and exits 1 when one failed; any other failure (a crash) is a FAIL here.
run() {
	"$@"
	_rc=$?
	case $_rc in
	0) ;;
	1) T_FAILED=1 ;;
	*) t_fail "$*: exited with status $_rc" ;;
	esac
}

# load PARAMS...: insmod u-dma-buf.ko, with its debug messages (what it
# answers user-space mistakes with) on; its output goes to /tmp/load.out.
DYNDBG=
[ -e /proc/dynamic_debug/control ] && DYNDBG=dyndbg=+p
load() { insmod "$KO" $DYNDBG "$@" >/tmp/load.out 2>&1; }

# unload: rmmod u_dma_buf when it is loaded.
unload() {
	if [ -e /sys/module/u_dma_buf ]; then
		rmmod u_dma_buf
	fi
}

# The kernel log since t_dmesg_mark, without timestamps. (Few processes:
# under TCG every exec costs.)
log_since() { t_dmesg_since | sed 's/^\[[^]]*\] //'; }

# log_has NAME TEXT: the kernel log since the mark has a line containing TEXT.
log_has() {
	_log=$(log_since)
	case "$_log" in
	*"$2"*) t_pass "$1" ;;
	*) t_fail "$1: no '$2' in the kernel log: $(printf '%s\n' "$_log" | tail -n 4 | tr '\n' '|')" ;;
	esac
}

# file_is NAME FILE WANT: FILE holds exactly WANT and a newline.
file_is() {
	_got=$(cat "$2" 2>&1; echo .)
	if [ "$_got" = "$3
." ]; then
		t_pass "$1"
	else
		_got=$(printf '%s' "${_got%.}" | od -An -c | tr -s ' \n' '  ')
		t_fail "$1: $2 holds '$_got', want '$3' + newline"
	fi
}

# stats_is NAME BUFFERS BYTES: the debugfs statistics.
stats_is() {
	file_is "$1" "$STATS" "buffers $2
bytes $3"
}

# mode_is NAME FILE MODE: ls-style permissions of FILE.
mode_is() { t_eq "$1" "$(stat -c %A "$2")" "$3"; }

# Number of platform devices u-dma-buf created for itself.
count_auto() { ls /sys/bus/platform/devices | grep -c '^u-dma-buf\.[0-9]*\.auto$'; }

# parent_of DEV: name of the DMA device a buffer is bound to.
parent_of() { basename "$(readlink "$CLASS/$1/device")"; }

# absent NAME DEV: neither /dev/DEV nor its sysfs directory exists.
absent() {
	t_check_fails "$1: no /dev/$2" test -e "/dev/$2"
	t_check_fails "$1: no $CLASS/$2" test -e "$CLASS/$2"
}
