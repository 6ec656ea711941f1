// SPDX-License-Identifier: MIT
/*
 * Page faults, as far as areas see them: the access check of
 * do_user_addr_fault, the area's fault hook (the book's nopage), and the
 * anon_vma that a write to private memory creates (anon_vma_prepare).
 * Pages themselves are not modelled yet.
 */
#include "internal.h"

int vms_fault(vms_mm *mm, uint64_t addr, unsigned int flags)
{
	struct vms_area *a = vms_find_vma(mm, addr);
	uint64_t need = VMS_READ;
	int err;

	if (!a || a->start > addr)
		return -EFAULT;
	if (flags & VMS_FAULT_WRITE)
		need = VMS_WRITE;
	else if (flags & VMS_FAULT_EXEC)
		need = VMS_EXEC;
	if (!(a->flags & need))
		return -EACCES;
	if (a->ops && a->ops->fault) {
		err = a->ops->fault(a, addr, flags);
		if (err)
			return err;
	}
	/* private memory written gets anonymous pages, shared does not */
	if ((flags & VMS_FAULT_WRITE) && !(a->flags & VMS_SHARED))
		return vms_anon_prepare(a);
	return 0;
}
