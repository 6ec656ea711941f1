#!/usr/bin/env bash
# Build and run every probe; print each one's output under its name.
set -u
cd "$(dirname "$0")"
out=$(mktemp -d)
inc=../../../shared/reference/kernel-probes
for c in */*.c; do
	bin="$out/$(echo "${c%.c}" | tr / _)"
	if gcc -O1 -w -I"$(dirname "$c")" -I"$inc" -o "$bin" "$c" 2>"$bin.err"; then
		echo "=== $c"
		(cd "$(dirname "$c")" && timeout 120 "$bin")
	else
		echo "=== $c: does not build"; head -5 "$bin.err"
	fi
done
rm -rf "$out"
