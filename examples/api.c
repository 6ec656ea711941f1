/* SPDX-License-Identifier: MIT */
/*
 * The library in a few calls: an address space, an anonymous mapping,
 * an mprotect that splits it, a walk over the areas, and the maps text.
 *
 *   make
 *   cc -std=c11 -Iinclude examples/api.c build/libvmspace.a -o api && ./api
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "vmspace.h"

int main(void)
{
	struct vms_config cfg;
	vms_mm *mm;
	vms_area *a;
	char why[128], *text;
	int64_t addr, n;
	int err;

	vms_config_default(&cfg);	/* x86_64, 4 KiB pages, no ASLR */
	err = vms_mm_create(&cfg, &mm);
	if (err < 0)
		return 1;

	/* mmap(NULL, 3 pages, RW, private anonymous): an address or -errno */
	addr = vms_mmap(mm, 0, 3 * cfg.page_size,
			VMS_PROT_READ | VMS_PROT_WRITE,
			VMS_MAP_PRIVATE | VMS_MAP_ANONYMOUS, -1, 0);
	if (addr < 0) {
		fprintf(stderr, "mmap: error %d\n", (int)-addr);
		return 1;
	}

	/* Read-only middle page: the area splits in three. */
	err = vms_mprotect(mm, (uint64_t)addr + cfg.page_size, cfg.page_size,
			   VMS_PROT_READ);
	if (err < 0)
		fprintf(stderr, "mprotect: error %d\n", -err);

	vms_for_each_area(mm, a) {
		char fl[256];

		vms_flags_mnemonics(vms_area_flags(a), fl, sizeof(fl));
		printf("%" PRIx64 "-%" PRIx64 "  %s\n", vms_area_start(a),
		       vms_area_end(a), fl);
	}

	/* Render: ask for the size first, then fill a buffer of that size. */
	n = vms_render_maps(mm, NULL, 0);
	if (n >= 0 && (text = malloc((size_t)n + 1)) != NULL) {
		vms_render_maps(mm, text, (size_t)n + 1);
		fputs(text, stdout);
		free(text);
	}

	if (vms_mm_validate(mm, why, sizeof(why)) < 0)
		fprintf(stderr, "invalid: %s\n", why);
	vms_mm_destroy(mm);
	return 0;
}
