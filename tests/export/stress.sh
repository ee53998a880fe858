#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/export-stress.sh.
. /add/tap.sh
. /add/guest-lib.sh

t_check "modprobe vgem" modprobe vgem
ex_run export-stress export-stress "${UDMABUF_EX_STRESS_SECS:-30}" 8
t_done
