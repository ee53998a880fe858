#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/export-basic.sh: the EXPORT ioctl without
# importers, natively and (x86_64) from a 32-bit i686 program.
. /add/tap.sh
. /add/guest-lib.sh

ex_run export-basic export-basic udmabuf0 udmabuf1
if [ -n "${UDMABUF_EX_COMPAT32:-}" ]; then
	if [ -x "$UDMABUF_EX_COMPAT32" ]; then
		ex_run compat32 "$UDMABUF_EX_COMPAT32" udmabuf0 udmabuf1
	else
		t_fail "compat32: $UDMABUF_EX_COMPAT32 is not built"
	fi
fi
t_done
