// SPDX-License-Identifier: MIT
/*
 * mmap: do_mmap's checks in the kernel's order, then mmap_region.
 */
#include "internal.h"

/* MAP_SHARED masks unknown flags to these; MAP_SHARED_VALIDATE refuses. */
#define LEGACY_MAP_MASK                                                      \
	(VMS_MAP_SHARED | VMS_MAP_PRIVATE | VMS_MAP_FIXED | VMS_MAP_ANONYMOUS | \
	 VMS_MAP_DENYWRITE | VMS_MAP_EXECUTABLE | VMS_MAP_UNINITIALIZED |   \
	 VMS_MAP_GROWSDOWN | VMS_MAP_LOCKED | VMS_MAP_NORESERVE |           \
	 VMS_MAP_POPULATE | VMS_MAP_NONBLOCK | VMS_MAP_STACK |              \
	 VMS_MAP_HUGETLB)

#define HUGE_2M_LOG 21
#define HUGE_1G_LOG 30

uint64_t vms__prot_to_flags(int prot)
{
	return (uint64_t)prot & VMS_ACCESS_FLAGS;
}

/* The execute-only protection key (x86 pkeys): allocated on first use. */
int vms__exec_only_pkey(struct vms_mm *mm)
{
	if (!mm->cfg.pkeys)
		return -1;
	if (mm->exec_only_pkey < 0)
		mm->exec_only_pkey = 1;	/* the lowest key after the default */
	return mm->exec_only_pkey;
}

uint64_t vms__pkey_flags(int pkey)
{
	return pkey > 0 ? ((uint64_t)pkey << 32) & VMS_PKEY_MASK : 0;
}

static bool accountable(const struct vms_file *file, uint64_t f)
{
	if (file && file->d.kind == VMS_FILE_HUGETLB)
		return false;
	return (f & (VMS_NORESERVE | VMS_SHARED | VMS_WRITE)) == VMS_WRITE;
}

/* shmem_zero_setup: each shared anonymous mapping gets its own file. */
static int shmem_zero_file(struct vms_mm *mm, uint64_t len, uint64_t flags,
			   struct vms_file **out)
{
	struct vms_file_desc d = {
		.path = "/dev/zero",
		.dev_major = 0,
		.dev_minor = 1,
		.size = len,
		.kind = VMS_FILE_SHMEM,
		.readable = true,
		.writable = true,
		.deleted = true,
	};
	uint64_t limit = (mm->cfg.ram_bytes + mm->cfg.swap_bytes) >>
			 mm->page_shift;

	/* shmem_acct_size charges the whole object unless NORESERVE */
	if (!(flags & VMS_NORESERVE) && (len >> mm->page_shift) > limit)
		return -ENOMEM;
	d.inode = ++mm->next_shmem_ino;
	return vms_file_create(mm, &d, out);
}

static int64_t mmap_region(struct vms_mm *mm, struct vms_file *file,
			   uint64_t addr, uint64_t len, uint64_t vm_flags,
			   uint64_t pgoff, int mflags)
{
	uint64_t end = addr + len, pglen = len >> mm->page_shift, charged = 0;
	struct vms_area *a, *prev, *next, *merged = NULL;
	struct vms_file *shm = NULL;
	struct vms__unmap u;
	int err;

	vms__unmap_init(&u, addr, end);
	/* one lookup serves both: the first area in the range, or the next */
	a = vms_find_vma(mm, addr);
	if (a && a->start < end) {
		err = vms__unmap_gather(mm, &u, a);
		if (err)
			return err;
		prev = u.prev;
		next = u.next;
	} else {
		next = a;
		prev = next ? next->prev : mm->last;
	}

	err = -ENOMEM;
	if (!vms__may_expand_vm(mm, vm_flags, pglen - u.nr_pages))
		goto abort;
	if (accountable(file, vm_flags)) {
		charged = pglen - u.nr_accounted;
		if (charged && vms__vm_enough_memory(mm, charged)) {
			charged = 0;
			goto abort;
		}
		u.nr_accounted = 0;
		vm_flags |= VMS_ACCOUNT;
	}
	vms__unmap_close(mm, &u);

	/*
	 * The filesystem's mmap_prepare runs after the old areas were closed,
	 * so its refusal leaves a hole: ext4 refuses VM_SYNC on non-DAX files
	 * (even MAP_SHARED, whose MAP_SYNC flag was masked but still set
	 * VM_SYNC).
	 */
	if (file && file->d.kind == VMS_FILE_REGULAR && (vm_flags & VMS_SYNC)) {
		err = -EOPNOTSUPP;
		goto unacct;
	}

	if (prev || next) {
		struct vms__merge m = {
			.prev = prev,
			.next = next,
			.start = addr,
			.end = end,
			.pgoff = pgoff,
			.flags = vm_flags,
			.file = file,
			.ops = file ? file->d.ops : NULL,
		};
		merged = vms__merge_new_range(mm, &m);
	}
	a = merged;
	if (!a) {
		a = vms__area_alloc(mm);
		if (!a)
			goto unacct;
		if (!file && (vm_flags & VMS_SHARED)) {
			err = shmem_zero_file(mm, len, vm_flags, &shm);
			if (err) {
				vms__area_free(mm, a);
				goto unacct;
			}
			file = shm;
		} else if (file) {
			vms_file_get(file);
		}
		a->start = addr;
		vms__set_end(a, end);
		a->pgoff = pgoff;
		a->flags = vm_flags;
		a->file = file;
		a->ops = file && !shm ? file->d.ops : NULL;
		if (file && (file->d.kind == VMS_FILE_DEVICE))
			a->flags |= VMS_IO | VMS_DONTEXPAND | VMS_DONTDUMP;
		vms__tree_insert_after(mm, a, prev);
		mm->map_count++;
	}

	vms__stat_account(mm, vm_flags, (int64_t)pglen);
	if (vm_flags & VMS_LOCKED) {
		if ((a->flags & (VMS_SPECIAL | VMS_DROPPABLE)) ||
		    (file && file->d.kind == VMS_FILE_HUGETLB))
			a->flags &= ~VMS_LOCKED_MASK;
		else
			mm->locked_vm += pglen;
	}
	vms__unmap_complete(mm, &u);

	if ((vm_flags & VMS_LOCKED) ||
	    (mflags & (VMS_MAP_POPULATE | VMS_MAP_NONBLOCK)) == VMS_MAP_POPULATE)
		vms__populate(a, addr, end);
	return (int64_t)addr;

unacct:
	if (charged)
		vms__vm_unacct_memory(mm, charged);
abort:
	vms__unmap_abort(mm, &u);
	return err;
}

static int64_t do_mmap(vms_mm *mm, uint64_t addr, uint64_t len, int prot,
		       int flags, int fd, uint64_t off)
{
	uint64_t psize = mm->cfg.page_size, pgoff, vm_flags, rounded;
	struct vms_file *file = NULL;
	int pkey = 0;
	int64_t ret;

	if (off & (psize - 1))
		return -EINVAL;
	pgoff = off >> mm->page_shift;
	if (!(flags & VMS_MAP_ANONYMOUS)) {
		file = vms_fd_lookup(mm, fd);
		if (!file)
			return -EBADF;
		if (file->d.kind == VMS_FILE_HUGETLB) {
			uint64_t h = 2ULL << 20;

			len = (len + h - 1) & ~(h - 1);
		} else if (flags & VMS_MAP_HUGETLB) {
			return -EINVAL;
		}
	} else if (flags & VMS_MAP_HUGETLB) {
		int log = (flags >> VMS_MAP_HUGE_SHIFT) & VMS_MAP_HUGE_MASK;

		if (log && log != HUGE_2M_LOG && log != HUGE_1G_LOG)
			return -EINVAL;
		/* the model has no huge page pool: hugetlb_file_setup fails */
		if (len)
			return -ENOMEM;
	}
	flags &= ~(VMS_MAP_EXECUTABLE | VMS_MAP_DENYWRITE);

	/* do_mmap */
	if (!len)
		return -EINVAL;
	if ((prot & VMS_PROT_READ) && mm->cfg.read_implies_exec &&
	    !(file && file->d.noexec))
		prot |= VMS_PROT_EXEC;
	if (flags & VMS_MAP_FIXED_NOREPLACE)
		flags |= VMS_MAP_FIXED;
	if (!(flags & VMS_MAP_FIXED)) {
		addr &= ~(psize - 1);
		if (addr && addr < vms__min_addr(mm))
			addr = vms__page_align(mm, vms__min_addr(mm));
	}
	rounded = vms__page_align(mm, len);
	if (!rounded || rounded < len)
		return -ENOMEM;
	len = rounded;
	if (pgoff + (len >> mm->page_shift) < pgoff)
		return -EOVERFLOW;
	if (mm->map_count > mm->cfg.max_map_count)
		return -ENOMEM;
	if (prot == VMS_PROT_EXEC) {
		pkey = vms__exec_only_pkey(mm);
		if (pkey < 0)
			pkey = 0;
	}

	ret = vms_get_unmapped_area(mm, file, addr, len, pgoff, flags);
	if (ret < 0)
		return ret;
	addr = (uint64_t)ret;
	if ((flags & VMS_MAP_FIXED_NOREPLACE) &&
	    vms_find_vma_intersection(mm, addr, addr + len))
		return -EEXIST;

	vm_flags = vms__prot_to_flags(prot) | vms__pkey_flags(pkey);
	if (flags & VMS_MAP_GROWSDOWN)
		vm_flags |= VMS_GROWSDOWN;
	if (flags & VMS_MAP_LOCKED)
		vm_flags |= VMS_LOCKED;
	if (flags & VMS_MAP_SYNC)
		vm_flags |= VMS_SYNC;
	if ((flags & VMS_MAP_STACK) && mm->cfg.thp)
		vm_flags |= VMS_NOHUGEPAGE;
	vm_flags |= mm->def_flags | VMS_MAYREAD | VMS_MAYWRITE | VMS_MAYEXEC;

	if ((flags & VMS_MAP_LOCKED) && !vms__can_do_mlock(mm))
		return -EPERM;
	if (!vms__mlock_future_ok(mm, vm_flags, len))
		return -EAGAIN;

	if (file) {
		const struct vms_file_desc *d = &file->d;
		int type = flags & VMS_MAP_TYPE;
		int mask = LEGACY_MAP_MASK;

		/* file_mmap_ok: MAX_LFS_FILESIZE for regular files */
		if (d->kind == VMS_FILE_REGULAR &&
		    (pgoff > ((uint64_t)INT64_MAX >> mm->page_shift) ||
		     len > (uint64_t)INT64_MAX - (pgoff << mm->page_shift)))
			return -EOVERFLOW;
		switch (type) {
		case VMS_MAP_SHARED:
		case VMS_MAP_SHARED_VALIDATE:
			/* ext4/xfs (FOP_MMAP_SYNC) let MAP_SYNC through here;
			 * their mmap_prepare refuses it later for non-DAX */
			if (d->kind == VMS_FILE_REGULAR)
				mask |= VMS_MAP_SYNC;
			if (type == VMS_MAP_SHARED)
				flags &= mask;
			if (flags & ~mask)
				return -EOPNOTSUPP;
			if ((prot & VMS_PROT_WRITE) && !d->writable)
				return -EACCES;
			vm_flags |= VMS_SHARED | VMS_MAYSHARE;
			if (!d->writable)
				vm_flags &= ~(VMS_MAYWRITE | VMS_SHARED);
			/* fall through */
		case VMS_MAP_PRIVATE:
			if (!d->readable)
				return -EACCES;
			if (d->noexec) {
				if (vm_flags & VMS_EXEC)
					return -EPERM;
				vm_flags &= ~VMS_MAYEXEC;
			}
			if (d->kind == VMS_FILE_NOMMAP)
				return -ENODEV;
			if (vm_flags & VMS_GROWSDOWN)
				return -EINVAL;
			break;
		default:
			return -EINVAL;
		}
		if (d->kind == VMS_FILE_HUGETLB)
			vm_flags |= VMS_HUGETLB | VMS_DONTEXPAND;
	} else {
		switch (flags & VMS_MAP_TYPE) {
		case VMS_MAP_SHARED:
			if (vm_flags & VMS_GROWSDOWN)
				return -EINVAL;
			pgoff = 0;
			vm_flags |= VMS_SHARED | VMS_MAYSHARE;
			break;
		case VMS_MAP_DROPPABLE:
			if (flags & (VMS_MAP_LOCKED | VMS_MAP_HUGETLB))
				return -EINVAL;
			if (vm_flags & VMS_GROWSDOWN)
				return -EINVAL;
			vm_flags |= VMS_DROPPABLE | VMS_WIPEONFORK |
				    VMS_DONTDUMP;
			/* fall through */
		case VMS_MAP_PRIVATE:
			pgoff = addr >> mm->page_shift;
			break;
		default:
			return -EINVAL;
		}
	}
	if (flags & VMS_MAP_NORESERVE)
		vm_flags |= VMS_NORESERVE;
	if ((vm_flags & VMS_DROPPABLE))
		vm_flags |= VMS_NORESERVE;

	return mmap_region(mm, file, addr, len, vm_flags, pgoff, flags);
}

int64_t vms_mmap(vms_mm *mm, uint64_t addr, uint64_t len, int prot,
		 int flags, int fd, uint64_t off)
{
	int64_t r = do_mmap(mm, addr, len, prot, flags, fd, off);

	VMS_DEBUG_VALIDATE(mm, "mmap");
	return r;
}
