// SPDX-License-Identifier: MIT
/*
 * Page faults, as far as areas see them: the access check of
 * do_user_addr_fault, the area's fault hook (the book's nopage), and the
 * anon_vma that a write to private memory creates (anon_vma_prepare).
 * A fault below a grows-down area first grows it (lock_mm_and_find_vma),
 * and the access check then applies to the grown area: a write below a
 * read-only stack grows it and still fails (probe: the area stays grown).
 * Pages themselves are not modelled yet.
 */
#include "internal.h"

static int do_fault(vms_mm *mm, uint64_t addr, unsigned int flags)
{
	struct vms_area *a = vms_find_vma(mm, addr);
	uint64_t need = VMS_READ;
	int err;

	if (!a)
		return -EFAULT;
	if (a->start > addr) {
		/* a failed growth is a plain SIGSEGV, whatever its errno */
		if (!(a->flags & VMS_GROWSDOWN) || vms_expand_stack(mm, addr))
			return -EFAULT;
	}
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

/*
 * populate_vma_page_range: fault in [start, end) of a.  Writable private
 * areas are faulted for write, to break COW, so they get an anon_vma;
 * PROT_NONE areas are skipped.  Errors are ignored, as mm_populate does.
 */
void vms__populate(struct vms_area *a, uint64_t start, uint64_t end)
{
	bool write = (a->flags & (VMS_WRITE | VMS_SHARED)) == VMS_WRITE;

	/* LOCKONFAULT pages come only by faults; IO/PFNMAP have no pages */
	if (a->flags & (VMS_LOCKONFAULT | VMS_IO | VMS_PFNMAP))
		return;
	if (!(a->flags & VMS_ACCESS_FLAGS))
		return;
	if (a->ops && a->ops->populate)
		a->ops->populate(a, start, end, write);
	if (write)
		(void)vms_anon_prepare(a);
}

int vms_fault(vms_mm *mm, uint64_t addr, unsigned int flags)
{
	int r = do_fault(mm, addr, flags);

	VMS_DEBUG_VALIDATE(mm, "fault");
	return r;
}
