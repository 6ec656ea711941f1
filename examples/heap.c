// SPDX-License-Identifier: MIT
/*
 * The program recorded in examples/heap.strace (see its header): the heap
 * through malloc and brk, mremap (realloc of an mmap'd chunk, a shrink,
 * growth in place, a fixed move, a move), madvise, the mlock family and
 * mseal, with a failure of each.  It writes nothing, so that every call
 * in the trace is one of these.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PG 4096UL

int main(void)
{
	char *small, *big, *a, *b, *s, *m;
	char *start, *top;

	/* glibc's first malloc: brk(NULL), then a 132 KiB heap */
	start = sbrk(0);
	small = malloc(100);
	memset(small, 1, 100);
	/* an unaligned break, then a shrink by sbrk */
	top = sbrk(0);
	sbrk(5000);
	sbrk(-3000);
	syscall(SYS_brk, 0x1000);		/* below start_brk: old break */
	/* a 256 KiB malloc is an mmap; realloc moves it with mremap */
	big = malloc(256 << 10);
	big = realloc(big, 1 << 20);
	m = (char *)((unsigned long)big & ~(PG - 1));
	/* a shrink, then in-place growth into the freed space */
	a = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mremap(a, 4 * PG, 2 * PG, 0);
	mremap(a, 2 * PG, 3 * PG, 0);
	b = mmap(NULL, 8 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mremap(b, PG, 2 * PG, 0);		/* the next area blocks: ENOMEM */
	mremap(a, 3 * PG, 0, 0);		/* EINVAL */
	mremap(a, 2 * PG, 2 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, b + 2 * PG);
	mremap(a + 2 * PG, PG, 2 * PG, MREMAP_MAYMOVE);	/* moves */
	mremap(a + 1, PG, PG, 0);		/* EINVAL */
	/* madvise: flag advice splits, page advice does not */
	madvise(m, 64 << 10, MADV_DONTFORK);
	madvise(m + (64 << 10), 64 << 10, MADV_DONTDUMP);
	madvise(m + (128 << 10), 64 << 10, MADV_DONTDUMP);	/* merges */
	madvise(m, 32 << 10, MADV_DONTNEED);
	madvise(m, PG, MADV_WILLNEED);
	madvise(m + (512 << 10), PG, 102);	/* MADV_GUARD_INSTALL */
	madvise(m + (512 << 10), PG, 103);	/* MADV_GUARD_REMOVE */
	madvise(m, PG, 104);			/* EINVAL */
	madvise(big, PG, MADV_NORMAL);		/* unaligned: EINVAL */
	/* from the last page of m over a hole into b: both ends get the
	 * advice, then ENOMEM */
	madvise(m + (1 << 20), b + PG - (m + (1 << 20)), MADV_RANDOM);
	/* the mlock family: no alignment needed */
	mlock(small, 100);
	munlock(small, 100);
	syscall(SYS_mlock2, big + 100, 3 * PG, MLOCK_ONFAULT);
	munlock(big, 4 * PG);
	mlock(b, PG);				/* PROT_NONE: ENOMEM */
	mlockall(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT);
	s = malloc(200 << 10);			/* MCL_FUTURE: locked */
	memset(s, 2, 16);
	munlockall();
	mlockall(MCL_ONFAULT);			/* EINVAL */
	/* mseal: sealed areas refuse munmap and mprotect */
	syscall(462, b + 6 * PG, 2 * PG, 0);
	munmap(b + 6 * PG, PG);
	mprotect(b + 7 * PG, PG, PROT_READ);
	syscall(462, b + 6 * PG, PG, 1);	/* EINVAL */
	/* the heap trimmed back, then to one page */
	free(small);
	syscall(SYS_brk, top);
	syscall(SYS_brk, start + 100);
	(void)s;
	return 0;
}
