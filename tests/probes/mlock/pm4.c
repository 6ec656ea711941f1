#include "ph.h"
static void dm(void) { system("awk '/^1[0-9a-f]{8}-/{p=1} /^[0-9a-f]+-/{if(!/^1[0-9a-f]{8}-/)p=0} p && (/^1[0-9a-f]{8}-/||/VmFlags/)' /proc/$PPID/smaps | paste - - | sed 's/^/      /'"); }
int main(void) {
  char *a = BASE; char *base = BASE; long r; setvbuf(stdout, NULL, _IOLBF, 0);
  reset_window(); mapfix(a, 4*PG, PROT_READ|PROT_WRITE, ANON);
  r = mseal(a, PG, 1); P("[S1] flags 1 %s", en(r));
  r = mseal(a+1, PG, 1); P("[S1b] unaligned+flags %s", en(r));
  r = mseal(a+1, PG, 0); P("[S2] unaligned %s", en(r));
  r = mseal(a+1, 0, 0); P("[S2b] unaligned len0 %s", en(r));
  r = mseal(a+100*PG, 0, 0); P("[S3] len0 unmapped %s", en(r));
  r = mseal(a, -1UL, 0); P("[S4] len -1 %s", en(r));
  r = mseal(a, -PG, 0); P("[S4b] len -PG %s", en(r));
  r = mseal(0xffff800000000000UL, PG, 0); P("[S4c] kernel addr %s", en(r));
  r = mseal(0x7ffffffff000UL, 2*PG, 0); P("[S4d] crossing TASK_SIZE %s", en(r));
  r = mseal(a, 4*PG+1, 1); P("[S4e] flags with len unaligned %s", en(r));
  r = mseal(a+100*PG, PG, 0); P("[S5] unmapped %s", en(r));
  mapfix(a+5*PG, 2*PG, PROT_READ, ANON);
  r = mseal(a, 7*PG, 0); P("[S6] [A][hole][B] %s pic %s", en(r), pic(8)); dm();
  r = mseal(a+3*PG, 2*PG, 0); P("[S6b] trailing hole %s", en(r)); dm();
  r = mseal(a+4*PG, 2*PG, 0); P("[S6c] leading hole %s", en(r)); dm();
  r = mseal(a+PG, PG+1, 0); P("[S7] middle (len rounded) %s pic %s", en(r), pic(8)); dm();
  r = mseal(a+2*PG, PG, 0); P("[S7b] adjacent right %s pic %s", en(r), pic(8)); dm();
  r = mseal(a+PG, 2*PG, 0); P("[S7c] again %s pic %s", en(r), pic(8));
  r = mseal(a, 7*PG, 0); P("[S7d] whole with hole %s pic %s", en(r), pic(8));
  r = mseal(a, 4*PG, 0); P("[S7e] whole A %s pic %s", en(r), pic(8)); dm();
  /* seal checks */
  a = BASE + 1*64*PG; PBASE = a; mapfix(a, 4*PG, PROT_READ|PROT_WRITE, ANON); mapfix(a+4*PG, 4*PG, PROT_READ, ANON); mseal(a, 4*PG, 0);
  P("[M] [sealed RW 0-4][R 4-8] pic %s", pic(9));
  r = RAW(munmap(a+2*PG, 4*PG)); P("[M1] munmap [2,6) sealed-start %s pic %s", en(r), pic(9));
  r = RAW(munmap(a, 6*PG)); P("[M2] munmap [0,6) %s pic %s", en(r), pic(9));
  r = RAW(munmap(a+5*PG, 2*PG)); P("[M3] munmap inside normal %s pic %s", en(r), pic(9)); dm();
  r = RAW(mprotect(a+2*PG, 4*PG, PROT_READ)); P("[M4] mprotect [2,6) sealed first %s pic %s", en(r), pic(9)); dm();
  r = RAW(mprotect(a, 4*PG, PROT_READ|PROT_WRITE)); P("[M5] mprotect sealed same prot %s", en(r));
  r = RAW(mprotect(a, 0, PROT_READ)); P("[M5b] mprotect sealed len 0 %s", en(r));
  r = RAWP(mmap(a, 4*PG, PROT_READ|PROT_WRITE, ANON|MAP_FIXED, -1, 0)); P("[M6] MAP_FIXED same over sealed %s", en(r));
  r = RAWP(mmap(a, 4*PG, PROT_READ|PROT_WRITE, ANON|MAP_FIXED_NOREPLACE, -1, 0)); P("[M6b] NOREPLACE over sealed %s", en(r));
  r = RAWP(mmap(a+2*PG, 4*PG, PROT_READ|PROT_WRITE, ANON|MAP_FIXED, -1, 0)); P("[M6c] MAP_FIXED [2,6) %s pic %s", en(r), pic(9)); dm();
  a = BASE + 2*64*PG; PBASE = a; mapfix(a, 4*PG, PROT_READ|PROT_WRITE, ANON); mapfix(a+4*PG, 4*PG, PROT_READ, ANON); mseal(a+4*PG, 4*PG, 0);
  P("[N] [RW 0-4][sealed R 4-8]");
  r = RAW(munmap(a+2*PG, 4*PG)); P("[N1] munmap [2,6) %s pic %s", en(r), pic(9)); dm();
  r = RAW(mprotect(a, 6*PG, PROT_READ)); P("[N2] mprotect [0,6) R %s pic %s", en(r), pic(9)); dm();
  r = RAW(mprotect(a, 2*PG, PROT_READ|PROT_WRITE)); P("[N2b] restore %s pic %s", en(r), pic(9));
  r = RAWP(mmap(a+2*PG, 4*PG, PROT_READ, ANON|MAP_FIXED, -1, 0)); P("[N3] MAP_FIXED [2,6) %s pic %s", en(r), pic(9)); dm();
  r = RAWP(mmap(a+PG, 2*PG, PROT_READ, ANON|MAP_FIXED, -1, 0)); P("[N3b] MAP_FIXED [1,3) ok? %s pic %s", en(r), pic(9)); dm();
  r = RAW(munmap(a+3*PG, 6*PG)); P("[N4] munmap [3,9) %s pic %s", en(r), pic(9)); dm();
  /* mlock on sealed */
  a = BASE + 3*64*PG; PBASE = a; mapfix(a, 4*PG, PROT_READ|PROT_WRITE, ANON); mseal(a, 4*PG, 0);
  r = RAW(mlock(a+PG, PG)); P("[L1] mlock middle of sealed %s pic %s", en(r), pic(5)); dm();
  r = RAW(munlock(a, 4*PG)); P("[L2] munlock sealed %s pic %s", en(r), pic(5)); dm();
  r = RAW(madvise(a, PG, MADV_DONTFORK)); P("[L3] madvise DONTFORK sealed %s pic %s", en(r), pic(5));
  /* mseal on locked */
  a = BASE + 4*64*PG; PBASE = a; mapfix(a, 4*PG, PROT_NONE, ANON); mlock(a, 4*PG);
  r = mseal(a+PG, 2*PG, 0); P("[L4] mseal mid of locked NONE %s pic %s", en(r), pic(5)); dm();
  /* merge sealed with new mmap next to it */
  a = BASE + 5*64*PG; PBASE = a; mapfix(a, 2*PG, PROT_READ|PROT_WRITE, ANON); mseal(a, 2*PG, 0);
  mapfix(a+2*PG, 2*PG, PROT_READ|PROT_WRITE, ANON); P("[G1] map next to sealed pic %s", pic(5));
  mseal(a+2*PG, 2*PG, 0); P("[G2] seal it pic %s", pic(5)); dm();
  return 0;
}
