#include "probe.h"
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif
#ifndef MADV_POPULATE_READ
#define MADV_POPULATE_READ 22
#define MADV_POPULATE_WRITE 23
#endif
#ifndef MADV_DONTNEED_LOCKED
#define MADV_DONTNEED_LOCKED 24
#endif
#define GI 102
#define GR 103
#ifndef MAP_DROPPABLE
#define MAP_DROPPABLE 0x08
#endif
static const char *E(int r){ static char b[8][64]; static int i; i=(i+1)&7; snprintf(b[i],64,"%s", r ? strerror(errno) : "ok"); return b[i]; }
static void fl(const char *tag, void *p){ char b[256]; vmflags(p,b,sizeof b); printf("   %s: [%s]\n", tag, b); }
static int mseal_(void *p, size_t l){ return syscall(462, p, l, 0); }
static int tfile(size_t size){ int fd=open("/tmp/mp/tf", O_RDWR|O_CREAT, 0644); ftruncate(fd, size); return fd; }
