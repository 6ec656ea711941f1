/* SPDX-License-Identifier: MIT */
/*
 * Names as `vmspace pmap` prints them: the escaping of the command line in
 * the "PID:   cmdline" header (as libproc2 4.0.2 does it, byte for byte),
 * the safe escaping of mapping names (every mode), and the rules that turn
 * a kernel name into pmap's "[ anon ]", "[ stack ]", "[ shmid=0x.. ]" or
 * basename.
 */
#ifndef VMS_PMAP_NAME_H
#define VMS_PMAP_NAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pmap_out.h"
#include "pmap_scan.h"

/* Call once after setlocale(): are we in a UTF-8 locale? */
void pmap_name_set_utf8(bool utf8);
bool pmap_name_utf8(void);

/*
 * Escape @s in place the way libproc2 4.0.2 escapes a command line:
 * in a UTF-8 locale, control bytes become '?' and multi-byte sequences
 * are kept by their lead byte, until a byte that cannot lead one; from
 * there on (and everywhere in other locales), bytes >= 0x80 become '?'
 * and control bytes '.'.
 */
void pmap_escape_cmdline(char *s, size_t len);

/*
 * Append a mapping name, made safe for a terminal: valid, printable
 * UTF-8 is kept (in a UTF-8 locale); every other byte that is not
 * printable ASCII becomes '?'.  No name can emit an escape sequence.
 */
void pmap_put_safe(struct pmap_out *o, const char *s, size_t len);

/*
 * Length of the valid, printable UTF-8 character at @s (2 to 4), or 0:
 * overlong forms, surrogates, values past U+10FFFF and the C1 controls
 * are refused.
 */
size_t pmap_utf8_len(const unsigned char *s, size_t left);

struct pmap_name_ctx {
	uint64_t start_stack;	/* from /proc/PID/stat */
	unsigned int shm_minor;	/* ~0u: unknown */
	bool showpath;		/* -p */
	bool kernel_names;	/* -k */
};

/* The name column of the default, -x and -d modes. */
void pmap_put_name(struct pmap_out *o, const struct pmap_area *a,
		   const struct pmap_name_ctx *c);

/* The Mapping column of -X, -XX and the rc modes. */
void pmap_put_xname(struct pmap_out *o, const struct pmap_area *a,
		    bool showpath);

/* Is the area's name a file path (as opposed to [heap], [anon:x/y]...)? */
bool pmap_name_is_path(const struct pmap_area *a);

#endif /* VMS_PMAP_NAME_H */
