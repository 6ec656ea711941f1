#include "ph.h"
int main(void) {
  char *a = BASE; long r; setvbuf(stdout, NULL, _IOLBF, 0);
  reset_window(); mapfix(a, 2*PG, PROT_READ|PROT_WRITE, ANON); mapfix(a+3*PG, 2*PG, PROT_READ|PROT_WRITE, ANON);
  r = RAW(mlock(a, 5*PG)); P("[8] mlock [RW][hole][RW] %s pic %s lck %ld", en(r), pic(6), vmlck());
  system("awk '/^1000/{p=1} /^[0-9a-f]+-/{if(!/^1000/)p=0} p && (/^1000/||/VmFlags/||/^Rss/)' /proc/$PPID/smaps");
  return 0;
}
