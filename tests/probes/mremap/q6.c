#include "pic.h"
int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    void *r;
    printf("X. DONTUNMAP whole faulted: source anon_vma unlinked? (RW->R drops ac only without anon_vma)\n");
    reset_window();
    mapfix(P(0), 4*PG, RW, ANON); P(0)[0] = 1;
    r = R(mremap(P(0), 4*PG, 4*PG, MREMAP_MAYMOVE|MREMAP_DONTUNMAP|MREMAP_FIXED, P(10)));
    mprotect(P(0), 4*PG, PROT_READ); flags("src after mprotect R", P(0));
    mprotect(P(10), 4*PG, PROT_READ); flags("dst after mprotect R", P(10));
    printf("X2. DONTUNMAP partial faulted\n");
    reset_window();
    mapfix(P(0), 4*PG, RW, ANON); P(0)[0] = 1;
    r = R(mremap(P(0), 2*PG, 2*PG, MREMAP_MAYMOVE|MREMAP_DONTUNMAP|MREMAP_FIXED, P(10)));
    mprotect(P(0), 4*PG, PROT_READ); flags("src after mprotect R", P(0));
    printf("  %s\n", pic(20));
    printf("Y. hugetlb\n");
    reset_window();
    void *h = mmap(NULL, 4UL<<20, RW, ANON|MAP_HUGETLB|MAP_NORESERVE, -1, 0);
    printf("  map %s\n", h == MAP_FAILED ? strerror(errno) : "ok");
    r = R(mremap(h, 4UL<<20, 6UL<<20, MREMAP_MAYMOVE));
    r = R(mremap(h, 4UL<<20, 4UL<<20 | 4096, MREMAP_MAYMOVE));
    r = R(mremap(h, 4UL<<20, 4UL<<20, MREMAP_MAYMOVE|MREMAP_FIXED, P(1)));
    r = R(mremap((char*)h + PG, PG, PG, MREMAP_MAYMOVE|MREMAP_FIXED, P(0)));
    r = R(mremap(h, 4UL<<20, 2UL<<20 - PG, 0));
    printf("  Size now %ld kB\n", smaps_field(h, "Size"));
    r = R(mremap(h, 2UL<<20, 2UL<<20, MREMAP_MAYMOVE|MREMAP_FIXED, BASE + (4UL<<20)));
    printf("  Size at dest %ld kB\n", smaps_field(BASE + (4UL<<20), "Size"));
    reset_window();
    return 0;
}
