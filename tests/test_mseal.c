// SPDX-License-Identifier: MIT
/*
 * mseal, and the calls a seal blocks (munmap, mprotect, MAP_FIXED), drawn
 * as pictures of the test window (a, b, c... are areas; upper case has an
 * anon_vma; '.' is a hole).
 *
 * Every expectation was confirmed on the live 6.18.44 kernel with the
 * probes pm4 and pm7 written for this file (labels [S..], [M..], [N..],
 * [L..], [G..] name pm4's steps; each case ran in a fresh window, as
 * sealed areas can't be unmapped), and with the reference's probes where
 * named (p_partial, p_vmflags, p_maxmap3).  Allocation failures can't be
 * shown by the kernel: they behave as its refused splits do.
 */
#include "check.h"
#include "model.h"

#define RW (VMS_PROT_READ | VMS_PROT_WRITE)
#define R VMS_PROT_READ
#define NONE VMS_PROT_NONE

#define OK(expr) CHECK_EQ((expr), 0)
#define VALID(mm) CHECK_EQ(tm_valid(mm), 0)
#define STRUCT_VALID(mm) CHECK_EQ(tm_valid_structure(mm), 0)

static bool sealed(const vms_mm *mm, unsigned pg)
{
	vms_area *a = tm_at(mm, pg);

	return a && (vms_area_flags(a) & VMS_SEALED);
}

/* [S1 .. S5] argument checks: EINVAL before any lookup */
TEST(mseal_arguments)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 4, RW);
	CHECK_EQ(vms_mseal(mm, PG(0), TP, 1), -EINVAL);
	CHECK_EQ(vms_mseal(mm, PG(0) + 1, TP, 1), -EINVAL);
	CHECK_EQ(vms_mseal(mm, PG(0) + 1, TP, 0), -EINVAL);
	CHECK_EQ(vms_mseal(mm, PG(0) + 1, 0, 0), -EINVAL);
	CHECK_EQ(vms_mseal(mm, PG(0), 4 * TP + 1, 1), -EINVAL);
	/* zero length: nothing, even unmapped */
	OK(vms_mseal(mm, PG(100), 0, 0));
	/* a length that rounds up to 0, and a range that wraps */
	CHECK_EQ(vms_mseal(mm, PG(0), UINT64_MAX, 0), -EINVAL);
	CHECK_EQ(vms_mseal(mm, PG(0), -TP, 0), -EINVAL);
	/* no task-size check: a kernel address is just unmapped */
	CHECK_EQ(vms_mseal(mm, 0xffff800000000000ULL, TP, 0), -ENOMEM);
	CHECK_EQ(vms_mseal(mm, 0x7ffffffff000ULL, 2 * TP, 0), -ENOMEM);
	CHECK_EQ(vms_mseal(mm, PG(100), TP, 0), -ENOMEM);
	CHECK(!sealed(mm, 0));
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [S6 .. S7e] [p_vmflags] holes are checked first; splits and merges */
TEST(mseal_range)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 4, RW);
	tm_map(mm, 5, 2, R);
	/* any hole: ENOMEM and nothing sealed, not even the part before it */
	CHECK_EQ(vms_mseal(mm, PG(0), 7 * TP, 0), -ENOMEM);
	CHECK_EQ(vms_mseal(mm, PG(3), 2 * TP, 0), -ENOMEM);
	CHECK_EQ(vms_mseal(mm, PG(4), 2 * TP, 0), -ENOMEM);
	CHECK_STR(tm_pic(mm, 8), "aaaa.bb.");
	CHECK(!sealed(mm, 0));
	CHECK(!sealed(mm, 5));
	/* the length is rounded up */
	OK(vms_mseal(mm, PG(1), TP + 1, 0));
	CHECK_STR(tm_pic(mm, 8), "abbc.dd.");
	CHECK(sealed(mm, 1));
	CHECK(!sealed(mm, 0) && !sealed(mm, 3));
	CHECK_EQ(vms_area_flags(tm_at(mm, 1)),
		 VMS_READ | VMS_WRITE | VMS_MAYREAD | VMS_MAYWRITE |
			 VMS_MAYEXEC | VMS_ACCOUNT | VMS_SEALED);
	/* sealing again changes nothing */
	OK(vms_mseal(mm, PG(2), TP, 0));
	OK(vms_mseal(mm, PG(1), 2 * TP, 0));
	CHECK_STR(tm_pic(mm, 8), "abbc.dd.");
	CHECK_EQ(vms_mseal(mm, PG(0), 7 * TP, 0), -ENOMEM);
	CHECK(!sealed(mm, 0));
	/* sealing the rest merges the three back into one */
	OK(vms_mseal(mm, PG(0), 4 * TP, 0));
	CHECK_STR(tm_pic(mm, 8), "aaaa.bb.");
	CHECK(sealed(mm, 0));
	CHECK_EQ(tm_count(mm), 2);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [G1, G2] a new mapping next to a sealed one merges once sealed too */
TEST(mseal_merges_neighbours)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 2, RW);
	OK(vms_mseal(mm, PG(0), 2 * TP, 0));
	tm_map(mm, 2, 2, RW);
	CHECK_STR(tm_pic(mm, 5), "aabb.");
	OK(vms_mseal(mm, PG(2), 2 * TP, 0));
	CHECK_STR(tm_pic(mm, 5), "aaaa.");
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [p_maxmap3] ref 3.8: each split of mseal checks max_map_count */
TEST(mseal_split_at_max_map_count)
{
	struct vms_config cfg;
	vms_mm *mm;

	vms_config_default(&cfg);
	cfg.max_map_count = 1;
	mm = tm_new_cfg(&cfg);
	tm_map(mm, 0, 4, RW);
	CHECK_EQ(vms_mseal(mm, PG(0), TP, 0), -ENOMEM);
	CHECK_STR(tm_pic(mm, 5), "aaaa.");
	CHECK(!sealed(mm, 0));
	vms_mm_destroy(mm);

	/* ref 10: the second split fails, the first stays */
	cfg.max_map_count = 2;
	mm = tm_new_cfg(&cfg);
	tm_map(mm, 0, 4, RW);
	CHECK_EQ(vms_mseal(mm, PG(1), TP, 0), -ENOMEM);
	CHECK_STR(tm_pic(mm, 5), "abbb.");
	CHECK(!sealed(mm, 1));
	STRUCT_VALID(mm);
	vms_mm_destroy(mm);
}

/*
 * [M .. M6c] [p_vmflags] [sealed RW][R]: a call whose range starts in the
 * sealed area fails before changing anything (munmap doesn't even split).
 */
TEST(sealed_first)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 4, RW);
	tm_map(mm, 4, 4, R);
	OK(vms_mseal(mm, PG(0), 4 * TP, 0));
	CHECK_STR(tm_pic(mm, 9), "aaaabbbb.");
	CHECK_EQ(vms_munmap(mm, PG(2), 4 * TP), -EPERM);
	CHECK_EQ(vms_munmap(mm, PG(0), 6 * TP), -EPERM);
	CHECK_STR(tm_pic(mm, 9), "aaaabbbb.");
	OK(vms_munmap(mm, PG(5), 2 * TP));
	CHECK_STR(tm_pic(mm, 9), "aaaab..c.");
	CHECK_EQ(vms_mprotect(mm, PG(2), 4 * TP, R), -EPERM);
	/* the seal is checked before "no change" */
	CHECK_EQ(vms_mprotect(mm, PG(0), 4 * TP, RW), -EPERM);
	OK(vms_mprotect(mm, PG(0), 0, R));
	CHECK_EQ(tm_map(mm, 0, 4, RW), -EPERM);
	CHECK_EQ(vms_mmap(mm, PG(0), 4 * TP, RW,
			  VMS_MAP_PRIVATE | VMS_MAP_ANONYMOUS |
				  VMS_MAP_FIXED_NOREPLACE,
			  -1, 0),
		 -EEXIST);
	CHECK_EQ(tm_map(mm, 2, 4, RW), -EPERM);
	CHECK_STR(tm_pic(mm, 9), "aaaab..c.");
	CHECK(sealed(mm, 0) && !sealed(mm, 4));
	VALID(mm);
	vms_mm_destroy(mm);
}

/*
 * [N .. N4] [p_partial 2, 3, 4] [RW][sealed R]: the calls work left to
 * right and stop at the sealed area, keeping what they did: munmap and
 * MAP_FIXED keep their start split, mprotect its change.
 */
TEST(sealed_second)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 4, RW);
	tm_map(mm, 4, 4, R);
	OK(vms_mseal(mm, PG(4), 4 * TP, 0));
	CHECK_EQ(vms_munmap(mm, PG(2), 4 * TP), -EPERM);
	CHECK_STR(tm_pic(mm, 9), "aabbcccc.");
	STRUCT_VALID(mm);
	CHECK_EQ(vms_mprotect(mm, PG(0), 6 * TP, R), -EPERM);
	CHECK_STR(tm_pic(mm, 9), "aaaabbbb.");
	OK(vms_mprotect(mm, PG(0), 2 * TP, RW));
	CHECK_STR(tm_pic(mm, 9), "aabbcccc.");
	CHECK_EQ(tm_map(mm, 2, 4, R), -EPERM);
	CHECK_STR(tm_pic(mm, 9), "aabbcccc.");
	CHECK_EQ(tm_map(mm, 1, 2, R), (int64_t)PG(1));
	CHECK_STR(tm_pic(mm, 9), "abbbcccc.");
	CHECK_EQ(vms_munmap(mm, PG(3), 6 * TP), -EPERM);
	CHECK_STR(tm_pic(mm, 9), "abbcdddd.");
	CHECK(sealed(mm, 4) && !sealed(mm, 3));
	STRUCT_VALID(mm);
	vms_mm_destroy(mm);
}

/* [L1, L2, L4] mlock may split a sealed area; mseal a locked one */
TEST(mseal_and_mlock)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 4, RW);
	OK(vms_mseal(mm, PG(0), 4 * TP, 0));
	OK(vms_mlock(mm, PG(1), TP));
	CHECK_STR(tm_pic(mm, 5), "aBcc.");
	OK(vms_munlock(mm, PG(0), 4 * TP));
	CHECK_STR(tm_pic(mm, 5), "AAAA.");
	CHECK(sealed(mm, 0));
	vms_mm_destroy(mm);

	mm = tm_new();
	tm_map(mm, 0, 4, NONE);
	CHECK_EQ(vms_mlock(mm, PG(0), 4 * TP), -ENOMEM);	/* PROT_NONE */
	OK(vms_mseal(mm, PG(1), 2 * TP, 0));
	CHECK_STR(tm_pic(mm, 5), "abbc.");
	CHECK(vms_area_flags(tm_at(mm, 1)) & VMS_LOCKED);
	VALID(mm);
	vms_mm_destroy(mm);
}

/*
 * Allocation failure at each allocation of mseal in the middle of an
 * area: the first split fails (nothing changed) or the second (the first
 * split stays), as a refused split does; nothing leaks.
 */
TEST(mseal_failinj)
{
	static const char *pics[] = { "aaaa.", "abbb." };

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
		r = vms_mseal(mm, PG(1), TP, 0);
		f.countdown = 0;
		STRUCT_VALID(mm);
		if (!f.failed) {
			OK(r);
			CHECK_EQ(n, 3);
			CHECK_STR(tm_pic(mm, 5), "abcc.");
			CHECK(sealed(mm, 1));
			vms_mm_destroy(mm);
			CHECK_EQ(f.live_bytes, 0);
			break;
		}
		CHECK_EQ(r, -ENOMEM);
		CHECK_STR(tm_pic(mm, 5), pics[n - 1]);
		CHECK(!sealed(mm, 1));
		vms_mm_destroy(mm);
		CHECK_EQ(f.live_bytes, 0);
		if (check_case_failed || n > 2)
			break;
	}
}

/* [pm7] a seal across two areas; failing later keeps the earlier seal */
TEST(mseal_failinj_across)
{
	for (long n = 1;; n++) {
		struct tm_failing f;
		struct vms_config cfg;
		vms_mm *mm;
		int r;

		vms_config_default(&cfg);
		tm_failing_allocator(&f, &cfg.allocator);
		mm = tm_new_cfg(&cfg);
		tm_map(mm, 0, 3, RW);
		tm_map(mm, 3, 3, R);
		f.countdown = n;
		r = vms_mseal(mm, PG(1), 4 * TP, 0);
		f.countdown = 0;
		STRUCT_VALID(mm);
		if (!f.failed) {
			OK(r);
			CHECK_STR(tm_pic(mm, 7), "abbccd.");
			CHECK(sealed(mm, 1) && sealed(mm, 3));
			vms_mm_destroy(mm);
			CHECK_EQ(f.live_bytes, 0);
			break;
		}
		CHECK_EQ(r, -ENOMEM);
		/* 1: no split yet; 2: the first area sealed, second unsplit */
		CHECK_STR(tm_pic(mm, 7), n == 1 ? "aaabbb." : "abbccc.");
		CHECK_EQ(sealed(mm, 1), n == 2);
		CHECK(!sealed(mm, 3));
		vms_mm_destroy(mm);
		CHECK_EQ(f.live_bytes, 0);
		if (check_case_failed || n > 2)
			break;
	}
}

int main(void)
{
	RUN(mseal_arguments);
	RUN(mseal_range);
	RUN(mseal_merges_neighbours);
	RUN(mseal_split_at_max_map_count);
	RUN(sealed_first);
	RUN(sealed_second);
	RUN(mseal_and_mlock);
	RUN(mseal_failinj);
	RUN(mseal_failinj_across);
	return CHECK_DONE();
}
