// SPDX-License-Identifier: MIT
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

vms_mm *tm_new_cfg(const struct vms_config *cfg)
{
	vms_mm *mm = NULL;

	if (vms_mm_create(cfg, &mm)) {
		fprintf(stderr, "vms_mm_create failed\n");
		abort();
	}
	return mm;
}

vms_mm *tm_new(void)
{
	struct vms_config c;

	vms_config_default(&c);
	return tm_new_cfg(&c);
}

const char *tm_pic(const vms_mm *mm, unsigned npages)
{
	static char buf[1024];
	unsigned i, letter = 0;
	const vms_area *last = NULL;

	if (npages >= sizeof(buf))
		npages = sizeof(buf) - 1;
	for (i = 0; i < npages; i++) {
		uint64_t addr = PG(i);
		vms_area *a = vms_find_vma(mm, addr);

		if (!a || vms_area_start(a) > addr) {
			buf[i] = '.';
			continue;
		}
		if (a != last) {
			if (last)
				letter++;
			last = a;
		}
		buf[i] = (char)((vms_area_anon(a) ? 'A' : 'a') + letter % 26);
	}
	buf[npages] = 0;
	return buf;
}

int tm_valid(const vms_mm *mm)
{
	char why[256];
	int err = vms_mm_validate(mm, why, sizeof(why));

	if (err)
		printf("# validate: %s\n", why);
	return err;
}

int tm_valid_structure(const vms_mm *mm)
{
	char why[256];
	int err = vms_mm_validate_structure(mm, why, sizeof(why));

	if (err)
		printf("# validate: %s\n", why);
	return err;
}

unsigned tm_count(const vms_mm *mm)
{
	struct vms_mm_stats st;

	vms_mm_stats(mm, &st);
	return (unsigned)st.map_count;
}

int64_t tm_map(vms_mm *mm, unsigned pg, unsigned npages, int prot)
{
	return vms_mmap(mm, PG(pg), (uint64_t)npages * TP, prot,
			VMS_MAP_PRIVATE | VMS_MAP_ANONYMOUS | VMS_MAP_FIXED,
			-1, 0);
}

vms_area *tm_at(const vms_mm *mm, unsigned pg)
{
	vms_area *a = vms_find_vma(mm, PG(pg));

	return a && vms_area_start(a) <= PG(pg) ? a : NULL;
}

/* Counts the allocation, or fails it if the countdown says so. */
static bool fail_charge(struct tm_failing *f, size_t size)
{
	if (f->countdown > 0 && --f->countdown == 0) {
		f->failed++;
		return false;
	}
	f->allocs++;
	f->live_bytes += (long)size;
	return true;
}

static void *fail_alloc(void *ctx, size_t size)
{
	return fail_charge(ctx, size) ? malloc(size) : NULL;
}

static void *fail_alloc_aligned(void *ctx, size_t align, size_t size)
{
	return fail_charge(ctx, size) ? aligned_alloc(align, size) : NULL;
}

static void fail_free(void *ctx, void *p, size_t size)
{
	struct tm_failing *f = ctx;

	f->frees++;
	f->live_bytes -= (long)size;
	free(p);
}

void tm_failing_allocator(struct tm_failing *f, struct vms_allocator *a)
{
	memset(f, 0, sizeof(*f));
	a->alloc = fail_alloc;
	a->free = fail_free;
	a->alloc_aligned = fail_alloc_aligned;
	a->ctx = f;
}
