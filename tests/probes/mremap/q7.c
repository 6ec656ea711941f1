#include "pic.h"
#include <sys/syscall.h>
static void *mr(void *a, size_t o, size_t n, long f, unsigned long na) { return (void*)syscall(SYS_mremap, a, o, n, f, na); }
int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    void *r;
    void *h = mmap(NULL, 4UL<<20, RW, ANON|MAP_HUGETLB|MAP_NORESERVE, -1, 0);
    printf("map %p\n", h);
    r = R(mr(h, 4UL<<20, 2UL<<20 - PG, 0, 4096));
    r = R(mr(h, 4UL<<20, 2UL<<20 - PG, 0, 0));
    printf("  Size now %ld kB\n", smaps_field(h, "Size"));
    r = R(mr(h, 2UL<<20, 2UL<<20, 0, 4096));
    r = R(mr(h, 2UL<<20, 2UL<<20, MREMAP_MAYMOVE, 4096));
    r = R(mr(h, PG, PG, 0, 0));
    r = R(mr(h, PG, 3*PG, 0, 0));
    munmap(h, 2UL<<20);
    printf("anon: garbage new_addr with shrink\n");
    reset_window(); mapfix(P(0), 4*PG, RW, ANON);
    r = R(mr(P(0), 4*PG, 2*PG, 0, 12345));
    r = R(mr(P(0), 2*PG, 2*PG, 0, -1UL));
    return 0;
}
