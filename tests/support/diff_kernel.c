// SPDX-License-Identifier: MIT
/*
 * The kernel executor of the differential harness.
 *
 * Calls run in a helper: build-san/tests/diff_child, a static program
 * without libc or sanitizers (tests/support/diff_child/child.c), started
 * by fork and exec with personality(ADDR_NO_RANDOMIZE) as `setarch -R`
 * does, so that its mmap_base is computable (a plain fork would inherit
 * the parent's random base, and inherited faulted areas would be fork
 * children, which refuse merges the model could not predict).  The
 * forked child sets up the fds before the exec; the helper reports
 * ready, then serves raw system calls from a pipe (diff_proto.h).
 *
 * The helper is not the test binary re-executed: the sanitizer runtime
 * keeps faulted anonymous areas around mmap_base, right where the kernel
 * places mmap(NULL) calls, and a snapshot cannot say which of them share
 * an anon_vma, so the model would guess their merges.  The helper's own
 * layout is its few file pages, [stack], [vvar]/[vdso] and [vsyscall].
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
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
#include "support/diff_proto.h"

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
	/* the unprivileged helper (uid 65534) may open them too */
	if (fchmod(fd, 0666) < 0 || ftruncate(fd, (off_t)size) < 0) {
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

/*
 * In the forked child, before the exec: only the pipes (on DIFF_REQ_FD
 * and DIFF_RSP_FD) and the files of diff_fds survive, so a scenario's
 * first open gets fd 3.  Failures go to the harness's stderr; the parent
 * then sees EOF instead of "ready".
 */
static __attribute__((noreturn)) void prep_fail(const char *what, int err)
{
	char buf[512];
	int n = snprintf(buf, sizeof(buf), "diff helper: %s: %s\n", what,
			 strerror(err));

	if (n > 0 && write(2, buf, (size_t)n) < 0)
		n = 0;
	_exit(126);
}

static void close_from(int lo, int hi)
{
	int fd;

#ifdef SYS_close_range
	if (syscall(SYS_close_range, (unsigned int)lo, (unsigned int)hi, 0) == 0)
		return;
#endif
	for (fd = lo; fd <= hi && fd < 65536; fd++)
		close(fd);
}

static void prep_fds(int req, int rsp, char paths[DIFF_NPATHS][256])
{
	size_t i;

	/* dup2 clears close-on-exec on the new fds */
	if (rsp == DIFF_REQ_FD)
		rsp = fcntl(rsp, F_DUPFD, DIFF_RSP_FD + 1);
	if (rsp < 0 || dup2(req, DIFF_REQ_FD) < 0 || dup2(rsp, DIFF_RSP_FD) < 0)
		prep_fail("dup2 pipes", errno);
	close_from(3, DIFF_REQ_FD - 1);
	close_from(DIFF_RSP_FD + 1, ~0U >> 1);
	for (i = 0; paths && i < diff_nfds; i++) {
		const struct diff_fd *d = &diff_fds[i];
		size_t j;
		int f = -1;

		for (j = 0; j < i && f < 0; j++)
			if (diff_fds[j].ident == d->ident)
				f = dup(diff_fds[j].fd);
		if (f < 0)
			f = open(paths[d->path], d->oflags);
		if (f < 0)
			prep_fail(paths[d->path], errno);
		if (f != d->fd) {
			if (dup2(f, d->fd) < 0)
				prep_fail("dup2", errno);
			close(f);
		}
	}
}

void diff_priv_unpriv(struct diff_priv *p)
{
	p->unpriv = true;
	p->memlock = DIFF_UNPRIV_MEMLOCK;
	p->as = DIFF_UNPRIV_AS;
	p->data = DIFF_UNPRIV_DATA;
}

/* In the forked child, after the files are open: limits, then the drop. */
static void prep_priv(const struct diff_priv *p)
{
	struct rlimit r;

	if (!p || !p->unpriv)
		return;
	r.rlim_cur = r.rlim_max = p->memlock;
	if (setrlimit(RLIMIT_MEMLOCK, &r) < 0)
		prep_fail("RLIMIT_MEMLOCK", errno);
	r.rlim_cur = r.rlim_max = p->as;
	if (setrlimit(RLIMIT_AS, &r) < 0)
		prep_fail("RLIMIT_AS", errno);
	r.rlim_cur = r.rlim_max = p->data;
	if (setrlimit(RLIMIT_DATA, &r) < 0)
		prep_fail("RLIMIT_DATA", errno);
	if (setgroups(0, NULL) < 0)
		prep_fail("setgroups", errno);
	if (setgid(DIFF_UNPRIV_ID) < 0)
		prep_fail("setgid", errno);
	if (setuid(DIFF_UNPRIV_ID) < 0)
		prep_fail("setuid", errno);
	if (geteuid() != DIFF_UNPRIV_ID)
		prep_fail("setuid", EPERM);
}

/* ---- the harness side ---- */

int diff_child_start(struct diff_child *c, const char *helper,
		     char paths[DIFF_NPATHS][256], const struct diff_priv *priv)
{
	struct vms_scall unmap = { .sc = VMS_SC_MUNMAP, .nargs = 2,
				   .arg = { DIFF_WIN_BASE, DIFF_WIN_SIZE } };
	int req[2], rsp[2];
	int64_t ready, res;
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
		char *args[2] = { (char *)helper, NULL };
		char *envp[1] = { NULL };
		int pers = personality(0xffffffff);

		if (pers == -1 || personality(pers | ADDR_NO_RANDOMIZE) == -1)
			prep_fail("personality", errno);
		prep_fds(req[0], rsp[1], paths);
		prep_priv(priv);
		/* no environment: the smallest stack the kernel builds */
		execve(helper, args, envp);
		prep_fail(helper, errno);
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
	/* nothing is mapped there in the helper; make sure of it */
	if (diff_child_call(c, &unmap, &res) < 0 || res != 0) {
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

#ifdef SYS_mseal
#define SYS_mseal_	SYS_mseal
#elif defined(__x86_64__) || defined(__aarch64__)
#define SYS_mseal_	462	/* the same number on both */
#endif

/*
 * The raw system call running @call in the helper; false for a call the
 * helper does not run (its result is then -ENOSYS, as the kernel's).
 */
static bool to_req(const struct vms_scall *call, struct diff_req *q)
{
	const uint64_t *a = call->arg;
	uint64_t *r = q->arg;

	memset(q, 0, sizeof(*q));
	q->path_arg = DIFF_REQ_NOPATH;
	if (call->path)
		snprintf(q->path, sizeof(q->path), "%s", call->path);
	switch (call->sc) {
	case VMS_SC_MMAP:
		q->nr = SYS_mmap;
		memcpy(r, a, 6 * sizeof(*r));
		return true;
	case VMS_SC_MUNMAP:
		q->nr = SYS_munmap;
		r[0] = a[0], r[1] = a[1];
		return true;
	case VMS_SC_MPROTECT:
		q->nr = SYS_mprotect;
		r[0] = a[0], r[1] = a[1], r[2] = a[2];
		return true;
	case VMS_SC_MREMAP:
		q->nr = SYS_mremap;
		memcpy(r, a, 5 * sizeof(*r));
		return true;
	case VMS_SC_MADVISE:
		q->nr = SYS_madvise;
		r[0] = a[0], r[1] = a[1], r[2] = a[2];
		return true;
	case VMS_SC_MLOCK:
		q->nr = SYS_mlock;
		r[0] = a[0], r[1] = a[1];
		return true;
	case VMS_SC_MLOCK2:
		q->nr = SYS_mlock2;
		r[0] = a[0], r[1] = a[1], r[2] = a[2];
		return true;
	case VMS_SC_MUNLOCK:
		q->nr = SYS_munlock;
		r[0] = a[0], r[1] = a[1];
		return true;
	case VMS_SC_MLOCKALL:
		q->nr = SYS_mlockall;
		r[0] = a[0];
		return true;
	case VMS_SC_MUNLOCKALL:
		q->nr = SYS_munlockall;
		return true;
	case VMS_SC_MSEAL:
		q->nr = SYS_mseal_;
		r[0] = a[0], r[1] = a[1], r[2] = a[2];
		return true;
	case VMS_SC_BRK:
		q->nr = SYS_brk;
		r[0] = a[0];
		return true;
	case VMS_SC_OPEN:
		q->nr = SYS_openat;
		r[0] = (uint64_t)(int64_t)AT_FDCWD, r[2] = a[1], r[3] = a[2];
		q->path_arg = 1;
		return true;
	case VMS_SC_OPENAT:
		q->nr = SYS_openat;
		r[0] = a[0], r[2] = a[2], r[3] = a[3];
		q->path_arg = 1;
		return true;
	case VMS_SC_CLOSE:
		q->nr = SYS_close;
		r[0] = a[0];
		return true;
	case VMS_SC_DUP:
		q->nr = SYS_dup;
		r[0] = a[0];
		return true;
	case VMS_SC_DUP2:
		r[0] = a[0], r[1] = a[1];
#ifdef SYS_dup2
		q->nr = call->nargs >= 3 ? SYS_dup3 : SYS_dup2;
#else
		q->nr = SYS_dup3;
#endif
		if (call->nargs >= 3)
			r[2] = a[2];
		return true;
	default:
		return false;
	}
}

int diff_child_call(struct diff_child *c, const struct vms_scall *call,
		    int64_t *res)
{
	struct diff_req q;
	int64_t r;

	if (!to_req(call, &q)) {
		*res = -ENOSYS;
		return 0;
	}
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
