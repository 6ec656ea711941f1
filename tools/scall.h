/* SPDX-License-Identifier: MIT */
/*
 * A system call as strace prints it, parsed.  Shared by `vmspace replay`,
 * the differential harness (which generates calls and prints them in this
 * format) and the fuzz targets.
 */
#ifndef VMS_SCALL_H
#define VMS_SCALL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum vms_sc {
	VMS_SC_UNKNOWN = 0,	/* a call the model does not apply: skipped */
	VMS_SC_MMAP,		/* mmap(addr, len, prot, flags, fd, off) */
	VMS_SC_MUNMAP,		/* munmap(addr, len) */
	VMS_SC_MPROTECT,	/* mprotect(addr, len, prot) */
	VMS_SC_OPEN,		/* open(path, flags[, mode]) */
	VMS_SC_OPENAT,		/* openat(dirfd, path, flags[, mode]) */
	VMS_SC_CLOSE,		/* close(fd) */
	VMS_SC_DUP,		/* dup(fd) */
	VMS_SC_DUP2,		/* dup2(old, new), dup3(old, new, flags) */
	VMS_SC_MREMAP,		/* mremap(old, old_len, new_len, flags[, new]) */
	VMS_SC_MADVISE,		/* madvise(addr, len, advice) */
	VMS_SC_MLOCK,		/* mlock(addr, len) */
	VMS_SC_MLOCK2,		/* mlock2(addr, len, flags) */
	VMS_SC_MUNLOCK,		/* munlock(addr, len) */
	VMS_SC_MLOCKALL,	/* mlockall(flags) */
	VMS_SC_MUNLOCKALL,	/* munlockall() */
	VMS_SC_MSEAL,		/* mseal(addr, len, flags), syscall_0x1ce(...) */
	VMS_SC_BRK,		/* brk(addr) */
	VMS_SC_NR
};

#define VMS_SC_MAXARGS 6

struct vms_scall {
	enum vms_sc sc;
	char name[32];			/* as printed: "mmap", "openat", ... */
	int nargs;
	uint64_t arg[VMS_SC_MAXARGS];	/* numeric values; path args: 0 */
	char *path;			/* the string argument, unescaped */
	int pid;			/* -f prefix, 0 if none */
	bool has_result;
	int64_t result;			/* a value, or -errno */
	char *text;			/* "mmap(NULL, 4096, ...)" as in input */
	unsigned long line;		/* 1-based input line */
};

void vms_scall_free(struct vms_scall *c);

/*
 * Format a call's text (no result), e.g. for generated sequences:
 * "mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0)".
 * Returns the length (snprintf-like).
 */
int vms_scall_format(const struct vms_scall *c, char *buf, size_t len);

/*
 * Format a result in strace notation: "0x7f..." (mmap, mremap, brk), "0",
 * "-1 ENOMEM (...)".
 */
int vms_scall_format_result(enum vms_sc sc, int64_t result, char *buf,
			    size_t len);

/*
 * Symbolic constants as strace prints them (PROT_*, MAP_*, O_*, AT_FDCWD,
 * MADV_*, MREMAP_*, ...): true and *val set if @name (of @len bytes) is
 * one.  The values are x86_64's.
 */
bool vms_scall_const(const char *name, size_t len, uint64_t *val);

/* Flag sets in strace notation; snprintf-like return. */
int vms_scall_format_prot(uint64_t prot, char *buf, size_t len);
int vms_scall_format_mmap_flags(uint64_t flags, char *buf, size_t len);
int vms_scall_format_open_flags(uint64_t flags, char *buf, size_t len);
/*
 * MREMAP_* flags, an MADV_* value, MLOCK_* and MCL_* flags.  Unknown bits
 * as strace 6.x shows them: "MCL_CURRENT|0x8" after known names, else the
 * hex value followed by a "MADV_???"-style comment.
 */
int vms_scall_format_mremap_flags(uint64_t flags, char *buf, size_t len);
int vms_scall_format_madvise(uint64_t advice, char *buf, size_t len);
int vms_scall_format_mlock2_flags(uint64_t flags, char *buf, size_t len);
int vms_scall_format_mlockall_flags(uint64_t flags, char *buf, size_t len);
/* A C string literal with strace's escapes, quotes included. */
int vms_scall_format_string(const char *s, char *buf, size_t len);

/* errno name <-> number, and strerror text, independent of the libc. */
const char *vms_errno_name(int err);
const char *vms_errno_text(int err);
int vms_errno_from_name(const char *name);	/* 0 if unknown */

#endif /* VMS_SCALL_H */
