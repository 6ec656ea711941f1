/* SPDX-License-Identifier: MIT */
/*
 * The output buffer of `vmspace pmap`: rows are built with a few hand-
 * written formatters (no printf per field) and written in 64 KiB pieces.
 * With fd -1 the text just accumulates, which is what tests and the fuzz
 * target use.
 */
#ifndef VMS_PMAP_OUT_H
#define VMS_PMAP_OUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pmap_out {
	char *buf;
	size_t len, cap;
	int fd;		/* -1: keep everything in buf */
	int err;	/* first write error, as -errno */
};

void po_init(struct pmap_out *o, int fd);
void po_free(struct pmap_out *o);
/* Write what is buffered (fd >= 0).  Returns o->err. */
int po_flush(struct pmap_out *o);

void po_mem(struct pmap_out *o, const char *s, size_t n);
void po_str(struct pmap_out *o, const char *s);
void po_chr(struct pmap_out *o, char c);
void po_rep(struct pmap_out *o, char c, size_t n);
/* @s right- (or left-) justified in @width columns, never cut. */
void po_just(struct pmap_out *o, const char *s, size_t n, size_t width,
	     bool right);
/* Decimal, right-justified in @width (0: no padding). */
void po_u64(struct pmap_out *o, uint64_t v, size_t width);
/* Lower-case hex, zero-padded to @width. */
void po_hex0(struct pmap_out *o, uint64_t v, size_t width);
/* printf into the buffer, for the rare lines. */
void po_printf(struct pmap_out *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Number of decimal digits of @v (1 for 0). */
size_t po_digits(uint64_t v);

#endif /* VMS_PMAP_OUT_H */
