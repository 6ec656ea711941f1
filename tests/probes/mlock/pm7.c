#include "ph.h"
#define M(pg, n, prot) mapfix(BASE + (pg)*PG, (n)*PG, prot, ANON)
#define A(pg) (BASE + (pg)*PG)
#define CHILD for (pid_t _p = fork(); !_p || (waitpid(_p, 0, 0), 0); _exit(0))
int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  CHILD { reset_window(); M(0,3,PROT_READ|PROT_WRITE); M(3,3,PROT_READ); long r = mseal(A(1), 4*PG, 0);
    printf("across: %s %s sl1 %d sl3 %d sl0 %d sl5 %d\n", en(r), pic(7), has_flag(A(1),"sl"), has_flag(A(3),"sl"), has_flag(A(0),"sl"), has_flag(A(5),"sl")); }
  return 0;
}
