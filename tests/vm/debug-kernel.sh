#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debug-kernel.sh [--build-dir]
#
# The debug lane's kernel (make test-debug): tests/vm/lane-kernel.sh debug,
# kept under this name because tests/vm/debug.config names it (editing that
# fragment would change the key of the cached build).
exec "$(dirname "$0")/lane-kernel.sh" debug "$@"
