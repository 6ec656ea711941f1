// SPDX-License-Identifier: MIT
/*
 * A process for the pmap golden tests: it makes one area of each kind
 * pmap names differently, says "ready" on stdout and waits to be killed.
 * Built static by the tests so that no mapping is shared with the
 * observer, whose own libc and locale mappings would move the PSS values.
 *
 *   fixture all DIR      anonymous, PROT_NONE, shared anonymous, private
 *                        and shared files, a deleted file, memfd, SysV
 *                        shm, locked memory, heap, a thread stack, a
 *                        name with spaces
 *   fixture hostile DIR  files named with a newline, a tab, ESC, invalid
 *                        and valid UTF-8, a C1 control, " (deleted)",
 *                        and a path > 1 KiB
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#define PG 4096

static void *map_file(const char *path, size_t len, int flags, int keep)
{
	char buf[PG];
	void *p;
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0) {
		perror(path);
		exit(1);
	}
	memset(buf, 'x', sizeof(buf));
	for (size_t i = 0; i < len; i += PG)
		if (write(fd, buf, PG) != PG)
			exit(1);
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, fd, 0);
	if (p == MAP_FAILED)
		exit(1);
	((volatile char *)p)[0];
	if (!keep)
		close(fd);
	return p;
}

static void *thread_main(void *arg)
{
	pause();
	return arg;
}

static void all(const char *dir)
{
	char path[4096];
	pthread_t t;
	char *p;
	int fd, id;

	p = mmap(NULL, 16 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(p, 1, 8 * PG);
	mmap(NULL, 4 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	p = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	memset(p, 2, 2 * PG);
	snprintf(path, sizeof(path), "%s/private.dat", dir);
	p = map_file(path, 3 * PG, MAP_PRIVATE, 0);
	p[PG] = 1;
	snprintf(path, sizeof(path), "%s/shared.dat", dir);
	p = map_file(path, 5 * PG, MAP_SHARED, 0);
	p[0] = 1;
	snprintf(path, sizeof(path), "%s/deleted.dat", dir);
	map_file(path, 2 * PG, MAP_SHARED, 0);
	unlink(path);
	snprintf(path, sizeof(path), "%s/with some spaces.dat", dir);
	map_file(path, PG, MAP_PRIVATE, 0);
	fd = memfd_create("fixture-memfd", 0);
	if (fd >= 0 && ftruncate(fd, 6 * PG) == 0) {
		p = mmap(NULL, 6 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
			 0);
		memset(p, 3, PG);
	}
	id = shmget(IPC_PRIVATE, 7 * PG, IPC_CREAT | 0600);
	if (id >= 0) {
		p = shmat(id, NULL, 0);
		if (p != (void *)-1)
			memset(p, 4, PG);
		shmctl(id, IPC_RMID, NULL);	/* gone when we exit */
	}
	p = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mlock(p, 3 * PG);
	p = malloc(200 * 1024);	/* below the mmap threshold: the heap */
	memset(p, 5, 100 * 1024);
	pthread_create(&t, NULL, thread_main, NULL);
}

static void hostile(const char *dir)
{
	static const char *const names[] = {
		"new\nline.dat", "tab\there.dat", "esc\033[31mRED\033[0m.dat",
		"bad\xff\xfeutf.dat", "\xc3\xa9t\xc3\xa9-\xe2\x82\xac.dat",
		"x (deleted)", "c1\xc2\x9b" "31m.dat",
	};
	char path[4096], *p;
	size_t n;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		map_file(path, PG, MAP_PRIVATE, 0);
	}
	/* a path of about 1.5 KiB: nested directories of 200 characters,
	 * starting with hex digits as the worst case of procps's B1 */
	n = (size_t)snprintf(path, sizeof(path), "%s", dir);
	for (int d = 0; d < 7; d++) {
		path[n++] = '/';
		memset(path + n, d & 1 ? 'k' : 'a', 200);
		n += 200;
		path[n] = '\0';
		mkdir(path, 0700);
	}
	snprintf(path + n, sizeof(path) - n, "/long.dat");
	p = map_file(path, 2 * PG, MAP_SHARED, 0);
	(void)p;
}

int main(int argc, char **argv)
{
	if (argc < 3)
		return 2;
	if (!strcmp(argv[1], "all"))
		all(argv[2]);
	else if (!strcmp(argv[1], "hostile"))
		hostile(argv[2]);
	fputs("ready\n", stdout);
	fflush(stdout);
	for (;;)
		pause();
}
