/* MADV_POPULATE_WRITE beyond end of file still gives each area an
 * anon_vma: the two pieces stay apart after MADV_DOFORK.  Expected:
 * -1 -1, then two areas. */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdlib.h>
#define P 4096
int main(){
  int fd = open("/tmp/F3.dat", O_RDWR);
  char *p = mmap((void*)0x100000000, 8*P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED, fd, 4*P);
  madvise(p+P, 2*P, MADV_DONTFORK); madvise(p+5*P, 2*P, MADV_DONTFORK);
  int a = madvise(p+1*P, 2*P, MADV_POPULATE_WRITE); int b = madvise(p+5*P, 2*P, MADV_POPULATE_WRITE);
  madvise(p, 8*P, MADV_DOFORK);
  printf("%d %d\n", a, b); fflush(stdout);
  char c[100]; sprintf(c, "grep '^1000' /proc/%d/maps", getpid()); system(c);
}
