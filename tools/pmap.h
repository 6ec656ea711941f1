/* SPDX-License-Identifier: MIT */
/*
 * `vmspace pmap`: procps-ng pmap 4.0.2, byte for byte, on live processes
 * or on a saved proc root, without its bugs (see the reference's B1-B9)
 * and faster; plus --json, -k, filters, --gaps, --summary, --diff and
 * --save.  Installed (or linked) as `pmap`, the binary answers to it.
 *
 * Exit status as procps: 0; 1 on a usage error or when some process's
 * maps could not be read; 42 when some PID does not exist; 43 for both.
 */
#ifndef VMS_PMAP_H
#define VMS_PMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "os/proc.h"
#include "pmap_name.h"
#include "pmap_out.h"
#include "pmap_scan.h"

enum pmap_mode {
	PMAP_DEFAULT,	/* maps: "start sizeK mode name" */
	PMAP_EXTENDED,	/* -x: smaps, RSS and Dirty */
	PMAP_DEVICE,	/* -d: maps, offset and device */
	PMAP_TABLE,	/* -X, -XX, -c, -C: the smaps table */
};

struct pmap_opts {
	enum pmap_mode mode;
	int X;			/* 1: -X; 2: -XX; 0: rc mode or other */
	bool rc;		/* -c/-C: columns from the rc file */
	char **rc_fields;	/* the uncommented [Fields Display] entries */
	size_t nr_rc_fields;
	bool quiet, showpath, kernel_names;
	uint64_t lo, hi;	/* -A */
	bool range;		/* -A was given */
	int query;		/* PROCMAP_QUERY for -A: -1 never, 0 when
				 * faster, 1 always (VMS_PMAP_QUERY) */
	const char *root;	/* "/proc", or --proc-root DIR */
	const char *save;	/* --save DIR */
	/* beyond procps */
	bool json, gaps, summary;
	const char *name_filter;	/* --name SUBSTRING */
	const char *perm_filter;	/* --perms rwxsp pattern */
	const char *diff;	/* --diff SNAPSHOT */
};

/* The column state of -X, which procps keeps from one PID to the next. */
struct pmap_col {
	char key[32];
	size_t width;
	uint64_t total;
	char last[24];		/* value shown when an area lacks the key */
};

struct pmap_table {
	struct pmap_col *cols;
	size_t nr, cap;
};

/* What the header line and the naming rules need about a process. */
struct pmap_task {
	unsigned int pid, tgid, ppid;
	char state;
	uint64_t start_stack;
	char *header;		/* escaped command line, or [comm] */
};

/* Read the task's stat, status and cmdline under @root.  -errno. */
int pmap_task_read(const char *root, unsigned int pid, struct pmap_task *t,
		   struct vms_proc_buf *scratch);
void pmap_task_free(struct pmap_task *t);

/*
 * Is the area inside -A and the filters?  1: show it; 0: skip it; -1: it
 * starts past the -A range, and so do all that follow (procps stops).
 */
int pmap_keep(const struct pmap_opts *o, const struct pmap_area *a);
/* The next area the filters and -A show: false at the end of the text or
 * once past -A's range. */
bool pmap_next_shown(const char **pos, const char *end,
		     const struct pmap_opts *o, struct pmap_area *a);

/* The body of one process in each procps mode; @text is maps or smaps. */
void pmap_render_default(struct pmap_out *out, const struct pmap_opts *o,
			 const struct pmap_name_ctx *nc, const char *text,
			 size_t len);
void pmap_render_extended(struct pmap_out *out, const struct pmap_opts *o,
			  const struct pmap_name_ctx *nc, const char *text,
			  size_t len);
void pmap_render_device(struct pmap_out *out, const struct pmap_opts *o,
			const struct pmap_name_ctx *nc, const char *text,
			size_t len);
/* Returns 0, or 1 after "inconsistent detail field" (message in @err). */
int pmap_render_table(struct pmap_out *out, const struct pmap_opts *o,
		      struct pmap_table *t, const char *text, size_t len,
		      char *err, size_t err_len);
void pmap_table_free(struct pmap_table *t);

/* rc files.  Return 0 or 1 (messages on stderr, prefixed "pmap: "). */
int pmap_rc_read(struct pmap_opts *o, const char *path);
int pmap_rc_create(const char *path);
void pmap_rc_free(struct pmap_opts *o);

/* Beyond procps (pmap_extra.c). */
void pmap_render_json(struct pmap_out *out, const struct pmap_opts *o,
		      const struct pmap_task *t, const char *smaps,
		      size_t len, bool first);
void pmap_render_gaps(struct pmap_out *out, const struct pmap_opts *o,
		      const struct pmap_name_ctx *nc, const char *text,
		      size_t len);
void pmap_render_summary(struct pmap_out *out, const struct pmap_opts *o,
			 const char *smaps, size_t len, const char *rollup,
			 size_t rlen);
/* Compare two maps/smaps texts; returns 0 if equal, 1 if different. */
int pmap_render_diff(struct pmap_out *out, const struct pmap_opts *o,
		     const char *old, size_t olen, const char *new_,
		     size_t nlen);

/* The whole subcommand; argv[0] is "pmap" (or the program name). */
int vms_pmap_main(int argc, char **argv);

#endif /* VMS_PMAP_H */
