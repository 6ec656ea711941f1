#!/usr/bin/env bash
# The bounded fuzz run of `make check`: every target for a short while
# (FUZZ_CHECK_SECONDS in all, 30 by default); `make fuzz` runs longer.
cd "$(dirname "$0")/../.."
secs=${FUZZ_CHECK_SECONDS:-30}
if bash tests/fuzz/run.sh "$secs" >build-fuzz-check.log 2>&1; then
	echo "ok fuzz_bounded: ${secs}s over $(ls tests/fuzz/fuzz_*.c | wc -l) targets"
else
	echo "not ok fuzz_bounded: see build-fuzz-check.log"
	tail -20 build-fuzz-check.log
	exit 1
fi
