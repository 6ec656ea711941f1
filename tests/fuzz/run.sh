#!/usr/bin/env bash
# tests/fuzz/run.sh SECONDS - build and run every fuzz target.
#
# Each tests/fuzz/fuzz_NAME.c defines LLVMFuzzerTestOneInput.  It is built
# with `clang -fsanitize=fuzzer,address,undefined` against the library
# sources (src/*.c), the OS layer (src/os/*.c) and the tool sources
# (tools/*.c but main.c), then run for SECONDS divided by the number of
# targets (at least 1 second each).  `make fuzz` runs this with
# FUZZ_SECONDS (600 by default).
#
# Seeds: tests/fuzz/corpus/NAME/ when it exists (the run adds what it
# finds there), plus per-target seed files: the maps goldens
# (tests/golden/*.maps, *.smaps) for fuzz_maps, the strace examples
# (examples/*.strace) for fuzz_strace.  A crash leaves its input as
# build-fuzz/crash-NAME-* and makes the script fail.
#
# Without clang or libFuzzer, each target is built (with gcc and
# ASan+UBSan if available) as a plain driver that runs every seed file
# once: no search, but the seeds still exercise the code.
#
# Environment: CC_FUZZ (default clang), FUZZ_FLAGS (extra libFuzzer
# options, e.g. -jobs=4), FUZZ_OUT (build directory, default build-fuzz).
set -u
cd "$(dirname "$0")/../.."

total=${1:-60}
out=${FUZZ_OUT:-build-fuzz}
cc=${CC_FUZZ:-clang}
mkdir -p "$out"

targets=(tests/fuzz/fuzz_*.c)
if [ ! -e "${targets[0]}" ]; then
	echo "no fuzz targets"
	exit 0
fi
per=$((total / ${#targets[@]}))
[ "$per" -lt 1 ] && per=1

srcs=$(ls src/*.c src/os/*.c 2>/dev/null; ls tools/*.c 2>/dev/null | grep -v '^tools/main\.c$')
cflags="-std=gnu11 -g -O1 -Iinclude -Isrc -Itools -Itests -D_GNU_SOURCE"

# The driver used when libFuzzer is missing: each argument is a file (or
# a directory of files) given once to the target.
driver="$out/driver.c"
cat >"$driver" <<'EOF'
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
static int ran;
static void one(const char *path)
{
	struct stat st;
	if (stat(path, &st))
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		char p[4096];
		while (d && (e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(p, sizeof(p), "%s/%s", path, e->d_name);
			one(p);
		}
		if (d)
			closedir(d);
		return;
	}
	FILE *f = fopen(path, "rb");
	if (!f)
		return;
	uint8_t *buf = malloc((size_t)st.st_size + 1);
	size_t n = fread(buf, 1, (size_t)st.st_size, f);
	fclose(f);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	ran++;
}
int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		one(argv[i]);
	printf("ran %d inputs\n", ran);
	return 0;
}
EOF

have_libfuzzer() {
	command -v "$cc" >/dev/null 2>&1 || return 1
	echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n){return 0;}' \
		>"$out/probe.c"
	"$cc" -fsanitize=fuzzer "$out/probe.c" -o "$out/probe" >/dev/null 2>&1
}

seeds_for() {
	case "$1" in
	fuzz_maps) ls tests/golden/*.maps tests/golden/*.smaps 2>/dev/null ;;
	fuzz_strace) ls examples/*.strace 2>/dev/null ;;
	esac
}

failed=0
if have_libfuzzer; then
	mode=libfuzzer
else
	mode=driver
	echo "libFuzzer not available: building plain drivers over the seeds"
fi

for t in "${targets[@]}"; do
	name=$(basename "$t" .c)
	bin="$out/$name"
	corpus="tests/fuzz/corpus/$name"
	seeddir="$out/seeds-$name"
	rm -rf "$seeddir"
	mkdir -p "$seeddir"
	for s in $(seeds_for "$name"); do
		cp "$s" "$seeddir/"
	done

	if [ "$mode" = libfuzzer ]; then
		# shellcheck disable=SC2086
		"$cc" $cflags -fsanitize=fuzzer,address,undefined \
			-fno-sanitize-recover=undefined -o "$bin" "$t" $srcs ||
			{ echo "FAIL build $name"; failed=1; continue; }
		dirs=("$seeddir")
		[ -d "$corpus" ] && dirs=("$corpus" "$seeddir")
		echo "== $name: ${per}s"
		# shellcheck disable=SC2086
		"$bin" -max_total_time="$per" -print_final_stats=1 \
			-artifact_prefix="$out/crash-$name-" ${FUZZ_FLAGS:-} \
			"${dirs[@]}" >"$out/$name.log" 2>&1
		rc=$?
		grep -E '^(stat::number_of_executed_units|stat::new_units_added|#[0-9]+ +DONE)' \
			"$out/$name.log"
		if [ "$rc" -ne 0 ]; then
			echo "FAIL $name (rc $rc), log in $out/$name.log:"
			tail -40 "$out/$name.log"
			failed=1
		fi
	else
		gcc_cc=${CC:-cc}
		san="-fsanitize=address,undefined"
		echo 'int main(void){return 0;}' >"$out/probe.c"
		$gcc_cc $san "$out/probe.c" -o "$out/probe" >/dev/null 2>&1 || san=""
		# shellcheck disable=SC2086
		$gcc_cc $cflags $san -o "$bin" "$t" "$driver" $srcs ||
			{ echo "FAIL build $name"; failed=1; continue; }
		echo "== $name: seeds only"
		"$bin" "$seeddir" ${corpus:+$( [ -d "$corpus" ] && echo "$corpus")} ||
			{ echo "FAIL $name"; failed=1; }
	fi
done
exit $failed
