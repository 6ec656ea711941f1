#include "mh.h"
/* 8: MADV_COLLAPSE eligibility with anon_vma present */
#define M2 (2UL<<20)
int main(void) {
    char *a = BASE; reset_window(); setvbuf(stdout, NULL, _IOLBF, 0); int r;
    mapfix(a, 2*M2, PROT_READ|PROT_WRITE, MAP_DROPPABLE|MAP_ANONYMOUS); a[5] = 1;
    r = madvise(a+M2, PG, MADV_COLLAPSE); printf("droppable faulted 1 page -> %s\n", E(r));
    reset_window(); mapfix(a, 2*M2, PROT_READ|PROT_WRITE, ANON); a[5] = 1; mprotect(a, 2*M2, PROT_READ);
    r = madvise(a+M2, PG, MADV_COLLAPSE); printf("anon faulted then RO, 1 page -> %s\n", E(r));
    mprotect(a, 2*M2, PROT_NONE);
    r = madvise(a+M2, PG, MADV_COLLAPSE); printf("anon faulted then NONE, 1 page -> %s\n", E(r));
    reset_window(); mapfix(a+PG, 2*M2 - PG, PROT_READ|PROT_WRITE, ANON); a[PG+5] = 1;
    r = madvise(a+M2, PG, MADV_COLLAPSE); printf("faulted vma [4k,4M) contains aligned PMD [2M,4M) -> %s\n", E(r));
    reset_window(); mapfix(a+PG, M2 + PG, PROT_READ|PROT_WRITE, ANON); a[PG+5] = 1;
    r = madvise(a+M2, PG, MADV_COLLAPSE); printf("faulted vma [4k,2M+8k) no aligned PMD -> %s\n", E(r));
    reset_window(); mapfix(a, 2*M2, PROT_READ|PROT_WRITE, ANON|MAP_STACK); a[5] = 1;
    r = madvise(a+M2, PG, MADV_COLLAPSE); printf("faulted nh -> %s\n", E(r));
    reset_window(); mapfix(a, 2*M2, PROT_READ|PROT_WRITE, ANON); a[5] = 1; madvise(a, 2*M2, MADV_HUGEPAGE);
    r = madvise(a+M2, PG, MADV_COLLAPSE); printf("faulted hg -> %s\n", E(r));
    reset_window(); mapfix(a+PG, 2*M2, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS);
    r = madvise(a+M2, PG, MADV_COLLAPSE); printf("shared anon at +4k (pgoff 0, unaligned) -> %s\n", E(r));
    reset_window(); mapfix(a, 2*M2, PROT_READ, MAP_SHARED|MAP_ANONYMOUS);
    r = madvise(a+M2, PG, MADV_COLLAPSE); printf("shared anon RO -> %s\n", E(r));
    reset_window(); mapfix(a, 2*M2, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS);
    r = madvise(a, M2, MADV_COLLAPSE); printf("shared anon full PMD unpopulated -> %s\n", E(r));
    int mfd = memfd_create("x", 0); ftruncate(mfd, 4*M2);
    reset_window(); mmap(a, 2*M2, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_FIXED, mfd, 0);
    r = madvise(a, PG, MADV_COLLAPSE); printf("memfd shared -> %s\n", E(r));
    reset_window(); mmap(a, 2*M2, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED, mfd, 0);
    r = madvise(a, PG, MADV_COLLAPSE); printf("memfd private unfaulted -> %s\n", E(r));
    a[5] = 1;
    r = madvise(a, PG, MADV_COLLAPSE); printf("memfd private faulted -> %s\n", E(r));
    reset_window(); mmap(a+PG, 2*M2, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_FIXED, mfd, PG);
    r = madvise(a+M2, PG, MADV_COLLAPSE); printf("memfd shared va-pgoff aligned (+4k, off 4k) -> %s\n", E(r));
    reset_window(); mmap(a, 2*M2, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_FIXED, mfd, PG);
    r = madvise(a+M2, PG, MADV_COLLAPSE); printf("memfd shared va-pgoff misaligned (0, off 4k) -> %s\n", E(r));
    reset_window(); mapfix(a, 2*M2, PROT_READ|PROT_WRITE, ANON); a[5] = 1; 
    r = madvise(a+M2-PG, 2*PG + M2, MADV_COLLAPSE); printf("faulted, range [2M-4k,4M+4k) beyond vma -> %s\n", E(r));
    reset_window();
    return 0;
}
