#include "mh.h"
/* 3: page advices on every kind of mapping, sub-range [1,3) of 4 pages */
static void *spec(const char *name, size_t *len) {
    FILE *f = fopen("/proc/self/maps", "r"); char line[512]; void *r = 0;
    while (fgets(line, sizeof line, f)) { unsigned long s,e; sscanf(line, "%lx-%lx", &s, &e);
        if (strstr(line, name)) { r = (void*)s; *len = e - s; break; } }
    fclose(f); return r;
}
int main(int argc, char **argv) {
    char *a = BASE; setvbuf(stdout, NULL, _IOLBF, 0);
    int advs[] = {3,4,8,9,20,21,22,23,24,25,102,103};
    const char *kinds[] = {"anon-rw","anon-r","anon-none","anon-w","anon-x","shared-anon","shared-anon-r","file-priv","file-priv-r","file-shared","file-shared-rofd","file-shared-rdonly-prot","droppable","locked","lockonfault","file-shared-locked", "file-priv-beyond-eof"};
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
            case 3: p = mmap(a, 4*PG, PROT_WRITE, ANON|MAP_FIXED, -1, 0); break;
            case 4: p = mmap(a, 4*PG, PROT_EXEC, ANON|MAP_FIXED, -1, 0); break;
            case 5: p = mmap(a, 4*PG, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_ANONYMOUS|MAP_FIXED, -1, 0); break;
            case 6: p = mmap(a, 4*PG, PROT_READ, MAP_SHARED|MAP_ANONYMOUS|MAP_FIXED, -1, 0); break;
            case 7: p = mmap(a, 4*PG, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED, fd, 0); break;
            case 8: p = mmap(a, 4*PG, PROT_READ, MAP_PRIVATE|MAP_FIXED, fd, 0); break;
            case 9: p = mmap(a, 4*PG, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_FIXED, fd, 0); break;
            case 10: p = mmap(a, 4*PG, PROT_READ, MAP_SHARED|MAP_FIXED, rofd, 0); break;
            case 11: p = mmap(a, 4*PG, PROT_READ, MAP_SHARED|MAP_FIXED, fd, 0); break;
            case 12: p = mmap(a, 4*PG, PROT_READ|PROT_WRITE, MAP_DROPPABLE|MAP_ANONYMOUS|MAP_FIXED, -1, 0); break;
            case 13: p = mmap(a, 4*PG, PROT_READ|PROT_WRITE, ANON|MAP_FIXED|MAP_LOCKED, -1, 0); break;
            case 14: p = mmap(a, 4*PG, PROT_READ|PROT_WRITE, ANON|MAP_FIXED, -1, 0); syscall(SYS_mlock2, a, 4*PG, 1); break;
            case 15: p = mmap(a, 4*PG, PROT_READ|PROT_WRITE, MAP_SHARED|MAP_FIXED|MAP_LOCKED, fd, 0); break;
            case 16: p = mmap(a, 4*PG, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_FIXED, fd, 14*PG); break;
            }
            if (p == MAP_FAILED) { printf("  map failed %s\n", strerror(errno)); break; }
            char before[256], after[256]; vmflags(a+PG, before, sizeof before);
            if (i == 0) printf("   base: [%s]\n", before);
            int r = madvise(a+PG, 2*PG, advs[i]);
            vmflags(a+PG, after, sizeof after);
            printf("  %3d rc=%-24s vmas=%d %s\n", advs[i], E(r), count_vmas(a, a+WIN), strcmp(before,after) ? after : "(same)");
        }
    }
    reset_window();
    const char *sp[] = {"[vdso]", "[vvar]"};
    for (int s = 0; s < 2; s++) {
        size_t l; char *v = spec(sp[s], &l); fl(sp[s], v);
        for (unsigned i = 0; i < sizeof advs/sizeof *advs; i++) {
            if (advs[i] == 4 || advs[i]==8 || advs[i]==24 || advs[i]==21) { if (s==0) { /* don't zap vdso text */ } }
            char before[256], after[256]; vmflags(v, before, sizeof before);
            int r = (s==0 && (advs[i]==4||advs[i]==24||advs[i]==102||advs[i]==21)) ? -2 : madvise(v, l, advs[i]); vmflags(v, after, sizeof after);
            printf("  %3d rc=%-24s %s\n", advs[i], r==-2?"skipped":E(r), strcmp(before,after) ? after : "(same)");
        }
    }
    return 0;
}
