/* SPDX-License-Identifier: MIT */
/*
 * Private structures of libvmspace.  Nothing here is part of the API.
 */
#ifndef VMS_INTERNAL_H
#define VMS_INTERNAL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vmspace.h"
#include "rbtree.h"

/*
 * Internal flag bits, above every kernel flag.  Masked out of
 * vms_area_flags() and never rendered.
 */
#define VMS__FORK_CHILD	(1ULL << 62)	/* anon_vma chain not singular */
/* installed as is (snapshot, loader): its neighbours may look mergeable
 * for reasons a snapshot does not show, so validation allows that */
#define VMS__INSTALLED	(1ULL << 61)
/* range or flags changed with no merge attempt (stack growth, a new brk
 * area, mremap DONTUNMAP's source): the kernel may leave such an area
 * beside identical neighbours */
#define VMS__UNMERGED	(1ULL << 60)
#define VMS__INTERNAL	(VMS__FORK_CHILD | VMS__INSTALLED | VMS__UNMERGED)

/*
 * One memory area: the seed's vm_area_struct, stored in two parts.
 *
 * The part a lookup descends through -- the tree links and the end --
 * is a 32-byte struct vms_area_node; everything else is the 88-byte
 * struct vms_area, the handle the rest of the library uses.  Areas are
 * carved from aligned chunks that hold all their nodes side by side and
 * all their areas side by side, so that a find_vma descent touches only
 * densely packed 32-byte records (two per cache line) instead of one
 * 128-byte area per level, and the owner (vm_mm) is the chunk's, not a
 * field.  Node and area find each other by arithmetic (vms__node(),
 * vms__area()); the end of an area is read with vms__end() and changed
 * with vms__set_end().  120 bytes per area on LP64 (static assertions
 * in area.c).
 */
struct vms_area_node {
	struct vms_rb_node rb;		/* by address; augmented by gap */
	uint64_t end;			/* the area's end (exclusive) */
};

struct vms_area {
	struct vms_area *prev, *next;	/* address-sorted list */
	uint64_t start;			/* [start, vms__end()) */
	uint64_t max_gap;		/* largest free gap in the subtree */
	uint64_t flags;			/* VMS_* | VMS__* */
	uint64_t pgoff;			/* in pages */
	struct vms_file *file;		/* NULL: anonymous */
	struct vms_anon *anon;		/* NULL until the first write fault */
	const struct vms_vm_ops *ops;
	void *private_data;
	struct vms_area_ext *ext;	/* rarely used extras, or NULL */
};

/*
 * A chunk: one header line, then the nodes, then the areas.  Release
 * builds put VMS__CHUNK_AREAS areas in a 32 KiB chunk; debug builds
 * (VMS_DEBUG) give every area a chunk of its own, so that the sanitizers
 * see each use after free and failure injection reaches every area, unless
 * VMS_SLAB asks for the release chunks (make check runs some tests so).  A
 * chunk is aligned to its size, which is how a node or an area finds its
 * chunk.
 */
#if defined(VMS_DEBUG) && !defined(VMS_SLAB)
#define VMS__AREA_PER_CHUNK	1
#define VMS__CHUNK_SIZE		256
#define VMS__CHUNK_AREAS	1
#else
#define VMS__CHUNK_SIZE		32768
#define VMS__CHUNK_AREAS	272	/* 64 + 272 * (32 + 88) <= 32768 */
#endif

struct vms_area_chunk {
	struct vms_mm *mm;		/* owner of every area here */
	struct vms_area_chunk *next;	/* the mm's chunks */
	void *raw;			/* what the allocator returned */
	size_t raw_size;
	char pad[64 - 4 * sizeof(void *)];
};

#define VMS__NODES_OFF	sizeof(struct vms_area_chunk)
#define VMS__AREAS_OFF	(VMS__NODES_OFF + \
			 VMS__CHUNK_AREAS * sizeof(struct vms_area_node))

static inline struct vms_area_chunk *vms__chunk_of(const void *p)
{
	return (struct vms_area_chunk *)((uintptr_t)p &
					 ~(uintptr_t)(VMS__CHUNK_SIZE - 1));
}

static inline struct vms_area_node *vms__node(const struct vms_area *a)
{
	uintptr_t base = (uintptr_t)vms__chunk_of(a);
	size_t i = ((uintptr_t)a - base - VMS__AREAS_OFF) /
		   sizeof(struct vms_area);

	return (struct vms_area_node *)(base + VMS__NODES_OFF) + i;
}

static inline struct vms_area *vms__area(const struct vms_rb_node *n)
{
	uintptr_t base = (uintptr_t)vms__chunk_of(n);
	size_t i = ((uintptr_t)n - base - VMS__NODES_OFF) /
		   sizeof(struct vms_area_node);

	return (struct vms_area *)(base + VMS__AREAS_OFF) + i;
}

static inline uint64_t vms__end(const struct vms_area *a)
{
	return vms__node(a)->end;
}

/* Only the range code changes an end; the tree's order must not change. */
static inline void vms__set_end(struct vms_area *a, uint64_t end)
{
	vms__node(a)->end = end;
}

static inline struct vms_mm *vms__area_mm(const struct vms_area *a)
{
	return vms__chunk_of(a)->mm;
}

struct vms_anon {
	uint64_t refs;		/* areas pointing here */
	uint64_t id;		/* stable, for diagnostics */
};

/*
 * Rarely used per-area data, kept out of the 128-byte area: the anon name
 * ([anon:NAME]) and the page counters of an area loaded from an smaps
 * snapshot (reset when the area changes shape, since they can't split).
 * Immutable once attached; shared by reference between split pieces.
 */
enum vms_smaps_counter {
	VMS_SM_RSS, VMS_SM_PSS, VMS_SM_PSS_DIRTY, VMS_SM_SHARED_CLEAN,
	VMS_SM_SHARED_DIRTY, VMS_SM_PRIVATE_CLEAN, VMS_SM_PRIVATE_DIRTY,
	VMS_SM_REFERENCED, VMS_SM_ANONYMOUS, VMS_SM_KSM, VMS_SM_LAZYFREE,
	VMS_SM_ANON_HUGE, VMS_SM_SHMEM_PMD, VMS_SM_FILE_PMD,
	VMS_SM_SHARED_HUGETLB, VMS_SM_PRIVATE_HUGETLB, VMS_SM_SWAP,
	VMS_SM_SWAP_PSS, VMS_SM_LOCKED, VMS_SM_THP_ELIGIBLE,
	VMS_SM_PROTECTION_KEY, VMS_SM_NR
};

struct vms_area_ext {
	uint64_t refs;
	uint64_t start, end;		/* the range the counters describe */
	bool has_counters;
	uint64_t counters[VMS_SM_NR];	/* kB as printed (THPeligible: 0/1) */
	char *anon_name;		/* NULL or NUL-terminated, owned */
};

struct vms_file {
	uint64_t refs;
	struct vms_mm *mm;	/* whose allocator frees it */
	struct vms_file_desc d;	/* d.path points into path[] */
	char path[];
};

struct vms_mm {
	struct vms_config cfg;
	unsigned int page_shift;
	struct vms_rb_root tree;
	struct vms_area *first, *last;	/* list ends */
	uint64_t map_count;

	/* counters in pages, as mm_struct's */
	uint64_t total_vm, data_vm, exec_vm, stack_vm, locked_vm;
	uint64_t committed;		/* charged VM_ACCOUNT pages */

	uint64_t start_brk, brk, start_stack;
	uint64_t def_flags;		/* VM_LOCKED after MCL_FUTURE */
	int exec_only_pkey;		/* -1 until first PROT_EXEC-only map */

	/* fd table */
	struct vms_file **fds;
	int nr_fds;

	/* area slab */
	struct vms_area *free_areas;	/* linked through ->next */
	struct vms_area_chunk *chunks;	/* linked through ->next */

	bool gate_vsyscall;		/* list the x86 [vsyscall] gate last */
	bool smaps_has_pkey;		/* print ProtectionKey: lines */

	uint64_t next_anon_id;
	uint64_t next_shmem_ino;
};

/* ---- allocation (alloc.c): every allocation goes through the mm ---- */
void vms__allocator_fill(struct vms_allocator *a);
void *vms__alloc(struct vms_mm *mm, size_t size);
void *vms__zalloc(struct vms_mm *mm, size_t size);
void vms__free(struct vms_mm *mm, void *p, size_t size);
/* An aligned block; give *raw and *raw_size back to vms__free(). */
void *vms__alloc_aligned(struct vms_mm *mm, size_t align, size_t size,
			 void **raw, size_t *raw_size);

/* ---- areas (area.c) ---- */
struct vms_area *vms__area_alloc(struct vms_mm *mm);
void vms__area_free(struct vms_mm *mm, struct vms_area *a);
void vms__slab_destroy(struct vms_mm *mm);
/* Drop a reference to an area's extension (implemented in maps_parse.c). */
void vms__ext_put(struct vms_mm *mm, struct vms_area_ext *ext);
/* Copy fields and take references (file, anon, name); links not copied. */
void vms__area_copy(struct vms_area *dst, const struct vms_area *src);
/* Drop the references an area holds. */
void vms__area_release(struct vms_area *a);

static inline uint64_t vms__pages(const struct vms_mm *mm, uint64_t bytes)
{
	return bytes >> mm->page_shift;
}
static inline uint64_t vms__area_pages(const struct vms_area *a)
{
	return (vms__end(a) - a->start) >> vms__area_mm(a)->page_shift;
}
static inline uint64_t vms__page_align(const struct vms_mm *mm, uint64_t v)
{
	return (v + mm->cfg.page_size - 1) & ~(mm->cfg.page_size - 1);
}
/*
 * The range checks madvise and mseal share: a page-aligned start, and a
 * length whose page rounding neither wraps to zero nor runs past the top
 * of the address space.  -EINVAL, or 0 with the rounded end in *end.
 */
static inline int vms__user_range(const struct vms_mm *mm, uint64_t start,
				  uint64_t len_in, uint64_t *end)
{
	uint64_t len = vms__page_align(mm, len_in);

	if (start & (mm->cfg.page_size - 1))
		return -EINVAL;
	if (len_in && !len)
		return -EINVAL;
	*end = start + len;
	if (*end < start)
		return -EINVAL;
	return 0;
}

static inline bool vms__is_anon(const struct vms_area *a)
{
	return a->ops == NULL && a->file == NULL;
}

/* ---- the tree and list (tree.c) ---- */
void vms__tree_insert(struct vms_mm *mm, struct vms_area *a);
/* Insert a right after prev (NULL: first), its known neighbour. */
void vms__tree_insert_after(struct vms_mm *mm, struct vms_area *a,
			    struct vms_area *prev);
void vms__tree_erase(struct vms_mm *mm, struct vms_area *a);
/* a's start or end changed in place (order unchanged): fix gaps. */
void vms__tree_adjust(struct vms_mm *mm, struct vms_area *a);
/* The gap search: 0 and *out, or -ENOMEM. */
/*
 * The gap search (maple tree's mas_empty_area[_rev]): the highest (lowest)
 * free range of at least length bytes inside [low, high), clipped to it,
 * and the area above it (NULL above the last area).  0 or -ENOMEM.
 */
int vms__gap_topdown(const struct vms_mm *mm, uint64_t length,
		     uint64_t low, uint64_t high, uint64_t *gap_start,
		     uint64_t *gap_end, struct vms_area **above);
int vms__gap_bottomup(const struct vms_mm *mm, uint64_t length,
		      uint64_t low, uint64_t high, uint64_t *gap_start,
		      uint64_t *gap_end, struct vms_area **above);
uint64_t vms__start_gap(const struct vms_mm *mm, const struct vms_area *a);
int vms__tree_validate(const struct vms_mm *mm, char *why, size_t len);

/* ---- anon identity (anon.c) ---- */
struct vms_anon *vms__anon_new(struct vms_mm *mm);
void vms__anon_get(struct vms_anon *av);
void vms__anon_put(struct vms_mm *mm, struct vms_anon *av);

/* ---- files (file.c) ---- */
void vms__file_put_all(struct vms_mm *mm);

/* ---- accounting (account.c) ---- */
void vms__stat_account(struct vms_mm *mm, uint64_t flags, int64_t pages);
bool vms__may_expand_vm(const struct vms_mm *mm, uint64_t flags,
			uint64_t pages);
int vms__vm_enough_memory(struct vms_mm *mm, uint64_t pages);
void vms__vm_unacct_memory(struct vms_mm *mm, uint64_t pages);
bool vms__is_data_mapping(uint64_t flags);
bool vms__mlock_future_ok(const struct vms_mm *mm, uint64_t flags,
			  uint64_t bytes);
bool vms__can_do_mlock(const struct vms_mm *mm);

/* ---- split and merge (vma.c) ---- */
/* A proposed range and its neighbours (the kernel's vma_merge_struct). */
struct vms__merge {
	struct vms_area *prev, *middle, *next;
	uint64_t start, end, pgoff, flags;
	struct vms_file *file;
	struct vms_anon *anon;
	const struct vms_vm_ops *ops;
	const char *anon_name;
	struct vms_area *copied_from;	/* mremap: the moved area */
	bool just_expand;		/* brk: only expand prev */
};

/* Split a at addr; the new area is the lower piece iff new_below. */
int vms__split(struct vms_mm *mm, struct vms_area *a, uint64_t addr,
	       bool new_below, bool check_count, struct vms_area **newp);
/* Merge a new range with prev/next; the merged area or NULL. */
struct vms_area *vms__merge_new_range(struct vms_mm *mm, struct vms__merge *m);
struct vms_area *vms__merge_existing_range(struct vms_mm *mm,
					   struct vms__merge *m);
/*
 * Prepare [start, end) of a for new flags: merge with a neighbour or split
 * off the outside parts.  Returns the area that covers exactly the range
 * (flags not yet changed), or NULL with *errp set.
 */
struct vms_area *vms__modify(struct vms_mm *mm, struct vms_area *a,
			     uint64_t start, uint64_t end, uint64_t newflags,
			     int *errp);

/* ---- unmapped.c ---- */
/* the floor of hints and searches: max(mmap_min_addr, LSM's) */
uint64_t vms__min_addr(const struct vms_mm *mm);

/* ---- fault.c ---- */
void vms__populate(struct vms_area *a, uint64_t start, uint64_t end);

/* ---- mmap.c ---- */
uint64_t vms__prot_to_flags(int prot);
int vms__exec_only_pkey(struct vms_mm *mm);
uint64_t vms__pkey_flags(int pkey);

/* ---- unmapping (munmap.c) ---- */
struct vms__unmap {
	uint64_t start, end;
	struct vms_area *prev, *next;	/* neighbours of the range */
	struct vms_area *detached;	/* chain through ->next */
	struct vms_area **tail;
	uint64_t count, nr_pages, nr_accounted, locked;
	bool closed;			/* close() already called */
};
void vms__unmap_init(struct vms__unmap *u, uint64_t start, uint64_t end);
int vms__unmap_gather(struct vms_mm *mm, struct vms__unmap *u,
		      struct vms_area *first);
void vms__unmap_close(struct vms_mm *mm, struct vms__unmap *u);
void vms__unmap_complete(struct vms_mm *mm, struct vms__unmap *u);
void vms__unmap_abort(struct vms_mm *mm, struct vms__unmap *u);
/* do_vmi_munmap: munmap without the debug validation of the entry point */
int vms__do_munmap(struct vms_mm *mm, uint64_t start, uint64_t len);

/* snprintf into a validator's reason buffer (validate.c) */
void vms__why(char *why, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

bool vms__would_merge(const struct vms_area *a, const struct vms_area *b);
int vms__validate(const vms_mm *mm, bool check_merged, char *why, size_t len);

/*
 * Tiered debug checks: VMS_DEBUG=2 (the sanitizer build of make check)
 * validates the whole structure after every call that changes it and
 * aborts with the reason on stderr.  Release builds compile it out.
 */
#if defined(VMS_DEBUG) && VMS_DEBUG >= 2
void vms__debug_validate(const struct vms_mm *mm, const char *op);
#define VMS_DEBUG_VALIDATE(mm, op) vms__debug_validate(mm, op)
#else
#define VMS_DEBUG_VALIDATE(mm, op) ((void)0)
#endif

#define VMS__FLAGS_EXPORT(f) ((f) & ~VMS__INTERNAL)

#endif /* VMS_INTERNAL_H */
