#include "pic.h"
static long vmsize_kb(void) { return status_kb("VmSize"); }
static long vmdata_kb(void) { return status_kb("VmData"); }
int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    void *r; struct rlimit rl;
    if (fork() == 0) {
        printf("AS. RLIMIT_AS = VmSize + 4 pages\n");
        reset_window();
        mapfix(P(0), 4*PG, RW, ANON);
        rl.rlim_max = RLIM_INFINITY; rl.rlim_cur = (vmsize_kb() << 10) + 4*PG; setrlimit(RLIMIT_AS, &rl);
        r = R(mremap(P(0), 4*PG, 9*PG, 0));
        r = R(mremap(P(0), 4*PG, 8*PG, 0));
        r = R(mremap(P(0), 8*PG, 2*PG, 0));
        printf("  DONTUNMAP 2 pages (within): "); r = R(mremap(P(0), 2*PG, 2*PG, MREMAP_MAYMOVE|MREMAP_DONTUNMAP|MREMAP_FIXED, P(20)));
        printf("  DONTUNMAP 2 pages again: "); r = R(mremap(P(20), 2*PG, 2*PG, MREMAP_MAYMOVE|MREMAP_DONTUNMAP|MREMAP_FIXED, P(30)));
        rl.rlim_max = RLIM_INFINITY; rl.rlim_cur = RLIM_INFINITY; setrlimit(RLIMIT_AS, &rl);
        printf("  DONTUNMAP 8 pages over: "); mapfix(P(40), 8*PG, PROT_READ, ANON|MAP_NORESERVE);
        rl.rlim_max = RLIM_INFINITY; rl.rlim_cur = (vmsize_kb() << 10) + 4*PG; setrlimit(RLIMIT_AS, &rl);
        r = R(mremap(P(40), 8*PG, 8*PG, MREMAP_MAYMOVE|MREMAP_DONTUNMAP|MREMAP_FIXED, P(60)));
        printf("  FIXED move (no growth) at the limit: "); r = R(mremap(P(40), 8*PG, 8*PG, MREMAP_MAYMOVE|MREMAP_FIXED, P(60)));
        printf("  FIXED move + grow 1 page over: dest pre-existing? "); 
        rl.rlim_max = RLIM_INFINITY; rl.rlim_cur = RLIM_INFINITY; setrlimit(RLIMIT_AS, &rl); mapfix(P(80), 4*PG, PROT_READ, ANON); 
        rl.rlim_max = RLIM_INFINITY; rl.rlim_cur = (vmsize_kb() << 10); setrlimit(RLIMIT_AS, &rl);
        r = R(mremap(P(60), 4*PG, 5*PG, MREMAP_MAYMOVE|MREMAP_FIXED, P(80)));
        printf("  %s\n", pic(90));
        _exit(0);
    }
    wait(NULL);
    if (fork() == 0) {
        printf("DATA. RLIMIT_DATA = VmData + 4 pages\n");
        reset_window();
        mapfix(P(0), 4*PG, RW, ANON); mapfix(P(10), 4*PG, PROT_READ, ANON);
        rl.rlim_max = RLIM_INFINITY; rl.rlim_cur = (vmdata_kb() << 10) + 4*PG; setrlimit(RLIMIT_DATA, &rl);
        r = R(mremap(P(0), 4*PG, 9*PG, 0));
        r = R(mremap(P(0), 4*PG, 8*PG, 0));
        printf("  non-data grow past data limit: "); r = R(mremap(P(10), 4*PG, 12*PG, 0));
        _exit(0);
    }
    wait(NULL);
    if (fork() == 0) {
        printf("LOCK. unprivileged, RLIMIT_MEMLOCK = 4 pages\n");
        reset_window();
        rl.rlim_cur = rl.rlim_max = 4*PG; setrlimit(RLIMIT_MEMLOCK, &rl);
        if (setgid(65534) || setuid(65534)) { perror("setuid"); _exit(1); }
        mapfix(P(0), 2*PG, RW, ANON); printf("  mlock %d VmLck %ld\n", mlock(P(0), 2*PG), status_kb("VmLck"));
        r = R(mremap(P(0), 2*PG, 5*PG, 0));
        r = R(mremap(P(0), 2*PG, 4*PG, 0));
        printf("  VmLck %ld, Rss %ld\n", status_kb("VmLck"), smaps_field(P(0), "Rss"));
        printf("  AS+lock both: "); rl.rlim_max = RLIM_INFINITY; rl.rlim_cur = (vmsize_kb() << 10); setrlimit(RLIMIT_AS, &rl);
        r = R(mremap(P(0), 4*PG, 6*PG, 0));
        rl.rlim_max = RLIM_INFINITY; rl.rlim_cur = RLIM_INFINITY; setrlimit(RLIMIT_AS, &rl);
        printf("  move locked (no growth) FIXED: "); r = R(mremap(P(0), 4*PG, 4*PG, MREMAP_MAYMOVE|MREMAP_FIXED, P(20)));
        printf("  VmLck %ld\n", status_kb("VmLck"));
        printf("  DONTUNMAP locked 4 pages (limit full): "); r = R(mremap(P(20), 4*PG, 4*PG, MREMAP_MAYMOVE|MREMAP_FIXED|MREMAP_DONTUNMAP, P(30)));
        printf("  VmLck %ld\n", status_kb("VmLck"));
        _exit(0);
    }
    wait(NULL);
    return 0;
}
