// SPDX-License-Identifier: MIT
/*
 * mremap, drawn as pictures of the test window (one character per page;
 * a, b, c... are areas in address order; upper case = has an anon_vma;
 * '.' = hole).  Every expectation was confirmed on the live 6.18.44
 * kernel: by the reference probes p_errno, p_misc, p_mremap, p_selfmerge,
 * p_overcommit, p_unpriv (re-run for this file), or by the throwaway
 * probes q1..q9 written for it (named in each test; they map the same
 * shapes at 0x100000000 and read /proc/self/maps, smaps VmFlags,
 * /proc/self/status VmLck and /proc/meminfo Committed_AS).  Tests marked
 * [S] check the order of vm_ops calls, which only kernel source shows.
 */
#include <string.h>

#include "check.h"
#include "model.h"

#define RW (VMS_PROT_READ | VMS_PROT_WRITE)
#define R VMS_PROT_READ
#define ANON (VMS_MAP_PRIVATE | VMS_MAP_ANONYMOUS)
#define MAY VMS_MREMAP_MAYMOVE
#define FIX (VMS_MREMAP_MAYMOVE | VMS_MREMAP_FIXED)
#define DU VMS_MREMAP_DONTUNMAP

#define OK(expr) CHECK_EQ((expr), 0)
#define VALID(mm) CHECK_EQ(tm_valid(mm), 0)
#define VALID_S(mm) CHECK_EQ(tm_valid_structure(mm), 0)

/* new_pg for a new_addr of 0 (the probes' NULL hint) */
#define NOADDR 0xffffffffu

/* mremap in pages of the window */
static int64_t mr(vms_mm *mm, unsigned pg, unsigned old_pages,
		  unsigned new_pages, int flags, unsigned new_pg)
{
	return vms_mremap(mm, PG(pg), (uint64_t)old_pages * TP,
			  (uint64_t)new_pages * TP, flags,
			  new_pg == NOADDR ? 0 : PG(new_pg));
}

static int64_t map_flags(vms_mm *mm, unsigned pg, unsigned n, int prot,
			 int extra)
{
	return vms_mmap(mm, PG(pg), (uint64_t)n * TP, prot,
			ANON | VMS_MAP_FIXED | extra, -1, 0);
}

static void fault(vms_mm *mm, unsigned pg)
{
	CHECK_EQ(vms_fault(mm, PG(pg), VMS_FAULT_WRITE), 0);
}

static uint64_t flags_at(vms_mm *mm, unsigned pg)
{
	return vms_area_flags(tm_at(mm, pg));
}

static struct vms_mm_stats stats(const vms_mm *mm)
{
	struct vms_mm_stats st;

	vms_mm_stats(mm, &st);
	return st;
}

/* pages of areas with VM_ACCOUNT: what committed must be when no quirk */
static uint64_t acct_pages(const vms_mm *mm)
{
	uint64_t n = 0;
	vms_area *a;

	vms_for_each_area(mm, a)
		if (vms_area_flags(a) & VMS_ACCOUNT)
			n += (vms_area_end(a) - vms_area_start(a)) / TP;
	return n;
}

/* p_errno "== mremap ==" and p_misc, re-run here; q1 G, C2 */
TEST(parameter_checks)
{
	vms_mm *mm = tm_new();
	uint64_t a = PG(0);

	tm_map(mm, 0, 4, RW);
	CHECK_EQ(vms_mremap(mm, a, TP, TP, 0x80, 0), -EINVAL);
	CHECK_EQ(vms_mremap(mm, a + 1, TP, TP, 0, 0), -EINVAL);
	CHECK_EQ(vms_mremap(mm, a, TP, 0, 0, 0), -EINVAL);
	CHECK_EQ(vms_mremap(mm, a, TP, UINT64_MAX, 0, 0), -EINVAL);
	CHECK_EQ(vms_mremap(mm, a, TP, 1ULL << 62, MAY, 0), -EINVAL);
	CHECK_EQ(vms_mremap(mm, a, TP, TP, VMS_MREMAP_FIXED, PG(64)),
		 -EINVAL);
	CHECK_EQ(vms_mremap(mm, a, TP, TP, FIX, PG(64) + 1), -EINVAL);
	CHECK_EQ(vms_mremap(mm, a, 2 * TP, 2 * TP, FIX, PG(1)), -EINVAL);
	CHECK_EQ(vms_mremap(mm, a, TP, 2 * TP, DU | MAY, 0), -EINVAL);
	CHECK_EQ(vms_mremap(mm, a, TP, TP, DU, 0), -EINVAL);
	CHECK_EQ(mr(mm, 100, 1, 1, 0, 0), -EFAULT);
	CHECK_EQ(mr(mm, 2, 4, 8, MAY, 0), -EFAULT);
	/* same size: a no-op, even when the range leaves the area */
	CHECK_EQ(mr(mm, 0, 2, 2, 0, 0), (int64_t)PG(0));
	CHECK_EQ(mr(mm, 2, 4, 4, 0, 0), (int64_t)PG(2));
	CHECK_EQ(mr(mm, 2, 4, 4, MAY, 0), (int64_t)PG(2));
	/* but not with DONTUNMAP, which moves (q1 G) */
	tm_map(mm, 4, 2, R);
	CHECK_EQ(mr(mm, 0, 6, 6, MAY | DU, NOADDR), -EFAULT);
	/* a hole at addr, even for a shrink (q1 C2) */
	CHECK_EQ(mr(mm, 7, 4, 2, 0, 0), -EFAULT);
	CHECK_STR(tm_pic(mm, 8), "aaaabb..");
	OK(vms_munmap(mm, PG(4), 2 * TP));
	tm_map(mm, 4, 1, VMS_PROT_NONE);
	CHECK_EQ(mr(mm, 0, 4, 8, 0, 0), -ENOMEM);
	/* old_len 0 duplicates only shared mappings */
	CHECK_EQ(mr(mm, 0, 0, 1, MAY, 0), -EINVAL);
	/* without FIXED/DONTUNMAP new_addr is ignored, even garbage (p_misc) */
	CHECK_EQ(vms_mremap(mm, a, 4 * TP, 2 * TP, 0, UINT64_MAX), (int64_t)a);
	CHECK_STR(tm_pic(mm, 6), "aa..b.");
	CHECK(vms_mremap(mm, a, 2 * TP, 8 * TP, MAY, (uint64_t)-4096) >
	      (int64_t)PG(1024));
	CHECK_STR(tm_pic(mm, 6), "....a.");
	VALID(mm);
	vms_mm_destroy(mm);
}

/* p_mremap [2]; q1 C (across areas); q3 (3-way split); q5 (committed) */
TEST(shrink_unmaps_the_tail)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 8, RW);
	CHECK_EQ(mr(mm, 0, 8, 2, 0, 0), (int64_t)PG(0));
	CHECK_STR(tm_pic(mm, 8), "aa......");
	CHECK_EQ(stats(mm).committed, 2);
	CHECK_EQ(stats(mm).total_vm, 2);
	/* the tail may span areas: a shrink checks no boundary */
	tm_map(mm, 0, 4, RW);
	tm_map(mm, 4, 4, R);
	CHECK_EQ(mr(mm, 0, 8, 2, 0, 0), (int64_t)PG(0));
	CHECK_STR(tm_pic(mm, 8), "aa......");
	/* from the middle of an area: split in three */
	tm_map(mm, 0, 4, RW);
	CHECK_EQ(mr(mm, 1, 2, 1, 0, 0), (int64_t)PG(1));
	CHECK_STR(tm_pic(mm, 4), "aa.b");
	CHECK_EQ(stats(mm).committed, acct_pages(mm));
	VALID(mm);
	vms_mm_destroy(mm);
}

/* p_mremap [1]; q2 U */
TEST(grow_in_place_merges_with_next)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 4, RW);
	map_flags(mm, 8, 4, RW, VMS_MAP_NORESERVE);	/* incompatible */
	CHECK_EQ(mr(mm, 0, 4, 8, 0, 0), (int64_t)PG(0));
	CHECK_STR(tm_pic(mm, 12), "aaaaaaaabbbb");
	CHECK_EQ(mr(mm, 0, 8, 4, 0, 0), (int64_t)PG(0));
	tm_map(mm, 8, 4, RW);				/* compatible */
	CHECK_EQ(mr(mm, 0, 4, 8, 0, 0), (int64_t)PG(0));
	CHECK_STR(tm_pic(mm, 12), "aaaaaaaaaaaa");
	CHECK_EQ(tm_count(mm), 1);
	CHECK_EQ(vms_area_pgoff(tm_at(mm, 0)), PG(0) / TP);
	CHECK_EQ(stats(mm).committed, 12);
	CHECK_EQ(stats(mm).total_vm, 12);
	CHECK_EQ(stats(mm).data_vm, 12);
	VALID(mm);
	vms_mm_destroy(mm);

	/* an unfaulted area grows into a faulted next: one area */
	mm = tm_new();
	tm_map(mm, 0, 2, RW);
	tm_map(mm, 4, 2, RW);
	fault(mm, 4);
	CHECK_EQ(mr(mm, 0, 2, 4, 0, 0), (int64_t)PG(0));
	CHECK_STR(tm_pic(mm, 8), "AAAAAA..");
	VALID(mm);
	vms_mm_destroy(mm);

	/* two separately faulted areas: different anon_vmas, no merge */
	mm = tm_new();
	tm_map(mm, 0, 2, RW);
	fault(mm, 0);
	tm_map(mm, 4, 2, RW);
	fault(mm, 4);
	CHECK_EQ(mr(mm, 0, 2, 4, 0, 0), (int64_t)PG(0));
	CHECK_STR(tm_pic(mm, 8), "AAAABB..");
	VALID(mm);
	vms_mm_destroy(mm);
}

/* q2 W, T2 (placement as mmap(NULL) would give) */
TEST(grow_that_must_move)
{
	vms_mm *mm = tm_new();
	int64_t want;

	tm_map(mm, 0, 8, RW);
	/* the range doesn't end the area: no growth in place */
	CHECK_EQ(mr(mm, 0, 4, 6, 0, 0), -ENOMEM);
	want = vms_get_unmapped_area(mm, NULL, 0, 6 * TP, 0, 0);
	CHECK_EQ(mr(mm, 0, 4, 6, MAY, 0), want);
	CHECK_STR(tm_pic(mm, 8), "....aaaa");
	/* an unfaulted anon area takes the pgoff of where it lands */
	CHECK_EQ(vms_area_pgoff(vms_find_vma(mm, (uint64_t)want)),
		 (uint64_t)want / TP);
	CHECK_EQ(stats(mm).committed, 10);
	CHECK_EQ(stats(mm).total_vm, 10);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* q2 T: a 2 MiB result is PMD-aligned, as mmap(NULL, 2 MiB) */
TEST(grow_move_gets_thp_placement)
{
	vms_mm *mm = tm_new();
	int64_t want, r;

	tm_map(mm, 0, 4, RW);
	map_flags(mm, 4, 1, RW, VMS_MAP_NORESERVE);
	want = vms_get_unmapped_area(mm, NULL, 0, 2ULL << 20, 0, 0);
	r = vms_mremap(mm, PG(0), 4 * TP, 2ULL << 20, MAY, 0);
	CHECK_EQ(r, want);
	CHECK_EQ(r & ((2LL << 20) - 1), 0);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* p_mremap [3], [4], [4b] */
TEST(move_pgoff_rules)
{
	vms_mm *mm = tm_new();

	/* unfaulted: pgoff reset at the destination, merges there */
	tm_map(mm, 0, 4, RW);
	tm_map(mm, 64, 4, RW);
	CHECK_EQ(mr(mm, 64, 4, 4, FIX, 4), (int64_t)PG(4));
	CHECK_STR(tm_pic(mm, 72), "aaaaaaaa................................"
				  "................................");
	CHECK_EQ(tm_count(mm), 1);
	VALID(mm);
	vms_mm_destroy(mm);

	/* faulted: keeps pgoff, so next to an unfaulted area stays apart */
	mm = tm_new();
	tm_map(mm, 0, 4, RW);
	tm_map(mm, 64, 4, RW);
	fault(mm, 64);
	CHECK_EQ(mr(mm, 64, 4, 4, FIX, 4), (int64_t)PG(4));
	CHECK_STR(tm_pic(mm, 8), "aaaaBBBB");
	CHECK_EQ(vms_area_pgoff(tm_at(mm, 4)), PG(64) / TP);
	/* moved back beside a new area at its old neighbour slot: merges */
	tm_map(mm, 68, 4, RW);
	CHECK_EQ(mr(mm, 4, 4, 4, FIX, 64), (int64_t)PG(64));
	CHECK(tm_at(mm, 64) == tm_at(mm, 71));
	CHECK_EQ(vms_area_start(tm_at(mm, 64)), PG(64));
	CHECK_EQ(vms_area_end(tm_at(mm, 64)), PG(72));
	CHECK_EQ(tm_count(mm), 2);
	CHECK_EQ(stats(mm).committed, acct_pages(mm));
	VALID(mm);
	vms_mm_destroy(mm);
}

/* p_mremap [6]; q2 M2 (VM_ACCOUNT on every piece); q5 (committed) */
TEST(partial_move_splits_source)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 8, RW);
	fault(mm, 0);
	CHECK_EQ(mr(mm, 2, 2, 2, FIX, 20), (int64_t)PG(20));
	CHECK_STR(tm_pic(mm, 24), "AA..BBBB............CC..");
	CHECK(flags_at(mm, 0) & VMS_ACCOUNT);
	CHECK(flags_at(mm, 4) & VMS_ACCOUNT);
	CHECK(flags_at(mm, 20) & VMS_ACCOUNT);
	CHECK_EQ(stats(mm).committed, 8);
	CHECK_EQ(stats(mm).total_vm, 8);
	CHECK(vms_area_anon(tm_at(mm, 20)) == vms_area_anon(tm_at(mm, 0)));
	VALID(mm);
	vms_mm_destroy(mm);
}

/* q2 M: an unfaulted area moved next to itself merges with itself */
TEST(move_next_to_itself)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 4, RW);
	CHECK_EQ(mr(mm, 0, 4, 4, FIX, 4), (int64_t)PG(4));
	CHECK_STR(tm_pic(mm, 10), "....aaaa..");
	CHECK(flags_at(mm, 4) & VMS_ACCOUNT);
	CHECK_EQ(vms_area_pgoff(tm_at(mm, 4)), PG(4) / TP);
	CHECK_EQ(stats(mm).committed, 4);
	/* and downwards, the source being the next area */
	CHECK_EQ(mr(mm, 4, 4, 4, FIX, 0), (int64_t)PG(0));
	CHECK_STR(tm_pic(mm, 10), "aaaa......");
	CHECK_EQ(stats(mm).committed, 4);
	CHECK_EQ(tm_count(mm), 1);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* q1 A (locked, accounted), A3 (committed), q6 X (anon_vma dropped) */
TEST(dontunmap_whole_area)
{
	vms_mm *mm = tm_new();
	struct vms_mm_stats st;

	map_flags(mm, 0, 4, RW, VMS_MAP_LOCKED);	/* populated: faulted */
	CHECK_EQ(stats(mm).locked_vm, 4);
	CHECK_EQ(mr(mm, 0, 4, 4, FIX | DU, 10), (int64_t)PG(10));
	/* the source stays, emptied: no lock, no anon_vma, still charged */
	CHECK_STR(tm_pic(mm, 16), "aaaa......BBBB..");
	CHECK_EQ(flags_at(mm, 0) & VMS_LOCKED_MASK, 0);
	CHECK(flags_at(mm, 0) & VMS_ACCOUNT);
	CHECK(flags_at(mm, 10) & VMS_LOCKED);
	st = stats(mm);
	CHECK_EQ(st.locked_vm, 8);
	CHECK_EQ(st.committed, 8);
	CHECK_EQ(st.total_vm, 8);
	/* without an anon_vma, RW -> R drops VM_ACCOUNT (q6 X) */
	OK(vms_mprotect(mm, PG(0), 4 * TP, R));
	CHECK_EQ(flags_at(mm, 0) & VMS_ACCOUNT, 0);
	OK(vms_mprotect(mm, PG(10), 4 * TP, R));
	CHECK(flags_at(mm, 10) & VMS_ACCOUNT);
	/* locked_vm keeps the source's pages: they are never given back */
	OK(vms_munmap(mm, PG(0), 4 * TP));
	CHECK_EQ(stats(mm).locked_vm, 8);
	OK(vms_munmap(mm, PG(10), 4 * TP));
	CHECK_EQ(stats(mm).locked_vm, 4);
	CHECK_EQ(stats(mm).committed, 0);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* q1 A2, q6 X2; q2 T3 (new_addr a hint without FIXED) */
TEST(dontunmap_part_of_an_area)
{
	vms_mm *mm = tm_new();

	map_flags(mm, 0, 8, RW, VMS_MAP_LOCKED);
	CHECK_EQ(mr(mm, 2, 2, 2, FIX | DU, 10), (int64_t)PG(10));
	/* no split; the whole source loses VM_LOCKED, keeps its anon_vma */
	CHECK_STR(tm_pic(mm, 12), "AAAAAAAA..BB");
	CHECK_EQ(flags_at(mm, 7) & VMS_LOCKED, 0);
	CHECK_EQ(stats(mm).locked_vm, 10);
	OK(vms_mprotect(mm, PG(0), 8 * TP, R));
	CHECK(flags_at(mm, 0) & VMS_ACCOUNT);
	VALID_S(mm);
	vms_mm_destroy(mm);

	mm = tm_new();
	tm_map(mm, 0, 4, RW);
	CHECK_EQ(mr(mm, 0, 4, 4, MAY | DU, 40), (int64_t)PG(40));
	/* the hint is taken; a hint not free is not */
	CHECK(mr(mm, 0, 4, 4, MAY | DU, 41) > (int64_t)PG(1024));
	CHECK_STR(tm_pic(mm, 46), "aaaa...................................."
				  "bbbb..");
	CHECK_EQ(stats(mm).committed, 12);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* the selftests' mremap scenarios, reference 11.2 items 9-14 (p_selfmerge) */
static void mv(vms_mm *mm, unsigned from, unsigned n, unsigned to)
{
	CHECK_EQ(mr(mm, from, n, n, FIX, to), (int64_t)PG(to));
}

TEST(selftest_mremap_unfaulted)
{
	vms_mm *mm = tm_new();

	/* 9. unfaulted moved right after a faulted one: merge */
	tm_map(mm, 1, 5, RW);
	tm_map(mm, 7, 5, RW);
	mv(mm, 7, 5, 1007);
	fault(mm, 1);
	mv(mm, 1007, 5, 6);
	CHECK_STR(tm_pic(mm, 12), ".AAAAAAAAAA.");
	VALID(mm);
	vms_mm_destroy(mm);

	/* 10. unfaulted moved right before a faulted one: merge */
	mm = tm_new();
	tm_map(mm, 6, 5, RW);
	tm_map(mm, 14, 5, RW);
	mv(mm, 14, 5, 1014);
	fault(mm, 6);
	mv(mm, 1014, 5, 1);
	CHECK_STR(tm_pic(mm, 12), ".AAAAAAAAAA.");
	VALID(mm);
	vms_mm_destroy(mm);

	/* 11. between two faulted with different anon_vmas: first two */
	mm = tm_new();
	tm_map(mm, 1, 5, RW);
	tm_map(mm, 7, 5, RW);
	tm_map(mm, 14, 5, RW);
	mv(mm, 14, 5, 2014);
	mv(mm, 7, 5, 1007);
	fault(mm, 1);
	fault(mm, 2014);
	mv(mm, 2014, 5, 11);
	mv(mm, 1007, 5, 6);
	CHECK_STR(tm_pic(mm, 17), ".AAAAAAAAAABBBBB.");
	VALID(mm);
	vms_mm_destroy(mm);

	/* 12. faulted | unfaulted | unfaulted: all three */
	mm = tm_new();
	tm_map(mm, 1, 5, RW);
	tm_map(mm, 7, 5, RW);
	tm_map(mm, 14, 5, RW);
	mv(mm, 14, 5, 2014);
	mv(mm, 7, 5, 1007);
	fault(mm, 1);
	mv(mm, 2014, 5, 11);
	mv(mm, 1007, 5, 6);
	CHECK_STR(tm_pic(mm, 17), ".AAAAAAAAAAAAAAA.");
	VALID(mm);
	vms_mm_destroy(mm);

	/* 13. into the hole of a faulted area, where it fits: all merge */
	mm = tm_new();
	tm_map(mm, 1, 15, RW);
	fault(mm, 1);
	OK(vms_munmap(mm, PG(6), 5 * TP));
	tm_map(mm, 20, 5, RW);
	mv(mm, 20, 5, 6);
	CHECK_STR(tm_pic(mm, 17), ".AAAAAAAAAAAAAAA.");
	VALID(mm);
	vms_mm_destroy(mm);
}

TEST(selftest_mremap_correct_placed_faulted)
{
	vms_mm *mm = tm_new();

	/* 14. pieces of one faulted area moved away and back re-merge */
	tm_map(mm, 1, 15, RW);
	fault(mm, 1);
	mv(mm, 11, 5, 2011);
	mv(mm, 6, 5, 1006);
	CHECK_STR(tm_pic(mm, 17), ".AAAAA...........");
	mv(mm, 1006, 5, 6);
	CHECK_STR(tm_pic(mm, 17), ".AAAAAAAAAA......");
	mv(mm, 1, 5, 1001);
	CHECK_STR(tm_pic(mm, 17), "......AAAAA......");
	mv(mm, 1001, 5, 1);
	CHECK_STR(tm_pic(mm, 17), ".AAAAAAAAAA......");
	CHECK_EQ(tm_count(mm), 2);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* 15-18: a faulted area moved with DONTUNMAP beside unfaulted ones */
TEST(selftest_mremap_dontunmap)
{
	vms_mm *mm = tm_new();

	/* 15. to an unfaulted prev */
	tm_map(mm, 4, 3, RW);
	fault(mm, 4);
	mv(mm, 4, 3, 20);
	tm_map(mm, 1, 3, RW);
	CHECK_EQ(mr(mm, 20, 3, 3, FIX | DU, 4), (int64_t)PG(4));
	CHECK_STR(tm_pic(mm, 24), ".AAAAAA.............bbb.");
	VALID(mm);
	vms_mm_destroy(mm);

	/* 16. to an unfaulted next */
	mm = tm_new();
	tm_map(mm, 1, 3, RW);
	fault(mm, 1);
	mv(mm, 1, 3, 20);
	tm_map(mm, 4, 3, RW);
	CHECK_EQ(mr(mm, 20, 3, 3, FIX | DU, 1), (int64_t)PG(1));
	CHECK_STR(tm_pic(mm, 24), ".AAAAAA.............bbb.");
	VALID(mm);
	vms_mm_destroy(mm);

	/* 17. between unfaulted prev and next: three-way */
	mm = tm_new();
	tm_map(mm, 4, 3, RW);
	fault(mm, 4);
	mv(mm, 4, 3, 20);
	tm_map(mm, 1, 3, RW);
	tm_map(mm, 7, 3, RW);
	CHECK_EQ(mr(mm, 20, 3, 3, FIX | DU, 4), (int64_t)PG(4));
	CHECK_STR(tm_pic(mm, 24), ".AAAAAAAAA..........bbb.");
	VALID(mm);
	vms_mm_destroy(mm);

	/* 18. unfaulted prev, faulted next (its own other half): three-way */
	mm = tm_new();
	tm_map(mm, 4, 6, RW);
	fault(mm, 4);
	mv(mm, 4, 3, 20);
	tm_map(mm, 1, 3, RW);
	CHECK_EQ(mr(mm, 20, 3, 3, FIX | DU, 4), (int64_t)PG(4));
	CHECK_STR(tm_pic(mm, 24), ".AAAAAAAAA..........bbb.");
	VALID(mm);
	vms_mm_destroy(mm);
}

/* p_mremap [7]; q1 D, D2, D3, D4, D5 */
TEST(multi_area_move)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 2, RW);
	tm_map(mm, 2, 2, R);
	tm_map(mm, 6, 2, RW);
	/* without FIXED, same size: the no-op */
	CHECK_EQ(mr(mm, 0, 4, 4, MAY, 0), (int64_t)PG(0));
	/* resizing a multi-area range */
	CHECK_EQ(mr(mm, 0, 4, 8, FIX, 64), -EFAULT);
	CHECK_EQ(mr(mm, 0, 8, 8, FIX, 64), (int64_t)PG(64));
	CHECK_STR(tm_pic(mm, 72), "................................"
				  "................................"
				  "aabb..cc");
	CHECK_EQ(stats(mm).committed, acct_pages(mm));
	VALID(mm);
	vms_mm_destroy(mm);

	/* one area and a trailing gap */
	mm = tm_new();
	tm_map(mm, 0, 2, RW);
	CHECK_EQ(mr(mm, 0, 8, 8, FIX, 10), (int64_t)PG(10));
	CHECK_STR(tm_pic(mm, 20), "..........aa........");
	VALID(mm);
	vms_mm_destroy(mm);

	/* the destination's gaps keep what they held */
	mm = tm_new();
	tm_map(mm, 0, 2, RW);
	tm_map(mm, 4, 2, R);
	tm_map(mm, 10, 8, VMS_PROT_EXEC);
	CHECK_EQ(mr(mm, 0, 6, 6, FIX, 10), (int64_t)PG(10));
	CHECK_STR(tm_pic(mm, 20), "..........aabbccdd..");
	CHECK_EQ(vms_area_prot(tm_at(mm, 12)), VMS_PROT_EXEC);
	CHECK_EQ(vms_area_prot(tm_at(mm, 14)), R);
	/* a leading gap */
	CHECK_EQ(mr(mm, 8, 8, 8, FIX, 30), -EFAULT);
	CHECK_STR(tm_pic(mm, 20), "..........aabbccdd..");
	VALID(mm);
	vms_mm_destroy(mm);

	/* with DONTUNMAP: only with FIXED (else the range must be one) */
	mm = tm_new();
	tm_map(mm, 0, 2, RW);
	tm_map(mm, 2, 2, R);
	CHECK_EQ(mr(mm, 0, 4, 4, MAY | DU, 10), -EFAULT);
	CHECK_EQ(mr(mm, 0, 4, 4, FIX | DU, 10), (int64_t)PG(10));
	CHECK_STR(tm_pic(mm, 20), "aabb......ccdd......");
	VALID(mm);
	vms_mm_destroy(mm);
}

/* q1 E, E2 */
TEST(old_len_zero_duplicates_shared)
{
	vms_mm *mm = tm_new();

	vms_mmap(mm, PG(0), 4 * TP, RW,
		 VMS_MAP_SHARED | VMS_MAP_ANONYMOUS | VMS_MAP_FIXED, -1, 0);
	CHECK_EQ(mr(mm, 1, 0, 2, FIX, 10), (int64_t)PG(10));
	CHECK_STR(tm_pic(mm, 12), "aaaa......bb");
	CHECK(vms_area_file(tm_at(mm, 10)) == vms_area_file(tm_at(mm, 0)));
	CHECK_EQ(vms_area_pgoff(tm_at(mm, 10)), 1);
	/* next to the original: pgoff 0 after pgoff 0..3, no merge */
	CHECK_EQ(mr(mm, 0, 0, 2, FIX, 4), (int64_t)PG(4));
	CHECK_STR(tm_pic(mm, 12), "aaaabb....cc");
	CHECK_EQ(mr(mm, 0, 0, 2, 0, 0), -ENOMEM);
	CHECK(mr(mm, 0, 0, 2, MAY, 0) > (int64_t)PG(1024));
	CHECK_EQ(tm_count(mm), 4);
	CHECK_EQ(stats(mm).total_vm, 10);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* q2 V and p_mremap [8]: the [vdso] of a loaded snapshot */
TEST(special_mapping_moves_only_whole)
{
	static const char maps[] =
		"7ffff7fc1000-7ffff7fc3000 r-xp 00000000 00:00 0"
		"                          [vdso]\n";
	uint64_t v = 0x7ffff7fc1000ULL;
	vms_mm *mm = tm_new();
	vms_area *a;

	OK(vms_load_maps(mm, maps, strlen(maps), NULL));
	CHECK_EQ(vms_mremap(mm, v, TP, TP, FIX, PG(10)), -EINVAL);
	CHECK_EQ(vms_mremap(mm, v, 2 * TP, 2 * TP, 0, 0), (int64_t)v);
	CHECK_EQ(vms_mremap(mm, v, 2 * TP, TP, 0, 0), -EINVAL);
	CHECK_EQ(vms_mremap(mm, v, 2 * TP, 3 * TP, MAY, 0), -EFAULT);
	CHECK_EQ(vms_mremap(mm, v, 2 * TP, 2 * TP, MAY | DU, 0), -EINVAL);
	CHECK_EQ(vms_mremap(mm, v, 2 * TP, 2 * TP, FIX, PG(10)),
		 (int64_t)PG(10));
	CHECK_STR(tm_pic(mm, 14), "..........aa..");
	a = tm_at(mm, 10);
	CHECK_STR(vms_area_special_name(a), "[vdso]");
	CHECK_EQ(vms_area_flags(a) & ~(VMS_READ | VMS_EXEC), VMS_MAYREAD |
		 VMS_MAYWRITE | VMS_MAYEXEC | VMS_DONTEXPAND);
	CHECK(vms_find_vma(mm, v) == NULL);
	CHECK_EQ(tm_count(mm), 1);
	VALID_S(mm);
	vms_mm_destroy(mm);
}

/* q10: [vvar] (VM_PFNMAP|VM_IO|VM_DONTEXPAND) can't grow, split or stay */
TEST(pfnmap_refuses)
{
	static const char maps[] =
		"7ffff7fbd000-7ffff7fc1000 r--p 00000000 00:00 0"
		"                          [vvar]\n";
	struct vms_area_desc d = {
		.start = PG(0), .end = PG(2),
		.flags = VMS_READ | VMS_MAYREAD | VMS_PFNMAP,
	};
	uint64_t v = 0x7ffff7fbd000ULL;
	vms_mm *mm = tm_new();

	OK(vms_load_maps(mm, maps, strlen(maps), NULL));
	CHECK_EQ(vms_mremap(mm, v, 4 * TP, 5 * TP, MAY, 0), -EFAULT);
	CHECK_EQ(vms_mremap(mm, v, 4 * TP, 4 * TP, MAY | DU, 0), -EINVAL);
	CHECK_EQ(vms_mremap(mm, v, 4 * TP, TP, 0, 0), -EINVAL);
	/* [S] VM_PFNMAP alone refuses the same way */
	OK(vms_insert_area(mm, &d, NULL));
	CHECK_EQ(mr(mm, 0, 2, 3, MAY, 0), -EFAULT);
	CHECK_EQ(mr(mm, 0, 2, 2, MAY | DU, NOADDR), -EINVAL);
	CHECK_EQ(tm_count(mm), 2);
	VALID_S(mm);
	vms_mm_destroy(mm);
}

/* q2 S (an mseal'ed area: every mremap refuses, as a sealed target) */
TEST(sealed_areas_refuse)
{
	struct vms_area_desc d = {
		.start = PG(0), .end = PG(4),
		.flags = VMS_READ | VMS_WRITE | VMS_MAYREAD | VMS_MAYWRITE |
			 VMS_MAYEXEC | VMS_ACCOUNT | VMS_SEALED,
		.pgoff = PG(0) / TP,
	};
	vms_mm *mm = tm_new();

	OK(vms_insert_area(mm, &d, NULL));
	CHECK_EQ(mr(mm, 0, 4, 4, 0, 0), -EPERM);
	CHECK_EQ(mr(mm, 0, 4, 2, 0, 0), -EPERM);
	CHECK_EQ(mr(mm, 0, 4, 8, MAY, 0), -EPERM);
	CHECK_EQ(mr(mm, 0, 2, 2, FIX, 10), -EPERM);
	tm_map(mm, 20, 4, RW);
	CHECK_EQ(mr(mm, 20, 2, 2, FIX, 1), -EPERM);
	CHECK_STR(tm_pic(mm, 30), "aaaa................bbbb......");
	tm_map(mm, 5, 1, RW);
	CHECK_EQ(mr(mm, 20, 4, 4, FIX, 2), -EPERM);
	CHECK_STR(tm_pic(mm, 30), "aaaa.b..............cccc......");
	VALID(mm);
	vms_mm_destroy(mm);
}

/*
 * q3: the 6.18 map_count thresholds, found on the live kernel at
 * max_map_count 65530 and applied here to max 40.  Setup as q3: the
 * area [0,4) and a PROT_NONE blocker at 4, then one-page fillers.
 */
#define MAXMAP 40

static vms_mm *at_count(unsigned target)
{
	struct vms_config cfg;
	vms_mm *mm;
	unsigned i = 0;

	vms_config_default(&cfg);
	cfg.max_map_count = MAXMAP;
	mm = tm_new_cfg(&cfg);
	tm_map(mm, 0, 4, RW);
	tm_map(mm, 4, 1, VMS_PROT_NONE);
	while (tm_count(mm) < target) {
		CHECK(tm_map(mm, 200 + 2 * i, 1, R) >= 0);
		i++;
	}
	return mm;
}

struct count_case {
	unsigned below;		/* map_count = MAXMAP - below (may be -1) */
	int flags;
	unsigned pg, old_pages, new_pages, new_pg;
	int64_t want;		/* -errno, or 1 for success */
};

static const struct count_case count_cases[] = {
	/* FIXED/DONTUNMAP: map_count + 2 < max - 3 */
	{ 6, FIX, 0, 4, 4, 32, 1 },
	{ 5, FIX, 0, 4, 4, 32, -ENOMEM },
	{ 4, FIX, 0, 4, 4, 32, -ENOMEM },
	{ 6, MAY | DU, 0, 4, 4, NOADDR, 1 },
	{ 5, MAY | DU, 0, 4, 4, NOADDR, -ENOMEM },
	/* any move: map_count < max - 3 */
	{ 4, MAY, 0, 4, 8, 0, 1 },
	{ 3, MAY, 0, 4, 8, 0, -ENOMEM },
	{ 4, MAY, 1, 2, 3, 0, 1 },	/* from the middle: 3-way */
	/* the count check precedes the area lookup, not the overlap */
	{ 5, FIX, 20, 4, 4, 32, -ENOMEM },
	{ 5, FIX, 0, 4, 4, 2, -EINVAL },
	{ 5, MAY | DU, 20, 4, 8, NOADDR, -EINVAL },
	{ 4, MAY, 20, 4, 8, 0, -EFAULT },
	/* shrink: only munmap's 3-way split rule */
	{ 0, 0, 1, 2, 1, 0, -ENOMEM },
	{ 1, 0, 1, 2, 1, 0, 1 },
	{ 0, 0, 0, 4, 1, 0, 1 },
	{ 0, MAY, 0, 4, 4, 0, 1 },
	{ (unsigned)-1, MAY, 0, 4, 4, 0, 1 },
	{ 4, FIX, 1, 2, 1, 32, -ENOMEM },
	{ 6, FIX, 1, 2, 1, 32, 1 },
};

TEST(map_count_thresholds)
{
	for (size_t i = 0; i < sizeof(count_cases) / sizeof(count_cases[0]);
	     i++) {
		const struct count_case *c = &count_cases[i];
		vms_mm *mm = at_count(MAXMAP - c->below);
		unsigned before = tm_count(mm);
		int64_t r;

		CHECK_EQ(before, MAXMAP - c->below);
		r = mr(mm, c->pg, c->old_pages, c->new_pages, c->flags,
		       c->new_pg);
		if (c->want == 1)
			CHECK(r >= 0);
		else
			CHECK_EQ(r, c->want);
		if (c->want != 1)
			CHECK_EQ(tm_count(mm), before);
		VALID(mm);
		vms_mm_destroy(mm);
		if (check_case_failed) {
			printf("# case %zu\n", i);
			return;
		}
	}

	/* growth in place needs no room at all */
	vms_mm *mm = at_count(MAXMAP);
	OK(vms_munmap(mm, PG(4), TP));
	tm_map(mm, 300, 1, R);
	CHECK_EQ(tm_count(mm), MAXMAP);
	CHECK_EQ(mr(mm, 0, 4, 8, 0, 0), (int64_t)PG(0));
	VALID(mm);
	vms_mm_destroy(mm);
}

/* q4 AS and DATA (rlimits as root) */
TEST(rlimit_as_and_data)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 4, RW);
	OK(vms_mm_set_rlimit(mm, VMS_RLIMIT_AS, (stats(mm).total_vm + 4) * TP));
	CHECK_EQ(mr(mm, 0, 4, 9, 0, 0), -ENOMEM);
	CHECK_EQ(mr(mm, 0, 4, 8, 0, 0), (int64_t)PG(0));
	CHECK_EQ(mr(mm, 0, 8, 2, 0, 0), (int64_t)PG(0));
	/* DONTUNMAP maps old_len more */
	CHECK_EQ(mr(mm, 0, 2, 2, FIX | DU, 20), (int64_t)PG(20));
	CHECK_EQ(mr(mm, 20, 2, 2, FIX | DU, 30), (int64_t)PG(30));
	OK(vms_mm_set_rlimit(mm, VMS_RLIMIT_AS, VMS_RLIM_INFINITY));
	map_flags(mm, 40, 8, R, VMS_MAP_NORESERVE);
	OK(vms_mm_set_rlimit(mm, VMS_RLIMIT_AS, (stats(mm).total_vm + 4) * TP));
	CHECK_EQ(mr(mm, 40, 8, 8, FIX | DU, 60), -ENOMEM);
	/* a move that doesn't grow needs no room */
	CHECK_EQ(mr(mm, 40, 8, 8, FIX, 60), (int64_t)PG(60));
	/* the check is before the destination is unmapped, and counts it */
	OK(vms_mm_set_rlimit(mm, VMS_RLIMIT_AS, VMS_RLIM_INFINITY));
	tm_map(mm, 80, 4, R);
	OK(vms_mm_set_rlimit(mm, VMS_RLIMIT_AS, stats(mm).total_vm * TP));
	CHECK_EQ(mr(mm, 60, 4, 5, FIX, 80), -ENOMEM);
	CHECK_STR(tm_pic(mm, 90), "aa..................bb........cc"
				  "............................dddddddd"
				  "............eeee......");
	VALID(mm);
	vms_mm_destroy(mm);

	mm = tm_new();
	tm_map(mm, 0, 4, RW);
	tm_map(mm, 10, 4, R);
	OK(vms_mm_set_rlimit(mm, VMS_RLIMIT_DATA,
			     (stats(mm).data_vm + 4) * TP));
	CHECK_EQ(mr(mm, 0, 4, 9, 0, 0), -ENOMEM);
	CHECK_EQ(mr(mm, 0, 4, 8, 0, 0), (int64_t)PG(0));
	/* not data: no data limit */
	CHECK_EQ(mr(mm, 10, 4, 12, 0, 0), (int64_t)PG(10));
	VALID(mm);
	vms_mm_destroy(mm);
}

/* q4 LOCK and p_unpriv (no CAP_IPC_LOCK, RLIMIT_MEMLOCK 4 pages) */
TEST(mlock_limit)
{
	struct vms_config cfg;
	vms_mm *mm;

	vms_config_default(&cfg);
	cfg.cap_ipc_lock = false;
	cfg.rlimit[VMS_RLIMIT_MEMLOCK] = 4 * TP;
	mm = tm_new_cfg(&cfg);
	CHECK_EQ(map_flags(mm, 0, 2, RW, VMS_MAP_LOCKED), (int64_t)PG(0));
	CHECK_EQ(mr(mm, 0, 2, 5, 0, 0), -EAGAIN);
	CHECK_EQ(mr(mm, 0, 2, 4, 0, 0), (int64_t)PG(0));
	CHECK_EQ(stats(mm).locked_vm, 4);
	CHECK_STR(tm_pic(mm, 6), "AAAA..");
	/* the lock check comes before RLIMIT_AS */
	OK(vms_mm_set_rlimit(mm, VMS_RLIMIT_AS, stats(mm).total_vm * TP));
	CHECK_EQ(mr(mm, 0, 4, 6, 0, 0), -EAGAIN);
	OK(vms_mm_set_rlimit(mm, VMS_RLIMIT_AS, VMS_RLIM_INFINITY));
	CHECK_EQ(mr(mm, 0, 4, 4, FIX, 20), (int64_t)PG(20));
	CHECK_EQ(stats(mm).locked_vm, 4);
	/* DONTUNMAP doesn't grow the area: no lock check, locked_vm grows */
	CHECK_EQ(mr(mm, 20, 4, 4, FIX | DU, 30), (int64_t)PG(30));
	CHECK_EQ(stats(mm).locked_vm, 8);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* q5 (Committed_AS on the live kernel) and p_overcommit */
TEST(commit_accounting)
{
	vms_mm *mm = tm_new();
	vms_area *a;

	tm_map(mm, 0, 64, RW);
	CHECK_EQ(stats(mm).committed, 64);
	/* a FIXED shrink-move charges the delta again: the kernel's leak */
	CHECK_EQ(mr(mm, 0, 64, 32, FIX, 512), (int64_t)PG(512));
	CHECK_EQ(stats(mm).committed, 64);
	OK(vms_munmap(mm, PG(512), 32 * TP));
	CHECK_EQ(stats(mm).committed, 32);
	/* a grow that moves charges the delta */
	tm_map(mm, 0, 32, RW);
	tm_map(mm, 32, 1, R);
	CHECK_EQ(stats(mm).committed, 64);
	CHECK(mr(mm, 0, 32, 64, MAY, 0) > (int64_t)PG(1024));
	CHECK_EQ(stats(mm).committed, 96);
	a = vms_last_area(mm);
	OK(vms_munmap(mm, vms_area_start(a), 64 * TP));
	CHECK_EQ(stats(mm).committed, 32);
	/* in place: shrink gives back, a partial move is even */
	tm_map(mm, 100, 64, RW);
	CHECK_EQ(mr(mm, 100, 64, 32, 0, 0), (int64_t)PG(100));
	CHECK_EQ(stats(mm).committed, 64);
	CHECK_EQ(mr(mm, 108, 4, 4, FIX, 512), (int64_t)PG(512));
	CHECK_EQ(stats(mm).committed, 64);
	CHECK_EQ(stats(mm).total_vm, 33);
	VALID(mm);
	vms_mm_destroy(mm);

	/* overcommit (heuristic): a delta beyond RAM + swap fails */
	mm = tm_new();
	CHECK_EQ(vms_mmap(mm, 0, 16ULL << 30, RW, ANON, -1, 0) > 0, 1);
	a = vms_first_area(mm);
	CHECK_EQ(vms_mremap(mm, vms_area_start(a), 16ULL << 30, 120ULL << 30,
			    MAY, 0), -ENOMEM);
	CHECK_EQ(stats(mm).committed, (16ULL << 30) / TP);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* q8, q9: hugetlb lengths are huge pages; no growth; new_addr checked */
TEST(hugetlb)
{
	struct vms_file_desc d = {
		.path = "/dev/hugepages/x", .inode = 7, .size = 8ULL << 20,
		.kind = VMS_FILE_HUGETLB, .readable = true, .writable = true,
	};
	uint64_t h = PG(0), m2 = 2ULL << 20;
	vms_mm *mm = tm_new();
	vms_file *f;

	OK(vms_file_create(mm, &d, &f));
	OK(vms_fd_install(mm, 3, f));
	vms_file_put(f);
	CHECK_EQ(vms_mmap(mm, h, 2 * m2, RW, VMS_MAP_SHARED | VMS_MAP_FIXED,
			  3, 0), (int64_t)h);
	CHECK_EQ(vms_mremap(mm, h, 2 * m2, 3 * m2, MAY, 0), -EINVAL);
	CHECK_EQ(vms_mremap(mm, h, 2 * m2, 2 * m2 + TP, MAY, 0), -EINVAL);
	CHECK_EQ(vms_mremap(mm, h, 2 * m2, 2 * m2, FIX, PG(1)), -EINVAL);
	CHECK_EQ(vms_mremap(mm, h + TP, TP, TP, FIX, PG(1024)), -EINVAL);
	/* new_addr must be aligned even where it is unused */
	CHECK_EQ(vms_mremap(mm, h, 2 * m2, m2, 0, TP), -EINVAL);
	CHECK_EQ(vms_mremap(mm, h, TP, 3 * TP, 0, 0), (int64_t)h);
	CHECK_EQ(vms_mremap(mm, h, 2 * m2, m2 - TP, 0, 0), (int64_t)h);
	CHECK_EQ(vms_area_end(tm_at(mm, 0)), h + m2);
	CHECK_EQ(vms_mremap(mm, h, m2, m2, FIX, h + 2 * m2),
		 (int64_t)(h + 2 * m2));
	VALID(mm);
	vms_mm_destroy(mm);
}

/* ---- vm_ops hooks [S]: copy_vma opens, move_vma calls mremap ---- */

static char logbuf[1024];
static int mremap_err;

static void logf_(const char *what, const vms_area *a)
{
	size_t n = strlen(logbuf);

	snprintf(logbuf + n, sizeof(logbuf) - n, "%s(%llu-%llu) ", what,
		 (unsigned long long)((vms_area_start(a) - TW) / TP),
		 (unsigned long long)((vms_area_end(a) - TW) / TP));
}

static void rec_open(vms_area *a)
{
	logf_("open", a);
}

static void rec_close(vms_area *a)
{
	logf_("close", a);
}

static int rec_mremap(vms_area *a)
{
	logf_("mremap", a);
	return mremap_err;
}

static int rec_populate(vms_area *a, uint64_t start, uint64_t end, bool w)
{
	size_t n = strlen(logbuf);

	snprintf(logbuf + n, sizeof(logbuf) - n, "populate(%llu-%llu) ",
		 (unsigned long long)((start - TW) / TP),
		 (unsigned long long)((end - TW) / TP));
	return 0;
}

static const struct vms_vm_ops rec_ops = {
	.open = rec_open, .close = rec_close, .mremap = rec_mremap,
	.populate = rec_populate,
};

static vms_mm *hooked(uint64_t extra)
{
	struct vms_area_desc d = {
		.start = PG(0), .end = PG(4),
		.flags = VMS_READ | VMS_WRITE | VMS_MAYREAD | VMS_MAYWRITE |
			 VMS_MAYEXEC | VMS_ACCOUNT | extra,
		.ops = &rec_ops,
	};
	vms_mm *mm = tm_new();

	CHECK_EQ(vms_insert_area(mm, &d, NULL), 0);
	logbuf[0] = 0;
	mremap_err = 0;
	return mm;
}

TEST(ops_hooks_of_a_move)
{
	vms_mm *mm = hooked(0);

	mremap_err = 0;
	CHECK_EQ(mr(mm, 0, 4, 4, FIX, 10), (int64_t)PG(10));
	CHECK_STR(logbuf, "open(10-14) mremap(10-14) close(0-4) ");
	CHECK_STR(tm_pic(mm, 16), "..........aaaa..");
	/* a partial move splits the source: open for the split piece */
	logbuf[0] = 0;
	CHECK_EQ(mr(mm, 10, 2, 2, FIX, 0), (int64_t)PG(0));
	CHECK_STR(logbuf, "open(0-2) mremap(0-2) open(12-14) close(10-12) ");
	CHECK_STR(tm_pic(mm, 16), "aa..........bb..");
	/* a hook that fails has the copy unmapped; the source stays */
	mremap_err = -EINVAL;
	logbuf[0] = 0;
	CHECK_EQ(mr(mm, 12, 2, 2, FIX, 4), -EINVAL);
	CHECK_STR(logbuf, "open(4-6) mremap(4-6) close(4-6) ");
	CHECK_STR(tm_pic(mm, 16), "aa..........bb..");
	CHECK_EQ(stats(mm).total_vm, 4);
	CHECK_EQ(stats(mm).committed, 4);
	VALID_S(mm);
	vms_mm_destroy(mm);
}

/*
 * q1 H (VmLck and Rss of a locked area grown in place: the new part is
 * populated); here seen through the populate hook, in place and moved.
 */
TEST(locked_grow_populates_new_part)
{
	vms_mm *mm = hooked(VMS_LOCKED);

	CHECK_EQ(stats(mm).locked_vm, 4);
	CHECK_EQ(mr(mm, 0, 4, 6, 0, 0), (int64_t)PG(0));
	CHECK_STR(logbuf, "populate(4-6) ");
	CHECK_EQ(stats(mm).locked_vm, 6);
	tm_map(mm, 6, 1, R);
	logbuf[0] = 0;
	CHECK_EQ(mr(mm, 0, 6, 8, FIX, 10), (int64_t)PG(10));
	CHECK_STR(logbuf, "open(10-18) mremap(10-18) close(0-6) "
			  "populate(16-18) ");
	CHECK_EQ(stats(mm).locked_vm, 8);
	/* shrinking or moving as is populates nothing */
	logbuf[0] = 0;
	CHECK_EQ(mr(mm, 10, 8, 4, 0, 0), (int64_t)PG(10));
	CHECK_EQ(mr(mm, 10, 4, 4, FIX, 20), (int64_t)PG(20));
	/* the shrink's split makes the lower piece the new one, as there */
	CHECK_STR(logbuf, "open(10-14) close(14-18) "
			  "open(20-24) mremap(20-24) close(10-14) ");
	CHECK_EQ(stats(mm).locked_vm, 4);
	VALID_S(mm);
	vms_mm_destroy(mm);
}

/* ---- allocation failure in every allocation of a move ---- */

struct fail_case {
	const char *name;
	void (*setup)(vms_mm *mm);
	int64_t (*op)(vms_mm *mm);
	/* result and picture after the Nth allocation fails; NULL ends */
	struct { int64_t r; const char *pic; } steps[8];
};

static void setup_partial(vms_mm *mm)
{
	tm_map(mm, 0, 8, RW);
	fault(mm, 0);
	tm_map(mm, 9, 4, R);
}

static int64_t op_partial(vms_mm *mm)
{
	return mr(mm, 2, 2, 2, FIX, 10);
}

static void setup_grow(vms_mm *mm)
{
	tm_map(mm, 0, 4, RW);
	tm_map(mm, 4, 1, R);
}

static int64_t op_grow(vms_mm *mm)
{
	return mr(mm, 0, 4, 8, MAY, 0) > (int64_t)PG(1024) ? 1 : -ENOMEM;
}

static void setup_multi(vms_mm *mm)
{
	tm_map(mm, 0, 2, RW);
	tm_map(mm, 2, 2, R);
	tm_map(mm, 6, 2, RW);
}

static int64_t op_multi(vms_mm *mm)
{
	return mr(mm, 0, 8, 8, FIX, 10);
}

static int64_t op_dontunmap(vms_mm *mm)
{
	return mr(mm, 2, 2, 2, FIX | DU, 14);
}

static int64_t op_shrink(vms_mm *mm)
{
	return mr(mm, 1, 2, 1, 0, 0);
}

static const struct fail_case fail_cases[] = {
	/*
	 * destination split twice, the copy, then the source's two
	 * splits; a source that can't be unmapped stays and the call
	 * succeeds, as unmap_source_vma's "just get accounts right"
	 */
	{ "partial_move", setup_partial, op_partial, {
		{ -ENOMEM, "AAAAAAAA.bbbb......." },
		{ -ENOMEM, "AAAAAAAA.bccc......." },
		{ -ENOMEM, "AAAAAAAA.b..c......." },
		{ PG(10), "AAAAAAAA.bCCd......." },
		{ PG(10), "AABBBBBB.cDDe......." },
		{ PG(10), "AA..BBBB.cDDe......." },
		{ 0, NULL } } },
	{ "grow_move", setup_grow, op_grow, {
		{ -ENOMEM, "aaaab..............." },
		{ 1, "....a..............." },
		{ 0, NULL } } },
	{ "multi_move", setup_multi, op_multi, {
		{ -ENOMEM, "aabb..cc............" },
		{ -ENOMEM, "..aa..bb..cc........" },
		{ -ENOMEM, "......aa..bbcc......" },
		{ PG(10), "..........aabb..cc.." },
		{ 0, NULL } } },
	{ "dontunmap", setup_partial, op_dontunmap, {
		{ -ENOMEM, "AAAAAAAA.bbbb......." },
		{ PG(14), "AAAAAAAA.bbbb.CC...." },
		{ 0, NULL } } },
	{ "shrink_middle", setup_grow, op_shrink, {
		{ -ENOMEM, "aaaab..............." },
		{ -ENOMEM, "aabbc..............." },
		{ PG(1), "aa.bc..............." },
		{ 0, NULL } } },
};

static void run_fail_case(const struct fail_case *c)
{
	for (long n = 1; c->steps[n - 1].pic; n++) {
		struct tm_failing f;
		struct vms_config cfg;
		vms_mm *mm;
		int64_t r;

		vms_config_default(&cfg);
		tm_failing_allocator(&f, &cfg.allocator);
		mm = tm_new_cfg(&cfg);
		c->setup(mm);
		f.countdown = n;
		r = c->op(mm);
		f.countdown = 0;
		CHECK_EQ(r, c->steps[n - 1].r);
		CHECK_STR(tm_pic(mm, 20), c->steps[n - 1].pic);
		CHECK_EQ(tm_valid_structure(mm), 0);
		/* the last step is the one where nothing failed */
		CHECK_EQ(f.failed, c->steps[n].pic ? 1 : 0);
		if (r < 0)
			CHECK_EQ(stats(mm).committed, acct_pages(mm));
		vms_mm_destroy(mm);
		CHECK_EQ(f.live_bytes, 0);
		if (check_case_failed) {
			printf("# %s: allocation %ld\n", c->name, n);
			return;
		}
	}
}

TEST(every_allocation_of_a_move_fails)
{
	for (size_t i = 0; i < sizeof(fail_cases) / sizeof(fail_cases[0]);
	     i++)
		run_fail_case(&fail_cases[i]);
}

/*
 * Random sequences of mmap, mprotect, faults and mremap of every kind;
 * each mremap in turn has each of its allocations fail.  The structure
 * must stay valid (the debug build validates after every call too) and
 * nothing may leak.  No kernel expectation here: a robustness check.
 */
static uint64_t rnd_state;

static unsigned rnd(unsigned n)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (unsigned)(rnd_state % n);
}

static int64_t random_call(vms_mm *mm, bool remap)
{
	static const int fl[] = { 0, MAY, FIX, FIX | DU, MAY | DU, FIX };
	unsigned pg = rnd(24), n = rnd(6), m = 1 + rnd(6);
	int prots[] = { R, RW, RW, VMS_PROT_NONE };

	if (remap)
		return mr(mm, pg, n, m, fl[rnd(6)], 24 + rnd(24));
	switch (rnd(5)) {
	case 0:
	case 1:
		return tm_map(mm, pg, m, prots[rnd(4)]);
	case 2:
		return vms_mprotect(mm, PG(pg), m * TP, prots[rnd(4)]);
	case 3:
		return vms_mmap(mm, PG(pg), m * TP, RW,
				VMS_MAP_SHARED | VMS_MAP_ANONYMOUS |
					VMS_MAP_FIXED, -1, 0);
	default:
		return vms_fault(mm, PG(pg), VMS_FAULT_WRITE);
	}
}

TEST(random_sequences_with_failures)
{
	unsigned failures = 0;

	for (uint64_t seed = 1; seed <= 12; seed++) {
		for (unsigned i = 0; i < 40; i++) {
			for (long n = 1;; n++) {
				struct tm_failing f;
				struct vms_config cfg;
				vms_mm *mm;

				vms_config_default(&cfg);
				tm_failing_allocator(&f, &cfg.allocator);
				mm = tm_new_cfg(&cfg);
				rnd_state = seed * 7919;
				for (unsigned j = 0; j < i; j++)
					random_call(mm, j % 2);
				f.countdown = n;
				random_call(mm, true);
				f.countdown = 0;
				CHECK_EQ(tm_valid_structure(mm), 0);
				/* what follows still works */
				for (unsigned j = 0; j < 10; j++)
					random_call(mm, j % 2);
				CHECK_EQ(tm_valid_structure(mm), 0);
				vms_mm_destroy(mm);
				CHECK_EQ(f.live_bytes, 0);
				if (check_case_failed) {
					printf("# seed %llu call %u n %ld\n",
					       (unsigned long long)seed, i,
					       n);
					return;
				}
				if (!f.failed)
					break;
				failures++;
			}
		}
	}
	CHECK(failures > 100);
	printf("# %u injected failures\n", failures);
}

int main(void)
{
	RUN(parameter_checks);
	RUN(shrink_unmaps_the_tail);
	RUN(grow_in_place_merges_with_next);
	RUN(grow_that_must_move);
	RUN(grow_move_gets_thp_placement);
	RUN(move_pgoff_rules);
	RUN(partial_move_splits_source);
	RUN(move_next_to_itself);
	RUN(dontunmap_whole_area);
	RUN(dontunmap_part_of_an_area);
	RUN(selftest_mremap_unfaulted);
	RUN(selftest_mremap_correct_placed_faulted);
	RUN(selftest_mremap_dontunmap);
	RUN(multi_area_move);
	RUN(old_len_zero_duplicates_shared);
	RUN(special_mapping_moves_only_whole);
	RUN(pfnmap_refuses);
	RUN(sealed_areas_refuse);
	RUN(map_count_thresholds);
	RUN(rlimit_as_and_data);
	RUN(mlock_limit);
	RUN(commit_accounting);
	RUN(hugetlb);
	RUN(ops_hooks_of_a_move);
	RUN(locked_grow_populates_new_part);
	RUN(every_allocation_of_a_move_fails);
	RUN(random_sequences_with_failures);
	return CHECK_DONE();
}
