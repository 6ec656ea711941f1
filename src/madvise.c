// SPDX-License-Identifier: MIT
/*
 * madvise: do_madvise and madvise_vma_behavior of Linux 6.18.
 *
 * Three families of advice:
 *  - flag advice (NORMAL ... NOHUGEPAGE) changes area flags with the
 *    merge-or-split of mprotect;
 *  - page advice (DONTNEED, FREE, REMOVE, COLD, ...) acts on pages the
 *    model does not have: only its per-area checks and errors are kept,
 *    and it never splits or merges;
 *  - GUARD_INSTALL sets the sticky VM_MAYBE_GUARD on whole areas, and
 *    POPULATE_READ/WRITE fault the range in like gup does.
 *
 * Unlike mprotect, the walk steps over holes: every mapped piece gets the
 * advice and the call then reports ENOMEM.  An error of one area stops the
 * walk and wins over an earlier hole.  Nothing done is undone.
 */
#include "internal.h"

/* Huge page size of the model's hugetlb areas (mmap.c maps 2 MiB ones). */
#define HUGETLB_SIZE (2ULL << 20)

/* The advice values Linux 6.18 accepts on this host's configuration. */
static bool advice_valid(const struct vms_mm *mm, int advice)
{
	switch (advice) {
	case VMS_MADV_NORMAL:
	case VMS_MADV_RANDOM:
	case VMS_MADV_SEQUENTIAL:
	case VMS_MADV_WILLNEED:
	case VMS_MADV_DONTNEED:
	case VMS_MADV_FREE:
	case VMS_MADV_REMOVE:
	case VMS_MADV_DONTFORK:
	case VMS_MADV_DOFORK:
	case VMS_MADV_MERGEABLE: /* CONFIG_KSM=y */
	case VMS_MADV_UNMERGEABLE:
	case VMS_MADV_DONTDUMP:
	case VMS_MADV_DODUMP:
	case VMS_MADV_WIPEONFORK:
	case VMS_MADV_KEEPONFORK:
	case VMS_MADV_COLD:
	case VMS_MADV_PAGEOUT:
	case VMS_MADV_POPULATE_READ:
	case VMS_MADV_POPULATE_WRITE:
	case VMS_MADV_DONTNEED_LOCKED:
	case VMS_MADV_GUARD_INSTALL:
	case VMS_MADV_GUARD_REMOVE:
		return true;
	case VMS_MADV_HUGEPAGE:
	case VMS_MADV_NOHUGEPAGE:
	case VMS_MADV_COLLAPSE:
		return mm->cfg.thp;
	default:
		/* HWPOISON and SOFT_OFFLINE need CONFIG_MEMORY_FAILURE */
		return false;
	}
}

/* Advice that throws data away, which mseal forbids on some areas. */
static bool is_discard(int advice)
{
	switch (advice) {
	case VMS_MADV_FREE:
	case VMS_MADV_DONTNEED:
	case VMS_MADV_DONTNEED_LOCKED:
	case VMS_MADV_REMOVE:
	case VMS_MADV_DONTFORK:
	case VMS_MADV_WIPEONFORK:
	case VMS_MADV_GUARD_INSTALL:
		return true;
	default:
		return false;
	}
}

/*
 * can_madvise_modify: a sealed area refuses discards only when it is
 * anonymous and not writable, since the user could not zero it otherwise.
 */
static bool sealed_refuses(const struct vms_area *a, int advice)
{
	return (a->flags & VMS_SEALED) && is_discard(advice) &&
	       vms__is_anon(a) && !(a->flags & VMS_WRITE);
}

/* vma_ksm_compatible: KSM leaves these alone, MERGEABLE is ignored. */
static bool ksm_compatible(const struct vms_area *a)
{
	return !(a->flags &
		 (VMS_SHARED | VMS_MAYSHARE | VMS_PFNMAP | VMS_IO |
		  VMS_DONTEXPAND | VMS_HUGETLB | VMS_MIXEDMAP | VMS_DROPPABLE));
}

/*
 * The new flags of a flag advice, or -EINVAL where the advice refuses the
 * area.  MERGEABLE on an area KSM can't use keeps the flags (rc 0).
 */
static int advice_flags(const struct vms_area *a, int advice, uint64_t *out)
{
	uint64_t f = a->flags;

	switch (advice) {
	case VMS_MADV_NORMAL:
		f &= ~(VMS_SEQ_READ | VMS_RAND_READ);
		break;
	case VMS_MADV_SEQUENTIAL:
		f = (f & ~VMS_RAND_READ) | VMS_SEQ_READ;
		break;
	case VMS_MADV_RANDOM:
		f = (f & ~VMS_SEQ_READ) | VMS_RAND_READ;
		break;
	case VMS_MADV_DONTFORK:
		f |= VMS_DONTCOPY;
		break;
	case VMS_MADV_DOFORK:
		if (f & VMS_IO)
			return -EINVAL;
		f &= ~VMS_DONTCOPY;
		break;
	case VMS_MADV_WIPEONFORK:
		/* anonymous private memory only */
		if (a->file || (f & VMS_SHARED))
			return -EINVAL;
		f |= VMS_WIPEONFORK;
		break;
	case VMS_MADV_KEEPONFORK:
		if (f & VMS_DROPPABLE)
			return -EINVAL;
		f &= ~VMS_WIPEONFORK;
		break;
	case VMS_MADV_DONTDUMP:
		f |= VMS_DONTDUMP;
		break;
	case VMS_MADV_DODUMP:
		if ((!(f & VMS_HUGETLB) && (f & VMS_SPECIAL)) ||
		    (f & VMS_DROPPABLE))
			return -EINVAL;
		f &= ~VMS_DONTDUMP;
		break;
	case VMS_MADV_MERGEABLE:
		if (ksm_compatible(a))
			f |= VMS_MERGEABLE;
		break;
	case VMS_MADV_UNMERGEABLE:
		f &= ~VMS_MERGEABLE;
		break;
	case VMS_MADV_HUGEPAGE:
		f = (f & ~VMS_NOHUGEPAGE) | VMS_HUGEPAGE;
		break;
	case VMS_MADV_NOHUGEPAGE:
		f = (f & ~VMS_HUGEPAGE) | VMS_NOHUGEPAGE;
		break;
	}
	*out = f;
	return 0;
}

/*
 * madvise_update_vma: [start, end) of a takes the advice's flags, merged
 * into a neighbour or split off.  Unchanged flags mean no split.  *done is
 * the area now covering the range.  The kernel reports any ENOMEM here
 * (split at the map limit, or an allocation) as EAGAIN.
 */
static int flag_advice(struct vms_mm *mm, struct vms_area *a, uint64_t start,
		       uint64_t end, int advice, struct vms_area **done)
{
	uint64_t newflags;
	struct vms_area *b;
	int err = advice_flags(a, advice, &newflags);

	if (err)
		return err;
	if (newflags == a->flags)
		return 0;
	b = vms__modify(mm, a, start, end, newflags, &err);
	if (!b)
		return err == -ENOMEM ? -EAGAIN : err;
	/* keep sticky bits the merge brought in */
	b->flags = newflags | (b->flags & (VMS_STICKY | VMS__INTERNAL));
	*done = b;
	return 0;
}

/*
 * madvise_guard_install: no split, the whole area is marked as maybe
 * holding guard markers (sticky, never cleared), and anonymous areas get
 * an anon_vma for the page tables.  That allocation's ENOMEM is returned
 * as is, with the flag already set.
 */
static int guard_install(struct vms_area *a)
{
	if (a->flags & (VMS_SPECIAL | VMS_HUGETLB | VMS_LOCKED))
		return -EINVAL;
	a->flags |= VMS_MAYBE_GUARD;
	if (vms__is_anon(a))
		return vms_anon_prepare(a);
	return 0;
}

/* madvise_dontneed_free_valid_vma, and FREE's anonymous-only rule. */
static int dontneed_free(const struct vms_area *a, uint64_t start, int advice)
{
	uint64_t forbidden = VMS_PFNMAP;

	if (a->flags & VMS_HUGETLB) {
		if (advice == VMS_MADV_FREE)
			return -EINVAL;
		return start & (HUGETLB_SIZE - 1) ? -EINVAL : 0;
	}
	if (advice != VMS_MADV_DONTNEED_LOCKED)
		forbidden |= VMS_LOCKED;
	if (a->flags & forbidden)
		return -EINVAL;
	if (advice == VMS_MADV_FREE && !vms__is_anon(a))
		return -EINVAL;
	return 0;
}

/*
 * The largest file offset a hole may reach (s_maxbytes): ext4's 2^32
 * blocks of 4 KiB for regular files, MAX_LFS_FILESIZE for shmem.
 */
#define EXT4_MAXBYTES 0xffffffff000ULL	/* (2^32 - 1) << 12 */

/* madvise_remove: punch a hole in the file behind a shared mapping. */
static int remove_advice(const struct vms_mm *mm, const struct vms_area *a,
			 uint64_t start, uint64_t end)
{
	uint64_t off, maxbytes;

	if (a->flags & VMS_LOCKED)
		return -EINVAL;
	if (!a->file)
		return -EINVAL;
	if ((a->flags & (VMS_SHARED | VMS_MAYWRITE)) !=
	    (VMS_SHARED | VMS_MAYWRITE))
		return -EACCES;
	/* vfs_fallocate: only regular files (and block devices) */
	if (a->file->d.kind == VMS_FILE_DEVICE)
		return -ENODEV;
	off = (a->pgoff << mm->page_shift) + (start - a->start);
	maxbytes = a->file->d.kind == VMS_FILE_REGULAR ? EXT4_MAXBYTES :
							 (uint64_t)INT64_MAX;
	if (off + (end - start) > maxbytes || off + (end - start) < off)
		return -EFBIG;
	return 0;
}

/*
 * madvise_collapse without pages: THP must be allowed for the area
 * (thp_vma_allowable_order with a forced collapse: private anonymous
 * memory that has an anon_vma, or shmem; no VM_NOHUGEPAGE; a PMD-aligned
 * PMD inside the area, file offsets aligned too), else EINVAL.  A range
 * holding no whole PMD then succeeds with nothing to do.  A whole PMD
 * collapses or not depending on its pages, which the model lacks: it is
 * taken as success.
 */
static int collapse(const struct vms_mm *mm, const struct vms_area *a,
		    uint64_t start, uint64_t end)
{
	uint64_t ps = mm->cfg.page_size, pmd = ps * (ps / 8), haddr;

	if (a->flags & (VMS_NOHUGEPAGE | VMS_SPECIAL | VMS_HUGETLB))
		return -EINVAL;
	if (a->file) {
		if (a->file->d.kind != VMS_FILE_SHMEM)
			return -EINVAL;
		/* the file offset must sit at the same place in a PMD */
		if (((a->start >> mm->page_shift) - a->pgoff) & (pmd / ps - 1))
			return -EINVAL;
	} else if (a->ops || !a->anon) {
		return -EINVAL;
	}
	haddr = (a->start + pmd - 1) & ~(pmd - 1);
	if (haddr < a->start || haddr + pmd > vms__end(a))
		return -EINVAL;
	return 0;
}

/*
 * madvise_vma_behavior for [start, end) inside a.  *done is left at a
 * unless a flag change merged or split it.
 */
static int apply(struct vms_mm *mm, struct vms_area *a, uint64_t start,
		 uint64_t end, int advice, struct vms_area **done)
{
	*done = a;
	if (sealed_refuses(a, advice))
		return -EPERM;
	switch (advice) {
	case VMS_MADV_REMOVE:
		return remove_advice(mm, a, start, end);
	case VMS_MADV_WILLNEED:
		/* readahead or swap-in: never an error with CONFIG_SWAP */
		return 0;
	case VMS_MADV_COLD:
	case VMS_MADV_PAGEOUT:
		/* can_madv_lru_vma */
		if (a->flags & (VMS_LOCKED | VMS_PFNMAP | VMS_HUGETLB))
			return -EINVAL;
		return 0;
	case VMS_MADV_FREE:
	case VMS_MADV_DONTNEED:
	case VMS_MADV_DONTNEED_LOCKED:
		return dontneed_free(a, start, advice);
	case VMS_MADV_COLLAPSE:
		return collapse(mm, a, start, end);
	case VMS_MADV_GUARD_INSTALL:
		return guard_install(a);
	case VMS_MADV_GUARD_REMOVE:
		/* locked areas are fine: removing a marker loses nothing */
		if (a->flags & (VMS_SPECIAL | VMS_HUGETLB))
			return -EINVAL;
		return 0;
	default:
		return flag_advice(mm, a, start, end, advice, done);
	}
}

/*
 * madvise_walk_vmas: apply the advice to every area piece in [start,
 * end).  Holes are skipped and remembered as ENOMEM; an area's error ends
 * the walk and is returned instead.
 */
static int walk(struct vms_mm *mm, uint64_t start, uint64_t end, int advice)
{
	struct vms_area *a = vms_find_vma(mm, start), *done;
	int unmapped = 0, err;

	for (;;) {
		uint64_t tmp;

		if (!a)
			return -ENOMEM;
		if (start < a->start) {
			unmapped = -ENOMEM;
			start = a->start;
			if (start >= end)
				break;
		}
		tmp = vms__end(a) < end ? vms__end(a) : end;
		err = apply(mm, a, start, tmp, advice, &done);
		if (err)
			return err;
		/* a merge may have carried the area past the range */
		if (tmp < vms__end(done))
			tmp = vms__end(done);
		if (tmp >= end)
			break;
		a = done->next;
		start = tmp;
	}
	return unmapped;
}

/*
 * The end of a's pages that lie inside its file: a fault beyond it is
 * SIGBUS.  Anonymous and device areas have no such end.
 */
static uint64_t file_end(const struct vms_mm *mm, const struct vms_area *a)
{
	uint64_t size, first, off_end;

	if (!a->file || a->file->d.kind == VMS_FILE_DEVICE)
		return vms__end(a);
	size = vms__page_align(mm, a->file->d.size);
	if (size < a->file->d.size)
		return vms__end(a); /* no page-aligned size: treat as endless */
	first = a->pgoff << mm->page_shift;
	if (first >= size)
		return a->start;
	off_end = size - first;
	return off_end < vms__end(a) - a->start ? a->start + off_end
						: vms__end(a);
}

/*
 * check_vma_flags of gup for MADV_POPULATE_*: the fault must be possible
 * without FOLL_FORCE.  Its EFAULT becomes madvise's EINVAL.
 */
static int populate_ok(const struct vms_area *a, bool write)
{
	if (a->flags & (VMS_IO | VMS_PFNMAP))
		return -EINVAL;
	if (write) {
		if (!(a->flags & VMS_WRITE) || (a->flags & VMS_SHADOW_STACK))
			return -EINVAL;
	} else if (!(a->flags & VMS_READ)) {
		return -EINVAL;
	}
	return 0;
}

/* Fault in [start, end) of a: the populate hook, and COW for writes. */
static int populate_area(struct vms_area *a, uint64_t start, uint64_t end,
			 bool write)
{
	int err;

	if (start >= end)
		return 0;
	if (a->ops && a->ops->populate) {
		err = a->ops->populate(a, start, end, write);
		if (err)
			return err;
	}
	/* a write fault on private memory breaks COW: anonymous pages */
	if (write && !(a->flags & VMS_SHARED))
		return vms_anon_prepare(a);
	return 0;
}

/*
 * madvise_populate (faultin_page_range): in address order, no skipping.
 * A hole is ENOMEM, an area the fault can't use EINVAL, a page beyond
 * the end of the file EFAULT (SIGBUS), an allocation failure ENOMEM;
 * what was populated before stays.
 */
static int populate(struct vms_mm *mm, uint64_t start, uint64_t end, bool write)
{
	while (start < end) {
		struct vms_area *a = vms_find_vma(mm, start);
		uint64_t tmp, eof;
		int err;

		if (!a || a->start > start)
			return -ENOMEM;
		err = populate_ok(a, write);
		if (err)
			return err;
		tmp = vms__end(a) < end ? vms__end(a) : end;
		eof = file_end(mm, a);
		err = populate_area(a, start, eof < tmp ? eof : tmp, write);
		if (err)
			return err;
		if (eof < tmp) {
			/* the failing write fault still prepared the anon_vma
			 * (do_cow_fault), even with no page before EOF */
			if (write && !(a->flags & VMS_SHARED)) {
				err = vms_anon_prepare(a);
				if (err)
					return err;
			}
			return -EFAULT;
		}
		start = tmp;
	}
	return 0;
}

static int do_madvise(struct vms_mm *mm, uint64_t start, uint64_t len_in,
		      int advice)
{
	uint64_t end;
	int err;

	if (!advice_valid(mm, advice))
		return -EINVAL;
	err = vms__user_range(mm, start, len_in, &end);
	if (err)
		return err;
	if (!len_in)
		return 0;
	if (advice == VMS_MADV_POPULATE_READ ||
	    advice == VMS_MADV_POPULATE_WRITE)
		return populate(mm, start, end,
				advice == VMS_MADV_POPULATE_WRITE);
	return walk(mm, start, end, advice);
}

/*
 * madvise(2): 0 or -errno.  Flag advice changes and splits areas as
 * mprotect does but reports a failed split as -EAGAIN; holes in the range
 * give -ENOMEM after the advice was applied everywhere else.
 */
int vms_madvise(vms_mm *mm, uint64_t addr, uint64_t len, int advice)
{
	int r = do_madvise(mm, addr, len, advice);

	VMS_DEBUG_VALIDATE(mm, "madvise");
	return r;
}
