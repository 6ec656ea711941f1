#include "pic.h"
static int max;
static long filled;
static char *fillbase = BASE + (1UL << 29);
static int count_maps(void) {
    FILE *f = fopen("/proc/self/maps", "r"); char line[512]; int n = 0;
    while (fgets(line, sizeof line, f)) if (!strstr(line, "[vsyscall]")) n++;
    fclose(f); return n;
}
static void set_count(int target) {
    int mc = count_maps();
    while (mc < target) { mapfix(fillbase + 2*filled*PG, PG, PROT_READ, ANON); filled++; mc++; }
    while (mc > target) { filled--; munmap(fillbase + 2*filled*PG, PG); mc--; }
}
static void setup(void) { munmap(BASE, 64*PG); mapfix(P(0), 4*PG, RW, ANON); mapfix(P(4), PG, PROT_NONE, ANON); }
/* run op at map_count = max - k (count taken with the setup in place) */
#define AT(k, desc, expr) do { setup(); set_count(max - (k)); int before = count_maps(); void *r_ = (expr); \
    printf("  max-%d %-50s -> %s (count after %d)\n", k, desc, r_ == MAP_FAILED ? strerror(errno) : "ok", count_maps() - 0); (void)before; } while (0)
int main(void) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    FILE *f = fopen("/proc/sys/vm/max_map_count", "r"); fscanf(f, "%d", &max); fclose(f);
    printf("max %d\n", max);
    for (int k = 7; k >= 4; k--) AT(k, "FIXED move whole", mremap(P(0), 4*PG, 4*PG, MREMAP_MAYMOVE|MREMAP_FIXED, P(32)));
    for (int k = 6; k >= 3; k--) AT(k, "MAYMOVE grow (forced move)", mremap(P(0), 4*PG, 8*PG, MREMAP_MAYMOVE));
    for (int k = 6; k >= 3; k--) AT(k, "DONTUNMAP no FIXED", mremap(P(0), 4*PG, 4*PG, MREMAP_MAYMOVE|MREMAP_DONTUNMAP, 0));
    AT(5, "FIXED move of unmapped source (ENOMEM before EFAULT?)", mremap(P(20), 4*PG, 4*PG, MREMAP_MAYMOVE|MREMAP_FIXED, P(32)));
    AT(5, "FIXED overlapping (EINVAL before ENOMEM?)", mremap(P(0), 4*PG, 4*PG, MREMAP_MAYMOVE|MREMAP_FIXED, P(2)));
    AT(5, "FIXED unmapped src, DONTUNMAP size change", mremap(P(20), 4*PG, 8*PG, MREMAP_MAYMOVE|MREMAP_DONTUNMAP, 0));
    AT(4, "MAYMOVE grow of unmapped source", mremap(P(20), 4*PG, 8*PG, MREMAP_MAYMOVE));
    AT(0, "grow in place at max (after unmapping blocker)", (munmap(P(4), PG), set_count(max), mremap(P(0), 4*PG, 8*PG, 0)));
    AT(0, "shrink needing 3-way split at max", mremap(P(1), 2*PG, 1*PG, 0));
    AT(1, "shrink needing 3-way split at max-1", mremap(P(1), 2*PG, 1*PG, 0));
    AT(0, "shrink tail at max", mremap(P(0), 4*PG, 1*PG, 0));
    AT(0, "no-op at max", mremap(P(0), 4*PG, 4*PG, MREMAP_MAYMOVE));
    AT(-1, "no-op at max+1", mremap(P(0), 4*PG, 4*PG, MREMAP_MAYMOVE));
    AT(4, "MAYMOVE partial move from middle (needs 3-way) grow", mremap(P(1), 2*PG, 3*PG, MREMAP_MAYMOVE));
    AT(4, "FIXED shrink+move needing splits max-4", mremap(P(1), 2*PG, 1*PG, MREMAP_MAYMOVE|MREMAP_FIXED, P(32)));
    AT(6, "FIXED shrink+move needing splits max-6", mremap(P(1), 2*PG, 1*PG, MREMAP_MAYMOVE|MREMAP_FIXED, P(32)));
    set_count(0);
    munmap(BASE, WIN);
    return 0;
}
