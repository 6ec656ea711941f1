/* SPDX-License-Identifier: MIT */
/*
 * vmspace.h - a user-space model of the Linux 6.18 memory-area (VMA) layer.
 *
 * Conventions (liburing/musl style):
 *  - every call returns 0, a non-negative value (an address), or -errno;
 *  - no call reads or writes errno, does I/O, or keeps global state;
 *  - handles are opaque; read areas through the accessors below.
 */
#ifndef VMSPACE_H
#define VMSPACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define VMS_VERSION_MAJOR 0
#define VMS_VERSION_MINOR 1

typedef struct vms_mm vms_mm;		/* an address space (mm_struct) */
typedef struct vms_area vms_area;	/* a memory area (vm_area_struct) */
typedef struct vms_file vms_file;	/* an open file description (struct file) */
typedef struct vms_anon vms_anon;	/* anonymous-memory identity (anon_vma) */
struct vms_vm_ops;

/*
 * Area flags: the bit values of Linux 6.18 x86_64 (include/linux/mm.h),
 * so that smaps VmFlags mnemonics map one to one.
 */
#define VMS_NONE		0ULL
#define VMS_READ		(1ULL << 0)
#define VMS_WRITE		(1ULL << 1)
#define VMS_EXEC		(1ULL << 2)
#define VMS_SHARED		(1ULL << 3)
#define VMS_MAYREAD		(1ULL << 4)
#define VMS_MAYWRITE		(1ULL << 5)
#define VMS_MAYEXEC		(1ULL << 6)
#define VMS_MAYSHARE		(1ULL << 7)
#define VMS_GROWSDOWN		(1ULL << 8)
#define VMS_UFFD_MISSING	(1ULL << 9)
#define VMS_PFNMAP		(1ULL << 10)
#define VMS_MAYBE_GUARD		(1ULL << 11)	/* was VM_DENYWRITE until 5.15 */
#define VMS_UFFD_WP		(1ULL << 12)
#define VMS_LOCKED		(1ULL << 13)
#define VMS_IO			(1ULL << 14)
#define VMS_SEQ_READ		(1ULL << 15)
#define VMS_RAND_READ		(1ULL << 16)
#define VMS_DONTCOPY		(1ULL << 17)
#define VMS_DONTEXPAND		(1ULL << 18)
#define VMS_LOCKONFAULT		(1ULL << 19)
#define VMS_ACCOUNT		(1ULL << 20)
#define VMS_NORESERVE		(1ULL << 21)
#define VMS_HUGETLB		(1ULL << 22)
#define VMS_SYNC		(1ULL << 23)
#define VMS_ARCH_1		(1ULL << 24)	/* VM_PAT on x86 */
#define VMS_WIPEONFORK		(1ULL << 25)
#define VMS_DONTDUMP		(1ULL << 26)
#define VMS_SOFTDIRTY		(1ULL << 27)
#define VMS_MIXEDMAP		(1ULL << 28)
#define VMS_HUGEPAGE		(1ULL << 29)
#define VMS_NOHUGEPAGE		(1ULL << 30)
#define VMS_MERGEABLE		(1ULL << 31)
#define VMS_PKEY_BIT0		(1ULL << 32)
#define VMS_PKEY_BIT1		(1ULL << 33)
#define VMS_PKEY_BIT2		(1ULL << 34)
#define VMS_PKEY_BIT3		(1ULL << 35)
#define VMS_SHADOW_STACK	(1ULL << 37)
#define VMS_ALLOW_ANY_UNCACHED	(1ULL << 39)
#define VMS_DROPPABLE		(1ULL << 40)
#define VMS_UFFD_MINOR		(1ULL << 41)
#define VMS_SEALED		(1ULL << 42)

/*
 * Flags of the book's Table 14.1 that Linux has removed.  They have no bit
 * of their own here; these names document what each became (README,
 * "Flags the kernel removed"), so code written against the book compiles
 * and means what 6.18 means.
 */
#define VMS_RESERVED		(VMS_DONTEXPAND | VMS_DONTDUMP)	/* 3.7 */
#define VMS_EXECUTABLE		0ULL	/* 3.7: mm->exe_file tracks it */
#define VMS_DENYWRITE		0ULL	/* 5.15: bit 11 is VMS_MAYBE_GUARD */
#define VMS_NONLINEAR		0ULL	/* 4.0: remap_file_pages emulated */
#define VMS_SHM			0ULL	/* 2.6: shmem is a file mapping */
#define VMS_GROWSUP		0ULL	/* parisc only; none on x86 */

/* Derived sets, as the kernel defines them. */
#define VMS_SPECIAL	(VMS_IO | VMS_DONTEXPAND | VMS_PFNMAP | VMS_MIXEDMAP)
#define VMS_ACCESS_FLAGS (VMS_READ | VMS_WRITE | VMS_EXEC)
#define VMS_LOCKED_MASK	(VMS_LOCKED | VMS_LOCKONFAULT)
#define VMS_STICKY	(VMS_SOFTDIRTY | VMS_MAYBE_GUARD)
#define VMS_PKEY_MASK	(VMS_PKEY_BIT0 | VMS_PKEY_BIT1 | VMS_PKEY_BIT2 | VMS_PKEY_BIT3)

/* Syscall constants (x86_64 values), so callers need no <sys/mman.h>. */
#define VMS_PROT_NONE		0x0
#define VMS_PROT_READ		0x1
#define VMS_PROT_WRITE		0x2
#define VMS_PROT_EXEC		0x4
#define VMS_PROT_SEM		0x8
#define VMS_PROT_GROWSDOWN	0x01000000
#define VMS_PROT_GROWSUP	0x02000000

#define VMS_MAP_SHARED		0x01
#define VMS_MAP_PRIVATE		0x02
#define VMS_MAP_SHARED_VALIDATE	0x03
#define VMS_MAP_DROPPABLE	0x08
#define VMS_MAP_TYPE		0x0f
#define VMS_MAP_FIXED		0x10
#define VMS_MAP_ANONYMOUS	0x20
#define VMS_MAP_32BIT		0x40
#define VMS_MAP_GROWSDOWN	0x0100
#define VMS_MAP_DENYWRITE	0x0800
#define VMS_MAP_EXECUTABLE	0x1000
#define VMS_MAP_LOCKED		0x2000
#define VMS_MAP_NORESERVE	0x4000
#define VMS_MAP_POPULATE	0x8000
#define VMS_MAP_NONBLOCK	0x10000
#define VMS_MAP_STACK		0x20000
#define VMS_MAP_HUGETLB		0x40000
#define VMS_MAP_SYNC		0x80000
#define VMS_MAP_FIXED_NOREPLACE	0x100000
#define VMS_MAP_UNINITIALIZED	0x4000000
#define VMS_MAP_HUGE_SHIFT	26
#define VMS_MAP_HUGE_MASK	0x3f

#define VMS_MREMAP_MAYMOVE	1
#define VMS_MREMAP_FIXED	2
#define VMS_MREMAP_DONTUNMAP	4

#define VMS_MADV_NORMAL		0
#define VMS_MADV_RANDOM		1
#define VMS_MADV_SEQUENTIAL	2
#define VMS_MADV_WILLNEED	3
#define VMS_MADV_DONTNEED	4
#define VMS_MADV_FREE		8
#define VMS_MADV_REMOVE		9
#define VMS_MADV_DONTFORK	10
#define VMS_MADV_DOFORK		11
#define VMS_MADV_MERGEABLE	12
#define VMS_MADV_UNMERGEABLE	13
#define VMS_MADV_HUGEPAGE	14
#define VMS_MADV_NOHUGEPAGE	15
#define VMS_MADV_DONTDUMP	16
#define VMS_MADV_DODUMP		17
#define VMS_MADV_WIPEONFORK	18
#define VMS_MADV_KEEPONFORK	19
#define VMS_MADV_COLD		20
#define VMS_MADV_PAGEOUT	21
#define VMS_MADV_POPULATE_READ	22
#define VMS_MADV_POPULATE_WRITE	23
#define VMS_MADV_DONTNEED_LOCKED 24
#define VMS_MADV_COLLAPSE	25
#define VMS_MADV_HWPOISON	100
#define VMS_MADV_SOFT_OFFLINE	101
#define VMS_MADV_GUARD_INSTALL	102
#define VMS_MADV_GUARD_REMOVE	103

#define VMS_MLOCK_ONFAULT	1
#define VMS_MCL_CURRENT		1
#define VMS_MCL_FUTURE		2
#define VMS_MCL_ONFAULT		4

/*
 * Allocation hooks: the only way the library obtains memory.  Areas come
 * in chunks aligned to their size (32 KiB; 256 bytes in VMS_DEBUG
 * builds), asked of alloc_aligned (align is a power of two and size a
 * multiple of it).  Without alloc_aligned a chunk is cut from an alloc()
 * of twice its size.  Everything is given back through free() with the
 * size it was asked for.
 */
struct vms_allocator {
	void *(*alloc)(void *ctx, size_t size);	/* NULL means failure */
	void (*free)(void *ctx, void *ptr, size_t size);
	void *ctx;
	void *(*alloc_aligned)(void *ctx, size_t align, size_t size);
};

enum vms_rlimit {
	VMS_RLIMIT_AS,
	VMS_RLIMIT_DATA,
	VMS_RLIMIT_MEMLOCK,
	VMS_RLIMIT_STACK,
	VMS_RLIMIT_NR
};
#define VMS_RLIM_INFINITY UINT64_MAX

/*
 * Settings of an address space.  vms_config_default() fills the values of
 * this machine (x86_64, 47-bit, no ASLR, root); change what you need.
 */
struct vms_config {
	uint64_t page_size;		/* 4096, 16384, 65536, ... */
	uint64_t task_size;		/* end of user space */
	uint64_t mmap_base;		/* top of the top-down search */
	uint64_t legacy_base;		/* bottom of the bottom-up search */
	uint64_t mmap_min_addr;		/* vm.mmap_min_addr: lower maps
					 * need CAP_SYS_RAWIO */
	uint64_t lsm_mmap_min_addr;	/* CONFIG_LSM_MMAP_MIN_ADDR: floor
					 * of hints and searches too */
	uint64_t stack_guard_gap;	/* bytes; 256 pages by default */
	uint64_t max_map_count;
	uint64_t rlimit[VMS_RLIMIT_NR];	/* bytes */
	uint64_t ram_bytes;		/* for heuristic overcommit */
	uint64_t swap_bytes;
	bool legacy_layout;		/* bottom-up mmap placement */
	bool cap_ipc_lock;		/* bypasses RLIMIT_MEMLOCK */
	bool cap_sys_rawio;		/* bypasses mmap_min_addr */
	bool read_implies_exec;		/* personality READ_IMPLIES_EXEC */
	bool thp;			/* CONFIG_TRANSPARENT_HUGEPAGE */
	bool pkeys;			/* x86 protection keys (PROT_EXEC-only
					 * mappings get the execute-only key) */
	struct vms_allocator allocator;	/* zero: malloc/free */
};

void vms_config_default(struct vms_config *cfg);
int vms_mm_create(const struct vms_config *cfg, vms_mm **out);
void vms_mm_destroy(vms_mm *mm);
const struct vms_config *vms_mm_config(const vms_mm *mm);
/* Change one rlimit after creation (as setrlimit would). */
int vms_mm_set_rlimit(vms_mm *mm, enum vms_rlimit which, uint64_t bytes);
/*
 * 0 if every invariant holds; else -EUCLEAN and a reason in why.
 * vms_mm_validate also fails on two neighbours the kernel would have
 * merged; vms_mm_validate_structure allows them, for address spaces that
 * hold a failed call's leftovers (which the kernel keeps too).
 */
int vms_mm_validate(const vms_mm *mm, char *why, size_t why_len);
int vms_mm_validate_structure(const vms_mm *mm, char *why, size_t why_len);

/* Counters of the address space, in pages (as /proc/PID/status). */
struct vms_mm_stats {
	uint64_t map_count;
	uint64_t total_vm, data_vm, exec_vm, stack_vm, locked_vm;
	uint64_t committed;	/* pages of VM_ACCOUNT areas charged */
};
void vms_mm_stats(const vms_mm *mm, struct vms_mm_stats *st);

/* The heap and stack markers that name [heap] and [stack]. */
void vms_mm_set_brk(vms_mm *mm, uint64_t start_brk, uint64_t brk);
void vms_mm_get_brk(const vms_mm *mm, uint64_t *start_brk, uint64_t *brk);
void vms_mm_set_start_stack(vms_mm *mm, uint64_t start_stack);
uint64_t vms_mm_start_stack(const vms_mm *mm);

/*
 * Files.  A vms_file is one open file description: two opens of one inode
 * are two vms_files and never merge; a dup'ed fd shares one.  Reference
 * counted: each area and each fd holds one reference.
 */
enum vms_file_kind {
	VMS_FILE_REGULAR,
	VMS_FILE_SHMEM,		/* tmpfs, memfd, shared anonymous */
	VMS_FILE_HUGETLB,
	VMS_FILE_NOMMAP,	/* a directory or other file without ->mmap */
	VMS_FILE_DEVICE,	/* driver mapping: VM_IO|VM_DONTEXPAND */
};

struct vms_file_desc {
	const char *path;	/* shown in maps; copied */
	uint32_t dev_major, dev_minor;
	uint64_t inode;
	uint64_t size;		/* bytes */
	enum vms_file_kind kind;
	bool readable;		/* FMODE_READ */
	bool writable;		/* FMODE_WRITE */
	bool deleted;		/* unlinked: maps appends " (deleted)" */
	bool noexec;		/* on a noexec mount */
	/* f_op->get_unmapped_area is thp_get_unmapped_area (ext4, xfs, ...):
	 * mappings of 2 MiB or more get 2 MiB-aligned placement */
	bool thp_aligned;
	/* operations its mmap installs on each area (f_op->mmap), or NULL */
	const struct vms_vm_ops *ops;
};

int vms_file_create(vms_mm *mm, const struct vms_file_desc *desc,
		    vms_file **out);
vms_file *vms_file_get(vms_file *f);
void vms_file_put(vms_file *f);
const struct vms_file_desc *vms_file_info(const vms_file *f);

/* The fd table (an open file per descriptor) that mmap's fd refers to. */
int vms_fd_install(vms_mm *mm, int fd, vms_file *f);	/* takes a ref */
int vms_fd_close(vms_mm *mm, int fd);
vms_file *vms_fd_lookup(const vms_mm *mm, int fd);

/*
 * The operations table.  Every member is optional and is called exactly
 * where Linux 6.18 calls its vm_operations_struct counterpart.
 */
struct vms_vm_ops {
	/* a new area copied from another: split, fork, mremap copy */
	void (*open)(vms_area *area);
	/* an area leaves the address space */
	void (*close)(vms_area *area);
	/* a page of the area is needed (the book's nopage, today's fault) */
	int (*fault)(vms_area *area, uint64_t addr, unsigned int flags);
	/* pre-fault [start, end) (MAP_POPULATE, mlock) */
	int (*populate)(vms_area *area, uint64_t start, uint64_t end,
			bool write);
	/* non-zero vetoes a split at addr; the split fails with it */
	int (*may_split)(vms_area *area, uint64_t addr);
	/* the area has been moved by mremap */
	int (*mremap)(vms_area *area);
	/* name shown in maps, e.g. "[vdso]" */
	const char *(*name)(const vms_area *area);
};

/* Reading areas. */
uint64_t vms_area_start(const vms_area *a);
uint64_t vms_area_end(const vms_area *a);
uint64_t vms_area_flags(const vms_area *a);
uint64_t vms_area_pgoff(const vms_area *a);		/* in pages */
vms_file *vms_area_file(const vms_area *a);
vms_anon *vms_area_anon(const vms_area *a);
vms_mm *vms_area_mm(const vms_area *a);
const struct vms_vm_ops *vms_area_ops(const vms_area *a);
void *vms_area_private(const vms_area *a);
void vms_area_set_private(vms_area *a, void *data);
/* page protection as PROT_* bits, from the R/W/X flags */
int vms_area_prot(const vms_area *a);
/* The maps name of a non-file area: an ops name, "[heap]", "[stack]",
 * or NULL (then vms_area_anon_name() may give NAME of [anon:NAME]). */
const char *vms_area_special_name(const vms_area *a);
const char *vms_area_anon_name(const vms_area *a);

/* Lookups, as the kernel's find_vma family. */
vms_area *vms_find_vma(const vms_mm *mm, uint64_t addr);
vms_area *vms_find_vma_prev(const vms_mm *mm, uint64_t addr,
			    vms_area **prev);
vms_area *vms_find_vma_intersection(const vms_mm *mm, uint64_t start,
				    uint64_t end);
vms_area *vms_first_area(const vms_mm *mm);
vms_area *vms_last_area(const vms_mm *mm);
vms_area *vms_area_next(const vms_area *a);
vms_area *vms_area_prev(const vms_area *a);
#define vms_for_each_area(mm, a) \
	for ((a) = vms_first_area(mm); (a); (a) = vms_area_next(a))

/*
 * The system calls.  Arguments and results as the syscall: an address,
 * 0, or -errno.
 */
int64_t vms_mmap(vms_mm *mm, uint64_t addr, uint64_t len, int prot,
		 int flags, int fd, uint64_t off);
int vms_munmap(vms_mm *mm, uint64_t addr, uint64_t len);
int vms_mprotect(vms_mm *mm, uint64_t addr, uint64_t len, int prot);

/*
 * A page fault at addr (VMS_FAULT_* flags): checks the area's access
 * rights, calls its fault hook, and on the first write to a private area
 * gives it an anon_vma.  0, or -EFAULT (no area: SIGSEGV) or -EACCES
 * (protection: SIGSEGV).  Stack growth comes with the stack calls.
 */
#define VMS_FAULT_WRITE		0x1
#define VMS_FAULT_EXEC		0x2
int vms_fault(vms_mm *mm, uint64_t addr, unsigned int flags);

/* The rest of the memory-area calls (Linux 6.18 semantics). */
int64_t vms_mremap(vms_mm *mm, uint64_t addr, uint64_t old_len,
		   uint64_t new_len, int flags, uint64_t new_addr);
int vms_madvise(vms_mm *mm, uint64_t addr, uint64_t len, int advice);
int vms_mlock(vms_mm *mm, uint64_t addr, uint64_t len);
int vms_mlock2(vms_mm *mm, uint64_t addr, uint64_t len, unsigned int flags);
int vms_munlock(vms_mm *mm, uint64_t addr, uint64_t len);
int vms_mlockall(vms_mm *mm, int flags);
int vms_munlockall(vms_mm *mm);
int vms_mseal(vms_mm *mm, uint64_t addr, uint64_t len, unsigned long flags);
/* brk(2): always returns the (new or unchanged) break, never -errno. */
uint64_t vms_brk(vms_mm *mm, uint64_t brk);
/*
 * Grow the grows-down area above addr down to addr's page, as a fault
 * below a stack does: 0, or -errno (the fault would be SIGSEGV).
 */
int vms_expand_stack(vms_mm *mm, uint64_t addr);

/* The free-area search itself (get_unmapped_area). */
int64_t vms_get_unmapped_area(vms_mm *mm, vms_file *file, uint64_t addr,
			      uint64_t len, uint64_t pgoff, int flags);

/*
 * A first write fault in the area: gives it an anon_vma (reusing a
 * compatible neighbour's, as anon_vma_prepare does).  Pages come later.
 */
int vms_anon_prepare(vms_area *a);

/*
 * Install an area as it is, e.g. from a maps snapshot or an ELF loader.
 * The range must be free.  No merge is attempted: a snapshot's areas are
 * the kernel's areas.  ops/private may be NULL.
 */
struct vms_area_desc {
	uint64_t start, end;
	uint64_t flags;
	uint64_t pgoff;			/* pages */
	vms_file *file;			/* NULL: anonymous */
	const struct vms_vm_ops *ops;
	void *private_data;
	bool faulted;			/* give it an anon_vma of its own */
	const char *anon_name;		/* [anon:NAME] */
};
int vms_insert_area(vms_mm *mm, const struct vms_area_desc *d,
		    vms_area **out);

/* Rendering, into a caller buffer; returns bytes needed (excluding NUL),
 * or -errno.  Output is truncated (NUL-terminated) when buf is short. */
int64_t vms_render_maps(const vms_mm *mm, char *buf, size_t len);
int64_t vms_render_smaps(const vms_mm *mm, char *buf, size_t len);
/* One area's maps line, with '\n'. */
int vms_render_maps_line(const vms_area *a, char *buf, size_t len);

/*
 * Load a maps or smaps text into an empty address space.  With smaps the
 * exact flags come from VmFlags; with maps they are inferred.  On a
 * malformed line returns -EINVAL and sets *err_line (1-based).
 */
int vms_load_maps(vms_mm *mm, const char *text, size_t len,
		  unsigned long *err_line);

/* flags -> "rd wr mr ..." (kernel order, each followed by a space). */
int vms_flags_mnemonics(uint64_t flags, char *buf, size_t len);

#ifdef __cplusplus
}
#endif
#endif /* VMSPACE_H */
