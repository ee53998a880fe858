# SPDX-License-Identifier: GPL-2.0
# Helpers of tests/libudmabuf/guest.sh (POSIX sh). Source after tap.sh;
# needs U (the command) and CLASS.

# run PROGRAM ARGS...: a test program printing its own PASS/FAIL lines
run() {
	"$@"
	_rc=$?
	case $_rc in
	0) ;;
	1) T_FAILED=1 ;;
	*) t_fail "$*: exited with status $_rc" ;;
	esac
}

# u ARGS...: runs the command; /tmp/u.out, /tmp/u.err, U_RC
u() {
	"$U" "$@" >/tmp/u.out 2>/tmp/u.err
	U_RC=$?
}

# u_is NAME STATUS OUT-REGEX [ERR-REGEX]: the last u's status, a line of its
# stdout matching OUT-REGEX (empty: stdout empty), and of stderr
# matching ERR-REGEX (absent: stderr empty)
u_is() {
	_why=
	[ "$U_RC" = "$2" ] || _why="status $U_RC, want $2;"
	if [ -z "$3" ]; then
		[ -s /tmp/u.out ] && _why="$_why stdout not empty;"
	elif ! grep -Eq -- "$3" /tmp/u.out; then
		_why="$_why no stdout line /$3/;"
	fi
	if [ $# -lt 4 ]; then
		[ -s /tmp/u.err ] && _why="$_why stderr not empty;"
	elif ! grep -Eq -- "$4" /tmp/u.err; then
		_why="$_why no stderr line /$4/;"
	fi
	if [ -z "$_why" ]; then
		t_pass "udmabuf $1"
	else
		t_fail "udmabuf $1: $_why stdout: $(head -c 300 /tmp/u.out | tr '\n' '|') stderr: $(head -c 300 /tmp/u.err | tr '\n' '|')"
	fi
}

# u_same NAME FILE: the last u succeeded and printed exactly FILE
u_same() {
	if [ "$U_RC" = 0 ] && cmp -s /tmp/u.out "$2" && [ ! -s /tmp/u.err ]; then
		t_pass "udmabuf $1"
	else
		t_fail "udmabuf $1: status $U_RC, $(diff "$2" /tmp/u.out | head -n 8 | tr '\n' '|')"
	fi
}

_attr() { cat "$CLASS/$1/$2"; }
_bool() { [ "$1" = 1 ] && echo true || echo false; }

# expect_info_json NAME HEAP-JSON: what `udmabuf info --json NAME` prints for
# a device without users, from its sysfs attributes
expect_info_json() {
	[ "$(_attr "$1" sync_owner)" = 1 ] && _owner=device || _owner=cpu
	printf '{\n  "device": {\n'
	printf '    "name": "%s",\n    "type": "device",\n    "path": "/dev/%s",\n' "$1" "$1"
	printf '    "size": %s,\n' "$(_attr "$1" size)"
	printf '    "dma_addr": %d,\n' "$(_attr "$1" phys_addr)"
	printf '    "dma_coherent": %s,\n' "$(_bool "$(_attr "$1" dma_coherent)")"
	printf '    "sync_mode": %s,\n' "$(_attr "$1" sync_mode)"
	printf '    "quirk_mmap_mode": %s,\n' "$(_attr "$1" quirk_mmap_mode)"
	printf '    "sync_owner": "%s",\n' "$_owner"
	printf '    "sync_offset": %d,\n' "$(_attr "$1" sync_offset)"
	printf '    "sync_size": %s,\n' "$(_attr "$1" sync_size)"
	printf '    "sync_direction": %s,\n' "$(_attr "$1" sync_direction)"
	printf '    "driver_version": "%s",\n' "$(_attr "$1" driver_version)"
	printf '    "users": 0\n  },\n  "heap": %s\n}\n' "$2"
}
