// SPDX-License-Identifier: MIT
/*
 * mprotect: do_mprotect_pkey and mprotect_fixup.  Areas are changed left
 * to right; the first error stops the walk and leaves what was done.
 */
#include "internal.h"

static bool exec_only(const struct vms_mm *mm, const struct vms_area *a)
{
	return mm->exec_only_pkey > 0 &&
	       (a->flags & VMS_ACCESS_FLAGS) == VMS_EXEC &&
	       (a->flags & VMS_PKEY_MASK) == vms__pkey_flags(mm->exec_only_pkey);
}

/* arch_override_mprotect_pkey for a plain mprotect (pkey -1) */
static uint64_t pkey_bits(struct vms_mm *mm, const struct vms_area *a,
			  int prot)
{
	if (mm->cfg.pkeys && prot == VMS_PROT_EXEC) {
		int k = vms__exec_only_pkey(mm);

		if (k > 0)
			return vms__pkey_flags(k);
	} else if (exec_only(mm, a)) {
		return 0;
	}
	return a->flags & VMS_PKEY_MASK;
}

static int fixup(struct vms_mm *mm, struct vms_area *a, uint64_t start,
		 uint64_t end, uint64_t newflags, struct vms_area **out)
{
	uint64_t oldflags = a->flags, pages = (end - start) >> mm->page_shift;
	uint64_t charged = 0;
	int err;

	*out = a;
	if (a->flags & VMS_SEALED)
		return -EPERM;
	if (newflags == oldflags)
		return 0;
	if (newflags & VMS_WRITE) {
		/* both checks count the pages again: the kernel's quirk */
		if (!vms__may_expand_vm(mm, newflags, pages) &&
		    vms__may_expand_vm(mm, oldflags, pages))
			return -ENOMEM;
		if (!(oldflags & (VMS_ACCOUNT | VMS_WRITE | VMS_HUGETLB |
				  VMS_SHARED | VMS_NORESERVE))) {
			charged = pages;
			if (vms__vm_enough_memory(mm, charged))
				return -ENOMEM;
			newflags |= VMS_ACCOUNT;
		}
	} else if ((oldflags & VMS_ACCOUNT) && vms__is_anon(a) && !a->anon) {
		newflags &= ~VMS_ACCOUNT;
	}

	a = vms__modify(mm, a, start, end, newflags, &err);
	if (!a) {
		if (charged)
			vms__vm_unacct_memory(mm, charged);
		return err;
	}
	*out = a;
	/* keep sticky bits the merge brought in */
	a->flags = newflags | (a->flags & (VMS_STICKY | VMS__INTERNAL));
	if ((oldflags & VMS_ACCOUNT) && !(newflags & VMS_ACCOUNT))
		vms__vm_unacct_memory(mm, pages);
	if ((oldflags & (VMS_WRITE | VMS_SHARED | VMS_LOCKED)) == VMS_LOCKED &&
	    (newflags & VMS_WRITE))
		vms__populate(a, start, end);
	vms__stat_account(mm, oldflags, -(int64_t)pages);
	vms__stat_account(mm, newflags, (int64_t)pages);
	return 0;
}

static int do_mprotect(vms_mm *mm, uint64_t start, uint64_t len, int prot)
{
	uint64_t psize = mm->cfg.page_size, end, nstart, tmp;
	int grows = prot & (VMS_PROT_GROWSDOWN | VMS_PROT_GROWSUP);
	struct vms_area *a, *next;
	int reqprot, err = 0;

	prot &= ~(VMS_PROT_GROWSDOWN | VMS_PROT_GROWSUP);
	if (grows == (VMS_PROT_GROWSDOWN | VMS_PROT_GROWSUP))
		return -EINVAL;
	if (start & (psize - 1))
		return -EINVAL;
	if (!len)
		return 0;
	len = vms__page_align(mm, len);
	end = start + len;
	if (end <= start)
		return -ENOMEM;
	if (prot & ~(VMS_PROT_READ | VMS_PROT_WRITE | VMS_PROT_EXEC |
		     VMS_PROT_SEM))
		return -EINVAL;
	reqprot = prot;

	a = vms_find_vma_intersection(mm, start, end);
	if (!a)
		return -ENOMEM;
	if (grows & VMS_PROT_GROWSDOWN) {
		if (a->start >= end)
			return -ENOMEM;
		start = a->start;
		if (!(a->flags & VMS_GROWSDOWN))
			return -EINVAL;
	} else {
		if (a->start > start)
			return -ENOMEM;
		if (grows & VMS_PROT_GROWSUP)
			return -EINVAL;	/* no VM_GROWSUP on x86 */
	}

	nstart = start;
	tmp = a->start;
	for (; a && a->start < end; a = next) {
		uint64_t newflags;
		struct vms_area *done;

		if (a->start != tmp) {
			err = -ENOMEM;
			break;
		}
		if (mm->cfg.read_implies_exec && (a->flags & VMS_MAYEXEC) &&
		    (prot & VMS_PROT_READ))
			prot |= VMS_PROT_EXEC;
		newflags = vms__prot_to_flags(prot) | pkey_bits(mm, a, prot);
		newflags |= a->flags & ~(VMS_ACCESS_FLAGS | VMS_PKEY_MASK);
		/* each R/W/X needs its VM_MAY* bit */
		if ((newflags & ~(newflags >> 4)) & VMS_ACCESS_FLAGS) {
			err = -EACCES;
			break;
		}
		tmp = vms__end(a) < end ? vms__end(a) : end;
		err = fixup(mm, a, nstart, tmp, newflags, &done);
		if (err)
			break;
		tmp = vms__end(done);
		nstart = tmp;
		next = done->next;
		prot = reqprot;
	}
	if (!err && tmp < end)
		err = -ENOMEM;
	return err;
}

int vms_mprotect(vms_mm *mm, uint64_t start, uint64_t len, int prot)
{
	int r = do_mprotect(mm, start, len, prot);

	VMS_DEBUG_VALIDATE(mm, "mprotect");
	return r;
}
