// SPDX-License-Identifier: MIT
/*
 * What `vmspace pmap` does beyond procps: --json, --gaps, --summary and
 * --diff.  All of them work on the same scanned text as the procps modes
 * and honour -A, --name and --perms.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pmap.h"

/* A JSON string: escapes, and U+FFFD for bytes that are not UTF-8. */
static void json_str(struct pmap_out *out, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, len;

	po_chr(out, '"');
	while (i < n) {
		unsigned char c = u[i];

		if (c == '"' || c == '\\') {
			po_chr(out, '\\');
			po_chr(out, (char)c);
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			po_printf(out, "\\u%04x", c);
			i++;
		} else if (c < 0x80) {
			po_chr(out, (char)c);
			i++;
		} else if (c == 0xc2 && i + 1 < n && u[i + 1] >= 0x80 &&
			   u[i + 1] <= 0x9f) {
			/* C1 controls are legal JSON but not for a terminal */
			po_printf(out, "\\u%04x", u[i + 1]);
			i += 2;
		} else {
			/* a well-formed sequence is copied, else U+FFFD */
			len = pmap_utf8_len(u + i, n - i);
			if (len) {
				po_mem(out, s + i, len);
				i += len;
			} else {
				po_str(out, "\xef\xbf\xbd");
				i++;
			}
		}
	}
	po_chr(out, '"');
}

void pmap_render_json(struct pmap_out *out, const struct pmap_opts *o,
		      const struct pmap_task *t, const char *smaps,
		      size_t len, bool first)
{
	const char *pos = smaps, *end = smaps + len, *p;
	struct pmap_area a;
	struct pmap_kv kv;
	bool first_area = true, first_kv;

	po_str(out, first ? "\n" : ",\n");
	po_printf(out, "{\"pid\": %u, \"tgid\": %u, \"cmdline\": ", t->pid,
		  t->tgid);
	json_str(out, t->header, strlen(t->header));
	po_str(out, ", \"areas\": [");
	while (pmap_next_shown(&pos, end, o, &a)) {
		po_str(out, first_area ? "\n  " : ",\n  ");
		first_area = false;
		po_printf(out,
			  "{\"start\": \"0x%llx\", \"end\": \"0x%llx\", "
			  "\"size_kb\": %llu, \"perms\": \"%s\", "
			  "\"offset\": %llu, \"dev\": \"%02x:%02x\", "
			  "\"inode\": %llu, \"name\": ",
			  (unsigned long long)a.start,
			  (unsigned long long)a.end,
			  (unsigned long long)((a.end - a.start) >> 10),
			  a.perms, (unsigned long long)a.offset, a.major,
			  a.minor, (unsigned long long)a.inode);
		json_str(out, a.name.s, a.name.len);
		po_str(out, ", \"counters\": {");
		first_kv = true;
		p = a.body;
		while (pmap_kv_next(&p, a.body_end, &kv)) {
			if (!kv.numeric)
				continue;
			po_str(out, first_kv ? "" : ", ");
			first_kv = false;
			json_str(out, kv.key.s, kv.key.len);
			po_printf(out, ": %llu", (unsigned long long)kv.value);
		}
		po_str(out, "}");
		p = a.body;
		while (pmap_kv_next(&p, a.body_end, &kv)) {
			if (kv.numeric || kv.key.len != 7 ||
			    memcmp(kv.key.s, "VmFlags", 7))
				continue;
			po_str(out, ", \"vmflags\": ");
			while (kv.val.len && kv.val.s[kv.val.len - 1] == ' ')
				kv.val.len--;
			json_str(out, kv.val.s, kv.val.len);
		}
		po_str(out, "}");
	}
	po_str(out, first_area ? "]}" : "\n]}");
}

void pmap_render_gaps(struct pmap_out *out, const struct pmap_opts *o,
		      const struct pmap_name_ctx *nc, const char *text,
		      size_t len)
{
	const char *pos = text, *end = text + len;
	struct pmap_area a;
	uint64_t prev_end = 0, total = 0, holes = 0;
	bool have_prev = false;
	char mode[6];
	int keep;

	/*
	 * Gaps are the truly free holes: every area bounds them, shown or
	 * not.  With filters, a hole is shown when it lies right below a
	 * shown area.
	 */
	while (pmap_scan_next(&pos, end, &a)) {
		uint64_t hole_start = prev_end;
		bool hole = have_prev && a.start > hole_start;

		keep = pmap_keep(o, &a);
		if (keep < 0)
			break;
		prev_end = a.end;
		have_prev = true;
		if (!keep)
			continue;
		if (hole) {
			po_hex0(out, hole_start, 16);
			po_chr(out, ' ');
			po_u64(out, (a.start - hole_start) >> 10, 6);
			po_str(out, "K -----   [ gap ]\n");
			holes += a.start - hole_start;
		}
		memcpy(mode, a.perms, 4);
		mode[3] = mode[3] == 'p' ? '-' : mode[3];
		mode[4] = '-';
		mode[5] = '\0';
		po_hex0(out, a.start, 16);
		po_chr(out, ' ');
		po_u64(out, (a.end - a.start) >> 10, 6);
		po_printf(out, "K %s ", mode);
		pmap_put_name(out, &a, nc);
		po_chr(out, '\n');
		total += a.end - a.start;
	}
	if (!o->quiet) {
		po_str(out, " total ");
		po_u64(out, total >> 10, 16);
		po_str(out, "K\n");
		po_str(out, " gaps  ");
		po_u64(out, holes >> 10, 16);
		po_str(out, "K\n");
	}
}

enum kind { K_ANON, K_FILE, K_SHARED, K_STACK, K_HEAP, NR_KINDS };

static const char *const kind_names[NR_KINDS] = {"anonymous", "file",
						  "shared", "stack", "heap"};

struct sums {
	uint64_t uss, pss, rss, swap;
};

static bool name_is(const struct pmap_area *a, const char *lit)
{
	size_t n = strlen(lit);

	return a->name.len == n && !memcmp(a->name.s, lit, n);
}

static enum kind kind_of(const struct pmap_area *a)
{
	if (name_is(a, "[stack]"))
		return K_STACK;
	if (name_is(a, "[heap]"))
		return K_HEAP;
	if (a->perms[3] == 's')
		return K_SHARED;
	if (pmap_name_is_path(a))
		return K_FILE;
	return K_ANON;
}

static void add_counters(struct sums *s, const char *body, const char *end)
{
	struct pmap_kv kv;

	while (pmap_kv_next(&body, end, &kv)) {
		if (!kv.numeric)
			continue;
#define IS(k) (kv.key.len == sizeof(k) - 1 && !memcmp(kv.key.s, k, kv.key.len))
		if (IS("Private_Clean") || IS("Private_Dirty"))
			s->uss += kv.value;
		else if (IS("Pss"))
			s->pss += kv.value;
		else if (IS("Rss"))
			s->rss += kv.value;
		else if (IS("Swap"))
			s->swap += kv.value;
#undef IS
	}
}

static void sum_line(struct pmap_out *out, const char *label,
		     const struct sums *s)
{
	po_just(out, label, strlen(label), 10, false);
	po_u64(out, s->uss, 10);
	po_u64(out, s->pss, 10);
	po_u64(out, s->rss, 10);
	po_u64(out, s->swap, 10);
	po_chr(out, '\n');
}

void pmap_render_summary(struct pmap_out *out, const struct pmap_opts *o,
			 const char *smaps, size_t len, const char *rollup,
			 size_t rlen)
{
	const char *pos = smaps, *end = smaps + len;
	struct sums kinds[NR_KINDS], total;
	struct pmap_area a;
	bool filtered = o->lo || o->hi != ~0ull || o->name_filter ||
			o->perm_filter;

	memset(kinds, 0, sizeof(kinds));
	memset(&total, 0, sizeof(total));
	while (pmap_next_shown(&pos, end, o, &a)) {
		add_counters(&kinds[kind_of(&a)], a.body, a.body_end);
	}
	/* the kernel's own sums, when the whole process is wanted */
	if (rollup && !filtered) {
		pos = rollup;
		if (pmap_scan_next(&pos, rollup + rlen, &a))
			add_counters(&total, a.body, a.body_end);
	} else {
		for (int k = 0; k < NR_KINDS; k++) {
			total.uss += kinds[k].uss;
			total.pss += kinds[k].pss;
			total.rss += kinds[k].rss;
			total.swap += kinds[k].swap;
		}
	}
	po_str(out, "kind             USS       PSS       RSS      Swap "
		    "(kB)\n");
	for (int k = 0; k < NR_KINDS; k++)
		sum_line(out, kind_names[k], &kinds[k]);
	sum_line(out, "total", &total);
}

struct darea {
	uint64_t start, end;
	char perms[5];
	struct pmap_str name;
};

static size_t collect(const struct pmap_opts *o, const char *text,
		      size_t len, struct darea **out)
{
	const char *pos = text, *end = text + len;
	struct pmap_area a;
	struct darea *v = NULL, *nv;
	size_t n = 0, cap = 0;

	while (pmap_next_shown(&pos, end, o, &a)) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv)
				break;
			v = nv;
		}
		v[n].start = a.start;
		v[n].end = a.end;
		memcpy(v[n].perms, a.perms, 5);
		v[n].name = a.name;
		n++;
	}
	*out = v;
	return n;
}

static void diff_line(struct pmap_out *out, char tag, const struct darea *d,
		      const char *what)
{
	po_chr(out, tag);
	po_chr(out, ' ');
	po_hex0(out, d->start, 16);
	po_chr(out, '-');
	po_hex0(out, d->end, 16);
	po_printf(out, " %6lluK %s ", (unsigned long long)((d->end - d->start) >> 10),
		  d->perms);
	pmap_put_safe(out, d->name.s, d->name.len);
	if (what)
		po_str(out, what);
	po_chr(out, '\n');
}

int pmap_render_diff(struct pmap_out *out, const struct pmap_opts *o,
		     const char *old, size_t olen, const char *new_,
		     size_t nlen)
{
	struct darea *a, *b;
	size_t na = collect(o, old, olen, &a), nb = collect(o, new_, nlen, &b);
	size_t i = 0, j = 0;
	int changed = 0;
	char what[64];

	/* both lists are sorted by start: a merge, matching equal starts */
	while (i < na || j < nb) {
		if (j >= nb || (i < na && a[i].start < b[j].start)) {
			diff_line(out, '-', &a[i++], "  (vanished)");
			changed = 1;
		} else if (i >= na || b[j].start < a[i].start) {
			diff_line(out, '+', &b[j++], "  (appeared)");
			changed = 1;
		} else {
			what[0] = '\0';
			if (b[j].end != a[i].end)
				snprintf(what, sizeof(what), "  (%s from %lluK)",
					 b[j].end > a[i].end ? "grew" : "shrank",
					 (unsigned long long)((a[i].end - a[i].start) >> 10));
			if (strcmp(a[i].perms, b[j].perms))
				snprintf(what + strlen(what),
					 sizeof(what) - strlen(what),
					 "  (protection was %s)", a[i].perms);
			if (what[0]) {
				diff_line(out, '~', &b[j], what);
				changed = 1;
			}
			i++;
			j++;
		}
	}
	if (!changed && !o->quiet)
		po_str(out, "no change\n");
	free(a);
	free(b);
	return changed;
}
