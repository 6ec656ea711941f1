// SPDX-License-Identifier: MIT
/*
 * Every byte the library uses comes through the address space's allocator,
 * so that embedders can account it and tests can make any allocation fail.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static void *default_alloc(void *ctx, size_t size)
{
	(void)ctx;
	return malloc(size);
}

static void *default_alloc_aligned(void *ctx, size_t align, size_t size)
{
	(void)ctx;
	return aligned_alloc(align, size);
}

static void default_free(void *ctx, void *p, size_t size)
{
	(void)ctx;
	(void)size;
	free(p);
}

void vms__allocator_fill(struct vms_allocator *a)
{
	if (!a->alloc || !a->free) {
		a->alloc = default_alloc;
		a->free = default_free;
		a->alloc_aligned = default_alloc_aligned;
		a->ctx = NULL;
	}
}

void *vms__alloc(struct vms_mm *mm, size_t size)
{
	return mm->cfg.allocator.alloc(mm->cfg.allocator.ctx, size);
}

void *vms__zalloc(struct vms_mm *mm, size_t size)
{
	void *p = vms__alloc(mm, size);

	if (p)
		memset(p, 0, size);
	return p;
}

void vms__free(struct vms_mm *mm, void *p, size_t size)
{
	if (p)
		mm->cfg.allocator.free(mm->cfg.allocator.ctx, p, size);
}

void *vms__alloc_aligned(struct vms_mm *mm, size_t align, size_t size,
			 void **raw, size_t *raw_size)
{
	const struct vms_allocator *al = &mm->cfg.allocator;
	char *p;

	if (al->alloc_aligned) {
		*raw = al->alloc_aligned(al->ctx, align, size);
		*raw_size = size;
		return *raw;
	}
	/* no aligned hook: an aligned block always fits in size + align */
	*raw_size = size + align;
	*raw = p = al->alloc(al->ctx, *raw_size);
	if (!p)
		return NULL;
	return p + (align - (uintptr_t)p % align) % align;
}
