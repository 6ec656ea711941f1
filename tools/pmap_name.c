// SPDX-License-Identifier: MIT
/*
 * Name escaping and the naming rules of `vmspace pmap` (see pmap_name.h).
 */
#include <string.h>

#include "pmap_name.h"

static bool utf8_locale;

void pmap_name_set_utf8(bool utf8)
{
	utf8_locale = utf8;
}

bool pmap_name_utf8(void)
{
	return utf8_locale;
}

/* Length of a UTF-8 sequence judged by its lead byte only; -1: no lead. */
static int lead_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return -1;
}

static void escape_all(unsigned char *s, const unsigned char *end)
{
	for (; s < end; s++) {
		if (*s >= 0x80)
			*s = '?';
		else if (*s < 0x20 || *s == 0x7f)
			*s = '.';
	}
}

void pmap_escape_cmdline(char *str, size_t len)
{
	unsigned char *s = (unsigned char *)str, *end = s + len;
	int n;

	if (!utf8_locale) {
		escape_all(s, end);
		return;
	}
	while (s < end) {
		n = lead_len(*s);
		/* libproc2 trusts a lead byte and gives up on the rest of the
		 * string at the first byte that is not one */
		if (n < 0 || n > end - s) {
			escape_all(s, end);
			return;
		}
		if (*s < 0x20 || *s == 0x7f)
			*s = '?';
		s += n;
	}
}

/*
 * Length of the valid, printable UTF-8 character at @s, or 0.  Rejects
 * overlong forms, surrogates, code points past U+10FFFF and the C1
 * controls U+0080..U+009F (some terminals act on them).
 */
size_t pmap_utf8_len(const unsigned char *s, size_t left)
{
	unsigned int cp;
	size_t n, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n > left)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return n;
}

void pmap_put_safe(struct pmap_out *o, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run = 0, n;

	/* copy runs of good bytes at once: names are mostly plain ASCII */
	while (i < len) {
		if (s[i] >= 0x20 && s[i] < 0x7f) {
			i++;
			continue;
		}
		po_mem(o, str + run, i - run);
		n = utf8_locale && s[i] >= 0x80 ? pmap_utf8_len(s + i, len - i) : 0;
		if (n)
			po_mem(o, str + i, n);
		else
			po_chr(o, '?');
		i += n ? n : 1;
		run = i;
	}
	po_mem(o, str + run, i - run);
}

static const char *find(const char *s, size_t n, const char *what)
{
	size_t w = strlen(what);

	for (; n >= w; s++, n--)
		if (*s == what[0] && !memcmp(s, what, w))
			return s;
	return NULL;
}

bool pmap_name_is_path(const struct pmap_area *a)
{
	/* procps looks for a '/' anywhere in the line (B9): [anon:x/y]
	 * became "y]"; a bracketed name is never a path here */
	return a->name.len && a->name.s[0] != '[' &&
	       memchr(a->name.s, '/', a->name.len);
}

void pmap_put_name(struct pmap_out *o, const struct pmap_area *a,
		   const struct pmap_name_ctx *c)
{
	const char *s = a->name.s, *slash;
	size_t n = a->name.len;

	if (!a->major && a->minor == c->shm_minor && find(s, n, "/SYSV")) {
		po_str(o, "  [ shmid=0x");
		po_hex0(o, a->inode, 0);
		po_str(o, " ]");
		return;
	}
	if (pmap_name_is_path(a)) {
		if (c->showpath) {
			slash = memchr(s, '/', n);
		} else {
			slash = s + n;
			while (*--slash != '/')
				;
			if (slash + 1 < s + n)
				slash++;
		}
		pmap_put_safe(o, slash, (size_t)(s + n - slash));
		return;
	}
	if (c->kernel_names && n && s[n - 1] == ']') {
		slash = memchr(s, '[', n);
		if (slash) {
			pmap_put_safe(o, slash, (size_t)(s + n - slash));
			return;
		}
	}
	if (c->start_stack >= a->start &&
	    c->start_stack <= a->start + (a->end - a->start))
		po_str(o, "  [ stack ]");
	else
		po_str(o, "  [ anon ]");
}

void pmap_put_xname(struct pmap_out *o, const struct pmap_area *a,
		    bool showpath)
{
	const char *s = a->name.s, *p;
	size_t n = a->name.len;

	if (!showpath && pmap_name_is_path(a)) {
		p = s + n;
		while (*--p != '/')
			;
		p++;
		n -= (size_t)(p - s);
		s = p;
	}
	pmap_put_safe(o, s, n);
}
