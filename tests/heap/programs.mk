# SPDX-License-Identifier: GPL-2.0
# Per-program settings of the dma-heap tests (included by tests/Makefile).

# This file defines rules: keep tests/Makefile's "all" the default goal.
.DEFAULT_GOAL := all

# heap-cirrus uses libdrm's KMS helpers; only the x86_64 build has libdrm
# (without HP_HAVE_LIBDRM the program only reports SKIP). tests/Makefile
# has no per-program CFLAGS: the define rides on LDLIBS.
ifeq ($(ARCH),x86_64)
LDLIBS_heap-cirrus := -DHP_HAVE_LIBDRM -ldrm
endif
LDLIBS_heap-stress := -pthread

# tests/Makefile finds no tests/<area>/ sources (its AREAS is empty) and
# computes the i686 program list from COMPAT32 before it includes this
# file: the heap programs are added to "all" here. Harmless once it does.
HEAP_PROGS := $(basename $(notdir $(wildcard $(TOP)/tests/heap/*.c)))
COMPAT32 += heap-uapi heap-addr
ifeq ($(ARCH),i686)
HEAP_PROGS := heap-uapi heap-addr
endif
vpath heap-%.c $(TOP)/tests/heap
all: $(addprefix $(OUT)/,$(HEAP_PROGS))
$(addprefix $(OUT)/,$(HEAP_PROGS)): $(TOP)/tests/heap/heap.h

# The benchmark (bench/src/heap-bench.c, built by tests/Makefile) shares
# the header.
ifneq ($(ARCH),i686)
$(OUT)/heap-bench: $(TOP)/tests/heap/heap.h
endif
