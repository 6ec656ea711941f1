#!/usr/bin/env bash
# vmspace replay on a 1,000,000-line trace, against the live kernel
# executing the same calls (timed inside bench_core, syscalls only).
set -eu
O=${1:-build}
trace=$(mktemp /tmp/vmspace-bench-XXXXXX.strace)
trap 'rm -f "$trace"' EXIT
lines=${REPLAY_LINES:-1000000}
kernel_s=$("$O/bench_core" --emit-trace "$trace" "$lines")
t0=$(date +%s.%N)
"$O/vmspace" replay "$trace" >/dev/null
t1=$(date +%s.%N)
replay_s=$(awk "BEGIN{print $t1 - $t0}")
echo "| trace lines | vmspace replay s (parse+apply+print) | kernel s (syscalls only) | replay / kernel |"
echo "|---|---|---|---|"
printf '| %s | %.3f | %.3f | %.2fx |\n' "$((lines + 5000))" "$replay_s" "$kernel_s" \
	"$(awk "BEGIN{print $replay_s / $kernel_s}")"
