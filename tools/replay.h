/* SPDX-License-Identifier: MIT */
/*
 * `vmspace replay`: apply the memory calls of an strace log (or of a
 * hand-written scenario in the same notation) to a model address space,
 * print each applied call with the model's result, then the final maps.
 *
 * Exit status: 0; 1 if a recorded result differs from the model's;
 * 2 if a line was malformed (processing goes on) or on a usage, I/O or
 * --initial error (processing stops).
 */
#ifndef VMS_REPLAY_H
#define VMS_REPLAY_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "vmspace.h"
#include "os/os.h"

struct vms_replay_opts {
	struct vms_config cfg; /* vms_config_default() + the options */
	const char *input;     /* FILE, "-" for standard input */
	const char *initial;   /* --initial FILE: maps/smaps to start from */
	const char *output;    /* -o FILE; NULL: standard output */
	uint64_t start_stack;  /* --start-stack ADDR; 0: unset */
	bool smaps;	       /* --smaps: end with smaps, not maps */
	/* How opened paths are looked up; NULL: every path is missing.
	 * Tests and fuzzers put a fake here. */
	int (*stat)(const char *path, struct vms_os_stat *st);
};

/*
 * The open file description a stat'ed path gets when opened with the
 * open(2) @flags: identity, size, kind, FMODE_READ/WRITE.
 */
void vms_replay_file_desc(const struct vms_os_stat *st, uint64_t flags,
			  struct vms_file_desc *d);

/* The defaults: vms_config_default() (this machine, as root), real stat. */
void vms_replay_opts_init(struct vms_replay_opts *o);

/*
 * Parse the arguments of `replay` (argv[0] is "replay").  Returns 0, 1
 * after --help (usage printed on @out) or 2 after a message on @err.
 */
int vms_replay_parse_args(struct vms_replay_opts *o, int argc, char **argv,
			  FILE *out, FILE *err);
void vms_replay_usage(FILE *f);

struct vms_replay;

/*
 * A replay writing results to @out and diagnostics, prefixed by @name
 * (the input's name), to @err.  Returns 0 or -errno.
 */
int vms_replay_create(const struct vms_replay_opts *o, const char *name,
		      FILE *out, FILE *err, struct vms_replay **rp);
void vms_replay_destroy(struct vms_replay *r);
vms_mm *vms_replay_mm(struct vms_replay *r);

/*
 * Load the --initial snapshot text; @name prefixes error messages.
 * Returns 0, or 2 after reporting "NAME:LINE: error: ...".
 */
int vms_replay_load_initial(struct vms_replay *r, const char *name,
			    const char *text, size_t len);

/* Process one input line (without '\n'); lines are numbered in order. */
void vms_replay_line(struct vms_replay *r, const char *line, size_t len);
/* Process a text of lines; a last line needs no '\n'. */
void vms_replay_feed(struct vms_replay *r, const char *text, size_t len);

/* Print the empty line and the final maps (or smaps); returns the exit
 * status (0, 1 or 2, see above). */
int vms_replay_finish(struct vms_replay *r);

/* The whole subcommand: `vmspace replay ARGS...`; returns the status. */
int vms_replay_main(int argc, char **argv);

#endif /* VMS_REPLAY_H */
