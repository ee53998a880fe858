# SPDX-License-Identifier: GPL-2.0
# Per-program settings of the dma-heap tests (included by tests/Makefile).

# This file defines rules: keep tests/Makefile's "all" the default goal.
.DEFAULT_GOAL := all

# heap-cirrus uses libdrm's KMS helpers; only the x86_64 build has libdrm
# (without TL_HAVE_LIBDRM the program only reports SKIP).
ifeq ($(ARCH),x86_64)
CFLAGS_heap-cirrus := -DTL_HAVE_LIBDRM
LDLIBS_heap-cirrus := -ldrm
endif
LDLIBS_heap-stress := -pthread

# The 32-bit x86 DMA_HEAP_IOCTL_ALLOC and DMA_ADDR arguments: heap-uapi and
# heap-addr run as i686 programs on the x86_64 guest too.
COMPAT32 += heap-uapi heap-addr

# The programs and the benchmark (bench/src/heap-bench.c) share the header.
HEAP_PROGS := $(basename $(notdir $(wildcard $(TOP)/tests/heap/*.c))) heap-bench
$(addprefix $(OUT)/,$(HEAP_PROGS)): $(TOP)/tests/heap/heap.h
