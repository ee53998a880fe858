#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# libudmabuf and the udmabuf command on the host, without devices: the
# unit tests of the pure parts (tests/host/libudmabuf-unit.c: sizes, sysfs
# numbers, JSON, the fixture tree); the meson build (soname, versioned
# symbols exactly those of udmabuf.h, each in the version node
# libudmabuf.map names it in, nothing printed or exited from the library,
# libudmabuf.pc usable, a staged install); the command's output for the
# fixture tree against golden files, its exit statuses, the man page and
# the bash completion; licence headers.
top=$(cd "$(dirname "$0")/../.." && pwd)
fx=$top/tests/libudmabuf/fixtures
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS: libudmabuf: $*"; }
fail() { echo "FAIL: libudmabuf: $*"; }
check() {	# NAME COMMAND...
	local n=$1
	shift
	if "$@" >"$tmp/check.out" 2>&1; then pass "$n"; else fail "$n: $(tail -n 3 "$tmp/check.out" | tr '\n' ' ')"; fi
}

# --- unit tests ------------------------------------------------------------------
if gcc -std=gnu11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -I"$top/uapi" -I"$top/tests/lib" \
	-I"$top/userspace/lib" -I"$top/userspace/tools" -o "$tmp/unit" \
	"$top/tests/host/libudmabuf-unit.c" "$top"/userspace/lib/*.c "$top/userspace/tools/json.c" \
	-pthread 2>"$tmp/unit.log"; then
	pass "build the unit tests"
	"$tmp/unit" "$fx/sysroot" | sed 's/^\(PASS\|FAIL\): /\1: libudmabuf: unit: /'
else
	sed 's/^/# /' "$tmp/unit.log" | tail -n 20
	fail "build the unit tests"
fi

# --- the meson build -------------------------------------------------------------
b=$tmp/build
if meson setup "$b" "$top/userspace" >"$tmp/meson.log" 2>&1 && ninja -C "$b" >>"$tmp/meson.log" 2>&1; then
	pass "meson build (warning_level=2, werror)"
else
	sed 's/^/# /' "$tmp/meson.log" | tail -n 20
	fail "meson build"
	exit 0
fi
so=$b/lib/libudmabuf.so.1
check "soname libudmabuf.so.1" sh -c "readelf -d '$so' | grep -q 'SONAME.*\[libudmabuf.so.1\]'"
nm -D --defined-only "$so" | awk '$2 == "T" { print $3 }' | sort >"$tmp/exported"
sed -n 's/^[a-z].* \**\(udmabuf_[a-z0-9_]*\)(.*/\1/p' "$top/userspace/lib/udmabuf.h" |
	sort >"$tmp/declared"
# NAME@@NODE for each name in libudmabuf.map
awk '/^LIBUDMABUF_[0-9.]+ \{/ { node = $1 }
	/^\tudmabuf_[a-z0-9_]+;$/ { sub(/^\t/, ""); sub(/;$/, ""); print $0 "@@" node }' \
	"$top/userspace/lib/libudmabuf.map" | sort >"$tmp/versioned"
if cmp -s "$tmp/declared" <(sed 's/@@.*//' "$tmp/versioned"); then
	pass "libudmabuf.map names exactly the $(wc -l <"$tmp/declared") functions of udmabuf.h"
else
	fail "libudmabuf.map and udmabuf.h differ: $(diff "$tmp/declared" <(sed 's/@@.*//' "$tmp/versioned") | grep '^[<>]' | tr '\n' ' ')"
fi
if cmp -s "$tmp/exported" "$tmp/versioned"; then
	pass "exports exactly those, each in its version node ($(sed 's/.*@@//' "$tmp/versioned" | sort | uniq -c | awk '{ printf "%s%s %s", s, $1, $2; s = ", " }'))"
else
	fail "exports differ from libudmabuf.map: $(diff "$tmp/versioned" "$tmp/exported" | grep '^[<>]' | tr '\n' ' ')"
fi
bad=$(nm -D --undefined-only "$so" | awk '{ print $2 }' | sed 's/@.*//' |
	grep -xE 'printf|fprintf|puts|fputs|perror|exit|_exit|abort|vprintf|vfprintf|putchar|fwrite|__printf_chk|__fprintf_chk' | tr '\n' ' ')
[ -z "$bad" ] && pass "the library neither prints nor exits" || fail "the library calls $bad"

cat >"$tmp/prog.c" <<'PROG'
#include <stdio.h>
#include <udmabuf.h>
int main(void)
{
	uint64_t v;

	if (udmabuf_parse_size("1GiB", &v))
		return 1;
	printf("%llu\n", (unsigned long long)v);
	return 0;
}
PROG
pc=$b/meson-uninstalled
if flags=$(PKG_CONFIG_PATH=$pc pkg-config --cflags --libs libudmabuf 2>&1) &&
	gcc -o "$tmp/prog" "$tmp/prog.c" $flags 2>"$tmp/prog.log" &&
	[ "$(LD_LIBRARY_PATH=$b/lib "$tmp/prog")" = 1073741824 ]; then
	pass "a program built with pkg-config --cflags --libs libudmabuf runs"
else
	fail "pkg-config build: $flags $(head -n 5 "$tmp/prog.log" | tr '\n' ' ')"
fi
if command -v g++ >/dev/null; then
	check "udmabuf.h compiles as C++ too" g++ -fsyntax-only -Wall -Wextra -Werror -x c++ \
		"$top/userspace/lib/udmabuf.h"
fi
check "udmabuf.h compiles alone as C11 -pedantic" gcc -std=c11 -pedantic -fsyntax-only \
	-Wall -Wextra -Werror -x c "$top/userspace/lib/udmabuf.h"

# --- the command against the fixture tree ----------------------------------------
U=$b/tools/udmabuf
golden() {	# FILE ARGS...
	local g=$fx/golden/$1
	shift
	if UDMABUF_SYSROOT=$fx/sysroot "$U" "$@" >"$tmp/out" 2>"$tmp/err" && cmp -s "$g" "$tmp/out" &&
		[ ! -s "$tmp/err" ]; then
		pass "udmabuf $* is golden/$(basename "$g")"
	else
		fail "udmabuf $*: $(diff "$g" "$tmp/out" | head -n 6 | tr '\n' '|') $(head -c 200 "$tmp/err")"
	fi
}
golden list.txt list
golden list.json --json list
golden info-udmabuf10.json info --json udmabuf10
golden info-cam0.txt info cam0
golden info-cam0.json info cam0 --json
golden info-system.json -j info system
if command -v python3 >/dev/null; then
	for g in "$fx"/golden/*.json; do
		check "golden/$(basename "$g") is valid JSON" python3 -m json.tool "$g"
	done
fi
if /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
	for args in "list" "--json list" "info cam0" "--json info udmabuf10" "info system"; do
		# shellcheck disable=SC2086
		py=$(UDMABUF_SYSROOT=$fx/sysroot UDMABUF_LIBRARY=$so PYTHONDONTWRITEBYTECODE=1 \
			PYTHONPATH=$top/userspace/python /usr/bin/python3 -m udmabuf $args 2>&1)
		# shellcheck disable=SC2086
		c=$(UDMABUF_SYSROOT=$fx/sysroot "$U" $args 2>&1)
		[ "$py" = "$c" ] && pass "python3 -m udmabuf $args prints what udmabuf does" ||
			fail "python3 -m udmabuf $args: $(diff <(echo "$c") <(echo "$py") | head -n 6 | tr '\n' '|')"
	done
else
	echo "SKIP: libudmabuf: python3 -m udmabuf (no numpy for /usr/bin/python3)"
fi
status() {	# WANT NAME ARGS...
	local want=$1 n=$2 rc
	shift 2
	UDMABUF_SYSROOT=$fx/sysroot "$U" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	[ "$rc" = "$want" ] && pass "exit status $want: $n" ||
		fail "exit status of udmabuf $*: $rc, want $want ($(head -c 200 "$tmp/err"))"
}
status 0 "--help" --help
status 0 "create --help" create --help
status 0 "--version" --version
status 2 "no command"
status 2 "unknown command" frobnicate
status 2 "unknown option" list --frob
status 2 "missing argument" info
status 2 "bad size" create x 4Q
status 2 "option without its value" sync udmabuf0 cpu --offset
status 1 "unknown device" info nosuch
status 1 "no manager" create x 4M
status 1 "no node" dump udmabuf0 "$tmp/dump"

# --- man page, completion, install -----------------------------------------------
man1=$top/userspace/tools/udmabuf.1
if command -v groff >/dev/null; then
	w=$(groff -man -Tutf8 -ww -z "$man1" 2>&1)
	[ -z "$w" ] && pass "the man page renders without warnings" || fail "man page: $w"
fi
for c in list info create delete alloc sync dump load; do
	grep -q "^\.B[I]* $c\b\|^\.B $c " "$man1" && pass "the man page documents $c" ||
		fail "the man page does not document $c"
done
comp=$top/userspace/tools/udmabuf.bash-completion
complete_words() {	# LINE: the completions bash offers after LINE
	bash -c '. "$1"; COMP_WORDS=($2); [ "${2: -1}" = " " ] && COMP_WORDS+=("");
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _udmabuf; echo "${COMPREPLY[*]}"' _ "$comp" "$1"
}
check "bash completion: bash -n" bash -n "$comp"
[ "$(complete_words "udmabuf sy")" = sync ] && pass "completion: udmabuf sy -> sync" ||
	fail "completion: udmabuf sy -> '$(complete_words "udmabuf sy")'"
[ "$(complete_words "udmabuf sync udmabuf0 ")" = "cpu device" ] &&
	pass "completion: sync NAME -> cpu device" ||
	fail "completion: sync NAME -> '$(complete_words "udmabuf sync udmabuf0 ")'"
[ "$(complete_words "udmabuf sync x cpu --dir t")" = "to-device" ] &&
	pass "completion: --dir t -> to-device" ||
	fail "completion: --dir t -> '$(complete_words "udmabuf sync x cpu --dir t")'"

st=$tmp/stage
if DESTDIR=$st meson install -C "$b" --no-rebuild >"$tmp/install.log" 2>&1; then
	pass "meson install (staged)"
else
	tail -n 10 "$tmp/install.log" | sed 's/^/# /'
	fail "meson install (staged)"
fi
for f in "lib/*/libudmabuf.so.1.0.0" "lib/*/libudmabuf.so.1" "lib/*/libudmabuf.so" \
	"include/udmabuf.h" "lib/*/pkgconfig/libudmabuf.pc" "bin/udmabuf" \
	"share/man/man1/udmabuf.1" "share/bash-completion/completions/udmabuf"; do
	compgen -G "$st/usr/local/$f" >/dev/null && pass "installs $f" || fail "does not install $f"
done
if grep -q 'python3.*: YES' "$tmp/meson.log"; then
	f="lib/python3*/*-packages/udmabuf/__init__.py"
	compgen -G "$st/usr/local/$f" >/dev/null && pass "installs $f" || fail "does not install $f"
fi

for f in "$top"/userspace/lib/* "$top"/userspace/tools/* "$top"/userspace/python/udmabuf/*.py \
	"$top/userspace/meson.build" "$top/userspace/python/meson.build"; do
	case "$f" in *.md) continue ;; *.map|*.1|*.bash-completion|*meson.build) n=2 ;; *) n=1 ;; esac
	head -n "$n" "$f" | grep -q 'SPDX-License-Identifier: MIT' &&
		pass "$(basename "$f"): SPDX MIT" || fail "$(basename "$f"): no SPDX MIT header"
done
