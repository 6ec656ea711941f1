/* SPDX-License-Identifier: MIT */
/*
 * The differential harness: the same call sequence is applied to the live
 * kernel (in a helper process) and to the model, and the two address
 * spaces are compared after every call.
 *
 *  diff_gen.c     seeded generator of random mmap/munmap/mprotect calls
 *  diff_kernel.c  the kernel executor: a helper without ASLR that runs
 *                 calls with raw syscalls; smaps snapshots
 *  diff_child/    the helper itself: a static program without libc
 *                 (diff_proto.h is the pipe protocol)
 *  diff_model.c   the model executor, the normalised area lists, their
 *                 comparison and printing
 */
#ifndef VMS_TEST_DIFF_H
#define VMS_TEST_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "vmspace.h"
#include "scall.h"

/*
 * The test window: most fixed addresses fall here so that areas meet,
 * merge and split.  Nothing of the helper is mapped there; it is unmapped
 * before the first snapshot all the same.
 */
#define DIFF_WIN_BASE	0x100000000ULL
#define DIFF_WIN_SIZE	(1ULL << 30)
#define DIFF_PAGE	4096ULL
#define DIFF_TASK_SIZE	0x7ffffffff000ULL

/* ---- the files a random sequence can map ---- */

/*
 * The helper's fd table for random sequences, fixed so that the model
 * can be given the same one.  Every fd names one of the temporary paths;
 * fds with the same @ident share one open file description (dup).
 */
enum diff_path { DIFF_FILE_A, DIFF_FILE_B, DIFF_DIR, DIFF_NPATHS };

struct diff_fd {
	int fd;
	enum diff_path path;
	int oflags;	/* O_RDWR, O_RDONLY, ... */
	int ident;	/* open file description; equal ident = dup */
};

extern const struct diff_fd diff_fds[];
extern const size_t diff_nfds;
#define DIFF_FD_CLOSED	17	/* never open: EBADF */
#define DIFF_FILE_SIZE	(1ULL << 20)

/* Create the temporary files under a fresh directory; fills @paths. */
int diff_files_create(char paths[DIFF_NPATHS][256]);
void diff_files_remove(char paths[DIFF_NPATHS][256]);

/*
 * The files scenarios open, (re)created identically before a recording
 * and before a replay: DIFF_SCN_FILE and DIFF_SCN_FILE2, 1 MiB each.
 */
#define DIFF_SCN_FILE	"/tmp/vmspace-scn-file"
#define DIFF_SCN_FILE2	"/tmp/vmspace-scn-file2"
int diff_scenario_files(void);

/* ---- kernel executor (diff_kernel.c) ---- */

struct diff_child {
	pid_t pid;
	int to, from;		/* request and response pipes */
};

/*
 * Start a helper: the executable @helper (build-san/tests/diff_child)
 * with ADDR_NO_RANDOMIZE, no environment, the request pipes and, with
 * @paths, the files of diff_fds.  Returns 0 or -errno.
 */
int diff_child_start(struct diff_child *c, const char *helper,
		     char paths[DIFF_NPATHS][256]);
/* Run one call; *res is the syscall's value or -errno (-ENOSYS for a
 * call the helper does not run).  0 or -EPIPE when the helper died. */
int diff_child_call(struct diff_child *c, const struct vms_scall *call,
		    int64_t *res);
/* Read /proc/PID/smaps (or maps) of the helper into a malloc'ed text. */
int diff_child_read(struct diff_child *c, const char *what, char **text,
		    size_t *len);
void diff_child_stop(struct diff_child *c);

/* mmap_base of a process without ASLR, from its RLIMIT_STACK. */
uint64_t diff_mmap_base(uint64_t rlimit_stack);

/* ---- normalised areas (diff_model.c) ---- */

struct diff_area {
	uint64_t start, end;
	uint64_t flags;		/* VMS_* bits, incl. protection key bits */
	char perms[5];
	uint64_t offset;	/* bytes, as printed */
	unsigned int major, minor;
	uint64_t inode;
	char name[128];
};

struct diff_layout {
	struct diff_area *a;
	size_t n, cap;
	bool has_pkey;		/* the kernel printed ProtectionKey: */
};

void diff_layout_free(struct diff_layout *l);
/* Parse smaps (or maps: flags 0) text; user areas only.  0 or -EINVAL. */
int diff_parse_smaps(const char *text, size_t len, struct diff_layout *l);
/* Index of the first differing area, or -1 when equal. */
long diff_layout_cmp(const struct diff_layout *k, const struct diff_layout *m);
/* Print kernel and model side by side around the first difference. */
void diff_layout_print(FILE *f, const struct diff_layout *k,
		       const struct diff_layout *m);

/* ---- model executor (diff_model.c) ---- */

struct diff_env {
	struct vms_config cfg;
	char (*paths)[256];	/* NULL: no files */
};

/* The configuration matching a helper started by this process. */
void diff_env_init(struct diff_env *env, char paths[DIFF_NPATHS][256]);

/* A model loaded from the helper's smaps, with the helper's fd table. */
int diff_model_create(const struct diff_env *env, const char *smaps,
		      size_t len, vms_mm **out, char *err, size_t errlen);
int64_t diff_model_call(vms_mm *mm, const struct vms_scall *c);
int diff_model_layout(vms_mm *mm, struct diff_layout *l);

/* ---- generator (diff_gen.c) ---- */

struct diff_rng {
	uint64_t s;
};
void diff_rng_seed(struct diff_rng *r, uint64_t seed);
uint64_t diff_rng_next(struct diff_rng *r);
/* Uniform in [0, n) (n > 0). */
uint64_t diff_rng_below(struct diff_rng *r, uint64_t n);

#define DIFF_GEN_OWNED 32

struct diff_gen {
	struct diff_rng rng;
	/* ranges the kernel placed for us outside the window: later calls
	 * may aim at them without touching the helper's own areas */
	struct {
		uint64_t addr, len;
	} owned[DIFF_GEN_OWNED];
	size_t nowned, next_owned;
};

void diff_gen_init(struct diff_gen *g, uint64_t seed);
/* The next call (no path, no text). */
void diff_gen_next(struct diff_gen *g, struct vms_scall *c);
/* Tell the generator what the kernel returned for @c. */
void diff_gen_result(struct diff_gen *g, const struct vms_scall *c,
		     int64_t res);

/* A call's "text = result" line, as the replay format prints it. */
void diff_format_line(const struct vms_scall *c, int64_t res, char *buf,
		      size_t len);

#endif /* VMS_TEST_DIFF_H */
