// SPDX-License-Identifier: MIT
/*
 * munmap, and the gather/complete steps that MAP_FIXED shares with it
 * (vms_gather_munmap_vmas / vms_complete_munmap_vmas in mm/vma.c).
 *
 * Gathering splits the areas at the range ends and detaches every area
 * inside.  A failure reattaches what was detached but keeps the splits
 * already made: the kernel's leftovers.  Only a split at both ends of one
 * area is checked against max_map_count.
 */
#include "internal.h"

void vms__unmap_init(struct vms__unmap *u, uint64_t start, uint64_t end)
{
	*u = (struct vms__unmap){ .start = start, .end = end };
	u->tail = &u->detached;
}

static void reattach(struct vms_mm *mm, struct vms__unmap *u)
{
	struct vms_area *a = u->detached, *n;

	for (; a; a = n) {
		n = a->next;
		vms__tree_insert(mm, a);
	}
	vms__unmap_init(u, u->start, u->end);
}

int vms__unmap_gather(struct vms_mm *mm, struct vms__unmap *u,
		      struct vms_area *a)
{
	struct vms_area *next;
	int err;

	if (u->start > a->start) {
		if (u->end < vms__end(a) &&
		    mm->map_count >= mm->cfg.max_map_count)
			return -ENOMEM;
		if (a->flags & VMS_SEALED)
			return -EPERM;
		err = vms__split(mm, a, u->start, true, false, NULL);
		if (err)
			return err;
	}
	u->prev = a->prev;
	for (; a && a->start < u->end; a = next) {
		uint64_t pages;

		if (a->flags & VMS_SEALED) {
			err = -EPERM;
			goto fail;
		}
		if (vms__end(a) > u->end) {
			err = vms__split(mm, a, u->end, false, false, NULL);
			if (err)
				goto fail;
		}
		next = a->next;
		vms__tree_erase(mm, a);
		a->next = NULL;
		*u->tail = a;
		u->tail = &a->next;
		u->count++;
		pages = vms__area_pages(a);
		u->nr_pages += pages;
		if (a->flags & VMS_LOCKED)
			u->locked += pages;
		if (a->flags & VMS_ACCOUNT)
			u->nr_accounted += pages;
	}
	u->next = a;
	return 0;
fail:
	reattach(mm, u);
	return err;
}

/* The detached areas' close() hooks (vms_clean_up_area). */
void vms__unmap_close(struct vms_mm *mm, struct vms__unmap *u)
{
	(void)mm;
	if (!u->nr_pages)
		return;
	for (struct vms_area *a = u->detached; a; a = a->next)
		if (a->ops && a->ops->close)
			a->ops->close(a);
	u->closed = true;
}

void vms__unmap_complete(struct vms_mm *mm, struct vms__unmap *u)
{
	struct vms_area *a, *n;

	mm->map_count -= u->count;
	mm->locked_vm -= u->locked;
	if (!u->nr_pages)
		return;
	for (a = u->detached; a; a = n) {
		n = a->next;
		/* the same classification that counted the area in */
		vms__stat_account(mm, a->flags, -(int64_t)vms__area_pages(a));
		if (!u->closed && a->ops && a->ops->close)
			a->ops->close(a);
		vms__area_release(a);
		vms__area_free(mm, a);
	}
	vms__vm_unacct_memory(mm, u->nr_accounted);
	vms__unmap_init(u, u->start, u->end);
}

/*
 * Undo a gather after a later failure.  Before close() ran the areas go
 * back; after, the kernel can't reopen them and leaves a hole.
 */
void vms__unmap_abort(struct vms_mm *mm, struct vms__unmap *u)
{
	if (!u->nr_pages)
		return;
	if (!u->closed)
		reattach(mm, u);
	else
		vms__unmap_complete(mm, u);
}

int vms__do_munmap(vms_mm *mm, uint64_t start, uint64_t len)
{
	uint64_t ts = mm->cfg.task_size, end;
	struct vms__unmap u;
	struct vms_area *a;
	int err;

	if ((start & (mm->cfg.page_size - 1)) || start > ts || len > ts - start)
		return -EINVAL;
	end = start + vms__page_align(mm, len);
	if (end == start)
		return -EINVAL;
	a = vms_find_vma_intersection(mm, start, end);
	if (!a)
		return 0;
	vms__unmap_init(&u, start, end);
	err = vms__unmap_gather(mm, &u, a);
	if (err)
		return err;
	vms__unmap_complete(mm, &u);
	return 0;
}

int vms_munmap(vms_mm *mm, uint64_t start, uint64_t len)
{
	int r = vms__do_munmap(mm, start, len);

	VMS_DEBUG_VALIDATE(mm, "munmap");
	return r;
}
