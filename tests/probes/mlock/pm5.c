#include "ph.h"
/* mirrors tests/test_mlock.c sequences exactly; every step its own statement */
#define M(pg, n, prot) mapfix(BASE + (pg)*PG, (n)*PG, prot, ANON)
#define A(pg) (BASE + (pg)*PG)
static void setlim(unsigned long pages) { struct rlimit rl = {pages*PG, 1024*PG}; if (setrlimit(RLIMIT_MEMLOCK, &rl)) perror("setrlimit"); }
static void drop(unsigned long lim) { setlim(lim); setgroups(0, NULL); setgid(65534); if (setuid(65534)) { perror("setuid"); _exit(3); } }
static long drp(int pg, int n) { return RAWP(mmap(A(pg), n*PG, PROT_READ|PROT_WRITE, MAP_FIXED|MAP_DROPPABLE|MAP_ANONYMOUS, -1, 0)); }
static int lb(int pg) { return has_flag(A(pg), "lo") + 2 * has_flag(A(pg), "lf"); }
#define CHILD for (pid_t _p = fork(); !_p || (waitpid(_p, 0, 0), 0); _exit(0))
#define E(label, x) do { long _r = (x); printf("  %-28s %-7s", label, en(_r)); printf(" pic %s lck %ld\n", pic(16), vmlck()); } while (0)
#define L(pg) printf("    lockbits(%d) = %d\n", pg, lb(pg))
int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  CHILD { P("mlock2_flags"); reset_window(); M(0,4,PROT_READ|PROT_WRITE);
    E("flags2", mlock2(A(0),PG,2)); E("flags3", mlock2(A(0),PG,3)); E("onfault", mlock2(A(0),PG,1)); L(0); }
  CHILD { P("mlock_hole"); reset_window(); M(0,2,PROT_READ|PROT_WRITE); M(3,2,PROT_READ|PROT_WRITE);
    E("mlock [0,5)", RAW(mlock(A(0), 5*PG))); L(0); L(3); E("munlock [0,5)", RAW(munlock(A(0), 5*PG))); E("mlock [1,5)", RAW(mlock(A(1), 4*PG))); L(1); }
  CHILD { P("populate_kinds"); reset_window(); mapfix(A(0), 4*PG, PROT_READ, MAP_SHARED|MAP_ANONYMOUS); M(5,4,PROT_READ); M(10,4,PROT_EXEC);
    E("shared", RAW(mlock(A(0),4*PG))); E("R", RAW(mlock(A(5),4*PG))); E("X", RAW(mlock(A(10),4*PG))); }
  CHILD { P("file"); int fd = open("/tmp/mp/f1", O_RDWR|O_CREAT|O_TRUNC, 0644); ftruncate(fd, PG + 10); reset_window();
    mmap(A(0), 4*PG, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED, fd, 0);
    E("priv RW", RAW(mlock(A(0), 4*PG))); L(0); E("munmap", RAW(munmap(A(0), 4*PG)));
    mmap(A(0), 4*PG, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED, fd, 2*PG); E("beyond", RAW(mlock(A(0), 4*PG)));
    mmap(A(0), 4*PG, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_FIXED, fd, 0); E("shared", RAW(mlock(A(0), 4*PG)));
    mmap(A(0), 4*PG, PROT_READ, MAP_PRIVATE|MAP_FIXED, fd, 0); E("R", RAW(mlock(A(0), 4*PG)));
    mmap(A(0), 4*PG, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED, fd, 0); E("onfault", mlock2(A(0), 4*PG, 1));
    E("MAP_LOCKED|POPULATE", RAWP(mmap(A(0), 4*PG, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED|MAP_LOCKED|MAP_POPULATE, fd, 0))); }
  CHILD { P("mlockall_current"); reset_window(); M(0,2,PROT_READ|PROT_WRITE); M(2,2,PROT_NONE); drp(4,2);
    long base = vmlck(); printf("  base lck %ld\n", base);
    E("0x9", RAW(mlockall(MCL_CURRENT|0x8))); E("CURRENT", RAW(mlockall(MCL_CURRENT))); L(0); L(2); L(4);
    E("munlockall", RAW(munlockall())); L(0); E("CUR|ONF", RAW(mlockall(MCL_CURRENT|MCL_ONFAULT))); L(0); }
  CHILD { P("mlockall_future"); reset_window(); M(0,2,PROT_READ|PROT_WRITE);
    E("FUTURE", RAW(mlockall(MCL_FUTURE))); L(0); M(8,2,PROT_READ|PROT_WRITE); L(8); M(10,1,PROT_NONE); L(10); E("-", 0);
    E("CURRENT", RAW(mlockall(MCL_CURRENT))); M(16,2,PROT_READ|PROT_WRITE); L(16);
    munlockall(); E("FUT|ONF", RAW(mlockall(MCL_FUTURE|MCL_ONFAULT))); M(20,2,PROT_READ|PROT_WRITE); L(20);
    E("FUT", RAW(mlockall(MCL_FUTURE))); M(24,2,PROT_READ|PROT_WRITE); L(24); L(20);
    printf("  pic27 %s\n", pic(27));
    munlockall(); M(28,2,PROT_READ|PROT_WRITE); L(28); L(24); E("-", 0); }
  CHILD { P("future_droppable"); reset_window(); long b0 = vmlck(); mlockall(MCL_FUTURE); E("drop", drp(0,2)); L(0); printf("  lck delta %ld\n", vmlck() - b0); }
  CHILD { P("merges"); reset_window(); M(0,4,PROT_READ|PROT_WRITE); E("mlock mid", RAW(mlock(A(1),PG))); E("munlockall", RAW(munlockall())); printf("  n=%d\n", count_vmas(BASE, BASE+WIN));
    E("mlock mid", RAW(mlock(A(1),PG))); E("CURRENT", RAW(mlockall(MCL_CURRENT)));
    munlockall(); reset_window(); M(0,4,PROT_READ|PROT_WRITE); E("onf mid", mlock2(A(1),PG,1)); E("CURRENT", RAW(mlockall(MCL_CURRENT))); L(1); }
  CHILD { P("limit0"); reset_window(); M(0,4,PROT_READ|PROT_WRITE); drop(0);
    E("mlock", RAW(mlock(A(0),PG))); E("mlock 0", RAW(mlock(A(0),0))); E("mlock2 onf", mlock2(A(0),PG,1)); E("mlock2 2", mlock2(A(0),PG,2));
    E("munlock", RAW(munlock(A(0),4*PG))); E("CURRENT", RAW(mlockall(MCL_CURRENT))); E("FUTURE", RAW(mlockall(MCL_FUTURE))); E("0", RAW(mlockall(0))); E("ONFAULT", RAW(mlockall(MCL_ONFAULT))); E("munlockall", RAW(munlockall()));
    E("MAP_LOCKED", RAWP(mmap(0, PG, PROT_READ, ANON|MAP_LOCKED, -1, 0))); }
  CHILD { P("limit"); reset_window(); M(0,8,PROT_READ|PROT_WRITE); drop(2);
    E("mlock [0,2)", RAW(mlock(A(0),2*PG))); E("again", RAW(mlock(A(0),2*PG))); E("mlock [2,3)", RAW(mlock(A(2),PG))); E("mlock [0,3)", RAW(mlock(A(0),3*PG)));
    E("MAP_LOCKED", RAWP(mmap(0, PG, PROT_READ, ANON|MAP_LOCKED, -1, 0)));
    setlim(3); E("lim3 mlock [0,3)", RAW(mlock(A(0),3*PG))); E("mlock [1,4)", RAW(mlock(A(1),3*PG))); E("mlock2 onf [5,6)", mlock2(A(5),PG,1)); E("mlock(7, -PG)", RAW(mlock(A(7),-PG))); E("mlock 100", RAW(mlock(A(0),100*PG))); }
  CHILD { P("over_limit"); reset_window(); M(0,8,PROT_READ|PROT_WRITE); drop(64); E("mlock 4", RAW(mlock(A(0),4*PG))); setlim(2);
    E("mlock 0", RAW(mlock(A(0),0))); E("mlock 4", RAW(mlock(A(0),4*PG))); E("mlock 2", RAW(mlock(A(0),2*PG))); E("munlock 8", RAW(munlock(A(0),8*PG))); }
  CHILD { P("unpriv_mlockall"); reset_window(); M(0,4,PROT_READ|PROT_WRITE); drop(2);
    E("CUR|FUT", RAW(mlockall(MCL_CURRENT|MCL_FUTURE))); E("CUR|ONF", RAW(mlockall(MCL_CURRENT|MCL_ONFAULT)));
    M(10,1,PROT_READ|PROT_WRITE); L(10); E("FUTURE", RAW(mlockall(MCL_FUTURE)));
    E("map [12,14) R", RAWP(mmap(A(12),2*PG,PROT_READ,ANON|MAP_FIXED,-1,0)));
    E("map 14", RAWP(mmap(A(14),PG,PROT_READ,ANON|MAP_FIXED,-1,0))); E("replace2", RAWP(mmap(A(12),2*PG,PROT_READ,ANON|MAP_FIXED,-1,0)));
    E("replace1", RAWP(mmap(A(12),PG,PROT_READ,ANON|MAP_FIXED,-1,0))); E("none 16", RAWP(mmap(A(16),PG,PROT_NONE,ANON|MAP_FIXED,-1,0)));
    E("munlockall", RAW(munlockall())); setlim(1000); E("CURRENT", RAW(mlockall(MCL_CURRENT))); }
  CHILD { P("sealed"); reset_window(); M(0,4,PROT_READ|PROT_WRITE); mseal(A(0),4*PG,0);
    E("mlock mid", RAW(mlock(A(1),PG))); E("munlock", RAW(munlock(A(0),4*PG))); printf("  sl %d\n", has_flag(A(0),"sl")); }
  CHILD { P("failinj states"); reset_window(); M(0,4,PROT_READ|PROT_WRITE); E("mlock mid", RAW(mlock(A(1),PG)));
    reset_window(); M(0,4,PROT_READ|PROT_WRITE); mlock2(A(0),4*PG,1); E("munlock mid of onf", RAW(munlock(A(1),2*PG)));
    reset_window(); M(0,4,PROT_READ|PROT_WRITE); E("onf mid", mlock2(A(1),2*PG,1));
    reset_window(); M(0,4,PROT_READ|PROT_WRITE); E("mlockall", RAW(mlockall(MCL_CURRENT))); }
  return 0;
}
