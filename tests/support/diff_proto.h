/* SPDX-License-Identifier: MIT */
/*
 * The pipe protocol between the differential harness (diff_kernel.c) and
 * its kernel-side helper, tests/support/diff_child/child.c.
 *
 * The helper is a separate static executable without libc or sanitizers,
 * so that its own layout is as small as possible: it knows nothing of the
 * model or the calls, only raw system calls.  The harness translates each
 * call into a request (a syscall number, six arguments, a path), the
 * helper runs it and answers the raw return value (-errno on failure).
 *
 *   helper -> harness: one int64_t 0 once it is ready
 *   harness -> helper: struct diff_req
 *   helper -> harness: int64_t result
 *
 * Only plain fixed-size types: this header is included by both sides.
 */
#ifndef VMS_DIFF_PROTO_H
#define VMS_DIFF_PROTO_H

#include <stdint.h>

/* The helper's fixed fds: pipes far above what a scenario opens. */
#define DIFF_REQ_FD	100
#define DIFF_RSP_FD	101

#define DIFF_REQ_ARGS	6
#define DIFF_REQ_PATH	256
#define DIFF_REQ_NOPATH	(-1)

struct diff_req {
	int64_t nr;			/* the syscall number */
	int32_t path_arg;		/* argument replaced by &path, or
					 * DIFF_REQ_NOPATH */
	int32_t pad;
	uint64_t arg[DIFF_REQ_ARGS];
	char path[DIFF_REQ_PATH];	/* NUL-terminated */
};

#endif /* VMS_DIFF_PROTO_H */
