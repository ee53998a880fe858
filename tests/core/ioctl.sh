#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/core-ioctl.sh: the ioctls, from a native
# program and, on x86_64, from the same program built for i686.
. /add/lib.sh

t_dmesg_mark
t_check "load udmabuf0, udmabuf1" load udmabuf0=1048576 udmabuf1=1048576
run core-ioctl check udmabuf0 32
if [ "$ARCH" = x86_64 ]; then
	# A fresh device for the 32-bit run: the checks start from the defaults.
	t_match "the i686 core-ioctl is a 32-bit program" \
		"$(od -An -tx1 -j4 -N1 "$UDMABUF_I686/core-ioctl")" '^ *01$'
	run "$UDMABUF_I686/core-ioctl" check udmabuf1 32
fi
# The ioctls were given bad ranges and arguments: user-space mistakes get
# their errno, not a kernel-log line at warning level or worse.
t_log_quiet "bad ioctl arguments leave the kernel log quiet"
unload
t_done
