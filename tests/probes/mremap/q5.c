#include "pic.h"
int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    void *r; size_t big = 1UL << 28;
    reset_window();
    long c0 = meminfo_kb("Committed_AS");
    mapfix(P(0), big, RW, ANON);
    long c1 = meminfo_kb("Committed_AS");
    printf("map 256M: +%ld kB\n", c1 - c0);
    r = mremap(P(0), big, big/2, MREMAP_MAYMOVE|MREMAP_FIXED, BASE + (1UL<<29));
    long c2 = meminfo_kb("Committed_AS");
    printf("FIXED shrink-move to 128M: %s, delta %ld kB\n", r == MAP_FAILED ? strerror(errno) : "ok", c2 - c1);
    munmap(r, big/2);
    long c3 = meminfo_kb("Committed_AS");
    printf("munmap dst: delta %ld kB; net vs start %ld kB\n", c3 - c2, c3 - c0);
    /* plain grow move */
    mapfix(P(0), big/2, RW, ANON); mapfix(P(0) + big/2, PG, PROT_READ, ANON);
    long d0 = meminfo_kb("Committed_AS");
    r = mremap(P(0), big/2, big, MREMAP_MAYMOVE);
    long d1 = meminfo_kb("Committed_AS");
    printf("MAYMOVE grow 128M->256M: delta %ld kB\n", d1 - d0);
    munmap(r, big);
    long d2 = meminfo_kb("Committed_AS");
    printf("munmap: delta %ld kB\n", d2 - d1);
    /* shrink in place */
    mapfix(P(0), big, RW, ANON);
    d0 = meminfo_kb("Committed_AS");
    r = mremap(P(0), big, big/2, 0);
    d1 = meminfo_kb("Committed_AS");
    printf("shrink in place: delta %ld kB\n", d1 - d0);
    /* partial move of middle */
    d0 = meminfo_kb("Committed_AS");
    r = mremap(P(0) + big/4, big/8, big/8, MREMAP_MAYMOVE|MREMAP_FIXED, BASE + (1UL<<29));
    d1 = meminfo_kb("Committed_AS");
    printf("partial move: delta %ld kB\n", d1 - d0);
    munmap(BASE, WIN);
    d2 = meminfo_kb("Committed_AS");
    printf("unmap all: delta %ld kB (expected -%lu)\n", d2 - d1, (big/2)>>10);
    return 0;
}
