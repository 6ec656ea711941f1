// SPDX-License-Identifier: MIT
/*
 * Allocation of areas.  An area is two records (internal.h): the node a
 * lookup descends through and the rest.  Both come from chunks aligned
 * to their size: release builds put VMS__CHUNK_AREAS areas in a chunk
 * (120 bytes each, plus a 64-byte header per chunk); debug builds
 * (VMS_DEBUG) give every area a chunk of its own and free it at once, so
 * that the sanitizers see every use after free and failure injection
 * reaches every area.
 */
#include <string.h>

#include "internal.h"

_Static_assert(sizeof(void *) != 8 || sizeof(struct vms_area_node) == 32,
	       "a lookup node is 32 bytes: two per cache line");
_Static_assert(sizeof(void *) != 8 || sizeof(struct vms_area) == 88,
	       "an area is 88 bytes beside its node on LP64");
_Static_assert(sizeof(struct vms_area_chunk) == 64,
	       "the chunk header fills one cache line");
_Static_assert(VMS__AREAS_OFF + VMS__CHUNK_AREAS * sizeof(struct vms_area) <=
		       VMS__CHUNK_SIZE,
	       "the areas fit in their chunk");
_Static_assert((VMS__CHUNK_SIZE & (VMS__CHUNK_SIZE - 1)) == 0,
	       "chunks are aligned to their power-of-two size");

static struct vms_area *chunk_area(struct vms_area_chunk *c, size_t i)
{
	return (struct vms_area *)((char *)c + VMS__AREAS_OFF) + i;
}

static struct vms_area_chunk *chunk_new(struct vms_mm *mm)
{
	void *raw;
	size_t raw_size;
	struct vms_area_chunk *c = vms__alloc_aligned(
		mm, VMS__CHUNK_SIZE, VMS__CHUNK_SIZE, &raw, &raw_size);

	if (!c)
		return NULL;
	c->mm = mm;
	c->next = NULL;
	c->raw = raw;
	c->raw_size = raw_size;
	return c;
}

#ifndef VMS__AREA_PER_CHUNK
static int refill(struct vms_mm *mm)
{
	struct vms_area_chunk *c = chunk_new(mm);

	if (!c)
		return -ENOMEM;
	c->next = mm->chunks;
	mm->chunks = c;
	for (size_t i = VMS__CHUNK_AREAS; i-- > 0;) {
		struct vms_area *a = chunk_area(c, i);

		a->next = mm->free_areas;
		mm->free_areas = a;
	}
	return 0;
}
#endif

struct vms_area *vms__area_alloc(struct vms_mm *mm)
{
	struct vms_area *a;

#ifdef VMS__AREA_PER_CHUNK
	struct vms_area_chunk *c = chunk_new(mm);

	if (!c)
		return NULL;
	a = chunk_area(c, 0);
#else
	if (!mm->free_areas && refill(mm))
		return NULL;
	a = mm->free_areas;
	mm->free_areas = a->next;
#endif
	memset(a, 0, sizeof(*a));
	memset(vms__node(a), 0, sizeof(struct vms_area_node));
	return a;
}

void vms__area_free(struct vms_mm *mm, struct vms_area *a)
{
	struct vms_area_node *n = vms__node(a);

	/* poison so that a stale pointer is caught by the validator */
	memset(a, 0x6b, sizeof(*a));
	n->rb.parent_color = (uintptr_t)VMS_RB_POISON;
	n->rb.left = n->rb.right = VMS_RB_POISON;
	n->end = 0x6b6b6b6b6b6b6b6bULL;
#ifdef VMS__AREA_PER_CHUNK
	struct vms_area_chunk *c = vms__chunk_of(a);

	vms__free(mm, c->raw, c->raw_size);
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
	vms__set_end(dst, vms__end(src));
	dst->flags = src->flags;
	dst->pgoff = src->pgoff;
	dst->file = src->file ? vms_file_get(src->file) : NULL;
	dst->anon = src->anon;
	if (dst->anon)
		vms__anon_get(dst->anon);
	dst->ops = src->ops;
	dst->private_data = src->private_data;
	dst->ext = src->ext;
	if (dst->ext)
		dst->ext->refs++;
}

void vms__area_release(struct vms_area *a)
{
	if (a->file)
		vms_file_put(a->file);
	if (a->anon)
		vms__anon_put(vms__area_mm(a), a->anon);
	if (a->ext)
		vms__ext_put(vms__area_mm(a), a->ext);
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
	return vms__end(a);
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
	return vms__area_mm(a);
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
	const struct vms_mm *mm = vms__area_mm(a);

	if (a->file)
		return NULL;
	if (a->ops && a->ops->name) {
		const char *n = a->ops->name(a);

		if (n)
			return n;
	}
	/* strict inequalities: an area only touching start_brk is no heap */
	if (a->start < mm->brk && vms__end(a) > mm->start_brk)
		return "[heap]";
	if (mm->start_stack && a->start <= mm->start_stack &&
	    vms__end(a) >= mm->start_stack)
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
