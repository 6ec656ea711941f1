// SPDX-License-Identifier: MIT
/*
 * Splitting and merging areas: the heart of mm/vma.c.
 *
 * Merging happens in two shapes, as in Linux 6.18:
 *  - a new range (mmap, brk, mremap) next to existing areas:
 *    vms__merge_new_range();
 *  - part of an existing area whose flags change (mprotect, madvise,
 *    mlock): vms__modify(), which tries vms__merge_existing_range() and
 *    otherwise splits.
 * Failures never undo splits already made, exactly as the kernel.
 */
#include "internal.h"

static const char *anon_name_of(const struct vms_area *a)
{
	return a->ext ? a->ext->anon_name : NULL;
}

static bool anon_name_eq(const char *x, const char *y)
{
	if (!x || !y)
		return x == y;
	while (*x && *x == *y) {
		x++;
		y++;
	}
	return *x == *y;
}

/* The anon_vma chain of a is not singular: it came from fork. */
static bool had_uncowed_parents(const struct vms_area *a)
{
	return a && a->anon && (a->flags & VMS__FORK_CHILD);
}

static bool can_remove(const struct vms_area *a)
{
	return !a->ops || !a->ops->close;
}

/* is_mergeable_vma: everything but geometry and anon_vma */
static bool mergeable(const struct vms__merge *m, const struct vms_area *tgt)
{
	uint64_t ignore = VMS_STICKY | VMS__INTERNAL;

	return ((tgt->flags ^ m->flags) & ~ignore) == 0 &&
	       tgt->file == m->file && tgt->ops == m->ops &&
	       anon_name_eq(anon_name_of(tgt), m->anon_name);
}

static bool mergeable_anon(const struct vms__merge *m,
			   const struct vms_area *tgt)
{
	if (!tgt->anon && m->anon)
		return !had_uncowed_parents(m->middle) &&
		       !had_uncowed_parents(m->copied_from);
	if (tgt->anon && !m->anon)
		return !had_uncowed_parents(tgt);
	return m->anon == tgt->anon;
}

static bool anon_pair_ok(const struct vms_area *a, const struct vms_area *b)
{
	return !a->anon || !b->anon || a->anon == b->anon;
}

static bool can_merge_left(const struct vms__merge *m)
{
	const struct vms_area *p = m->prev;

	return p && vms__end(p) == m->start && mergeable(m, p) &&
	       mergeable_anon(m, p) &&
	       p->pgoff + vms__area_pages(p) == m->pgoff;
}

static bool can_merge_right(const struct vms__merge *m, bool left)
{
	const struct vms_area *n = m->next;

	if (!n || m->end != n->start || !mergeable(m, n) ||
	    !mergeable_anon(m, n) ||
	    n->pgoff !=
		m->pgoff + ((m->end - m->start) >> vms__area_mm(n)->page_shift))
		return false;
	return !left || anon_pair_ok(m->prev, m->next);
}

/* Give dst src's anon_vma if it has none (dup_anon_vma). */
static void dup_anon(struct vms_area *dst, const struct vms_area *src)
{
	if (src && src->anon && !dst->anon) {
		dst->anon = src->anon;
		vms__anon_get(dst->anon);
	}
}

/* Drop an area absorbed by a merge: no close(), it was not unmapped. */
static void merge_remove(struct vms_mm *mm, struct vms_area *a)
{
	vms__tree_erase(mm, a);
	mm->map_count--;
	vms__area_release(a);
	vms__area_free(mm, a);
}

static void set_range(struct vms_mm *mm, struct vms_area *a, uint64_t start,
		      uint64_t end, uint64_t pgoff)
{
	a->start = start;
	vms__set_end(a, end);
	a->pgoff = pgoff;
	vms__tree_adjust(mm, a);
}

struct vms_area *vms__merge_new_range(struct vms_mm *mm, struct vms__merge *m)
{
	struct vms_area *prev = m->prev, *next = m->next, *target = NULL;
	uint64_t end = m->end;
	bool left, right;

	if ((m->flags & VMS_SPECIAL) || (!prev && !next))
		return NULL;
	left = prev && can_merge_left(m);
	right = !m->just_expand && next && can_merge_right(m, left);
	if (right) {
		m->end = vms__end(next);
		target = next;
	}
	if (left) {
		m->start = prev->start;
		m->pgoff = prev->pgoff;
		target = prev;
		if (right && !can_remove(next)) {
			m->end = end;
			right = false;
		}
	}
	if (!target)
		return NULL;

	/* vma_expand; sticky flags survive whichever area goes */
	if (target == prev && right) {
		dup_anon(prev, next);
		dup_anon(prev, m->copied_from);
		prev->flags |= next->flags & VMS_STICKY;
		merge_remove(mm, next);
	} else {
		dup_anon(target, m->copied_from);
	}
	set_range(mm, target, m->start, m->end, m->pgoff);
	target->flags |= m->flags & VMS_STICKY;
	return target;
}

struct vms_area *vms__merge_existing_range(struct vms_mm *mm,
					   struct vms__merge *m)
{
	struct vms_area *mid = m->middle, *prev = mid->prev, *next = NULL;
	uint64_t start = m->start, end = m->end;
	bool left_side = start == mid->start, right_side = end == vms__end(mid);
	bool left = false, right = false, both, remove_mid;
	uint64_t sticky = m->flags & VMS_STICKY;
	struct vms_area *target;

	if ((m->flags & VMS_SPECIAL) || (!left_side && !right_side))
		return NULL;
	m->prev = prev;
	if (left_side)
		left = can_merge_left(m);
	if (right_side) {
		next = m->next = mid->next;
		right = next && can_merge_right(m, left);
	}
	if (!left && !right)
		return NULL;
	remove_mid = left_side && right_side;
	if (remove_mid && !can_remove(mid))
		return NULL;
	both = left && right;
	if (both && !can_remove(next)) {
		right = false;
		both = false;
	}
	if (right)
		sticky |= next->flags & VMS_STICKY;
	if (left)
		sticky |= prev->flags & VMS_STICKY;

	if (both) {
		/* prev absorbs middle and next */
		dup_anon(prev, next->anon ? next : mid);
		end = vms__end(next);
		merge_remove(mm, mid);
		merge_remove(mm, next);
		set_range(mm, prev, prev->start, end, prev->pgoff);
		target = prev;
	} else if (left) {
		dup_anon(prev, mid);
		if (remove_mid) {
			merge_remove(mm, mid);
		} else {
			set_range(mm, mid, end, vms__end(mid),
				  mid->pgoff +
				      ((end - mid->start) >> mm->page_shift));
		}
		set_range(mm, prev, prev->start, end, prev->pgoff);
		target = prev;
	} else {
		uint64_t pglen = (end - start) >> mm->page_shift;

		dup_anon(next, mid);
		if (remove_mid) {
			uint64_t npgoff = next->pgoff - pglen;

			merge_remove(mm, mid);
			set_range(mm, next, start, vms__end(next), npgoff);
		} else {
			/* shrink middle first so the ranges never overlap */
			set_range(mm, mid, mid->start, start, mid->pgoff);
			set_range(mm, next, start, vms__end(next),
				  next->pgoff - pglen);
		}
		target = next;
	}
	target->flags |= sticky;
	return target;
}

int vms__split(struct vms_mm *mm, struct vms_area *a, uint64_t addr,
	       bool new_below, bool check_count, struct vms_area **newp)
{
	struct vms_area *n;
	int err;

	if (check_count && mm->map_count >= mm->cfg.max_map_count)
		return -ENOMEM;
	if (a->ops && a->ops->may_split) {
		err = a->ops->may_split(a, addr);
		if (err)
			return err;
	}
	/* hugetlb_vm_op_split: only at huge page (2 MiB on x86) boundaries */
	if ((a->flags & VMS_HUGETLB) && (addr & ((2ULL << 20) - 1)))
		return -EINVAL;
	n = vms__area_alloc(mm);
	if (!n)
		return -ENOMEM;
	vms__area_copy(n, a);
	if (new_below) {
		vms__set_end(n, addr);
	} else {
		n->start = addr;
		n->pgoff += (addr - a->start) >> mm->page_shift;
	}
	if (n->ops && n->ops->open)
		n->ops->open(n);
	if (new_below) {
		a->pgoff += (addr - a->start) >> mm->page_shift;
		a->start = addr;
	} else {
		vms__set_end(a, addr);
	}
	/* a shrank first, so inserting n never overlaps it */
	vms__tree_adjust(mm, a);
	vms__tree_insert_after(mm, n, new_below ? a->prev : a);
	mm->map_count++;
	if (newp)
		*newp = n;
	return 0;
}

struct vms_area *vms__modify(struct vms_mm *mm, struct vms_area *a,
			     uint64_t start, uint64_t end, uint64_t newflags,
			     int *errp)
{
	struct vms__merge m = {
		.middle = a,
		.next = a->next,
		.start = start,
		.end = end,
		.pgoff = a->pgoff + ((start - a->start) >> mm->page_shift),
		.flags = newflags,
		.file = a->file,
		.anon = a->anon,
		.ops = a->ops,
		.anon_name = anon_name_of(a),
	};
	struct vms_area *merged = vms__merge_existing_range(mm, &m);
	int err;

	*errp = 0;
	if (merged)
		return merged;
	if (a->start < start) {
		err = vms__split(mm, a, start, true, true, NULL);
		if (err)
			goto fail;
	}
	if (vms__end(a) > end) {
		err = vms__split(mm, a, end, false, true, NULL);
		if (err)
			goto fail;
	}
	return a;
fail:
	*errp = err;
	return NULL;
}
