// SPDX-License-Identifier: MIT
/*
 * Recorded kernel scenarios: every tests/scenarios/NAME.strace is
 * replayed on an empty model by the replay engine, and its output (each
 * call with its result, an empty line, the maps of the test window and
 * the [heap]) must equal NAME.expected, which `test_diff --record` took
 * from the live kernel.  Device and inode numbers of files are
 * normalised: the scenario files are recreated for each run.  A scenario
 * with brk starts with "brk(NULL) = X", X the helper's initial break
 * (record checks it).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "replay.h"
#include "support/diff.h"

static const char *scn_dir = "tests/scenarios";
static const char *scn_name;

/*
 * One normalised output line: call lines as they are; maps lines of the
 * window with a file's dev and inode replaced; other maps lines dropped.
 * Appends to @out (of size @cap, NUL-terminated).
 */
static void norm_line(const char *l, size_t n, bool maps, char *out,
		      size_t cap)
{
	size_t len = strlen(out);
	unsigned long long s, e, off, ino;
	unsigned int maj, min;
	char perms[8], name[4200] = "";
	char line[4400];
	int at = 0;

	if (n >= sizeof(line))
		n = sizeof(line) - 1;
	memcpy(line, l, n);
	line[n] = '\0';
	if (!maps) {
		snprintf(out + len, cap - len, "%s\n", line);
		return;
	}
	if (sscanf(line, "%llx-%llx %7s %llx %x:%x %llu %n", &s, &e, perms,
		   &off, &maj, &min, &ino, &at) < 7)
		return;
	if (at > 0 && (size_t)at < n)
		snprintf(name, sizeof(name), "%s", line + at);
	if ((e <= DIFF_WIN_BASE || s >= DIFF_WIN_BASE + DIFF_WIN_SIZE) &&
	    strcmp(name, "[heap]"))
		return;
	if (name[0] == '/')
		maj = min = 0, ino = 0;
	snprintf(out + len, cap - len, "%llx-%llx %s %08llx %02x:%02x %llu %s\n",
		 s, e, perms, off, maj, min, ino, name);
}

static char *normalise(const char *text, size_t len)
{
	size_t cap = len * 2 + 64;
	char *out = calloc(1, cap);
	const char *p = text, *end = text + len;
	bool maps = false;

	if (!out)
		return NULL;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (n == 0 && !maps) {
			maps = true;
			strcat(out, "\n");
		} else if (n) {
			norm_line(p, n, maps, out, cap);
		}
		p += n + (nl ? 1 : 0);
	}
	return out;
}

TEST(scenario)
{
	char path[512], *strace = NULL, *expected = NULL, *got = NULL;
	char *errs = NULL, *a = NULL, *b = NULL;
	size_t slen, elen, glen, errlen;
	struct vms_replay_opts o;
	struct vms_replay *r = NULL;
	FILE *out, *err;
	int status;

	snprintf(path, sizeof(path), "%s/%s.strace", scn_dir, scn_name);
	CHECK(vms_os_read_file(path, &strace, &slen) == 0);
	snprintf(path, sizeof(path), "%s/%s.expected", scn_dir, scn_name);
	CHECK(vms_os_read_file(path, &expected, &elen) == 0);
	CHECK(diff_scenario_files() == 0);
	if (check_case_failed)
		goto out;
	vms_replay_opts_init(&o);
	out = open_memstream(&got, &glen);
	err = open_memstream(&errs, &errlen);
	CHECK(vms_replay_create(&o, scn_name, out, err, &r) == 0);
	if (r) {
		vms_replay_feed(r, strace, slen);
		status = vms_replay_finish(r);
		vms_replay_destroy(r);
		CHECK(status != 2);
	}
	fclose(out);
	fclose(err);
	if (errs && errs[0] && check_case_failed)
		printf("# %s", errs);
	a = normalise(got, glen);
	b = normalise(expected, elen);
	if (a && b)
		CHECK_STR(a, b);
out:
	free(a);
	free(b);
	free(got);
	free(errs);
	free(strace);
	free(expected);
}

static int by_name(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

int main(void)
{
	char *names[256];
	size_t n = 0, i;
	struct dirent *d;
	DIR *dir;

	if (getenv("VMS_SCENARIO_DIR"))
		scn_dir = getenv("VMS_SCENARIO_DIR");
	dir = opendir(scn_dir);
	if (!dir) {
		printf("not ok scenarios: %s: %s\n", scn_dir, strerror(errno));
		return 1;
	}
	while ((d = readdir(dir)) && n < 256) {
		size_t l = strlen(d->d_name);

		if (l > 7 && !strcmp(d->d_name + l - 7, ".strace"))
			names[n++] = strndup(d->d_name, l - 7);
	}
	closedir(dir);
	qsort(names, n, sizeof(names[0]), by_name);
	for (i = 0; i < n; i++) {
		char case_name[300];

		snprintf(case_name, sizeof(case_name), "scenario_%s", names[i]);
		scn_name = names[i];
		check_case_name = case_name;
		check_case_failed = 0;
		scenario();
		if (check_case_failed) {
			check_failed_cases++;
		} else {
			check_passed_cases++;
			printf("ok %s\n", case_name);
		}
		fflush(stdout);
		free(names[i]);
	}
	if (!n)
		printf("not ok scenarios: none in %s\n", scn_dir);
	return n ? CHECK_DONE() : 1;
}
