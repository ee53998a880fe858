# SPDX-License-Identifier: GPL-2.0
# In-guest helpers of the export tests (POSIX sh: dash and busybox ash).
# Source after /add/tap.sh.

# ex_run NAME COMMAND...: runs a test program, which prints its own
# PASS/FAIL lines; a status other than 0 (all passed) or 1 (failures
# reported) means it died (a signal, a crash) and is reported.
ex_run() {
	_ex_name=$1
	shift
	"$@"
	_ex_rc=$?
	# shellcheck disable=SC2034
	case "$_ex_rc" in
	0) ;;
	1) T_FAILED=1 ;;	# tap.sh's failure flag
	*) t_fail "$_ex_name: exited with status $_ex_rc" ;;
	esac
	return 0
}

