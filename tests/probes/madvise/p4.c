#include "mh.h"
/* 4: sealed areas: which advices are refused, and when */
int main(int argc, char **argv) {
    char *a = BASE; char *cur = BASE + (1UL<<31); setvbuf(stdout, NULL, _IOLBF, 0);
    int advs[] = {0,1,2,3,4,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,102,103};
    const char *kinds[] = {"anon-rw","anon-r","anon-none","anon-w","anon-x","shared-anon-r","file-priv-r","locked-r","droppable-r"};
    int fd = tfile(16*PG);
    for (unsigned k = 0; k < sizeof kinds/sizeof *kinds; k++) {
        printf("== sealed %s\n", kinds[k]);
        for (unsigned i = 0; i < sizeof advs/sizeof *advs; i++) {
            a = cur; cur += 64*PG;
            void *p;
            switch (k) {
            case 0: p = mmap(a, 4*PG, PROT_READ|PROT_WRITE, ANON|MAP_FIXED, -1, 0); break;
            case 1: p = mmap(a, 4*PG, PROT_READ, ANON|MAP_FIXED, -1, 0); break;
            case 2: p = mmap(a, 4*PG, PROT_NONE, ANON|MAP_FIXED, -1, 0); break;
            case 3: p = mmap(a, 4*PG, PROT_WRITE, ANON|MAP_FIXED, -1, 0); break;
            case 4: p = mmap(a, 4*PG, PROT_EXEC, ANON|MAP_FIXED, -1, 0); break;
            case 5: p = mmap(a, 4*PG, PROT_READ, MAP_SHARED|MAP_ANONYMOUS|MAP_FIXED, -1, 0); break;
            case 6: p = mmap(a, 4*PG, PROT_READ, MAP_PRIVATE|MAP_FIXED, fd, 0); break;
            case 7: p = mmap(a, 4*PG, PROT_READ, ANON|MAP_FIXED|MAP_LOCKED, -1, 0); break;
            case 8: p = mmap(a, 4*PG, PROT_READ, MAP_DROPPABLE|MAP_ANONYMOUS|MAP_FIXED, -1, 0); break;
            }
            if (p == MAP_FAILED) { printf("  map failed %s\n", strerror(errno)); break; }
            if (mseal_(a, 4*PG)) { printf("mseal failed %s\n", strerror(errno)); return 1; }
            char before[256], after[256]; vmflags(a+PG, before, sizeof before);
            if (i == 0) printf("   base: [%s]\n", before);
            int r = madvise(a+PG, 2*PG, advs[i]);
            vmflags(a+PG, after, sizeof after);
            printf("  %3d rc=%-24s vmas=%d %s\n", advs[i], E(r), count_vmas(a, a+32*PG), strcmp(before,after) ? after : "(same)");
        }
    }
    /* per-VMA or up front: [anon rw][sealed anon r] */
    a = cur; cur += 64*PG;
    mapfix(a, 2*PG, PROT_READ|PROT_WRITE, ANON); mapfix(a+2*PG, 2*PG, PROT_READ, ANON); mseal_(a+2*PG, 2*PG);
    int r = madvise(a, 4*PG, MADV_DONTFORK);
    printf("[rw][sealed r] DONTFORK -> %s; first dc=%d\n", E(r), has_flag(a, "dc"));
    a = cur; cur += 64*PG;
    mapfix(a, 2*PG, PROT_READ|PROT_WRITE, ANON); mapfix(a+2*PG, 2*PG, PROT_READ, ANON); mseal_(a+2*PG, 2*PG);
    r = madvise(a, 4*PG, 102);
    printf("[rw][sealed r] GUARD_INSTALL -> %s; first gu=%d second gu=%d\n", E(r), has_flag(a, "gu"), has_flag(a+2*PG, "gu"));
    /* sealed r with dc already set: no change but EPERM? */
    a = cur; cur += 64*PG;
    mapfix(a, 4*PG, PROT_READ, ANON); madvise(a, 4*PG, MADV_DONTFORK); mseal_(a, 4*PG);
    r = madvise(a, 4*PG, MADV_DONTFORK);
    printf("sealed r already dc, DONTFORK -> %s\n", E(r));
    /* sealed + hole: hole first then sealed */
    a = cur; cur += 64*PG;
    mapfix(a+2*PG, 2*PG, PROT_READ, ANON); mseal_(a+2*PG, 2*PG);
    r = madvise(a, 4*PG, MADV_DONTNEED);
    printf("[hole][sealed r] DONTNEED -> %s\n", E(r));
    /* sealed WIPEONFORK on sealed shared anon r: EPERM or EINVAL? shared anon is not anonymous */
    a = cur; cur += 64*PG;
    mapfix(a, 4*PG, PROT_READ, MAP_SHARED|MAP_ANONYMOUS); mseal_(a, 4*PG);
    r = madvise(a, 4*PG, MADV_WIPEONFORK);
    printf("sealed shared-anon r WIPEONFORK -> %s\n", E(r));
    return 0;
}
