#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <sys/personality.h>
#include <setjmp.h>
#include <signal.h>
#define PG 4096UL
static char ob[1 << 16]; static int ol;
static void say(const char *fmt, ...) __attribute__((format(printf,1,2)));
#include <stdarg.h>
static void say(const char *fmt, ...) { va_list ap; va_start(ap, fmt); ol += vsnprintf(ob + ol, sizeof ob - ol, fmt, ap); va_end(ap); }
static void flush(void) { write(1, ob, ol); ol = 0; }
static char sm[1 << 20];
/* print areas intersecting [lo,hi) relative to base in pages, with VmFlags */
static void pic(const char *tag, unsigned long base, unsigned long lo, unsigned long hi) {
	int fd = open("/proc/self/smaps", O_RDONLY); int n = 0, r;
	while ((r = read(fd, sm + n, sizeof sm - 1 - n)) > 0) n += r;
	close(fd); sm[n] = 0;
	say("  %s:\n", tag);
	int in = 0;
	for (char *l = sm; *l; ) {
		char *e = strchr(l, '\n'); *e = 0;
		unsigned long s, en; char perms[8];
		if (sscanf(l, "%lx-%lx %7s", &s, &en, perms) == 3 && strchr(l, '-') < strchr(l, ' ')) {
			in = en > lo && s < hi;
			if (in) { const char *nm = strlen(l) > 73 ? l + 73 : ""; say("    %+ld..%+ld %s %s", (long)(s - base) / (long)PG, (long)(en - base) / (long)PG, perms, nm); }
		} else if (in && !strncmp(l, "VmFlags:", 8)) say("  |%s\n", l + 8);
		l = e + 1;
	}
}
static long status_kb(const char *f) {
	int fd = open("/proc/self/status", O_RDONLY); int n = read(fd, sm, sizeof sm - 1); close(fd); sm[n] = 0;
	char *p = strstr(sm, f); return p ? atol(p + strlen(f) + 1) : -1;
}
#define BRK(x) ((unsigned long)syscall(SYS_brk, (x)))
static void run(const char *name, void (*fn)(void)) {
	pid_t p = fork();
	if (!p) { say("[%s]\n", name); fn(); flush(); _exit(0); }
	int st; waitpid(p, &st, 0);
	if (!WIFEXITED(st)) { printf("[%s] child died sig %d\n", name, WTERMSIG(st)); }
}
