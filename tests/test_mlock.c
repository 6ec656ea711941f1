// SPDX-License-Identifier: MIT
/*
 * mlock, mlock2, munlock, mlockall, munlockall, drawn as pictures of the
 * test window (one character per page; a, b, c... are areas; upper case
 * means the area has an anon_vma, i.e. it was populated for write).
 *
 * Every expectation was confirmed on the live 6.18.44 kernel with probes
 * written for this file (pm1: mlock/munlock as root; pm3: mlockall as
 * root, and [U..] steps as uid 65534 with a small RLIMIT_MEMLOCK; pm4:
 * the seal interplay; pm5: each test's sequence replayed step by step;
 * pm6: LOCKONFAULT population, droppable under MCL_FUTURE), where the
 * kernel's pictures were read from smaps (Anonymous > 0 standing for the
 * anon_vma) and locked_vm from VmLck (less the process's own pages).
 * Labels like [pm1 7b] name the probe step; "ref 3.5" is a rule of the
 * reference that its own probes confirmed.  Privileged runs use the
 * default config (cap_ipc_lock); unprivileged ones clear it and set
 * cfg.rlimit[VMS_RLIMIT_MEMLOCK].  What the kernel can't show (an
 * allocation failing) follows mm/mlock.c: a failed split is ENOMEM, a
 * failed anon_vma in mlock's population is gup's ENOMEM, reported EAGAIN.
 */
#include "check.h"
#include "model.h"

#define RW (VMS_PROT_READ | VMS_PROT_WRITE)
#define R VMS_PROT_READ
#define NONE VMS_PROT_NONE
#define ANON (VMS_MAP_PRIVATE | VMS_MAP_ANONYMOUS | VMS_MAP_FIXED)

#define OK(expr) CHECK_EQ((expr), 0)
#define VALID(mm) CHECK_EQ(tm_valid(mm), 0)
#define LK VMS_LOCKED
#define LF VMS_LOCKONFAULT

static uint64_t flags_at(const vms_mm *mm, unsigned pg)
{
	vms_area *a = tm_at(mm, pg);

	return a ? vms_area_flags(a) : 0;
}

static uint64_t lockbits(const vms_mm *mm, unsigned pg)
{
	return flags_at(mm, pg) & VMS_LOCKED_MASK;
}

static uint64_t locked_vm(const vms_mm *mm)
{
	struct vms_mm_stats st;

	vms_mm_stats(mm, &st);
	return st.locked_vm;
}

/* locked_vm must always be the pages of the VM_LOCKED areas */
static uint64_t locked_pages(const vms_mm *mm)
{
	uint64_t n = 0;
	vms_area *a;

	vms_for_each_area(mm, a)
		if (vms_area_flags(a) & VMS_LOCKED)
			n += (vms_area_end(a) - vms_area_start(a)) / TP;
	return n;
}

#define LOCKED(mm, n)                                    \
	do {                                             \
		CHECK_EQ(locked_vm(mm), (n));            \
		CHECK_EQ(locked_pages(mm), locked_vm(mm)); \
	} while (0)

/* an unprivileged address space: no CAP_IPC_LOCK, limit in pages */
static vms_mm *unpriv(uint64_t limit_pages)
{
	struct vms_config cfg;

	vms_config_default(&cfg);
	cfg.cap_ipc_lock = false;
	cfg.rlimit[VMS_RLIMIT_MEMLOCK] = limit_pages * TP;
	return tm_new_cfg(&cfg);
}

static void set_limit(vms_mm *mm, uint64_t pages)
{
	OK(vms_mm_set_rlimit(mm, VMS_RLIMIT_MEMLOCK, pages * TP));
}

static int64_t map_droppable(vms_mm *mm, unsigned pg, unsigned n)
{
	return vms_mmap(mm, PG(pg), n * TP, RW,
			VMS_MAP_DROPPABLE | VMS_MAP_ANONYMOUS | VMS_MAP_FIXED,
			-1, 0);
}

/* [pm1 1, 2, 2b, 2c, 3] ref 3.5: no alignment, the range grows to pages */
TEST(mlock_rounds_range)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 4, RW);
	OK(vms_mlock(mm, PG(0) + 1, 10));
	CHECK_STR(tm_pic(mm, 6), "Abbb..");
	CHECK_EQ(lockbits(mm, 0), LK);
	CHECK_EQ(lockbits(mm, 1), 0);
	LOCKED(mm, 1);
	/* zero length: nothing, even unmapped, unless an offset makes a page */
	OK(vms_mlock(mm, PG(0), 0));
	OK(vms_mlock(mm, PG(100), 0));
	CHECK_EQ(vms_mlock(mm, PG(101) + 5, 0), -ENOMEM);
	CHECK_EQ(vms_mlock(mm, PG(100), TP), -ENOMEM);
	CHECK_STR(tm_pic(mm, 6), "Abbb..");
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [pm1 4, 4b, 4c, 4d] lengths near 2^64 */
TEST(mlock_length_wraps)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 4, RW);
	/* PAGE_ALIGN keeps it, the range wraps: EINVAL (with CAP_IPC_LOCK) */
	CHECK_EQ(vms_mlock(mm, PG(0), -TP), -EINVAL);
	CHECK_EQ(vms_munlock(mm, PG(0), -TP), -EINVAL);
	/* len + offset rounds to 0: nothing to do */
	OK(vms_mlock(mm, PG(0) + 1, UINT64_MAX));
	OK(vms_mlock(mm, PG(0) + 1, -TP));
	CHECK_STR(tm_pic(mm, 5), "aaaa.");
	LOCKED(mm, 0);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [pm1 5, 5b] [p_errno] mlock2 knows one flag */
TEST(mlock2_flags)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 4, RW);
	CHECK_EQ(vms_mlock2(mm, PG(0), TP, 2), -EINVAL);
	CHECK_EQ(vms_mlock2(mm, PG(0), TP, 3), -EINVAL);
	OK(vms_mlock2(mm, PG(0), TP, VMS_MLOCK_ONFAULT));
	CHECK_EQ(lockbits(mm, 0), LK | LF);
	/* ONFAULT: nothing is faulted in */
	CHECK_STR(tm_pic(mm, 5), "abbb.");
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [pm1 6, 6b] ref 13.4: PROT_NONE can't be populated, but stays locked */
TEST(mlock_prot_none)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 2, NONE);
	CHECK_EQ(vms_mlock(mm, PG(0), 2 * TP), -ENOMEM);
	CHECK_STR(tm_pic(mm, 4), "aa..");
	CHECK_EQ(lockbits(mm, 0), LK);
	LOCKED(mm, 2);
	vms_mm_destroy(mm);

	/* ONFAULT populates nothing, so it can't fail */
	mm = tm_new();
	tm_map(mm, 0, 2, NONE);
	OK(vms_mlock2(mm, PG(0), 2 * TP, VMS_MLOCK_ONFAULT));
	CHECK_EQ(lockbits(mm, 0), LK | LF);
	LOCKED(mm, 2);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [pm1 7, 7b] population stops at the first error; the lock stays */
TEST(mlock_populate_stops_at_error)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 2, NONE);
	tm_map(mm, 2, 2, RW);
	CHECK_EQ(vms_mlock(mm, PG(0), 4 * TP), -ENOMEM);
	CHECK_STR(tm_pic(mm, 5), "aabb.");	/* RW locked, not faulted */
	CHECK_EQ(lockbits(mm, 2), LK);
	LOCKED(mm, 4);
	vms_mm_destroy(mm);

	mm = tm_new();
	tm_map(mm, 0, 2, RW);
	tm_map(mm, 2, 2, NONE);
	CHECK_EQ(vms_mlock(mm, PG(0), 4 * TP), -ENOMEM);
	CHECK_STR(tm_pic(mm, 5), "AAbb.");
	CHECK_EQ(lockbits(mm, 2), LK);
	LOCKED(mm, 4);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [pm1 8, 8b, 8c] [p_partial 5] a hole stops the walk, before populate */
TEST(mlock_hole)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 2, RW);
	tm_map(mm, 3, 2, RW);
	CHECK_EQ(vms_mlock(mm, PG(0), 5 * TP), -ENOMEM);
	CHECK_STR(tm_pic(mm, 6), "aa.bb.");	/* locked, never populated */
	CHECK_EQ(lockbits(mm, 0), LK);
	CHECK_EQ(lockbits(mm, 3), 0);
	LOCKED(mm, 2);
	/* munlock over the hole: unlocks the first, which merges back */
	CHECK_EQ(vms_munlock(mm, PG(0), 5 * TP), -ENOMEM);
	CHECK_STR(tm_pic(mm, 6), "aa.bb.");
	LOCKED(mm, 0);
	/* the walk splits the first area before failing at the hole */
	CHECK_EQ(vms_mlock(mm, PG(1), 4 * TP), -ENOMEM);
	CHECK_STR(tm_pic(mm, 6), "ab.cc.");
	CHECK_EQ(lockbits(mm, 1), LK);
	LOCKED(mm, 1);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [pm1 9 .. 9f] [p_merge 13] splitting, merging and locked_vm */
TEST(mlock_merge_and_account)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 4, RW);
	OK(vms_mlock(mm, PG(0), 2 * TP));
	CHECK_STR(tm_pic(mm, 5), "AAbb.");
	LOCKED(mm, 2);
	OK(vms_mlock(mm, PG(2), 2 * TP));
	CHECK_STR(tm_pic(mm, 5), "AAAA.");
	LOCKED(mm, 4);
	/* already locked pages are not counted again */
	OK(vms_mlock2(mm, PG(0), 4 * TP, VMS_MLOCK_ONFAULT));
	CHECK_EQ(lockbits(mm, 0), LK | LF);
	LOCKED(mm, 4);
	OK(vms_munlock(mm, PG(1), 2 * TP));
	CHECK_STR(tm_pic(mm, 5), "ABBC.");
	CHECK_EQ(lockbits(mm, 1), 0);
	LOCKED(mm, 2);
	/* munmap of a locked area gives its pages back */
	OK(vms_munmap(mm, PG(3), TP));
	CHECK_STR(tm_pic(mm, 5), "ABB..");
	LOCKED(mm, 1);
	CHECK_EQ(vms_munlock(mm, PG(0), 4 * TP), -ENOMEM);
	CHECK_STR(tm_pic(mm, 5), "AAA..");
	LOCKED(mm, 0);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [pm1 10, 10b] mlock over ONFAULT clears LOCKONFAULT and populates */
TEST(mlock_over_onfault)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 4, RW);
	OK(vms_mlock2(mm, PG(0), 4 * TP, VMS_MLOCK_ONFAULT));
	CHECK_STR(tm_pic(mm, 5), "aaaa.");
	LOCKED(mm, 4);
	OK(vms_mlock(mm, PG(1), TP));
	CHECK_STR(tm_pic(mm, 5), "aBcc.");
	CHECK_EQ(lockbits(mm, 1), LK);
	CHECK_EQ(lockbits(mm, 2), LK | LF);
	LOCKED(mm, 4);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [pm1 11] [R1] droppable areas are skipped but still populated */
TEST(mlock_skips_droppable)
{
	vms_mm *mm = tm_new();

	CHECK_EQ(map_droppable(mm, 0, 4), (int64_t)PG(0));
	OK(vms_mlock(mm, PG(0), 4 * TP));
	CHECK_STR(tm_pic(mm, 5), "AAAA.");
	CHECK_EQ(lockbits(mm, 0), 0);
	LOCKED(mm, 0);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [pm1 12, 12b, 12c] only private writable areas get an anon_vma */
TEST(mlock_populate_kinds)
{
	vms_mm *mm = tm_new();

	CHECK_EQ(vms_mmap(mm, PG(0), 4 * TP, R,
			  VMS_MAP_SHARED | VMS_MAP_ANONYMOUS | VMS_MAP_FIXED,
			  -1, 0),
		 (int64_t)PG(0));
	tm_map(mm, 5, 4, R);
	tm_map(mm, 10, 4, VMS_PROT_EXEC);
	OK(vms_mlock(mm, PG(0), 4 * TP));
	OK(vms_mlock(mm, PG(5), 4 * TP));
	OK(vms_mlock(mm, PG(10), 4 * TP));
	CHECK_STR(tm_pic(mm, 15), "aaaa.bbbb.cccc.");
	LOCKED(mm, 12);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [pm1 13] mprotect of a locked area keeps the lock in every piece */
TEST(mprotect_locked)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 4, RW);
	OK(vms_mlock(mm, PG(0), 4 * TP));
	OK(vms_mprotect(mm, PG(1), TP, R));
	CHECK_STR(tm_pic(mm, 5), "ABCC.");
	CHECK_EQ(lockbits(mm, 1), LK);
	LOCKED(mm, 4);
	VALID(mm);
	vms_mm_destroy(mm);
}

static vms_mm *with_file(uint64_t size)
{
	struct vms_file_desc d = {
		.path = "/tmp/mp/f1",
		.dev_major = 8,
		.inode = 12,
		.size = size,
		.kind = VMS_FILE_REGULAR,
		.readable = true,
		.writable = true,
	};
	vms_mm *mm = tm_new();
	vms_file *f;

	if (vms_file_create(mm, &d, &f) || vms_fd_install(mm, 3, f))
		abort();
	vms_file_put(f);
	return mm;
}

static int64_t map_file(vms_mm *mm, unsigned pg, int prot, int type,
			unsigned pgoff)
{
	return vms_mmap(mm, PG(pg), 4 * TP, prot, type | VMS_MAP_FIXED, 3,
			pgoff * TP);
}

/* [pm1 14 .. 14f] a page beyond end of file is SIGBUS: EFAULT -> ENOMEM */
TEST(mlock_file_beyond_eof)
{
	vms_mm *mm = with_file(TP + 10);	/* two pages of file */

	map_file(mm, 0, RW, VMS_MAP_PRIVATE, 0);
	CHECK_EQ(vms_mlock(mm, PG(0), 4 * TP), -ENOMEM);
	/* the pages before EOF were write-faulted first */
	CHECK_STR(tm_pic(mm, 5), "AAAA.");
	CHECK_EQ(lockbits(mm, 0), LK);
	LOCKED(mm, 4);
	OK(vms_munmap(mm, PG(0), 4 * TP));

	map_file(mm, 0, RW, VMS_MAP_PRIVATE, 2);	/* wholly beyond */
	CHECK_EQ(vms_mlock(mm, PG(0), 4 * TP), -ENOMEM);
	/*
	 * [tests/probes/mlock/eof_anon.c] the write fault prepares the
	 * anon_vma before it finds no file page: two areas locked beyond
	 * EOF no longer merge after munlock, one does
	 */
	CHECK_STR(tm_pic(mm, 5), "AAAA.");
	map_file(mm, 0, RW, VMS_MAP_SHARED, 0);
	CHECK_EQ(vms_mlock(mm, PG(0), 4 * TP), -ENOMEM);
	map_file(mm, 0, R, VMS_MAP_PRIVATE, 0);
	CHECK_EQ(vms_mlock(mm, PG(0), 4 * TP), -ENOMEM);
	map_file(mm, 0, RW, VMS_MAP_PRIVATE, 0);
	OK(vms_mlock2(mm, PG(0), 4 * TP, VMS_MLOCK_ONFAULT));
	CHECK_STR(tm_pic(mm, 5), "aaaa.");
	/* MAP_LOCKED ignores the population error */
	CHECK_EQ(vms_mmap(mm, PG(0), 4 * TP, RW,
			  VMS_MAP_PRIVATE | VMS_MAP_FIXED | VMS_MAP_LOCKED |
				  VMS_MAP_POPULATE,
			  3, 0),
		 (int64_t)PG(0));
	CHECK_STR(tm_pic(mm, 5), "AAAA.");
	LOCKED(mm, 4);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [p_maxmap3] ref 3.8, 10: each split checks max_map_count */
TEST(mlock_split_at_max_map_count)
{
	struct vms_config cfg;
	vms_mm *mm;

	vms_config_default(&cfg);
	cfg.max_map_count = 1;
	mm = tm_new_cfg(&cfg);
	tm_map(mm, 0, 4, RW);
	CHECK_EQ(vms_mlock(mm, PG(0), TP), -ENOMEM);
	CHECK_EQ(vms_mlock2(mm, PG(0), TP, VMS_MLOCK_ONFAULT), -ENOMEM);
	CHECK_STR(tm_pic(mm, 5), "aaaa.");
	LOCKED(mm, 0);
	vms_mm_destroy(mm);

	/* the second split fails: the first stays */
	cfg.max_map_count = 2;
	mm = tm_new_cfg(&cfg);
	tm_map(mm, 0, 4, RW);
	CHECK_EQ(vms_mlock(mm, PG(1), TP), -ENOMEM);
	CHECK_STR(tm_pic(mm, 5), "abbb.");
	LOCKED(mm, 0);
	CHECK_EQ(tm_valid_structure(mm), 0);
	vms_mm_destroy(mm);
}

/* [R1, R2, R3] [p_errno] mlockall(MCL_CURRENT) and munlockall */
TEST(mlockall_current)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 2, RW);
	tm_map(mm, 2, 2, NONE);
	map_droppable(mm, 4, 2);
	CHECK_EQ(vms_mlockall(mm, 0), -EINVAL);
	CHECK_EQ(vms_mlockall(mm, VMS_MCL_ONFAULT), -EINVAL);
	CHECK_EQ(vms_mlockall(mm, 0x100), -EINVAL);
	CHECK_EQ(vms_mlockall(mm, VMS_MCL_CURRENT | 0x8), -EINVAL);
	/* the PROT_NONE area is locked too; population errors are ignored */
	OK(vms_mlockall(mm, VMS_MCL_CURRENT));
	CHECK_STR(tm_pic(mm, 7), "AAbbCC.");
	CHECK_EQ(lockbits(mm, 0), LK);
	CHECK_EQ(lockbits(mm, 2), LK);
	CHECK_EQ(lockbits(mm, 4), 0);
	LOCKED(mm, 4);
	OK(vms_munlockall(mm));
	CHECK_EQ(lockbits(mm, 0), 0);
	LOCKED(mm, 0);
	OK(vms_mlockall(mm, VMS_MCL_CURRENT | VMS_MCL_ONFAULT));
	CHECK_EQ(lockbits(mm, 0), LK | LF);
	OK(vms_mlockall(mm, VMS_MCL_CURRENT | VMS_MCL_FUTURE |
				    VMS_MCL_ONFAULT));
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [R4 .. R8] [p_unpriv] MCL_FUTURE locks later mappings via def_flags */
TEST(mlockall_future)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 2, RW);
	OK(vms_mlockall(mm, VMS_MCL_FUTURE));
	CHECK_EQ(lockbits(mm, 0), 0);		/* existing areas untouched */
	tm_map(mm, 8, 2, RW);
	CHECK_EQ(lockbits(mm, 8), LK);		/* and populated */
	tm_map(mm, 10, 1, NONE);
	CHECK_EQ(lockbits(mm, 10), LK);
	CHECK_STR(tm_pic(mm, 12), "aa......BBc.");
	LOCKED(mm, 3);
	/* any mlockall without MCL_FUTURE cancels it */
	OK(vms_mlockall(mm, VMS_MCL_CURRENT));
	tm_map(mm, 16, 2, RW);
	CHECK_EQ(lockbits(mm, 16), 0);
	OK(vms_munlockall(mm));
	OK(vms_mlockall(mm, VMS_MCL_FUTURE | VMS_MCL_ONFAULT));
	tm_map(mm, 20, 2, RW);
	CHECK_EQ(lockbits(mm, 20), LK | LF);	/* not populated */
	/* MCL_FUTURE again without ONFAULT drops it from def_flags only */
	OK(vms_mlockall(mm, VMS_MCL_FUTURE));
	tm_map(mm, 24, 2, RW);
	CHECK_EQ(lockbits(mm, 24), LK);
	CHECK_EQ(lockbits(mm, 20), LK | LF);
	CHECK_STR(tm_pic(mm, 27), "AA......BBc.....dd..ee..FF.");
	OK(vms_munlockall(mm));
	tm_map(mm, 28, 2, RW);
	CHECK_EQ(lockbits(mm, 28), 0);
	CHECK_EQ(lockbits(mm, 24), 0);
	LOCKED(mm, 0);
	VALID(mm);
	vms_mm_destroy(mm);
}

/*
 * [pm6] populate_vma_page_range leaves LOCKONFAULT areas alone: neither
 * MAP_POPULATE under MCL_FUTURE|MCL_ONFAULT nor mprotect making a locked
 * area writable faults anything in (a VM_LOCKED one is populated).
 */
TEST(onfault_never_populated)
{
	vms_mm *mm = tm_new();

	OK(vms_mlockall(mm, VMS_MCL_FUTURE | VMS_MCL_ONFAULT));
	CHECK_EQ(vms_mmap(mm, PG(0), 2 * TP, RW, ANON | VMS_MAP_POPULATE, -1,
			  0),
		 (int64_t)PG(0));
	CHECK_EQ(lockbits(mm, 0), LK | LF);
	CHECK_STR(tm_pic(mm, 3), "aa.");
	OK(vms_munlockall(mm));
	vms_mm_destroy(mm);

	mm = tm_new();
	tm_map(mm, 0, 2, R);
	OK(vms_mlock2(mm, PG(0), 2 * TP, VMS_MLOCK_ONFAULT));
	OK(vms_mprotect(mm, PG(0), 2 * TP, RW));
	tm_map(mm, 4, 2, R);
	OK(vms_mlock(mm, PG(4), 2 * TP));
	OK(vms_mprotect(mm, PG(4), 2 * TP, RW));
	CHECK_STR(tm_pic(mm, 7), "aa..BB.");
	LOCKED(mm, 4);
	VALID(mm);
	vms_mm_destroy(mm);
}

/*
 * [R4] [pm6] ref 3.5: a droppable mapping made under MCL_FUTURE is not
 * locked nor counted (the limit is still checked first: EAGAIN).
 */
TEST(mlockall_future_droppable)
{
	vms_mm *mm = tm_new();

	OK(vms_mlockall(mm, VMS_MCL_FUTURE));
	CHECK_EQ(map_droppable(mm, 0, 2), (int64_t)PG(0));
	CHECK_EQ(lockbits(mm, 0), 0);
	CHECK_STR(tm_pic(mm, 3), "AA.");	/* but populated, as asked */
	LOCKED(mm, 0);
	vms_mm_destroy(mm);
}

/* [R9, R10, R11] whole-area changes merge with both neighbours */
TEST(mlockall_merges)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 4, RW);
	OK(vms_mlock(mm, PG(1), TP));
	CHECK_STR(tm_pic(mm, 5), "aBcc.");
	OK(vms_munlockall(mm));
	CHECK_STR(tm_pic(mm, 5), "AAAA.");
	CHECK_EQ(tm_count(mm), 1);
	OK(vms_mlock(mm, PG(1), TP));
	OK(vms_mlockall(mm, VMS_MCL_CURRENT));
	CHECK_STR(tm_pic(mm, 5), "AAAA.");
	LOCKED(mm, 4);
	vms_mm_destroy(mm);

	mm = tm_new();
	tm_map(mm, 0, 4, RW);
	OK(vms_mlock2(mm, PG(1), TP, VMS_MLOCK_ONFAULT));
	OK(vms_mlockall(mm, VMS_MCL_CURRENT));
	CHECK_STR(tm_pic(mm, 5), "AAAA.");
	CHECK_EQ(lockbits(mm, 1), LK);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [p_unpriv] [U12 .. U16] RLIMIT_MEMLOCK 0 without CAP_IPC_LOCK */
TEST(unpriv_limit_zero)
{
	vms_mm *mm = unpriv(0);

	tm_map(mm, 0, 4, RW);
	CHECK_EQ(vms_mlock(mm, PG(0), TP), -EPERM);
	CHECK_EQ(vms_mlock(mm, PG(0), 0), -EPERM);
	CHECK_EQ(vms_mlock2(mm, PG(0), TP, VMS_MLOCK_ONFAULT), -EPERM);
	CHECK_EQ(vms_mlock2(mm, PG(0), TP, 2), -EINVAL); /* flags first */
	OK(vms_munlock(mm, PG(0), 4 * TP));
	CHECK_EQ(vms_mlockall(mm, VMS_MCL_CURRENT), -EPERM);
	CHECK_EQ(vms_mlockall(mm, VMS_MCL_FUTURE), -EPERM);
	CHECK_EQ(vms_mlockall(mm, 0), -EINVAL);
	CHECK_EQ(vms_mlockall(mm, VMS_MCL_ONFAULT), -EINVAL);
	OK(vms_munlockall(mm));
	CHECK_EQ(vms_mmap(mm, 0, TP, R,
			  VMS_MAP_PRIVATE | VMS_MAP_ANONYMOUS | VMS_MAP_LOCKED,
			  -1, 0),
		 -EPERM);
	CHECK_STR(tm_pic(mm, 5), "aaaa.");
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [p_unpriv] [U5 .. U11] the limit, net of pages already locked */
TEST(unpriv_limit)
{
	vms_mm *mm = unpriv(2);

	tm_map(mm, 0, 8, RW);
	OK(vms_mlock(mm, PG(0), 2 * TP));
	OK(vms_mlock(mm, PG(0), 2 * TP));	/* already locked: discounted */
	CHECK_EQ(vms_mlock(mm, PG(2), TP), -ENOMEM);
	CHECK_EQ(vms_mlock(mm, PG(0), 3 * TP), -ENOMEM);
	CHECK_STR(tm_pic(mm, 9), "AAbbbbbb.");
	LOCKED(mm, 2);
	CHECK_EQ(vms_mmap(mm, 0, TP, R,
			  VMS_MAP_PRIVATE | VMS_MAP_ANONYMOUS | VMS_MAP_LOCKED,
			  -1, 0),
		 -EAGAIN);
	set_limit(mm, 3);
	OK(vms_mlock(mm, PG(0), 3 * TP));
	CHECK_STR(tm_pic(mm, 9), "AAAbbbbb.");
	LOCKED(mm, 3);
	CHECK_EQ(vms_mlock(mm, PG(1), 3 * TP), -ENOMEM);
	CHECK_EQ(vms_mlock2(mm, PG(5), TP, VMS_MLOCK_ONFAULT), -ENOMEM);
	/* the limit is checked before the range: ENOMEM, not EINVAL */
	CHECK_EQ(vms_mlock(mm, PG(7), -TP), -ENOMEM);
	CHECK_EQ(vms_mlock(mm, PG(0), 100 * TP), -ENOMEM);
	LOCKED(mm, 3);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [U1 .. U4] locked_vm over the limit (locked, then the limit lowered) */
TEST(unpriv_over_limit)
{
	vms_mm *mm = unpriv(64);

	tm_map(mm, 0, 8, RW);
	OK(vms_mlock(mm, PG(0), 4 * TP));
	set_limit(mm, 2);
	CHECK_EQ(vms_mlock(mm, PG(0), 0), -ENOMEM);
	CHECK_EQ(vms_mlock(mm, PG(0), 4 * TP), -ENOMEM);
	CHECK_EQ(vms_mlock(mm, PG(0), 2 * TP), -ENOMEM);
	OK(vms_munlock(mm, PG(0), 8 * TP));
	LOCKED(mm, 0);
	CHECK_STR(tm_pic(mm, 9), "AAAAAAAA.");
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [U17 .. U19] [p_unpriv] mlockall against the limit */
TEST(unpriv_mlockall)
{
	vms_mm *mm = unpriv(2);

	tm_map(mm, 0, 4, RW);
	/* total_vm 4 > 2: fails before def_flags is touched */
	CHECK_EQ(vms_mlockall(mm, VMS_MCL_CURRENT | VMS_MCL_FUTURE), -ENOMEM);
	CHECK_EQ(vms_mlockall(mm, VMS_MCL_CURRENT | VMS_MCL_ONFAULT), -ENOMEM);
	tm_map(mm, 10, 1, RW);
	CHECK_EQ(lockbits(mm, 10), 0);
	OK(vms_mlockall(mm, VMS_MCL_FUTURE));
	CHECK_EQ(tm_map(mm, 12, 2, R), (int64_t)PG(12));
	LOCKED(mm, 2);
	CHECK_EQ(tm_map(mm, 14, 1, R), -EAGAIN);
	/* replacing locked pages is not netted out */
	CHECK_EQ(tm_map(mm, 12, 2, R), -EAGAIN);
	CHECK_EQ(tm_map(mm, 12, 1, R), -EAGAIN);
	CHECK_EQ(tm_map(mm, 16, 1, NONE), -EAGAIN);
	OK(vms_munlockall(mm));
	LOCKED(mm, 0);
	set_limit(mm, 1000);
	OK(vms_mlockall(mm, VMS_MCL_CURRENT));
	LOCKED(mm, 7);
	CHECK_STR(tm_pic(mm, 15), "AAAA......B.cc.");
	VALID(mm);
	vms_mm_destroy(mm);
}

/*
 * Allocation failure at each allocation of a middle mlock: the first
 * split fails (nothing changed), the second (first split kept), then the
 * anon_vma of the write population, which the kernel reports as EAGAIN
 * (its gup ENOMEM, converted) with the lock applied.
 */
TEST(mlock_failinj)
{
	static const char *pics[] = { "aaaa.", "abbb.", "abcc." };
	static const int errs[] = { -ENOMEM, -ENOMEM, -EAGAIN };

	for (long n = 1;; n++) {
		struct tm_failing f;
		struct vms_config cfg;
		vms_mm *mm;
		int r;

		vms_config_default(&cfg);
		tm_failing_allocator(&f, &cfg.allocator);
		mm = tm_new_cfg(&cfg);
		tm_map(mm, 0, 4, RW);
		f.countdown = n;
		r = vms_mlock(mm, PG(1), TP);
		f.countdown = 0;
		CHECK_EQ(tm_valid_structure(mm), 0);
		if (!f.failed) {
			OK(r);
			CHECK_EQ(n, 4);
			CHECK_STR(tm_pic(mm, 5), "aBcc.");
			LOCKED(mm, 1);
			vms_mm_destroy(mm);
			CHECK_EQ(f.live_bytes, 0);
			break;
		}
		CHECK_EQ(r, errs[n - 1]);
		CHECK_STR(tm_pic(mm, 5), pics[n - 1]);
		LOCKED(mm, n == 3 ? 1 : 0);
		vms_mm_destroy(mm);
		CHECK_EQ(f.live_bytes, 0);
		if (check_case_failed || n > 3)
			break;
	}
}

/* munlock and ONFAULT: splits only; mlockall: population errors ignored */
TEST(munlock_mlockall_failinj)
{
	for (int op = 0; op < 3; op++) {
		for (long n = 1;; n++) {
			struct tm_failing f;
			struct vms_config cfg;
			vms_mm *mm;
			int r;

			vms_config_default(&cfg);
			tm_failing_allocator(&f, &cfg.allocator);
			mm = tm_new_cfg(&cfg);
			tm_map(mm, 0, 4, RW);
			if (op == 0)
				vms_mlock2(mm, PG(0), 4 * TP,
					   VMS_MLOCK_ONFAULT);
			f.countdown = n;
			if (op == 0)
				r = vms_munlock(mm, PG(1), 2 * TP);
			else if (op == 1)
				r = vms_mlock2(mm, PG(1), 2 * TP,
					       VMS_MLOCK_ONFAULT);
			else
				r = vms_mlockall(mm, VMS_MCL_CURRENT);
			f.countdown = 0;
			CHECK_EQ(tm_valid_structure(mm), 0);
			CHECK_EQ(locked_pages(mm), locked_vm(mm));
			if (f.failed && op == 2) {
				/* mm_populate ignores the failure */
				OK(r);
				CHECK_STR(tm_pic(mm, 5), "aaaa.");
			} else if (f.failed) {
				CHECK_EQ(r, -ENOMEM);
				CHECK_STR(tm_pic(mm, 5),
					  n == 1 ? "aaaa." : "abbb.");
			} else {
				OK(r);
				CHECK_STR(tm_pic(mm, 5),
					  op == 2 ? "AAAA." : "abbc.");
			}
			vms_mm_destroy(mm);
			CHECK_EQ(f.live_bytes, 0);
			if (!f.failed || check_case_failed)
				break;
		}
	}
}

/*
 * Random sequences of every call that changes locks, with allocation
 * failure injected at each allocation of each call: the structure stays
 * valid, locked_vm stays the pages of the locked areas, nothing leaks.
 */
static uint64_t rnd_state;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static int64_t random_call(vms_mm *mm)
{
	unsigned pg = (unsigned)(rnd() % 24), n = 1 + (unsigned)(rnd() % 6);
	int prots[] = { NONE, R, RW };
	int prot = prots[rnd() % 3];

	switch (rnd() % 10) {
	case 0:
	case 1:
		return tm_map(mm, pg, n, prot);
	case 2:
		return vms_mprotect(mm, PG(pg), n * TP, prot);
	case 3:
		return vms_munmap(mm, PG(pg), n * TP);
	case 4:
		return vms_mlock(mm, PG(pg), n * TP);
	case 5:
		return vms_mlock2(mm, PG(pg), n * TP, VMS_MLOCK_ONFAULT);
	case 6:
		return vms_munlock(mm, PG(pg), n * TP);
	case 7:
		return vms_mlockall(mm, (int)(1 + rnd() % 7));
	case 8:
		return vms_munlockall(mm);
	default:
		return vms_fault(mm, PG(pg), VMS_FAULT_WRITE);
	}
}

TEST(random_lock_sequences_fail_everywhere)
{
	const unsigned ncalls = 40;
	unsigned failures = 0;

	for (uint64_t seed = 1; seed <= 6; seed++) {
		for (unsigned i = 0; i < ncalls; i++) {
			for (long n = 1;; n++) {
				struct tm_failing f;
				struct vms_config cfg;
				vms_mm *mm;
				int64_t r;

				vms_config_default(&cfg);
				tm_failing_allocator(&f, &cfg.allocator);
				mm = tm_new_cfg(&cfg);
				rnd_state = seed * 104729;
				for (unsigned j = 0; j < i; j++)
					random_call(mm);
				f.countdown = n;
				r = random_call(mm);
				f.countdown = 0;
				CHECK_EQ(tm_valid_structure(mm), 0);
				CHECK_EQ(locked_pages(mm), locked_vm(mm));
				/* population ignores a failure (mmap, mlockall)
				 * or reports it as EAGAIN (mlock) */
				if (f.failed) {
					failures++;
					CHECK(r == -ENOMEM || r == -EAGAIN ||
					      r >= 0);
				}
				for (unsigned j = i + 1; j < ncalls; j++)
					random_call(mm);
				CHECK_EQ(tm_valid_structure(mm), 0);
				CHECK_EQ(locked_pages(mm), locked_vm(mm));
				vms_mm_destroy(mm);
				CHECK_EQ(f.live_bytes, 0);
				if (!f.failed || check_case_failed)
					break;
			}
			if (check_case_failed)
				return;
		}
	}
	CHECK(failures > 50);
	printf("# %u injected failures\n", failures);
}

int main(void)
{
	RUN(mlock_rounds_range);
	RUN(mlock_length_wraps);
	RUN(mlock2_flags);
	RUN(mlock_prot_none);
	RUN(mlock_populate_stops_at_error);
	RUN(mlock_hole);
	RUN(mlock_merge_and_account);
	RUN(mlock_over_onfault);
	RUN(mlock_skips_droppable);
	RUN(mlock_populate_kinds);
	RUN(mprotect_locked);
	RUN(mlock_file_beyond_eof);
	RUN(mlock_split_at_max_map_count);
	RUN(mlockall_current);
	RUN(mlockall_future);
	RUN(mlockall_future_droppable);
	RUN(onfault_never_populated);
	RUN(mlockall_merges);
	RUN(unpriv_limit_zero);
	RUN(unpriv_limit);
	RUN(unpriv_over_limit);
	RUN(unpriv_mlockall);
	RUN(mlock_failinj);
	RUN(munlock_mlockall_failinj);
	RUN(random_lock_sequences_fail_everywhere);
	return CHECK_DONE();
}
