// SPDX-License-Identifier: MIT
/*
 * Anonymous-memory identity (the kernel's anon_vma).  An area gets one at
 * its first write fault; split pieces share it; merging requires equal
 * identities (or none on one side).  That is all merging needs to know, so
 * the object is just a reference-counted token.
 */
#include "internal.h"

struct vms_anon *vms__anon_new(struct vms_mm *mm)
{
	struct vms_anon *av = vms__alloc(mm, sizeof(*av));

	if (!av)
		return NULL;
	av->refs = 1;
	av->id = ++mm->next_anon_id;
	return av;
}

void vms__anon_get(struct vms_anon *av)
{
	av->refs++;
}

void vms__anon_put(struct vms_mm *mm, struct vms_anon *av)
{
	if (--av->refs == 0)
		vms__free(mm, av, sizeof(*av));
}

/*
 * A neighbour's anon_vma may be reused when the two areas could be one
 * (anon_vma_compatible in mm/rmap.c): adjacent, same file and policy,
 * flags equal apart from access bits and sticky bits, and linear pgoff.
 * A neighbour inherited through fork (chain not singular) is not reused.
 */
static bool anon_compatible(const struct vms_area *a, const struct vms_area *b)
{
	const struct vms_area *lo = a->start < b->start ? a : b;
	const struct vms_area *hi = lo == a ? b : a;
	uint64_t ignore = VMS_ACCESS_FLAGS | VMS_STICKY | VMS__INTERNAL;

	return vms__end(lo) == hi->start && a->file == b->file &&
	       ((a->flags ^ b->flags) & ~ignore) == 0 &&
	       lo->pgoff + vms__area_pages(lo) == hi->pgoff;
}

static struct vms_anon *reusable_anon(const struct vms_area *a,
				      const struct vms_area *n)
{
	if (!n || !n->anon || (n->flags & VMS__FORK_CHILD))
		return NULL;
	return anon_compatible(a, n) ? n->anon : NULL;
}

int vms_anon_prepare(vms_area *a)
{
	struct vms_anon *av;

	if (a->anon)
		return 0;
	/* find_mergeable_anon_vma looks at next first, then prev */
	av = reusable_anon(a, a->next);
	if (!av)
		av = reusable_anon(a, a->prev);
	if (av) {
		vms__anon_get(av);
	} else {
		av = vms__anon_new(vms__area_mm(a));
		if (!av)
			return -ENOMEM;
	}
	a->anon = av;
	return 0;
}
