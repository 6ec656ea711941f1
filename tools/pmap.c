// SPDX-License-Identifier: MIT
/*
 * `vmspace pmap` (and `pmap`): the command line and the loop over PIDs.
 * The options, their order of checks, the messages and the exit codes are
 * those of procps-ng 4.0.2, so that scripts see no difference; where
 * procps is silent (no such process, permission denied) a one-line
 * message goes to stderr and the exit code stays procps's.
 */
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "os/procmap_query.h"
#include "pmap.h"

enum {
	OPT_PROC_ROOT = 0x100,
	OPT_SAVE,
	OPT_JSON,
	OPT_GAPS,
	OPT_SUMMARY,
	OPT_NAME,
	OPT_PERMS,
	OPT_DIFF,
	OPT_HELP_EXTRA,
};

static const struct option longopts[] = {
	{"extended", no_argument, NULL, 'x'},
	{"device", no_argument, NULL, 'd'},
	{"quiet", no_argument, NULL, 'q'},
	{"range", required_argument, NULL, 'A'},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{"read-rc", no_argument, NULL, 'c'},
	{"read-rc-from", required_argument, NULL, 'C'},
	{"create-rc", no_argument, NULL, 'n'},
	{"create-rc-to", required_argument, NULL, 'N'},
	{"show-path", no_argument, NULL, 'p'},
	/* beyond procps 4.0.2 */
	{"kernel-names", no_argument, NULL, 'k'},
	{"use-kernel-name", no_argument, NULL, 'k'}, /* procps 4.0.6 */
	{"proc-root", required_argument, NULL, OPT_PROC_ROOT},
	{"save", required_argument, NULL, OPT_SAVE},
	{"json", no_argument, NULL, OPT_JSON},
	{"gaps", no_argument, NULL, OPT_GAPS},
	{"summary", no_argument, NULL, OPT_SUMMARY},
	{"name", required_argument, NULL, OPT_NAME},
	{"perms", required_argument, NULL, OPT_PERMS},
	{"diff", required_argument, NULL, OPT_DIFF},
	{"help-extra", no_argument, NULL, OPT_HELP_EXTRA},
	{NULL, 0, NULL, 0},
};

static const char *prog = "pmap";

static void usage(struct pmap_out *out, FILE *f)
{
	char text[2048];

	snprintf(text, sizeof(text),
		 "\nUsage:\n %s [options] PID [PID ...]\n\nOptions:\n"
		 " -x, --extended              show details\n"
		 " -X                          show even more details\n"
		 "            WARNING: format changes according to "
		 "/proc/PID/smaps\n"
		 " -XX                         show everything the kernel "
		 "provides\n"
		 " -c, --read-rc               read the default rc\n"
		 " -C, --read-rc-from=<file>   read the rc from file\n"
		 " -n, --create-rc             create new default rc\n"
		 " -N, --create-rc-to=<file>   create new rc to file\n"
		 "            NOTE: pid arguments are not allowed with -n, -N\n"
		 " -d, --device                show the device format\n"
		 " -q, --quiet                 do not display header and "
		 "footer\n"
		 " -p, --show-path             show path in the mapping\n"
		 " -A, --range=<low>[,<high>]  limit results to the given "
		 "range\n"
		 "\n"
		 " -h, --help     display this help and exit\n"
		 " -V, --version  output version information and exit\n"
		 "\nFor more details see pmap(1).\n",
		 prog);
	if (f == stdout)
		po_str(out, text);
	else
		fputs(text, f);
}

static void usage_extra(struct pmap_out *out)
{
	po_str(out,
	       "vmspace pmap: options beyond procps pmap 4.0.2\n"
	       " -k, --kernel-names     show [heap], [vdso], [anon:NAME] as "
	       "the kernel names them\n"
	       "     --name=TEXT        only areas whose name contains TEXT\n"
	       "     --perms=CHARS      only areas whose permissions have "
	       "all of CHARS (rwxsp)\n"
	       "     --gaps             also show the free holes between "
	       "areas\n"
	       "     --summary          USS, PSS, RSS and swap per process "
	       "and per kind of area\n"
	       "     --json             one JSON object per process, every "
	       "area and its counters\n"
	       "     --proc-root=DIR    read DIR/PID/... instead of "
	       "/proc/PID/...\n"
	       "     --save=DIR         also save what was read as a proc "
	       "root in DIR\n"
	       "     --diff=SNAPSHOT    compare a saved proc root with the "
	       "process now (or with --proc-root)\n");
}

static void warnx_(const char *msg)
{
	fprintf(stderr, "%s: %s\n", prog, msg);
}

/* -A low[,high]: hex, either side may be empty. */
static int parse_range(struct pmap_opts *o, const char *arg)
{
	char *buf = strdup(arg), *a1, *a2;
	int bad;

	if (!buf)
		return -1;
	a1 = buf;
	a2 = strchr(a1, ',');
	if (a2)
		*a2++ = '\0';
	else
		a2 = a1;
	if (*a1)
		o->lo = strtoul(a1, &a1, 16);
	if (*a2)
		o->hi = strtoul(a2, &a2, 16);
	bad = *a1 || *a2;
	free(buf);
	if (bad) {
		fprintf(stderr, "%s: failed to parse argument: '%s'\n", prog,
			arg);
		return -1;
	}
	return 0;
}

struct run {
	struct pmap_opts o;
	struct pmap_out out;
	struct pmap_table table;
	struct vms_proc_buf buf, buf2, scratch;
	unsigned int shm_minor;
	bool json_first;
};

static void save_files(struct run *r, unsigned int pid, unsigned int tgid)
{
	static const char *const names[] = {"stat",  "status", "cmdline",
					    "maps",  "smaps",  "smaps_rollup",
					    "comm"};
	unsigned int ids[2] = {pid, tgid};

	for (int k = 0; k < (pid == tgid ? 1 : 2); k++)
		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (vms_proc_read(r->o.root, ids[k], names[i],
					  &r->scratch) == 0)
				vms_proc_save(r->o.save, ids[k], names[i],
					      r->scratch.data, r->scratch.len);
}

static const char *data_file(const struct pmap_opts *o)
{
	if (o->mode == PMAP_DEFAULT || o->mode == PMAP_DEVICE)
		return o->json || o->summary ? "smaps" : "maps";
	return "smaps";
}

static int render(struct run *r, const struct pmap_task *t)
{
	const struct pmap_opts *o = &r->o;
	struct pmap_name_ctx nc = {
		.start_stack = t->start_stack,
		.shm_minor = r->shm_minor,
		.showpath = o->showpath,
		.kernel_names = o->kernel_names,
	};
	const char *text = r->buf.data;
	size_t len = r->buf.len;
	char err[256];
	int rc;

	if (o->json) {
		pmap_render_json(&r->out, o, t, text, len, r->json_first);
		r->json_first = false;
		return 0;
	}
	if (o->summary) {
		rc = vms_proc_read(o->root, t->tgid, "smaps_rollup", &r->buf2);
		pmap_render_summary(&r->out, o, text, len,
				    rc ? NULL : r->buf2.data,
				    rc ? 0 : r->buf2.len);
		return 0;
	}
	if (o->diff) {
		rc = vms_proc_read(o->diff, t->tgid, data_file(o), &r->buf2);
		if (rc) {
			fprintf(stderr, "%s: %s/%u/%s: %s\n", prog, o->diff,
				t->tgid, data_file(o), strerror(-rc));
			return 1;
		}
		pmap_render_diff(&r->out, o, r->buf2.data, r->buf2.len, text,
				 len);
		return 0;
	}
	if (o->gaps) {
		pmap_render_gaps(&r->out, o, &nc, text, len);
		return 0;
	}
	switch (o->mode) {
	case PMAP_DEFAULT:
		pmap_render_default(&r->out, o, &nc, text, len);
		break;
	case PMAP_EXTENDED:
		pmap_render_extended(&r->out, o, &nc, text, len);
		break;
	case PMAP_DEVICE:
		pmap_render_device(&r->out, o, &nc, text, len);
		break;
	case PMAP_TABLE:
		if (pmap_render_table(&r->out, o, &r->table, text, len, err,
				      sizeof(err))) {
			po_flush(&r->out);
			fprintf(stderr, "%s: %s\n", prog, err);
			return 2;
		}
		break;
	}
	return 0;
}

/*
 * PROCMAP_QUERY costs one ioctl per area of the range (~0.3-0.4 us on
 * the bench machine), a read of maps ~0.22 us per area of the whole
 * process plus the scan of the lines before the range: the ioctl wins
 * while the range holds well under half of the areas.  The number of
 * areas of the process is not known beforehand, so the walk is cut at
 * this many areas and maps is read instead: at most ~0.4 ms lost, and
 * only when the range is that big (bench/pmap.sh has the -A rows).
 * VMS_PMAP_QUERY=force lifts the cap, =off never uses the ioctl.
 */
#define PMAP_QUERY_MAX_AREAS 1024

/*
 * May the areas of -A come from PROCMAP_QUERY instead of a read of the
 * whole maps file?  Only where the maps header line is all the output
 * needs (default and -d, with -q, -p, -k and the filters); -x, -X and
 * the rc modes need smaps counters, which no ioctl gives.
 */
static bool query_fits(const struct pmap_opts *o)
{
	if (o->query < 0 || !o->range || o->save || o->json || o->summary ||
	    o->diff || o->gaps)
		return false;
	return o->mode == PMAP_DEFAULT || o->mode == PMAP_DEVICE;
}

/* The text render() works on: maps or smaps, whole or (-A) in part. */
static int read_data(struct run *r, const struct pmap_task *t)
{
	const struct pmap_opts *o = &r->o;

	if (query_fits(o) &&
	    vms_procmap_maps(o->root, t->tgid, o->lo, o->hi,
			     o->query > 0 ? 0 : PMAP_QUERY_MAX_AREAS,
			     &r->buf) == 0)
		return 0;
	/* no ioctl (before 6.11, a saved proc root), a name over
	 * PATH_MAX, a gate area in the range: read the file */
	return vms_proc_read(o->root, t->tgid, data_file(o), &r->buf);
}

/* One PID: 0, 1 (maps unreadable), 42 (no such process), 2 (fatal). */
static int one_pid(struct run *r, unsigned int pid)
{
	const struct pmap_opts *o = &r->o;
	struct pmap_task t;
	int err, rc;

	err = pmap_task_read(o->root, pid, &t, &r->scratch);
	if (err) {
		pmap_task_free(&t);
		fprintf(stderr, "%s: %u: %s\n", prog, pid,
			err == -ENOENT || err == -ESRCH ? "no such process"
							: strerror(-err));
		return 42;
	}
	/* libproc2 leaves kernel threads out when asked to */
	if (getenv("LIBPROC_HIDE_KERNEL") && (t.pid == 2 || t.ppid == 2)) {
		pmap_task_free(&t);
		fprintf(stderr, "%s: %u: kernel thread hidden "
				"(LIBPROC_HIDE_KERNEL)\n",
			prog, pid);
		return 42;
	}
	if (o->save)
		save_files(r, pid, t.tgid);
	if (!o->json) {
		po_printf(&r->out, "%u:   ", t.tgid);
		po_str(&r->out, t.header);
		po_chr(&r->out, '\n');
	}
	err = read_data(r, &t);
	if (err) {
		po_flush(&r->out);
		fprintf(stderr, "%s: %u: cannot read %s/%u/%s: %s\n", prog,
			pid, o->root, t.tgid, data_file(o), strerror(-err));
		pmap_task_free(&t);
		return 1;
	}
	rc = render(r, &t);
	pmap_task_free(&t);
	return rc;
}

static unsigned int shm_minor_for(const struct pmap_opts *o)
{
	struct vms_proc_buf b = {0};
	char path[4096];
	unsigned int m;

	/* a snapshot records the number of the machine it was taken on */
	snprintf(path, sizeof(path), "%s/vmspace-shm-minor", o->root);
	if (strcmp(o->root, "/proc") && vms_proc_read_path(path, &b) == 0) {
		m = (unsigned int)strtoul(b.data, NULL, 0);
		vms_proc_buf_free(&b);
		return m;
	}
	vms_proc_buf_free(&b);
	return vms_proc_shm_minor();
}

/* The PID arguments, as procps takes them; -1 after usage. */
static int parse_pids(char **argv, int argc, unsigned int *pids, int *n)
{
	*n = 0;
	for (int i = 0; i < argc; i++) {
		char *walk = argv[i], *endp;
		unsigned long pid;

		if (!strncmp("/proc/", walk, 6)) {
			walk += 6;
			/* /proc/self and the like are skipped */
			if (*walk < '0' || *walk > '9')
				continue;
		}
		if (*walk < '0' || *walk > '9')
			return -1;
		errno = 0;
		pid = strtoul(walk, &endp, 0);
		if (pid < 1ul || pid > 0x7ffffffful || *endp)
			return -1;
		pids[(*n)++] = (unsigned int)pid;
	}
	return 0;
}

static char *home_rc(void)
{
	const char *home = getenv("HOME");
	size_t n;
	char *s;

	if (!home) {
		warnx_("HOME variable undefined");
		return NULL;
	}
	n = strlen(home) + strlen(prog) + 8;
	s = malloc(n);
	if (s)
		snprintf(s, n, "%s/.%src", home, prog);
	return s;
}

static int finish(struct run *r, int rc)
{
	if (po_flush(&r->out)) {
		fprintf(stderr, "%s: write error: %s\n", prog,
			strerror(-r->out.err));
		rc = 1;
	}
	po_free(&r->out);
	pmap_table_free(&r->table);
	pmap_rc_free(&r->o);
	vms_proc_buf_free(&r->buf);
	vms_proc_buf_free(&r->buf2);
	vms_proc_buf_free(&r->scratch);
	return rc;
}

static int main_options(struct run *r, int argc, char **argv, int *first)
{
	struct pmap_opts *o = &r->o;
	int c, c_opt = 0, C_opt = 0, d_opt = 0, n_opt = 0, N_opt = 0;
	int x_opt = 0;
	const char *rc_file = NULL;

	optind = 0; /* the GNU way to restart getopt */
	while ((c = getopt_long(argc, argv, "xXrdqA:hVcC:nN:pk", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'x':
			x_opt = 1;
			break;
		case 'X':
			o->X++;
			break;
		case 'r':
			warnx_("option -r is ignored as SunOS compatibility");
			break;
		case 'd':
			d_opt = 1;
			break;
		case 'q':
			o->quiet = true;
			break;
		case 'A':
			if (parse_range(o, optarg))
				return finish(r, 1) | 0x100;
			o->range = true;
			break;
		case 'h':
			usage(&r->out, stdout);
			return finish(r, 0) | 0x100;
		case 'V':
			po_str(&r->out, "pmap from procps-ng 4.0.2\n");
			return finish(r, 0) | 0x100;
		case 'c':
			c_opt = 1;
			break;
		case 'C':
			C_opt = 1;
			rc_file = optarg;
			break;
		case 'n':
			n_opt = 1;
			break;
		case 'N':
			N_opt = 1;
			rc_file = optarg;
			break;
		case 'p':
			o->showpath = true;
			break;
		case 'k':
			o->kernel_names = true;
			break;
		case OPT_PROC_ROOT:
			o->root = optarg;
			break;
		case OPT_SAVE:
			o->save = optarg;
			break;
		case OPT_JSON:
			o->json = true;
			break;
		case OPT_GAPS:
			o->gaps = true;
			break;
		case OPT_SUMMARY:
			o->summary = true;
			break;
		case OPT_NAME:
			o->name_filter = optarg;
			break;
		case OPT_PERMS:
			o->perm_filter = optarg;
			break;
		case OPT_DIFF:
			o->diff = optarg;
			break;
		case OPT_HELP_EXTRA:
			usage_extra(&r->out);
			return finish(r, 0) | 0x100;
		default:
			usage(&r->out, stderr);
			return finish(r, 1) | 0x100;
		}
	}
	*first = optind;
	argc -= optind;
	if (c_opt + C_opt + d_opt + n_opt + N_opt + x_opt + !!o->X > 1) {
		warnx_("options -c, -C, -d, -n, -N, -x, -X are mutually "
		       "exclusive");
		return finish(r, 1) | 0x100;
	}
	if ((n_opt || N_opt) && (o->quiet || o->showpath)) {
		warnx_("options -p, -q are mutually exclusive with -n, -N");
		return finish(r, 1) | 0x100;
	}
	if ((n_opt || N_opt) && argc > 0) {
		warnx_("too many arguments");
		return finish(r, 1) | 0x100;
	}
	if (N_opt) {
		if (pmap_rc_create(rc_file)) {
			warnx_("couldn't create the rc file");
			return finish(r, 1) | 0x100;
		}
		warnx_("rc file successfully created, feel free to edit the "
		       "content");
		return finish(r, 0) | 0x100;
	}
	if (n_opt) {
		char *path = home_rc();
		int bad;

		if (!path)
			return finish(r, 1) | 0x100;
		bad = pmap_rc_create(path);
		free(path);
		if (bad) {
			fprintf(stderr, "%s: couldn't create ~/.%src\n", prog,
				prog);
			return finish(r, 1) | 0x100;
		}
		fprintf(stderr,
			"%s: ~/.%src file successfully created, feel free to "
			"edit the content\n",
			prog, prog);
		return finish(r, 0) | 0x100;
	}
	if (argc < 1) {
		warnx_("argument missing");
		return finish(r, 1) | 0x100;
	}
	if (C_opt)
		c_opt = 1;
	if (c_opt) {
		char *path = C_opt ? strdup(rc_file) : home_rc();
		int bad;

		if (!path)
			return finish(r, 1) | 0x100;
		o->rc = true;
		bad = pmap_rc_read(o, path);
		free(path);
		if (bad) {
			if (C_opt)
				warnx_("couldn't read the rc file");
			else
				fprintf(stderr, "%s: couldn't read ~/.%src\n",
					prog, prog);
			return finish(r, 1) | 0x100;
		}
	}
	if (x_opt)
		o->mode = PMAP_EXTENDED;
	else if (d_opt)
		o->mode = PMAP_DEVICE;
	else if (o->X || c_opt)
		o->mode = PMAP_TABLE;
	return 0;
}

int vms_pmap_main(int argc, char **argv)
{
	struct run r;
	unsigned int *pids;
	int first, rc, n, ret = 0, found = 0;
	const char *base;

	memset(&r, 0, sizeof(r));
	r.o.root = "/proc";
	r.o.hi = ~0ull;
	r.json_first = true;
	base = getenv("VMS_PMAP_QUERY");
	if (base && !strcmp(base, "off"))
		r.o.query = -1;
	else if (base && !strcmp(base, "force"))
		r.o.query = 1;
	po_init(&r.out, 1);
	base = argv[0] ? strrchr(argv[0], '/') : NULL;
	base = base ? base + 1 : argv[0];
	prog = base && *base && strcmp(base, "vmspace") ? base : "pmap";
	setlocale(LC_ALL, "");
	pmap_name_set_utf8(!strcasecmp(nl_langinfo(CODESET), "UTF-8"));

	if (argc < 2) {
		usage(&r.out, stderr);
		return finish(&r, 1);
	}
	rc = main_options(&r, argc, argv, &first);
	if (rc)
		return rc & 0xff;
	pids = calloc((size_t)(argc - first), sizeof(*pids));
	if (!pids)
		return finish(&r, 1);
	if (parse_pids(argv + first, argc - first, pids, &n)) {
		free(pids);
		usage(&r.out, stderr);
		return finish(&r, 1);
	}
	if (!n) {
		free(pids);
		warnx_("library failed pids statistics");
		return finish(&r, 1);
	}
	if (r.o.mode != PMAP_TABLE || r.o.json)
		r.shm_minor = shm_minor_for(&r.o);
	if (r.o.save) {
		char m[16];
		int len = snprintf(m, sizeof(m), "%u\n", r.shm_minor);

		vms_proc_save(r.o.save, 0, "vmspace-shm-minor", m, (size_t)len);
	}
	if (r.o.json)
		po_chr(&r.out, '[');
	for (int i = 0; i < n; i++) {
		rc = one_pid(&r, pids[i]);
		if (rc == 42)
			continue;
		found++;
		if (rc == 2) {
			free(pids);
			return finish(&r, 1);
		}
		ret |= rc;
	}
	if (r.o.json)
		po_str(&r.out, r.json_first ? "]\n" : "\n]\n");
	free(pids);
	if (found < n)
		ret |= 42;
	return finish(&r, ret);
}
