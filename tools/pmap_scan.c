// SPDX-License-Identifier: MIT
/*
 * The maps/smaps scanner of `vmspace pmap` (see pmap_scan.h).  No sscanf,
 * no strtoul: the loops below are the hot path of -x and -X, which walk
 * some 26 lines per area.
 */
#include <string.h>

#include "pmap_scan.h"

static int hexval(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Hex digits at *p, at most 16 of them, at least one. */
static bool get_hex(const char **p, const char *eol, uint64_t *v,
		    struct pmap_str *raw)
{
	const char *s = *p;
	uint64_t x = 0;
	int d;

	while (s < eol && (d = hexval((unsigned char)*s)) >= 0) {
		if (s - *p == 16)
			return false;
		x = x << 4 | (uint64_t)d;
		s++;
	}
	if (s == *p)
		return false;
	if (raw) {
		raw->s = *p;
		raw->len = (size_t)(s - *p);
	}
	*v = x;
	*p = s;
	return true;
}

/* Decimal digits at *p, at most 20 and no overflow, at least one. */
static bool get_dec(const char **p, const char *eol, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;
	unsigned int d;

	while (s < eol && (d = (unsigned char)*s - '0') <= 9) {
		if (x > (UINT64_MAX - d) / 10)
			return false;
		x = x * 10 + d;
		s++;
	}
	if (s == *p)
		return false;
	*v = x;
	*p = s;
	return true;
}

static bool expect(const char **p, const char *eol, char c)
{
	if (*p >= eol || **p != c)
		return false;
	(*p)++;
	return true;
}

bool pmap_parse_header(const char *line, const char *eol,
		       struct pmap_area *a)
{
	const char *p = line, *f;
	uint64_t maj, min;
	int i;

	if (!get_hex(&p, eol, &a->start, &a->f_start) || !expect(&p, eol, '-'))
		return false;
	if (!get_hex(&p, eol, &a->end, NULL) || !expect(&p, eol, ' '))
		return false;
	if (eol - p < 5 || p[4] != ' ')
		return false;
	for (i = 0; i < 4; i++) {
		if (p[i] == ' ' || p[i] == '\0')
			return false;
		a->perms[i] = p[i];
	}
	a->perms[4] = '\0';
	a->f_perms.s = p;
	a->f_perms.len = 4;
	p += 5;
	if (!get_hex(&p, eol, &a->offset, &a->f_offset) ||
	    !expect(&p, eol, ' '))
		return false;
	f = p;
	if (!get_hex(&p, eol, &maj, NULL) || !expect(&p, eol, ':') ||
	    !get_hex(&p, eol, &min, NULL) || maj > 0xfff || min > 0xfffff)
		return false;
	a->major = (unsigned int)maj;
	a->minor = (unsigned int)min;
	a->f_dev.s = f;
	a->f_dev.len = (size_t)(p - f);
	if (!expect(&p, eol, ' '))
		return false;
	f = p;
	if (!get_dec(&p, eol, &a->inode))
		return false;
	a->f_inode.s = f;
	a->f_inode.len = (size_t)(p - f);
	if (p < eol && *p != ' ')
		return false;
	/* the kernel pads the name to a column; a name may not start with
	 * a space anyway (it is a path or a [bracket]) */
	while (p < eol && *p == ' ')
		p++;
	a->name.s = p;
	a->name.len = (size_t)(eol - p);
	return true;
}

static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl : end;
}

/* Could this line start an area?  Counter keys start with a capital. */
static bool maybe_header(const char *p, const char *end)
{
	return p < end && hexval((unsigned char)*p) >= 0 &&
	       !(*p >= 'A' && *p <= 'F');
}

bool pmap_scan_next(const char **pos, const char *end, struct pmap_area *a)
{
	const char *p = *pos, *eol;

	while (p < end) {
		eol = line_end(p, end);
		if (maybe_header(p, end) && pmap_parse_header(p, eol, a))
			break;
		p = eol < end ? eol + 1 : end;
	}
	if (p >= end) {
		*pos = end;
		return false;
	}
	p = eol < end ? eol + 1 : end;
	a->body = p;
	while (p < end) {
		struct pmap_area probe;

		eol = line_end(p, end);
		if (maybe_header(p, end) && pmap_parse_header(p, eol, &probe))
			break;
		p = eol < end ? eol + 1 : end;
	}
	a->body_end = p;
	*pos = p;
	return true;
}

bool pmap_kv_next(const char **pos, const char *end, struct pmap_kv *kv)
{
	const char *p = *pos, *eol, *colon, *v;

	while (p < end) {
		eol = line_end(p, end);
		colon = memchr(p, ':', (size_t)(eol - p));
		if (!colon || colon == p) {
			p = eol < end ? eol + 1 : end;
			continue;
		}
		kv->key.s = p;
		kv->key.len = (size_t)(colon - p);
		v = colon + 1;
		while (v < eol && (*v == ' ' || *v == '\t'))
			v++;
		kv->val.s = v;
		kv->numeric = get_dec(&v, eol, &kv->value) &&
			      (v == eol || *v == ' ');
		kv->val.len = kv->numeric ? (size_t)(v - kv->val.s)
					  : (size_t)(eol - kv->val.s);
		if (!kv->numeric)
			kv->value = 0;
		*pos = eol < end ? eol + 1 : end;
		return true;
	}
	*pos = end;
	return false;
}

/* The number after "Key:" at @p (the key already matched). */
static uint64_t number_at(const char *p, const char *end)
{
	uint64_t v = 0;

	while (p < end && *p == ' ')
		p++;
	if (!get_dec(&p, end, &v))
		return 0;
	return v;
}

void pmap_x_counters(const struct pmap_area *a, struct pmap_x_vals *v)
{
	const char *p = a->body, *end = a->body_end, *eol;
	size_t left;

	v->rss = v->dirty = 0;
	while (p < end) {
		left = (size_t)(end - p);
		/* test the first byte before any memcmp: most lines fail it */
		if (p[0] == 'R' && left > 4 && !memcmp(p, "Rss:", 4))
			v->rss = number_at(p + 4, end);
		else if (p[0] == 'S' && left > 13 &&
			 !memcmp(p, "Shared_Dirty:", 13))
			v->dirty += number_at(p + 13, end);
		else if (p[0] == 'P' && left > 14 &&
			 !memcmp(p, "Private_Dirty:", 14))
			v->dirty += number_at(p + 14, end);
		eol = memchr(p, '\n', left);
		p = eol ? eol + 1 : end;
	}
}

bool pmap_counter(const struct pmap_area *a, const char *key, uint64_t *v)
{
	const char *p = a->body;
	struct pmap_kv kv;
	size_t klen = strlen(key);

	while (pmap_kv_next(&p, a->body_end, &kv))
		if (kv.numeric && kv.key.len == klen &&
		    !memcmp(kv.key.s, key, klen)) {
			*v = kv.value;
			return true;
		}
	return false;
}
