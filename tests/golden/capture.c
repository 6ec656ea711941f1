// SPDX-License-Identifier: MIT
/*
 * How the maps/smaps goldens of this directory were made (not built by
 * the Makefile: the goldens are data, captured once on the reference
 * machine, Linux 6.18 x86_64, as root):
 *
 *   cc -O1 -o /tmp/capture tests/golden/capture.c
 *   /tmp/capture tests/golden/zoo
 *   cat /proc/self/maps  > tests/golden/cat.maps
 *   cat /proc/self/smaps > tests/golden/cat.smaps
 *
 * The process maps one of every kind of area the printer must get right,
 * then saves its own /proc/self/maps and /proc/self/smaps as PREFIX.maps
 * and PREFIX.smaps.  Mappings that this kernel refuses are skipped.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define PG 4096UL
#define BASE ((char *)0x100000000UL)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED)

static void save(const char *src, const char *prefix, const char *ext)
{
	static char buf[1 << 22];
	char path[4096];
	size_t n = 0;
	ssize_t r;
	int in = open(src, O_RDONLY);
	FILE *out;

	/* one buffer, filled before writing, so the snapshot is coherent */
	while (in >= 0 && (r = read(in, buf + n, sizeof(buf) - n)) > 0)
		n += (size_t)r;
	close(in);
	snprintf(path, sizeof(path), "%s.%s", prefix, ext);
	out = fopen(path, "w");
	if (!out) {
		perror(path);
		exit(1);
	}
	fwrite(buf, 1, n, out);
	fclose(out);
}

static int tmpfile_of(const char *path, size_t size)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (fd < 0 || ftruncate(fd, (off_t)size)) {
		perror(path);
		exit(1);
	}
	return fd;
}

int main(int argc, char **argv)
{
	const char *prefix = argc > 1 ? argv[1] : "zoo";
	const char *weird = "/dev/shm/vms we ird\nname";
	char *a = BASE, *p;
	int fd, pk;

	/* an address below 2^32: only 8 hex digits */
	mmap((void *)0x10000UL, PG, PROT_READ, ANON | MAP_FIXED_NOREPLACE,
	     -1, 0);
	/* anonymous private, touched: Rss, Anonymous, Private_Dirty */
	p = mmap(a, 16 * PG, PROT_READ | PROT_WRITE, ANON, -1, 0);
	memset(p, 1, 5 * PG);
	mmap(a + 17 * PG, PG, PROT_NONE, ANON, -1, 0);
	mmap(a + 19 * PG, PG, PROT_READ | PROT_WRITE | PROT_EXEC, ANON, -1, 0);
	/* shared anonymous: /dev/zero (deleted), rw and read-only */
	p = mmap(a + 21 * PG, 2 * PG, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	p[0] = 1;
	mmap(a + 24 * PG, PG, PROT_READ, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED,
	     -1, 0);
	/* a deleted file */
	fd = tmpfile_of("/dev/shm/vms-deleted", 4 * PG);
	mmap(a + 26 * PG, 2 * PG, PROT_READ | PROT_WRITE,
	     MAP_SHARED | MAP_FIXED, fd, PG);
	unlink("/dev/shm/vms-deleted");
	/* a newline and spaces in a file name */
	fd = tmpfile_of(weird, PG);
	mmap(a + 29 * PG, PG, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 0);
	/* a read-only fd shared: 's' without SHARED */
	fd = open("/etc/passwd", O_RDONLY);
	mmap(a + 31 * PG, PG, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 0);
	mmap(a + 33 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
	/* memfd */
	fd = (int)syscall(SYS_memfd_create, "vms-memfd", 0);
	if (fd >= 0 && !ftruncate(fd, PG))
		mmap(a + 35 * PG, PG, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_FIXED, fd, 0);
	/* a huge file offset: 16 hex digits */
	fd = tmpfile_of("/dev/shm/vms-far", PG);
	mmap(a + 37 * PG, PG, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd,
	     (off_t)1 << 60);
	/* MAP_GROWSDOWN, locked, lock-on-fault, noreserve, droppable */
	mmap(a + 39 * PG, 2 * PG, PROT_READ | PROT_WRITE, ANON | MAP_GROWSDOWN,
	     -1, 0);
	mmap(a + 42 * PG, 2 * PG, PROT_READ | PROT_WRITE, ANON | MAP_LOCKED,
	     -1, 0);
	p = mmap(a + 45 * PG, 2 * PG, PROT_READ | PROT_WRITE, ANON, -1, 0);
	syscall(SYS_mlock2, p, 2 * PG, 1 /* MLOCK_ONFAULT */);
	mmap(a + 48 * PG, PG, PROT_READ | PROT_WRITE, ANON | MAP_NORESERVE,
	     -1, 0);
	mmap(a + 50 * PG, PG, PROT_READ | PROT_WRITE, 0x08 | MAP_ANONYMOUS |
	     MAP_FIXED, -1, 0);
	/* madvise bits */
	p = mmap(a + 52 * PG, PG, PROT_READ | PROT_WRITE, ANON, -1, 0);
	madvise(p, PG, MADV_DONTFORK);
	madvise(p, PG, MADV_DONTDUMP);
	madvise(p, PG, MADV_WIPEONFORK);
	madvise(p, PG, MADV_RANDOM);
	p = mmap(a + 54 * PG, PG, PROT_READ | PROT_WRITE, ANON, -1, 0);
	madvise(p, PG, MADV_SEQUENTIAL);
	madvise(p, PG, MADV_NOHUGEPAGE);
	/* guard pages: the sticky "gu" flag */
	p = mmap(a + 56 * PG, 4 * PG, PROT_READ | PROT_WRITE, ANON, -1, 0);
	madvise(p + PG, PG, 102 /* MADV_GUARD_INSTALL */);
	/* sealed */
	p = mmap(a + 61 * PG, PG, PROT_READ, ANON, -1, 0);
	syscall(462 /* mseal */, p, PG, 0);
	/* a THP: 2 MiB aligned, MADV_HUGEPAGE, written */
	p = mmap((char *)0x200000000UL, 4UL << 20, PROT_READ | PROT_WRITE,
		 ANON, -1, 0);
	madvise(p, 4UL << 20, MADV_HUGEPAGE);
	memset(p, 1, 2UL << 20);
	/* hugetlb without pages: NORESERVE maps anyway */
	mmap((char *)0x240000000UL, 2UL << 20, PROT_READ | PROT_WRITE,
	     ANON | MAP_HUGETLB | MAP_NORESERVE, -1, 0);
	/* a protection key, when the CPU has them */
	pk = (int)syscall(SYS_pkey_alloc, 0, 0);
	if (pk > 0) {
		p = mmap(a + 63 * PG, PG, PROT_READ | PROT_WRITE, ANON, -1, 0);
		syscall(SYS_pkey_mprotect, p, PG, PROT_READ | PROT_WRITE, pk);
	}
	/* the heap: grow it past its first page */
	p = malloc(300000);
	memset(p, 0, 300000);

	save("/proc/self/maps", prefix, "maps");
	save("/proc/self/smaps", prefix, "smaps");
	unlink(weird);
	unlink("/dev/shm/vms-far");
	return 0;
}
