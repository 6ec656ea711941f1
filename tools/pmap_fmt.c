// SPDX-License-Identifier: MIT
/*
 * The fixed-width modes of `vmspace pmap`: default, -x and -d, with the
 * exact widths of procps-ng 4.0.2 (values too wide push the line right,
 * as there).  Differences, on purpose: names of any length and safely
 * escaped (B1, B6, B8), [bracket] names with '/' are not paths (B9), and
 * -x -A totals count only the shown areas (B2).
 */
#include <string.h>

#include "pmap.h"

int pmap_keep(const struct pmap_opts *o, const struct pmap_area *a)
{
	if (a->end - 1 < o->lo)
		return 0;
	if (o->hi < a->start)
		return -1;
	if (o->name_filter &&
	    !memmem(a->name.s, a->name.len, o->name_filter,
		    strlen(o->name_filter)))
		return 0;
	if (o->perm_filter) {
		for (const char *p = o->perm_filter; *p; p++)
			if (!memchr(a->perms, *p, 4))
				return 0;
	}
	return 1;
}

bool pmap_next_shown(const char **pos, const char *end,
		     const struct pmap_opts *o, struct pmap_area *a)
{
	while (pmap_scan_next(pos, end, a)) {
		int keep = pmap_keep(o, a);

		if (keep < 0)
			return false;
		if (keep)
			return true;
	}
	return false;
}

/* The 5-character mode: rwx, 's' or '-', and the Solaris 'R' slot. */
static void put_mode(struct pmap_out *out, const struct pmap_area *a)
{
	char m[5];

	memcpy(m, a->perms, 3);
	m[3] = a->perms[3] == 'p' ? '-' : a->perms[3];
	m[4] = '-';
	po_mem(out, m, 5);
}

void pmap_render_default(struct pmap_out *out, const struct pmap_opts *o,
			 const struct pmap_name_ctx *nc, const char *text,
			 size_t len)
{
	const char *pos = text, *end = text + len;
	struct pmap_area a;
	uint64_t total = 0;

	while (pmap_next_shown(&pos, end, o, &a)) {
		total += a.end - a.start;
		po_hex0(out, a.start, 16);
		po_chr(out, ' ');
		po_u64(out, (a.end - a.start) >> 10, 6);
		po_str(out, "K ");
		put_mode(out, &a);
		po_chr(out, ' ');
		pmap_put_name(out, &a, nc);
		po_chr(out, '\n');
	}
	if (!o->quiet) {
		po_str(out, " total ");
		po_u64(out, total >> 10, 16);
		po_str(out, "K\n");
	}
}

void pmap_render_extended(struct pmap_out *out, const struct pmap_opts *o,
			  const struct pmap_name_ctx *nc, const char *text,
			  size_t len)
{
	const char *pos = text, *end = text + len;
	uint64_t size = 0, rss = 0, dirty = 0;
	struct pmap_x_vals v;
	struct pmap_area a;

	if (!o->quiet)
		po_str(out, "Address           Kbytes     RSS   Dirty Mode  "
			    "Mapping\n");
	while (pmap_next_shown(&pos, end, o, &a)) {
		pmap_x_counters(&a, &v);
		size += a.end - a.start;
		rss += v.rss;
		dirty += v.dirty;
		po_hex0(out, a.start, 16);
		po_chr(out, ' ');
		po_u64(out, (a.end - a.start) >> 10, 7);
		po_chr(out, ' ');
		po_u64(out, v.rss, 7);
		po_chr(out, ' ');
		po_u64(out, v.dirty, 7);
		po_chr(out, ' ');
		put_mode(out, &a);
		po_chr(out, ' ');
		pmap_put_name(out, &a, nc);
		po_chr(out, '\n');
	}
	if (!o->quiet) {
		po_str(out, "---------------- ------- ------- ------- \n"
			    "total kB         ");
		po_u64(out, size >> 10, 7);
		po_chr(out, ' ');
		po_u64(out, rss, 7);
		po_chr(out, ' ');
		po_u64(out, dirty, 7);
		po_chr(out, '\n');
	}
}

void pmap_render_device(struct pmap_out *out, const struct pmap_opts *o,
			const struct pmap_name_ctx *nc, const char *text,
			size_t len)
{
	const char *pos = text, *end = text + len;
	uint64_t mapped = 0, writeable = 0, shared = 0, size;
	struct pmap_area a;

	if (!o->quiet)
		po_str(out, "Address           Kbytes Mode  Offset           "
			    "Device    Mapping\n");
	while (pmap_next_shown(&pos, end, o, &a)) {
		size = a.end - a.start;
		mapped += size;
		if (a.perms[3] == 's')
			shared += size;
		else if (a.perms[3] == 'p' && a.perms[1] == 'w')
			writeable += size;
		po_hex0(out, a.start, 16);
		po_chr(out, ' ');
		po_u64(out, size >> 10, 7);
		po_chr(out, ' ');
		put_mode(out, &a);
		po_chr(out, ' ');
		po_hex0(out, a.offset, 16);
		po_chr(out, ' ');
		po_hex0(out, a.major, 3);
		po_chr(out, ':');
		po_hex0(out, a.minor, 5);
		po_chr(out, ' ');
		pmap_put_name(out, &a, nc);
		po_chr(out, '\n');
	}
	if (!o->quiet)
		po_printf(out,
			  "mapped: %lluK    writeable/private: %lluK    "
			  "shared: %lluK\n",
			  (unsigned long long)(mapped >> 10),
			  (unsigned long long)(writeable >> 10),
			  (unsigned long long)(shared >> 10));
}
