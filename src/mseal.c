// SPDX-License-Identifier: MIT
/*
 * mseal (mm/mseal.c, 6.10+): set VM_SEALED on a range.  The range must
 * be wholly mapped, checked before anything changes; then each area is
 * merged or split like any flag change.  A split refused at max_map_count
 * stops the walk with the areas before it already sealed.  The seal itself
 * is enforced by the calls it blocks (munmap, mprotect, MAP_FIXED, mremap,
 * discarding madvise), each through VMS_SEALED.
 */
#include "internal.h"

/* range_contains_unmapped: any hole in [start, end)? */
static bool has_hole(const struct vms_mm *mm, uint64_t start, uint64_t end)
{
	uint64_t prev_end = start;
	struct vms_area *a;

	for (a = vms_find_vma(mm, start); a && a->start < end; a = a->next) {
		if (a->start > prev_end)
			return true;
		prev_end = vms__end(a);
	}
	return prev_end < end;
}

/* mseal_apply: the range is known to be mapped. */
static int seal_range(struct vms_mm *mm, uint64_t start, uint64_t end)
{
	struct vms_area *a, *done;
	int err;

	for (a = vms_find_vma(mm, start); a && a->start < end; a = done->next) {
		uint64_t s = a->start > start ? a->start : start;
		uint64_t e = vms__end(a) < end ? vms__end(a) : end;

		done = a;
		if (a->flags & VMS_SEALED)
			continue;
		done = vms__modify(mm, a, s, e, a->flags | VMS_SEALED, &err);
		if (!done)
			return err;
		done->flags |= VMS_SEALED;
	}
	return 0;
}

/*
 * do_mseal: EINVAL for flags, an unaligned start, a length that rounds to
 * zero from near 2^64, or a wrapping range (checked in that order); a
 * zero length is a no-op even unmapped; any hole is ENOMEM and seals
 * nothing.  The task size is not checked: a range above it is a hole.
 */
static int do_mseal(struct vms_mm *mm, uint64_t start, uint64_t len_in,
		    unsigned long flags)
{
	uint64_t end;
	int err;

	if (flags)
		return -EINVAL;
	err = vms__user_range(mm, start, len_in, &end);
	if (err)
		return err;
	if (end == start)
		return 0;
	if (has_hole(mm, start, end))
		return -ENOMEM;
	return seal_range(mm, start, end);
}

int vms_mseal(vms_mm *mm, uint64_t start, uint64_t len, unsigned long flags)
{
	int r = do_mseal(mm, start, len, flags);

	VMS_DEBUG_VALIDATE(mm, "mseal");
	return r;
}
