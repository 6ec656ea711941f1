/* SPDX-License-Identifier: MIT */
/*
 * Reading strace output: one line at a time, into struct vms_scall.
 *
 * Accepted: the lines strace prints with any of -f (both "[pid  N] " and
 * the "N " of -f -o), -t/-tt/-ttt, -r, -i, -n, -y/-yy, -T, -s; calls split
 * into "<unfinished ...>" and "<... NAME resumed>" (joined per pid);
 * calls with a result or without one (hand-written scenarios).  Blank
 * lines, lines starting with '#' (our comment convention: strace prints
 * none), signals ("--- SIG... ---"), exits ("+++ ... +++"), -k stack
 * frames and "strace: ..." notes are skipped.
 */
#ifndef VMS_STRACE_H
#define VMS_STRACE_H

#include <stddef.h>

#include "scall.h"

struct vms_strace_pending;

/* Parser state: the calls left unfinished, by pid. */
struct vms_strace {
	struct vms_strace_pending *pending;
	size_t npending, cap;
};

void vms_strace_init(struct vms_strace *p);
/* Frees the state; unfinished calls never resumed are dropped. */
void vms_strace_fini(struct vms_strace *p);

/*
 * Parse one line (@len bytes, without the '\n') numbered @lineno.
 * Returns 1 and fills @out (release it with vms_scall_free) when the line
 * completes a call, known or not (sc == VMS_SC_UNKNOWN); 0 when there is
 * nothing to apply (skipped line, or the first half of a split call);
 * -EINVAL for a malformed line, with the reason in @err.  A joined call
 * carries the line number of its "resumed" half, where its result is.
 */
int vms_strace_line(struct vms_strace *p, const char *line, size_t len,
		    unsigned long lineno, struct vms_scall *out, char *err,
		    size_t errlen);

/*
 * Parse a call's own text, "name(args)" optionally followed by
 * " = result" (no pid or time prefix).  0 or -EINVAL as above.
 */
int vms_scall_parse(const char *text, struct vms_scall *out, char *err,
		    size_t errlen);

#endif /* VMS_STRACE_H */
