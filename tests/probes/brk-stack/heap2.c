#include "ph.h"
static unsigned long sb;
#define R(x) ((long)((x) - sb))
static void dump(const char *t) { pic(t, sb, sb - 4 * PG, sb + 400 * PG); }
static void b_straddle(void) {
	BRK(sb + PG);
	munmap((void *)sb, PG);
	mmap((void *)(sb - PG), 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	dump("rw straddling start_brk, ends at brk");
	unsigned long r = BRK(sb + 2 * PG);
	say("brk(sb+2PG) -> %+ld\n", R(r));
	dump("after");
}
static void b_data(void) {
	struct rlimit rl = { 1 << 30, RLIM_INFINITY }; setrlimit(RLIMIT_DATA, &rl);
	unsigned long r;
	BRK(sb + 8 * PG);
	rl.rlim_cur = 4 * PG + 792; setrlimit(RLIMIT_DATA, &rl);
	r = BRK(sb + 7 * PG); say("heap 8PG lim 4PG+792: shrink brk(+7PG) -> %+ld\n", R(r));
	r = BRK(sb + 4 * PG); say("brk(+4PG) -> %+ld\n", R(r));
	r = BRK(sb + 4 * PG + 1); say("brk(+4PG+1) -> %+ld\n", R(r));
	r = BRK(sb + 4 * PG - 792); say("brk(+4PG-792) -> %+ld\n", R(r));
	r = BRK(sb + 4 * PG - 791); say("brk(+4PG-791) -> %+ld\n", R(r));
}
static void b_fixed_gap(void) {
	/* brk growing to exactly below a non-growsdown area with one page free */
	BRK(sb + PG);
	mmap((void *)(sb + 3 * PG), PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	unsigned long r = BRK(sb + 2 * PG); say("rw@3: brk(+2PG) -> %+ld\n", R(r));
	r = BRK(sb + 2 * PG + 1); say("rw@3: brk(+2PG+1) -> %+ld\n", R(r));
	dump("after");
}
int main(void) {
	sb = BRK(0);
	run("straddle", b_straddle);
	run("data", b_data);
	run("fixed_gap", b_fixed_gap);
	return 0;
}
