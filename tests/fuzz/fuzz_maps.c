// SPDX-License-Identifier: MIT
/*
 * Fuzz target: the maps/smaps loader and the printers.  Any bytes must
 * load or fail cleanly; whatever loads must print, and what prints must
 * be a fixed point: loading the printed text and printing again gives
 * the same bytes (for the smaps text and for the maps text alike).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vmspace.h"

static vms_mm *new_mm(void)
{
	struct vms_config cfg;
	vms_mm *mm = NULL;

	vms_config_default(&cfg);
	if (vms_mm_create(&cfg, &mm))
		abort();
	return mm;
}

typedef int64_t (*render_fn)(const vms_mm *mm, char *buf, size_t len);

/* The whole text, in a buffer of exactly the size the first call asks. */
static char *render(const vms_mm *mm, render_fn fn, size_t *len)
{
	int64_t n = fn(mm, NULL, 0);
	char *buf, small[7];

	if (n < 0)
		abort();
	buf = malloc((size_t)n + 1);
	if (!buf)
		abort();
	if (fn(mm, buf, (size_t)n + 1) != n || buf[n] != '\0')
		abort();
	/* a short buffer holds a NUL-terminated prefix */
	if (fn(mm, small, sizeof(small)) != n ||
	    strncmp(small, buf, sizeof(small) - 1) ||
	    strlen(small) != (n < 6 ? (size_t)n : 6))
		abort();
	*len = (size_t)n;
	return buf;
}

static void fixed_point(const char *text, size_t len, render_fn fn)
{
	vms_mm *mm = new_mm();
	unsigned long line = 0;
	size_t len2;
	char *again;

	if (vms_load_maps(mm, text, len, &line)) {
		fprintf(stderr, "printed text does not load (line %lu):\n%s",
			line, text);
		abort();
	}
	again = render(mm, fn, &len2);
	if (len2 != len || memcmp(again, text, len)) {
		fprintf(stderr, "not a fixed point:\n%s---\n%s", text, again);
		abort();
	}
	free(again);
	vms_mm_destroy(mm);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	vms_mm *mm = new_mm();
	unsigned long line = 0;
	char *maps, *smaps;
	size_t mlen, slen;

	if (vms_load_maps(mm, (const char *)data, size, &line) == 0) {
		maps = render(mm, vms_render_maps, &mlen);
		smaps = render(mm, vms_render_smaps, &slen);
		fixed_point(smaps, slen, vms_render_smaps);
		fixed_point(maps, mlen, vms_render_maps);
		free(maps);
		free(smaps);
	} else if (line == 0) {
		abort();	/* an error must name its line */
	}
	vms_mm_destroy(mm);
	return 0;
}
