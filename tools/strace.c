// SPDX-License-Identifier: MIT
/*
 * The strace line parser (see strace.h).  Every scan is bounded by the
 * NUL-terminated copy of the line, and every failure is a message, since
 * the input is whatever a user or a fuzzer feeds us.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strace.h"

struct vms_strace_pending {
	int pid;
	char name[32];
	char *head; /* the text before " <unfinished ...>" */
};

void vms_strace_init(struct vms_strace *p)
{
	memset(p, 0, sizeof(*p));
}

void vms_strace_fini(struct vms_strace *p)
{
	for (size_t i = 0; i < p->npending; i++)
		free(p->pending[i].head);
	free(p->pending);
	memset(p, 0, sizeof(*p));
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/*
 * The calls parsed strictly (argument count and values checked).  The
 * ones with VMS_SC_UNKNOWN are memory calls the model does not apply yet:
 * supporting one is giving it its own enum value here and an entry in
 * replay.c's table.  Any other name is parsed leniently and skipped.
 */
static const struct call_spec {
	const char *name;
	enum vms_sc sc;
	signed char min, max; /* argument count */
	signed char path;     /* index of the path argument, or -1 */
} specs[] = {
    {"mmap", VMS_SC_MMAP, 6, 6, -1},
    {"munmap", VMS_SC_MUNMAP, 2, 2, -1},
    {"mprotect", VMS_SC_MPROTECT, 3, 3, -1},
    {"open", VMS_SC_OPEN, 2, 3, 0},
    {"openat", VMS_SC_OPENAT, 3, 4, 1},
    {"close", VMS_SC_CLOSE, 1, 1, -1},
    {"dup", VMS_SC_DUP, 1, 1, -1},
    {"dup2", VMS_SC_DUP2, 2, 2, -1},
    {"dup3", VMS_SC_DUP2, 3, 3, -1},
    {"mmap2", VMS_SC_UNKNOWN, 6, 6, -1}, /* 32-bit only */
    {"mremap", VMS_SC_MREMAP, 4, 5, -1},
    {"madvise", VMS_SC_MADVISE, 3, 3, -1},
    {"mlock", VMS_SC_MLOCK, 2, 2, -1},
    {"mlock2", VMS_SC_MLOCK2, 3, 3, -1},
    {"munlock", VMS_SC_MUNLOCK, 2, 2, -1},
    {"mlockall", VMS_SC_MLOCKALL, 1, 1, -1},
    {"munlockall", VMS_SC_MUNLOCKALL, 0, 0, -1},
    {"mseal", VMS_SC_MSEAL, 3, 3, -1},
    /* mseal is x86_64's 462: older strace (6.1 here) has no name for it
     * and prints all six registers, "syscall_0x1ce(addr, 0x1000, 0, 0, 0,
     * 0)"; hand-written lines may give just the three that count */
    {"syscall_0x1ce", VMS_SC_MSEAL, 3, 6, -1},
    {"brk", VMS_SC_BRK, 1, 1, -1},
    {"pkey_mprotect", VMS_SC_UNKNOWN, 4, 4, -1},
    {"msync", VMS_SC_UNKNOWN, 3, 3, -1},
    {"remap_file_pages", VMS_SC_UNKNOWN, 5, 5, -1},
};

static const struct call_spec *find_spec(const char *name)
{
	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++)
		if (!strcmp(specs[i].name, name))
			return &specs[i];
	return NULL;
}

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static bool is_ident_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

static bool is_ident(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* p at '"': returns just past the closing quote, or NULL. */
static const char *skip_string(const char *p)
{
	for (p++; *p; p++) {
		if (*p == '\\' && p[1])
			p++;
		else if (*p == '"')
			return p + 1;
	}
	return NULL;
}

/* p at "/ *": returns just past the comment, or NULL. */
static const char *skip_comment(const char *p)
{
	const char *e = strstr(p + 2, "*/");

	return e ? e + 2 : NULL;
}

/*
 * p at '<' of an -y decoration ("3</path>", "3<TCP:[a->b]>"): returns
 * past the '>' and a following "(deleted)", or NULL.  '>' inside [] is
 * part of the decoration.
 */
static const char *skip_decoration(const char *p)
{
	int brackets = 0;

	for (p++; *p; p++) {
		if (*p == '[')
			brackets++;
		else if (*p == ']' && brackets)
			brackets--;
		else if (*p == '>' && !brackets)
			break;
	}
	if (!*p)
		return NULL;
	p++;
	if (!strncmp(p, "(deleted)", 9))
		p += 9;
	return p;
}

/* Is the '<' at p (inside [start, ...)) a decoration, not a "<<"? */
static bool is_decoration(const char *start, const char *p)
{
	return p > start && (is_ident(p[-1]) || p[-1] == ']') && p[-1] != '<' &&
	       p[1] != '<' && p[1] != '\0';
}

struct span {
	const char *s, *e;
};

/*
 * Split "a, b, {c, d})" at its top-level commas.  p is just past '('.
 * Returns a pointer to the closing ')' or NULL with @err set.
 */
static const char *split_args(const char *p, struct span *args, int *nargs,
			      char *err, size_t errlen)
{
	char stack[64];
	int depth = 0, n = 0;
	const char *start = p, *arg = p;

	for (;;) {
		char c = *p;

		if (!c) {
			fail(err, errlen, "unbalanced parentheses");
			return NULL;
		}
		if (c == '"') {
			p = skip_string(p);
			if (!p) {
				fail(err, errlen, "unterminated string");
				return NULL;
			}
			continue;
		}
		if (c == '/' && p[1] == '*') {
			p = skip_comment(p);
			if (!p) {
				fail(err, errlen, "unterminated comment");
				return NULL;
			}
			continue;
		}
		if (c == '<' && is_decoration(start, p)) {
			p = skip_decoration(p);
			if (!p) {
				fail(err, errlen, "unterminated <decoration>");
				return NULL;
			}
			continue;
		}
		if (c == '(' || c == '{' || c == '[') {
			if (depth == (int)sizeof(stack)) {
				fail(err, errlen, "nesting too deep");
				return NULL;
			}
			stack[depth++] = c == '(' ? ')' : c == '{' ? '}' : ']';
		} else if (c == ')' || c == '}' || c == ']') {
			if (depth == 0 && c == ')')
				break;
			if (depth == 0 || stack[depth - 1] != c) {
				fail(err, errlen, "unbalanced parentheses");
				return NULL;
			}
			depth--;
		} else if (c == ',' && depth == 0) {
			if (n < VMS_SC_MAXARGS)
				args[n] = (struct span){arg, p};
			n++;
			arg = p + 1;
		}
		p++;
	}
	/* "()" has no argument; "(a)" has one. */
	if (n > 0 || *skip_ws(arg) != ')') {
		if (n < VMS_SC_MAXARGS)
			args[n] = (struct span){arg, p};
		n++;
	}
	*nargs = n;
	return p;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* An unsigned number: 0x hex, 0 octal or decimal.  NULL if none. */
static const char *parse_number(const char *p, const char *e, uint64_t *v)
{
	unsigned base = 10;
	uint64_t x = 0;
	const char *d;

	if (p >= e || !isdigit((unsigned char)*p))
		return NULL;
	if (p[0] == '0' && p + 1 < e && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	} else if (p[0] == '0') {
		base = 8;
	}
	for (d = p; p < e; p++) {
		int dv = hexval(*p);

		if (dv < 0 || dv >= (int)base)
			break;
		if (x > (UINT64_MAX - dv) / base)
			return NULL;
		x = x * base + dv;
	}
	if (p == d || (p < e && is_ident(*p)))
		return NULL;
	*v = x;
	return p;
}

/* Undo strace's C escapes; "..." after the quote means truncated. */
static char *unescape(const char *p, const char *e, const char **end)
{
	char *out = malloc(e - p + 1), *o = out;

	if (!out)
		return NULL;
	for (p++; p < e && *p != '"'; p++) {
		if (*p != '\\' || p + 1 >= e) {
			*o++ = *p;
			continue;
		}
		p++;
		switch (*p) {
		case 'n':
			*o++ = '\n';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 'v':
			*o++ = '\v';
			break;
		case 'f':
			*o++ = '\f';
			break;
		case 'a':
			*o++ = '\a';
			break;
		case 'b':
			*o++ = '\b';
			break;
		case 'x': {
			int v = 0, n = 0;

			while (n < 2 && p + 1 < e && hexval(p[1]) >= 0) {
				v = v * 16 + hexval(p[1]);
				p++;
				n++;
			}
			*o++ = (char)(n ? v : 'x');
			break;
		}
		default:
			if (*p >= '0' && *p <= '7') {
				int v = *p - '0', n = 1;

				while (n < 3 && p + 1 < e && p[1] >= '0' &&
				       p[1] <= '7') {
					v = v * 8 + (p[1] - '0');
					p++;
					n++;
				}
				*o++ = (char)v;
			} else {
				*o++ = *p; /* \" \\ \' \? */
			}
		}
	}
	*o = '\0';
	*end = p < e ? p + 1 : p;
	return out;
}

static const char *skip_ws_e(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* Skip comments and blanks inside an argument. */
static const char *skip_fill(const char *p, const char *e)
{
	for (;;) {
		p = skip_ws_e(p, e);
		if (p + 1 < e && p[0] == '/' && p[1] == '*') {
			const char *c = skip_comment(p);

			if (!c || c > e)
				return e;
			p = c;
			continue;
		}
		return p;
	}
}

/* One term of an OR expression: NULL, a number, a constant, N<<NAME. */
static const char *parse_term(const char *p, const char *e, uint64_t *v,
			      char *err, size_t errlen)
{
	const char *q;
	bool neg = false;

	if (p < e && *p == '-') {
		neg = true;
		p++;
	}
	if (p < e && isdigit((unsigned char)*p)) {
		q = parse_number(p, e, v);
		if (!q) {
			fail(err, errlen, "bad number '%.*s'", (int)(e - p), p);
			return NULL;
		}
		if (neg)
			*v = -*v;
	} else if (!neg && p < e && is_ident_start(*p)) {
		for (q = p; q < e && is_ident(*q); q++)
			;
		if (q - p == 4 && !memcmp(p, "NULL", 4)) {
			*v = 0;
		} else if (!vms_scall_const(p, q - p, v)) {
			fail(err, errlen, "unknown constant %.*s", (int)(q - p),
			     p);
			return NULL;
		}
	} else {
		fail(err, errlen, "bad argument '%.*s'", (int)(e - p), p);
		return NULL;
	}
	if (q + 1 < e && q[0] == '<' && q[1] == '<') {
		uint64_t shift;

		q = parse_term(q + 2, e, &shift, err, errlen);
		if (!q)
			return NULL;
		if (shift > 63) {
			fail(err, errlen, "shift out of range");
			return NULL;
		}
		*v <<= shift;
	} else if (q < e && *q == '<') {
		q = skip_decoration(q); /* "3</path>": the number */
		if (!q || q > e) {
			fail(err, errlen, "unterminated <decoration>");
			return NULL;
		}
	}
	return q;
}

/*
 * One argument: an OR of terms, or a string when @str is given.
 * Returns 0 or -EINVAL.
 */
static int parse_arg(struct span a, uint64_t *v, char **str, char *err,
		     size_t errlen)
{
	const char *p = skip_fill(a.s, a.e), *e = a.e;

	while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*v = 0;
	if (p < e && *p == '"') {
		const char *q;

		if (!str)
			return fail(err, errlen, "unexpected string");
		free(*str);
		*str = unescape(p, e, &q);
		if (!*str)
			return fail(err, errlen, "out of memory");
		if (e - q >= 3 && !memcmp(q, "...", 3))
			q += 3;
		if (skip_ws_e(q, e) != e)
			return fail(err, errlen, "text after string");
		return 0;
	}
	if (p == e)
		return fail(err, errlen, "empty argument");
	for (;;) {
		uint64_t t;

		p = parse_term(p, e, &t, err, errlen);
		if (!p)
			return -EINVAL;
		*v |= t;
		p = skip_fill(p, e);
		if (p == e)
			return 0;
		if (*p != '|')
			return fail(err, errlen, "unexpected '%c' in argument",
				    *p);
		p = skip_fill(p + 1, e);
	}
}

/* " = 0x7f...", " = 3</path>", " = -1 ENOMEM (...)", " = ?" */
static int parse_result(const char *p, struct vms_scall *c, char *err,
			size_t errlen)
{
	const char *e = p + strlen(p), *q;
	uint64_t v;
	bool neg = false;

	p = skip_ws(p);
	if (*p == '?') {
		c->has_result = false;
		return 0;
	}
	if (*p == '-') {
		neg = true;
		p++;
	}
	q = parse_number(p, e, &v);
	if (!q)
		return fail(err, errlen, "bad result '%s'", p);
	if (*q == '<') {
		q = skip_decoration(q);
		if (!q)
			return fail(err, errlen, "unterminated <decoration>");
	}
	c->has_result = true;
	c->result = neg ? -(int64_t)v : (int64_t)v;
	q = skip_ws(q);
	if (neg && is_ident_start(*q)) {
		char name[32];
		size_t n = 0;
		int errnum;

		while (is_ident(q[n]) && n < sizeof(name) - 1) {
			name[n] = q[n];
			n++;
		}
		name[n] = '\0';
		errnum = vms_errno_from_name(name);
		if (!errnum)
			return fail(err, errlen, "unknown error name %s", name);
		c->result = -errnum;
	}
	/* What follows (" (Cannot allocate ...)", -T's " <0.000012>") is
	 * commentary. */
	return 0;
}

int vms_scall_parse(const char *text, struct vms_scall *c, char *err,
		    size_t errlen)
{
	const char *p = skip_ws(text), *name = p, *close;
	const struct call_spec *spec;
	struct span args[VMS_SC_MAXARGS];
	int nargs, ret;
	size_t n;

	memset(c, 0, sizeof(*c));
	while (is_ident(*p))
		p++;
	n = p - name;
	if (!n || !is_ident_start(*name) || *p != '(')
		return fail(err, errlen, "not a system call: '%.40s'", name);
	if (n >= sizeof(c->name))
		return fail(err, errlen, "system call name too long");
	memcpy(c->name, name, n);
	c->name[n] = '\0';

	close = split_args(p + 1, args, &nargs, err, errlen);
	if (!close)
		return -EINVAL;
	c->text = strndup(name, close + 1 - name);
	if (!c->text)
		return fail(err, errlen, "out of memory");
	c->nargs = nargs;

	p = skip_ws(close + 1);
	if (*p == '=') {
		ret = parse_result(p + 1, c, err, errlen);
		if (ret)
			goto out;
	} else if (*p) {
		ret = fail(err, errlen, "unexpected text after the call: '%s'",
			   p);
		goto out;
	}

	spec = find_spec(c->name);
	if (!spec) {
		/* Lenient: keep what parses, for the record only. */
		for (int i = 0; i < nargs && i < VMS_SC_MAXARGS; i++)
			if (parse_arg(args[i], &c->arg[i], NULL, NULL, 0))
				c->arg[i] = 0;
		return 0;
	}
	if (nargs < spec->min || nargs > spec->max) {
		ret = spec->min == spec->max
			  ? fail(err, errlen, "%s takes %d argument%s, got %d",
				 c->name, spec->max, spec->max == 1 ? "" : "s",
				 nargs)
			  : fail(err, errlen,
				 "%s takes %d to %d arguments, got %d", c->name,
				 spec->min, spec->max, nargs);
		goto out;
	}
	for (int i = 0; i < nargs; i++) {
		ret = parse_arg(args[i], &c->arg[i],
				i == spec->path ? &c->path : NULL, err, errlen);
		if (!ret && i == spec->path && !c->path)
			ret = fail(err, errlen, "expected a path string");
		if (ret) {
			size_t l = strlen(err);

			/* Say which argument, keeping the reason. */
			if (errlen > l + 16) {
				memmove(err + 12, err, l + 1);
				memcpy(err, "argument ", 9);
				err[9] = (char)('1' + i);
				err[10] = ':';
				err[11] = ' ';
			}
			goto out;
		}
	}
	c->sc = spec->sc;
	return 0;
out:
	vms_scall_free(c);
	return ret;
}

/* Strip "[pid  N] ", "N ", time stamps, -i/-n brackets; sets *pid. */
static const char *strip_prefixes(const char *p, int *pid)
{
	for (;;) {
		const char *q;

		p = skip_ws(p);
		if (!strncmp(p, "[pid", 4)) {
			long v = 0;

			q = skip_ws(p + 4);
			while (isdigit((unsigned char)*q) && v < 100000000)
				v = v * 10 + (*q++ - '0');
			if (*q != ']')
				return p;
			*pid = (int)v;
			p = q + 1;
			continue;
		}
		if (*p == '[') { /* -i "[00007f...]" or -n "[  9]" */
			q = skip_ws(p + 1);
			while (isxdigit((unsigned char)*q))
				q++;
			q = skip_ws(q);
			if (*q != ']' || q == p + 1)
				return p;
			p = q + 1;
			continue;
		}
		if (isdigit((unsigned char)*p)) {
			bool stamp = false;
			long v = 0;

			for (q = p; isdigit((unsigned char)*q) || *q == '.' ||
				    *q == ':';
			     q++) {
				if (*q == '.' || *q == ':')
					stamp = true;
				else if (v < 100000000)
					v = v * 10 + (*q - '0');
			}
			if (*q != ' ' && *q != '\t')
				return p;
			if (!stamp)
				*pid = (int)v;
			p = q;
			continue;
		}
		return p;
	}
}

static struct vms_strace_pending *find_pending(struct vms_strace *ps, int pid)
{
	for (size_t i = 0; i < ps->npending; i++)
		if (ps->pending[i].pid == pid)
			return &ps->pending[i];
	return NULL;
}

static void drop_pending(struct vms_strace *ps, struct vms_strace_pending *pd)
{
	free(pd->head);
	*pd = ps->pending[--ps->npending];
}

static int add_pending(struct vms_strace *ps, int pid, const char *head,
		       size_t len, char *err, size_t errlen)
{
	struct vms_strace_pending *pd = find_pending(ps, pid);
	size_t n = 0;

	if (!pd) {
		if (ps->npending == ps->cap) {
			size_t cap = ps->cap ? ps->cap * 2 : 8;
			void *np = realloc(ps->pending, cap * sizeof(*pd));

			if (!np)
				return fail(err, errlen, "out of memory");
			ps->pending = np;
			ps->cap = cap;
		}
		pd = &ps->pending[ps->npending++];
		pd->head = NULL;
	}
	/* A pid has one call in flight; a newer head replaces a lost one. */
	free(pd->head);
	pd->pid = pid;
	pd->head = strndup(head, len);
	while (is_ident(head[n]) && n < sizeof(pd->name) - 1 && n < len) {
		pd->name[n] = head[n];
		n++;
	}
	pd->name[n] = '\0';
	if (!pd->head) {
		drop_pending(ps, pd);
		return fail(err, errlen, "out of memory");
	}
	return 0;
}

int vms_strace_line(struct vms_strace *ps, const char *line, size_t len,
		    unsigned long lineno, struct vms_scall *out, char *err,
		    size_t errlen)
{
	static const char unfinished[] = " <unfinished ...>";
	char *buf, *p, *u, *joined = NULL;
	int pid = 0, ret = 0;

	memset(out, 0, sizeof(*out));
	if (errlen)
		err[0] = '\0';
	if (memchr(line, '\0', len))
		return fail(err, errlen, "NUL byte in line");
	buf = strndup(line, len);
	if (!buf)
		return fail(err, errlen, "out of memory");
	for (size_t n = strlen(buf);
	     n && (buf[n - 1] == '\r' || buf[n - 1] == ' ' ||
		   buf[n - 1] == '\t' || buf[n - 1] == '\n');
	     n--)
		buf[n - 1] = '\0';

	p = (char *)skip_ws(buf);
	if (!*p || *p == '#' || *p == '>' || !strncmp(p, "strace: ", 8))
		goto out;
	p = (char *)strip_prefixes(p, &pid);
	if (!strncmp(p, "--- ", 4) || !strncmp(p, "+++ ", 4))
		goto out;

	if (!strncmp(p, "<... ", 5)) {
		struct vms_strace_pending *pd = find_pending(ps, pid);
		char *name = p + 5, *end = name;
		size_t hl;

		while (is_ident(*end))
			end++;
		if (strncmp(end, " resumed>", 9)) {
			ret = fail(err, errlen, "bad resumed line");
			goto out;
		}
		*end = '\0';
		if (!pd || strcmp(pd->name, name)) {
			ret = fail(err, errlen,
				   "%s resumed without an unfinished call "
				   "(pid %d)",
				   name, pid);
			goto out;
		}
		p = end + 9;
		hl = strlen(pd->head);
		joined = malloc(hl + strlen(p) + 1);
		if (!joined) {
			ret = fail(err, errlen, "out of memory");
			goto out;
		}
		memcpy(joined, pd->head, hl);
		strcpy(joined + hl, p);
		drop_pending(ps, pd);
		p = joined;
	}

	u = strstr(p, unfinished);
	if (u) {
		const char *q = p;

		/* Check the start now: an error belongs to this line. */
		while (is_ident(*q))
			q++;
		if (q == p || *q != '(') {
			ret =
			    fail(err, errlen, "not a system call: '%.40s'", p);
			goto out;
		}
		/* strace wrote "call(args" then " <unfinished ...>". */
		ret = add_pending(ps, pid, p, u - p, err, errlen);
		goto out;
	}

	ret = vms_scall_parse(p, out, err, errlen);
	if (ret == 0) {
		out->pid = pid;
		out->line = lineno;
		ret = 1;
	}
out:
	free(joined);
	free(buf);
	return ret;
}
