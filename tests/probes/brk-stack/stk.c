#include "ph.h"
#define W 0x100000000UL
static sigjmp_buf jb;
static void segv(int s) { siglongjmp(jb, 1); }
static int touch(unsigned long a, int wr) { if (sigsetjmp(jb, 1)) return -1; if (wr) *(volatile char *)a = 1; else (void)*(volatile char *)a; return 0; }
static void *mp(unsigned long pg, unsigned long n, int prot, int fl) { void *p = mmap((void *)(W + pg * PG), n * PG, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | fl, -1, 0); if (p == MAP_FAILED) say("mmap failed\n"); return p; }
#define RW (PROT_READ | PROT_WRITE)
#define GD MAP_GROWSDOWN
static void dump(const char *t) { pic(t, W, W, W + (1UL << 30)); }
static void T(const char *what, unsigned long pg, int wr) { say("touch%s %lu -> %s\n", wr ? "W" : "R", pg, touch(W + pg * PG + 5, wr) ? "SEGV" : "ok"); }
static void s_basic(void) {
	mp(512, 2, RW, GD);
	long s0 = status_kb("VmStk:");
	T("", 511, 0); T("", 412, 1);
	say("VmStk delta %ld kB\n", status_kb("VmStk:") - s0);
	dump("after");
}
static void s_gap(void) {
	mp(0, 1, PROT_READ, 0);
	mp(1 + 256 + 4, 1, RW, GD);
	T("", 257, 0); T("", 256, 0);
	dump("after");
}
static void s_gap_exec(void) {
	mp(0, 1, PROT_EXEC, 0);
	mp(1 + 256 + 4, 1, RW, GD);
	T("", 256, 0);
	dump("exec-only prev");
}
static void s_none(void) {
	mp(0, 1, PROT_NONE, 0);
	mp(8, 1, RW, GD);
	T("", 1, 0);
	dump("after");
}
static void s_gdprev(void) {
	mp(0, 1, RW, GD);
	mp(10, 1, RW, GD);
	T("", 5, 0); T("", 1, 1);
	dump("after");
}
static void s_rlim(void) {
	struct rlimit rl = { 64 * PG, RLIM_INFINITY }; setrlimit(RLIMIT_STACK, &rl);
	mp(1024, 1, RW, GD);
	T("", 1024 - 63, 0); T("", 1024 - 64, 0);
	dump("after");
}
static void s_unmaplow(void) {
	mp(64, 4, RW, GD);
	munmap((void *)(W + 64 * PG), PG);
	dump("after munmap low");
	T("", 64, 0); T("", 60, 0);
	dump("after");
}
static void s_ro(void) {
	mp(64, 2, PROT_READ, GD);
	T("", 63, 1);
	dump("after write below R");
	T("", 62, 0);
	dump("after read below");
	mp(128, 2, PROT_NONE, GD);
	T("", 127, 0);
	dump("after read below NONE");
}
static void s_minaddr(void) {
	void *p = mmap((void *)0x20000, PG, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | GD, -1, 0);
	say("map at 0x20000: %p\n", p);
	say("touch 0x10000 -> %s\n", touch(0x10000, 0) ? "SEGV" : "ok");
	say("touch 0xffff -> %s\n", touch(0xffff, 0) ? "SEGV" : "ok");
	pic("low", 0, 0, 0x100000);
}
static void s_as(void) {
	mp(1024, 1, RW, GD);
	struct rlimit rl = { status_kb("VmSize:") * 1024 + 4 * PG, RLIM_INFINITY }; setrlimit(RLIMIT_AS, &rl);
	T("", 1020, 0); T("", 1019, 0);
	dump("after");
}
static void s_mlock(void) {
	struct rlimit rl = { 8 * PG, 8 * PG }; setrlimit(RLIMIT_MEMLOCK, &rl);
	if (setgid(65534) || setuid(65534)) say("setuid failed\n");
	if (mp(1024, 2, RW, GD | MAP_LOCKED) == MAP_FAILED) return;
	say("VmLck %ld\n", status_kb("VmLck:"));
	T("", 1018, 0); T("", 1017, 0);
	say("VmLck %ld\n", status_kb("VmLck:"));
	dump("after");
}
static void s_over(void) {
	struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY }; setrlimit(RLIMIT_STACK, &rl);
	unsigned long top = 0x700000000000UL;
	mmap((void *)top, PG, RW, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | GD, -1, 0);
	say("touch top-25GiB -> %s\n", touch(top - (25UL << 30), 0) ? "SEGV" : "ok");
	say("touch top-20GiB -> %s\n", touch(top - (20UL << 30), 0) ? "SEGV" : "ok");
	pic("over", top, top - (21UL << 30), top + PG);
}
static void s_noacct(void) {
	mp(64, 1, PROT_READ, GD);
	T("", 60, 0);
	dump("R growsdown grown (ac?)");
}
int main(void) {
	stack_t ss = { .ss_sp = malloc(1 << 16), .ss_size = 1 << 16 }; sigaltstack(&ss, NULL);
	struct sigaction sa = { .sa_handler = segv, .sa_flags = SA_ONSTACK | SA_NODEFER }; sigaction(SIGSEGV, &sa, NULL);
	run("basic", s_basic); run("gap", s_gap); run("gap_exec", s_gap_exec); run("none", s_none); run("gdprev", s_gdprev);
	run("rlim", s_rlim); run("unmaplow", s_unmaplow); run("ro", s_ro); run("minaddr", s_minaddr); run("as", s_as);
	run("mlock", s_mlock); run("over", s_over); run("noacct", s_noacct);
	return 0;
}
