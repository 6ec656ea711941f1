// SPDX-License-Identifier: MIT
/*
 * The output buffer of `vmspace pmap` (see pmap_out.h).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "os/proc.h"
#include "pmap_out.h"

#define FLUSH_AT (64u << 10)

void po_init(struct pmap_out *o, int fd)
{
	memset(o, 0, sizeof(*o));
	o->fd = fd;
}

void po_free(struct pmap_out *o)
{
	free(o->buf);
	o->buf = NULL;
	o->len = o->cap = 0;
}

int po_flush(struct pmap_out *o)
{
	int err;

	if (o->fd < 0 || !o->len)
		return o->err;
	if (!o->err) {
		err = vms_proc_write_all(o->fd, o->buf, o->len);
		if (err)
			o->err = err;
	}
	o->len = 0;
	return o->err;
}

/* Room for @n more bytes; on allocation failure the text is dropped and
 * the error kept, like a failed write. */
static bool room(struct pmap_out *o, size_t n)
{
	size_t cap;
	char *p;

	if (o->fd >= 0 && o->len + n > FLUSH_AT)
		po_flush(o);
	if (o->len + n + 1 <= o->cap)
		return true;
	cap = o->cap ? o->cap : FLUSH_AT + 4096;
	while (cap < o->len + n + 1)
		cap *= 2;
	p = realloc(o->buf, cap);
	if (!p) {
		o->err = -12; /* ENOMEM */
		return false;
	}
	o->buf = p;
	o->cap = cap;
	return true;
}

void po_mem(struct pmap_out *o, const char *s, size_t n)
{
	if (!room(o, n))
		return;
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

void po_str(struct pmap_out *o, const char *s)
{
	po_mem(o, s, strlen(s));
}

void po_chr(struct pmap_out *o, char c)
{
	po_mem(o, &c, 1);
}

void po_rep(struct pmap_out *o, char c, size_t n)
{
	if (!room(o, n))
		return;
	memset(o->buf + o->len, c, n);
	o->len += n;
	o->buf[o->len] = '\0';
}

void po_just(struct pmap_out *o, const char *s, size_t n, size_t width,
	     bool right)
{
	size_t pad = width > n ? width - n : 0;

	if (right)
		po_rep(o, ' ', pad);
	po_mem(o, s, n);
	if (!right)
		po_rep(o, ' ', pad);
}

size_t po_digits(uint64_t v)
{
	size_t n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

void po_u64(struct pmap_out *o, uint64_t v, size_t width)
{
	char tmp[24];
	size_t i = sizeof(tmp);

	do {
		tmp[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	po_just(o, tmp + i, sizeof(tmp) - i, width, true);
}

void po_hex0(struct pmap_out *o, uint64_t v, size_t width)
{
	static const char digits[] = "0123456789abcdef";
	char tmp[20];
	size_t i = sizeof(tmp), n;

	do {
		tmp[--i] = digits[v & 15];
		v >>= 4;
	} while (v);
	n = sizeof(tmp) - i;
	if (width > n)
		po_rep(o, '0', width - n);
	po_mem(o, tmp + i, n);
}

void po_printf(struct pmap_out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !room(o, (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(o->buf + o->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	o->len += (size_t)n;
}
