# SPDX-License-Identifier: GPL-2.0
# Per-program settings of the libudmabuf tests (included by tests/Makefile).
# The test programs and the udmabuf command are built with libudmabuf's
# sources compiled in, so the arm64 guest gets them as static binaries
# without a meson cross build (the shared library itself is built and
# checked by meson: tests/host/libudmabuf.sh, the x86_64 suite).

# This file defines rules: keep tests/Makefile's "all" the default goal.
.DEFAULT_GOAL := all

LUB_TOP   := $(TOP)/userspace
LUB_LIB   := $(wildcard $(LUB_TOP)/lib/*.c)
LUB_TOOL  := $(wildcard $(LUB_TOP)/tools/*.c)
LUB_HDRS  := $(wildcard $(LUB_TOP)/lib/*.h $(LUB_TOP)/tools/*.h $(TOP)/tests/libudmabuf/*.h)
LUB_PROGS := $(basename $(notdir $(wildcard $(TOP)/tests/libudmabuf/*.c)))

$(foreach p,$(LUB_PROGS),$(eval CFLAGS_$(p) := -std=gnu11 -I$(LUB_TOP)/lib))
$(foreach p,$(LUB_PROGS),$(eval LDLIBS_$(p) := $(LUB_LIB) -pthread))
# every test program needs the command next to it
$(addprefix $(OUT)/,$(LUB_PROGS)): $(LUB_LIB) $(LUB_HDRS) $(OUT)/udmabuf

$(OUT)/udmabuf: $(LUB_LIB) $(LUB_TOOL) $(LUB_HDRS) $(wildcard $(TOP)/uapi/*.h)
	@mkdir -p $(OUT)
	$(CC) $(CFLAGS) -std=gnu11 -I$(LUB_TOP)/lib -o $@ $(LUB_TOOL) $(LUB_LIB) -pthread

# bench/src/lib-bench.c (bench/libudmabuf.sh) calls the library too
CFLAGS_lib-bench := -std=gnu11 -I$(LUB_TOP)/lib
LDLIBS_lib-bench := $(LUB_LIB) -pthread
$(OUT)/lib-bench: $(LUB_LIB) $(LUB_HDRS)
