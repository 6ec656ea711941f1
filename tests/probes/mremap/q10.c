#include "pic.h"
int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    FILE *f = fopen("/proc/self/maps", "r"); char line[512];
    while (fgets(line, sizeof line, f)) {
        unsigned long s, e; char name[64] = "";
        if (sscanf(line, "%lx-%lx %*s %*s %*s %*s %63s", &s, &e, name) < 3 || strncmp(name, "[vvar", 5)) continue;
        printf("%s %lu pages\n", name, (e - s) / PG);
        flags(name, (void*)s);
        void *r;
        printf("  grow: "); r = R(mremap((void*)s, e-s, e-s+PG, MREMAP_MAYMOVE));
        printf("  dontunmap: "); r = R(mremap((void*)s, e-s, e-s, MREMAP_MAYMOVE|MREMAP_DONTUNMAP, 0));
        printf("  shrink: "); r = R(mremap((void*)s, e-s, PG, 0));
    }
    return 0;
}
