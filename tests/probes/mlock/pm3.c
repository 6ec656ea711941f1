#include "ph.h"
static void setlim(unsigned long pages) { struct rlimit rl = {pages*PG, 1024*PG}; if (setrlimit(RLIMIT_MEMLOCK, &rl)) perror("setrlimit"); }
static long totalvm(void) { FILE *f = fopen("/proc/self/status", "r"); char l[256]; long v = -1;
  while (fgets(l, sizeof l, f)) if (!strncmp(l, "VmSize:", 7)) v = atol(l + 7); fclose(f); return v / 4; }
int main(void) {
  char *a = BASE; long r; setvbuf(stdout, NULL, _IOLBF, 0);
  /* root: mlockall */
  pid_t pid = fork();
  if (!pid) {
    reset_window(); mapfix(a, 2*PG, PROT_READ|PROT_WRITE, ANON); mapfix(a+2*PG, 2*PG, PROT_NONE, ANON);
    mmap(a+4*PG, 2*PG, PROT_READ|PROT_WRITE, MAP_FIXED|MAP_DROPPABLE|MAP_ANONYMOUS, -1, 0);
    r = RAW(mlockall(MCL_CURRENT)); P("[R1] mlockall CURRENT %s pic %s fl0 %s", en(r), pic(7), fl(0)); P("  fl2 %s", fl(2)); P("  fl4 %s", fl(4));
    r = RAW(munlockall()); P("[R2] munlockall %s pic %s lck %ld fl0 %s", en(r), pic(7), vmlck(), fl(0));
    r = RAW(mlockall(MCL_CURRENT|MCL_ONFAULT)); P("[R3] mlockall CURRENT|ONFAULT %s pic %s fl0 %s", en(r), pic(7), fl(0));
    munlockall();
    r = RAW(mlockall(MCL_FUTURE)); P("[R4] mlockall FUTURE %s pic %s fl0 %s", en(r), pic(7), fl(0));
    mapfix(a+8*PG, 2*PG, PROT_READ|PROT_WRITE, ANON); P("  new map pic %s fl8 %s", pic(11), fl(8));
    mapfix(a+10*PG, 1*PG, PROT_NONE, ANON); P("  new NONE map pic %s fl10 %s", pic(11), fl(10));
    r = RAWP(mmap(a+12*PG, 2*PG, PROT_READ|PROT_WRITE, MAP_FIXED|MAP_DROPPABLE|MAP_ANONYMOUS, -1, 0)); P("  droppable under FUTURE %s fl12 %s lck %ld", en(r), fl(12), vmlck());
    r = RAW(mlockall(MCL_CURRENT)); P("[R5] mlockall CURRENT after FUTURE %s", en(r));
    mapfix(a+16*PG, 2*PG, PROT_READ|PROT_WRITE, ANON); P("  new map fl16 %s (FUTURE cleared?)", fl(16));
    munlockall();
    r = RAW(mlockall(MCL_FUTURE|MCL_ONFAULT)); P("[R6] FUTURE|ONFAULT %s", en(r));
    mapfix(a+20*PG, 2*PG, PROT_READ|PROT_WRITE, ANON); P("  new map pic %s fl20 %s", pic(23), fl(20));
    r = RAW(mlockall(MCL_FUTURE)); P("[R7] FUTURE again (no ONFAULT) %s", en(r));
    mapfix(a+24*PG, 2*PG, PROT_READ|PROT_WRITE, ANON); P("  new map pic %s fl24 %s fl20 %s", pic(27), fl(24), "");
    P("  fl20 %s", fl(20));
    r = RAW(munlockall()); P("[R8] munlockall %s pic %s", en(r), pic(27));
    mapfix(a+28*PG, 2*PG, PROT_READ|PROT_WRITE, ANON); P("  new map fl28 %s", fl(28));
    /* munlockall merging */
    reset_window(); mapfix(a, 4*PG, PROT_READ|PROT_WRITE, ANON); mlock(a+PG, PG);
    P("[R9] pic %s", pic(5)); munlockall(); P("  after munlockall pic %s", pic(5));
    reset_window(); mapfix(a, 4*PG, PROT_READ|PROT_WRITE, ANON); mlock(a+PG, PG); mlockall(MCL_CURRENT);
    P("[R10] mlock mid then mlockall CURRENT pic %s", pic(5));
    reset_window(); mapfix(a, 4*PG, PROT_READ|PROT_WRITE, ANON); mlock2(a+PG, PG, 1); mlockall(MCL_CURRENT);
    P("[R11] ONFAULT mid then mlockall CURRENT pic %s fl1 %s", pic(5), fl(1));
    r = RAW(mlockall(MCL_CURRENT|0x8)); P("[R12] mlockall 0x9 %s", en(r));
    r = RAW(mlockall(MCL_FUTURE|MCL_ONFAULT|MCL_CURRENT)); P("[R13] all three %s", en(r));
    _exit(0);
  }
  waitpid(pid, 0, 0);
  pid = fork();
  if (!pid) {
    /* lock 4 pages as root, then drop privileges with limit 2 */
    reset_window(); mapfix(a, 8*PG, PROT_READ|PROT_WRITE, ANON); mlock(a, 4*PG);
    setlim(2);
    setgroups(0, NULL); setgid(65534); if (setuid(65534)) { perror("setuid"); _exit(3); }
    P("== unpriv, lck %ld limit 2 ==", vmlck());
    r = RAW(mlock(a, 0)); P("[U1] mlock len0 with locked_vm > limit %s", en(r));
    r = RAW(mlock(a, 4*PG)); P("[U2] mlock already-locked 4 pages (limit 2) %s", en(r));
    r = RAW(mlock(a, 2*PG)); P("[U3] mlock 2 already locked %s", en(r));
    r = RAW(munlock(a, 8*PG)); P("[U4] munlock %s lck %ld", en(r), vmlck());
    r = RAW(mlock(a, 2*PG)); P("[U5] mlock 2 %s lck %ld", en(r), vmlck());
    r = RAW(mlock(a, 3*PG)); P("[U6] mlock 3 (2 locked, limit 2) %s lck %ld pic %s", en(r), vmlck(), pic(9));
    setlim(3);
    r = RAW(mlock(a, 3*PG)); P("[U7] mlock 3 (2 locked, limit 3) %s lck %ld pic %s", en(r), vmlck(), pic(9));
    r = RAW(mlock(a+PG, 3*PG)); P("[U8] mlock [1,4) (limit 3, [0,3) locked) %s lck %ld", en(r), vmlck());
    r = mlock2(a+5*PG, PG, 1); P("[U9] mlock2 ONFAULT 1 page (limit 3 full) %s lck %ld", en(r), vmlck());
    r = RAW(mlock(a+7*PG, -PG)); P("[U10] mlock len -PG unpriv %s", en(r));
    r = RAW(mlock(a, 100*PG)); P("[U11] mlock over limit with hole %s", en(r));
    setlim(0);
    r = mlock2(a, PG, 2); P("[U12] limit 0 mlock2 bad flags %s", en(r));
    r = RAW(mlock(a, 0)); P("[U13] limit 0 mlock len 0 %s", en(r));
    r = RAW(mlockall(0)); P("[U14] limit 0 mlockall(0) %s", en(r));
    r = RAW(mlockall(MCL_ONFAULT)); P("[U15] limit 0 mlockall(ONFAULT) %s", en(r));
    r = RAW(munlock(a, 8*PG)); P("[U16] limit 0 munlock %s lck %ld", en(r), vmlck());
    setlim(2);
    P("total_vm %ld", totalvm());
    r = RAW(mlockall(MCL_CURRENT|MCL_FUTURE)); P("[U17] mlockall CURRENT|FUTURE total>limit %s", en(r));
    mapfix(a+10*PG, PG, PROT_READ|PROT_WRITE, ANON); P("  later map fl %s (no lo => def_flags untouched)", fl(10));
    r = RAW(mlockall(MCL_FUTURE)); P("[U18] FUTURE %s", en(r));
    r = RAWP(mmap(a+12*PG, 2*PG, PROT_READ, ANON|MAP_FIXED, -1, 0)); P("  map 2 %s lck %ld", en(r), vmlck());
    r = RAWP(mmap(a+14*PG, PG, PROT_READ, ANON|MAP_FIXED, -1, 0)); P("  map 1 more %s lck %ld", en(r), vmlck());
    r = RAWP(mmap(a+12*PG, 2*PG, PROT_READ, ANON|MAP_FIXED, -1, 0)); P("  MAP_FIXED replace the 2 locked %s lck %ld", en(r), vmlck());
    r = RAWP(mmap(a+12*PG, PG, PROT_READ, ANON|MAP_FIXED, -1, 0)); P("  MAP_FIXED replace 1 of 2 locked %s lck %ld", en(r), vmlck());
    r = RAW(mlockall(MCL_FUTURE)); 
    r = RAWP(mmap(a+30*PG, PG, PROT_NONE, ANON|MAP_FIXED, -1, 0)); P("  map PROT_NONE under FUTURE %s lck %ld", en(r), vmlck());
    munlockall();
    setlim(1000);
    r = RAW(mlockall(MCL_CURRENT)); P("[U19] mlockall CURRENT limit 1000 (total %ld) %s lck %ld", totalvm(), en(r), vmlck());
    _exit(0);
  }
  waitpid(pid, 0, 0);
  return 0;
}
