// SPDX-License-Identifier: MIT
/*
 * brk, drawn as pictures of the test window (one character per page; a,
 * b, c... are areas in address order, upper case = has an anon_vma, '.'
 * a hole).  The heap starts at page 8 of the window.
 *
 * Every expectation was confirmed on the live 6.18 kernel by a probe run
 * in a forked child (so each starts from the same break) that calls
 * SYS_brk directly and reads /proc/self/smaps, with the same layout
 * relative to its own start_brk: p_heap, p_errno, p_maxmap, p_unpriv of
 * the reference, and the helper probes heap.c, heap2.c, heap3.c (named
 * [scenario] below).
 */
#include "check.h"
#include "model.h"

#define RW (VMS_PROT_READ | VMS_PROT_WRITE)
#define R VMS_PROT_READ
#define HEAP_FLAGS                                                     \
	(VMS_READ | VMS_WRITE | VMS_MAYREAD | VMS_MAYWRITE | VMS_MAYEXEC | \
	 VMS_ACCOUNT)

#define SB PG(8)
#define VALID(mm) CHECK_EQ(tm_valid(mm), 0)

static vms_mm *heap_mm(const struct vms_config *cfg)
{
	vms_mm *mm;

	if (cfg) {
		mm = tm_new_cfg(cfg);
	} else {
		struct vms_config c;

		vms_config_default(&c);
		mm = tm_new_cfg(&c);
	}
	vms_mm_set_brk(mm, SB, SB);
	return mm;
}

static const char *name_at(const vms_mm *mm, unsigned pg)
{
	const char *n = vms_area_special_name(tm_at(mm, pg));

	return n ? n : "";
}

static struct vms_mm_stats stats(const vms_mm *mm)
{
	struct vms_mm_stats st;

	vms_mm_stats(mm, &st);
	return st;
}

/* [basic], p_heap, p_errno: values returned and the heap area */
TEST(brk_basic)
{
	vms_mm *mm = heap_mm(NULL);
	uint64_t start, cur;

	CHECK_EQ(vms_brk(mm, 0), SB);
	CHECK_EQ(vms_brk(mm, SB - 1), SB);	/* below start_brk */
	CHECK_STR(tm_pic(mm, 12), "............");
	/* the unaligned value is kept and returned */
	CHECK_EQ(vms_brk(mm, SB + 10), SB + 10);
	CHECK_STR(tm_pic(mm, 12), "........a...");
	CHECK_EQ(vms_area_flags(tm_at(mm, 8)), HEAP_FLAGS);
	CHECK_EQ(vms_area_pgoff(tm_at(mm, 8)), SB / TP);
	CHECK_STR(name_at(mm, 8), "[heap]");
	vms_mm_get_brk(mm, &start, &cur);
	CHECK_EQ(start, SB);
	CHECK_EQ(cur, SB + 10);
	/* same page: only the value changes */
	CHECK_EQ(vms_brk(mm, PG(9)), PG(9));
	CHECK_EQ(vms_brk(mm, SB + 5), SB + 5);
	CHECK_STR(tm_pic(mm, 12), "........a...");
	CHECK_EQ(vms_brk(mm, PG(11)), PG(11));
	CHECK_STR(tm_pic(mm, 12), "........aaa.");
	CHECK_EQ(stats(mm).data_vm, 3);
	CHECK_EQ(stats(mm).committed, 3);
	/* shrink: [PAGE_ALIGN(new), PAGE_ALIGN(old)) goes */
	CHECK_EQ(vms_brk(mm, PG(9) + 1), PG(9) + 1);
	CHECK_STR(tm_pic(mm, 12), "........aa..");
	CHECK_EQ(vms_brk(mm, SB), SB);
	CHECK_STR(tm_pic(mm, 12), "............");
	CHECK_EQ(stats(mm).total_vm, 0);
	CHECK_EQ(stats(mm).data_vm, 0);
	CHECK_EQ(stats(mm).committed, 0);
	CHECK_EQ(stats(mm).map_count, 0);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [obstacle], [fixed_gap], p_heap: one free page must stay above */
TEST(brk_needs_a_free_page_above)
{
	vms_mm *mm = heap_mm(NULL);

	CHECK_EQ(vms_brk(mm, PG(11)), PG(11));
	tm_map(mm, 13, 1, R);
	CHECK_EQ(vms_brk(mm, PG(12)), PG(12));
	CHECK_EQ(vms_brk(mm, PG(12) + 1), PG(12));	/* fails: old brk */
	CHECK_STR(tm_pic(mm, 16), "........aaaa.b..");
	/* an area inside the range is refused the same way */
	CHECK_EQ(vms_brk(mm, PG(15)), PG(12));
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [gd_obstacle]: 1 MiB + 1 page below a grows-down area */
TEST(brk_stack_guard_gap)
{
	vms_mm *mm = heap_mm(NULL);

	CHECK_EQ(vms_brk(mm, PG(9)), PG(9));
	CHECK_EQ(vms_mmap(mm, PG(8 + 300), TP, RW,
			  VMS_MAP_PRIVATE | VMS_MAP_ANONYMOUS | VMS_MAP_FIXED |
				  VMS_MAP_GROWSDOWN,
			  -1, 0),
		 (int64_t)PG(308));
	CHECK_EQ(vms_brk(mm, PG(8 + 43)), PG(8 + 43));
	CHECK_EQ(vms_brk(mm, PG(8 + 43) + 1), PG(8 + 43));
	CHECK_EQ(vms_area_end(tm_at(mm, 8)), PG(8 + 43));
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [rw_below], p_heap: an area ending at start_brk is not the heap */
TEST(brk_does_not_expand_below_start)
{
	vms_mm *mm = heap_mm(NULL);

	tm_map(mm, 7, 1, RW);
	CHECK_EQ(vms_brk(mm, PG(9)), PG(9));
	CHECK_STR(tm_pic(mm, 12), ".......ab...");
	CHECK_STR(name_at(mm, 7), "");
	CHECK_STR(name_at(mm, 8), "[heap]");
	/* the kernel leaves the two compatible areas apart */
	CHECK_EQ(tm_valid_structure(mm), 0);
	vms_mm_destroy(mm);
}

/* [straddle]: the area ending at the old break is expanded, any one */
TEST(brk_expands_area_at_old_break)
{
	vms_mm *mm = heap_mm(NULL);

	vms_mm_set_brk(mm, SB, PG(9));
	tm_map(mm, 7, 2, RW);
	CHECK_EQ(vms_brk(mm, PG(10)), PG(10));
	CHECK_STR(tm_pic(mm, 12), ".......aaa..");
	CHECK_EQ(tm_count(mm), 1);
	CHECK_STR(name_at(mm, 7), "[heap]");
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [gone], [rw_below_nonempty]: the caller unmapped the heap */
TEST(brk_heap_unmapped)
{
	vms_mm *mm = heap_mm(NULL);

	CHECK_EQ(vms_brk(mm, PG(10)), PG(10));
	CHECK_EQ(vms_munmap(mm, SB, 2 * TP), 0);
	/* nothing mapped in the range: the shrink fails */
	CHECK_EQ(vms_brk(mm, PG(9)), PG(10));
	CHECK_EQ(vms_brk(mm, PG(11)), PG(11));
	CHECK_STR(tm_pic(mm, 12), "..........a.");
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [lowpage]: the rest of the heap still ends at the break */
TEST(brk_after_unmapping_first_page)
{
	vms_mm *mm = heap_mm(NULL);

	CHECK_EQ(vms_brk(mm, PG(11)), PG(11));
	CHECK_EQ(vms_munmap(mm, SB, TP), 0);
	CHECK_EQ(vms_brk(mm, PG(12)), PG(12));
	CHECK_STR(tm_pic(mm, 14), ".........aaa..");
	CHECK_EQ(vms_area_pgoff(tm_at(mm, 9)), PG(9) / TP);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [mprot], p_heap: a changed heap gets a new area; both are [heap] */
TEST(brk_incompatible_heap)
{
	vms_mm *mm = heap_mm(NULL);

	CHECK_EQ(vms_brk(mm, PG(10)), PG(10));
	CHECK_EQ(vms_mprotect(mm, SB, 2 * TP, R), 0);
	CHECK_EQ(vms_brk(mm, PG(11)), PG(11));
	CHECK_STR(tm_pic(mm, 12), "........aab.");
	CHECK_STR(name_at(mm, 8), "[heap]");
	CHECK_STR(name_at(mm, 10), "[heap]");
	/* the shrink unmaps across both */
	CHECK_EQ(vms_brk(mm, PG(9)), PG(9));
	CHECK_STR(tm_pic(mm, 12), "........a...");
	CHECK_EQ(vms_area_flags(tm_at(mm, 8)) & VMS_WRITE, 0);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [merged_above]: a mapping merged onto the heap's end */
TEST(brk_mapping_merged_above)
{
	vms_mm *mm = heap_mm(NULL);

	CHECK_EQ(vms_brk(mm, PG(10)), PG(10));
	tm_map(mm, 10, 2, RW);
	CHECK_STR(tm_pic(mm, 14), "........aaaa..");
	CHECK_EQ(vms_brk(mm, PG(11)), PG(10));
	/* the shrink cuts [9, 10) out of the merged area */
	CHECK_EQ(vms_brk(mm, PG(9)), PG(9));
	CHECK_STR(tm_pic(mm, 14), "........a.bb..");
	CHECK_STR(name_at(mm, 8), "[heap]");
	CHECK_STR(name_at(mm, 10), "");
	VALID(mm);
	vms_mm_destroy(mm);
}

/*
 * [data]: the system call's own test counts brk - start_brk (plus the
 * data segment, which the model takes as empty) and applies to shrinks
 * too; growth also passes may_expand_vm on data_vm.
 */
TEST(brk_rlimit_data)
{
	vms_mm *mm = heap_mm(NULL);

	CHECK_EQ(vms_brk(mm, PG(16)), PG(16));
	vms_mm_set_rlimit(mm, VMS_RLIMIT_DATA, 4 * TP);
	CHECK_EQ(vms_brk(mm, PG(15)), PG(16));		/* shrink refused */
	CHECK_EQ(vms_brk(mm, PG(12) + 1), PG(16));
	CHECK_EQ(vms_brk(mm, PG(12)), PG(12));
	CHECK_STR(tm_pic(mm, 16), "........aaaa....");
	vms_mm_destroy(mm);

	mm = heap_mm(NULL);
	tm_map(mm, 0, 2, RW);			/* data_vm 2 */
	vms_mm_set_rlimit(mm, VMS_RLIMIT_DATA, 6 * TP);
	CHECK_EQ(vms_brk(mm, PG(13)), SB);
	CHECK_EQ(vms_brk(mm, PG(12)), PG(12));
	CHECK_EQ(stats(mm).data_vm, 6);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* p_errno: brk(huge) fails; p_maxmap: the count check is "> max" */
TEST(brk_limits)
{
	struct vms_config c;
	vms_mm *mm;

	vms_config_default(&c);
	c.max_map_count = 2;
	mm = heap_mm(&c);
	CHECK_EQ(vms_brk(mm, 0x7fffffffffffULL), SB);
	CHECK_EQ(vms_brk(mm, UINT64_MAX), SB);
	tm_map(mm, 0, 1, RW);
	tm_map(mm, 2, 1, R);
	CHECK_EQ(vms_brk(mm, PG(9)), PG(9));	/* map_count == max */
	CHECK_EQ(tm_count(mm), 3);
	CHECK_EQ(vms_brk(mm, PG(10)), PG(9));	/* max + 1: even expanding */
	vms_mm_destroy(mm);

	/* [over]: heuristic overcommit refuses more than RAM + swap */
	mm = heap_mm(NULL);
	CHECK_EQ(vms_brk(mm, SB + (25ULL << 30)), SB);
	CHECK_EQ(vms_brk(mm, SB + (20ULL << 30)), SB + (20ULL << 30));
	CHECK_EQ(stats(mm).committed, (20ULL << 30) / TP);
	VALID(mm);
	vms_mm_destroy(mm);

	/* RLIMIT_AS */
	mm = heap_mm(NULL);
	vms_mm_set_rlimit(mm, VMS_RLIMIT_AS, 3 * TP);
	CHECK_EQ(vms_brk(mm, PG(12)), SB);
	CHECK_EQ(vms_brk(mm, PG(11)), PG(11));
	vms_mm_destroy(mm);
}

/* [rie]: READ_IMPLIES_EXEC gives an executable heap */
TEST(brk_read_implies_exec)
{
	struct vms_config c;
	vms_mm *mm;

	vms_config_default(&c);
	c.read_implies_exec = true;
	mm = heap_mm(&c);
	CHECK_EQ(vms_brk(mm, PG(9)), PG(9));
	CHECK_EQ(vms_area_flags(tm_at(mm, 8)), HEAP_FLAGS | VMS_EXEC);
	vms_mm_destroy(mm);
}

/*
 * [mlock], [locked_root], heap3.c [locked]: after mlockall(MCL_FUTURE)
 * the heap is locked, counted, populated (Rss = size) and limited by
 * RLIMIT_MEMLOCK without CAP_IPC_LOCK; MCL_ONFAULT growth is a separate
 * area (lo lf) and is not populated.
 */
TEST(brk_locked)
{
	struct vms_config c;
	vms_mm *mm;

	vms_config_default(&c);
	c.cap_ipc_lock = false;
	c.rlimit[VMS_RLIMIT_MEMLOCK] = 8 * TP;
	mm = heap_mm(&c);
	CHECK_EQ(vms_mlockall(mm, VMS_MCL_FUTURE), 0);
	CHECK_EQ(vms_brk(mm, PG(17)), SB);
	CHECK_EQ(vms_brk(mm, PG(16)), PG(16));
	CHECK_STR(tm_pic(mm, 18), "........AAAAAAAA..");
	CHECK_EQ(vms_area_flags(tm_at(mm, 8)), HEAP_FLAGS | VMS_LOCKED);
	CHECK_EQ(stats(mm).locked_vm, 8);
	CHECK_EQ(vms_brk(mm, PG(9)), PG(9));
	CHECK_EQ(stats(mm).locked_vm, 1);
	CHECK_EQ(vms_munlockall(mm), 0);
	CHECK_EQ(vms_mlockall(mm, VMS_MCL_FUTURE | VMS_MCL_ONFAULT), 0);
	CHECK_EQ(vms_brk(mm, PG(11)), PG(11));
	CHECK_STR(tm_pic(mm, 12), "........Abb.");
	CHECK_EQ(vms_area_flags(tm_at(mm, 9)),
		 HEAP_FLAGS | VMS_LOCKED | VMS_LOCKONFAULT);
	VALID(mm);
	vms_mm_destroy(mm);
}

/*
 * Allocation failure at every allocation: the call returns the old
 * break, the structure stays valid, the counters return, nothing leaks.
 */
static void fail_every(void (*setup)(vms_mm *), uint64_t to,
		       const char *ok_pic, const char *const fail_pics[])
{
	for (long n = 1; n < 20; n++) {
		struct tm_failing f;
		struct vms_config cfg;
		struct vms_mm_stats before;
		uint64_t old, start;
		vms_mm *mm;
		uint64_t r;

		vms_config_default(&cfg);
		tm_failing_allocator(&f, &cfg.allocator);
		mm = heap_mm(&cfg);
		setup(mm);
		vms_mm_get_brk(mm, &start, &old);
		before = stats(mm);
		f.countdown = n;
		r = vms_brk(mm, to);
		f.countdown = 0;
		CHECK_EQ(tm_valid_structure(mm), 0);
		if (!f.failed) {
			CHECK_EQ(r, to);
			CHECK_STR(tm_pic(mm, 14), ok_pic);
			vms_mm_destroy(mm);
			CHECK_EQ(f.live_bytes, 0);
			return;
		}
		CHECK_EQ(r, old);
		CHECK(fail_pics[n - 1] != NULL);
		if (!fail_pics[n - 1])
			break;
		CHECK_STR(tm_pic(mm, 14), fail_pics[n - 1]);
		CHECK_EQ(stats(mm).committed, before.committed);
		CHECK_EQ(stats(mm).total_vm, before.total_vm);
		vms_mm_destroy(mm);
		CHECK_EQ(f.live_bytes, 0);
	}
	CHECK(!"brk never completed");
}

static void setup_empty(vms_mm *mm)
{
	(void)mm;
}

static void setup_merged_above(vms_mm *mm)
{
	vms_brk(mm, PG(10));
	tm_map(mm, 10, 2, RW);
}

static void setup_heap(vms_mm *mm)
{
	vms_brk(mm, PG(10));
}

TEST(brk_allocation_failures)
{
	static const char *const new_area[] = { "..............", NULL };
	static const char *const expand[] = { NULL };
	/* the second split fails after the first was made: it stays, as
	 * munmap's (the kernel's leftovers) */
	static const char *const shrink[] = { "........aaaa..",
					      "........abbb..", NULL };

	fail_every(setup_empty, PG(10), "........aa....", new_area);
	fail_every(setup_heap, PG(12), "........aaaa..", expand);
	fail_every(setup_merged_above, PG(9), "........a.bb..", shrink);
}

/* mm_populate's errors are ignored: the locked heap is still there */
TEST(brk_locked_populate_fails)
{
	struct tm_failing f;
	struct vms_config cfg;
	vms_mm *mm;

	vms_config_default(&cfg);
	tm_failing_allocator(&f, &cfg.allocator);
	mm = heap_mm(&cfg);
	CHECK_EQ(vms_mlockall(mm, VMS_MCL_FUTURE), 0);
	f.countdown = 2;	/* the area, then its anon_vma */
	CHECK_EQ(vms_brk(mm, PG(10)), PG(10));
	f.countdown = 0;
	CHECK(f.failed);
	CHECK_STR(tm_pic(mm, 12), "........aa..");
	CHECK_EQ(stats(mm).locked_vm, 2);
	VALID(mm);
	vms_mm_destroy(mm);
	CHECK_EQ(f.live_bytes, 0);
}

int main(void)
{
	RUN(brk_basic);
	RUN(brk_needs_a_free_page_above);
	RUN(brk_stack_guard_gap);
	RUN(brk_does_not_expand_below_start);
	RUN(brk_expands_area_at_old_break);
	RUN(brk_heap_unmapped);
	RUN(brk_after_unmapping_first_page);
	RUN(brk_incompatible_heap);
	RUN(brk_mapping_merged_above);
	RUN(brk_rlimit_data);
	RUN(brk_limits);
	RUN(brk_read_implies_exec);
	RUN(brk_locked);
	RUN(brk_allocation_failures);
	RUN(brk_locked_populate_fails);
	return CHECK_DONE();
}
