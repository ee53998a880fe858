# SPDX-License-Identifier: GPL-2.0
#
# u-dma-buf: build, install and test.
#
# Parameters (as upstream u-dma-buf):
#   ARCH           target architecture (default: this machine's)
#   KERNEL_SRC     kernel build tree (default: the running kernel's, else the
#                  newest installed Debian headers for ARCH)
#   CROSS_COMPILE  tool prefix (default for arm64 on other hosts: aarch64-linux-gnu-)
#
# Targets: all clean install test test-debug demo bench bench-heaps check deps fuzz deb help
#   bench-heaps: builds the bench kernel (tests/vm/lane-kernel.sh bench; the
#        first time 20-25 minutes), then the heap benchmark on it (x86_64)
#   deb: the Debian packages (debian/) into build/deb/ (build dependencies:
#        sh scripts/deps.sh)

HOST_ARCH     := $(shell uname -m | sed -e s/arm.*/arm/ -e s/aarch64.*/arm64/)
ARCH          ?= $(HOST_ARCH)
KERNEL_SRC    ?= $(shell sh scripts/kernel-src.sh $(ARCH))
CROSS_COMPILE ?= $(shell sh scripts/kernel-src.sh --cross $(ARCH))

KMAKE = $(MAKE) -C $(KERNEL_SRC) M=$(CURDIR) ARCH=$(ARCH) \
	CROSS_COMPILE=$(CROSS_COMPILE) CONFIG_U_DMA_BUF=m CONFIG_U_DMA_BUF_MGR=m

.PHONY: all modules clean install test test-debug demo bench bench-heaps check deps fuzz help kernel-src

all: modules

kernel-src:
	@test -n "$(KERNEL_SRC)" -a -e "$(KERNEL_SRC)/Makefile" || { \
		echo "No kernel build tree for ARCH=$(ARCH)."; \
		echo "Set KERNEL_SRC=... or install headers: sh scripts/deps.sh"; exit 1; }

modules: kernel-src
	$(KMAKE) modules

clean:
	-test -z "$(KERNEL_SRC)" || $(KMAKE) clean
	rm -rf build

# INSTALL_MOD_PATH and DESTDIR stage an installation elsewhere. The
# GStreamer plugin is built and installed too for native builds with
# GStreamer's development files (scripts/deps.sh installs them), and so is
# user space (userspace/meson.build, in build/userspace, prefix /usr/local):
# libudmabuf with its header and libudmabuf.pc, the udmabuf command, its
# man page and bash completion, the Python package.
GST_PLUGIN_DEPS := gstreamer-1.0 gstreamer-allocators-1.0 gstreamer-video-1.0

install: modules
	$(KMAKE) INSTALL_MOD_DIR=extra modules_install
	depmod -a $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) \
		$$(modinfo -F vermagic u-dma-buf.ko | cut -d' ' -f1)
	install -D -m 0644 scripts/99-u-dma-buf.rules \
		$(DESTDIR)/etc/udev/rules.d/99-u-dma-buf.rules
	install -D -m 0644 -t $(DESTDIR)/usr/local/include uapi/u-dma-buf-ioctl.h \
		uapi/u-dma-buf-heap.h
	@if [ "$(ARCH)" = "$(HOST_ARCH)" ] && command -v meson >/dev/null && \
	    pkg-config --exists $(GST_PLUGIN_DEPS); then \
		userspace/gst-plugin/build.sh build/gst-plugin && \
		meson install -C build/gst-plugin $(if $(DESTDIR),--destdir $(DESTDIR)); \
	else \
		echo "GStreamer plugin not installed: it needs a native build, meson and $(GST_PLUGIN_DEPS)"; \
	fi
	@if [ "$(ARCH)" = "$(HOST_ARCH)" ] && command -v meson >/dev/null; then \
		{ [ -e build/userspace/build.ninja ] || meson setup build/userspace userspace; } && \
		ninja -C build/userspace && \
		meson install -C build/userspace --no-rebuild \
			$(if $(DESTDIR),--destdir $(abspath $(DESTDIR))) && \
		{ [ -n "$(DESTDIR)" ] || ldconfig; }; \
	else \
		echo "libudmabuf, udmabuf and the Python package not installed: they need a native build and meson"; \
	fi

deps:
	sh scripts/deps.sh

# make deb: every package of debian/control, built with dpkg-buildpackage
# in a copy of this tree, into build/deb/ (lintian-checked; nothing is done
# when nothing changed).
.PHONY: deb
deb:
	sh debian/make-deb.sh build/deb

test: deps
	tests/run

test-debug:
	sh scripts/deps.sh --debug
	tests/run --kernel debug

demo: deps
	sh scripts/demo.sh

bench: deps
	bench/run

bench-heaps: deps
	sh scripts/deps.sh --debug
	tests/vm/lane-kernel.sh bench
	UDMABUF_BENCH_ARCHES=x86_64 bench/run heap

check: deps
	sh scripts/check.sh

# make fuzz [ARCH=arm64] [SEED=n] [TIME=seconds] [FUZZ_ARGS=...]: the fuzzer
# (tests/fuzz/) in one guest for TIME seconds (default 60) from SEED
# (default: the time); prints the seed, epoch and step of any failure and
# how to replay it. FUZZ_ARGS adds options, e.g. --skip splice,log.
ifeq ($(origin SEED),undefined)
SEED := $(shell date +%s)
endif
TIME ?= 60
FUZZ_ARGS ?=

fuzz:
	scripts/build-modules.sh $(ARCH)
	$(MAKE) -s -C tests ARCH=$(ARCH)
	@echo "fuzz: ARCH=$(ARCH) SEED=$(SEED) TIME=$(TIME) $(FUZZ_ARGS)"
	@tests/vm/run --arch $(ARCH) --timeout $$(($(TIME) + 600)) \
		--qemu "-device pcie-root-port,id=rp0,chassis=1,bus=pcie.0 -device edu" \
		--add build/tests/$(ARCH)/fuzz -- /add/fuzz --seed $(SEED) --time $(TIME) \
		$(FUZZ_ARGS); st=$$?; \
	if [ "$$st" != 0 ]; then echo "fuzz: FAILED with SEED=$(SEED) (status $$st)"; exit 1; fi; \
	echo "fuzz: no failure with SEED=$(SEED)"

help:
	@sed -n '2,/^$$/s/^# \{0,1\}//p' Makefile
