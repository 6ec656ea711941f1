/* SPDX-License-Identifier: MIT */
/*
 * Helpers for tests that drive the model directly: a test window, ASCII
 * pictures of it, and a failing allocator.
 */
#ifndef VMS_TEST_MODEL_H
#define VMS_TEST_MODEL_H

#include <errno.h>
#include <stdint.h>
#include "vmspace.h"

#define TP 4096ULL			/* test page */
#define TW 0x100000000ULL		/* test window base */
#define PG(n) (TW + (uint64_t)(n) * TP)

vms_mm *tm_new(void);
vms_mm *tm_new_cfg(const struct vms_config *cfg);
/*
 * The window's first npages as one character per page: areas get letters
 * a, b, c... in address order (upper case when faulted), holes are '.'.
 */
const char *tm_pic(const vms_mm *mm, unsigned npages);
/* validate; on failure print the reason and return non-zero */
int tm_valid(const vms_mm *mm);
int tm_valid_structure(const vms_mm *mm);
unsigned tm_count(const vms_mm *mm);

/* anonymous private MAP_FIXED at page pg */
int64_t tm_map(vms_mm *mm, unsigned pg, unsigned npages, int prot);
/* the area covering page pg */
vms_area *tm_at(const vms_mm *mm, unsigned pg);

/* An allocator that fails the Nth allocation from now (1-based). */
struct tm_failing {
	long countdown;		/* <= 0: never fail */
	long allocs, frees;
	long live_bytes;
	int failed;
};
void tm_failing_allocator(struct tm_failing *f, struct vms_allocator *a);

#endif
