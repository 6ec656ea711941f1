/* SPDX-License-Identifier: MIT */
/*
 * A hand-written scanner for the text of /proc/PID/maps and smaps.
 *
 * pmap 4.0.2 spends a third of its time in sscanf (reference, section 12)
 * and reads lines through a 1 KiB buffer, which breaks on long names (B1).
 * This scanner works in place on the whole text, read once: it finds each
 * area's header line, splits it into fields, and hands the counter lines
 * that follow as a range for pmap_kv_next() or the fast pmap_x_counters().
 * Lines of any length are fine; nothing is copied.
 */
#ifndef VMS_PMAP_SCAN_H
#define VMS_PMAP_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A piece of the scanned text (not NUL-terminated). */
struct pmap_str {
	const char *s;
	size_t len;
};

struct pmap_area {
	uint64_t start, end, offset, inode;
	unsigned int major, minor;
	char perms[5];		/* "rw-p", NUL-terminated */
	/* the header fields as the kernel wrote them (-X prints these) */
	struct pmap_str f_start, f_perms, f_offset, f_dev, f_inode;
	struct pmap_str name;	/* after the padding, up to the newline */
	const char *body;	/* the counter lines (smaps); empty for maps */
	const char *body_end;
};

/*
 * The next area of the text [*pos, end).  Lines before the first header
 * line, and lines that are neither headers nor counters, are skipped.
 * Returns false at the end of the text.
 */
bool pmap_scan_next(const char **pos, const char *end, struct pmap_area *a);

/* Parse one header line [line, eol); false if it is not one. */
bool pmap_parse_header(const char *line, const char *eol,
		       struct pmap_area *a);

/* One "Key:   value kB" line of smaps. */
struct pmap_kv {
	struct pmap_str key;
	struct pmap_str val;	/* the digits; or the text for VmFlags */
	uint64_t value;
	bool numeric;		/* the value is all digits */
};

/* The next counter line of [*pos, end); false at the end. */
bool pmap_kv_next(const char **pos, const char *end, struct pmap_kv *kv);

/* What -x needs from one area, picked out without a general parse. */
struct pmap_x_vals {
	uint64_t rss, dirty;	/* Rss; Shared_Dirty + Private_Dirty */
};

void pmap_x_counters(const struct pmap_area *a, struct pmap_x_vals *v);

/* The value of one key in an area's counters; false if absent. */
bool pmap_counter(const struct pmap_area *a, const char *key, uint64_t *v);

#endif /* VMS_PMAP_SCAN_H */
