// SPDX-License-Identifier: MIT
/*
 * Installing an area as it is: snapshots and loaders.
 */
#include <string.h>

#include "internal.h"

int vms_insert_area(vms_mm *mm, const struct vms_area_desc *d,
		    vms_area **out)
{
	uint64_t mask = mm->cfg.page_size - 1;
	struct vms_area *a;

	if (d->start >= d->end || (d->start & mask) || (d->end & mask) ||
	    (d->flags & VMS__INTERNAL))
		return -EINVAL;
	if (vms_find_vma_intersection(mm, d->start, d->end))
		return -EEXIST;
	a = vms__area_alloc(mm);
	if (!a)
		return -ENOMEM;
	if (d->faulted) {
		a->anon = vms__anon_new(mm);
		if (!a->anon) {
			vms__area_free(mm, a);
			return -ENOMEM;
		}
	}
	if (d->anon_name) {
		size_t n = strlen(d->anon_name) + 1;
		struct vms_area_ext *x = vms__zalloc(mm, sizeof(*x));
		char *s = x ? vms__alloc(mm, n) : NULL;

		if (!s) {
			vms__free(mm, x, sizeof(*x));
			if (a->anon)
				vms__anon_put(mm, a->anon);
			vms__area_free(mm, a);
			return -ENOMEM;
		}
		memcpy(s, d->anon_name, n);
		x->refs = 1;
		x->anon_name = s;
		a->ext = x;
	}
	a->start = d->start;
	vms__set_end(a, d->end);
	a->flags = d->flags | VMS__INSTALLED;
	a->pgoff = d->pgoff;
	a->file = d->file ? vms_file_get(d->file) : NULL;
	a->ops = d->ops;
	a->private_data = d->private_data;
	vms__tree_insert(mm, a);
	mm->map_count++;
	vms__stat_account(mm, a->flags, (int64_t)vms__area_pages(a));
	if (a->flags & VMS_LOCKED)
		mm->locked_vm += vms__area_pages(a);
	if (a->flags & VMS_ACCOUNT)
		mm->committed += vms__area_pages(a);
	if (out)
		*out = a;
	return 0;
}
