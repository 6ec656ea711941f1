// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the strace line parser, then (for small inputs) the whole
 * replay on a fresh address space.  Paths are never stat'ed (the fuzzer
 * must not depend on the file system): every opened file is virtual.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "replay.h"
#include "strace.h"

static void parse_lines(const char *data, size_t size)
{
	struct vms_strace ps;
	struct vms_scall c;
	char err[256], buf[512];
	unsigned long line = 0;

	vms_strace_init(&ps);
	while (size) {
		const char *nl = memchr(data, '\n', size);
		size_t n = nl ? (size_t)(nl - data) : size;

		if (vms_strace_line(&ps, data, n, ++line, &c, err,
				    sizeof(err)) == 1) {
			/* The formatter must take whatever parsed. */
			vms_scall_format(&c, buf, sizeof(buf));
			vms_scall_format_result(c.sc, c.result, buf,
						sizeof(buf));
			vms_scall_free(&c);
		}
		data += n + (nl != NULL);
		size -= n + (nl != NULL);
	}
	vms_strace_fini(&ps);
}

static void replay(const char *data, size_t size)
{
	static FILE *null;
	struct vms_replay_opts o;
	struct vms_replay *r;

	if (!null)
		null = fopen("/dev/null", "w");
	if (!null)
		return;
	vms_replay_opts_init(&o);
	o.stat = NULL;
	o.input = "fuzz";
	if (vms_replay_create(&o, "fuzz", null, null, &r))
		return;
	vms_replay_feed(r, data, size);
	vms_replay_finish(r);
	vms_replay_destroy(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	parse_lines((const char *)data, size);
	if (size <= 4096)
		replay((const char *)data, size);
	return 0;
}
