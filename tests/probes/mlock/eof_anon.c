/* A write fault beyond end of file still gives the area an anon_vma:
 * two ranges locked (and failing) beyond EOF stay apart after munlock,
 * one range re-merges.  Expected: two areas, then one. */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <unistd.h>
#include <stdlib.h>
#define P 4096
static void show(const char *t){ char c[200]; printf("-- %s\n", t); fflush(stdout); sprintf(c, "grep -E '^1000' /proc/%d/maps", getpid()); system(c); }
int main(){
  int fd = open("/tmp/F3.dat", O_RDWR|O_CREAT|O_TRUNC, 0644); ftruncate(fd, 2*P);
  char *p = mmap((void*)0x100000000, 8*P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED, fd, 4*P); /* wholly beyond EOF */
  printf("%d ", mlock(p+1*P, 2*P)); printf("%d\n", mlock(p+5*P, 2*P));
  munlock(p, 8*P); show("two mlocks beyond EOF, then munlock");
  munmap(p, 8*P);
  p = mmap((void*)0x100000000, 8*P, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED, fd, 4*P);
  mlock(p+1*P, 2*P); munlock(p, 8*P); show("one mlock beyond EOF, then munlock");
}
