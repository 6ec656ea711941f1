// SPDX-License-Identifier: MIT
/*
 * brk: the brk system call and do_brk_flags.
 *
 * The heap is [start_brk, brk); brk keeps the caller's unaligned value
 * and the areas cover [start_brk, PAGE_ALIGN(brk)).  Every failure
 * returns the old break and leaves the address space as it was, except
 * a shrink whose unmapping failed part way (splits already made stay,
 * as munmap's do).
 *
 * The model has no start_data/end_data: the RLIMIT_DATA test of the
 * system call counts the heap alone (brk - start_brk), as if the data
 * segment were empty.  The per-area data limit (data_vm, may_expand_vm)
 * still counts every data mapping.
 */
#include "internal.h"

/* check_data_rlimit with an empty data segment */
static bool data_rlimit_ok(const struct vms_mm *mm, uint64_t brk)
{
	uint64_t lim = mm->cfg.rlimit[VMS_RLIMIT_DATA];

	return lim == VMS_RLIM_INFINITY || brk - mm->start_brk <= lim;
}

/*
 * Shrink: unmap [newbrk, oldbrk).  Something must be mapped there (a
 * heap the caller unmapped can't shrink); whatever is there goes, heap
 * or not.  0 or -errno.
 */
static int brk_shrink(struct vms_mm *mm, uint64_t newbrk, uint64_t oldbrk)
{
	struct vms_area *a = vms_find_vma_intersection(mm, newbrk, oldbrk);
	struct vms__unmap u;
	int err;

	if (!a)
		return -ENOMEM;
	vms__unmap_init(&u, newbrk, oldbrk);
	err = vms__unmap_gather(mm, &u, a);
	if (err)
		return err;
	vms__unmap_complete(mm, &u);
	return 0;
}

/*
 * do_brk_flags: map [addr, addr+len) as heap, expanding the area that
 * ends exactly at addr when it is compatible, else with a new area.
 * Returns the area that covers the range, or NULL (nothing changed).
 */
static struct vms_area *brk_map(struct vms_mm *mm, struct vms_area *prev,
				uint64_t addr, uint64_t len)
{
	uint64_t pages = len >> mm->page_shift, flags;
	struct vms_area *a = NULL;

	flags = VMS_READ | VMS_WRITE | VMS_MAYREAD | VMS_MAYWRITE |
		VMS_MAYEXEC | VMS_ACCOUNT | mm->def_flags;
	if (mm->cfg.read_implies_exec)
		flags |= VMS_EXEC;
	if (!vms__may_expand_vm(mm, flags, pages))
		return NULL;
	/* strictly greater, as mmap: a process can reach max + 1 */
	if (mm->map_count > mm->cfg.max_map_count)
		return NULL;
	if (vms__vm_enough_memory(mm, pages))
		return NULL;

	if (prev && vms__end(prev) == addr) {
		struct vms__merge m = {
			.prev = prev,
			.next = prev->next,
			.start = addr,
			.end = addr + len,
			.pgoff = addr >> mm->page_shift,
			.flags = flags,
			.just_expand = true,
		};

		a = vms__merge_new_range(mm, &m);
	}
	if (!a) {
		a = vms__area_alloc(mm);
		if (!a) {
			vms__vm_unacct_memory(mm, pages);
			return NULL;
		}
		a->start = addr;
		vms__set_end(a, addr + len);
		a->pgoff = addr >> mm->page_shift;
		/* brk merges only by expanding the area at the old break */
		a->flags = flags | VMS__UNMERGED;
		vms__tree_insert(mm, a);
		mm->map_count++;
	}
	vms__stat_account(mm, flags, (int64_t)pages);
	if (flags & VMS_LOCKED)
		mm->locked_vm += pages;
	return a;
}

static bool brk_grow(struct vms_mm *mm, uint64_t newbrk, uint64_t oldbrk)
{
	uint64_t len = newbrk - oldbrk, psize = mm->cfg.page_size;
	struct vms_area *next, *prev, *a;

	/* check_brk_limits: the MAP_FIXED address checks, the mlock limit */
	if (vms_get_unmapped_area(mm, NULL, oldbrk, len, 0, VMS_MAP_FIXED) < 0)
		return false;
	if (!vms__mlock_future_ok(mm, mm->def_flags, len))
		return false;

	/* one free page must stay above the heap (plus a stack's guard) */
	next = vms_find_vma(mm, oldbrk);
	if (next && newbrk + psize > vms__start_gap(mm, next))
		return false;

	/*
	 * The area below oldbrk, if it reaches above start_brk: an area
	 * that merely ends at start_brk is not the heap and is never
	 * expanded (p_heap: a compatible page ending at start_brk stays a
	 * separate area).
	 */
	prev = next ? next->prev : mm->last;
	if (prev && vms__end(prev) <= mm->start_brk)
		prev = NULL;

	a = brk_map(mm, prev, oldbrk, len);
	if (!a)
		return false;
	/* mm_populate: a locked heap is faulted in, unless on-fault */
	if ((a->flags & VMS_LOCKED_MASK) == VMS_LOCKED)
		vms__populate(a, oldbrk, newbrk);
	return true;
}

static uint64_t do_brk(struct vms_mm *mm, uint64_t brk)
{
	uint64_t newbrk, oldbrk;

	if (brk < mm->start_brk)
		return mm->brk;
	/* checked before the shrink too: a lowered limit blocks both */
	if (!data_rlimit_ok(mm, brk))
		return mm->brk;

	newbrk = vms__page_align(mm, brk);
	oldbrk = vms__page_align(mm, mm->brk);
	if (newbrk == oldbrk) {
		mm->brk = brk;
		return brk;
	}
	if (brk <= mm->brk) {
		if (brk_shrink(mm, newbrk, oldbrk))
			return mm->brk;
	} else if (!brk_grow(mm, newbrk, oldbrk)) {
		return mm->brk;
	}
	mm->brk = brk;
	return brk;
}

/* brk(2): the new break, or the old one when anything fails. */
uint64_t vms_brk(vms_mm *mm, uint64_t brk)
{
	uint64_t r = do_brk(mm, brk);

	VMS_DEBUG_VALIDATE(mm, "brk");
	return r;
}
