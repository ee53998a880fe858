#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The kernel sources' layers, bottom up: buffer -> export -> heap -> device
# -> main.c. A file may include headers of its own layer and of the layers
# below it, and the shared ones (src/*.h, include/, uapi/); the manager
# module (src/mgr/) only the shared ones. Any "dir/file.h" include that
# points up a layer, sideways into the manager, or at a file that does not
# exist is a FAIL. (Run on a copy of the tree with one bad include planted,
# to show the check can fail.)
top=$(cd "$(dirname "$0")/../.." && pwd)

rank() {
	case "$1" in
	buffer) echo 1 ;; export) echo 2 ;; heap) echo 3 ;; device) echo 4 ;;
	main) echo 5 ;; mgr) echo 0 ;; *) echo -1 ;;
	esac
}

# check TREE: prints one line per offending include, nothing when clean
check() {
	local tree=$1 f dir layer inc target
	while IFS= read -r f; do
		dir=${f#"$tree"/src/}
		case "$dir" in
		*/*) layer=${dir%%/*} ;;
		main.c) layer=main ;;
		*) layer=shared ;;
		esac
		while IFS= read -r inc; do
			case "$inc" in
			*/*) target=${inc%%/*} ;;
			*) target=shared ;;
			esac
			if [ "$target" = shared ]; then
				[ -e "$tree/src/$inc" ] || [ -e "$tree/include/$inc" ] ||
					[ -e "$tree/uapi/$inc" ] || [ "$inc" = conftest.h ] ||
					echo "$dir includes \"$inc\", which is not a shared header"
				continue
			fi
			[ -e "$tree/src/$inc" ] || { echo "$dir includes \"$inc\", which does not exist"; continue; }
			if [ "$layer" = shared ]; then
				echo "$dir (shared) includes \"$inc\" of the $target layer"
			elif [ "$layer" = mgr ] || [ "$target" = mgr ]; then
				[ "$layer" = "$target" ] ||
					echo "$dir includes \"$inc\": the manager shares only src/*.h and include/"
			elif [ "$(rank "$target")" -gt "$(rank "$layer")" ]; then
				echo "$dir ($layer) includes \"$inc\", a layer above it ($target)"
			fi
		done < <(sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
	done < <(find "$tree/src" -name '*.[ch]' ! -name conftest.h | sort)
}

out=$(check "$top")
if [ -z "$out" ]; then
	echo "PASS: every include in src/ points down a layer or at a shared header"
else
	echo "FAIL: includes against the layers:"
	echo "$out" | sed 's/^/  /'
fi

# The check itself: a planted upward include must be caught.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r "$top/src" "$top/include" "$top/uapi" "$tmp/"
echo '#include "device/device.h"' >> "$tmp/src/buffer/mmap.c"
echo '#include "export/export.h"' >> "$tmp/src/mgr/main.c"
out=$(check "$tmp")
case "$out" in
*'buffer/mmap.c (buffer) includes "device/device.h"'*) echo "PASS: an include up a layer is caught" ;;
*) echo "FAIL: buffer/mmap.c including device/device.h was not caught: $out" ;;
esac
case "$out" in
*'mgr/main.c includes "export/export.h"'*) echo "PASS: the manager including a layer is caught" ;;
*) echo "FAIL: mgr/main.c including export/export.h was not caught: $out" ;;
esac
