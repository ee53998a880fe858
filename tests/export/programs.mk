# SPDX-License-Identifier: GPL-2.0
# Per-program settings of the dma-buf export tests (included by tests/Makefile).

# This file defines rules: keep tests/Makefile's "all" the default goal.
.DEFAULT_GOAL := all

# export-cirrus uses libdrm's KMS helpers; only the x86_64 build has libdrm
# (without TL_HAVE_LIBDRM the program compiles to one that reports SKIP).
ifeq ($(ARCH),x86_64)
CFLAGS_export-cirrus := -DTL_HAVE_LIBDRM
LDLIBS_export-cirrus := -ldrm
endif

# The 32-bit x86 EXPORT argument is 36 bytes: export-basic runs as an i686
# program on the x86_64 guest too.
COMPAT32 += export-basic

# The programs (and the benchmark, bench/src/export-bench.c) share headers.
EXPORT_PROGS := $(basename $(notdir $(wildcard $(TOP)/tests/export/*.c))) export-bench
$(addprefix $(OUT)/,$(EXPORT_PROGS)): $(wildcard $(TOP)/tests/export/*.h)
