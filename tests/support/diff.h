/* SPDX-License-Identifier: MIT */
/*
 * The differential harness: the same call sequence is applied to the live
 * kernel (in a helper process) and to the model, and the two address
 * spaces are compared after every call.
 *
 *  diff_gen.c     seeded generator of random mmap, munmap, mprotect,
 *                 mremap, madvise, mlock family, mseal and brk calls
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
 * The unprivileged pass: the helper sets these rlimits (soft and hard),
 * then drops to uid and gid DIFF_UNPRIV_ID without supplementary groups
 * before the exec.  The files of diff_fds are opened before the drop.
 */
#define DIFF_UNPRIV_ID		65534
#define DIFF_UNPRIV_MEMLOCK	(64ULL << 10)
#define DIFF_UNPRIV_AS		(64ULL << 20)
/*
 * Not a page multiple: the kernel's brk counts the helper's data segment
 * (end_data - start_data, 0x188 bytes) against RLIMIT_DATA, the model
 * takes it as empty (src/brk.c); with this limit no page-aligned break
 * falls in between.
 */
#define DIFF_UNPRIV_DATA	((16ULL << 20) + 0x800)

struct diff_priv {
	bool unpriv;		/* false: run as this process */
	uint64_t memlock, as, data;	/* bytes, with @unpriv */
};

/* The limits of the unprivileged pass above. */
void diff_priv_unpriv(struct diff_priv *p);

/*
 * Start a helper: the executable @helper (build-san/tests/diff_child)
 * with ADDR_NO_RANDOMIZE, no environment, the request pipes and, with
 * @paths, the files of diff_fds; with @priv (NULL: as this process)
 * unprivileged.  Returns 0 or -errno.
 */
int diff_child_start(struct diff_child *c, const char *helper,
		     char paths[DIFF_NPATHS][256],
		     const struct diff_priv *priv);
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

/* The configuration matching a helper started by this process with
 * @priv (NULL: as this process). */
void diff_env_init(struct diff_env *env, char paths[DIFF_NPATHS][256],
		   const struct diff_priv *priv);

/* A model loaded from the helper's smaps, with the helper's fd table. */
int diff_model_create(const struct diff_env *env, const char *smaps,
		      size_t len, vms_mm **out, char *err, size_t errlen);
int64_t diff_model_call(vms_mm *mm, const struct vms_scall *c);
/* Tell the model the helper's break (brk(0) at its start). */
void diff_model_set_brk(vms_mm *mm, uint64_t brk);
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
	/* the last successful mmap and mremap results, anywhere: sources
	 * of mremap, mlock and madvise that mostly exist */
	struct {
		uint64_t addr, len;
	} recent[DIFF_GEN_OWNED];
	size_t nrecent, next_recent;
	/* set by the caller after diff_gen_init */
	bool unpriv;		/* the helper is unprivileged: advices that
				 * need CAP_SYS_ADMIN fail (EPERM) */
	uint64_t brk0;		/* the helper's initial break; 0: no brk */
	/* learnt from results */
	uint64_t brk;		/* the current break */
	bool future;		/* mlockall(MCL_FUTURE) in force: later
				 * mappings are populated, so no huge ones */
	bool big;		/* a huge mapping may exist: no populating
				 * mlockall(MCL_CURRENT) */
	bool guarded;		/* a guard was installed: the model has no
				 * guard markers yet (they are page state),
				 * so no call that populates existing pages
				 * follows (mlock without ONFAULT, POPULATE_*)
				 */
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
