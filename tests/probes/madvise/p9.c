#include "mh.h"
static void *spec(const char *name, size_t *len) {
    FILE *f = fopen("/proc/self/maps", "r"); char line[512]; void *r = 0;
    while (fgets(line, sizeof line, f)) { unsigned long s,e; sscanf(line, "%lx-%lx", &s, &e);
        if (strstr(line, name)) { r = (void*)s; *len = e - s; break; } }
    fclose(f); return r;
}
int main(void) {
    size_t l; char *v = spec("[vdso]", &l); printf("vdso len %zu\n", l);
    printf("RANDOM first page of vdso -> %s\n", E(madvise(v, PG, MADV_RANDOM)));
    dump_maps(v - 16*PG, v + l + PG);
    char *a = BASE; reset_window();
    int fd = tfile(2*PG);
    mmap(a, 4*PG, PROT_READ, MAP_SHARED|MAP_FIXED, fd, 0);
    printf("POPULATE_READ shared file 4 pages over 2-page file -> %s rss=%ld\n", E(madvise(a, 4*PG, MADV_POPULATE_READ)), smaps_field(a, "Rss"));
    printf("POPULATE_READ shared file page 2 (beyond) -> %s\n", E(madvise(a+2*PG, PG, MADV_POPULATE_READ)));
    reset_window();
    mapfix(a, 2*PG, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS);
    printf("POPULATE_WRITE shared anon -> %s\n", E(madvise(a, 2*PG, MADV_POPULATE_WRITE)));
    mmap(a+2*PG, 2*PG, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED, fd, 0);
    printf("POPULATE_WRITE private file in-file -> %s\n", E(madvise(a+2*PG, 2*PG, MADV_POPULATE_WRITE)));
    reset_window();
    return 0;
}
