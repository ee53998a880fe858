# SPDX-License-Identifier: GPL-2.0
# Per-program settings of the fuzzer (included by tests/Makefile): it is
# one program, tests/fuzz/fuzz.c, built from the fz-*.h next to it, also
# for i686 (on x86_64 guests it fuzzes the 32-bit compat ioctls).

# This file defines rules: keep tests/Makefile's "all" the default goal.
.DEFAULT_GOAL := all

# 64-bit file offsets in the i686 build too.
CFLAGS_fuzz := -D_FILE_OFFSET_BITS=64
COMPAT32 += fuzz
vpath fuzz.c $(TOP)/tests/fuzz
$(OUT)/fuzz: $(wildcard $(TOP)/tests/fuzz/*.h)
ifneq ($(ARCH),i686)
all: $(OUT)/fuzz
endif
