// SPDX-License-Identifier: MIT
/*
 * Allocation failure injected at every allocation an operation makes.
 * Each failing call must return -ENOMEM, leave a structurally valid
 * address space in the state the kernel leaves (prior splits kept; a
 * MAP_FIXED whose new area can't be allocated after the old ones were
 * closed leaves a hole), and leak nothing.
 */
#include <string.h>

#include "check.h"
#include "model.h"

#define RW (VMS_PROT_READ | VMS_PROT_WRITE)
#define R VMS_PROT_READ

struct scenario {
	const char *name;
	void (*setup)(vms_mm *mm);
	int64_t (*op)(vms_mm *mm);
	/* pictures of the window: after success, and after the Nth failure */
	const char *ok_pic;
	const char *fail_pics[4];
};

static void setup_one(vms_mm *mm)
{
	tm_map(mm, 0, 6, RW);
}

static void setup_two(vms_mm *mm)
{
	tm_map(mm, 0, 3, RW);
	tm_map(mm, 3, 3, R);
	vms_anon_prepare(tm_at(mm, 0));
}

static void setup_shared(vms_mm *mm)
{
	vms_mmap(mm, PG(0), 6 * TP, RW,
		 VMS_MAP_SHARED | VMS_MAP_ANONYMOUS | VMS_MAP_FIXED, -1, 0);
}

static int64_t op_mprotect_middle(vms_mm *mm)
{
	return vms_mprotect(mm, PG(2), 2 * TP, R);
}

static int64_t op_munmap_middle(vms_mm *mm)
{
	return vms_munmap(mm, PG(2), 2 * TP);
}

static int64_t op_map_fixed_middle(vms_mm *mm)
{
	return tm_map(mm, 2, 2, R);
}

static int64_t op_map_new(vms_mm *mm)
{
	return tm_map(mm, 8, 2, R);
}

static int64_t op_map_shared(vms_mm *mm)
{
	return vms_mmap(mm, PG(8), 2 * TP, RW,
			VMS_MAP_SHARED | VMS_MAP_ANONYMOUS | VMS_MAP_FIXED,
			-1, 0);
}

static int64_t op_fault(vms_mm *mm)
{
	return vms_fault(mm, PG(4), VMS_FAULT_WRITE);
}

static int64_t op_mprotect_across(vms_mm *mm)
{
	return vms_mprotect(mm, PG(1), 4 * TP, VMS_PROT_NONE);
}

static const struct scenario scenarios[] = {
	/* first split fails: nothing changed; second: the first stays */
	{ "mprotect_middle", setup_one, op_mprotect_middle, "aabbcc....",
	  { "aaaaaa....", "aabbbb....", NULL } },
	{ "munmap_middle", setup_one, op_munmap_middle, "aa..bb....",
	  { "aaaaaa....", "aabbbb....", NULL } },
	/* MAP_FIXED: the splits are made before the old areas close; the
	 * new area's allocation fails after close: a hole, as the kernel */
	{ "map_fixed_middle", setup_one, op_map_fixed_middle, "aabbcc....",
	  { "aaaaaa....", "aabbbb....", "aa..bb....", NULL } },
	{ "map_new", setup_one, op_map_new, "aaaaaa..bb",
	  { "aaaaaa....", NULL } },
	{ "map_shared", setup_one, op_map_shared, "aaaaaa..bb",
	  { "aaaaaa....", "aaaaaa....", NULL } },
	{ "fault_anon", setup_one, op_fault, "AAAAAA....",
	  { "aaaaaa....", NULL } },
	{ "mprotect_across", setup_two, op_mprotect_across, "ABBccd....",
	  { "AAAbbb....", "ABBccc....", NULL } },
	{ "munmap_shared", setup_shared, op_munmap_middle, "aa..bb....",
	  { "aaaaaa....", "aabbbb....", NULL } },
};

static void run_scenario(const struct scenario *s)
{
	for (long n = 1; n < 20; n++) {
		struct tm_failing f;
		struct vms_config cfg;
		vms_mm *mm;
		int64_t r;

		vms_config_default(&cfg);
		tm_failing_allocator(&f, &cfg.allocator);
		mm = tm_new_cfg(&cfg);
		s->setup(mm);
		f.countdown = n;
		r = s->op(mm);
		f.countdown = 0;
		CHECK_EQ(tm_valid_structure(mm), 0);
		if (!f.failed) {
			CHECK(r >= 0);
			CHECK_STR(tm_pic(mm, 10), s->ok_pic);
			vms_mm_destroy(mm);
			CHECK_EQ(f.live_bytes, 0);
			return;
		}
		CHECK_EQ(r, -ENOMEM);
		if (n <= 4 && s->fail_pics[n - 1])
			CHECK_STR(tm_pic(mm, 10), s->fail_pics[n - 1]);
		vms_mm_destroy(mm);
		CHECK_EQ(f.live_bytes, 0);
	}
	CHECK(!"operation never completed");
}

TEST(every_allocation_fails_once)
{
	for (size_t i = 0; i < sizeof(scenarios) / sizeof(scenarios[0]); i++) {
		check_case_name = scenarios[i].name;
		run_scenario(&scenarios[i]);
	}
	check_case_name = "every_allocation_fails_once";
}

TEST(create_fails)
{
	struct tm_failing f;
	struct vms_config cfg;
	vms_mm *mm = NULL;

	vms_config_default(&cfg);
	tm_failing_allocator(&f, &cfg.allocator);
	f.countdown = 1;
	CHECK_EQ(vms_mm_create(&cfg, &mm), -ENOMEM);
	CHECK_EQ(f.live_bytes, 0);
}

/*
 * A seeded random sequence; for every call in it and every allocation
 * that call makes, rebuild the prefix and fail that allocation.  Every
 * failure must give -ENOMEM, keep the structure valid, and leak nothing
 * once the address space is destroyed; and the calls after it must still
 * work on whatever state it left.
 */
static uint64_t rnd_state;

static uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static uint64_t last_kind;

static int64_t random_call(vms_mm *mm)
{
	unsigned pg = (unsigned)(rnd() % 24), n = 1 + (unsigned)(rnd() % 6);
	int prots[] = { 0, R, RW, VMS_PROT_EXEC | R };
	int prot = prots[rnd() % 4];

	last_kind = rnd() % 12;
	switch (last_kind) {
	case 6:
		return vms_mremap(mm, PG(pg), n * TP, (1 + rnd() % 6) * TP,
				  VMS_MREMAP_MAYMOVE, 0);
	case 7:
		return vms_mremap(mm, PG(pg), n * TP, n * TP,
				  VMS_MREMAP_MAYMOVE | VMS_MREMAP_FIXED,
				  PG(rnd() % 24));
	case 8:
		return vms_madvise(mm, PG(pg), n * TP,
				   rnd() % 2 ? VMS_MADV_DONTFORK :
					       VMS_MADV_DOFORK);
	case 9:
		return vms_mlock(mm, PG(pg), n * TP);
	case 10:
		return vms_munlock(mm, PG(pg), n * TP);
	case 11:
		return vms_madvise(mm, PG(pg), n * TP, VMS_MADV_GUARD_INSTALL);
	case 0:
	case 1:
		return tm_map(mm, pg, n, prot);
	case 2:
		return vms_mmap(mm, PG(pg), n * TP, prot,
				VMS_MAP_SHARED | VMS_MAP_ANONYMOUS |
					VMS_MAP_FIXED,
				-1, 0);
	case 3:
		return vms_mprotect(mm, PG(pg), n * TP, prot);
	case 4:
		return vms_munmap(mm, PG(pg), n * TP);
	default:
		return vms_fault(mm, PG(pg), VMS_FAULT_WRITE);
	}
}

static vms_mm *replay_prefix(struct tm_failing *f, uint64_t seed,
			     unsigned ncalls)
{
	struct vms_config cfg;
	vms_mm *mm;

	vms_config_default(&cfg);
	tm_failing_allocator(f, &cfg.allocator);
	mm = tm_new_cfg(&cfg);
	rnd_state = seed;
	for (unsigned i = 0; i < ncalls; i++)
		random_call(mm);
	return mm;
}

TEST(random_sequences_fail_everywhere)
{
	const unsigned ncalls = 60;
	unsigned failures = 0;

	for (uint64_t seed = 1; seed <= 8; seed++) {
		for (unsigned i = 0; i < ncalls; i++) {
			for (long n = 1;; n++) {
				struct tm_failing f;
				vms_mm *mm = replay_prefix(&f, seed * 7919, i);
				uint64_t saved;
				int64_t r;

				f.countdown = n;
				r = random_call(mm);
				f.countdown = 0;
				CHECK_EQ(tm_valid_structure(mm), 0);
				if (!f.failed) {
					vms_mm_destroy(mm);
					CHECK_EQ(f.live_bytes, 0);
					break;
				}
				failures++;
				/* madvise reports a split's ENOMEM as EAGAIN;
				 * mlock converts a populate ENOMEM to EAGAIN */
				/*
				 * mremap whose source can't be split for the
				 * unmap still succeeds with both mapped, as
				 * the kernel's "just get accounts right" path
				 */
				CHECK(r == -ENOMEM || r == -EAGAIN ||
				      ((last_kind == 6 || last_kind == 7) &&
				       r >= 0));
				/* the rest of the sequence still works */
				saved = rnd_state;
				for (unsigned j = i + 1; j < ncalls; j++) {
					random_call(mm);
					if (tm_valid_structure(mm))
						break;
				}
				rnd_state = saved;
				CHECK_EQ(tm_valid_structure(mm), 0);
				vms_mm_destroy(mm);
				CHECK_EQ(f.live_bytes, 0);
				if (check_case_failed)
					return;
			}
		}
	}
	CHECK(failures > 100);
	printf("# %u injected failures\n", failures);
}

int main(void)
{
	RUN(every_allocation_fails_once);
	RUN(random_sequences_fail_everywhere);
	RUN(create_fails);
	return CHECK_DONE();
}
