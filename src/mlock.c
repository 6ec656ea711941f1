// SPDX-License-Identifier: MIT
/*
 * mlock, mlock2, munlock, mlockall, munlockall (mm/mlock.c).
 *
 * Locking is a flag change like mprotect's: merge-or-split, applied left
 * to right, the first error stopping the walk and keeping what was done.
 * mm->locked_vm counts the pages of VM_LOCKED areas.  Areas that can't be
 * locked (VM_SPECIAL, hugetlb, droppable) are skipped without an error.
 * After a successful lock the range is populated, and population errors
 * are reported (converted as __mlock_posix_error_return does), but the
 * flags stay set: mlock of a PROT_NONE area fails with ENOMEM and leaves
 * it locked.
 */
#include "internal.h"

static uint64_t memlock_limit(const struct vms_mm *mm)
{
	uint64_t v = mm->cfg.rlimit[VMS_RLIMIT_MEMLOCK];

	return v == VMS_RLIM_INFINITY ? UINT64_MAX : v >> mm->page_shift;
}

/* vma_supports_mlock: these areas keep their flags and are not counted. */
static bool lockable(const struct vms_area *a)
{
	if (a->flags & (VMS_SPECIAL | VMS_DROPPABLE | VMS_HUGETLB))
		return false;
	return !(a->file && a->file->d.kind == VMS_FILE_HUGETLB);
}

/*
 * mlock_fixup: give [start, end) of a the flags newflags (which differ
 * only in VM_LOCKED_MASK) and account locked_vm.  *out is the area that
 * now covers the range (or a itself when nothing was done), from whose
 * end the walk continues.
 */
static int fixup(struct vms_mm *mm, struct vms_area *a, uint64_t start,
		 uint64_t end, uint64_t newflags, struct vms_area **out)
{
	uint64_t oldflags = a->flags, pages = (end - start) >> mm->page_shift;
	int err;

	*out = a;
	if (newflags == oldflags || !lockable(a))
		return 0;
	a = vms__modify(mm, a, start, end, newflags, &err);
	if (!a)
		return err;
	*out = a;
	if (!(newflags & VMS_LOCKED))
		mm->locked_vm -= pages;
	else if (!(oldflags & VMS_LOCKED))
		mm->locked_vm += pages;
	/* a merge target keeps its own internal bits and sticky flags */
	a->flags = (newflags & ~VMS__INTERNAL) |
		   (a->flags & (VMS_STICKY | VMS__INTERNAL));
	return 0;
}

/*
 * apply_vma_lock_flags: [start, start + len) must be mapped from its
 * first byte; a later hole stops the walk with ENOMEM after the areas
 * before it were changed.
 */
static int apply_lock_flags(struct vms_mm *mm, uint64_t start, uint64_t len,
			    uint64_t lockflags)
{
	uint64_t end = start + len, nstart = start, tmp;
	struct vms_area *a, *done;
	int err;

	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	a = vms_find_vma(mm, start);
	if (!a || a->start > start)
		return -ENOMEM;
	tmp = a->start;
	for (; a && a->start < end; a = done->next) {
		uint64_t newflags = (a->flags & ~VMS_LOCKED_MASK) | lockflags;

		if (a->start != tmp)
			return -ENOMEM;
		tmp = vms__end(a) < end ? vms__end(a) : end;
		err = fixup(mm, a, nstart, tmp, newflags, &done);
		if (err)
			return err;
		tmp = vms__end(done);
		nstart = tmp;
	}
	return tmp < end ? -ENOMEM : 0;
}

/*
 * count_mm_mlocked_page_nr: pages of [start, start + len) already in
 * VM_LOCKED areas, which a new mlock of the range does not count again.
 */
static uint64_t locked_pages_in(const struct vms_mm *mm, uint64_t start,
				uint64_t len)
{
	uint64_t end = UINT64_MAX - len < start ? UINT64_MAX : start + len;
	uint64_t count = 0;
	struct vms_area *a;

	for (a = vms_find_vma(mm, start); a && a->start < end; a = a->next) {
		if (!(a->flags & VMS_LOCKED))
			continue;
		count += (vms__end(a) < end ? vms__end(a) : end) -
			 (a->start > start ? a->start : start);
	}
	return count >> mm->page_shift;
}

/*
 * populate_vma_page_range for [start, end) of a: 0 or the error the page
 * walk would give.  LOCKONFAULT areas are left alone; PROT_NONE can't be
 * faulted (EFAULT); a file page beyond end of file is SIGBUS (EFAULT)
 * after the pages before it were faulted in.  Private writable areas are
 * faulted for write, which gives them an anon_vma (beyond EOF too).
 */
static int populate_area(struct vms_area *a, uint64_t start, uint64_t end)
{
	struct vms_mm *mm = vms__area_mm(a);
	bool write = (a->flags & (VMS_WRITE | VMS_SHARED)) == VMS_WRITE;
	uint64_t stop = end;
	int err;

	if (a->flags & VMS_LOCKONFAULT)
		return 0;
	if (!(a->flags & VMS_ACCESS_FLAGS))
		return -EFAULT;
	if (a->file && (a->file->d.kind == VMS_FILE_REGULAR ||
			a->file->d.kind == VMS_FILE_SHMEM)) {
		uint64_t size = a->file->d.size, shift = mm->page_shift;
		uint64_t eof = (size >> shift) +
			       !!(size & (mm->cfg.page_size - 1));
		uint64_t first = a->pgoff + ((start - a->start) >> shift);

		if (first >= eof)
			stop = start;
		else if (eof - first < (end - start) >> shift)
			stop = start + ((eof - first) << shift);
	}
	if (stop > start && a->ops && a->ops->populate) {
		err = a->ops->populate(a, start, stop, write);
		if (err)
			return err;
	}
	/*
	 * A write fault prepares the anon_vma before it reads the file page
	 * (do_cow_fault), so even a first page beyond end of file leaves
	 * the area with one: two such areas then no longer merge.
	 */
	if (write && start < end) {
		err = vms_anon_prepare(a);
		if (err)
			return err;
	}
	return stop < end ? -EFAULT : 0;
}

/*
 * __mm_populate over [start, end): areas with VM_IO or VM_PFNMAP are
 * skipped; the first error stops the walk unless errors are ignored
 * (mlockall), and mlock reports it as POSIX wants: EFAULT as ENOMEM,
 * ENOMEM as EAGAIN.
 */
static int populate_range(struct vms_mm *mm, uint64_t start, uint64_t end,
			  bool ignore_errors)
{
	struct vms_area *a;
	int err;

	/* an empty range (len 0, or one that wrapped to 0) faults nothing */
	if (start >= end)
		return 0;
	for (a = vms_find_vma(mm, start); a && a->start < end; a = a->next) {
		if (a->flags & (VMS_IO | VMS_PFNMAP))
			continue;
		err = populate_area(a, a->start > start ? a->start : start,
				    vms__end(a) < end ? vms__end(a) : end);
		if (!err || ignore_errors)
			continue;
		if (err == -EFAULT)
			return -ENOMEM;
		if (err == -ENOMEM)
			return -EAGAIN;
		return err;
	}
	return 0;
}

/*
 * do_mlock: no alignment needed (the range grows to whole pages).  The
 * RLIMIT_MEMLOCK check comes before the range is looked at, so it also
 * fails a zero-length call once locked_vm is over the limit.
 */
static int do_mlock(struct vms_mm *mm, uint64_t start, uint64_t len,
		    uint64_t lockflags)
{
	uint64_t off = start & (mm->cfg.page_size - 1), locked, limit;
	int err;

	if (!vms__can_do_mlock(mm))
		return -EPERM;
	len = vms__page_align(mm, len + off);
	start -= off;
	limit = memlock_limit(mm);
	locked = vms__pages(mm, len) + mm->locked_vm;
	if (locked > limit && !mm->cfg.cap_ipc_lock) {
		locked -= locked_pages_in(mm, start, len);
		if (locked > limit)
			return -ENOMEM;
	}
	err = apply_lock_flags(mm, start, len, lockflags);
	if (err)
		return err;
	return populate_range(mm, start, start + len, false);
}

int vms_mlock(vms_mm *mm, uint64_t start, uint64_t len)
{
	int r = do_mlock(mm, start, len, VMS_LOCKED);

	VMS_DEBUG_VALIDATE(mm, "mlock");
	return r;
}

int vms_mlock2(vms_mm *mm, uint64_t start, uint64_t len, unsigned int flags)
{
	uint64_t lockflags = VMS_LOCKED;
	int r;

	if (flags & ~(unsigned int)VMS_MLOCK_ONFAULT)
		return -EINVAL;
	if (flags & VMS_MLOCK_ONFAULT)
		lockflags |= VMS_LOCKONFAULT;
	r = do_mlock(mm, start, len, lockflags);
	VMS_DEBUG_VALIDATE(mm, "mlock2");
	return r;
}

/* munlock: no permission or limit check. */
int vms_munlock(vms_mm *mm, uint64_t start, uint64_t len)
{
	uint64_t off = start & (mm->cfg.page_size - 1);
	int r;

	r = apply_lock_flags(mm, start - off, vms__page_align(mm, len + off),
			     0);
	VMS_DEBUG_VALIDATE(mm, "munlock");
	return r;
}

/*
 * apply_mlockall_flags: def_flags first (MCL_FUTURE; any call without it
 * cancels an earlier one), then every area.  Whole areas never split, so
 * nothing here can fail.
 */
static void apply_mlockall(struct vms_mm *mm, int flags)
{
	uint64_t to_add = 0;
	struct vms_area *a, *done;

	mm->def_flags &= ~VMS_LOCKED_MASK;
	if (flags & VMS_MCL_FUTURE) {
		mm->def_flags |= VMS_LOCKED;
		if (flags & VMS_MCL_ONFAULT)
			mm->def_flags |= VMS_LOCKONFAULT;
		if (!(flags & VMS_MCL_CURRENT))
			return;
	}
	if (flags & VMS_MCL_CURRENT) {
		to_add = VMS_LOCKED;
		if (flags & VMS_MCL_ONFAULT)
			to_add |= VMS_LOCKONFAULT;
	}
	for (a = mm->first; a; a = done->next) {
		uint64_t newflags = (a->flags & ~VMS_LOCKED_MASK) | to_add;

		/* errors ignored, as the kernel does */
		if (fixup(mm, a, a->start, vms__end(a), newflags, &done))
			done = a;
	}
}

/*
 * mlockall: MCL_CURRENT needs the whole address space (total_vm) within
 * RLIMIT_MEMLOCK; population errors are ignored (mm_populate).
 */
static int do_mlockall(struct vms_mm *mm, int flags)
{
	int all = VMS_MCL_CURRENT | VMS_MCL_FUTURE | VMS_MCL_ONFAULT;

	if (!flags || (flags & ~all) || flags == VMS_MCL_ONFAULT)
		return -EINVAL;
	if (!vms__can_do_mlock(mm))
		return -EPERM;
	if ((flags & VMS_MCL_CURRENT) && !mm->cfg.cap_ipc_lock &&
	    mm->total_vm > memlock_limit(mm))
		return -ENOMEM;
	apply_mlockall(mm, flags);
	if (flags & VMS_MCL_CURRENT)
		populate_range(mm, 0, mm->cfg.task_size, true);
	return 0;
}

int vms_mlockall(vms_mm *mm, int flags)
{
	int r = do_mlockall(mm, flags);

	VMS_DEBUG_VALIDATE(mm, "mlockall");
	return r;
}

int vms_munlockall(vms_mm *mm)
{
	apply_mlockall(mm, 0);
	VMS_DEBUG_VALIDATE(mm, "munlockall");
	return 0;
}
