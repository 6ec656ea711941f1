#include "mh.h"
/* 6: map_count limit: EAGAIN from madvise splits */
static int map_count(void) {
    FILE *f = fopen("/proc/self/maps", "r"); char line[512]; int n = 0;
    while (fgets(line, sizeof line, f)) if (!strstr(line, "[vsyscall]")) n++;
    fclose(f); return n;
}
static char *fillbase = BASE + (1UL << 29); static long nfill;
static void fill_to(int target) {
    int mc = map_count();
    while (mc < target) { mapfix(fillbase + 2*nfill*PG, PG, PROT_READ, ANON); nfill++; mc++; }
    while (mc > target) { nfill--; munmap(fillbase + 2*nfill*PG, PG); mc--; }
    if (map_count() != target) printf("fill mismatch %d\n", map_count());
}
int main(void) {
    int max; FILE *f = fopen("/proc/sys/vm/max_map_count", "r"); fscanf(f, "%d", &max); fclose(f);
    char *a = BASE; reset_window(); setvbuf(stdout, NULL, _IOLBF, 0); int r;
    mapfix(a, 6*PG, PROT_READ|PROT_WRITE, ANON);
    fill_to(max);
    r = madvise(a, PG, MADV_DONTFORK); printf("at max: DONTFORK edge (1 split) -> %s vmas=%d\n", E(r), count_vmas(a, a+8*PG));
    r = madvise(a, 6*PG, MADV_DONTFORK); printf("at max: DONTFORK whole -> %s vmas=%d\n", E(r), count_vmas(a, a+8*PG));
    r = madvise(a, 6*PG, MADV_DOFORK); 
    r = madvise(a+PG, PG, GI); printf("at max: GUARD -> %s vmas=%d\n", E(r), count_vmas(a, a+8*PG));
    r = madvise(a+PG, PG, MADV_DONTNEED); printf("at max: DONTNEED -> %s\n", E(r));
    r = madvise(a+PG, PG, MADV_POPULATE_WRITE); printf("at max: POPULATE_WRITE -> %s\n", E(r));
    r = madvise(a+PG, PG, MADV_NORMAL); printf("at max: NORMAL (no change) -> %s\n", E(r));
    fill_to(max-1);
    r = madvise(a+2*PG, 2*PG, MADV_DONTFORK); printf("at max-1: DONTFORK middle (2 splits) -> %s vmas=%d dc=%d %d %d\n", E(r), count_vmas(a, a+8*PG), has_flag(a, "dc"), has_flag(a+2*PG, "dc"), has_flag(a+5*PG, "dc"));
    /* now [0,2)[2,6) ; at max: */
    printf("map_count=%d\n", map_count());
    /* merge when at max: DONTFORK [0,2)? no. make neighbour with dc */
    munmap(a, 64*PG); fill_to(max - 2);
    mapfix(a, 6*PG, PROT_READ|PROT_WRITE, ANON); madvise(a+3*PG, 3*PG, MADV_DONTFORK); /* [0,3)[3,6)dc */
    printf("map_count=%d (max %d)\n", map_count(), max);
    r = madvise(a+2*PG, PG, MADV_DONTFORK); printf("at max: DONTFORK merging edge -> %s vmas=%d\n", E(r), count_vmas(a, a+8*PG));
    /* multi: [A 2][hole][B 3]; DONTFORK A whole + part of B */
    munmap(a, 64*PG); fill_to(max - 2);
    mapfix(a, 2*PG, PROT_READ|PROT_WRITE, ANON); mapfix(a+3*PG, 3*PG, PROT_READ|PROT_WRITE, ANON);
    r = madvise(a, 4*PG, MADV_DONTFORK); printf("at max: [A.B] DONTFORK A+part B -> %s dcA=%d dcB=%d vmas=%d\n", E(r), has_flag(a, "dc"), has_flag(a+3*PG, "dc"), count_vmas(a, a+8*PG));
    /* the allocation inside: mprotect comparison */
    r = mprotect(a+3*PG, PG, PROT_READ); printf("at max: mprotect 1 split -> %s\n", E(r));
    reset_window(); 
    return 0;
}
