#include "ph.h"
static unsigned long sb;
static long rss_of(unsigned long a) {
	int fd = open("/proc/self/smaps", O_RDONLY); int n = 0, r; while ((r = read(fd, sm + n, sizeof sm - 1 - n)) > 0) n += r; close(fd); sm[n] = 0;
	char hdr[32]; snprintf(hdr, sizeof hdr, "%lx-", a); char *p = strstr(sm, hdr); if (!p) return -1; p = strstr(p, "\nRss:"); return atol(p + 5);
}
static void b_locked(void) {
	long d0 = status_kb("VmData:");
	mlockall(MCL_FUTURE);
	BRK(sb + 3 * PG);
	say("locked heap Rss %ld kB, VmData delta %ld kB, VmLck %ld\n", rss_of(sb), status_kb("VmData:") - d0, status_kb("VmLck:"));
	BRK(sb + PG);
	say("after shrink VmLck %ld VmData delta %ld\n", status_kb("VmLck:"), status_kb("VmData:") - d0);
}
static void b_unlocked(void) {
	BRK(sb + 3 * PG);
	say("unlocked heap Rss %ld kB\n", rss_of(sb));
}
int main(void) { sb = BRK(0); run("locked", b_locked); run("unlocked", b_unlocked); return 0; }
