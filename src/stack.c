// SPDX-License-Identifier: MIT
/*
 * Stack growth: expand_stack, expand_downwards and acct_stack_growth.
 *
 * A grows-down area extends down to a faulting address's page.  The
 * area's start and pgoff move down together; it never merges with the
 * area below, which may end up adjacent (a PROT_NONE area, or another
 * grows-down one).  There is no distance-from-%sp rule.
 *
 * Errors are the kernel's: -EFAULT when there is nothing to grow (no
 * area above, or it does not grow down), -EPERM below the mmap_min_addr
 * floor, -ENOMEM for the guard gap, the limits, overcommit and memory.
 */
#include "internal.h"

/*
 * The guard gap: an accessible area below that is not itself a stack
 * must stay stack_guard_gap away.  PROT_NONE areas don't count (they
 * are often guard pages themselves), so growth may touch them.
 */
static bool guard_gap_ok(const struct vms_mm *mm, const struct vms_area *prev,
			 uint64_t addr)
{
	if (!prev || (prev->flags & VMS_GROWSDOWN) ||
	    !(prev->flags & VMS_ACCESS_FLAGS))
		return true;
	return addr - vms__end(prev) >= mm->cfg.stack_guard_gap;
}

/*
 * acct_stack_growth: the limits of an area growing to size bytes by grow
 * pages.  The overcommit charge comes last; the kernel charges it even
 * for an area without VM_ACCOUNT (and never gives it back), but the
 * model's committed counts VM_ACCOUNT pages only, so such a charge is
 * tested and dropped.
 */
static int acct_growth(struct vms_mm *mm, const struct vms_area *a,
		       uint64_t size, uint64_t grow)
{
	uint64_t lim = mm->cfg.rlimit[VMS_RLIMIT_STACK];

	if (!vms__may_expand_vm(mm, a->flags, grow))
		return -ENOMEM;
	if (lim != VMS_RLIM_INFINITY && size > lim)
		return -ENOMEM;
	if (!vms__mlock_future_ok(mm, a->flags, grow << mm->page_shift))
		return -ENOMEM;
	if (vms__vm_enough_memory(mm, grow))
		return -ENOMEM;
	if (!(a->flags & VMS_ACCOUNT))
		vms__vm_unacct_memory(mm, grow);
	return 0;
}

/* expand_downwards: grow a (grows-down, above addr) down to addr's page. */
static int expand_down(struct vms_mm *mm, struct vms_area *a, uint64_t addr)
{
	uint64_t size, grow;
	int err;

	if (!(a->flags & VMS_GROWSDOWN))
		return -EFAULT;
	addr &= ~(mm->cfg.page_size - 1);
	/* the kernel's mmap_min_addr: the sysctl or the LSM floor, whichever
	 * is higher, and no capability bypasses it (probe: root's stack at
	 * 0x20000 grows to 0x10000 but not to 0xffff) */
	if (addr < vms__min_addr(mm))
		return -EPERM;
	if (!guard_gap_ok(mm, a->prev, addr))
		return -ENOMEM;
	/* the anon_vma comes first and stays even if a limit refuses */
	err = vms_anon_prepare(a);
	if (err)
		return err;

	size = vms__end(a) - addr;
	grow = (a->start - addr) >> mm->page_shift;
	if (grow > a->pgoff)
		return -ENOMEM;
	err = acct_growth(mm, a, size, grow);
	if (err)
		return err;
	if (a->flags & VMS_LOCKED)
		mm->locked_vm += grow;
	vms__stat_account(mm, a->flags, (int64_t)grow);
	a->start = addr;
	a->pgoff -= grow;
	/* growth never merges: it may now touch an identical neighbour */
	a->flags |= VMS__UNMERGED;
	vms__tree_adjust(mm, a);
	/* find_extend_vma_locked: a locked stack is faulted in */
	if ((a->flags & VMS_LOCKED_MASK) == VMS_LOCKED)
		vms__populate(a, addr, addr + (grow << mm->page_shift));
	return 0;
}

/* expand_stack: 0 once addr is inside an area, else -errno. */
static int do_expand_stack(struct vms_mm *mm, uint64_t addr)
{
	struct vms_area *a = vms_find_vma(mm, addr);

	if (a && a->start <= addr)
		return 0;
	if (!a)
		return -EFAULT;
	return expand_down(mm, a, addr);
}

int vms_expand_stack(vms_mm *mm, uint64_t addr)
{
	int r = do_expand_stack(mm, addr);

	VMS_DEBUG_VALIDATE(mm, "expand_stack");
	return r;
}
