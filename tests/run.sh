#!/usr/bin/env bash
# Run every test binary given, count "ok"/"not ok" lines, and end with
# "N passed, N failed".  A binary that exits non-zero without reporting a
# failed case (a crash, a sanitizer report) counts as one failure.
set -u
passed=0
failed=0
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
log=$(mktemp)
for t in "$@"; do
	name=$(basename "$t")
	case $t in */slab/*) name="slab/$name" ;; esac
	"$t" >"$log" 2>&1
	rc=$?
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	grep -E '^(not ok |ERROR|SUMMARY|==[0-9]+==|.*runtime error)' "$log" | head -40
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok $name: exited with $rc"
		tail -30 "$log"
		f=1
	fi
	echo "# $name: $p passed, $f failed"
	passed=$((passed + p))
	failed=$((failed + f))
done
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
