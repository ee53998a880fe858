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
# Targets: all clean install test test-debug demo bench check deps help

HOST_ARCH     := $(shell uname -m | sed -e s/arm.*/arm/ -e s/aarch64.*/arm64/)
ARCH          ?= $(HOST_ARCH)
KERNEL_SRC    ?= $(shell sh scripts/kernel-src.sh $(ARCH))
CROSS_COMPILE ?= $(shell sh scripts/kernel-src.sh --cross $(ARCH))

KMAKE = $(MAKE) -C $(KERNEL_SRC) M=$(CURDIR) ARCH=$(ARCH) \
	CROSS_COMPILE=$(CROSS_COMPILE) CONFIG_U_DMA_BUF=m CONFIG_U_DMA_BUF_MGR=m

.PHONY: all modules clean install test test-debug demo bench check deps help kernel-src

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
# GStreamer's development files (scripts/deps.sh installs them).
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

deps:
	sh scripts/deps.sh

test: deps
	tests/run

test-debug:
	sh scripts/deps.sh --debug
	tests/run --kernel debug

demo: deps
	sh scripts/demo.sh

bench: deps
	bench/run

check: deps
	sh scripts/check.sh

help:
	@sed -n '2,/^$$/s/^# \{0,1\}//p' Makefile
