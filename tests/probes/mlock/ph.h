#include "/work/shared/reference/kernel-probes/probe.h"
#include <grp.h>
#ifndef MAP_DROPPABLE
#define MAP_DROPPABLE 0x08
#endif
#define RAW(expr) ({ long _r = (long)(expr); _r == -1 ? -(long)errno : 0; })
#define RAWP(expr) ({ void *_p = (expr); _p == MAP_FAILED ? -(long)errno : 0; })
static const char *en(long r) { static char b[64]; if (!r) return "ok"; snprintf(b, sizeof b, "%s", strerrorname_np(-r)); return b; }
static long vmlck(void) { FILE *f = fopen("/proc/self/status", "r"); char l[256]; long v = -1;
  while (fgets(l, sizeof l, f)) if (!strncmp(l, "VmLck:", 6)) v = atol(l + 6); fclose(f); return v / 4; }
/* picture: letter per VMA, upper case when Anonymous > 0 */
static char *PBASE = BASE;
static const char *pic(int n) {
  static char b[256]; int letter = -1; unsigned long last = 0;
  for (int i = 0; i < n; i++) {
    unsigned long ad = (unsigned long)PBASE + i * PG;
    FILE *f = fopen("/proc/self/maps", "r"); char line[512]; unsigned long s = 0, e = 0; int found = 0;
    while (fgets(line, sizeof line, f)) { sscanf(line, "%lx-%lx", &s, &e); if (ad >= s && ad < e) { found = 1; break; } }
    fclose(f);
    if (!found) { b[i] = '.'; continue; }
    if (s != last) { letter++; last = s; }
    long an = smaps_field((void *)ad, "Anonymous");
    b[i] = (an > 0 ? 'A' : 'a') + letter;
  }
  b[n] = 0; return b;
}
static const char *fl(int pg) { static char b[512]; vmflags(PBASE + pg * PG, b, sizeof b); return b; }
#define P(fmt, ...) printf(fmt "\n", ##__VA_ARGS__)
#define mlock2(a, l, f) RAW(syscall(SYS_mlock2, a, l, f))
#define mseal(a, l, f) RAW(syscall(462, a, l, f))
