// SPDX-License-Identifier: MIT
/*
 * The kernel executor of the differential harness.
 *
 * Calls run in a helper: this same binary, re-executed with
 * personality(ADDR_NO_RANDOMIZE) as `setarch -R` does, so that its
 * mmap_base is computable (fork would inherit the parent's random base,
 * and inherited faulted areas would be fork children, which refuse
 * merges the model could not predict).  The helper prepares its fds,
 * unmaps the test window, reports ready, then serves calls from a pipe.
 *
 * While serving, the helper must not change its own layout: the serving
 * loop allocates nothing and makes raw `syscall` instructions without
 * sanitizer instrumentation, so it keeps working even when a call has
 * unmapped libc or the sanitizer runtime.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/diff.h"

/* The helper's fixed fds: pipes far above what a scenario opens. */
#define REQ_FD	100
#define RSP_FD	101

const struct diff_fd diff_fds[] = {
	{ 10, DIFF_FILE_A, O_RDWR, 0 },
	{ 11, DIFF_FILE_A, O_RDWR, 1 },		/* a second open: no merge */
	{ 12, DIFF_FILE_A, O_RDWR, 0 },		/* dup of 10: merges */
	{ 13, DIFF_FILE_B, O_RDWR, 2 },
	{ 14, DIFF_FILE_A, O_RDONLY, 3 },	/* EACCES on shared writable */
	{ 15, DIFF_DIR, O_RDONLY | O_DIRECTORY, 4 },	/* ENODEV */
	{ 16, DIFF_FILE_B, O_WRONLY, 5 },	/* EACCES always */
};
const size_t diff_nfds = sizeof(diff_fds) / sizeof(diff_fds[0]);

struct diff_req {
	int32_t sc;
	int32_t nargs;
	uint64_t arg[VMS_SC_MAXARGS];
	char path[256];
};

uint64_t diff_mmap_base(uint64_t rlimit_stack)
{
	/* arch/x86/mm/mmap.c: mmap_base() without randomisation */
	uint64_t gap = rlimit_stack, pad = 1ULL << 20;
	uint64_t gap_min = 128ULL << 20, gap_max = DIFF_TASK_SIZE / 6 * 5;

	if (gap + pad > gap)
		gap += pad;
	if (gap < gap_min)
		gap = gap_min;
	else if (gap > gap_max)
		gap = gap_max;
	return (DIFF_TASK_SIZE - gap + DIFF_PAGE - 1) & ~(DIFF_PAGE - 1);
}

/* ---- temporary files ---- */

static int make_file(const char *path, uint64_t size)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return -errno;
	if (ftruncate(fd, (off_t)size) < 0) {
		int e = -errno;

		close(fd);
		return e;
	}
	close(fd);
	return 0;
}

int diff_files_create(char paths[DIFF_NPATHS][256])
{
	char dir[] = "/tmp/vmspace-diff-XXXXXX";
	int err;

	if (!mkdtemp(dir))
		return -errno;
	snprintf(paths[DIFF_DIR], 256, "%s", dir);
	snprintf(paths[DIFF_FILE_A], 256, "%s/a", dir);
	snprintf(paths[DIFF_FILE_B], 256, "%s/b", dir);
	err = make_file(paths[DIFF_FILE_A], DIFF_FILE_SIZE);
	if (!err)
		err = make_file(paths[DIFF_FILE_B], DIFF_FILE_SIZE);
	return err;
}

void diff_files_remove(char paths[DIFF_NPATHS][256])
{
	unlink(paths[DIFF_FILE_A]);
	unlink(paths[DIFF_FILE_B]);
	rmdir(paths[DIFF_DIR]);
}

int diff_scenario_files(void)
{
	int err = make_file(DIFF_SCN_FILE, DIFF_FILE_SIZE);

	return err ? err : make_file(DIFF_SCN_FILE2, DIFF_FILE_SIZE);
}

/* ---- the helper ---- */

#define NOSAN __attribute__((no_sanitize("address", "undefined")))

#if defined(__x86_64__)
static inline NOSAN long raw6(long n, long a1, long a2, long a3, long a4,
			      long a5, long a6)
{
	register long r10 __asm__("r10") = a4;
	register long r8 __asm__("r8") = a5;
	register long r9 __asm__("r9") = a6;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a1), "S"(a2), "d"(a3), "r"(r10),
			   "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}
#else
/* Elsewhere libc's syscall(): fine as long as calls leave libc mapped. */
static long raw6(long n, long a1, long a2, long a3, long a4, long a5, long a6)
{
	long r = syscall(n, a1, a2, a3, a4, a5, a6);

	return r == -1 ? -errno : r;
}
#endif

static struct diff_req helper_req;	/* static: no allocation per call */

static NOSAN long helper_io(int nr, int fd, char *p, long len)
{
	long done = 0;

	while (done < len) {
		long r = raw6(nr, fd, (long)(p + done), len - done, 0, 0, 0);

		if (r == -EINTR)
			continue;
		if (r <= 0)
			return -1;
		done += r;
	}
	return 0;
}

static NOSAN long helper_exec(const struct diff_req *q)
{
	const uint64_t *a = q->arg;

	switch (q->sc) {
	case VMS_SC_MMAP:
		return raw6(SYS_mmap, a[0], a[1], a[2], a[3], a[4], a[5]);
	case VMS_SC_MUNMAP:
		return raw6(SYS_munmap, a[0], a[1], 0, 0, 0, 0);
	case VMS_SC_MPROTECT:
		return raw6(SYS_mprotect, a[0], a[1], a[2], 0, 0, 0);
	case VMS_SC_OPEN:
		return raw6(SYS_openat, AT_FDCWD, (long)q->path, a[1], a[2], 0,
			    0);
	case VMS_SC_OPENAT:
		return raw6(SYS_openat, a[0], (long)q->path, a[2], a[3], 0, 0);
	case VMS_SC_CLOSE:
		return raw6(SYS_close, a[0], 0, 0, 0, 0, 0);
	case VMS_SC_DUP:
		return raw6(SYS_dup, a[0], 0, 0, 0, 0, 0);
	case VMS_SC_DUP2:
		if (q->nargs >= 3)
			return raw6(SYS_dup3, a[0], a[1], a[2], 0, 0, 0);
		return raw6(SYS_dup2, a[0], a[1], 0, 0, 0, 0);
	default:
		return -ENOSYS;
	}
}

static NOSAN __attribute__((noreturn)) void helper_serve(void)
{
	for (;;) {
		long res;

		if (helper_io(SYS_read, REQ_FD, (char *)&helper_req,
			      sizeof(helper_req)) < 0)
			break;
		res = helper_exec(&helper_req);
		if (helper_io(SYS_write, RSP_FD, (char *)&res, sizeof(res)) < 0)
			break;
	}
	raw6(SYS_exit_group, 0, 0, 0, 0, 0, 0);
	for (;;)
		;
}

static void helper_fail(const char *what)
{
	/* stderr is the harness's: the parent sees EOF instead of "ready" */
	fprintf(stderr, "diff helper: %s: %s\n", what, strerror(errno));
	_exit(127);
}

int diff_helper_main(int argc, char **argv)
{
	long ready = 0;
	size_t i;
	int fd;

	/* Only our pipes survive: a scenario's first open gets fd 3. */
	for (fd = 3; fd < REQ_FD; fd++)
		close(fd);
	if (argc >= 5 && strcmp(argv[2], "-") != 0) {
		const char *paths[DIFF_NPATHS] = { argv[2], argv[3], argv[4] };

		for (i = 0; i < diff_nfds; i++) {
			const struct diff_fd *d = &diff_fds[i];
			size_t j;
			int f = -1;

			for (j = 0; j < i; j++)
				if (diff_fds[j].ident == d->ident)
					f = dup(diff_fds[j].fd);
			if (f < 0)
				f = open(paths[d->path], d->oflags);
			if (f < 0)
				helper_fail(paths[d->path]);
			if (f != d->fd) {
				if (dup2(f, d->fd) < 0)
					helper_fail("dup2");
				close(f);
			}
		}
	}
	if (raw6(SYS_munmap, DIFF_WIN_BASE, DIFF_WIN_SIZE, 0, 0, 0, 0) < 0)
		helper_fail("munmap window");
	if (helper_io(SYS_write, RSP_FD, (char *)&ready, sizeof(ready)) < 0)
		helper_fail("ready");
	helper_serve();
}

/* ---- the harness side ---- */

int diff_child_start(struct diff_child *c, const char *self,
		     char paths[DIFF_NPATHS][256])
{
	int req[2], rsp[2];
	long ready;
	ssize_t n;

	signal(SIGPIPE, SIG_IGN);
	if (pipe2(req, O_CLOEXEC) < 0)
		return -errno;
	if (pipe2(rsp, O_CLOEXEC) < 0) {
		close(req[0]);
		close(req[1]);
		return -errno;
	}
	fflush(NULL);
	c->pid = fork();
	if (c->pid < 0) {
		int e = -errno;

		close(req[0]);
		close(req[1]);
		close(rsp[0]);
		close(rsp[1]);
		return e;
	}
	if (c->pid == 0) {
		char *args[6] = { (char *)self, "--helper", "-", NULL, NULL,
				  NULL };
		int pers = personality(0xffffffff);

		if (paths) {
			args[2] = paths[DIFF_FILE_A];
			args[3] = paths[DIFF_FILE_B];
			args[4] = paths[DIFF_DIR];
		}
		if (pers == -1 || personality(pers | ADDR_NO_RANDOMIZE) == -1)
			_exit(126);
		/* dup2 clears close-on-exec on the new fds */
		if (dup2(req[0], REQ_FD) < 0 || dup2(rsp[1], RSP_FD) < 0)
			_exit(126);
		execv(self, args);
		_exit(127);
	}
	close(req[0]);
	close(rsp[1]);
	c->to = req[1];
	c->from = rsp[0];
	n = read(c->from, &ready, sizeof(ready));
	if (n != sizeof(ready)) {
		diff_child_stop(c);
		return -ECHILD;
	}
	return 0;
}

static int full_io(bool wr, int fd, void *buf, size_t len)
{
	size_t done = 0;

	while (done < len) {
		ssize_t r = wr ? write(fd, (char *)buf + done, len - done)
			       : read(fd, (char *)buf + done, len - done);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -EPIPE;
		done += (size_t)r;
	}
	return 0;
}

int diff_child_call(struct diff_child *c, const struct vms_scall *call,
		    int64_t *res)
{
	struct diff_req q;
	long r;

	memset(&q, 0, sizeof(q));
	q.sc = call->sc;
	q.nargs = call->nargs;
	memcpy(q.arg, call->arg, sizeof(q.arg));
	if (call->path)
		snprintf(q.path, sizeof(q.path), "%s", call->path);
	if (full_io(true, c->to, &q, sizeof(q)) < 0 ||
	    full_io(false, c->from, &r, sizeof(r)) < 0)
		return -EPIPE;
	*res = r;
	return 0;
}

int diff_child_read(struct diff_child *c, const char *what, char **text,
		    size_t *len)
{
	char path[64];
	size_t cap = 1 << 16, n = 0;
	char *buf;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)c->pid, what);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	buf = malloc(cap);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		ssize_t r;

		if (cap - n < 4096) {
			char *nb = realloc(buf, cap * 2);

			if (!nb) {
				free(buf);
				close(fd);
				return -ENOMEM;
			}
			buf = nb;
			cap *= 2;
		}
		r = read(fd, buf + n, cap - n - 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = -errno;

			free(buf);
			close(fd);
			return e;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	buf[n] = '\0';
	*text = buf;
	*len = n;
	return 0;
}

void diff_child_stop(struct diff_child *c)
{
	if (c->pid <= 0)
		return;
	close(c->to);
	close(c->from);
	kill(c->pid, SIGKILL);
	while (waitpid(c->pid, NULL, 0) < 0 && errno == EINTR)
		;
	c->pid = 0;
}
