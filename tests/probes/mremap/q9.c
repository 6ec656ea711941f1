#include "pic.h"
#include <sys/syscall.h>
static void *mr(void *a, size_t o, size_t n, long f, unsigned long na) { return (void*)syscall(SYS_mremap, a, o, n, f, na); }
int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    void *r; size_t M2 = 2UL<<20;
    void *h = mmap(NULL, 2*M2, RW, ANON|MAP_HUGETLB|MAP_NORESERVE, -1, 0);
    printf("garbage na: "); r = R(mr(h, 2*M2, M2, 0, 4096));
    printf("na 0: "); r = R(mr(h, 2*M2, M2, 0, 0));
    printf("  Size now %ld kB\n", smaps_field(h, "Size"));
    h = mmap(NULL, 2*M2, RW, ANON|MAP_HUGETLB|MAP_NORESERVE, -1, 0);
    printf("na 0 first: "); r = R(mr(h, 2*M2, M2, 0, 0));
    printf("  Size now %ld kB\n", smaps_field(h, "Size"));
    return 0;
}
