# SPDX-License-Identifier: GPL-2.0
# Per-program settings of the device-tree tests (included by tests/Makefile).

# This file defines rules: keep tests/Makefile's "all" the default goal.
.DEFAULT_GOAL := all

# dt-export uses the core tests' helpers.
$(OUT)/dt-export: $(TOP)/tests/core/core.h
