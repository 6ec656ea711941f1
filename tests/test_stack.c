// SPDX-License-Identifier: MIT
/*
 * Stack growth, drawn as pictures of the test window (one character per
 * page; a, b, c... are areas in address order, upper case = has an
 * anon_vma, '.' a hole).
 *
 * Every expectation was confirmed on the live 6.18 kernel by a probe
 * that maps MAP_GROWSDOWN areas in the same window (0x100000000), forks
 * a child per scenario, touches below them with a SIGSEGV handler and
 * sigsetjmp, and reads /proc/self/smaps and status: p_stack of the
 * reference and the helper probe stk.c (named [scenario] below).
 */
#include "check.h"
#include "model.h"

#define RW (VMS_PROT_READ | VMS_PROT_WRITE)
#define R VMS_PROT_READ
#define GD (VMS_MAP_PRIVATE | VMS_MAP_ANONYMOUS | VMS_MAP_FIXED | \
	    VMS_MAP_GROWSDOWN)
#define STACK_FLAGS                                                     \
	(VMS_READ | VMS_WRITE | VMS_MAYREAD | VMS_MAYWRITE | VMS_MAYEXEC | \
	 VMS_GROWSDOWN | VMS_ACCOUNT)
#define VALID(mm) CHECK_EQ(tm_valid(mm), 0)

static int64_t map_gd(vms_mm *mm, unsigned pg, unsigned n, int prot)
{
	return vms_mmap(mm, PG(pg), n * TP, prot, GD, -1, 0);
}

static struct vms_mm_stats stats(const vms_mm *mm)
{
	struct vms_mm_stats st;

	vms_mm_stats(mm, &st);
	return st;
}

static vms_mm *cfg_mm(bool ipc_lock, uint64_t memlock)
{
	struct vms_config c;

	vms_config_default(&c);
	c.cap_ipc_lock = ipc_lock;
	c.rlimit[VMS_RLIMIT_MEMLOCK] = memlock;
	return tm_new_cfg(&c);
}

/* [basic], p_stack [1]: grows to the page, no %sp distance rule */
TEST(stack_grows_down)
{
	vms_mm *mm = tm_new();
	struct vms_mm_stats st;

	CHECK_EQ(map_gd(mm, 20, 2, RW), (int64_t)PG(20));
	CHECK_STR(tm_pic(mm, 24), "....................aa..");
	st = stats(mm);
	CHECK_EQ(vms_fault(mm, PG(19) + 5, 0), 0);
	/* expand_downwards gives it an anon_vma, even for a read */
	CHECK_STR(tm_pic(mm, 24), "...................AAA..");
	CHECK_EQ(vms_area_pgoff(tm_at(mm, 19)), PG(19) / TP);
	CHECK_EQ(vms_fault(mm, PG(2), VMS_FAULT_WRITE), 0);
	CHECK_STR(tm_pic(mm, 24), "..AAAAAAAAAAAAAAAAAAAA..");
	CHECK_EQ(vms_area_flags(tm_at(mm, 2)), STACK_FLAGS);
	CHECK_EQ(vms_area_pgoff(tm_at(mm, 2)), PG(2) / TP);
	/* VmStk grew by the pages (probe: 100 pages, VmStk +400 kB) */
	CHECK_EQ(stats(mm).stack_vm, st.stack_vm + 18);
	CHECK_EQ(stats(mm).total_vm, st.total_vm + 18);
	CHECK_EQ(stats(mm).committed, st.committed + 18);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [gap], p_stack [2]: an accessible area below keeps 1 MiB away */
TEST(stack_guard_gap)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 1, R);
	map_gd(mm, 1 + 256 + 4, 1, RW);
	CHECK_EQ(vms_fault(mm, PG(257), 0), 0);
	CHECK_EQ(vms_fault(mm, PG(256) + 5, 0), -EFAULT);
	CHECK_EQ(vms_expand_stack(mm, PG(256)), -ENOMEM);
	CHECK_EQ(vms_area_start(tm_at(mm, 257)), PG(257));
	CHECK_EQ(vms_area_end(tm_at(mm, 257)), PG(262));
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [gap_exec]: execute-only is accessible too */
TEST(stack_guard_gap_exec_only)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 1, VMS_PROT_EXEC);
	map_gd(mm, 261, 1, RW);
	CHECK_EQ(vms_expand_stack(mm, PG(256)), -ENOMEM);
	vms_mm_destroy(mm);
}

/* [none], p_stack [3]: PROT_NONE below doesn't block; no merge */
TEST(stack_grows_up_to_prot_none)
{
	vms_mm *mm = tm_new();

	tm_map(mm, 0, 1, VMS_PROT_NONE);
	map_gd(mm, 8, 1, RW);
	CHECK_EQ(vms_fault(mm, PG(1), 0), 0);
	CHECK_STR(tm_pic(mm, 10), "aBBBBBBBB.");
	CHECK_EQ(tm_count(mm), 2);
	VALID(mm);
	vms_mm_destroy(mm);
}

/*
 * [gdprev]: another grows-down area below doesn't block either, and
 * growth never merges, even with an identical neighbour.  The kernel
 * leaves the two apart, so only the structure is validated.
 */
TEST(stack_grows_up_to_stack)
{
	vms_mm *mm = tm_new();

	map_gd(mm, 0, 1, RW);
	map_gd(mm, 10, 1, RW);
	CHECK_EQ(vms_fault(mm, PG(5), 0), 0);
	CHECK_EQ(vms_fault(mm, PG(1), VMS_FAULT_WRITE), 0);
	CHECK_STR(tm_pic(mm, 12), "aBBBBBBBBBB.");
	CHECK_EQ(tm_count(mm), 2);
	CHECK_EQ(tm_valid_structure(mm), 0);
	vms_mm_destroy(mm);
}

/* [rlim], p_stack [5]: the size may reach RLIMIT_STACK, not pass it */
TEST(stack_rlimit_stack)
{
	vms_mm *mm = tm_new();

	vms_mm_set_rlimit(mm, VMS_RLIMIT_STACK, 64 * TP);
	map_gd(mm, 1024, 1, RW);
	CHECK_EQ(vms_expand_stack(mm, PG(1024 - 63)), 0);
	CHECK_EQ(vms_expand_stack(mm, PG(1024 - 64)), -ENOMEM);
	CHECK_EQ(vms_fault(mm, PG(1024 - 64), 0), -EFAULT);
	CHECK_EQ(vms_area_start(tm_at(mm, 1000)), PG(961));
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [unmaplow], p_stack [6]: the rest still grows down, and grows back */
TEST(stack_unmap_lowest_page)
{
	vms_mm *mm = tm_new();

	map_gd(mm, 4, 4, RW);
	CHECK_EQ(vms_munmap(mm, PG(4), TP), 0);
	CHECK_STR(tm_pic(mm, 10), ".....aaa..");
	CHECK(vms_area_flags(tm_at(mm, 5)) & VMS_GROWSDOWN);
	CHECK_EQ(vms_fault(mm, PG(4), 0), 0);
	CHECK_EQ(vms_fault(mm, PG(0), 0), 0);
	CHECK_STR(tm_pic(mm, 10), "AAAAAAAA..");
	VALID(mm);
	vms_mm_destroy(mm);
}

/*
 * [ro]: the access check comes after the growth: a write below a
 * read-only stack grows it and still faults; so does a read below a
 * PROT_NONE one.  Without VM_ACCOUNT the model charges nothing.
 */
TEST(stack_access_after_growth)
{
	vms_mm *mm = tm_new();

	map_gd(mm, 4, 2, R);
	map_gd(mm, 12, 2, VMS_PROT_NONE);
	CHECK_EQ(vms_fault(mm, PG(3), VMS_FAULT_WRITE), -EACCES);
	CHECK_STR(tm_pic(mm, 14), "...AAA......bb");
	CHECK_EQ(vms_fault(mm, PG(2), 0), 0);
	CHECK_EQ(vms_fault(mm, PG(11), 0), -EACCES);
	CHECK_STR(tm_pic(mm, 14), "..AAAA.....BBB");
	CHECK_EQ(stats(mm).committed, 0);
	VALID(mm);
	vms_mm_destroy(mm);
}

/*
 * [minaddr]: the floor is the kernel's mmap_min_addr, the higher of the
 * sysctl (4096) and CONFIG_LSM_MMAP_MIN_ADDR (65536), and root's
 * CAP_SYS_RAWIO does not lift it.
 */
TEST(stack_mmap_min_addr)
{
	vms_mm *mm = tm_new();

	CHECK_EQ(vms_mmap(mm, 0x20000, TP, RW, GD, -1, 0), 0x20000);
	CHECK_EQ(vms_expand_stack(mm, 0x10000), 0);
	CHECK_EQ(vms_expand_stack(mm, 0xffff), -EPERM);
	CHECK_EQ(vms_fault(mm, 0xffff, 0), -EFAULT);
	CHECK_EQ(vms_area_start(vms_find_vma(mm, 0x10000)), 0x10000);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [as]: RLIMIT_AS counts the growth */
TEST(stack_rlimit_as)
{
	vms_mm *mm = tm_new();

	map_gd(mm, 1024, 1, RW);
	vms_mm_set_rlimit(mm, VMS_RLIMIT_AS, 5 * TP);
	CHECK_EQ(vms_expand_stack(mm, PG(1020)), 0);
	CHECK_EQ(vms_expand_stack(mm, PG(1019)), -ENOMEM);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [mlock]: a locked stack counts its growth against RLIMIT_MEMLOCK */
TEST(stack_locked)
{
	vms_mm *mm = cfg_mm(false, 8 * TP);

	CHECK_EQ(vms_mmap(mm, PG(1024), 2 * TP, RW, GD | VMS_MAP_LOCKED, -1, 0),
		 (int64_t)PG(1024));
	CHECK_EQ(stats(mm).locked_vm, 2);
	CHECK_EQ(vms_expand_stack(mm, PG(1018)), 0);
	CHECK_EQ(vms_expand_stack(mm, PG(1017)), -ENOMEM);
	CHECK_EQ(stats(mm).locked_vm, 8);
	CHECK_EQ(vms_area_start(tm_at(mm, 1024)), PG(1018));
	CHECK(vms_area_anon(tm_at(mm, 1024)) != NULL);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* [over]: the growth is charged; more than RAM + swap is refused */
TEST(stack_overcommit)
{
	vms_mm *mm = tm_new();
	uint64_t top = 0x700000000000ULL;
	struct vms_mm_stats st;

	vms_mm_set_rlimit(mm, VMS_RLIMIT_STACK, VMS_RLIM_INFINITY);
	CHECK_EQ(vms_mmap(mm, top, TP, RW, GD, -1, 0), (int64_t)top);
	st = stats(mm);
	CHECK_EQ(vms_expand_stack(mm, top - (25ULL << 30)), -ENOMEM);
	CHECK_EQ(vms_expand_stack(mm, top - (20ULL << 30)), 0);
	CHECK_EQ(stats(mm).committed, st.committed + (20ULL << 30) / TP);
	CHECK_EQ(vms_munmap(mm, top - (20ULL << 30), (20ULL << 30) + TP), 0);
	CHECK_EQ(stats(mm).committed, 0);
	CHECK_EQ(stats(mm).stack_vm, 0);
	VALID(mm);
	vms_mm_destroy(mm);
}

/* expand_stack's other answers (no probe needed: no growth happens) */
TEST(stack_nothing_to_grow)
{
	vms_mm *mm = tm_new();

	CHECK_EQ(vms_expand_stack(mm, PG(3)), -EFAULT);	/* no area above */
	tm_map(mm, 4, 1, RW);
	CHECK_EQ(vms_expand_stack(mm, PG(3)), -EFAULT);	/* not grows-down */
	CHECK_EQ(vms_fault(mm, PG(3), 0), -EFAULT);
	CHECK_EQ(vms_expand_stack(mm, PG(4) + 9), 0);	/* inside an area */
	CHECK_STR(tm_pic(mm, 6), "....a.");
	VALID(mm);
	vms_mm_destroy(mm);
}

/*
 * The one allocation (the anon_vma): the growth fails with -ENOMEM, the
 * fault with -EFAULT; nothing changed, nothing leaks.
 */
TEST(stack_allocation_failure)
{
	for (int via_fault = 0; via_fault < 2; via_fault++) {
		struct tm_failing f;
		struct vms_config cfg;
		struct vms_mm_stats st;
		vms_mm *mm;
		int r;

		vms_config_default(&cfg);
		tm_failing_allocator(&f, &cfg.allocator);
		mm = tm_new_cfg(&cfg);
		map_gd(mm, 6, 2, RW);
		st = stats(mm);
		f.countdown = 1;
		r = via_fault ? vms_fault(mm, PG(3), VMS_FAULT_WRITE)
			      : vms_expand_stack(mm, PG(3));
		f.countdown = 0;
		CHECK(f.failed);
		CHECK_EQ(r, via_fault ? -EFAULT : -ENOMEM);
		CHECK_STR(tm_pic(mm, 10), "......aa..");
		CHECK_EQ(stats(mm).total_vm, st.total_vm);
		CHECK_EQ(stats(mm).committed, st.committed);
		VALID(mm);
		CHECK_EQ(vms_fault(mm, PG(3), VMS_FAULT_WRITE), 0);
		CHECK_STR(tm_pic(mm, 10), "...AAAAA..");
		vms_mm_destroy(mm);
		CHECK_EQ(f.live_bytes, 0);
	}
}

int main(void)
{
	RUN(stack_grows_down);
	RUN(stack_guard_gap);
	RUN(stack_guard_gap_exec_only);
	RUN(stack_grows_up_to_prot_none);
	RUN(stack_grows_up_to_stack);
	RUN(stack_rlimit_stack);
	RUN(stack_unmap_lowest_page);
	RUN(stack_access_after_growth);
	RUN(stack_mmap_min_addr);
	RUN(stack_rlimit_as);
	RUN(stack_locked);
	RUN(stack_overcommit);
	RUN(stack_nothing_to_grow);
	RUN(stack_allocation_failure);
	return CHECK_DONE();
}
