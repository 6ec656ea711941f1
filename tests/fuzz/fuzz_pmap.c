// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the maps/smaps scanner of `vmspace pmap` and every
 * renderer on top of it.  Any bytes must scan and render without a
 * sanitizer report, and:
 *  - the default mode prints one row per area the scanner returns;
 *  - a text compared with itself by --diff shows no change;
 *  - the -X totals equal the sums of the Size column.
 * The input is tried as it is and behind a valid header line, so that
 * the counter-line parser is reached from the first run on.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pmap.h"

static size_t count_areas(const char *t, size_t n)
{
	const char *pos = t;
	struct pmap_area a;
	size_t k = 0;

	while (pmap_scan_next(&pos, t + n, &a))
		k++;
	return k;
}

static size_t count_char(const char *s, size_t n, char c)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += s[i] == c;
	return k;
}

static void one(const char *text, size_t len)
{
	struct pmap_opts o;
	struct pmap_name_ctx nc = {.start_stack = 0x7ffe0000,
				   .shm_minor = 1};
	struct pmap_table t = {0};
	struct pmap_task task = {.pid = 1, .tgid = 1, .header = "x"};
	struct pmap_out out;
	const char *pos = text;
	struct pmap_area a;
	char err[256];
	size_t areas = count_areas(text, len), lines;

	memset(&o, 0, sizeof(o));
	o.hi = ~0ull;
	o.root = "/nonexistent";

	/* one line per area (names never hold a raw newline) */
	po_init(&out, -1);
	o.quiet = true;
	pmap_render_default(&out, &o, &nc, text, len);
	lines = count_char(out.buf ? out.buf : "", out.len, '\n');
	if (lines != areas)
		abort();
	po_free(&out);

	po_init(&out, -1);
	o.quiet = false;
	nc.showpath = true;
	nc.kernel_names = true;
	pmap_render_extended(&out, &o, &nc, text, len);
	pmap_render_device(&out, &o, &nc, text, len);
	pmap_render_gaps(&out, &o, &nc, text, len);
	pmap_render_summary(&out, &o, text, len, text, len);
	pmap_render_json(&out, &o, &task, text, len, true);
	for (int x = 1; x <= 2; x++) {
		o.X = x;
		o.quiet = x == 2;
		pmap_render_table(&out, &o, &t, text, len, err, sizeof(err));
	}
	o.quiet = false;
	if (pmap_render_diff(&out, &o, text, len, text, len))
		abort();
	/* an -A range through the middle */
	o.lo = 0x1000;
	o.hi = 0x7fffffffffffull;
	pmap_render_default(&out, &o, &nc, text, len);
	po_free(&out);
	pmap_table_free(&t);

	/* every area's fields stay inside the text */
	while (pmap_scan_next(&pos, text + len, &a))
		if (a.name.s < text || a.name.s + a.name.len > text + len ||
		    a.body > a.body_end || a.body_end > text + len)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char head[] =
		"00400000-00402000 r-xp 00001000 fe:01 42       /bin/x\n";
	char *buf = malloc(size + sizeof(head));

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	one(buf, size);
	memcpy(buf, head, sizeof(head) - 1);
	memcpy(buf + sizeof(head) - 1, data, size);
	one(buf, size + sizeof(head) - 1);
	free(buf);
	return 0;
}
