# SPDX-License-Identifier: GPL-2.0
# Per-program settings of the core tests (included by tests/Makefile).

# This file defines rules: keep tests/Makefile's "all" the default goal.
.DEFAULT_GOAL := all

LDLIBS_core-odirect := -luring

# tests/Makefile finds no area (AREAS: $(notdir) of "tests/core/" is empty)
# and computes the i686 PROGS from COMPAT32 before it includes this file,
# so the core programs are added to "all" here. Harmless once it does.
CORE_PROGS := $(basename $(notdir $(wildcard $(TOP)/tests/core/*.c)))
COMPAT32 += core-ioctl core-guard
ifeq ($(ARCH),i686)
CORE_PROGS := core-ioctl core-guard
endif
# (tests/Makefile clears "vpath %.c" when it finds no sources: own pattern.)
vpath core-%.c $(TOP)/tests/core
all: $(addprefix $(OUT)/,$(CORE_PROGS))
$(addprefix $(OUT)/,$(CORE_PROGS)): $(TOP)/tests/core/core.h
