#include "mh.h"
/* 2: flag advices on every kind of mapping, sub-range [1,3) of 4 pages */
static void *vdso_addr(const char *name, size_t *len) {
    FILE *f = fopen("/proc/self/maps", "r"); char line[512]; void *r = 0;
    while (fgets(line, sizeof line, f)) { unsigned long s,e; sscanf(line, "%lx-%lx", &s, &e);
        if (strstr(line, name)) { r = (void*)s; *len = e - s; break; } }
    fclose(f); return r;
}
int main(int argc, char **argv) {
    char *a = BASE; setvbuf(stdout, NULL, _IOLBF, 0);
    int advs[] = {0,1,2,10,11,12,13,14,15,16,17,18,19};
    const char *kinds[] = {"anon-rw","anon-r","anon-none","shared-anon","file-priv","file-shared","file-shared-rofd","droppable","locked","growsdown","stack-nh"};
    int fd = tfile(16*PG); int rofd = open("/tmp/mp/tf", O_RDONLY);
    for (unsigned k = 0; k < sizeof kinds/sizeof *kinds; k++) {
        printf("== %s\n", kinds[k]);
        for (unsigned i = 0; i < sizeof advs/sizeof *advs; i++) {
            reset_window();
            void *p;
            switch (k) {
            case 0: p = mmap(a, 4*PG, PROT_READ|PROT_WRITE, ANON|MAP_FIXED, -1, 0); break;
            case 1: p = mmap(a, 4*PG, PROT_READ, ANON|MAP_FIXED, -1, 0); break;
            case 2: p = mmap(a, 4*PG, PROT_NONE, ANON|MAP_FIXED, -1, 0); break;
            case 3: p = mmap(a, 4*PG, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS|MAP_FIXED, -1, 0); break;
            case 4: p = mmap(a, 4*PG, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED, fd, 0); break;
            case 5: p = mmap(a, 4*PG, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_FIXED, fd, 0); break;
            case 6: p = mmap(a, 4*PG, PROT_READ, MAP_SHARED|MAP_FIXED, rofd, 0); break;
            case 7: p = mmap(a, 4*PG, PROT_READ|PROT_WRITE, MAP_DROPPABLE|MAP_ANONYMOUS|MAP_FIXED, -1, 0); break;
            case 8: p = mmap(a, 4*PG, PROT_READ|PROT_WRITE, ANON|MAP_FIXED|MAP_LOCKED, -1, 0); break;
            case 9: p = mmap(a, 4*PG, PROT_READ|PROT_WRITE, ANON|MAP_FIXED|MAP_GROWSDOWN, -1, 0); break;
            case 10: p = mmap(a, 4*PG, PROT_READ|PROT_WRITE, ANON|MAP_FIXED|MAP_STACK, -1, 0); break;
            }
            if (p == MAP_FAILED) { printf("  map failed %s\n", strerror(errno)); break; }
            char before[256], after[256]; vmflags(a+PG, before, sizeof before);
            if (i == 0) printf("   base: [%s]\n", before);
            int r = madvise(a+PG, 2*PG, advs[i]);
            vmflags(a+PG, after, sizeof after);
            printf("  %2d rc=%-24s vmas=%d %s\n", advs[i], E(r), count_vmas(a, a+WIN), strcmp(before,after) ? after : "(same)");
        }
    }
    reset_window();
    size_t l; char *v = vdso_addr("[vdso]", &l);
    printf("== vdso [%s]\n", (vmflags(v, (char[256]){0}, 256), ""));
    fl("vdso", v);
    for (unsigned i = 0; i < sizeof advs/sizeof *advs; i++) {
        char before[256], after[256]; vmflags(v, before, sizeof before);
        int r = madvise(v, l, advs[i]); vmflags(v, after, sizeof after);
        printf("  %2d rc=%-24s %s\n", advs[i], E(r), strcmp(before,after) ? after : "(same)");
    }
    v = vdso_addr("[vvar]", &l); fl("vvar", v);
    for (unsigned i = 0; i < sizeof advs/sizeof *advs; i++) {
        char before[256], after[256]; vmflags(v, before, sizeof before);
        int r = madvise(v, l, advs[i]); vmflags(v, after, sizeof after);
        printf("  %2d rc=%-24s %s\n", advs[i], E(r), strcmp(before,after) ? after : "(same)");
    }
    v = vdso_addr("[vvar_vclock]", &l); if (v) { fl("vvar_vclock", v);
    for (unsigned i = 0; i < sizeof advs/sizeof *advs; i++) {
        char before[256], after[256]; vmflags(v, before, sizeof before);
        int r = madvise(v, l, advs[i]); vmflags(v, after, sizeof after);
        printf("  %2d rc=%-24s %s\n", advs[i], E(r), strcmp(before,after) ? after : "(same)");
    } }
    return 0;
}
