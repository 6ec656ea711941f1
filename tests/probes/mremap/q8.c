#include "pic.h"
#include <sys/syscall.h>
static void *mr(void *a, size_t o, size_t n, long f, unsigned long na) { return (void*)syscall(SYS_mremap, a, o, n, f, na); }
int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    void *r; size_t M2 = 2UL<<20;
    size_t news[] = { M2, M2 + PG, M2 - PG, PG };
    for (int i = 0; i < 4; i++) {
        void *h = mmap(NULL, 2*M2, RW, ANON|MAP_HUGETLB|MAP_NORESERVE, -1, 0);
        printf("4M -> %zu kB: ", news[i] >> 10); r = R(mr(h, 2*M2, news[i], 0, 0));
        printf("  Size now %ld kB\n", smaps_field(h, "Size"));
        munmap(h, 2*M2);
    }
    void *h = mmap(NULL, 2*M2, RW, ANON|MAP_HUGETLB|MAP_NORESERVE, -1, 0);
    printf("munmap tail 2M: %d\n", munmap((char*)h + M2, M2));
    printf("  Size now %ld kB\n", smaps_field(h, "Size"));
    return 0;
}
