# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash disable=SC2034
# Sourced by tests/suites/libudmabuf.sh (x86_64) with PREFIX: configures
# user space with --prefix PREFIX (in PREFIX/build), installs it there and
# builds PREFIX/pcprog from tests/libudmabuf/pcprog.c.in with only what
# pkg-config --cflags --libs libudmabuf says about the installed copy (and
# an rpath to its libdir). Returns non-zero with LUB_INSTALL_ERR set.
lub_install() {
	local p=$1 log=$1/log pc flags libdir
	if ! meson setup --prefix "$p" -Dpython=disabled "$p/build" "$UDMABUF_TOP/userspace" >"$log" 2>&1 ||
	   ! ninja -C "$p/build" >>"$log" 2>&1 || ! meson install -C "$p/build" >>"$log" 2>&1; then
		LUB_INSTALL_ERR="meson: $(tail -n 3 "$log" | tr '\n' ' ')"
		return 1
	fi
	rm -rf "$p/build"	# nothing of the build tree may be used
	pc=$(find "$p" -name libudmabuf.pc | head -n 1)
	if [ -z "$pc" ]; then
		LUB_INSTALL_ERR="no libudmabuf.pc under $p"
		return 1
	fi
	if ! flags=$(PKG_CONFIG_PATH=${pc%/*} pkg-config --cflags --libs libudmabuf) ||
	   ! libdir=$(PKG_CONFIG_PATH=${pc%/*} pkg-config --variable=libdir libudmabuf); then
		LUB_INSTALL_ERR="pkg-config --cflags --libs libudmabuf failed"
		return 1
	fi
	# shellcheck disable=SC2086
	if ! gcc -x c -o "$p/pcprog" "$UDMABUF_TOP/tests/libudmabuf/pcprog.c.in" $flags \
		-Wl,-rpath,"$libdir" >"$log" 2>&1; then
		LUB_INSTALL_ERR="gcc $flags: $(head -n 3 "$log" | tr '\n' ' ')"
		return 1
	fi
}
lub_install "$1"
