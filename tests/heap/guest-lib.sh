# SPDX-License-Identifier: GPL-2.0
# In-guest helpers of the heap tests (POSIX sh: dash and busybox ash).
# Source after /add/tap.sh.

# hp_run NAME COMMAND...: runs a test program, which prints its own
# PASS/FAIL lines; a status other than 0 (all passed) or 1 (failures
# reported) means it died (a signal, a crash, a usage error) and is reported.
hp_run() {
	_hp_name=$1
	shift
	"$@"
	_hp_rc=$?
	case "$_hp_rc" in
	0) ;;
	1) T_FAILED=1 ;;
	*) t_fail "$_hp_name: exited with status $_hp_rc" ;;
	esac
	return 0
}

# hp_wait_for PATH: waits up to 5 s for PATH to appear.
hp_wait_for() {
	_hp_i=0
	while [ $_hp_i -lt 50 ] && [ ! -e "$1" ]; do
		sleep 0.1
		_hp_i=$((_hp_i + 1))
	done
	[ -e "$1" ]
}

# hp_subheap NAME SIZE: creates a u-dma-buf device with a sub-allocating
# heap through the manager (one PASS/FAIL line).
hp_subheap() {
	if echo "create $1 $2 dma-heap" > /dev/u-dma-buf-mgr && hp_wait_for "/dev/dma_heap/$1"; then
		t_pass "create $1 $2 dma-heap"
	else
		t_fail "create $1 $2 dma-heap: no /dev/dma_heap/$1"
	fi
}

# hp_heaps: our nodes in /dev/dma_heap (u-dma-buf-heap misc devices; a
# kernel with CONFIG_DMABUF_HEAPS adds its own, e.g. "system"), space
# separated.
hp_heaps() {
	for n in $(ls /dev/dma_heap 2>/dev/null); do
		if { [ "$n" = udmabuf ] && [ -e /sys/class/misc/u-dma-buf-heap ]; } ||
		   [ -e "/sys/class/misc/u-dma-buf-heap.$n" ]; then
			printf '%s ' "$n"
		fi
	done | sed 's/ $//'
}
