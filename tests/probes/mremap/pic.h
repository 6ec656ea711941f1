#include "probe.h"
#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4
#endif
#define P(n) (BASE + (size_t)(n) * PG)
#define RW (PROT_READ|PROT_WRITE)
/* picture of pages [0,n) of BASE: letter per VMA, '.' hole */
static const char *pic(unsigned n) {
    static char buf[1100]; unsigned long s[4096], e[4096]; int k = 0;
    FILE *f = fopen("/proc/self/maps", "r"); char line[512];
    while (fgets(line, sizeof line, f) && k < 4096) { sscanf(line, "%lx-%lx", &s[k], &e[k]); k++; }
    fclose(f);
    int letter = -1, last = -1;
    for (unsigned i = 0; i < n; i++) {
        unsigned long a = (unsigned long)P(i); int j, hit = -1;
        for (j = 0; j < k; j++) if (a >= s[j] && a < e[j]) { hit = j; break; }
        if (hit < 0) { buf[i] = '.'; continue; }
        if (hit != last) { letter++; last = hit; }
        buf[i] = 'a' + letter % 26;
    }
    buf[n] = 0; return buf;
}
static long status_kb(const char *key) {
    FILE *f = fopen("/proc/self/status", "r"); char line[256]; long v = -1; size_t l = strlen(key);
    while (fgets(line, sizeof line, f)) if (!strncmp(line, key, l) && line[l] == ':') v = atol(line + l + 1);
    fclose(f); return v;
}
static long meminfo_kb(const char *key) {
    FILE *f = fopen("/proc/meminfo", "r"); char line[256]; long v = -1; size_t l = strlen(key);
    while (fgets(line, sizeof line, f)) if (!strncmp(line, key, l) && line[l] == ':') v = atol(line + l + 1);
    fclose(f); return v;
}
static void flags(const char *tag, void *a) { char b[256]; vmflags(a, b, sizeof b); printf("  %s VmFlags:%s\n", tag, b); }
#define R(expr) ({ void *r_ = (expr); r_ == MAP_FAILED ? printf("  -> %s\n", strerror(errno)) : printf("  -> %s\n", r_ == MAP_FAILED ? "" : (r_ >= (void*)BASE && r_ < (void*)(BASE+WIN)) ? ({static char b[32]; snprintf(b, 32, "P(%ld)", ((char*)r_-BASE)/(long)PG); b;}) : "elsewhere"); r_; })
