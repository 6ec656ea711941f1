// SPDX-License-Identifier: MIT
/*
 * The replay engine and the `replay` subcommand (see replay.h).
 *
 * Choices the issue left open, documented in the usage text too:
 *  - one address space for the whole log: -f pids are taken as threads
 *    (fork and execve are not modelled; execve lines are skipped);
 *  - the fd of open/dup comes from the recorded result; without one, the
 *    lowest free fd >= 3 (0-2 are taken to be open, as in a shell);
 *  - an opened path that does not exist becomes a virtual regular file:
 *    device 00:00, inode 1, 2, ... in order of first appearance (one per
 *    distinct path), size 0;
 *  - close/dup of an fd the model never saw opened (socket, pipe, ...) is
 *    skipped when the line has a recorded result (the model cannot judge
 *    it) and fails with EBADF in a hand-written scenario.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "replay.h"
#include "scall.h"
#include "strace.h"

#define AT_FDCWD_  (-100)
#define O_ACCMODE_ 03
#define O_CLOEXEC_ 02000000
#define O_PATH_	   010000000
#define FD_MAX	   (1 << 20) /* fs.nr_open's default */

struct virt_file {
	char *path;
	uint64_t inode;
};

struct vms_replay {
	vms_mm *mm;
	struct vms_replay_opts opts;
	struct vms_strace parser;
	const char *name;
	FILE *out, *err;
	unsigned long lineno;
	bool malformed, mismatch;
	/* the model's break is the process's, not a snapshot's rounding */
	bool brk_exact;
	struct virt_file *virt;
	size_t nvirt;
};

/* ---- applying calls ---- */

/*
 * One handler per call kind.  Returns 0 and the model's result in *res,
 * or 1 when the call is not applied (skipped silently).  Adding a call is
 * one handler and one entry in apply_table.
 */
typedef int (*apply_fn)(struct vms_replay *r, const struct vms_scall *c,
			int64_t *res);

static int apply_mmap(struct vms_replay *r, const struct vms_scall *c,
		      int64_t *res)
{
	*res = vms_mmap(r->mm, c->arg[0], c->arg[1], (int)c->arg[2],
			(int)c->arg[3], (int)c->arg[4], c->arg[5]);
	return 0;
}

static int apply_munmap(struct vms_replay *r, const struct vms_scall *c,
			int64_t *res)
{
	*res = vms_munmap(r->mm, c->arg[0], c->arg[1]);
	return 0;
}

static int apply_mprotect(struct vms_replay *r, const struct vms_scall *c,
			  int64_t *res)
{
	*res = vms_mprotect(r->mm, c->arg[0], c->arg[1], (int)c->arg[2]);
	return 0;
}

/*
 * strace prints new_address only with MREMAP_MAYMOVE|MREMAP_FIXED; the
 * kernel also reads it as a placement hint under MREMAP_DONTUNMAP alone,
 * and that hint is lost in the log: the model gets 0 (no hint).
 */
static int apply_mremap(struct vms_replay *r, const struct vms_scall *c,
			int64_t *res)
{
	*res = vms_mremap(r->mm, c->arg[0], c->arg[1], c->arg[2],
			  (int)c->arg[3], c->nargs >= 5 ? c->arg[4] : 0);
	return 0;
}

/* The advice is an int: strace's unsigned 0xffffffff is -1. */
static int apply_madvise(struct vms_replay *r, const struct vms_scall *c,
			 int64_t *res)
{
	*res = vms_madvise(r->mm, c->arg[0], c->arg[1], (int)c->arg[2]);
	return 0;
}

static int apply_mlock(struct vms_replay *r, const struct vms_scall *c,
		       int64_t *res)
{
	switch (c->sc) {
	case VMS_SC_MLOCK:
		*res = vms_mlock(r->mm, c->arg[0], c->arg[1]);
		break;
	case VMS_SC_MLOCK2:
		*res = vms_mlock2(r->mm, c->arg[0], c->arg[1],
				  (unsigned int)c->arg[2]);
		break;
	case VMS_SC_MUNLOCK:
		*res = vms_munlock(r->mm, c->arg[0], c->arg[1]);
		break;
	case VMS_SC_MLOCKALL:
		*res = vms_mlockall(r->mm, (int)c->arg[0]);
		break;
	default:
		*res = vms_munlockall(r->mm);
	}
	return 0;
}

/* mseal and strace 6.1's syscall_0x1ce, whose extra registers are noise. */
static int apply_mseal(struct vms_replay *r, const struct vms_scall *c,
		       int64_t *res)
{
	*res = vms_mseal(r->mm, c->arg[0], c->arg[1], c->arg[2]);
	return 0;
}

/*
 * brk.  The model knows the break from an --initial snapshot's [heap]
 * (to the page: maps shows PAGE_ALIGN(brk)) or from a first recorded
 * "brk(NULL) = X", which is what a trace from execve starts with.  Until
 * it knows it (start_brk == brk == 0), "brk(NULL) = X" sets both to X,
 * and any other brk line is skipped: a break of 0 would put the heap at
 * address 0.  A recorded brk(NULL) inside the snapshot heap's last page
 * gives the exact, unaligned break.
 */
static int apply_brk(struct vms_replay *r, const struct vms_scall *c,
		     int64_t *res)
{
	uint64_t start, cur, ps = vms_mm_config(r->mm)->page_size;
	uint64_t want = c->has_result ? (uint64_t)c->result : 0;

	vms_mm_get_brk(r->mm, &start, &cur);
	if (!start && !cur) {
		if (c->arg[0] || !c->has_result || !want)
			return 1;
		vms_mm_set_brk(r->mm, want, want);
		r->brk_exact = true;
		*res = c->result;
		return 0;
	}
	if (!r->brk_exact && !c->arg[0] && c->has_result && want >= start &&
	    want <= cur && cur - want < ps && !(cur & (ps - 1)))
		vms_mm_set_brk(r->mm, start, want);
	r->brk_exact = true;
	*res = (int64_t)vms_brk(r->mm, c->arg[0]);
	return 0;
}

static int lowest_free_fd(struct vms_replay *r)
{
	int fd = 3;

	while (fd < FD_MAX && vms_fd_lookup(r->mm, fd))
		fd++;
	return fd;
}

/* The fd a successful open/dup gets: recorded, else the kernel's pick. */
static int64_t new_fd(struct vms_replay *r, const struct vms_scall *c)
{
	if (c->has_result)
		return c->result >= 0 && c->result < FD_MAX ? c->result
							    : -EBADF;
	return lowest_free_fd(r);
}

/* Put @f at @fd, replacing what is there (as dup2 does). */
static int64_t install(struct vms_replay *r, int64_t fd, vms_file *f)
{
	int ret;

	if (fd < 0)
		return fd;
	if (vms_fd_lookup(r->mm, (int)fd))
		vms_fd_close(r->mm, (int)fd);
	ret = vms_fd_install(r->mm, (int)fd, f);
	return ret < 0 ? ret : fd;
}

static uint64_t virtual_inode(struct vms_replay *r, const char *path)
{
	struct virt_file *nv;
	size_t i;

	for (i = 0; i < r->nvirt; i++)
		if (!strcmp(r->virt[i].path, path))
			return r->virt[i].inode;
	nv = realloc(r->virt, (r->nvirt + 1) * sizeof(*nv));
	if (!nv)
		return 0;
	r->virt = nv;
	nv[i].path = strdup(path);
	if (!nv[i].path)
		return 0;
	nv[i].inode = i + 1;
	r->nvirt++;
	return nv[i].inode;
}

void vms_replay_file_desc(const struct vms_os_stat *st, uint64_t flags,
			  struct vms_file_desc *d)
{
	int acc = flags & O_ACCMODE_;

	memset(d, 0, sizeof(*d));
	d->path = st->path;
	d->dev_major = st->dev_major;
	d->dev_minor = st->dev_minor;
	d->inode = st->inode;
	d->size = st->size;
	d->noexec = st->noexec;
	d->thp_aligned = st->thp_aligned && st->kind == VMS_OS_REGULAR;
	switch (st->kind) {
	case VMS_OS_REGULAR:
		d->kind = st->hugetlbfs ? VMS_FILE_HUGETLB
			  : st->shmem	? VMS_FILE_SHMEM
					: VMS_FILE_REGULAR;
		break;
	case VMS_OS_CHARDEV:
		d->kind = VMS_FILE_DEVICE;
		break;
	default: /* directories, fifos, sockets: no ->mmap */
		d->kind = VMS_FILE_NOMMAP;
	}
	d->readable = !(flags & O_PATH_) && (acc == 0 || acc == 2);
	d->writable = !(flags & O_PATH_) && (acc == 1 || acc == 2);
}

/* Describe the file at @path as opened with @flags (see the top). */
static void describe(struct vms_replay *r, const char *path, uint64_t flags,
		     struct vms_file_desc *d, struct vms_os_stat *st)
{
	if (r->opts.stat && r->opts.stat(path, st) == 0) {
		vms_replay_file_desc(st, flags, d);
		return;
	}
	/* a missing path: a virtual file, opened as asked */
	memset(st, 0, sizeof(*st));
	st->kind = VMS_OS_REGULAR;
	vms_replay_file_desc(st, flags, d);
	d->path = path;
	d->inode = virtual_inode(r, path);
}

static int apply_open(struct vms_replay *r, const struct vms_scall *c,
		      int64_t *res)
{
	bool at = c->sc == VMS_SC_OPENAT;
	int dirfd = at ? (int)c->arg[0] : AT_FDCWD_;
	uint64_t flags = c->arg[at ? 2 : 1];
	const char *path = c->path;
	struct vms_os_stat *st;
	struct vms_file_desc d;
	char *joined = NULL;
	vms_file *f, *dir;
	int ret;

	if (c->has_result && c->result < 0)
		return 1; /* the kernel refused it: nothing to model */
	if (!path)
		return 1;
	/* Relative to a directory fd: the model knows its path. */
	if (path[0] != '/' && dirfd != AT_FDCWD_) {
		dir = vms_fd_lookup(r->mm, dirfd);
		if (!dir && !c->has_result) {
			*res = -EBADF;
			return 0;
		}
		if (dir) {
			const char *dp = vms_file_info(dir)->path;
			size_t n = strlen(dp) + strlen(path) + 2;

			joined = malloc(n);
			if (!joined) {
				*res = -ENOMEM;
				return 0;
			}
			snprintf(joined, n, "%s/%s", dp, path);
			path = joined;
		}
	}
	st = malloc(sizeof(*st));
	if (!st) {
		free(joined);
		*res = -ENOMEM;
		return 0;
	}
	describe(r, path, flags, &d, st);
	ret = vms_file_create(r->mm, &d, &f);
	free(st);
	free(joined);
	if (ret < 0) {
		*res = ret;
		return 0;
	}
	*res = install(r, new_fd(r, c), f);
	vms_file_put(f);
	return 0;
}

static int apply_close(struct vms_replay *r, const struct vms_scall *c,
		       int64_t *res)
{
	int fd = (int)c->arg[0];

	if (!vms_fd_lookup(r->mm, fd)) {
		if (c->has_result)
			return 1;
		*res = -EBADF;
		return 0;
	}
	*res = vms_fd_close(r->mm, fd);
	return 0;
}

/* dup, dup2 and dup3: a new fd sharing the open file. */
static int apply_dup(struct vms_replay *r, const struct vms_scall *c,
		     int64_t *res)
{
	int oldfd = (int)c->arg[0], newfd = (int)c->arg[1];
	bool dup3 = !strcmp(c->name, "dup3");
	vms_file *f = vms_fd_lookup(r->mm, oldfd);

	if (c->has_result && c->result < 0)
		return 1; /* EMFILE & co: fd limits are not modelled */
	if (dup3 && (oldfd == newfd || (c->arg[2] & ~(uint64_t)O_CLOEXEC_))) {
		*res = -EINVAL;
		return 0;
	}
	if (!f) {
		if (c->has_result)
			return 1;
		*res = -EBADF;
		return 0;
	}
	if (c->sc == VMS_SC_DUP) {
		*res = install(r, new_fd(r, c), f);
		return 0;
	}
	if (newfd < 0 || newfd >= FD_MAX) {
		*res = -EBADF;
		return 0;
	}
	*res = oldfd == newfd ? newfd : install(r, newfd, f);
	return 0;
}

static const apply_fn apply_table[VMS_SC_NR] = {
    [VMS_SC_MMAP] = apply_mmap,		[VMS_SC_MUNMAP] = apply_munmap,
    [VMS_SC_MPROTECT] = apply_mprotect, [VMS_SC_OPEN] = apply_open,
    [VMS_SC_OPENAT] = apply_open,	[VMS_SC_CLOSE] = apply_close,
    [VMS_SC_DUP] = apply_dup,		[VMS_SC_DUP2] = apply_dup,
    [VMS_SC_MREMAP] = apply_mremap,	[VMS_SC_MADVISE] = apply_madvise,
    [VMS_SC_MLOCK] = apply_mlock,	[VMS_SC_MLOCK2] = apply_mlock,
    [VMS_SC_MUNLOCK] = apply_mlock,	[VMS_SC_MLOCKALL] = apply_mlock,
    [VMS_SC_MUNLOCKALL] = apply_mlock,	[VMS_SC_MSEAL] = apply_mseal,
    [VMS_SC_BRK] = apply_brk,
};

/* ---- the engine ---- */

int vms_replay_create(const struct vms_replay_opts *o, const char *name,
		      FILE *out, FILE *err, struct vms_replay **rp)
{
	struct vms_replay *r = calloc(1, sizeof(*r));
	int ret;

	if (!r)
		return -ENOMEM;
	r->opts = *o;
	r->name = name;
	r->out = out;
	r->err = err;
	vms_strace_init(&r->parser);
	ret = vms_mm_create(&r->opts.cfg, &r->mm);
	if (ret < 0) {
		free(r);
		return ret;
	}
	if (o->start_stack)
		vms_mm_set_start_stack(r->mm, o->start_stack);
	*rp = r;
	return 0;
}

void vms_replay_destroy(struct vms_replay *r)
{
	if (!r)
		return;
	vms_strace_fini(&r->parser);
	vms_mm_destroy(r->mm);
	for (size_t i = 0; i < r->nvirt; i++)
		free(r->virt[i].path);
	free(r->virt);
	free(r);
}

vms_mm *vms_replay_mm(struct vms_replay *r)
{
	return r->mm;
}

int vms_replay_load_initial(struct vms_replay *r, const char *name,
			    const char *text, size_t len)
{
	unsigned long line = 0;
	int ret = vms_load_maps(r->mm, text, len, &line);

	if (ret == 0)
		return 0;
	if (line)
		fprintf(r->err, "%s:%lu: error: not a maps or smaps line\n",
			name, line);
	else
		fprintf(r->err, "%s: error: cannot load: %s\n", name,
			vms_errno_text(-ret) ? vms_errno_text(-ret) : "?");
	return 2;
}

static void report_mismatch(struct vms_replay *r, const struct vms_scall *c,
			    int64_t model)
{
	char kernel_s[128], model_s[128];

	vms_scall_format_result(c->sc, c->result, kernel_s, sizeof(kernel_s));
	vms_scall_format_result(c->sc, model, model_s, sizeof(model_s));
	fprintf(r->err, "%s:%lu: mismatch: kernel %s, model %s\n", r->name,
		c->line, kernel_s, model_s);
	r->mismatch = true;
}

void vms_replay_line(struct vms_replay *r, const char *line, size_t len)
{
	struct vms_scall c;
	char why[256], res_s[128];
	apply_fn fn;
	int64_t res = 0;
	int ret;

	r->lineno++;
	ret = vms_strace_line(&r->parser, line, len, r->lineno, &c, why,
			      sizeof(why));
	if (ret < 0) {
		fprintf(r->err, "%s:%lu: error: %s\n", r->name, r->lineno, why);
		r->malformed = true;
		return;
	}
	if (ret == 0)
		return;
	fn = c.sc < VMS_SC_NR ? apply_table[c.sc] : NULL;
	if (fn && fn(r, &c, &res) == 0) {
		vms_scall_format_result(c.sc, res, res_s, sizeof(res_s));
		fprintf(r->out, "%s = %s\n", c.text, res_s);
		if (c.has_result && c.result != res)
			report_mismatch(r, &c, res);
	}
	vms_scall_free(&c);
}

void vms_replay_feed(struct vms_replay *r, const char *text, size_t len)
{
	while (len) {
		const char *nl = memchr(text, '\n', len);
		size_t n = nl ? (size_t)(nl - text) : len;

		vms_replay_line(r, text, n);
		text += n;
		len -= n;
		if (nl) {
			text++;
			len--;
		}
	}
}

int vms_replay_finish(struct vms_replay *r)
{
	int64_t (*render)(const vms_mm *, char *, size_t) =
	    r->opts.smaps ? vms_render_smaps : vms_render_maps;
	int64_t n = render(r->mm, NULL, 0);
	char *buf;

	fputc('\n', r->out);
	if (n < 0) {
		fprintf(r->err, "%s: error: cannot render: %s\n", r->name,
			vms_errno_text((int)-n));
		return 2;
	}
	buf = malloc((size_t)n + 1);
	if (!buf) {
		fprintf(r->err, "%s: error: out of memory\n", r->name);
		return 2;
	}
	render(r->mm, buf, (size_t)n + 1);
	fwrite(buf, 1, (size_t)n, r->out);
	free(buf);
	fflush(r->out);
	return r->malformed ? 2 : r->mismatch ? 1 : 0;
}

/* ---- options ---- */

void vms_replay_opts_init(struct vms_replay_opts *o)
{
	memset(o, 0, sizeof(*o));
	vms_config_default(&o->cfg);
	o->stat = vms_os_stat;
}

void vms_replay_usage(FILE *f)
{
	fputs(
	    "usage: vmspace replay [options] FILE\n"
	    "\n"
	    "Apply the memory calls of an strace log (or of a hand-written\n"
	    "scenario in strace notation; FILE may be -) to a model address\n"
	    "space.  Prints each applied call with the model's result, an\n"
	    "empty line, then the final /proc/PID/maps.\n"
	    "\n"
	    "Applied: mmap, munmap, mprotect, mremap, madvise, mlock, mlock2,\n"
	    "munlock, mlockall, munlockall, mseal (also as syscall_0x1ce),\n"
	    "brk, open, openat, close, dup, dup2, dup3.  Other calls are\n"
	    "skipped, as are blank lines and lines starting with '#'\n"
	    "(comments).  A line without \" = result\" is a scenario step; a\n"
	    "recorded result that differs from the model's is reported on\n"
	    "stderr.  All pids share one address space.\n"
	    "\n"
	    "The break comes from the [heap] of --initial, or from the first\n"
	    "\"brk(NULL) = X\" (start_brk = brk = X); until then brk lines\n"
	    "are skipped.\n"
	    "\n"
	    "options:\n"
	    "  --initial FILE        start from a maps or smaps snapshot\n"
	    "  --mmap-base ADDR      top of the top-down search, used as is\n"
	    "  --legacy-layout       bottom-up placement\n"
	    "  --page-size N         page size (other values are rounded)\n"
	    "  --max-map-count N     vm.max_map_count\n"
	    "  --privileged          CAP_IPC_LOCK and CAP_SYS_RAWIO (default:\n"
	    "                        this machine as root)\n"
	    "  --unprivileged        neither capability\n"
	    "  --rlimit NAME=VALUE   AS, DATA, MEMLOCK or STACK; bytes with\n"
	    "                        k/m/g/t suffix, or unlimited\n"
	    "  --start-stack ADDR    the address that names [stack]\n"
	    "  --smaps               end with smaps instead of maps\n"
	    "  -o, --output FILE     write to FILE instead of stdout\n"
	    "  -h, --help            this text\n"
	    "\n"
	    "Opened paths are stat'ed (device, inode, size, kind); a missing\n"
	    "one is a virtual file (device 00:00, inode 1, 2, ...).  Exit\n"
	    "status: 0, 1 on a result mismatch, 2 on malformed input.\n",
	    f);
}

/* A number: decimal or 0x hex, with a k/m/g/t suffix if @suffix. */
static int parse_u64(const char *s, bool suffix, uint64_t *v)
{
	char *end;
	uint64_t shift = 0;

	if (!*s || *s == '-')
		return -EINVAL;
	errno = 0;
	*v = strtoull(s, &end, 0);
	if (errno)
		return -EINVAL;
	if (suffix && *end) {
		switch (*end | 0x20) {
		case 'k':
			shift = 10;
			break;
		case 'm':
			shift = 20;
			break;
		case 'g':
			shift = 30;
			break;
		case 't':
			shift = 40;
			break;
		default:
			return -EINVAL;
		}
		end++;
		if (*v > (UINT64_MAX >> shift))
			return -EINVAL;
		*v <<= shift;
	}
	return *end ? -EINVAL : 0;
}

static int parse_rlimit(struct vms_replay_opts *o, const char *arg)
{
	static const char *const names[VMS_RLIMIT_NR] = {
	    [VMS_RLIMIT_AS] = "AS",
	    [VMS_RLIMIT_DATA] = "DATA",
	    [VMS_RLIMIT_MEMLOCK] = "MEMLOCK",
	    [VMS_RLIMIT_STACK] = "STACK",
	};
	const char *eq = strchr(arg, '=');
	size_t n;
	uint64_t v;

	if (!eq)
		return -EINVAL;
	if (!strncasecmp(arg, "RLIMIT_", 7))
		arg += 7;
	n = eq - arg;
	for (int i = 0; i < VMS_RLIMIT_NR; i++) {
		if (strlen(names[i]) != n || strncasecmp(arg, names[i], n))
			continue;
		if (!strcasecmp(eq + 1, "unlimited") ||
		    !strcasecmp(eq + 1, "infinity"))
			v = VMS_RLIM_INFINITY;
		else if (parse_u64(eq + 1, true, &v))
			return -EINVAL;
		o->cfg.rlimit[i] = v;
		return 0;
	}
	return -EINVAL;
}

static uint64_t round_down(uint64_t v, uint64_t ps)
{
	return v & ~(ps - 1);
}

static uint64_t round_up(uint64_t v, uint64_t ps)
{
	return v > UINT64_MAX - (ps - 1) ? round_down(v, ps)
					 : round_down(v + ps - 1, ps);
}

int vms_replay_parse_args(struct vms_replay_opts *o, int argc, char **argv,
			  FILE *out, FILE *err)
{
	uint64_t page_size = 0, mmap_base = 0;
	bool have_base = false, no_more_opts = false;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL, *eq;
		char opt[32];
		uint64_t v;

		if (no_more_opts || a[0] != '-' || !strcmp(a, "-")) {
			if (o->input) {
				fprintf(err, "replay: more than one FILE\n");
				return 2;
			}
			o->input = a;
			continue;
		}
		if (!strcmp(a, "--")) {
			no_more_opts = true;
			continue;
		}
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			vms_replay_usage(out);
			return 1;
		}
		/* "--opt=value" or "--opt value"; "-oFILE" or "-o FILE". */
		eq = strchr(a, '=');
		if (a[1] == '-' && eq && (size_t)(eq - a) < sizeof(opt)) {
			memcpy(opt, a, eq - a);
			opt[eq - a] = '\0';
			val = eq + 1;
		} else if (a[1] == 'o' && a[2]) {
			strcpy(opt, "-o");
			val = a + 2;
		} else {
			snprintf(opt, sizeof(opt), "%s", a);
		}

		if (!strcmp(opt, "--legacy-layout")) {
			o->cfg.legacy_layout = true;
		} else if (!strcmp(opt, "--privileged")) {
			o->cfg.cap_ipc_lock = o->cfg.cap_sys_rawio = true;
		} else if (!strcmp(opt, "--unprivileged")) {
			o->cfg.cap_ipc_lock = o->cfg.cap_sys_rawio = false;
		} else if (!strcmp(opt, "--smaps")) {
			o->smaps = true;
		} else {
			static const char *const with_value[] = {
			    "--initial",   "--mmap-base",
			    "--page-size", "--max-map-count",
			    "--rlimit",	   "--start-stack",
			    "-o",	   "--output",
			};
			bool known = false;

			for (size_t k = 0;
			     k < sizeof(with_value) / sizeof(with_value[0]);
			     k++)
				known |= !strcmp(opt, with_value[k]);
			if (!known) {
				fprintf(err, "replay: unknown option %s\n", a);
				return 2;
			}
			if (!val) {
				if (i + 1 >= argc) {
					fprintf(err,
						"replay: %s needs a value\n",
						opt);
					return 2;
				}
				val = argv[++i];
			}
			if (!strcmp(opt, "--initial")) {
				o->initial = val;
			} else if (!strcmp(opt, "-o") ||
				   !strcmp(opt, "--output")) {
				o->output = val;
			} else if (!strcmp(opt, "--rlimit")) {
				if (parse_rlimit(o, val)) {
					fprintf(
					    err,
					    "replay: bad --rlimit %s (want "
					    "AS|DATA|MEMLOCK|STACK=BYTES)\n",
					    val);
					return 2;
				}
			} else if (parse_u64(val, !strcmp(opt, "--page-size"),
					     &v)) {
				fprintf(err, "replay: bad number for %s: %s\n",
					opt, val);
				return 2;
			} else if (!strcmp(opt, "--mmap-base")) {
				mmap_base = v;
				have_base = true;
			} else if (!strcmp(opt, "--page-size")) {
				if (v < 4096 || (v & (v - 1)) ||
				    v > (1ULL << 30)) {
					fprintf(err, "replay: --page-size must "
						     "be a power of two from "
						     "4096 to 1g\n");
					return 2;
				}
				page_size = v;
			} else if (!strcmp(opt, "--max-map-count")) {
				o->cfg.max_map_count = v;
			} else {
				o->start_stack = v;
			}
		}
	}
	if (!o->input) {
		fprintf(err, "replay: missing FILE (try --help)\n");
		return 2;
	}
	/* The layout values must stay page multiples. */
	if (page_size) {
		struct vms_config *c = &o->cfg;

		c->page_size = page_size;
		c->task_size = round_down(c->task_size, page_size);
		c->mmap_base = round_down(c->mmap_base, page_size);
		c->legacy_base = round_up(c->legacy_base, page_size);
		c->mmap_min_addr = round_up(c->mmap_min_addr, page_size);
		c->stack_guard_gap = 256 * page_size; /* 256 pages */
	}
	if (have_base) {
		if (mmap_base & (o->cfg.page_size - 1)) {
			fprintf(err,
				"replay: --mmap-base %#" PRIx64
				" is not a multiple of the page size\n",
				mmap_base);
			return 2;
		}
		o->cfg.mmap_base = mmap_base;
	}
	return 0;
}

/* ---- the subcommand ---- */

static int read_or_complain(const char *path, char **buf, size_t *len)
{
	int ret = vms_os_read_file(path, buf, len);

	if (ret < 0) {
		fprintf(stderr, "%s: error: %s\n", path,
			vms_errno_text(-ret) ? vms_errno_text(-ret) : "?");
		return 2;
	}
	return 0;
}

int vms_replay_main(int argc, char **argv)
{
	struct vms_replay_opts o;
	struct vms_replay *r = NULL;
	char *text = NULL, *init = NULL;
	size_t len, init_len;
	FILE *out = stdout;
	int status, ret;

	vms_replay_opts_init(&o);
	status = vms_replay_parse_args(&o, argc, argv, stdout, stderr);
	if (status)
		return status == 1 ? 0 : 2;
	status = 2;
	if (read_or_complain(o.input, &text, &len))
		goto out;
	if (o.initial && read_or_complain(o.initial, &init, &init_len))
		goto out;
	if (o.output) {
		out = fopen(o.output, "w");
		if (!out) {
			fprintf(stderr, "%s: error: %s\n", o.output,
				vms_errno_text(errno));
			out = stdout;
			goto out;
		}
	}
	ret = vms_replay_create(&o, o.input, out, stderr, &r);
	if (ret < 0) {
		fprintf(stderr,
			"replay: error: cannot create the address "
			"space: %s\n",
			vms_errno_text(-ret) ? vms_errno_text(-ret) : "?");
		goto out;
	}
	if (init && vms_replay_load_initial(r, o.initial, init, init_len))
		goto out;
	vms_replay_feed(r, text, len);
	status = vms_replay_finish(r);
out:
	vms_replay_destroy(r);
	if (out != stdout && fclose(out) && status == 0) {
		fprintf(stderr, "%s: error: %s\n", o.output,
			vms_errno_text(errno));
		status = 2;
	}
	free(text);
	free(init);
	return status;
}
