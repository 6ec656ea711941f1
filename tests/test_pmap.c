// SPDX-License-Identifier: MIT
/*
 * `vmspace pmap` against /usr/bin/pmap (procps-ng 4.0.2), the oracle, on
 * live processes these tests start: tests/pmap/fixture.c built static at
 * run time (so that the observer shares no file with it and PSS values
 * hold still), `sleep`, a zombie, kthreadd, a missing and an unreadable
 * PID.  Where vmspace fixes a procps bug (B1-B9 of the reference), the
 * test checks the right answer instead: one row per area, totals equal to
 * the sum of the rows.  Without /usr/bin/pmap or a C compiler the oracle
 * cases report ok and say "skipped" on stderr.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "os/procmap_query.h"
#include "pmap.h"

#define ORACLE "/usr/bin/pmap"

static char tmpdir[256];
static char fixture_bin[512];
static bool have_oracle, have_fixture;
static pid_t fx_all, fx_hostile, sleeper, zombie_parent, zombie, fx_deep;

struct result {
	char *out, *err;
	size_t len;
	int rc;
};

static void result_free(struct result *r)
{
	free(r->out);
	free(r->err);
	memset(r, 0, sizeof(*r));
}

static char *slurp(const char *path, size_t *len)
{
	struct vms_proc_buf b = {0};

	if (vms_proc_read_path(path, &b)) {
		b.data = strdup("");
		b.len = 0;
	}
	if (len)
		*len = b.len;
	return b.data;
}

/* Split @line at spaces into a NULL-terminated argv (static storage). */
static char **split(const char *line, int *argc)
{
	static char buf[4096];
	static char *argv[64];
	char *save = NULL, *tok;
	int n = 0;

	snprintf(buf, sizeof(buf), "pmap %s", line);
	for (tok = strtok_r(buf, " ", &save); tok && n < 63;
	     tok = strtok_r(NULL, " ", &save))
		argv[n++] = tok;
	argv[n] = NULL;
	*argc = n;
	return argv;
}

/*
 * Run ours (in a child, through vms_pmap_main) or the oracle on @line,
 * as @uid if not -1, with HOME=@home if given.
 */
static void run(struct result *r, bool oracle, int uid, const char *home,
		const char *fmt, ...)
{
	char line[2048], out[512], err[512];
	va_list ap;
	int argc, st, fd;
	char **argv;
	pid_t pid;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	argv = split(line, &argc);
	snprintf(out, sizeof(out), "%s/out", tmpdir);
	snprintf(err, sizeof(err), "%s/err", tmpdir);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 1);
		close(fd);
		fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 2);
		close(fd);
		if (home)
			setenv("HOME", home, 1);
		setenv("LC_ALL", "C.UTF-8", 1);
		if (uid >= 0 && (setgid((gid_t)uid) || setuid((uid_t)uid)))
			_exit(99);
		if (oracle) {
			execv(ORACLE, argv);
			_exit(98);
		}
		_exit(vms_pmap_main(argc, argv));
	}
	waitpid(pid, &st, 0);
	r->rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	r->out = slurp(out, &r->len);
	r->err = slurp(err, NULL);
}

/* The same stdout and exit code as the oracle (and stderr if asked). */
static void same_as(int uid, const char *home, bool with_stderr,
		    const char *fmt, ...)
{
	struct result a, b;
	char line[2048];
	va_list ap;

	if (!have_oracle)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	run(&a, false, uid, home, "%s", line);
	run(&b, true, uid, home, "%s", line);
	if (a.rc != b.rc || strcmp(a.out, b.out) ||
	    (with_stderr && strcmp(a.err, b.err)))
		printf("# pmap %s\n", line);
	CHECK_EQ(a.rc, b.rc);
	CHECK_STR(a.out, b.out);
	if (with_stderr)
		CHECK_STR(a.err, b.err);
	result_free(&a);
	result_free(&b);
}

#define SAME(...) same_as(-1, NULL, false, __VA_ARGS__)

static pid_t start_fixture(const char *mode, const char *dir)
{
	char ready[16];
	int p[2];
	pid_t pid;

	if (pipe(p))
		return -1;
	mkdir(dir, 0755);
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		execl(fixture_bin, fixture_bin, mode, dir, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	if (read(p[0], ready, sizeof(ready)) <= 0) {
		close(p[0]);
		return -1;
	}
	close(p[0]);
	return pid;
}

static bool build_fixture(void)
{
	const char *srcs[] = {"tests/pmap/fixture.c", "../tests/pmap/fixture.c"};
	const char *src = NULL;
	char cmd[2048];

	for (size_t i = 0; i < 2 && !src; i++)
		if (access(srcs[i], R_OK) == 0)
			src = srcs[i];
	if (!src)
		return false;
	snprintf(fixture_bin, sizeof(fixture_bin), "%s/fixture", tmpdir);
	snprintf(cmd, sizeof(cmd),
		 "cc -static -pthread -O1 -o %s %s 2>/dev/null || "
		 "cc -pthread -O1 -o %s %s",
		 fixture_bin, src, fixture_bin, src);
	return system(cmd) == 0;
}

/* The start address of the @n-th line of /proc/PID/maps. */
static uint64_t area_start(pid_t pid, int n, uint64_t *end)
{
	char path[64], *text, *p;
	uint64_t s = 0;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	text = slurp(path, NULL);
	p = text;
	for (int i = 0; i < n && p; i++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (p && *p) {
		s = strtoull(p, &p, 16);
		if (end)
			*end = strtoull(p + 1, NULL, 16);
	}
	free(text);
	return s;
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static int maps_areas(pid_t pid)
{
	char path[64], *t;
	int n;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	t = slurp(path, NULL);
	n = count_lines(t);
	free(t);
	return n;
}

static pid_t missing_pid(void)
{
	for (pid_t p = 4000000; p > 1000; p -= 7)
		if (kill(p, 0) < 0 && errno == ESRCH)
			return p;
	return 999999;
}

/* ---- the fixture in every mode ---- */

static const char *const modes[] = {
	"",	 "-x",	   "-d",    "-q",    "-X",    "-XX",	"-p",
	"-x -p", "-d -p",  "-X -p", "-x -q", "-d -q", "-X -q",	"-XX -q",
	"-q -p", "-XX -p", "-XXX",  "--extended", "--device --quiet",
	"--show-path -X",
};

TEST(fixture_all_modes)
{
	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		SAME("%s %d", modes[i], fx_all);
}

TEST(fixture_pid_forms)
{
	char task[64], tid[32] = "";
	struct dirent *e;
	DIR *d;

	SAME("/proc/%d", fx_all);
	SAME("0x%x", fx_all);
	SAME("0%o", fx_all);
	SAME("/proc/self %d", fx_all);
	/* a thread id shows the thread group */
	snprintf(task, sizeof(task), "/proc/%d/task", fx_all);
	d = opendir(task);
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.' && atoi(e->d_name) != fx_all)
			snprintf(tid, sizeof(tid), "%.20s", e->d_name);
	if (d)
		closedir(d);
	CHECK(tid[0]);
	SAME("%s", tid);
	SAME("-x %s", tid);
	SAME("-X %s", tid);
}

TEST(fixture_ranges)
{
	uint64_t lo, hi, end;
	const char *fixed[] = {"", "-d", "-q", "-d -q", "-p"};

	lo = area_start(fx_all, 2, NULL);
	hi = area_start(fx_all, 6, &end);
	CHECK(lo && hi);
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		SAME("%s -A %llx,%llx %d", fixed[i], (unsigned long long)lo,
		     (unsigned long long)hi, fx_all);
		SAME("%s -A %llx %d", fixed[i], (unsigned long long)hi,
		     fx_all);
		SAME("%s -A 0x%llx, %d", fixed[i], (unsigned long long)hi,
		     fx_all);
		SAME("%s -A ,%llx %d", fixed[i], (unsigned long long)lo,
		     fx_all);
		SAME("%s --range=%llx,%llx %d", fixed[i],
		     (unsigned long long)hi, (unsigned long long)lo, fx_all);
		SAME("%s -A %llx,%llx %d", fixed[i],
		     (unsigned long long)end - 1, (unsigned long long)end,
		     fx_all);
	}
	/* -x: same rows; totals of the range only (procps B2) */
	SAME("-x -A ,%llx %d", (unsigned long long)hi, fx_all);
	SAME("-x -q -A %llx,%llx %d", (unsigned long long)lo,
	     (unsigned long long)hi, fx_all);
	SAME("-A zz %d", fx_all);
	SAME("-A 1,2,3 %d", fx_all);
}

/* Sum of column @col (0-based, spaces between) of the rows of @text. */
static uint64_t column_sum(const char *text, int first_row, int nrows,
			   int col)
{
	uint64_t sum = 0;
	const char *line = text;

	for (int i = 0; line && i < first_row + nrows; i++) {
		if (i >= first_row) {
			const char *p = line;

			for (int c = 0; c < col; c++) {
				while (*p == ' ')
					p++;
				while (*p && *p != ' ')
					p++;
			}
			sum += strtoull(p, NULL, 10);
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return sum;
}

/* The numbers of the line @n of @text (0-based), as columns. */
static uint64_t line_value(const char *text, int n, int col)
{
	return column_sum(text, n, 1, col);
}

TEST(fixed_range_totals)
{
	struct result a, b;
	uint64_t lo, hi;
	int rows;

	lo = area_start(fx_all, 3, NULL);
	hi = area_start(fx_all, 7, NULL);
	/* -x -A: the rows of procps, totals of those rows (B2) */
	run(&a, false, -1, NULL, "-x -A %llx,%llx %d",
	    (unsigned long long)lo, (unsigned long long)hi, fx_all);
	rows = count_lines(a.out) - 4;
	CHECK_EQ(rows, 5);
	CHECK_EQ(line_value(a.out, rows + 3, 2), column_sum(a.out, 2, rows, 1));
	CHECK_EQ(line_value(a.out, rows + 3, 3), column_sum(a.out, 2, rows, 2));
	CHECK_EQ(line_value(a.out, rows + 3, 4), column_sum(a.out, 2, rows, 3));
	if (have_oracle) {
		run(&b, true, -1, NULL, "-x -A %llx,%llx %d",
		    (unsigned long long)lo, (unsigned long long)hi, fx_all);
		/* everything but the totals line is procps's */
		CHECK(!strncmp(a.out, b.out, strlen(a.out) - 40));
		result_free(&b);
	}
	result_free(&a);
	/* -X -A: procps ignores -A (B3); here 5 rows, totals = the sum */
	run(&a, false, -1, NULL, "-X -A %llx,%llx %d",
	    (unsigned long long)lo, (unsigned long long)hi, fx_all);
	rows = count_lines(a.out) - 4;
	CHECK_EQ(rows, 5);
	for (int col = 5; col < 8; col++)
		CHECK_EQ(line_value(a.out, rows + 3, col - 5),
			 column_sum(a.out, 2, rows, col));
	result_free(&a);
}

TEST(several_pids)
{
	struct result a, b;
	size_t half;

	SAME("%d %d", fx_all, fx_all);
	SAME("%d 2 %d", fx_all, fx_all);
	SAME("-x %d %d", fx_all, fx_all);
	SAME("-d %d %d", fx_all, fx_all);
	SAME("-X 2 %d", fx_all);
	/* -X P P: procps 4.0.2 carries the totals over (B4); here the two
	 * blocks are the same, and the first is procps's */
	run(&a, false, -1, NULL, "-X %d %d", fx_all, fx_all);
	half = a.len / 2;
	CHECK(a.len % 2 == 0 && !memcmp(a.out, a.out + half, half));
	if (have_oracle) {
		run(&b, true, -1, NULL, "-X %d %d", fx_all, fx_all);
		CHECK(b.len > half && !memcmp(a.out, b.out, half));
		result_free(&b);
	}
	result_free(&a);
}

TEST(sleep_kthread_zombie)
{
	const char *m[] = {"", "-x", "-d", "-q", "-p", "-x -q", "-X", "-XX"};

	/* sleep shares libc with the observer: no PSS columns for it */
	for (size_t i = 0; i < 6; i++)
		SAME("%s %d", m[i], sleeper);
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		SAME("%s 2", m[i]);
		SAME("%s %d", m[i], zombie);
	}
	SAME("%d 2 %d", zombie, fx_all);
}

TEST(missing_and_unreadable)
{
	pid_t gone = missing_pid();
	struct result a;

	SAME("%d", gone);
	SAME("-x %d", gone);
	SAME("%d %d", fx_all, gone);
	SAME("-X %d %d", gone, fx_all);
	run(&a, false, -1, NULL, "%d", gone);
	CHECK(strstr(a.err, "no such process"));
	result_free(&a);
	if (geteuid() != 0)
		return;
	/* as nobody, a root process's maps cannot be opened: header only */
	for (size_t i = 0; i < 4; i++) {
		const char *m[] = {"", "-x", "-X", "-d"};

		same_as(65534, NULL, false, "%s %d", m[i], fx_all);
		same_as(65534, NULL, false, "%s %d %d", m[i], fx_all, gone);
	}
	run(&a, false, 65534, NULL, "%d", fx_all);
	CHECK_EQ(a.rc, 1);
	CHECK(strstr(a.err, "Permission denied"));
	result_free(&a);
}

TEST(usage_and_errors)
{
	const char *lines[] = {
		"",	     "-h",	  "--help",	 "-V",	   "--version",
		"-s 1",	     "-x -d 1",	  "-X -x 1",	 "-c -X 1",
		"-n -p",     "-n -q",	  "-n 1",	 "-x",	   "abc",
		"0",	     "-1",	  "0x80000000",	 "12abc",  "/proc/self",
		"-r -x",     "--foo 1",	  "-N",		 "-A",
	};

	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++)
		same_as(-1, NULL, true, "%s", lines[i]);
	same_as(-1, NULL, true, "-r %d", fx_all);
}

TEST(rc_files)
{
	char rc[600], home[600], cmd[1400];
	struct result a, b;
	FILE *f;

	if (!have_oracle)
		return;
	snprintf(home, sizeof(home), "%s/home", tmpdir);
	mkdir(home, 0755);
	/* -N FILE: the same template, the same message */
	snprintf(rc, sizeof(rc), "%s/a.rc", tmpdir);
	unlink(rc);
	run(&a, false, -1, NULL, "-N %s", rc);
	{
		char *mine = slurp(rc, NULL);

		unlink(rc);
		run(&b, true, -1, NULL, "-N %s", rc);
		char *theirs = slurp(rc, NULL);

		CHECK_STR(mine, theirs);
		free(mine);
		free(theirs);
	}
	CHECK_EQ(a.rc, b.rc);
	CHECK_STR(a.err, b.err);
	result_free(&a);
	result_free(&b);
	same_as(-1, NULL, true, "-N %s", rc); /* exists now */
	same_as(-1, NULL, true, "--create-rc-to=%s", rc);
	/* -n: ~/.pmaprc */
	snprintf(cmd, sizeof(cmd), "%s/.pmaprc", home);
	unlink(cmd);
	run(&a, false, -1, home, "-n");
	unlink(cmd);
	run(&b, true, -1, home, "-n");
	CHECK_EQ(a.rc, b.rc);
	CHECK_STR(a.err, b.err);
	result_free(&a);
	result_free(&b);
	same_as(-1, home, true, "-n");
	/* -c with the all-commented template: only addresses */
	same_as(-1, home, true, "-c %d", fx_all);
	same_as(-1, home, true, "-c -q %d", fx_all);
	unlink(cmd);
	same_as(-1, home, true, "-c %d", fx_all);
	same_as(-1, NULL, true, "-C /nonexistent/rc %d", fx_all);
	/* -C with some fields, warnings and ShowPath */
	f = fopen(rc, "w");
	fputs("# test\n[Fields Display]\nPerm\n  Size # c\nRss extra\n"
	      "Private_Dirty\nLocked\nVmFlags\nMapping\nNoSuchField\n"
	      "[Other]\nx\n[Mapping]\nShowPath\n[Fields Display] junk\n"
	      "Inode\n",
	      f);
	fclose(f);
	same_as(-1, NULL, true, "-C %s %d", rc, fx_all);
	same_as(-1, NULL, true, "-C %s -p %d", rc, fx_all);
	same_as(-1, NULL, true, "-C %s -q %d", rc, fx_all);
	same_as(-1, NULL, true, "--read-rc-from=%s 2 %d", rc, fx_all);
}

/* ---- -A through PROCMAP_QUERY (VMS_PMAP_QUERY=force/off) ---- */

/* run() with VMS_PMAP_QUERY=@q in the child's environment. */
static void run_q(struct result *r, const char *q, const char *line)
{
	setenv("VMS_PMAP_QUERY", q, 1);
	run(r, false, -1, NULL, "%s", line);
	unsetenv("VMS_PMAP_QUERY");
}

/*
 * The ioctl path forced, the maps path forced and the default choice
 * give the same bytes and exit code; and procps's, if @oracle.
 */
static void same_query(bool oracle, const char *fmt, ...)
{
	struct result f, o, d, p;
	char line[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	run_q(&f, "force", line);
	run_q(&o, "off", line);
	run(&d, false, -1, NULL, "%s", line);
	if (strcmp(f.out, o.out) || strcmp(d.out, o.out))
		printf("# pmap %s\n", line);
	CHECK_EQ(f.rc, o.rc);
	CHECK_EQ(d.rc, o.rc);
	CHECK_STR(f.out, o.out);
	CHECK_STR(d.out, o.out);
	CHECK_STR(f.err, o.err);
	if (oracle && have_oracle) {
		run(&p, true, -1, NULL, "%s", line);
		if (strcmp(f.out, p.out))
			printf("# oracle: pmap %s\n", line);
		CHECK_EQ(f.rc, p.rc);
		CHECK_STR(f.out, p.out);
		result_free(&p);
	}
	result_free(&f);
	result_free(&o);
	result_free(&d);
}

/* Lines of /proc/PID/maps for the areas in [lo, hi], as -A keeps them. */
static char *maps_lines(pid_t pid, uint64_t lo, uint64_t hi)
{
	char path[64], *text, *out, *p, *nl;
	size_t n = 0, len;

	snprintf(path, sizeof(path), "/proc/%d/maps", pid);
	text = slurp(path, &len);
	out = calloc(1, len + 1);
	for (p = text; *p; p = nl + 1) {
		uint64_t s, e;

		nl = strchr(p, '\n');
		if (!nl)
			break;
		s = strtoull(p, NULL, 16);
		e = strtoull(strchr(p, '-') + 1, NULL, 16);
		if (e > lo && s <= hi) {
			memcpy(out + n, p, (size_t)(nl + 1 - p));
			n += (size_t)(nl + 1 - p);
		}
	}
	free(text);
	return out;
}

static bool query_works(void)
{
	struct vms_proc_buf b = {0};
	int rc = vms_procmap_maps("/proc", (unsigned int)getpid(), 0, 0x1000,
				  0, &b);

	vms_proc_buf_free(&b);
	if (rc == -ENOTTY || rc == -EINVAL)
		fprintf(stderr, "test_pmap: no PROCMAP_QUERY (%s), ioctl "
				"cases compare the fallback only\n",
			strerror(-rc));
	return rc == 0;
}

/* The lines built from the ioctl are the lines of maps, byte for byte. */
TEST(procmap_query_lines)
{
	/* below [vsyscall]: a range that reaches it is left to maps */
	const uint64_t below_gate = 0xffffffffff5fffffull;
	pid_t pids[] = {fx_all, fx_hostile, sleeper};
	struct vms_proc_buf b = {0};
	char snap[600], *want;
	uint64_t lo, hi;
	int rc;

	if (!query_works())
		return;
	for (size_t i = 0; i < sizeof(pids) / sizeof(pids[0]); i++) {
		rc = vms_procmap_maps("/proc", (unsigned int)pids[i], 0,
				      below_gate, 0, &b);
		want = maps_lines(pids[i], 0, below_gate);
		CHECK_EQ(rc, 0);
		CHECK(b.data && b.len > 0);
		CHECK_STR(b.data ? b.data : "", want);
		free(want);
	}
	/* the hostile names: "\012" for a newline, " (deleted)", 1.5 KiB */
	rc = vms_procmap_maps("/proc", (unsigned int)fx_hostile, 0,
			      below_gate, 0, &b);
	CHECK(rc == 0 && strstr(b.data, "new\\012line.dat"));
	CHECK(rc == 0 && strstr(b.data, "/kkkkkkkk"));
	/* a part of the areas, both ends inside an area */
	lo = area_start(fx_all, 3, NULL) + 1;
	hi = area_start(fx_all, 8, NULL) + 1;
	rc = vms_procmap_maps("/proc", (unsigned int)fx_all, lo, hi, 0, &b);
	want = maps_lines(fx_all, lo, hi);
	CHECK_EQ(rc, 0);
	CHECK_EQ(count_lines(want), 6);
	CHECK_STR(b.data, want);
	free(want);
	/* the cap on areas */
	CHECK_EQ(vms_procmap_maps("/proc", (unsigned int)fx_all, lo, hi, 5, &b),
		 -E2BIG);
	CHECK_EQ(vms_procmap_maps("/proc", (unsigned int)fx_all, lo, hi, 6, &b),
		 0);
#if defined(__x86_64__)
	/* [vsyscall] is in maps but not in the tree the ioctl searches */
	CHECK_EQ(vms_procmap_maps("/proc", (unsigned int)fx_all, 0, ~0ull, 0,
				  &b),
		 -ERANGE);
#endif
	/* a name over PATH_MAX does not fit the ioctl */
	CHECK(fx_deep > 0);
	if (fx_deep > 0)
		CHECK_EQ(vms_procmap_maps("/proc", (unsigned int)fx_deep, 0,
					  below_gate, 0, &b),
			 -ENAMETOOLONG);
	/* a saved proc root is plain files: no ioctl */
	snprintf(snap, sizeof(snap), "%s/qsnap", tmpdir);
	vms_proc_read("/proc", (unsigned int)fx_all, "maps", &b);
	vms_proc_save(snap, (unsigned int)fx_all, "maps", b.data, b.len);
	CHECK_EQ(vms_procmap_maps(snap, (unsigned int)fx_all, 0, 0x1000, 0, &b),
		 -ENOTTY);
	/* no such process */
	CHECK_EQ(vms_procmap_maps("/proc", (unsigned int)missing_pid(), 0,
				  0x1000, 0, &b),
		 -ENOENT);
	vms_proc_buf_free(&b);
}

/* -A with the ioctl forced on and off: the same bytes, procps's bytes. */
TEST(query_ranges)
{
	const char *m[] = {"", "-d", "-q", "-p", "-d -q -p", "-q -p"};
	const char *ours[] = {"-k", "--perms=r", "--name=.dat -d", "-x",
			      "-X", "--gaps"};
	uint64_t s[12], e[12], lo, hi;
	char snap[600];
	int n = maps_areas(fx_all);
	struct result a;

	CHECK(n > 12);
	for (int i = 0; i < 12; i++)
		s[i] = area_start(fx_all, i * (n - 1) / 11, &e[i]);
	for (size_t k = 0; k < sizeof(m) / sizeof(m[0]); k++) {
		/* each point, at an area's first and last byte and past it */
		for (int i = 0; i < 12; i++) {
			same_query(true, "%s -A %llx %d", m[k],
				   (unsigned long long)s[i], fx_all);
			same_query(true, "%s -A %llx %d", m[k],
				   (unsigned long long)e[i] - 1, fx_all);
			same_query(true, "%s -A %llx,%llx %d", m[k],
				   (unsigned long long)e[i],
				   (unsigned long long)e[i], fx_all);
		}
		same_query(true, "%s -A %llx,%llx %d", m[k],
			   (unsigned long long)s[1], (unsigned long long)s[8],
			   fx_all);
		/* reversed, open ends, everything below and with the gate */
		same_query(true, "%s -A %llx,%llx %d", m[k],
			   (unsigned long long)s[8], (unsigned long long)s[1],
			   fx_all);
		same_query(true, "%s -A ,%llx %d", m[k],
			   (unsigned long long)s[6], fx_all);
		same_query(true, "%s -A %llx, %d", m[k],
			   (unsigned long long)s[6], fx_all);
		same_query(true, "%s -A 0,ffffffffff5fffff %d", m[k], fx_all);
		same_query(true, "%s -A 0,ffffffffffffffff %d", m[k], fx_all);
		same_query(true, "%s -A ffffffffff600000 %d", m[k], fx_all);
		same_query(true, "%s -A 1,2 %d", m[k], fx_all);
		/* sleep, a kernel thread, a zombie, a missing PID, several */
		same_query(true, "%s -A 0,7fffffffffff %d", m[k], sleeper);
		same_query(true, "%s -A 0,7fffffffffff 2", m[k]);
		same_query(true, "%s -A 0,7fffffffffff %d", m[k], zombie);
		same_query(true, "%s -A 0,7fffffffffff %d", m[k],
			   missing_pid());
		same_query(true, "%s -A %llx,%llx %d %d %d", m[k],
			   (unsigned long long)s[2], (unsigned long long)s[9],
			   fx_all, sleeper, fx_all);
		/* hostile names: procps cuts and garbles them (B1, B6) */
		same_query(false, "%s -A 0,7fffffffffff %d", m[k], fx_hostile);
		if (fx_deep > 0)
			same_query(false, "%s -A 0,7fffffffffff %d", m[k],
				   fx_deep);
	}
	/* beyond procps, and the smaps modes: the same either way */
	lo = s[2];
	hi = s[9];
	for (size_t k = 0; k < sizeof(ours) / sizeof(ours[0]); k++)
		same_query(false, "%s -A %llx,%llx %d", ours[k],
			   (unsigned long long)lo, (unsigned long long)hi,
			   fx_all);
	/* a snapshot has no ioctl: the fallback reads its maps */
	snprintf(snap, sizeof(snap), "%s/snap-q", tmpdir);
	run(&a, false, -1, NULL, "--save=%s %d", snap, fx_all);
	result_free(&a);
	same_query(false, "--proc-root=%s -A %llx,%llx %d", snap,
		   (unsigned long long)lo, (unsigned long long)hi, fx_all);
	run_q(&a, "force", "-d -A 0,7fffffffffff /proc/self");
	CHECK_EQ(a.rc, 1); /* /proc/self is skipped: no PID */
	result_free(&a);
	/* as nobody, maps of a root process cannot be opened, nor queried */
	if (geteuid() == 0 && have_oracle) {
		char line[128];
		struct result f, p;

		snprintf(line, sizeof(line), "-A %llx,%llx %d",
			 (unsigned long long)lo, (unsigned long long)hi,
			 fx_all);
		setenv("VMS_PMAP_QUERY", "force", 1);
		run(&f, false, 65534, NULL, "%s", line);
		unsetenv("VMS_PMAP_QUERY");
		run(&p, true, 65534, NULL, "%s", line);
		CHECK_EQ(f.rc, p.rc);
		CHECK_STR(f.out, p.out);
		result_free(&f);
		result_free(&p);
	}
}

/*
 * A child of the tests that maps a file whose path is longer than
 * PATH_MAX (the ioctl cannot return it) and, where the kernel has
 * CONFIG_ANON_VMA_NAME, an anonymous area named by prctl.
 */
static pid_t start_deep(void)
{
	char comp[256], ready;
	int p[2], fd;
	pid_t pid;

	if (pipe(p))
		return -1;
	pid = fork();
	if (pid == 0) {
		void *a;

		close(p[0]);
		if (chdir(tmpdir))
			_exit(1);
		memset(comp, 'd', 250);
		comp[250] = '\0';
		for (int d = 0; d < 18; d++)
			if ((mkdir(comp, 0700) && errno != EEXIST) ||
			    chdir(comp))
				_exit(1);
		fd = open("deep\nname.dat", O_RDWR | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || ftruncate(fd, 8192) ||
		    mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED)
			_exit(1);
		a = mmap(NULL, 12288, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		/* PR_SET_VMA, PR_SET_VMA_ANON_NAME; fails without the option */
		if (a != MAP_FAILED)
			prctl(0x53564d41, 0, (unsigned long)a, 12288ul,
			      (unsigned long)"vms test");
		if (write(p[1], "r", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	if (read(p[0], &ready, 1) != 1) {
		close(p[0]);
		return -1;
	}
	close(p[0]);
	return pid;
}

/* ---- names no procps version prints right ---- */

static bool has_raw_controls(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 && *s != '\n')
			return true;
	return false;
}

TEST(hostile_names)
{
	const char *m[] = {"", "-x", "-d", "-X", "-XX", "-p", "-X -p"};
	int areas = maps_areas(fx_hostile);
	struct result a;

	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		/* header lines and footer lines of each mode */
		const int extra[] = {2, 4, 3, 4, 4, 2, 4};

		run(&a, false, -1, NULL, "%s %d", m[i], fx_hostile);
		CHECK_EQ(a.rc, 0);
		/* one row per area, whatever the names */
		CHECK_EQ(count_lines(a.out), areas + extra[i]);
		CHECK(!has_raw_controls(a.out));
		CHECK(!strstr(a.out, "\xff"));
		CHECK(!strstr(a.out, "\xc2\x9b"));
		/* valid UTF-8 is kept; B9's [x/y] is not cut */
		CHECK(strstr(a.out, "\xc3\xa9t\xc3\xa9-\xe2\x82\xac.dat"));
		CHECK(strstr(a.out, "esc?[31mRED?[0m.dat"));
		CHECK(strstr(a.out, "tab?here.dat"));
		CHECK(strstr(a.out, "new\\012line.dat"));
		CHECK(strstr(a.out, "long.dat"));
		if (i == 0) {
			/* totals are the sum of the rows */
			CHECK_EQ(line_value(a.out, areas + 1, 1),
				 column_sum(a.out, 1, areas, 1));
		}
		if (i == 1) {
			for (int c = 1; c <= 3; c++)
				CHECK_EQ(line_value(a.out, areas + 3, c + 1),
					 column_sum(a.out, 2, areas, c));
		}
		if (i == 3)
			CHECK_EQ(line_value(a.out, areas + 3, 0),
				 column_sum(a.out, 2, areas, 5));
		result_free(&a);
	}
	/* the long path whole with -p */
	run(&a, false, -1, NULL, "-p %d", fx_hostile);
	CHECK(strstr(a.out, "/kkkkkkkk"));
	result_free(&a);
}

/* ---- proc-root snapshots ---- */

TEST(save_and_proc_root)
{
	char snap[600];
	struct result a, b;
	const char *m[] = {"", "-x", "-d", "-X", "-XX", "-p", "-q"};

	snprintf(snap, sizeof(snap), "%s/snap", tmpdir);
	run(&a, false, -1, NULL, "--save=%s %d", snap, fx_all);
	CHECK_EQ(a.rc, 0);
	result_free(&a);
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
		run(&a, false, -1, NULL, "%s --proc-root=%s %d", m[i], snap,
		    fx_all);
		run(&b, false, -1, NULL, "%s %d", m[i], fx_all);
		CHECK_EQ(a.rc, 0);
		CHECK_STR(a.out, b.out);
		result_free(&a);
		result_free(&b);
	}
	run(&a, false, -1, NULL, "--proc-root=%s %d", snap, missing_pid());
	CHECK_EQ(a.rc, 42);
	result_free(&a);
}

/* The committed snapshot of tests/pmap/snap against procps's output,
 * captured at the same moment (tests/pmap/capture.sh). */
TEST(golden_snapshot)
{
	const char *dirs[] = {"tests/pmap/snap", "../tests/pmap/snap"};
	const char *dir = NULL;
	char path[600], *want, *line, *nl, *sp;
	struct result a;
	size_t n;

	for (size_t i = 0; i < 2 && !dir; i++)
		if (access(dirs[i], R_OK) == 0)
			dir = dirs[i];
	CHECK(dir);
	if (!dir)
		return;
	snprintf(path, sizeof(path), "%s/cases", dir);
	want = slurp(path, &n);
	CHECK(n > 0);
	/* each line: "OUTFILE ARGS..." */
	for (line = want; line && *line; line = nl) {
		char args[512], file[256], *expect;

		nl = strchr(line, '\n');
		if (nl)
			*nl++ = '\0';
		sp = strchr(line, ' ');
		if (!sp)
			continue;
		snprintf(file, sizeof(file), "%.*s", (int)(sp - line), line);
		snprintf(args, sizeof(args), "%s", sp + 1);
		snprintf(path, sizeof(path), "%s/%s", dir, file);
		expect = slurp(path, NULL);
		run(&a, false, -1, NULL, "--proc-root=%s %s", dir, args);
		if (strcmp(a.out, expect))
			printf("# golden %s\n", file);
		CHECK_STR(a.out, expect);
		result_free(&a);
		free(expect);
	}
	free(want);
}

/* ---- the scanner ---- */

TEST(scanner_edges)
{
	const char text[] =
		"garbage line\n"
		"00400000-00401000 r-xp 00001000 fe:01 42        /bin/x y\n"
		"Rss:                   8 kB\n"
		"Shared_Dirty:          1 kB\n"
		"Private_Dirty:         2 kB\n"
		"THPeligible:    0\n"
		"VmFlags: rd ex mr \n"
		"7f0000000000-7f0000001000 ---p 00000000 00:00 0 \n"
		"ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0  [vsyscall]";
	const char *pos = text, *end = text + sizeof(text) - 1, *p;
	struct pmap_x_vals v;
	struct pmap_area a;
	struct pmap_kv kv;
	uint64_t x;
	int n = 0;

	CHECK(pmap_scan_next(&pos, end, &a));
	CHECK_EQ(a.start, 0x400000);
	CHECK_EQ(a.offset, 0x1000);
	CHECK_EQ(a.major, 0xfe);
	CHECK_EQ(a.minor, 1);
	CHECK_EQ(a.inode, 42);
	CHECK(a.name.len == 8 && !memcmp(a.name.s, "/bin/x y", 8));
	pmap_x_counters(&a, &v);
	CHECK_EQ(v.rss, 8);
	CHECK_EQ(v.dirty, 3);
	CHECK(pmap_counter(&a, "THPeligible", &x) && x == 0);
	CHECK(!pmap_counter(&a, "Pss", &x));
	for (p = a.body; pmap_kv_next(&p, a.body_end, &kv);)
		n++;
	CHECK_EQ(n, 5);
	CHECK(pmap_scan_next(&pos, end, &a));
	CHECK_EQ(a.name.len, 0);
	CHECK(pmap_scan_next(&pos, end, &a));
	CHECK(a.name.len == 10 && a.end == 0xffffffffff601000ull);
	CHECK(!pmap_scan_next(&pos, end, &a));
}

TEST(beyond_procps)
{
	struct result a;

	run(&a, false, -1, NULL, "--json %d", fx_all);
	CHECK_EQ(a.rc, 0);
	CHECK(a.out[0] == '[' && strstr(a.out, "\"Rss\": "));
	CHECK(strstr(a.out, "\"vmflags\": \""));
	result_free(&a);
	run(&a, false, -1, NULL, "-k %d", fx_all);
	CHECK(strstr(a.out, "[heap]") && strstr(a.out, "[vdso]"));
	result_free(&a);
	run(&a, false, -1, NULL, "--gaps %d", fx_all);
	CHECK(strstr(a.out, "[ gap ]"));
	result_free(&a);
	run(&a, false, -1, NULL, "--name=.dat -x %d", fx_all);
	CHECK(strstr(a.out, "shared.dat") && !strstr(a.out, "[ anon ]"));
	result_free(&a);
	run(&a, false, -1, NULL, "--perms=s %d", fx_all);
	CHECK(!strstr(a.out, "r---- ") && strstr(a.out, "rw-s-"));
	result_free(&a);
	run(&a, false, -1, NULL, "--summary %d", fx_all);
	CHECK(strstr(a.out, "anonymous") && strstr(a.out, "total"));
	result_free(&a);
}

TEST(diff_snapshot)
{
	char snap[600];
	struct result a;

	snprintf(snap, sizeof(snap), "%s/snap", tmpdir);
	run(&a, false, -1, NULL, "--diff=%s %d", snap, fx_all);
	CHECK_EQ(a.rc, 0);
	CHECK(strstr(a.out, "no change"));
	result_free(&a);
	run(&a, false, -1, NULL, "--diff=%s %d", snap, fx_hostile);
	CHECK_EQ(a.rc, 1); /* the snapshot lacks that process */
	result_free(&a);
}

static void cleanup(void)
{
	char cmd[600];

	if (fx_all > 0)
		kill(fx_all, SIGKILL);
	if (fx_hostile > 0)
		kill(fx_hostile, SIGKILL);
	if (fx_deep > 0)
		kill(fx_deep, SIGKILL);
	if (sleeper > 0)
		kill(sleeper, SIGKILL);
	if (zombie_parent > 0)
		kill(zombie_parent, SIGKILL);
	while (waitpid(-1, NULL, 0) > 0)
		;
	if (tmpdir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "test_pmap: could not remove %s\n",
				tmpdir);
	}
}

/* A child that forks a grandchild which exits unreaped: a zombie. */
static void start_zombie(void)
{
	int p[2];

	if (pipe(p))
		return;
	zombie_parent = fork();
	if (zombie_parent == 0) {
		pid_t z = fork();

		if (z == 0)
			_exit(0);
		if (write(p[1], &z, sizeof(z)) != sizeof(z))
			_exit(1);
		for (;;)
			pause();
	}
	if (read(p[0], &zombie, sizeof(zombie)) != sizeof(zombie))
		zombie = 0;
	close(p[0]);
	close(p[1]);
	usleep(100000);
}

int main(void)
{
	char dir[600];

	snprintf(tmpdir, sizeof(tmpdir), "/tmp/vms-pmap-XXXXXX");
	if (!mkdtemp(tmpdir))
		return 1;
	have_oracle = access(ORACLE, X_OK) == 0;
	have_fixture = build_fixture();
	if (!have_oracle)
		fprintf(stderr, "test_pmap: no %s, oracle cases skipped\n",
			ORACLE);
	if (!have_fixture)
		fprintf(stderr, "test_pmap: no C compiler, skipped\n");
	/* CI installs both: there, a skip would hide a failure */
	if (getenv("CI") && (!have_oracle || !have_fixture)) {
		printf("not ok pmap_oracle: %s missing under CI\n",
		       have_oracle ? "the fixture compiler" : ORACLE);
		cleanup();
		return 1;
	}
	if (!have_fixture) {
		cleanup();
		return 0;
	}
	snprintf(dir, sizeof(dir), "%s/all", tmpdir);
	fx_all = start_fixture("all", dir);
	snprintf(dir, sizeof(dir), "%s/hostile", tmpdir);
	fx_hostile = start_fixture("hostile", dir);
	sleeper = fork();
	if (sleeper == 0) {
		execlp("sleep", "sleep", "1000", (char *)NULL);
		_exit(127);
	}
	start_zombie();
	fx_deep = start_deep();
	usleep(50000);

	RUN(scanner_edges);
	RUN(fixture_all_modes);
	RUN(fixture_pid_forms);
	RUN(fixture_ranges);
	RUN(fixed_range_totals);
	RUN(procmap_query_lines);
	RUN(query_ranges);
	RUN(several_pids);
	RUN(sleep_kthread_zombie);
	RUN(missing_and_unreadable);
	RUN(usage_and_errors);
	RUN(rc_files);
	RUN(hostile_names);
	RUN(save_and_proc_root);
	RUN(golden_snapshot);
	RUN(beyond_procps);
	RUN(diff_snapshot);
	cleanup();
	return CHECK_DONE();
}
