// SPDX-License-Identifier: MIT
/*
 * mremap: the 6.17+ mm/mremap.c ("vrm") flow of Linux 6.18.
 *
 * One struct remap is threaded through the call, as the kernel's
 * vma_remap_struct: parameter checks (no area needed), then per-area
 * checks, then one of
 *  - no-op (same size, no new address): nothing happens, even when the
 *    range crosses areas;
 *  - shrink in place: munmap of the tail;
 *  - grow in place: a new-range merge of the extension with the area
 *    (and the next area, if compatible);
 *  - move: copy the area to its destination (merging there if it can),
 *    then unmap the source, or with MREMAP_DONTUNMAP leave it empty;
 *  - a MREMAP_FIXED move of the same size, which may span several areas
 *    and the gaps between them (each area moves on its own).
 * Like the kernel, a failure part way keeps what was already done: the
 * destination of MREMAP_FIXED unmapped, a shrink made, splits made.
 */
#include "internal.h"

/* The source's page-table contents are not modelled: a move is areas. */
struct remap {
	uint64_t addr, old_len, new_len, new_addr, delta;
	int flags;
	struct vms_area *vma;		/* the source area, or NULL */
	uint64_t charged;		/* pages charged for VM_ACCOUNT */
	bool mlocked;			/* the area was VM_LOCKED */
};

enum remap_type { REMAP_NO_RESIZE, REMAP_SHRINK, REMAP_EXPAND };

#define MREMAP_ALL \
	(VMS_MREMAP_MAYMOVE | VMS_MREMAP_FIXED | VMS_MREMAP_DONTUNMAP)

/* vma_lookup: the area containing addr */
static struct vms_area *lookup(const struct vms_mm *mm, uint64_t addr)
{
	struct vms_area *a = vms_find_vma(mm, addr);

	return a && a->start <= addr ? a : NULL;
}

static enum remap_type remap_type(const struct remap *r)
{
	if (r->old_len == r->new_len)
		return REMAP_NO_RESIZE;
	return r->old_len > r->new_len ? REMAP_SHRINK : REMAP_EXPAND;
}

static void set_delta(struct remap *r)
{
	r->delta = r->old_len > r->new_len ? r->old_len - r->new_len :
					     r->new_len - r->old_len;
}

/* FIXED or DONTUNMAP: the call will certainly get a new address. */
static bool implies_new_addr(const struct remap *r)
{
	return r->flags & (VMS_MREMAP_FIXED | VMS_MREMAP_DONTUNMAP);
}

/*
 * map_count thresholds of 6.18 (the kernel compares ints; so do we, so
 * that a tiny max_map_count behaves as there).
 */
static bool count_over(const struct vms_mm *mm, int64_t extra, int64_t below)
{
	return (int64_t)mm->map_count + extra >=
	       (int64_t)mm->cfg.max_map_count - below;
}

/* mm_populate of a locked area's new part (errors ignored, as there). */
static void populate_range(struct vms_mm *mm, uint64_t start, uint64_t end)
{
	struct vms_area *a = vms_find_vma(mm, start);

	for (; a && a->start < end; a = a->next) {
		if (a->flags & (VMS_IO | VMS_PFNMAP))
			continue;
		vms__populate(a, a->start > start ? a->start : start,
			      vms__end(a) < end ? vms__end(a) : end);
	}
}

/* vrm_calc_charge: DONTUNMAP keeps the source, so it charges it all. */
static int calc_charge(struct vms_mm *mm, struct remap *r)
{
	uint64_t charged;

	if (!(r->vma->flags & VMS_ACCOUNT))
		return 0;
	charged = (r->flags & VMS_MREMAP_DONTUNMAP) ? r->new_len : r->delta;
	charged = vms__pages(mm, charged);
	if (vms__vm_enough_memory(mm, charged))
		return -ENOMEM;
	r->charged = charged;
	return 0;
}

static void uncharge(struct vms_mm *mm, struct remap *r)
{
	if (!(r->vma->flags & VMS_ACCOUNT))
		return;
	vms__vm_unacct_memory(mm, r->charged);
	r->charged = 0;
}

/* vrm_stat_account: the counters of bytes now mapped with the area's flags */
static void stat_account(struct vms_mm *mm, struct remap *r, uint64_t bytes)
{
	uint64_t n = vms__pages(mm, bytes);

	vms__stat_account(mm, r->vma->flags, (int64_t)n);
	if (r->vma->flags & VMS_LOCKED) {
		mm->locked_vm += n;
		r->mlocked = true;
	}
}

/*
 * hugetlb: lengths in huge pages, addresses huge-aligned, no growth (the
 * reservation can't be split).  The model's huge pages are 2 MiB, as
 * mmap's.
 */
static bool align_hugetlb(struct remap *r)
{
	uint64_t h = 2ULL << 20;

	r->old_len = (r->old_len + h - 1) & ~(h - 1);
	r->new_len = (r->new_len + h - 1) & ~(h - 1);
	if ((r->addr & (h - 1)) || (r->new_addr & (h - 1)))
		return false;
	return r->new_len <= r->old_len;
}

/*
 * check_prep_vma: the checks against the source area, in the kernel's
 * order.  Those after the early return only matter when the call maps
 * new address space (it grows, or it moves).
 */
static int check_prep(struct vms_mm *mm, struct remap *r)
{
	struct vms_area *vma = r->vma;
	uint64_t old_len, new_len, pgoff;
	enum remap_type type;

	if (!vma)
		return -EFAULT;
	if (vma->flags & VMS_SEALED)
		return -EPERM;
	if ((vma->flags & VMS_HUGETLB) && !align_hugetlb(r))
		return -EINVAL;
	set_delta(r);
	type = remap_type(r);
	if (!implies_new_addr(r))
		r->new_addr = r->addr;
	if (type != REMAP_EXPAND && !implies_new_addr(r))
		return 0;

	old_len = r->old_len;
	new_len = r->new_len;
	/* duplicating a private mapping would make an unrelated one */
	if (!old_len && !(vma->flags & (VMS_SHARED | VMS_MAYSHARE)))
		return -EINVAL;
	if ((r->flags & VMS_MREMAP_DONTUNMAP) &&
	    (vma->flags & (VMS_DONTEXPAND | VMS_PFNMAP)))
		return -EINVAL;
	/* a shrink may unmap across areas; what moves must be in one */
	if (type == REMAP_SHRINK)
		old_len = new_len;
	if (old_len > vms__end(vma) - r->addr)
		return -EFAULT;
	if (new_len == old_len)
		return 0;

	pgoff = vma->pgoff + vms__pages(mm, r->addr - vma->start);
	if (pgoff + vms__pages(mm, new_len) < pgoff)
		return -EINVAL;
	if (vma->flags & (VMS_DONTEXPAND | VMS_PFNMAP))
		return -EFAULT;
	if (!vms__mlock_future_ok(mm, vma->flags, r->delta))
		return -EAGAIN;
	if (!vms__may_expand_vm(mm, vma->flags, vms__pages(mm, r->delta)))
		return -ENOMEM;
	return 0;
}

/* vrm_set_new_addr: where the area goes, as an mmap of it would land. */
static int set_new_addr(struct vms_mm *mm, struct remap *r)
{
	struct vms_area *vma = r->vma;
	uint64_t pgoff = vma->pgoff + vms__pages(mm, r->addr - vma->start);
	uint64_t hint = implies_new_addr(r) ? r->new_addr : 0;
	int map_flags = 0;
	int64_t res;

	if (r->flags & VMS_MREMAP_FIXED)
		map_flags |= VMS_MAP_FIXED;
	if (vma->flags & VMS_MAYSHARE)
		map_flags |= VMS_MAP_SHARED;
	res = vms_get_unmapped_area(mm, vma->file, hint, r->new_len, pgoff,
				    map_flags);
	if (res < 0)
		return (int)res;
	r->new_addr = (uint64_t)res;
	return 0;
}

/* prep_move_vma: room for the worst case of splits, and no veto. */
static int prep_move(struct vms_mm *mm, struct remap *r)
{
	struct vms_area *vma = r->vma;
	int err = 0;

	if (count_over(mm, 0, 3))
		return -ENOMEM;
	if (vma->ops && vma->ops->may_split) {
		if (vma->start != r->addr)
			err = vma->ops->may_split(vma, r->addr);
		if (!err && vms__end(vma) != r->addr + r->old_len)
			err = vma->ops->may_split(vma, r->addr + r->old_len);
	}
	return err;
}

/*
 * copy_vma: the destination range merges with its neighbours if it can,
 * else becomes a new area (a copy of the source: references, open()).
 * An anonymous area never faulted is moved as if created there (pgoff
 * from the destination address), so it merges like a new mapping; a
 * faulted one keeps its pgoff, so it merges only where that lines up.
 * The source itself may be absorbed by the merge (an unfaulted area
 * moved next to itself): *srcp is then the merged area.
 */
static struct vms_area *copy_vma(struct vms_mm *mm, struct vms_area **srcp,
				 uint64_t addr, uint64_t len, uint64_t pgoff)
{
	struct vms_area *src = *srcp, *next, *n;
	uint64_t src_start = src->start;
	struct vms__merge m;

	if (vms__is_anon(src) && !src->anon)
		pgoff = vms__pages(mm, addr);
	next = vms_find_vma(mm, addr);
	if (next && next->start < addr + len)
		return NULL;	/* the destination is free: never here */
	m = (struct vms__merge){
		.prev = next ? next->prev : mm->last,
		.next = next,
		.start = addr,
		.end = addr + len,
		.pgoff = pgoff,
		.flags = src->flags,
		.file = src->file,
		.anon = src->anon,
		.ops = src->ops,
		.anon_name = vms_area_anon_name(src),
		.copied_from = src,
	};
	/* src may be freed by the merge: only its saved start is used after */
	n = vms__merge_new_range(mm, &m);
	if (n) {
		if (src_start >= n->start && src_start < vms__end(n))
			*srcp = n;
		return n;
	}
	n = vms__area_alloc(mm);
	if (!n)
		return NULL;
	vms__area_copy(n, src);
	n->start = addr;
	vms__set_end(n, addr + len);
	n->pgoff = pgoff;
	if (n->ops && n->ops->open)
		n->ops->open(n);
	vms__tree_insert(mm, n);
	mm->map_count++;
	return n;
}

/*
 * unmap_source_vma: turn the copy into a move.  The source's VM_ACCOUNT
 * is cleared first so that its unmapping doesn't unaccount what the
 * destination now holds (only the resize delta was charged), and put
 * back on the pieces of it that remain.  An unmap that fails (a split
 * could not be made) leaves both mapped and charges the source again.
 */
static void unmap_source(struct vms_mm *mm, struct remap *r)
{
	struct vms_area *vma = r->vma, *a;
	bool accountable = (vma->flags & VMS_ACCOUNT) &&
			   !(r->flags & VMS_MREMAP_DONTUNMAP);
	uint64_t vm_start = vma->start, vm_end = vms__end(vma);
	uint64_t end = r->addr + r->old_len;

	if (accountable)
		vma->flags &= ~VMS_ACCOUNT;
	r->vma = NULL;
	if (vms__do_munmap(mm, r->addr, r->old_len)) {
		mm->committed += vms__pages(mm, r->old_len);
		return;
	}
	if (!accountable)
		return;
	a = vms_find_vma(mm, r->addr);
	if (vm_start < r->addr) {
		struct vms_area *prev = a ? a->prev : mm->last;

		prev->flags |= VMS_ACCOUNT;
	}
	if (vm_end > end)
		a->flags |= VMS_ACCOUNT;
}

/*
 * dontunmap_complete: the source stays, empty.  It can't stay locked
 * (its pages left); locked_vm is not touched, as in the kernel, so it
 * keeps counting those pages.  VM_ACCOUNT stays (6.18: the source is
 * still charged and uncharged when unmapped).  A wholly moved area
 * drops its anon_vma.
 */
static void dontunmap_complete(struct remap *r, struct vms_area *new_vma)
{
	struct vms_area *vma = r->vma;
	bool whole = r->addr == vma->start &&
		     r->addr + r->old_len == vms__end(vma);

	vma->flags &= ~VMS_LOCKED_MASK;
	vma->flags |= VMS__UNMERGED;
	if (new_vma != vma && whole && vma->anon) {
		vms__anon_put(vms__area_mm(vma), vma->anon);
		vma->anon = NULL;
		vma->flags &= ~VMS__FORK_CHILD;
	}
}

/*
 * move_vma: copy, call the area's mremap hook on the copy, then unmap
 * the source.  A hook that fails has the copy unmapped instead (the
 * kernel moves the pages back first).
 */
static int64_t move_vma(struct vms_mm *mm, struct remap *r)
{
	struct vms_area *vma = r->vma, *new_vma;
	uint64_t pgoff = vma->pgoff + vms__pages(mm, r->addr - vma->start);
	int err;

	err = prep_move(mm, r);
	if (err)
		return err;
	err = calc_charge(mm, r);
	if (err)
		return err;
	new_vma = copy_vma(mm, &r->vma, r->new_addr, r->new_len, pgoff);
	if (!new_vma) {
		uncharge(mm, r);
		return -ENOMEM;
	}
	if (r->vma->ops && r->vma->ops->mremap)
		err = r->vma->ops->mremap(new_vma);
	if (err) {
		r->vma = new_vma;
		r->old_len = r->new_len;
		r->addr = r->new_addr;
	}

	stat_account(mm, r, r->new_len);
	if (!err && (r->flags & VMS_MREMAP_DONTUNMAP))
		dontunmap_complete(r, new_vma);
	else
		unmap_source(mm, r);
	return err ? err : (int64_t)r->new_addr;
}

/* shrink_vma: unmap the tail; the area at addr is looked up again. */
static int shrink(struct vms_mm *mm, struct remap *r)
{
	int err = vms__do_munmap(mm, r->addr + r->new_len, r->delta);

	r->vma = NULL;
	if (err)
		return err;
	r->vma = lookup(mm, r->addr);
	return r->vma ? 0 : -EFAULT;
}

/* mremap_to: FIXED or DONTUNMAP, a move to a chosen or hinted address. */
static int64_t mremap_to(struct vms_mm *mm, struct remap *r)
{
	int err;

	if (r->flags & VMS_MREMAP_FIXED) {
		/* as MAP_FIXED: the destination goes first (sealed: EPERM) */
		err = vms__do_munmap(mm, r->new_addr, r->new_len);
		r->vma = NULL;
		if (err)
			return err;
		r->vma = lookup(mm, r->addr);
		if (!r->vma)
			return -EFAULT;
	}
	if (remap_type(r) == REMAP_SHRINK) {
		err = shrink(mm, r);
		if (err)
			return err;
		/* delta stays: the move charges it again (the kernel's leak) */
		r->old_len = r->new_len;
	}
	if ((r->flags & VMS_MREMAP_DONTUNMAP) &&
	    !vms__may_expand_vm(mm, r->vma->flags, vms__pages(mm, r->old_len)))
		return -ENOMEM;
	err = set_new_addr(mm, r);
	if (err)
		return err;
	return move_vma(mm, r);
}

/* vma_expandable: the space after the area is free and allowed. */
static bool expandable(struct vms_mm *mm, struct vms_area *vma, uint64_t delta)
{
	uint64_t end = vms__end(vma) + delta;

	if (end < vms__end(vma))
		return false;
	if (vms_find_vma_intersection(mm, vms__end(vma), end))
		return false;
	return vms_get_unmapped_area(mm, NULL, vma->start, end - vma->start, 0,
				     VMS_MAP_FIXED) >= 0;
}

/*
 * expand_vma_in_place: vma_merge_extend, a new-range merge of the
 * extension with the area as prev (which always accepts it) and with
 * the next area if that is compatible and now adjacent.  Special areas
 * refuse every merge, so they can't grow: -ENOMEM.
 */
static int expand_in_place(struct vms_mm *mm, struct remap *r)
{
	struct vms_area *vma = r->vma, *merged;
	struct vms__merge m = {
		.prev = vma,
		.next = vma->next,
		.start = vms__end(vma),
		.end = vms__end(vma) + r->delta,
		.pgoff = vma->pgoff + vms__area_pages(vma),
		.flags = vma->flags,
		.file = vma->file,
		.anon = vma->anon,
		.ops = vma->ops,
		.anon_name = vms_area_anon_name(vma),
	};
	int err = calc_charge(mm, r);

	if (err)
		return err;
	merged = vms__merge_new_range(mm, &m);
	if (!merged) {
		uncharge(mm, r);
		return -ENOMEM;
	}
	r->vma = merged;
	stat_account(mm, r, r->delta);
	return 0;
}

/* expand_vma: in place if the range ends the area and room follows. */
static int64_t expand(struct vms_mm *mm, struct remap *r)
{
	int err;

	if (vms__end(r->vma) - r->addr == r->old_len &&
	    expandable(mm, r->vma, r->delta)) {
		err = expand_in_place(mm, r);
		return err ? err : (int64_t)r->addr;
	}
	if (!(r->flags & VMS_MREMAP_MAYMOVE))
		return -ENOMEM;
	err = set_new_addr(mm, r);
	if (err)
		return err;
	return move_vma(mm, r);
}

/* mremap_at: no new address asked for: resize, moving only if must. */
static int64_t mremap_at(struct vms_mm *mm, struct remap *r)
{
	int err;

	switch (remap_type(r)) {
	case REMAP_NO_RESIZE:
		return (int64_t)r->addr;
	case REMAP_SHRINK:
		err = vms__do_munmap(mm, r->addr + r->new_len, r->delta);
		return err ? err : (int64_t)r->addr;
	case REMAP_EXPAND:
		break;
	}
	return expand(mm, r);
}

/*
 * vma_multi_allowed: an area may be part of a multi-area move unless it
 * is userfaultfd-armed or its file's get_unmapped_area might not obey
 * MAP_FIXED.  The model has neither (its files are regular, shmem,
 * hugetlb, THP-aligned or device files without such a hook).
 */
static bool multi_allowed(const struct vms_area *a)
{
	(void)a;
	return true;
}

/*
 * remap_move: MREMAP_FIXED with old_len == new_len moves every area in
 * the range, each on its own, keeping the gaps between them: an area
 * goes to the end of the previous one's destination plus the gap that
 * preceded it.  The range must start inside an area.  The destination's
 * gaps are not unmapped (each area's own destination is).  Returns the
 * first area's destination.
 */
static int64_t remap_move(struct vms_mm *mm, struct remap *r)
{
	uint64_t start = r->addr, end = r->addr + r->old_len;
	uint64_t target = r->new_addr, last_end = 0;
	struct vms_area *a = vms_find_vma(mm, start);
	int64_t res = -EFAULT, res_vma;
	bool seen = false;

	while (a && a->start < end) {
		uint64_t addr = a->start > start ? a->start : start;
		uint64_t len = (vms__end(a) < end ? vms__end(a) : end) - addr;
		uint64_t offset = seen ? a->start - last_end : 0;

		if (!seen && start < a->start)
			return -EFAULT;
		last_end = vms__end(a);
		r->vma = a;
		r->addr = addr;
		r->new_addr = target + offset;
		r->old_len = r->new_len = len;
		if (!multi_allowed(a) && (seen || vms__end(a) < end))
			return -EFAULT;
		res_vma = check_prep(mm, r);
		if (!res_vma)
			res_vma = mremap_to(mm, r);
		if (res_vma < 0)
			return res_vma;
		if (!seen)
			res = res_vma;
		seen = true;
		target = (uint64_t)res_vma + r->new_len;
		/*
		 * The tree changed: walk on from where this area ended, as
		 * the kernel's iterator does; a copy that merged back over
		 * the rest of the range is not visited again.
		 */
		if (last_end >= end)
			break;
		a = vms_find_vma(mm, last_end);
	}
	return res;
}

/* check_mremap_params: everything that needs no area, in kernel order. */
static int check_params(struct vms_mm *mm, struct remap *r)
{
	uint64_t ts = mm->cfg.task_size, mask = mm->cfg.page_size - 1;

	if (r->flags & ~MREMAP_ALL)
		return -EINVAL;
	if (r->addr & mask)
		return -EINVAL;
	if (!r->new_len || r->new_len > ts)
		return -EINVAL;
	/* without FIXED or DONTUNMAP new_addr is ignored, even garbage */
	if (!implies_new_addr(r))
		return 0;
	if (r->new_addr > ts - r->new_len)
		return -EINVAL;
	if (r->new_addr & mask)
		return -EINVAL;
	if (!(r->flags & VMS_MREMAP_MAYMOVE))
		return -EINVAL;
	if ((r->flags & VMS_MREMAP_DONTUNMAP) && r->old_len != r->new_len)
		return -EINVAL;
	if (r->addr + r->old_len > r->new_addr &&
	    r->new_addr + r->new_len > r->addr)
		return -EINVAL;
	/* room for both ends split in three before anything is unmapped */
	if (count_over(mm, 2, 3))
		return -ENOMEM;
	return 0;
}

static int64_t do_mremap(vms_mm *mm, uint64_t addr, uint64_t old_len,
			 uint64_t new_len, int flags, uint64_t new_addr)
{
	struct remap r = {
		.addr = addr,
		.old_len = vms__page_align(mm, old_len),
		.new_len = vms__page_align(mm, new_len),
		.new_addr = new_addr,
		.flags = flags,
	};
	int64_t res;

	res = check_params(mm, &r);
	if (res)
		return res;
	if ((flags & VMS_MREMAP_FIXED) && r.old_len == r.new_len) {
		res = remap_move(mm, &r);
	} else {
		r.vma = lookup(mm, addr);
		res = check_prep(mm, &r);
		if (res)
			return res;
		res = implies_new_addr(&r) ? mremap_to(mm, &r) :
					     mremap_at(mm, &r);
	}
	/* a locked area that grew has its new part faulted in */
	if (res >= 0 && r.mlocked && r.new_len > r.old_len)
		populate_range(mm, r.new_addr + r.old_len,
			       r.new_addr + r.new_len);
	return res;
}

int64_t vms_mremap(vms_mm *mm, uint64_t addr, uint64_t old_len,
		   uint64_t new_len, int flags, uint64_t new_addr)
{
	int64_t r = do_mremap(mm, addr, old_len, new_len, flags, new_addr);

	VMS_DEBUG_VALIDATE(mm, "mremap");
	return r;
}
