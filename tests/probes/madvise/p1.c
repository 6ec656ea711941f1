#include "mh.h"
/* 1: validity of each advice value, check order */
int main(void) {
    char *a = BASE; setvbuf(stdout, NULL, _IOLBF, 0); reset_window();
    mapfix(a, 8*PG, PROT_READ|PROT_WRITE, ANON);
    printf("validity with len 0 (0=valid):");
    for (int adv = -2; adv < 130; adv++) {
        int r = madvise(a, 0, adv);
        if (r) continue;
        printf(" %d", adv);
    }
    printf("\n");
    printf("valid adv, unaligned, len 0: %s\n", E(madvise(a+1, 0, MADV_NORMAL)));
    printf("invalid adv, unaligned: %s\n", E(madvise(a+1, PG, 999)));
    printf("len=-1 (rounds to 0): %s\n", E(madvise(a, (size_t)-1, MADV_NORMAL)));
    printf("len=-PG wrap: %s\n", E(madvise(a, (size_t)-PG, MADV_NORMAL)));
    printf("start+len == 2^64 exact: %s\n", E(madvise((void*)(-16*PG), 16*PG, MADV_NORMAL)));
    printf("start+len == 2^64-PG: %s\n", E(madvise((void*)(-16*PG), 15*PG, MADV_NORMAL)));
    printf("len 0 at unmapped aligned: %s\n", E(madvise(a+100*PG, 0, MADV_DONTFORK)));
    printf("len 1 unaligned len on mapped: %s\n", E(madvise(a, 1, MADV_DONTFORK)));
    dump_maps(a, a+WIN);
    printf("hole only: %s\n", E(madvise(a+100*PG, PG, MADV_DONTFORK)));
    printf("hole only DONTNEED: %s\n", E(madvise(a+100*PG, PG, MADV_DONTNEED)));
    printf("hole only POPULATE_READ: %s\n", E(madvise(a+100*PG, PG, MADV_POPULATE_READ)));
    printf("hole only GUARD_INSTALL: %s\n", E(madvise(a+100*PG, PG, 102)));
    printf("hole only COLLAPSE: %s\n", E(madvise(a+100*PG, PG, MADV_COLLAPSE)));
    printf("invalid value 26 len0 unaligned: %s\n", E(madvise(a+1, 0, 26)));
    printf("kernel addr: %s\n", E(madvise((void*)0xffff800000000000UL, PG, MADV_NORMAL)));
    printf("HWPOISON on mapped: %s\n", E(madvise(a, PG, 100)));
    reset_window();
    return 0;
}
