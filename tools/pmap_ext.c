// SPDX-License-Identifier: MIT
/*
 * The smaps table of `vmspace pmap`: -X, -XX and the rc-file modes.
 *
 * The layout is procps-ng 4.0.2's: right-justified raw header fields, one
 * column per counter in the kernel's order, widths from the longest value
 * or the total, a footer of '=' and totals.  procps reads smaps twice to
 * measure and then print, so a busy process gets totals that are not the
 * sum of the rows (B5); here both passes walk the same text, read once.
 * Also fixed: -A applies (B3), totals restart with each PID (B4), names
 * are escaped (B6) and never cut (B7).  Kept from procps: the columns and
 * their widths carry over from one PID to the next.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pmap.h"

static bool str_is(const struct pmap_str *s, const char *lit)
{
	size_t n = strlen(lit);

	return s->len == n && !memcmp(s->s, lit, n);
}

/* The fields -X leaves out ("unimportant" in procps). */
static bool unimportant(const char *k, size_t n)
{
#define NAME(s) {s, sizeof(s) - 1}
	static const struct {
		const char *s;
		size_t n;
	} names[] = {
		NAME("AnonHugePages"), NAME("KernelPageSize"),
		NAME("MMUPageSize"),   NAME("Shared_Dirty"),
		NAME("Private_Dirty"), NAME("Shared_Clean"),
		NAME("Private_Clean"), NAME("VmFlags"),
	};
#undef NAME

	/* this runs for every counter line: only a few keys start so */
	if (k[0] != 'A' && k[0] != 'K' && k[0] != 'M' && k[0] != 'S' &&
	    k[0] != 'P' && k[0] != 'V')
		return false;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].n == n && !memcmp(names[i].s, k, n))
			return true;
	return false;
}

static bool enabled(const struct pmap_opts *o, const char *k, size_t n)
{
	if (o->X == 1)
		return !unimportant(k, n);
	if (o->rc) {
		for (size_t i = 0; i < o->nr_rc_fields; i++)
			if (strlen(o->rc_fields[i]) == n &&
			    !memcmp(o->rc_fields[i], k, n))
				return true;
		return false;
	}
	return true;
}

static bool enabled_s(const struct pmap_opts *o, const char *k)
{
	return enabled(o, k, strlen(k));
}

static struct pmap_col *add_col(struct pmap_table *t, const struct pmap_kv *kv,
				bool quiet)
{
	struct pmap_col *c;

	if (t->nr == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;

		c = realloc(t->cols, cap * sizeof(*c));
		if (!c)
			return NULL;
		t->cols = c;
		t->cap = cap;
	}
	c = &t->cols[t->nr++];
	memset(c, 0, sizeof(*c));
	memcpy(c->key, kv->key.s, kv->key.len);
	c->width = quiet ? 0 : kv->key.len;
	return c;
}

/* The VmFlags text without its trailing space, as procps shows it. */
static struct pmap_str vmflags(const struct pmap_kv *kv)
{
	struct pmap_str s = kv->val;

	if (s.len && s.s[s.len - 1] == ' ')
		s.len--;
	return s;
}

struct widths {
	bool on[5];		/* which fixed columns are shown */
	bool vmflags_on, mapping_on;
	size_t w[5];		/* Address Perm Offset Device Inode */
	size_t wv;		/* VmFlags */
	bool has_vmflags;
	size_t rows;
};

static const char *const fixed_names[5] = {"Address", "Perm", "Offset",
					   "Device", "Inode"};

static void fixed_fields(const struct pmap_area *a, struct pmap_str f[5])
{
	f[0] = a->f_start;
	f[1] = a->f_perms;
	f[2] = a->f_offset;
	f[3] = a->f_dev;
	f[4] = a->f_inode;
}

static size_t max_sz(size_t a, size_t b)
{
	return a > b ? a : b;
}

/* Pass 1: widths, columns and totals.  Returns 0 or 1 (inconsistent). */
static int measure(const struct pmap_opts *o, struct pmap_table *t,
		   const char *text, size_t len, struct widths *w, char *err,
		   size_t err_len)
{
	const char *pos = text, *end = text + len, *p;
	struct pmap_str f[5];
	struct pmap_area a;
	struct pmap_kv kv;
	size_t ci;

	while (pmap_next_shown(&pos, end, o, &a)) {
		w->rows++;
		fixed_fields(&a, f);
		for (int i = 0; i < 5; i++)
			w->w[i] = max_sz(w->w[i], f[i].len);
		ci = 0;
		p = a.body;
		while (pmap_kv_next(&p, a.body_end, &kv)) {
			if (!kv.numeric) {
				if (str_is(&kv.key, "VmFlags")) {
					w->has_vmflags = true;
					w->wv = max_sz(w->wv, vmflags(&kv).len);
				}
				continue;
			}
			if (kv.key.len >= sizeof(t->cols[0].key) ||
			    kv.val.len >= sizeof(t->cols[0].last) ||
			    !enabled(o, kv.key.s, kv.key.len))
				continue;
			if (ci == t->nr) {
				if (!add_col(t, &kv, o->quiet))
					return 1;
			} else if (strlen(t->cols[ci].key) != kv.key.len ||
				   memcmp(t->cols[ci].key, kv.key.s,
					  kv.key.len)) {
				snprintf(err, err_len,
					 "ERROR: inconsistent detail field in "
					 "smaps file, line:\n %.*s",
					 (int)kv.key.len, kv.key.s);
				return 1;
			}
			t->cols[ci].total += kv.value;
			if (o->quiet)
				t->cols[ci].width =
					max_sz(t->cols[ci].width, kv.val.len);
			ci++;
		}
	}
	if (!o->quiet)
		for (ci = 0; ci < t->nr; ci++)
			t->cols[ci].width = max_sz(t->cols[ci].width,
						   po_digits(t->cols[ci].total));
	return 0;
}

static void header(struct pmap_out *out, const struct pmap_opts *o,
		   const struct pmap_table *t, struct widths *w)
{
	for (int i = 0; i < 5; i++) {
		if (!w->on[i])
			continue;
		w->w[i] = max_sz(w->w[i], strlen(fixed_names[i]));
		po_just(out, fixed_names[i], strlen(fixed_names[i]), w->w[i],
			true);
		po_chr(out, ' ');
	}
	for (size_t ci = 0; ci < t->nr; ci++) {
		po_just(out, t->cols[ci].key, strlen(t->cols[ci].key),
			t->cols[ci].width, true);
		po_chr(out, ' ');
	}
	if (w->has_vmflags && w->vmflags_on) {
		w->wv = max_sz(w->wv, 7);
		po_just(out, "VmFlags", 7, w->wv, true);
		po_chr(out, ' ');
	}
	po_str(out, w->mapping_on ? "Mapping\n" : "\n");
}

static void row(struct pmap_out *out, const struct pmap_opts *o,
		struct pmap_table *t, const struct widths *w,
		const struct pmap_area *a)
{
	struct pmap_str f[5], flags = {"", 0};
	const char *p = a->body;
	struct pmap_kv kv;
	size_t ci = 0;

	fixed_fields(a, f);
	po_just(out, f[0].s, f[0].len, w->w[0], true);
	for (int i = 1; i < 5; i++) {
		if (!w->on[i])
			continue;
		po_chr(out, ' ');
		po_just(out, f[i].s, f[i].len, w->w[i], true);
	}
	/* the values in column order; a column the area lacks shows the
	 * previous area's value, as in procps */
	while (pmap_kv_next(&p, a->body_end, &kv)) {
		if (!kv.numeric) {
			if (str_is(&kv.key, "VmFlags"))
				flags = vmflags(&kv);
			continue;
		}
		if (ci >= t->nr || kv.key.len >= sizeof(t->cols[0].key) ||
		    kv.val.len >= sizeof(t->cols[0].last) ||
		    !enabled(o, kv.key.s, kv.key.len))
			continue;
		memcpy(t->cols[ci].last, kv.val.s, kv.val.len);
		t->cols[ci].last[kv.val.len] = '\0';
		ci++;
	}
	for (ci = 0; ci < t->nr; ci++) {
		po_chr(out, ' ');
		po_just(out, t->cols[ci].last, strlen(t->cols[ci].last),
			t->cols[ci].width, true);
	}
	if (w->has_vmflags && w->vmflags_on) {
		po_chr(out, ' ');
		po_just(out, flags.s, flags.len, w->wv, true);
	}
	if (w->mapping_on) {
		po_chr(out, ' ');
		pmap_put_xname(out, a, o->showpath);
	}
	po_chr(out, '\n');
}

static void footer(struct pmap_out *out, const struct pmap_opts *o,
		   struct pmap_table *t, const struct widths *w)
{
	size_t gap = w->w[0] + 1;

	for (int i = 1; i < 5; i++)
		if (w->on[i])
			gap += w->w[i] + 1;
	po_rep(out, ' ', gap);
	for (size_t ci = 0; ci < t->nr; ci++) {
		po_rep(out, '=', t->cols[ci].width);
		po_chr(out, ' ');
	}
	po_chr(out, '\n');
	po_rep(out, ' ', gap);
	for (size_t ci = 0; ci < t->nr; ci++) {
		po_u64(out, t->cols[ci].total, t->cols[ci].width);
		po_chr(out, ' ');
		t->cols[ci].total = 0;
	}
	po_str(out, "KB \n");
}

int pmap_render_table(struct pmap_out *out, const struct pmap_opts *o,
		      struct pmap_table *t, const char *text, size_t len,
		      char *err, size_t err_len)
{
	const char *pos = text, *end = text + len;
	struct widths w;
	struct pmap_area a;
	bool first = true;

	memset(&w, 0, sizeof(w));
	w.on[0] = true; /* Address, always */
	for (int i = 1; i < 5; i++)
		w.on[i] = enabled_s(o, fixed_names[i]);
	w.vmflags_on = enabled_s(o, "VmFlags");
	w.mapping_on = enabled_s(o, "Mapping");
	for (size_t ci = 0; ci < t->nr; ci++)
		t->cols[ci].total = 0;
	if (measure(o, t, text, len, &w, err, err_len))
		return 1;
	while (pmap_next_shown(&pos, end, o, &a)) {
		if (first && !o->quiet)
			header(out, o, t, &w);
		first = false;
		row(out, o, t, &w, &a);
	}
	if (!o->quiet && t->nr)
		footer(out, o, t, &w);
	return 0;
}

void pmap_table_free(struct pmap_table *t)
{
	free(t->cols);
	memset(t, 0, sizeof(*t));
}
