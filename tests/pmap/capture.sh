#!/usr/bin/env bash
# tests/pmap/capture.sh - (re)make the golden snapshot of tests/pmap/snap:
# start the fixture (static, so that its PSS values hold still), save its
# proc files with `vmspace pmap --save`, and record /usr/bin/pmap's output
# for each case at the same moment.  test_pmap's golden_snapshot case then
# checks `vmspace pmap --proc-root tests/pmap/snap` against these files,
# on any machine, with or without procps.
#
# Cases whose procps output has a documented bug (B1-B9) are not recorded.
set -eu
cd "$(dirname "$0")/../.."
vmspace=${VMSPACE:-build/vmspace}
out=tests/pmap/snap
tmp=$(mktemp -d /tmp/vms-pmap-capture-XXXXXX)
trap 'kill $fx 2>/dev/null; rm -rf "$tmp"' EXIT

cc -static -pthread -O1 -o "$tmp/fixture" tests/pmap/fixture.c
mkdir -p "$tmp/all"
exec 3< <("$tmp/fixture" all "$tmp/all")
fx=$!
read -r _ <&3

rm -rf "$out"
"$vmspace" pmap --save="$out" "$fx" >/dev/null
: >"$out/cases"
i=0
while read -r args; do
	[ -z "$args" ] && continue
	i=$((i + 1))
	f=$(printf 'case%02d.out' "$i")
	# shellcheck disable=SC2086
	LC_ALL=C.UTF-8 /usr/bin/pmap $args "$fx" >"$out/$f" || true
	echo "$f $args $fx" >>"$out/cases"
done <<'CASES'
-q
-x
-d
-X
-XX
-p
-x -p
-d -q
-X -q
-XX -p
-x -q
CASES
# the default mode too (no options: the line has only the pid)
LC_ALL=C.UTF-8 /usr/bin/pmap "$fx" >"$out/case00.out"
echo "case00.out $fx" >>"$out/cases"
echo "captured $(wc -l <"$out/cases") cases of pid $fx in $out"
