#!/usr/bin/env bash
# make bench: every benchmark, each against its baseline in the same run.
set -eu
O=${1:-build}
echo "## bench_core ($(date -u +%F), $(uname -r), $(nproc) cores)"
"$O/bench_core"
for b in bench/*.sh; do
	[ "$b" = bench/run.sh ] && continue
	echo
	bash "$b" "$O"
done
