#include "mh.h"
/* 7: MADV_COLLAPSE */
#define M2 (2UL<<20)
int main(void) {
    char *a = BASE; reset_window(); setvbuf(stdout, NULL, _IOLBF, 0); int r;
    int fd = tfile(8*M2);
    mapfix(a, 2*M2, PROT_READ|PROT_WRITE, ANON);
    r = madvise(a, PG, MADV_COLLAPSE); printf("4M aligned unfaulted, 1 page range -> %s\n", E(r));
    r = madvise(a+PG, M2, MADV_COLLAPSE); printf("4M aligned unfaulted, unaligned 2M range (no full PMD) -> %s\n", E(r));
    r = madvise(a, M2, MADV_COLLAPSE); printf("4M aligned unfaulted, full PMD -> %s\n", E(r));
    a[5] = 1;
    r = madvise(a, M2, MADV_COLLAPSE); printf("4M one page faulted, full PMD -> %s AnonHuge=%ld\n", E(r), smaps_field(a, "AnonHugePages"));
    r = madvise(a+M2, M2, MADV_COLLAPSE); printf("second PMD unfaulted -> %s\n", E(r));
    r = madvise(a, 2*M2, MADV_COLLAPSE); printf("both PMDs -> %s\n", E(r));
    reset_window(); mapfix(a + PG, M2, PROT_READ|PROT_WRITE, ANON);
    r = madvise(a+PG, PG, MADV_COLLAPSE); printf("2M unaligned vma (no aligned PMD inside) -> %s\n", E(r));
    reset_window(); mapfix(a, 2*M2, PROT_READ|PROT_WRITE, ANON|MAP_STACK);
    r = madvise(a, PG, MADV_COLLAPSE); printf("4M nh -> %s\n", E(r));
    reset_window(); mapfix(a, 2*M2, PROT_READ, ANON);
    r = madvise(a, PG, MADV_COLLAPSE); printf("4M anon RO, 1 page -> %s\n", E(r));
    r = madvise(a, M2, MADV_COLLAPSE); printf("4M anon RO, PMD unfaulted -> %s\n", E(r));
    reset_window(); mapfix(a, 2*M2, PROT_NONE, ANON);
    r = madvise(a, PG, MADV_COLLAPSE); printf("4M anon NONE, 1 page -> %s\n", E(r));
    reset_window(); mapfix(a, 2*M2, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS);
    r = madvise(a, PG, MADV_COLLAPSE); printf("4M shared anon, 1 page -> %s\n", E(r));
    reset_window(); mmap(a, 2*M2, PROT_READ, MAP_PRIVATE|MAP_FIXED, fd, 0);
    r = madvise(a, PG, MADV_COLLAPSE); printf("4M file private RO, 1 page -> %s\n", E(r));
    reset_window(); mmap(a, 2*M2, PROT_READ|PROT_EXEC, MAP_PRIVATE|MAP_FIXED, fd, 0);
    r = madvise(a, PG, MADV_COLLAPSE); printf("4M file private RX, 1 page -> %s\n", E(r));
    reset_window(); mmap(a, 2*M2, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED, fd, 0);
    r = madvise(a, PG, MADV_COLLAPSE); printf("4M file private RW, 1 page -> %s\n", E(r));
    reset_window(); mapfix(a, 2*M2, PROT_READ|PROT_WRITE, ANON|MAP_LOCKED);
    r = madvise(a, PG, MADV_COLLAPSE); printf("4M locked, 1 page -> %s\n", E(r));
    reset_window(); mapfix(a, 2*M2, PROT_READ|PROT_WRITE, MAP_DROPPABLE|MAP_ANONYMOUS);
    r = madvise(a, PG, MADV_COLLAPSE); printf("4M droppable, 1 page -> %s\n", E(r));
    /* hole + collapse */
    reset_window(); mapfix(a, 2*M2, PROT_READ|PROT_WRITE, ANON);
    r = madvise(a + 2*M2 - PG, 2*PG, MADV_COLLAPSE); printf("4M + hole, no full PMD -> %s\n", E(r));
    /* small vma where vma->vm_start..end contains PMD but area split? 4M vma with a split */
    reset_window(); mapfix(a, 2*M2, PROT_READ|PROT_WRITE, ANON); madvise(a+M2, PG, MADV_DONTFORK);
    r = madvise(a, PG, MADV_COLLAPSE); printf("[0,2M) piece, 1 page -> %s\n", E(r));
    r = madvise(a+M2+PG, PG, MADV_COLLAPSE); printf("[2M+4k,4M) piece, 1 page -> %s\n", E(r));
    reset_window();
    return 0;
}
