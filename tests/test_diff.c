// SPDX-License-Identifier: MIT
/*
 * The differential test: random call sequences run on the live kernel
 * (in diff_child, a minimal static helper without ASLR, found next to
 * this binary or at $VMS_DIFF_CHILD) and on the model started from the
 * helper's real layout; results, errno and areas (with VmFlags) are
 * compared after every call.  A divergence is minimised by delta
 * debugging and printed as a replay script with the kernel's results,
 * plus both area lists.
 *
 *   test_diff                  the bounded run of `make check`
 *   test_diff --soak N         run until N calls compared, with progress
 *   test_diff --seed S         first sequence seed (default fixed)
 *   test_diff --calls N        calls per sequence (default 48)
 *   test_diff --total N        calls compared without --soak (no stop
 *                              at the first divergence)
 *   test_diff --reports N      distinct divergences minimised (4)
 *   test_diff --record FILE    run a scenario on the kernel, print what
 *                              tests/scenarios/NAME.expected holds
 *   test_diff --root           only the pass as this process (root)
 *   test_diff --unpriv         only the unprivileged pass: the helper
 *                              drops to uid/gid 65534 with small
 *                              RLIMIT_MEMLOCK, RLIMIT_AS, RLIMIT_DATA
 *                              (the model gets the same, and neither
 *                              CAP_IPC_LOCK nor CAP_SYS_RAWIO)
 *
 * Without --root or --unpriv, a root run makes both passes, each with
 * the same seeds and call count; another user's run makes only its own.
 *
 * Full reports go to stdout and, under `make check`, to
 * $VMS_SAN_DIR/test_diff.report (run.sh only shows the "not ok" line).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "support/diff.h"
#include "strace.h"
#include "os/os.h"

#define DEFAULT_CALLS	50000	/* make check: about a minute under ASan */
#define DEFAULT_SEQLEN	48
#define DEFAULT_SEED	0x766d7370ULL	/* "vmsp" */
#define MAX_REPORTS	4	/* divergences minimised per run */
#define MAX_DD_RUNS	400	/* replays spent minimising one divergence */

struct ctx {
	char helper[4096];	/* the kernel side: diff_child */
	char paths[DIFF_NPATHS][256];
	struct diff_priv priv;	/* this pass: root or unprivileged */
	const char *pass;	/* its name, for the reports */
	struct diff_env env;
	FILE *report;		/* a copy of the reports, or NULL */
	int max_reports;	/* distinct divergences minimised */
};

/* What happened at the call that diverged. */
struct outcome {
	long at;		/* index of the diverging call; -1: none;
				 * -2: at the initial snapshot */
	bool crashed;		/* the helper died: not a divergence */
	int64_t kres, mres;
	char why[256];
	struct diff_layout k, m;
};

static void outcome_free(struct outcome *o)
{
	diff_layout_free(&o->k);
	diff_layout_free(&o->m);
}

static void say(struct ctx *x, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void say(struct ctx *x, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (x->report) {
		va_start(ap, fmt);
		vfprintf(x->report, fmt, ap);
		va_end(ap);
	}
}

/*
 * The model's complaint about the snapshot as loaded: kernel layouts can
 * hold areas the model's invariants reject (adjacent areas with distinct
 * anon_vmas look unmerged).  Reported once, then tolerated.
 */
static char load_why[200];
static bool load_reported, strict_noted;

/*
 * Compare the two sides now; true (and o filled) when they differ: the
 * results, the areas, or the model's structural invariants.  @strict (no
 * call has failed yet): also note, once, when the model holds two
 * neighbours vms_mm_validate says the kernel would have merged although
 * the kernel's areas are the same (a successful call's leftovers, such
 * as MREMAP_DONTUNMAP's emptied source next to its old neighbours).
 */
static bool compare(struct diff_child *ch, vms_mm *mm, struct outcome *o,
		    bool strict)
{
	char *text;
	size_t len;
	char why[200];
	int ret;

	ret = diff_child_read(ch, "smaps", &text, &len);
	if (ret < 0) {
		o->crashed = true;
		return true;
	}
	ret = diff_parse_smaps(text, len, &o->k);
	free(text);
	if (ret < 0) {
		snprintf(o->why, sizeof(o->why), "cannot parse kernel smaps");
		return true;
	}
	ret = diff_model_layout(mm, &o->m);
	if (ret < 0) {
		snprintf(o->why, sizeof(o->why), "model iteration: %s",
			 strerror(-ret));
		return true;
	}
	if (vms_mm_validate_structure(mm, why, sizeof(why)) < 0 &&
	    strcmp(why, load_why) != 0) {
		snprintf(o->why, sizeof(o->why), "model invalid: %s", why);
		return true;
	}
	if (diff_layout_cmp(&o->k, &o->m) >= 0) {
		snprintf(o->why, sizeof(o->why), "areas differ");
		return true;
	}
	/*
	 * Unmerged neighbours the kernel keeps too (the areas are equal):
	 * the leftovers of a successful call, such as the emptied source of
	 * MREMAP_DONTUNMAP; noted once, not a divergence.
	 */
	if (strict && vms_mm_validate(mm, why, sizeof(why)) < 0 &&
	    strcmp(why, load_why) != 0 && !strict_noted) {
		strict_noted = true;
		printf("# note: vms_mm_validate: %s, but the kernel keeps the "
		       "same areas (not counted)\n", why);
	}
	return false;
}

/*
 * Start a helper, retrying a little: a concurrent `make` may be
 * relinking it when we execute it.
 */
static int start_helper(struct ctx *x, struct diff_child *ch)
{
	int tries, ret = -ECHILD;

	for (tries = 0; tries < 20 && ret < 0; tries++) {
		if (tries)
			nanosleep(&(struct timespec){ 0, 250000000 }, NULL);
		ret = diff_child_start(ch, x->helper, x->paths, &x->priv);
	}
	return ret;
}

/*
 * Run @calls[0..n) on a fresh helper and model.  With @gen the calls are
 * generated on the way (they may depend on the kernel's results) and
 * stored in @calls.  Returns the outcome; *ran counts compared calls.
 */
static void run_seq(struct ctx *x, struct vms_scall *calls, size_t n,
		    struct diff_gen *gen, struct outcome *o, size_t *ran)
{
	struct diff_child ch;
	char *text = NULL;
	size_t len, i;
	vms_mm *mm = NULL;
	bool strict = true;
	bool trace = getenv("VMS_DIFF_TRACE") != NULL;
	int ret;

	o->at = -1;
	o->crashed = false;
	o->why[0] = '\0';
	*ran = 0;
	ret = start_helper(x, &ch);
	if (ret < 0) {
		fprintf(stderr, "test_diff: cannot start the helper: %s\n",
			strerror(-ret));
		exit(2);
	}
	ret = diff_child_read(&ch, "smaps", &text, &len);
	if (ret == 0)
		ret = diff_model_create(&x->env, text, len, &mm, o->why,
					sizeof(o->why));
	free(text);
	if (ret == 0 && vms_mm_validate(mm, load_why, sizeof(load_why)) < 0 &&
	    !load_reported) {
		load_reported = true;
		printf("# note: the loaded snapshot fails vms_mm_validate: "
		       "%s (tolerated)\n", load_why);
	}
	if (ret == 0) {
		/* the helper's break, which no snapshot shows */
		struct vms_scall q = { .sc = VMS_SC_BRK, .nargs = 1 };
		int64_t b = 0;

		if (diff_child_call(&ch, &q, &b) == 0 && b > 0) {
			diff_model_set_brk(mm, (uint64_t)b);
			if (gen)
				gen->brk0 = gen->brk = (uint64_t)b;
		}
	}
	if (ret < 0 || compare(&ch, mm, o, true)) {
		o->at = -2;
		goto out;
	}
	for (i = 0; i < n; i++) {
		struct vms_scall *c = &calls[i];

		if (gen)
			diff_gen_next(gen, c);
		if (trace) {
			char line[1024];

			diff_format_line(c, 0, line, sizeof(line));
			fprintf(stderr, "%zu: %s ...", i, line);
		}
		if (diff_child_call(&ch, c, &o->kres) < 0) {
			o->at = (long)i;
			o->crashed = true;
			break;
		}
		if (trace)
			fprintf(stderr, " kernel %" PRId64 "\n", o->kres);
		if (o->kres < 0 && o->kres >= -4095)
			strict = false;
		if (gen)
			diff_gen_result(gen, c, o->kres);
		o->mres = diff_model_call(mm, c);
		(*ran)++;
		if (o->kres != o->mres) {
			o->at = (long)i;
			compare(&ch, mm, o, strict);	/* for the report */
			snprintf(o->why, sizeof(o->why), "results differ");
			break;
		}
		if (compare(&ch, mm, o, strict)) {
			o->at = (long)i;
			break;
		}
	}
out:
	if (mm)
		vms_mm_destroy(mm);
	diff_child_stop(&ch);
}

/* Does @calls[0..n) still diverge?  Then cut it after the divergence. */
static bool still_diverges(struct ctx *x, struct vms_scall *calls, size_t *n,
			   struct outcome *o)
{
	size_t ran;

	outcome_free(o);
	run_seq(x, calls, *n, NULL, o, &ran);
	if (o->at < 0 || o->crashed)
		return false;
	*n = (size_t)o->at + 1;
	return true;
}

/*
 * Delta debugging: drop chunks of calls, halving the chunk size, while
 * the rest still diverges; finish with single calls until nothing more
 * can go.  Every try replays from scratch on both sides.
 */
static size_t minimise(struct ctx *x, struct vms_scall *calls, size_t n,
		       struct outcome *o)
{
	struct vms_scall *cand = calloc(n, sizeof(*cand));
	size_t chunk = n / 2 ? n / 2 : 1, runs = 0;
	bool changed = true;

	if (!cand)
		return n;
	while (runs < MAX_DD_RUNS && (chunk > 1 || changed)) {
		size_t i = 0;

		changed = false;
		while (i < n && runs < MAX_DD_RUNS) {
			size_t m = 0, j, k;
			struct outcome t = { 0 };

			for (j = 0; j < n; j++)
				if (j < i || j >= i + chunk)
					cand[m++] = calls[j];
			runs++;
			if (m && still_diverges(x, cand, &m, &t)) {
				memcpy(calls, cand, m * sizeof(*calls));
				n = m;
				outcome_free(o);
				*o = t;
				changed = true;
				continue;
			}
			outcome_free(&t);
			k = i + chunk;
			i = k;
		}
		if (chunk > 1)
			chunk /= 2;
	}
	free(cand);
	return n;
}

static void print_areas(struct ctx *x, const struct outcome *o)
{
	if (diff_layout_cmp(&o->k, &o->m) < 0)
		return;
	diff_layout_print(stdout, &o->k, &o->m);
	if (x->report)
		diff_layout_print(x->report, &o->k, &o->m);
}

/* The kernel's results of a minimised sequence, for the printed script. */
static void print_with_results(struct ctx *x, uint64_t seed,
			       struct vms_scall *calls, size_t n,
			       const struct outcome *o)
{
	struct diff_child ch;
	struct vms_scall q = { .sc = VMS_SC_BRK, .nargs = 1 };
	char line[1024], r[128];
	int64_t b = 0;
	size_t i;

	say(x, "# divergence (%s pass), sequence seed %#" PRIx64 ", "
	    "minimised to %zu calls: %s\n", x->pass, seed,
	    o->at == -2 ? 0 : n, o->why);
	if (o->at == -2) {
		say(x, "# at the initial snapshot (vms_load_maps)\n");
		print_areas(x, o);
		return;
	}
	if (start_helper(x, &ch) < 0)
		return;
	say(x, "# replay script (kernel results), from the helper's smaps:\n"
	    "#   vmspace replay --initial SMAPS%s --mmap-base %#" PRIx64
	    " FILE\n", x->priv.unpriv ? " --unprivileged --rlimit MEMLOCK="
	    "64k --rlimit AS=64m --rlimit DATA=16779264" : "",
	    x->env.cfg.mmap_base);
	if (diff_child_call(&ch, &q, &b) == 0 && b > 0) {
		diff_format_line(&q, b, line, sizeof(line));
		say(x, "%s\n", line);
	}
	for (i = 0; i < n; i++) {
		int64_t res = 0;

		if (diff_child_call(&ch, &calls[i], &res) < 0)
			break;
		diff_format_line(&calls[i], res, line, sizeof(line));
		if (calls[i].sc == VMS_SC_MREMAP &&
		    (calls[i].arg[3] & 3) != 3 && calls[i].arg[4])
			say(x, "%s  # new_address %#" PRIx64 " (a hint)\n",
			    line, calls[i].arg[4]);
		else
			say(x, "%s\n", line);
	}
	diff_child_stop(&ch);
	vms_scall_format_result(calls[n - 1].sc, o->mres, r, sizeof(r));
	say(x, "# model's result of the last call: %s%s\n", r,
	    o->kres == o->mres ? " (same)" : "");
	print_areas(x, o);
	say(x, "\n");
}

/*
 * What kind of divergence this is, to report each kind once per run:
 * the call, its mapping type, whether results differ, and which flags of
 * the first differing area differ.
 */
static uint64_t errclass(int64_t r)
{
	return r < 0 && r >= -4095 ? (uint64_t)-r : 0;
}

/*
 * What kind of divergence this is, to minimise each kind once per run:
 * the call and, for results, the two errnos (0 for success); for areas,
 * which flags of the first differing area differ and whether its bounds
 * or its presence differ.
 */
static uint64_t signature(const struct vms_scall *c, const struct outcome *o)
{
	uint64_t sig = (uint64_t)c->sc << 56;
	long i = diff_layout_cmp(&o->k, &o->m);

	if (o->kres != o->mres)
		return sig | 1ULL << 55 | errclass(o->kres) << 12 |
		       errclass(o->mres);
	if (i >= 0 && (size_t)i < o->k.n && (size_t)i < o->m.n) {
		const struct diff_area *k = &o->k.a[i], *m = &o->m.a[i];

		sig ^= (k->flags ^ m->flags) & ((1ULL << 48) - 1);
		sig ^= (uint64_t)(k->start != m->start) << 50 |
		       (uint64_t)(k->end != m->end) << 51;
	} else if (i >= 0) {
		sig ^= 1ULL << 52;
	}
	return sig;
}

static int run_random(struct ctx *x, uint64_t seed, uint64_t total,
		      size_t seqlen, bool soak, bool progress)
{
	struct vms_scall *calls = calloc(seqlen, sizeof(*calls));
	uint64_t compared = 0, seqs = 0, divergences = 0, crashes = 0;
	time_t t0 = time(NULL), last = t0;
	uint64_t seen[64];
	size_t nseen = 0;
	int reports = 0;

	if (!calls)
		return 2;
	while (compared < total) {
		struct diff_gen g;
		struct outcome o = { 0 };
		uint64_t s = seed + seqs++;
		size_t ran;

		diff_gen_init(&g, s);
		g.unpriv = x->priv.unpriv;
		run_seq(x, calls, seqlen, &g, &o, &ran);
		compared += ran;
		if (o.crashed) {
			crashes++;
			say(x, "# helper died in sequence %#" PRIx64 "\n", s);
		} else if (o.at != -1) {
			size_t n = o.at >= 0 ? (size_t)o.at + 1 : 0;

			uint64_t sig = n ? signature(&calls[n - 1], &o) : 0;
			size_t k;

			divergences++;
			for (k = 0; k < nseen && seen[k] != sig; k++)
				;
			if (k == nseen && reports < x->max_reports) {
				reports++;
				if (nseen < 64)
					seen[nseen++] = sig;
				if (n)
					n = minimise(x, calls, n, &o);
				print_with_results(x, s, calls, n ? n : 1, &o);
			}
			if (soak || o.at == -2) {
				outcome_free(&o);
				break;
			}
		}
		outcome_free(&o);
		if (progress && time(NULL) - last >= 10) {
			last = time(NULL);
			printf("# %s: %" PRIu64 " calls, %" PRIu64 " sequences, %"
			       PRIu64 " divergences, %lds\n", x->pass, compared,
			       seqs, divergences, (long)(last - t0));
			fflush(stdout);
		}
	}
	free(calls);
	if (divergences || crashes) {
		printf("not ok diff_random_%s: %" PRIu64 " calls, %" PRIu64
		       " sequences, %" PRIu64 " divergences, %" PRIu64
		       " helper deaths (first seed %#" PRIx64 "; reports: "
		       "stdout%s)\n", x->pass, compared, seqs, divergences,
		       crashes, seed, x->report ?
		       " and $VMS_SAN_DIR/test_diff.report" : "");
		return 1;
	}
	printf("ok diff_random_%s: %" PRIu64 " calls, %" PRIu64 " sequences, "
	       "0 divergences, %lds\n", x->pass, compared, seqs,
	       (long)(time(NULL) - t0));
	return 0;
}

/* ---- --record: a scenario on the kernel ---- */

static int record(struct ctx *x, const char *path)
{
	struct vms_strace p;
	struct diff_child ch;
	char *text, *maps;
	size_t len, mlen, off = 0;
	unsigned long lineno = 0;
	int ret, status = 0;

	ret = vms_os_read_file(path, &text, &len);
	if (ret < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror(-ret));
		return 2;
	}
	ret = diff_scenario_files();
	if (ret < 0) {
		fprintf(stderr, "scenario files: %s\n", strerror(-ret));
		return 2;
	}
	ret = diff_child_start(&ch, x->helper, NULL, &x->priv);
	if (ret < 0) {
		fprintf(stderr, "helper: %s\n", strerror(-ret));
		return 2;
	}
	vms_strace_init(&p);
	while (off < len) {
		const char *l = text + off, *nl = memchr(l, '\n', len - off);
		size_t n = nl ? (size_t)(nl - l) : len - off;
		struct vms_scall c;
		char err[256], r[128];
		int64_t res;

		off += n + (nl ? 1 : 0);
		ret = vms_strace_line(&p, l, n, ++lineno, &c, err, sizeof(err));
		if (ret < 0) {
			fprintf(stderr, "%s:%lu: %s\n", path, lineno, err);
			status = 2;
			continue;
		}
		if (ret == 0)
			continue;
		if (c.sc != VMS_SC_UNKNOWN) {
			if (diff_child_call(&ch, &c, &res) < 0) {
				fprintf(stderr, "helper died\n");
				vms_scall_free(&c);
				status = 2;
				break;
			}
			vms_scall_format_result(c.sc, res, r, sizeof(r));
			printf("%s = %s\n", c.text, r);
			/* brk(NULL) = X tells the model the break: X must
			 * be this helper's */
			if (c.sc == VMS_SC_BRK && c.has_result &&
			    c.result != res) {
				fprintf(stderr, "%s:%lu: the helper's break "
					"is %s: fix the recorded result\n",
					path, lineno, r);
				status = 2;
			}
		}
		vms_scall_free(&c);
	}
	vms_strace_fini(&p);
	printf("\n");
	if (diff_child_read(&ch, "maps", &maps, &mlen) == 0) {
		char *s = maps;

		while (s < maps + mlen) {
			char *e = strchr(s, '\n');
			unsigned long long a, b;

			if (!e)
				e = maps + mlen;
			if (sscanf(s, "%llx-%llx", &a, &b) == 2 &&
			    ((b > DIFF_WIN_BASE &&
			      a < DIFF_WIN_BASE + DIFF_WIN_SIZE) ||
			     (e - s > 6 && !memcmp(e - 6, "[heap]", 6))))
				printf("%.*s\n", (int)(e - s), s);
			s = e + 1;
		}
		free(maps);
	} else {
		status = 2;
	}
	diff_child_stop(&ch);
	free(text);
	return status;
}

/*
 * The helper: $VMS_DIFF_CHILD, or diff_child next to this binary (the
 * Makefile builds both into build-san/tests).
 */
static int find_helper(char *buf, size_t len)
{
	const char *env = getenv("VMS_DIFF_CHILD");
	char self[4000];	/* room for "diff_child" in @buf */
	ssize_t n;
	char *slash;

	if (env && *env) {
		snprintf(buf, len, "%s", env);
	} else {
		n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		if (n <= 0) {
			perror("/proc/self/exe");
			return -1;
		}
		self[n] = '\0';
		slash = strrchr(self, '/');
		if (slash)
			slash[1] = '\0';
		snprintf(buf, len, "%sdiff_child", slash ? self : "./");
	}
	if (access(buf, X_OK) < 0) {
		fprintf(stderr, "test_diff: the kernel-side helper %s: %s "
			"(`make tests` builds it)\n", buf, strerror(errno));
		return -1;
	}
	return 0;
}

/* The temporary files go even when a run stops early (exit(2)). */
static struct ctx *files_owner;

static void remove_files(void)
{
	if (files_owner)
		diff_files_remove(files_owner->paths);
}

int main(int argc, char **argv)
{
	uint64_t seed = DEFAULT_SEED, total = DEFAULT_CALLS;
	size_t seqlen = DEFAULT_SEQLEN;
	const char *rec = NULL;
	bool soak = false, only_root = false, only_unpriv = false;
	static struct ctx x;
	int i, status = 0, pass;

	memset(&x, 0, sizeof(x));
	x.max_reports = MAX_REPORTS;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "--soak") && v) {
			total = strtoull(v, NULL, 0), soak = true, i++;
		} else if (!strcmp(a, "--seed") && v) {
			seed = strtoull(v, NULL, 0), i++;
		} else if (!strcmp(a, "--calls") && v) {
			seqlen = strtoull(v, NULL, 0), i++;
		} else if (!strcmp(a, "--reports") && v) {
			x.max_reports = atoi(v), i++;
		} else if (!strcmp(a, "--total") && v) {
			total = strtoull(v, NULL, 0), i++;
		} else if (!strcmp(a, "--record") && v) {
			rec = v, i++;
		} else if (!strcmp(a, "--unpriv")) {
			only_unpriv = true;
		} else if (!strcmp(a, "--root")) {
			only_root = true;
		} else {
			fprintf(stderr, "usage: test_diff [--soak N | --total N]"
				" [--seed S] [--calls N] [--reports N]"
				" [--root | --unpriv] [--record FILE]\n");
			return 2;
		}
	}
	if (!seqlen)
		seqlen = 1;
	if (find_helper(x.helper, sizeof(x.helper)) < 0)
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (only_unpriv && geteuid() != 0) {
		fprintf(stderr, "test_diff: --unpriv needs root (to drop)\n");
		return 2;
	}
	x.pass = geteuid() == 0 ? "root" : "user";
	if (only_unpriv) {
		diff_priv_unpriv(&x.priv);
		x.pass = "unpriv";
	}
	if (rec)
		return record(&x, rec);
	files_owner = &x;
	atexit(remove_files);
	if (diff_files_create(x.paths) < 0) {
		perror("test_diff: temporary files");
		return 2;
	}
	if (getenv("VMS_SAN_DIR")) {
		char rp[4200];

		snprintf(rp, sizeof(rp), "%s/test_diff.report",
			 getenv("VMS_SAN_DIR"));
		x.report = fopen(rp, "w");
	}
	/* pass 0: as this process; pass 1: unprivileged (root only) */
	for (pass = 0; pass < 2; pass++) {
		int st;

		if ((pass == 0 && only_unpriv) ||
		    (pass == 1 && (only_root || geteuid() != 0)))
			continue;
		if (pass == 1 && !only_unpriv) {
			diff_priv_unpriv(&x.priv);
			x.pass = "unpriv";
		}
		diff_env_init(&x.env, x.paths, &x.priv);
		load_reported = false;
		load_why[0] = '\0';
		st = run_random(&x, seed, total, seqlen, soak,
				soak || total >= 200000);
		if (st > status)
			status = st;
	}
	if (x.report)
		fclose(x.report);
	return status;
}
