#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# In-guest half of tests/suites/export-vgem.sh. Unloads the modules at the
# end (the rmmod checks).
. /add/tap.sh
. /add/guest-lib.sh

t_check "modprobe vgem" modprobe vgem
ex_run export-vgem export-vgem udmabuf0
ex_run lifetime-delete export-lifetime delete
ex_run lifetime-rmmod export-lifetime rmmod udmabuf0
t_done
