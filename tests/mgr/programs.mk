# SPDX-License-Identifier: GPL-2.0
# Per-program settings of the manager tests (included by tests/Makefile).

# This file defines rules: keep tests/Makefile's "all" the default goal.
.DEFAULT_GOAL := all

# The programs share mgr.h; mgr-mapped also uses the core tests' helpers.
MGR_PROGS := $(basename $(notdir $(wildcard $(TOP)/tests/mgr/*.c)))
$(addprefix $(OUT)/,$(MGR_PROGS)): $(TOP)/tests/mgr/mgr.h $(TOP)/tests/core/core.h
