// SPDX-License-Identifier: MIT
/*
 * Unit tests of the core, drawn as pictures of a test window (one
 * character per page; a, b, c... are areas in address order; upper case
 * means the area has an anon_vma; '.' is a hole).  The scenarios follow
 * the kernel's tools/testing/vma and the facts in the reference, each
 * confirmed on the live kernel by the differential tests.
 */
#include "check.h"
#include "model.h"

#define RW (VMS_PROT_READ | VMS_PROT_WRITE)
#define R VMS_PROT_READ
#define ANON (VMS_MAP_PRIVATE | VMS_MAP_ANONYMOUS)

#define OK(expr) CHECK_EQ((expr), 0)
#define VALID(mm) CHECK_EQ(tm_valid(mm), 0)

TEST(merge_prev_next_both)
{
	vms_mm *mm = tm_new();

	CHECK_EQ(tm_map(mm, 0, 1, RW), (int64_t)PG(0));
	CHECK_EQ(tm_map(mm, 2, 1, RW), (int64_t)PG(2));
	CHECK_STR(tm_pic(mm, 4), "a.b.");
	CHECK_EQ(tm_map(mm, 1, 1, RW), (int64_t)PG(1));
	CHECK_STR(tm_pic(mm, 4), "aaa.");
	CHECK_EQ(tm_count(mm), 1);
	/* extend next downwards: a new range below an area */
	CHECK_EQ(tm_map(mm, 5, 2, RW), (int64_t)PG(5));
	CHECK_EQ(tm_map(mm, 4, 1, RW), (int64_t)PG(4));
	CHECK_STR(tm_pic(mm, 8), "aaa.bbb.");
	CHECK_EQ(vms_area_pgoff(tm_at(mm, 4)), PG(4) / TP);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* tools/testing/vma merge_new: a sequence that ends in one area */
TEST(merge_new_sequence)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 2, RW);
	tm_map(mm, 3, 1, RW);
	tm_map(mm, 0xb, 1, RW);
	tm_map(mm, 7, 2, RW);
	CHECK_STR(tm_pic(mm, 12), "aa.b...cc..d");
	CHECK_EQ(tm_count(mm), 4);
	tm_map(mm, 2, 1, RW);
	CHECK_STR(tm_pic(mm, 12), "aaaa...bb..c");
	tm_map(mm, 4, 1, RW);
	tm_map(mm, 6, 1, RW);
	tm_map(mm, 5, 1, RW);
	CHECK_STR(tm_pic(mm, 12), "aaaaaaaaa..b");
	tm_map(mm, 0xa, 1, RW);
	tm_map(mm, 9, 1, RW);
	CHECK_STR(tm_pic(mm, 12), "aaaaaaaaaaaa");
	CHECK_EQ(tm_count(mm), 1);
	CHECK_EQ(vms_area_pgoff(tm_at(mm, 0)), PG(0) / TP);
	VALID(mm);
	vms_mm_destroy(mm);
}

TEST(mprotect_split_and_rejoin)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 9, RW);
	OK(vms_mprotect(mm, PG(3), 3 * TP, R));
	CHECK_STR(tm_pic(mm, 10), "aaabbbccc.");
	CHECK_EQ(tm_count(mm), 3);
	/* unfaulted RW -> R dropped VM_ACCOUNT */
	CHECK_EQ(vms_area_flags(tm_at(mm, 3)) & VMS_ACCOUNT, 0);
	CHECK(vms_area_flags(tm_at(mm, 0)) & VMS_ACCOUNT);
	VALID(mm);
	OK(vms_mprotect(mm, PG(3), 3 * TP, RW));
	CHECK_STR(tm_pic(mm, 10), "aaaaaaaaa.");
	CHECK(vms_area_flags(tm_at(mm, 3)) & VMS_ACCOUNT);
	/* split at every position */
	for (unsigned s = 0; s < 9; s++) {
		for (unsigned e = s + 1; e <= 9; e++) {
			OK(vms_mprotect(mm, PG(s), (e - s) * TP, R));
			VALID(mm);
			CHECK_EQ(tm_count(mm), 1 + (s > 0) + (e < 9));
			OK(vms_mprotect(mm, PG(s), (e - s) * TP, RW));
			CHECK_EQ(tm_count(mm), 1);
		}
	}
	VALID(mm);
	vms_mm_destroy(mm);
}

TEST(mprotect_merges_with_neighbour)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 3, R);
	tm_map(mm, 3, 3, RW);
	CHECK_STR(tm_pic(mm, 6), "aaabbb");
	/* partial at the left edge: prev expands, the area shrinks */
	OK(vms_mprotect(mm, PG(3), TP, R));
	CHECK_STR(tm_pic(mm, 6), "aaaabb");
	CHECK_EQ(vms_area_pgoff(tm_at(mm, 4)), PG(4) / TP);
	/* partial at the right edge of a: next expands down */
	OK(vms_mprotect(mm, PG(3), TP, RW));
	CHECK_STR(tm_pic(mm, 6), "aaabbb");
	CHECK_EQ(vms_area_pgoff(tm_at(mm, 3)), PG(3) / TP);
	/* whole area: absorbed */
	OK(vms_mprotect(mm, PG(3), 3 * TP, R));
	CHECK_STR(tm_pic(mm, 6), "aaaaaa");
	VALID(mm);
	vms_mm_destroy(mm);
}

TEST(faulted_keeps_account_and_anon_rules)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 4, RW);
	tm_map(mm, 4, 4, R);
	OK(vms_anon_prepare(tm_at(mm, 0)));
	CHECK_STR(tm_pic(mm, 8), "AAAAbbbb");
	/* faulted RW -> R keeps VM_ACCOUNT, so it cannot merge with b */
	OK(vms_mprotect(mm, PG(0), 4 * TP, R));
	CHECK(vms_area_flags(tm_at(mm, 0)) & VMS_ACCOUNT);
	CHECK_STR(tm_pic(mm, 8), "AAAAbbbb");
	VALID(mm);
	vms_mm_destroy(mm);
}

TEST(hole_between_faulted_areas)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 2, RW);
	tm_map(mm, 3, 2, RW);
	OK(vms_anon_prepare(tm_at(mm, 0)));
	OK(vms_anon_prepare(tm_at(mm, 3)));
	CHECK(vms_area_anon(tm_at(mm, 0)) != vms_area_anon(tm_at(mm, 3)));
	/* different anon_vmas: only the merge with prev happens */
	tm_map(mm, 2, 1, RW);
	CHECK_STR(tm_pic(mm, 5), "AAABB");
	CHECK_EQ(tm_count(mm), 2);
	VALID(mm);
	vms_mm_destroy(mm);
}

TEST(split_pieces_share_anon_and_remerge)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 9, RW);
	OK(vms_anon_prepare(tm_at(mm, 0)));
	OK(vms_mprotect(mm, PG(3), 3 * TP, R));
	CHECK_STR(tm_pic(mm, 9), "AAABBBCCC");
	CHECK(vms_area_anon(tm_at(mm, 0)) == vms_area_anon(tm_at(mm, 4)));
	OK(vms_mprotect(mm, PG(3), 3 * TP, RW));
	CHECK_STR(tm_pic(mm, 9), "AAAAAAAAA");
	/* MAP_FIXED of the same attributes in the middle leaves one area */
	tm_map(mm, 4, 1, RW);
	CHECK_STR(tm_pic(mm, 9), "AAAAAAAAA");
	CHECK_EQ(tm_count(mm), 1);
	VALID(mm);
	vms_mm_destroy(mm);
}

TEST(prepare_reuses_neighbour_anon)
{
	vms_mm *mm = tm_new();

	/* NORESERVE, as the selftest: no VM_ACCOUNT to tell pieces apart */
	CHECK_EQ(vms_mmap(mm, PG(0), 6 * TP, RW,
			  ANON | VMS_MAP_FIXED | VMS_MAP_NORESERVE, -1, 0),
		 (int64_t)PG(0));
	OK(vms_mprotect(mm, PG(3), 3 * TP, R));
	OK(vms_anon_prepare(tm_at(mm, 0)));
	/* the R piece faults later and reuses its neighbour's anon_vma */
	OK(vms_anon_prepare(tm_at(mm, 3)));
	CHECK(vms_area_anon(tm_at(mm, 0)) == vms_area_anon(tm_at(mm, 3)));
	OK(vms_mprotect(mm, PG(3), 3 * TP, RW));
	CHECK_STR(tm_pic(mm, 6), "AAAAAA");
	VALID(mm);
	vms_mm_destroy(mm);
}

TEST(munmap_pieces)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 8, RW);
	OK(vms_munmap(mm, PG(3), 2 * TP));
	CHECK_STR(tm_pic(mm, 8), "aaa..bbb");
	CHECK_EQ(vms_area_pgoff(tm_at(mm, 5)), PG(5) / TP);
	/* nothing mapped there: still 0 */
	OK(vms_munmap(mm, PG(3), 2 * TP));
	/* across a hole and two areas */
	OK(vms_munmap(mm, PG(2), 4 * TP));
	CHECK_STR(tm_pic(mm, 8), "aa....bb");
	/* unaligned length rounds up */
	OK(vms_munmap(mm, PG(6), 1));
	CHECK_STR(tm_pic(mm, 8), "aa.....b");
	CHECK_EQ(vms_munmap(mm, PG(0) + 1, TP), -EINVAL);
	CHECK_EQ(vms_munmap(mm, PG(0), 0), -EINVAL);
	CHECK_EQ(vms_munmap(mm, 0x7ffffffff000ULL, 2 * TP), -EINVAL);
	VALID(mm);
	vms_mm_destroy(mm);
}

TEST(mprotect_stops_at_hole)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 2, RW);
	tm_map(mm, 3, 2, RW);
	CHECK_EQ(vms_mprotect(mm, PG(0), 5 * TP, R), -ENOMEM);
	/* the part before the hole changed */
	CHECK_EQ(vms_area_prot(tm_at(mm, 0)), R);
	CHECK_EQ(vms_area_prot(tm_at(mm, 3)), RW);
	/* a hole at the start: nothing changes */
	CHECK_EQ(vms_mprotect(mm, PG(2), 2 * TP, R), -ENOMEM);
	CHECK_EQ(vms_area_prot(tm_at(mm, 3)), RW);
	/* range ending in a hole: everything before is applied */
	CHECK_EQ(vms_mprotect(mm, PG(3), 3 * TP, R), -ENOMEM);
	CHECK_EQ(vms_area_prot(tm_at(mm, 3)), R);
	VALID(mm);
	vms_mm_destroy(mm);
}

TEST(mprotect_argument_checks)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 2, RW);
	CHECK_EQ(vms_mprotect(mm, PG(0) + 1, 0, R), -EINVAL);
	CHECK_EQ(vms_mprotect(mm, PG(0), 0, R), 0);
	CHECK_EQ(vms_mprotect(mm, PG(0), TP, 0x10), -EINVAL);
	CHECK_EQ(vms_mprotect(mm, PG(0), TP, R | VMS_PROT_SEM), 0);
	CHECK_EQ(vms_mprotect(mm, PG(0), TP,
			      R | VMS_PROT_GROWSDOWN | VMS_PROT_GROWSUP),
		 -EINVAL);
	CHECK_EQ(vms_mprotect(mm, PG(0), TP, R | VMS_PROT_GROWSDOWN), -EINVAL);
	CHECK_EQ(vms_mprotect(mm, PG(0), TP, R | VMS_PROT_GROWSUP), -EINVAL);
	CHECK_EQ(vms_mprotect(mm, PG(0), UINT64_MAX - PG(0), R), -ENOMEM);
	VALID(mm);
	vms_mm_destroy(mm);
}

TEST(mmap_argument_checks)
{
	vms_mm *mm = tm_new();

	CHECK_EQ(vms_mmap(mm, 0, TP, RW, ANON, -1, 1), -EINVAL);
	CHECK_EQ(vms_mmap(mm, 0, 0, RW, VMS_MAP_PRIVATE, 5, 0), -EBADF);
	CHECK_EQ(vms_mmap(mm, 0, 0, RW, ANON, -1, 0), -EINVAL);
	CHECK_EQ(vms_mmap(mm, 0, UINT64_MAX, RW, ANON, -1, 0), -ENOMEM);
	CHECK_EQ(vms_mmap(mm, 0, TP, RW,
			  VMS_MAP_SHARED_VALIDATE | VMS_MAP_ANONYMOUS, -1, 0),
		 -EINVAL);
	CHECK_EQ(vms_mmap(mm, 0, TP, RW, VMS_MAP_ANONYMOUS, -1, 0), -EINVAL);
	CHECK_EQ(vms_mmap(mm, PG(0) + 1, TP, RW, ANON | VMS_MAP_FIXED, -1, 0),
		 -EINVAL);
	CHECK_EQ(vms_mmap(mm, 0x7ffffffff000ULL, 2 * TP, RW,
			  ANON | VMS_MAP_FIXED, -1, 0),
		 -ENOMEM);
	CHECK_EQ(vms_mmap(mm, 0, TP, RW,
			  VMS_MAP_SHARED | VMS_MAP_ANONYMOUS |
				  VMS_MAP_GROWSDOWN,
			  -1, 0),
		 -EINVAL);
	tm_map(mm, 0, 2, RW);
	CHECK_EQ(vms_mmap(mm, PG(1), TP, RW, ANON | VMS_MAP_FIXED_NOREPLACE,
			  -1, 0),
		 -EEXIST);
	/* unaligned FIXED_NOREPLACE is EINVAL, not EEXIST */
	CHECK_EQ(vms_mmap(mm, PG(1) + 8, TP, RW,
			  ANON | VMS_MAP_FIXED_NOREPLACE, -1, 0),
		 -EINVAL);
	/* unknown prot bits are ignored by mmap */
	CHECK_EQ(vms_mmap(mm, PG(4), TP, RW | 0x10, ANON | VMS_MAP_FIXED, -1,
			  0),
		 (int64_t)PG(4));
	VALID(mm);
	vms_mm_destroy(mm);
}

TEST(topdown_placement)
{
	vms_mm *mm = tm_new();
	const uint64_t base = 0x7ffff7fff000ULL;
	int64_t a, b, c, d;

	a = vms_mmap(mm, 0, 3 * TP, RW, ANON, -1, 0);
	CHECK_EQ(a, (int64_t)(base - 3 * TP));
	b = vms_mmap(mm, 0, TP, RW, ANON, -1, 0);
	CHECK_EQ(b, a - (int64_t)TP);
	CHECK_EQ(tm_count(mm), 1);	/* adjacent and merged */
	/* a hole is filled from its top end */
	OK(vms_munmap(mm, (uint64_t)a, 2 * TP));
	c = vms_mmap(mm, 0, TP, R, ANON, -1, 0);
	CHECK_EQ(c, a + (int64_t)TP);
	/* a free hint is taken, rounded down */
	d = vms_mmap(mm, 0x200000000ULL + 5, TP, RW, ANON, -1, 0);
	CHECK_EQ(d, 0x200000000LL);
	/* a hint that overlaps is ignored entirely: the hole left by the
	 * munmap above is the highest that fits */
	d = vms_mmap(mm, 0x200000000ULL, TP, R, ANON, -1, 0);
	CHECK_EQ(d, a);
	/* 2 MiB multiples are 2 MiB aligned, at the top of the window */
	d = vms_mmap(mm, 0, 2 << 20, RW, ANON, -1, 0);
	CHECK_EQ(d & ((2 << 20) - 1), 0);
	CHECK(d < b);
	VALID(mm);
	vms_mm_destroy(mm);
}

TEST(legacy_placement)
{
	struct vms_config cfg;
	vms_mm *mm;
	int64_t a, b;

	vms_config_default(&cfg);
	cfg.legacy_layout = true;
	mm = tm_new_cfg(&cfg);
	a = vms_mmap(mm, 0, TP, RW, ANON, -1, 0);
	CHECK_EQ(a, 0x2aaaaaaab000LL);
	b = vms_mmap(mm, 0, TP, RW, ANON, -1, 0);
	CHECK_EQ(b, a + (int64_t)TP);
	VALID(mm);
	vms_mm_destroy(mm);
}

TEST(stack_guard_gap_in_placement)
{
	vms_mm *mm = tm_new();
	uint64_t top = 0x7ffffffde000ULL, gap = 256 * TP;
	int64_t r;

	r = vms_mmap(mm, top, 0x21000, RW,
		     ANON | VMS_MAP_FIXED | VMS_MAP_GROWSDOWN, -1, 0);
	CHECK_EQ(r, (int64_t)top);
	/* a hint right below the guard gap is honoured ... */
	r = vms_mmap(mm, top - gap - TP, TP, RW, ANON, -1, 0);
	CHECK_EQ(r, (int64_t)(top - gap - TP));
	/* ... one inside it is not */
	r = vms_mmap(mm, top - gap + TP, TP, R, ANON, -1, 0);
	CHECK(r != (int64_t)(top - gap + TP));
	VALID(mm);
	vms_mm_destroy(mm);
}

TEST(map_count_boundaries)
{
	struct vms_config cfg;
	vms_mm *mm;
	unsigned i;

	vms_config_default(&cfg);
	cfg.max_map_count = 8;
	mm = tm_new_cfg(&cfg);
	/* alternate protections so nothing merges */
	for (i = 0; i < 8; i++)
		CHECK_EQ(tm_map(mm, 2 * i, 2, i % 2 ? R : RW),
			 (int64_t)PG(2 * i));
	CHECK_EQ(tm_count(mm), 8);
	/* mmap checks map_count > max: max + 1 is reachable */
	CHECK_EQ(tm_map(mm, 20, 1, RW), (int64_t)PG(20));
	CHECK_EQ(tm_count(mm), 9);
	CHECK_EQ(tm_map(mm, 22, 1, RW), -ENOMEM);
	OK(vms_munmap(mm, PG(20), TP));
	/* at max: unmapping an edge piece works, the middle does not */
	CHECK_EQ(vms_munmap(mm, PG(0), TP), 0);
	CHECK_EQ(tm_count(mm), 8);
	tm_map(mm, 0, 1, RW);
	tm_map(mm, 24, 3, RW);
	CHECK_EQ(tm_count(mm), 9);
	OK(vms_munmap(mm, PG(14), 2 * TP));
	CHECK_EQ(tm_count(mm), 8);
	CHECK_EQ(vms_munmap(mm, PG(25), TP), -ENOMEM);
	/* mprotect needing two splits at max - 1: the first stays */
	OK(vms_munmap(mm, PG(12), 2 * TP));
	CHECK_EQ(tm_count(mm), 7);
	CHECK_EQ(vms_mprotect(mm, PG(25), TP, R), -ENOMEM);
	CHECK_EQ(tm_count(mm), 8);
	CHECK_STR(tm_pic(mm, 27), "aabbccddeeff............ghh");
	CHECK_EQ(tm_valid_structure(mm), 0);
	vms_mm_destroy(mm);
}

TEST(file_identity)
{
	vms_mm *mm = tm_new();
	struct vms_file_desc d = {
		.path = "/tmp/f", .dev_major = 0xfe, .inode = 42,
		.size = 1 << 20, .readable = true,
	};
	vms_file *f1, *f2;

	OK(vms_file_create(mm, &d, &f1));
	OK(vms_file_create(mm, &d, &f2));
	OK(vms_fd_install(mm, 3, f1));
	OK(vms_fd_install(mm, 4, f1));	/* dup */
	OK(vms_fd_install(mm, 5, f2));	/* another open */
	vms_file_put(f1);
	vms_file_put(f2);
	CHECK_EQ(vms_mmap(mm, PG(0), TP, R, VMS_MAP_PRIVATE | VMS_MAP_FIXED,
			  3, 0),
		 (int64_t)PG(0));
	CHECK_EQ(vms_mmap(mm, PG(1), TP, R, VMS_MAP_PRIVATE | VMS_MAP_FIXED,
			  4, TP),
		 (int64_t)PG(1));
	CHECK_STR(tm_pic(mm, 3), "aa.");
	CHECK_EQ(vms_mmap(mm, PG(2), TP, R, VMS_MAP_PRIVATE | VMS_MAP_FIXED,
			  5, 2 * TP),
		 (int64_t)PG(2));
	CHECK_STR(tm_pic(mm, 3), "aab");
	/* offsets must be contiguous */
	CHECK_EQ(vms_mmap(mm, PG(4), TP, R, VMS_MAP_PRIVATE | VMS_MAP_FIXED,
			  3, 0),
		 (int64_t)PG(4));
	CHECK_EQ(vms_mmap(mm, PG(5), TP, R, VMS_MAP_PRIVATE | VMS_MAP_FIXED,
			  3, 0),
		 (int64_t)PG(5));
	CHECK_STR(tm_pic(mm, 6), "aab.cd");
	/* read-only fd: shared writable is EACCES, shared read keeps MAYSHARE */
	CHECK_EQ(vms_mmap(mm, PG(8), TP, RW, VMS_MAP_SHARED | VMS_MAP_FIXED,
			  3, 0),
		 -EACCES);
	CHECK_EQ(vms_mmap(mm, PG(8), TP, R, VMS_MAP_SHARED | VMS_MAP_FIXED, 3,
			  0),
		 (int64_t)PG(8));
	CHECK_EQ(vms_area_flags(tm_at(mm, 8)) &
			 (VMS_SHARED | VMS_MAYSHARE | VMS_MAYWRITE),
		 VMS_MAYSHARE);
	CHECK_EQ(vms_mprotect(mm, PG(8), TP, RW), -EACCES);
	/* MAP_SHARED_VALIDATE refuses unknown flags; MAP_SHARED masks them */
	CHECK_EQ(vms_mmap(mm, PG(9), TP, R,
			  VMS_MAP_SHARED_VALIDATE | VMS_MAP_FIXED | VMS_MAP_SYNC,
			  3, 0),
		 -EOPNOTSUPP);
	CHECK_EQ(vms_mmap(mm, PG(9), TP, R, VMS_MAP_PRIVATE | VMS_MAP_FIXED |
						    VMS_MAP_GROWSDOWN,
			  3, 0),
		 -EINVAL);
	VALID(mm);
	vms_mm_destroy(mm);
}

TEST(shared_anon_never_merges)
{
	vms_mm *mm = tm_new();
	int fl = VMS_MAP_SHARED | VMS_MAP_ANONYMOUS | VMS_MAP_FIXED;

	CHECK_EQ(vms_mmap(mm, PG(0), TP, RW, fl, -1, 0), (int64_t)PG(0));
	CHECK_EQ(vms_mmap(mm, PG(1), TP, RW, fl, -1, 0), (int64_t)PG(1));
	CHECK_STR(tm_pic(mm, 2), "ab");
	CHECK(vms_area_file(tm_at(mm, 0)) != vms_area_file(tm_at(mm, 1)));
	CHECK_STR(vms_file_info(vms_area_file(tm_at(mm, 0)))->path,
		  "/dev/zero");
	VALID(mm);
	vms_mm_destroy(mm);
}

TEST(map_stack_and_flags_block_merge)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 1, RW);
	CHECK_EQ(vms_mmap(mm, PG(1), TP, RW,
			  ANON | VMS_MAP_FIXED | VMS_MAP_STACK, -1, 0),
		 (int64_t)PG(1));
	CHECK(vms_area_flags(tm_at(mm, 1)) & VMS_NOHUGEPAGE);
	CHECK_EQ(vms_mmap(mm, PG(2), TP, RW,
			  ANON | VMS_MAP_FIXED | VMS_MAP_NORESERVE, -1, 0),
		 (int64_t)PG(2));
	CHECK_STR(tm_pic(mm, 3), "abc");
	CHECK_EQ(vms_area_flags(tm_at(mm, 2)) & VMS_ACCOUNT, 0);
	CHECK(vms_area_flags(tm_at(mm, 2)) & VMS_NORESERVE);
	VALID(mm);
	vms_mm_destroy(mm);
}

TEST(exec_only_pkey)
{
	struct vms_config cfg;
	vms_mm *mm;

	vms_config_default(&cfg);
	cfg.pkeys = true;
	mm = tm_new_cfg(&cfg);

	CHECK_EQ(tm_map(mm, 0, 1, VMS_PROT_EXEC), (int64_t)PG(0));
	CHECK_EQ(vms_area_flags(tm_at(mm, 0)) & VMS_PKEY_MASK, VMS_PKEY_BIT0);
	OK(vms_mprotect(mm, PG(0), TP, R));
	CHECK_EQ(vms_area_flags(tm_at(mm, 0)) & VMS_PKEY_MASK, 0);
	VALID(mm);
	vms_mm_destroy(mm);
}

/*
 * An allocator with no alloc_aligned: chunks are cut from plain blocks.
 * Many areas (more than one chunk's worth), every one checked through
 * lookup, and every byte given back with the size it was asked for.
 */
struct plain_alloc {
	long live, calls;
};

static void *plain_alloc(void *ctx, size_t size)
{
	struct plain_alloc *p = ctx;

	p->live += (long)size;
	p->calls++;
	return malloc(size);
}

static void plain_free(void *ctx, void *ptr, size_t size)
{
	struct plain_alloc *p = ctx;

	p->live -= (long)size;
	free(ptr);
}

TEST(allocator_without_aligned_hook)
{
	struct plain_alloc pa = { 0, 0 };
	struct vms_config cfg;
	vms_mm *mm;

	vms_config_default(&cfg);
	cfg.allocator.alloc = plain_alloc;
	cfg.allocator.free = plain_free;
	cfg.allocator.ctx = &pa;
	mm = tm_new_cfg(&cfg);
	for (unsigned i = 0; i < 1000; i++)
		CHECK_EQ(tm_map(mm, 2 * i, 1, i % 3 ? RW : R),
			 (int64_t)PG(2 * i));
	for (unsigned i = 0; i < 1000; i += 7)
		OK(vms_munmap(mm, PG(2 * i), TP));
	for (unsigned i = 0; i < 1000; i++) {
		vms_area *a = vms_find_vma(mm, PG(2 * i));

		CHECK(a != NULL);
		if (i % 7 == 0) {
			CHECK_EQ(vms_area_start(a), PG(2 * i + 2));
		} else {
			CHECK_EQ(vms_area_start(a), PG(2 * i));
			CHECK_EQ(vms_area_end(a), PG(2 * i + 1));
			CHECK(vms_area_mm(a) == mm);
		}
	}
	CHECK_EQ(tm_count(mm), 1000 - 143);
	VALID(mm);
	CHECK(pa.calls > 0);
	vms_mm_destroy(mm);
	CHECK_EQ(pa.live, 0);
}

/*
 * A failed allocation at any point of a run that needs several chunks of
 * areas (in release layout: chunk refills; in the debug layout: every
 * area): the failing call returns -ENOMEM and changes nothing, the run
 * goes on, and nothing leaks.  Every allocation point is tried in the
 * first 16, then every 61st (the debug layout has one per area).
 */
TEST(allocation_failure_at_every_point_of_a_growing_run)
{
	for (int at = 1;; at += at < 16 ? 1 : 61) {
		struct tm_failing f;
		struct vms_config cfg;
		vms_mm *mm;
		int fails = 0;

		vms_config_default(&cfg);
		tm_failing_allocator(&f, &cfg.allocator);
		mm = tm_new_cfg(&cfg);
		f.countdown = at;
		for (unsigned i = 0; i < 600; i++) {
			int64_t r = tm_map(mm, i, 1, i % 2 ? RW : R);

			if (r < 0) {
				/* nothing changed: the areas below, no new one
				 */
				CHECK_EQ(r, -ENOMEM);
				CHECK_EQ(tm_count(mm), i);
				CHECK(!vms_find_vma(mm, PG(i)));
				CHECK(!i || vms_area_end(vms_last_area(mm)) ==
						    PG(i));
				VALID(mm);
				fails++;
				/* the same call succeeds once memory is back */
				r = tm_map(mm, i, 1, i % 2 ? RW : R);
			}
			CHECK_EQ(r, (int64_t)PG(i));
		}
		CHECK_EQ(tm_count(mm), 600);
		VALID(mm);
		vms_mm_destroy(mm);
		CHECK_EQ(f.live_bytes, 0);
		if (!fails)
			break;	/* the countdown is past the last allocation */
		CHECK_EQ(fails, 1);
	}
}

TEST(page_sizes)
{
	static const uint64_t sizes[] = { 16384, 65536 };

	for (unsigned i = 0; i < 2; i++) {
		struct vms_config cfg;
		vms_mm *mm;
		uint64_t ps = sizes[i];
		int64_t a;

		vms_config_default(&cfg);
		cfg.page_size = ps;
		cfg.mmap_base = cfg.mmap_base & ~(ps - 1);
		cfg.legacy_base = cfg.legacy_base & ~(ps - 1);
		cfg.task_size = cfg.task_size & ~(ps - 1);
		cfg.mmap_min_addr = ps;
		mm = tm_new_cfg(&cfg);
		a = vms_mmap(mm, 0, 3 * ps, RW, ANON, -1, 0);
		CHECK_EQ(a, (int64_t)(cfg.mmap_base - 3 * ps));
		CHECK_EQ(vms_munmap(mm, (uint64_t)a + 4096, ps), -EINVAL);
		OK(vms_mprotect(mm, (uint64_t)a + ps, 1, R));
		CHECK_EQ(tm_count(mm), 3);
		CHECK_EQ(vms_area_pgoff(vms_find_vma(mm, (uint64_t)a + ps)),
			 ((uint64_t)a + ps) / ps);
		OK(vms_mprotect(mm, (uint64_t)a + ps, 1, RW));
		CHECK_EQ(tm_count(mm), 1);
		VALID(mm);
		vms_mm_destroy(mm);
	}
}

TEST(counters)
{
	vms_mm *mm = tm_new();
	struct vms_mm_stats st;

	tm_map(mm, 0, 4, RW);
	tm_map(mm, 8, 2, VMS_PROT_READ | VMS_PROT_EXEC);
	vms_mm_stats(mm, &st);
	CHECK_EQ(st.total_vm, 6);
	CHECK_EQ(st.data_vm, 4);
	CHECK_EQ(st.exec_vm, 2);
	CHECK_EQ(st.committed, 4);
	OK(vms_mprotect(mm, PG(0), 2 * TP, R));
	vms_mm_stats(mm, &st);
	CHECK_EQ(st.data_vm, 2);
	CHECK_EQ(st.committed, 2);
	OK(vms_munmap(mm, PG(0), 10 * TP));
	vms_mm_stats(mm, &st);
	CHECK_EQ(st.total_vm, 0);
	CHECK_EQ(st.committed, 0);
	CHECK_EQ(st.map_count, 0);
	vms_mm_destroy(mm);
}

TEST(rlimits)
{
	vms_mm *mm = tm_new();

	OK(vms_mm_set_rlimit(mm, VMS_RLIMIT_AS, 8 * TP));
	CHECK_EQ(tm_map(mm, 0, 8, R), (int64_t)PG(0));
	CHECK_EQ(tm_map(mm, 8, 1, R), -ENOMEM);
	/* replacing pages does not need new room */
	CHECK_EQ(tm_map(mm, 0, 8, RW), (int64_t)PG(0));
	OK(vms_mm_set_rlimit(mm, VMS_RLIMIT_AS, VMS_RLIM_INFINITY));
	OK(vms_mm_set_rlimit(mm, VMS_RLIMIT_DATA, 10 * TP));
	CHECK_EQ(tm_map(mm, 8, 4, RW), -ENOMEM);
	CHECK_EQ(tm_map(mm, 8, 4, R), (int64_t)PG(8));
	CHECK_EQ(vms_mprotect(mm, PG(8), 4 * TP, RW), -ENOMEM);
	VALID(mm);
	vms_mm_destroy(mm);
}

/*
 * tools/testing/selftests/mm/merge.c scenarios, confirmed on this kernel
 * by the reference's p_selfmerge probe: faulted and unfaulted pieces of
 * one NORESERVE mapping re-merge after mprotect.
 */
static vms_mm *ten_noreserve(void)
{
	vms_mm *mm = tm_new();

	vms_mmap(mm, PG(1), 10 * TP, RW,
		 ANON | VMS_MAP_FIXED | VMS_MAP_NORESERVE, -1, 0);
	return mm;
}

TEST(selftest_mprotect_unfaulted_left)
{
	vms_mm *mm = ten_noreserve();

	OK(vms_mprotect(mm, PG(1), 5 * TP, R));
	OK(vms_fault(mm, PG(6), VMS_FAULT_WRITE));
	OK(vms_mprotect(mm, PG(6), 5 * TP, R));
	CHECK_STR(tm_pic(mm, 12), ".AAAAAAAAAA.");
	VALID(mm);
	vms_mm_destroy(mm);
}

TEST(selftest_mprotect_unfaulted_right)
{
	vms_mm *mm = ten_noreserve();

	OK(vms_mprotect(mm, PG(6), 5 * TP, R));
	OK(vms_fault(mm, PG(1), VMS_FAULT_WRITE));
	OK(vms_mprotect(mm, PG(1), 5 * TP, R));
	CHECK_STR(tm_pic(mm, 12), ".AAAAAAAAAA.");
	VALID(mm);
	vms_mm_destroy(mm);
}

TEST(selftest_mprotect_unfaulted_both)
{
	vms_mm *mm = tm_new();

	vms_mmap(mm, PG(1), 9 * TP, RW,
		 ANON | VMS_MAP_FIXED | VMS_MAP_NORESERVE, -1, 0);
	OK(vms_mprotect(mm, PG(1), 3 * TP, R));
	OK(vms_mprotect(mm, PG(7), 3 * TP, R));
	OK(vms_fault(mm, PG(4), VMS_FAULT_WRITE));
	OK(vms_mprotect(mm, PG(4), 3 * TP, R));
	CHECK_STR(tm_pic(mm, 11), ".AAAAAAAAA.");
	VALID(mm);
	vms_mm_destroy(mm);
}

TEST(selftest_mprotect_faulted_left_unfaulted_right)
{
	vms_mm *mm = tm_new();

	vms_mmap(mm, PG(1), 9 * TP, RW,
		 ANON | VMS_MAP_FIXED | VMS_MAP_NORESERVE, -1, 0);
	OK(vms_mprotect(mm, PG(7), 3 * TP, R));
	OK(vms_fault(mm, PG(1), VMS_FAULT_WRITE));
	OK(vms_mprotect(mm, PG(1), 3 * TP, R));
	OK(vms_mprotect(mm, PG(4), 3 * TP, R));
	CHECK_STR(tm_pic(mm, 11), ".AAAAAAAAA.");
	VALID(mm);
	vms_mm_destroy(mm);
}

TEST(selftest_mprotect_unfaulted_left_faulted_right)
{
	vms_mm *mm = tm_new();

	vms_mmap(mm, PG(1), 9 * TP, RW,
		 ANON | VMS_MAP_FIXED | VMS_MAP_NORESERVE, -1, 0);
	OK(vms_mprotect(mm, PG(1), 3 * TP, R));
	OK(vms_fault(mm, PG(7), VMS_FAULT_WRITE));
	OK(vms_mprotect(mm, PG(7), 3 * TP, R));
	OK(vms_mprotect(mm, PG(4), 3 * TP, R));
	CHECK_STR(tm_pic(mm, 11), ".AAAAAAAAA.");
	VALID(mm);
	vms_mm_destroy(mm);
}

int main(void)
{
	RUN(selftest_mprotect_unfaulted_left);
	RUN(selftest_mprotect_unfaulted_right);
	RUN(selftest_mprotect_unfaulted_both);
	RUN(selftest_mprotect_faulted_left_unfaulted_right);
	RUN(selftest_mprotect_unfaulted_left_faulted_right);
	RUN(merge_prev_next_both);
	RUN(merge_new_sequence);
	RUN(mprotect_split_and_rejoin);
	RUN(mprotect_merges_with_neighbour);
	RUN(faulted_keeps_account_and_anon_rules);
	RUN(hole_between_faulted_areas);
	RUN(split_pieces_share_anon_and_remerge);
	RUN(prepare_reuses_neighbour_anon);
	RUN(munmap_pieces);
	RUN(mprotect_stops_at_hole);
	RUN(mprotect_argument_checks);
	RUN(mmap_argument_checks);
	RUN(topdown_placement);
	RUN(legacy_placement);
	RUN(stack_guard_gap_in_placement);
	RUN(map_count_boundaries);
	RUN(file_identity);
	RUN(shared_anon_never_merges);
	RUN(map_stack_and_flags_block_merge);
	RUN(exec_only_pkey);
	RUN(allocator_without_aligned_hook);
	RUN(allocation_failure_at_every_point_of_a_growing_run);
	RUN(page_sizes);
	RUN(counters);
	RUN(rlimits);
	return CHECK_DONE();
}
