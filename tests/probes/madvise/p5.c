#include "mh.h"
/* 5: holes, partial application, merges, guard/populate anon_vma */
static void pic(const char *tag, char *a, int n) {
    /* letters per VMA, '.' hole */
    FILE *f; char line[512]; unsigned long s[64], e[64]; int nv = 0;
    f = fopen("/proc/self/maps", "r");
    while (fgets(line, sizeof line, f)) { unsigned long x, y; sscanf(line, "%lx-%lx", &x, &y);
        if (y > (unsigned long)a && x < (unsigned long)(a + n*PG)) { s[nv] = x; e[nv] = y; nv++; } }
    fclose(f);
    char out[128]; for (int i = 0; i < n; i++) { unsigned long ad = (unsigned long)a + i*PG; out[i] = '.';
        for (int v = 0; v < nv; v++) if (ad >= s[v] && ad < e[v]) out[i] = 'a' + v; }
    out[n] = 0; printf("   %-40s %s\n", tag, out);
}
int main(void) {
    char *a = BASE; setvbuf(stdout, NULL, _IOLBF, 0); int r;
    /* hole continuation */
    reset_window(); mapfix(a, 2*PG, PROT_READ|PROT_WRITE, ANON); mapfix(a+3*PG, 3*PG, PROT_READ|PROT_WRITE, ANON);
    r = madvise(a+PG, 4*PG, MADV_DONTFORK); printf("[A.B] DONTFORK [1,5) -> %s\n", E(r)); pic("after", a, 8);
    printf("   dc: %d %d %d %d\n", has_flag(a, "dc"), has_flag(a+PG, "dc"), has_flag(a+3*PG, "dc"), has_flag(a+5*PG, "dc"));
    /* range extends past last vma */
    reset_window(); mapfix(a, 2*PG, PROT_READ|PROT_WRITE, ANON);
    r = madvise(a+PG, 4*PG, MADV_DONTFORK); printf("[A...] DONTFORK [1,5) -> %s dc1=%d\n", E(r), has_flag(a+PG, "dc")); pic("after", a, 8);
    /* range starts in hole */
    reset_window(); mapfix(a+2*PG, 2*PG, PROT_READ|PROT_WRITE, ANON);
    r = madvise(a, 3*PG, MADV_RANDOM); printf("[..A] RANDOM [0,3) -> %s\n", E(r)); pic("after", a, 8);
    /* per-area error stops: [anon][shared anon][anon] WIPEONFORK */
    reset_window(); mapfix(a, 2*PG, PROT_READ|PROT_WRITE, ANON); mapfix(a+2*PG, 2*PG, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS); mapfix(a+4*PG, 2*PG, PROT_READ|PROT_WRITE, ANON);
    r = madvise(a+PG, 4*PG, MADV_WIPEONFORK); printf("[a s a] WIPEONFORK [1,5) -> %s wf: %d %d %d %d\n", E(r), has_flag(a, "wf"), has_flag(a+PG, "wf"), has_flag(a+2*PG,"wf"), has_flag(a+4*PG, "wf")); pic("after", a, 8);
    /* per-area error after a hole: hole error superseded */
    reset_window(); mapfix(a, PG, PROT_READ|PROT_WRITE, ANON); mapfix(a+2*PG, 2*PG, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS);
    r = madvise(a, 4*PG, MADV_WIPEONFORK); printf("[a . s] WIPEONFORK -> %s\n", E(r));
    /* merge: [A][B dc]; DONTFORK on A -> merge */
    reset_window(); mapfix(a, 4*PG, PROT_READ|PROT_WRITE, ANON); madvise(a+2*PG, 2*PG, MADV_DONTFORK); pic("A B(dc)", a, 6);
    r = madvise(a, 2*PG, MADV_DONTFORK); printf("DONTFORK A -> %s\n", E(r)); pic("after", a, 6);
    /* merge partial: [A][B dc]; DONTFORK on right half of A -> B grows */
    reset_window(); mapfix(a, 4*PG, PROT_READ|PROT_WRITE, ANON); madvise(a+2*PG, 2*PG, MADV_DONTFORK);
    r = madvise(a+PG, PG, MADV_DONTFORK); printf("DONTFORK A[1] -> %s\n", E(r)); pic("after", a, 6);
    /* three-way: [A dc][B][C dc]; DONTFORK B */
    reset_window(); mapfix(a, 6*PG, PROT_READ|PROT_WRITE, ANON); madvise(a, 2*PG, MADV_DONTFORK); madvise(a+4*PG, 2*PG, MADV_DONTFORK); pic("A(dc) B C(dc)", a, 6);
    r = madvise(a+2*PG, 2*PG, MADV_DONTFORK); printf("DONTFORK B -> %s\n", E(r)); pic("after", a, 6);
    /* whole multi-area range, re-merge: */
    r = madvise(a, 6*PG, MADV_DOFORK); pic("DOFORK all", a, 6);
    /* DONTNEED etc never split */
    reset_window(); mapfix(a, 6*PG, PROT_READ|PROT_WRITE, ANON); memset(a, 1, 6*PG);
    r = madvise(a+PG, PG, MADV_DONTNEED); pic("DONTNEED middle", a, 6);
    /* guard install: anon_vma? probe via merge: [G unfaulted + guard][new][B faulted] */
    reset_window(); mapfix(a, 2*PG, PROT_READ|PROT_WRITE, ANON); madvise(a, PG, GI);
    mapfix(a+4*PG, 2*PG, PROT_READ|PROT_WRITE, ANON); a[4*PG] = 1;
    mapfix(a+2*PG, 2*PG, PROT_READ|PROT_WRITE, ANON); pic("guard->anon_vma? (2 vmas = yes)", a, 6);
    /* control: without guard */
    reset_window(); mapfix(a, 2*PG, PROT_READ|PROT_WRITE, ANON);
    mapfix(a+4*PG, 2*PG, PROT_READ|PROT_WRITE, ANON); a[4*PG] = 1;
    mapfix(a+2*PG, 2*PG, PROT_READ|PROT_WRITE, ANON); pic("control no guard (1 vma)", a, 6);
    /* guard on file private: anon_vma? vma_is_anonymous only. skip */
    /* populate write -> anon_vma */
    reset_window(); mapfix(a, 2*PG, PROT_READ|PROT_WRITE, ANON); madvise(a, 2*PG, MADV_POPULATE_WRITE);
    mapfix(a+4*PG, 2*PG, PROT_READ|PROT_WRITE, ANON); a[4*PG] = 1;
    mapfix(a+2*PG, 2*PG, PROT_READ|PROT_WRITE, ANON); pic("POPULATE_WRITE->anon_vma (2=yes)", a, 6);
    reset_window(); mapfix(a, 2*PG, PROT_READ|PROT_WRITE, ANON); madvise(a, 2*PG, MADV_POPULATE_READ);
    mapfix(a+4*PG, 2*PG, PROT_READ|PROT_WRITE, ANON); a[4*PG] = 1;
    mapfix(a+2*PG, 2*PG, PROT_READ|PROT_WRITE, ANON); pic("POPULATE_READ->anon_vma (2=yes)", a, 6);
    /* populate across hole: first part populated? */
    reset_window(); mapfix(a, 2*PG, PROT_READ|PROT_WRITE, ANON); mapfix(a+3*PG, 2*PG, PROT_READ|PROT_WRITE, ANON);
    r = madvise(a, 5*PG, MADV_POPULATE_WRITE); printf("POPULATE_WRITE [A.B] -> %s rssA=%ld rssB=%ld\n", E(r), smaps_field(a, "Rss"), smaps_field(a+3*PG, "Rss"));
    /* populate: [A rw][B r] POPULATE_WRITE -> A populated, EINVAL */
    reset_window(); mapfix(a, 2*PG, PROT_READ|PROT_WRITE, ANON); mapfix(a+2*PG, 2*PG, PROT_READ, ANON);
    r = madvise(a, 4*PG, MADV_POPULATE_WRITE); printf("POPULATE_WRITE [rw][r] -> %s rssA=%ld\n", E(r), smaps_field(a, "Rss"));
    /* populate write on shared: no anon_vma matters not */
    /* guard install + mprotect merge sticky */
    reset_window(); mapfix(a, 2*PG, PROT_READ, ANON); madvise(a, PG, GI); mapfix(a+2*PG, 2*PG, PROT_READ|PROT_WRITE, ANON);
    pic("A(gu,r) B(rw)", a, 6); mprotect(a+2*PG, 2*PG, PROT_READ); pic("mprotect B r", a, 6); printf("   gu=%d %d\n", has_flag(a, "gu"), has_flag(a+3*PG, "gu"));
    /* madvise flag change merging gu and non-gu */
    reset_window(); mapfix(a, 4*PG, PROT_READ|PROT_WRITE, ANON); madvise(a, 2*PG, MADV_RANDOM); madvise(a, PG, GI);
    pic("A(rr,gu) B", a, 6); madvise(a+2*PG, 2*PG, MADV_RANDOM); pic("RANDOM B", a, 6); printf("   gu=%d %d\n", has_flag(a, "gu"), has_flag(a+3*PG, "gu"));
    reset_window(); mapfix(a, 4*PG, PROT_READ|PROT_WRITE, ANON); madvise(a, 2*PG, MADV_RANDOM); madvise(a+2*PG, PG, GI);
    pic("A(rr) B(gu)", a, 6); madvise(a+2*PG, 2*PG, MADV_RANDOM); pic("RANDOM B", a, 6); printf("   gu=%d %d\n", has_flag(a, "gu"), has_flag(a+3*PG, "gu"));
    /* guard install over several vmas + hole */
    reset_window(); mapfix(a, 2*PG, PROT_READ|PROT_WRITE, ANON); mapfix(a+3*PG, 2*PG, PROT_READ, ANON);
    r = madvise(a+PG, 3*PG, GI); printf("GUARD [A.B] -> %s gu=%d %d\n", E(r), has_flag(a, "gu"), has_flag(a+3*PG, "gu")); pic("after", a, 6);
    /* guard on locked in second: first gets gu */
    reset_window(); mapfix(a, 2*PG, PROT_READ|PROT_WRITE, ANON); mapfix(a+2*PG, 2*PG, PROT_READ, ANON|MAP_LOCKED);
    r = madvise(a, 4*PG, GI); printf("GUARD [A][locked] -> %s gu=%d %d\n", E(r), has_flag(a, "gu"), has_flag(a+2*PG, "gu"));
    /* split of vma with gu keeps gu on both */
    reset_window(); mapfix(a, 4*PG, PROT_READ|PROT_WRITE, ANON); madvise(a, PG, GI); madvise(a+2*PG, PG, MADV_DONTFORK); pic("gu then split", a, 6);
    printf("   gu=%d %d %d\n", has_flag(a, "gu"), has_flag(a+2*PG, "gu"), has_flag(a+3*PG, "gu"));
    /* file private guard: anon_vma? merge check with same file */
    reset_window();
    return 0;
}
