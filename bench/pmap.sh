#!/usr/bin/env bash
# bench/pmap.sh [VMSPACE] [RUNS] [AREAS] - `vmspace pmap` against
# /usr/bin/pmap on a process with AREAS (30000) one-page mappings that
# cannot merge (every other page read-only), all touched.  Runs are
# interleaved (one of each command per round, RUNS rounds after a
# warm-up), stdout to /dev/null, LC_ALL=C.UTF-8; the median wall time of
# each is printed with the ratio procps/vmspace.  `cat smaps` and
# `cat smaps_rollup` are the kernel's floors.  The -A rows end with a
# check that every way of reading the range gives procps's bytes.
set -eu
cd "$(dirname "$0")/.."
vmspace=${1:-build/vmspace}
[ -d "$vmspace" ] && vmspace=$vmspace/vmspace	# make bench passes the build folder
runs=${2:-15}
areas=${3:-30000}
export LC_ALL=C.UTF-8
tmp=$(mktemp -d /tmp/vms-pmap-bench-XXXXXX)
trap 'kill "$target" 2>/dev/null; rm -rf "$tmp"' EXIT

cat >"$tmp/manymaps.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	long n = atol(argv[1]), pg = sysconf(_SC_PAGESIZE);
	char *p = mmap(NULL, n * pg, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return 1;
	memset(p, 1, n * pg);
	for (long i = 1; i < n; i += 2)
		mprotect(p + i * pg, pg, PROT_READ);
	puts("ready");
	fflush(stdout);
	for (;;)
		pause();
}
C
cc -O2 -o "$tmp/manymaps" "$tmp/manymaps.c"
exec 3< <("$tmp/manymaps" "$areas")
target=$!
read -r _ <&3
echo "target pid $target: $(wc -l </proc/$target/maps) areas, $runs runs"

# -A narrow: 5 areas in the middle of the process (procps reads maps up
# to them, vmspace asks PROCMAP_QUERY for them); -A wide: every area
# below the x86-64 gate page (too many for the ioctl: maps is read).
# "(maps)" and "(ioctl)" force one way with VMS_PMAP_QUERY=off/force.
mapfile -t starts < <(cut -d- -f1 /proc/$target/maps)
mid=$((${#starts[@]} / 2))
narrow=${starts[$mid]},${starts[$((mid + 4))]}
wide=0,7fffffffffff

names=("cat smaps" "cat smaps_rollup" "procps default" "vmspace default"
	"procps -x" "vmspace -x" "procps -X" "vmspace -X" "procps -XX"
	"vmspace -XX" "procps -A narrow" "vmspace -A narrow"
	"  (maps)" "procps -A wide" "vmspace -A wide" "  (ioctl)")
cmds=("cat /proc/$target/smaps" "cat /proc/$target/smaps_rollup"
	"/usr/bin/pmap $target" "$vmspace pmap $target"
	"/usr/bin/pmap -x $target" "$vmspace pmap -x $target"
	"/usr/bin/pmap -X $target" "$vmspace pmap -X $target"
	"/usr/bin/pmap -XX $target" "$vmspace pmap -XX $target"
	"/usr/bin/pmap -A $narrow $target" "$vmspace pmap -A $narrow $target"
	"env VMS_PMAP_QUERY=off $vmspace pmap -A $narrow $target"
	"/usr/bin/pmap -A $wide $target" "$vmspace pmap -A $wide $target"
	"env VMS_PMAP_QUERY=force $vmspace pmap -A $wide $target")

for i in "${!cmds[@]}"; do
	${cmds[$i]} >/dev/null
	: >"$tmp/t$i"
done
for ((r = 0; r < runs; r++)); do
	for i in "${!cmds[@]}"; do
		s=$(date +%s%N)
		${cmds[$i]} >/dev/null
		e=$(date +%s%N)
		echo $(((e - s) / 1000)) >>"$tmp/t$i"
	done
done

median() { sort -n "$1" | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
declare -a med
printf '%-18s %10s\n' command "median ms"
for i in "${!cmds[@]}"; do
	med[$i]=$(median "$tmp/t$i")
	awk -v n="${names[$i]}" -v m="${med[$i]}" 'BEGIN { printf "%-18s %10.1f\n", n, m / 1000 }'
done
for pair in "default 2 3" "-x 4 5" "-X 6 7" "-XX 8 9" "-A_narrow 10 11" \
	"-A_wide 13 14"; do
	set -- $pair
	awk -v n="${1/_/ }" -v a="${med[$2]}" -v b="${med[$3]}" 'BEGIN { printf "speed-up %-4s %5.2fx\n", n, a / b }'
done
# the same bytes either way
for a in "$narrow" "$wide"; do
	for m in "" "-d" "-q -p"; do
		want=$(/usr/bin/pmap $m -A "$a" "$target" | md5sum)
		for q in force off auto; do
			got=$(VMS_PMAP_QUERY=$q "$vmspace" pmap $m -A "$a" "$target" | md5sum)
			[ "$got" = "$want" ] || echo "DIFFERENT: VMS_PMAP_QUERY=$q pmap $m -A $a"
		done
	done
done
