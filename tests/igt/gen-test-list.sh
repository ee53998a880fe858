#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# usage: tests/igt/gen-test-list.sh [--binaries] BUILD_DIR
#
# Prints the igt_runner test list of the igt binaries in BUILD_DIR (e.g.
# build/igt/x86_64): "igt@<binary>@<subtest>", one line per subtest, from
# each binary's --list-subtests; binaries in name order, subtests in their
# binary's order. The harness self-test (BUILD_DIR/selftest/) is left out.
# Use it with: igt_runner --test-list FILE BUILD_DIR RESULTS_DIR
#
# --binaries prints instead the list of binaries igt_runner reads from
# <test root>/test-list.txt (igt's own build generates it in this format).
#
# Exits 1 if a binary fails to list its subtests, 2 on bad usage.
set -u -o pipefail
binaries=0
[ "${1:-}" = --binaries ] && { binaries=1; shift; }
if [ $# -ne 1 ] || [ ! -d "$1" ]; then
	echo "usage: $0 [--binaries] BUILD_DIR" >&2
	exit 2
fi
dir=$1

progs=()
for f in "$dir"/*; do
	[ -f "$f" ] && [ -x "$f" ] || continue
	case "$(basename "$f")" in
	*.o|*.a|*.so|*.txt|igt_selftest) continue ;;
	esac
	progs+=("$f")
done

if [ "$binaries" = 1 ]; then
	echo TESTLIST
	for f in "${progs[@]}"; do basename "$f"; done | tr '\n' ' ' | sed 's/ $//'
	printf '\nEND TESTLIST\n'
	exit 0
fi

rc=0
for f in "${progs[@]}"; do
	name=$(basename "$f")
	if ! subtests=$("$f" --list-subtests </dev/null); then
		echo "$0: $name --list-subtests failed" >&2
		rc=1
		continue
	fi
	if [ -z "$subtests" ]; then
		echo "$0: $name has no subtests, left out" >&2
		continue
	fi
	printf '%s\n' "$subtests" | sed "s/^/igt@$name@/"
done
exit $rc
