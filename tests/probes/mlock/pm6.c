#include "ph.h"
#define M(pg, n, prot) mapfix(BASE + (pg)*PG, (n)*PG, prot, ANON)
#define A(pg) (BASE + (pg)*PG)
static int lb(int pg) { return has_flag(A(pg), "lo") + 2 * has_flag(A(pg), "lf"); }
#define CHILD for (pid_t _p = fork(); !_p || (waitpid(_p, 0, 0), 0); _exit(0))
#define E(label, x) do { long _r = (x); printf("  %-28s %-7s", label, en(_r)); printf(" pic %s lck %ld\n", pic(16), vmlck()); } while (0)
int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  CHILD { reset_window(); mlockall(MCL_FUTURE|MCL_ONFAULT);
    E("FUT|ONF mmap POPULATE", RAWP(mmap(A(0), 2*PG, PROT_READ|PROT_WRITE, ANON|MAP_FIXED|MAP_POPULATE, -1, 0)));
    printf("  lb0 %d\n", lb(0));
    E("FUT|ONF mmap", RAWP(mmap(A(4), 2*PG, PROT_READ|PROT_WRITE, ANON|MAP_FIXED, -1, 0))); }
  CHILD { reset_window(); M(0,2,PROT_READ); mlock2(A(0),2*PG,1);
    E("onfault R -> mprotect RW", RAW(mprotect(A(0),2*PG,PROT_READ|PROT_WRITE)));
    M(4,2,PROT_READ); mlock(A(4),2*PG);
    E("locked R -> mprotect RW", RAW(mprotect(A(4),2*PG,PROT_READ|PROT_WRITE))); }
  CHILD { reset_window(); struct rlimit rl = {2*PG, 64*PG}; setrlimit(RLIMIT_MEMLOCK, &rl); setgroups(0,NULL); setgid(65534); setuid(65534);
    mlockall(MCL_FUTURE);
    E("unpriv FUT droppable 4pg", RAWP(mmap(A(0), 4*PG, PROT_READ|PROT_WRITE, MAP_FIXED|MAP_DROPPABLE|MAP_ANONYMOUS, -1, 0)));
    E("unpriv FUT droppable 1pg", RAWP(mmap(A(0), 1*PG, PROT_READ|PROT_WRITE, MAP_FIXED|MAP_DROPPABLE|MAP_ANONYMOUS, -1, 0))); 
    printf("  lb0 %d\n", lb(0)); }
  return 0;
}
