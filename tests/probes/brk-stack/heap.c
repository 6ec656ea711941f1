#include "ph.h"
static char bigbss[64 * 4096];
static unsigned long sb;
#define R(x) ((long)((x) - sb))
static void dump(const char *t) { pic(t, sb, sb - 4 * PG, sb + 400 * PG); }
static void b_basic(void) {
	say("brk(0) -> %+ld; brk(sb-1) -> %+ld\n", R(BRK(0)), R(BRK(sb - 1)));
	say("brk(sb+10) -> %+ld\n", R(BRK(sb + 10)));
	dump("after sb+10");
	say("brk(sb+PG) -> %+ld\n", R(BRK(sb + PG)));
	say("brk(sb+5) -> %+ld\n", R(BRK(sb + 5)));
	dump("after sb+5");
	say("brk(sb+3PG) -> %+ld\n", R(BRK(sb + 3 * PG)));
	say("brk(sb+PG+1) -> %+ld\n", R(BRK(sb + PG + 1)));
	dump("after shrink to sb+PG+1");
	say("brk(sb) -> %+ld\n", R(BRK(sb)));
	dump("after brk(sb)");
}
static void b_obstacle(void) {
	BRK(sb + 3 * PG);
	mmap((void *)(sb + 5 * PG), PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	say("obst@5: brk(sb+4PG) -> %+ld\n", R(BRK(sb + 4 * PG)));
	say("obst@5: brk(sb+4PG+1) -> %+ld\n", R(BRK(sb + 4 * PG + 1)));
	dump("after");
}
static void b_gd_obstacle(void) {
	BRK(sb + PG);
	mmap((void *)(sb + 300 * PG), PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_GROWSDOWN, -1, 0);
	say("gd@300: brk(sb+43PG) -> %+ld\n", R(BRK(sb + 43 * PG)));
	say("gd@300: brk(sb+43PG+1) -> %+ld\n", R(BRK(sb + 43 * PG + 1)));
	dump("after");
}
static void b_rw_below(void) {
	mmap((void *)(sb - PG), PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	dump("rw page ending at sb");
	say("brk(sb+PG) -> %+ld\n", R(BRK(sb + PG)));
	dump("after grow");
}
static void b_rw_below_nonempty(void) {
	/* heap non-empty, user unmaps all of it and maps rw ending at old brk */
	BRK(sb + 2 * PG);
	munmap((void *)sb, 2 * PG);
	say("shrink with heap gone: brk(sb+PG) -> %+ld\n", R(BRK(sb + PG)));
	mmap((void *)(sb + PG), PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	dump("user rw at +1..+2, brk=+2");
	say("brk(sb+3PG) -> %+ld\n", R(BRK(sb + 3 * PG)));
	dump("after grow");
}
static void b_gone(void) {
	BRK(sb + 2 * PG);
	munmap((void *)sb, 2 * PG);
	say("grow with heap gone: brk(sb+3PG) -> %+ld\n", R(BRK(sb + 3 * PG)));
	dump("after");
}
static void b_lowpage(void) {
	BRK(sb + 3 * PG);
	munmap((void *)sb, PG);
	say("brk(sb+4PG) -> %+ld\n", R(BRK(sb + 4 * PG)));
	dump("after");
}
static void b_mprot(void) {
	BRK(sb + 2 * PG);
	mprotect((void *)sb, 2 * PG, PROT_READ);
	say("brk(sb+3PG) -> %+ld\n", R(BRK(sb + 3 * PG)));
	dump("after");
	say("brk(sb+PG) -> %+ld\n", R(BRK(sb + PG)));
	dump("after shrink across both");
}
static void b_merged_above(void) {
	BRK(sb + 2 * PG);
	mmap((void *)(sb + 2 * PG), 2 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	dump("user rw right above heap");
	say("grow: brk(sb+3PG) -> %+ld\n", R(BRK(sb + 3 * PG)));
	say("shrink: brk(sb+PG) -> %+ld\n", R(BRK(sb + PG)));
	dump("after shrink");
}
static void b_data(void) {
	long vmdata = status_kb("VmData:");
	unsigned long sd, ed;
	{ int fd = open("/proc/self/stat", O_RDONLY); int n = read(fd, sm, 4096); close(fd); sm[n] = 0;
	  char *p = strrchr(sm, ')') + 2; int f = 3; unsigned long v[60];
	  for (; f <= 52; f++) { v[f] = strtoul(p, &p, 10); if (*p == ' ') p++; else { char *q = strchr(p, ' '); if (!q) break; p = q + 1; } }
	  sd = v[45]; ed = v[46]; }
	say("VmData %ld kB, data seg %lu bytes\n", vmdata, ed - sd);
	/* may_expand_vm: data_vm + pages > lim */
	struct rlimit rl = { vmdata * 1024 + 4 * PG, RLIM_INFINITY };
	setrlimit(RLIMIT_DATA, &rl);
	say("lim=VmData+4PG: brk(+4PG) -> %+ld, brk(+5PG) -> %+ld\n", R(BRK(sb + 4 * PG)), R(BRK(sb + 5 * PG)));
	BRK(sb);
	/* syscall check: brk - start_brk + (end_data - start_data) > lim */
	rl.rlim_cur = 1 << 30; setrlimit(RLIMIT_DATA, &rl);
	BRK(sb + 8 * PG);
	rl.rlim_cur = 4 * PG + (ed - sd); setrlimit(RLIMIT_DATA, &rl);
	say("heap 8PG, lim=4PG+dataseg: brk(+7PG) -> %+ld, brk(+4PG) -> %+ld, brk(+4PG+1) -> %+ld\n",
	    R(BRK(sb + 7 * PG)), R(BRK(sb + 4 * PG)), R(BRK(sb + 4 * PG + 1)));
	dump("after");
}
static void b_mlock(void) {
	struct rlimit rl = { 8 * PG, 8 * PG };
	setrlimit(RLIMIT_MEMLOCK, &rl);
	if (setgid(65534) || setuid(65534)) say("setuid failed\n");
	say("mlockall(FUTURE) = %d\n", mlockall(MCL_FUTURE));
	say("locked lim 8PG: brk(+8PG) -> %+ld\n", R(BRK(sb + 8 * PG)));
	say("brk(+9PG) -> %+ld\n", R(BRK(sb + 9 * PG)));
	say("VmLck %ld kB\n", status_kb("VmLck:"));
	dump("after");
}
static void b_locked_root(void) {
	mlockall(MCL_FUTURE);
	BRK(sb + 2 * PG);
	dump("locked heap (root)");
	munlockall();
	mlockall(MCL_FUTURE | MCL_ONFAULT);
	BRK(sb + 4 * PG);
	dump("MCL_ONFAULT growth");
}
static void b_over(void) {
	say("brk(+25GiB) -> %+ld\n", R(BRK(sb + (25UL << 30))));
	say("brk(+20GiB) -> %+ld\n", R(BRK(sb + (20UL << 30))));
	BRK(sb);
}
static void b_rie(void) {
	personality(READ_IMPLIES_EXEC);
	BRK(sb + PG);
	dump("READ_IMPLIES_EXEC");
}
static void b_layout(void) {
	pic("process areas near start_brk (ASLR state as run)", sb, sb - 0x100000, sb + PG);
	say("&bigbss end=%+ld\n", R((unsigned long)(bigbss + sizeof bigbss)));
}
int main(void) {
	sb = BRK(0);
	bigbss[0] = 1;
	run("layout", b_layout);
	run("basic", b_basic);
	run("obstacle", b_obstacle);
	run("gd_obstacle", b_gd_obstacle);
	run("rw_below", b_rw_below);
	run("rw_below_nonempty", b_rw_below_nonempty);
	run("gone", b_gone);
	run("lowpage", b_lowpage);
	run("mprot", b_mprot);
	run("merged_above", b_merged_above);
	run("data", b_data);
	run("mlock", b_mlock);
	run("locked_root", b_locked_root);
	run("over", b_over);
	run("rie", b_rie);
	return 0;
}
