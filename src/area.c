// SPDX-License-Identifier: MIT
/*
 * Allocation of areas.  Release builds carve areas from slab chunks of the
 * address space, so an area costs its 128 bytes and nothing more; debug
 * builds (VMS_DEBUG) allocate each area on its own, so that the sanitizers
 * see every use after free and failure injection reaches every area.
 */
#include <string.h>

#include "internal.h"

_Static_assert(sizeof(void *) != 8 || sizeof(struct vms_area) == 128,
	       "struct vms_area must stay at 128 bytes on LP64");
_Static_assert(sizeof(struct vms_area_chunk) == 64,
	       "the chunk header fills one cache line");

#ifndef VMS_DEBUG
#define AREAS_PER_CHUNK 255	/* 64 + 255 * 128 bytes: 32 KiB */
#define LINE 64

static int refill(struct vms_mm *mm)
{
	size_t size = LINE + sizeof(struct vms_area_chunk) +
		      AREAS_PER_CHUNK * sizeof(struct vms_area);
	char *raw = vms__alloc(mm, size);
	struct vms_area_chunk *c;

	if (!raw)
		return -ENOMEM;
	c = (struct vms_area_chunk *)(raw + (LINE - (uintptr_t)raw % LINE));
	c->raw = raw;
	c->raw_size = size;
	c->count = AREAS_PER_CHUNK;
	c->next = mm->chunks;
	mm->chunks = c;
	for (int i = AREAS_PER_CHUNK - 1; i >= 0; i--) {
		c->areas[i].next = mm->free_areas;
		mm->free_areas = &c->areas[i];
	}
	return 0;
}
#endif

struct vms_area *vms__area_alloc(struct vms_mm *mm)
{
	struct vms_area *a;

#ifdef VMS_DEBUG
	a = vms__alloc(mm, sizeof(*a));
	if (!a)
		return NULL;
#else
	if (!mm->free_areas && refill(mm))
		return NULL;
	a = mm->free_areas;
	mm->free_areas = a->next;
#endif
	memset(a, 0, sizeof(*a));
	a->mm = mm;
	return a;
}

void vms__area_free(struct vms_mm *mm, struct vms_area *a)
{
	/* poison so that a stale pointer is caught by the validator */
	memset(a, 0x6b, sizeof(*a));
#ifdef VMS_DEBUG
	vms__free(mm, a, sizeof(*a));
#else
	a->next = mm->free_areas;
	mm->free_areas = a;
#endif
}

void vms__slab_destroy(struct vms_mm *mm)
{
	struct vms_area_chunk *c = mm->chunks, *n;

	for (; c; c = n) {
		n = c->next;
		vms__free(mm, c->raw, c->raw_size);
	}
	mm->chunks = NULL;
	mm->free_areas = NULL;
}

void vms__area_copy(struct vms_area *dst, const struct vms_area *src)
{
	dst->start = src->start;
	dst->end = src->end;
	dst->flags = src->flags;
	dst->pgoff = src->pgoff;
	dst->file = src->file ? vms_file_get(src->file) : NULL;
	dst->anon = src->anon;
	if (dst->anon)
		vms__anon_get(dst->anon);
	dst->ops = src->ops;
	dst->private_data = src->private_data;
	dst->mm = src->mm;
	dst->ext = src->ext;
	if (dst->ext)
		dst->ext->refs++;
}

void vms__area_release(struct vms_area *a)
{
	if (a->file)
		vms_file_put(a->file);
	if (a->anon)
		vms__anon_put(a->mm, a->anon);
	if (a->ext)
		vms__ext_put(a->mm, a->ext);
	a->file = NULL;
	a->anon = NULL;
	a->ext = NULL;
}

/* ---- accessors ---- */

uint64_t vms_area_start(const vms_area *a)
{
	return a->start;
}

uint64_t vms_area_end(const vms_area *a)
{
	return a->end;
}

uint64_t vms_area_flags(const vms_area *a)
{
	return VMS__FLAGS_EXPORT(a->flags);
}

uint64_t vms_area_pgoff(const vms_area *a)
{
	return a->pgoff;
}

vms_file *vms_area_file(const vms_area *a)
{
	return a->file;
}

vms_anon *vms_area_anon(const vms_area *a)
{
	return a->anon;
}

vms_mm *vms_area_mm(const vms_area *a)
{
	return a->mm;
}

const struct vms_vm_ops *vms_area_ops(const vms_area *a)
{
	return a->ops;
}

void *vms_area_private(const vms_area *a)
{
	return a->private_data;
}

void vms_area_set_private(vms_area *a, void *data)
{
	a->private_data = data;
}

int vms_area_prot(const vms_area *a)
{
	return (int)(a->flags & VMS_ACCESS_FLAGS);
}

const char *vms_area_special_name(const vms_area *a)
{
	const struct vms_mm *mm = a->mm;

	if (a->file)
		return NULL;
	if (a->ops && a->ops->name) {
		const char *n = a->ops->name(a);

		if (n)
			return n;
	}
	/* strict inequalities: an area only touching start_brk is no heap */
	if (a->start < mm->brk && a->end > mm->start_brk)
		return "[heap]";
	if (mm->start_stack && a->start <= mm->start_stack &&
	    a->end >= mm->start_stack)
		return "[stack]";
	return NULL;
}

const char *vms_area_anon_name(const vms_area *a)
{
	return a->ext ? a->ext->anon_name : NULL;
}

vms_area *vms_area_next(const vms_area *a)
{
	return a->next;
}

vms_area *vms_area_prev(const vms_area *a)
{
	return a->prev;
}
