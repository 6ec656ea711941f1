// SPDX-License-Identifier: MIT
/*
 * The operations table: recording stubs prove that each hook is called
 * where Linux 6.18 calls its vm_operations_struct counterpart (reference
 * section 6): open on every area copied from another (split), close when
 * an area leaves, may_split before every split, populate for MAP_POPULATE
 * and MAP_LOCKED, fault on faults, name for maps.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "model.h"

static char logbuf[4096];

static void logf_(const char *what, const vms_area *a)
{
	size_t n = strlen(logbuf);

	snprintf(logbuf + n, sizeof(logbuf) - n, "%s(%llx-%llx) ", what,
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

static int veto;

static int rec_may_split(vms_area *a, uint64_t addr)
{
	size_t n = strlen(logbuf);

	snprintf(logbuf + n, sizeof(logbuf) - n, "may_split(%llx@%llx) ",
		 (unsigned long long)((vms_area_start(a) - TW) / TP),
		 (unsigned long long)((addr - TW) / TP));
	return veto;
}

static int rec_populate(vms_area *a, uint64_t start, uint64_t end, bool w)
{
	size_t n = strlen(logbuf);

	snprintf(logbuf + n, sizeof(logbuf) - n, "populate(%llx-%llx,%c) ",
		 (unsigned long long)((start - TW) / TP),
		 (unsigned long long)((end - TW) / TP), w ? 'w' : 'r');
	return 0;
}

static int rec_fault(vms_area *a, uint64_t addr, unsigned int flags)
{
	size_t n = strlen(logbuf);

	snprintf(logbuf + n, sizeof(logbuf) - n, "fault(%llx,%u) ",
		 (unsigned long long)((addr - TW) / TP), flags);
	return 0;
}

static const char *rec_name(const vms_area *a)
{
	return "[rec]";
}

static const struct vms_vm_ops rec_ops = {
	.open = rec_open,
	.close = rec_close,
	.may_split = rec_may_split,
	.populate = rec_populate,
	.fault = rec_fault,
	.name = rec_name,
};

static const struct vms_vm_ops noclose_ops = {
	.open = rec_open,
	.populate = rec_populate,
};

static vms_mm *with_area(unsigned pg, unsigned n, const struct vms_vm_ops *o)
{
	vms_mm *mm = tm_new();
	struct vms_area_desc d = {
		.start = PG(pg),
		.end = PG(pg + n),
		.flags = VMS_READ | VMS_WRITE | VMS_MAYREAD | VMS_MAYWRITE |
			 VMS_MAYEXEC,
		.ops = o,
	};

	vms_insert_area(mm, &d, NULL);
	logbuf[0] = 0;
	veto = 0;
	return mm;
}

TEST(split_calls_may_split_then_open_on_new_piece)
{
	vms_mm *mm = with_area(0, 4, &rec_ops);

	CHECK_EQ(vms_mprotect(mm, PG(1), 2 * TP, VMS_PROT_READ), 0);
	CHECK_STR(logbuf, "may_split(0@1) open(0-1) may_split(1@3) open(3-4) ");
	CHECK_STR(tm_pic(mm, 4), "abbc");
	vms_mm_destroy(mm);
}

TEST(munmap_closes_detached_only)
{
	vms_mm *mm = with_area(0, 4, &rec_ops);

	CHECK_EQ(vms_munmap(mm, PG(1), 2 * TP), 0);
	CHECK_STR(logbuf, "may_split(0@1) open(0-1) may_split(1@3) open(3-4) "
			  "close(1-3) ");
	logbuf[0] = 0;
	vms_mm_destroy(mm);
	CHECK_STR(logbuf, "close(0-1) close(3-4) ");
}

TEST(may_split_veto)
{
	vms_mm *mm = with_area(0, 4, &rec_ops);

	veto = -EINVAL;
	CHECK_EQ(vms_munmap(mm, PG(1), TP), -EINVAL);
	CHECK_EQ(vms_mprotect(mm, PG(0), TP, VMS_PROT_READ), -EINVAL);
	CHECK_STR(tm_pic(mm, 4), "aaaa");
	/* the whole area needs no split */
	CHECK_EQ(vms_mprotect(mm, PG(0), 4 * TP, VMS_PROT_READ), 0);
	CHECK_EQ(vms_munmap(mm, PG(0), 4 * TP), 0);
	CHECK_STR(logbuf, "may_split(0@1) may_split(0@1) close(0-4) ");
	vms_mm_destroy(mm);
}

TEST(map_fixed_closes_replaced_area)
{
	vms_mm *mm = with_area(0, 2, &rec_ops);

	CHECK_EQ(tm_map(mm, 0, 2, VMS_PROT_READ), (int64_t)PG(0));
	CHECK_STR(logbuf, "close(0-2) ");
	CHECK(vms_area_ops(tm_at(mm, 0)) == NULL);
	vms_mm_destroy(mm);
}

TEST(name_and_fault_hooks)
{
	vms_mm *mm = with_area(0, 2, &rec_ops);

	CHECK_STR(vms_area_special_name(tm_at(mm, 0)), "[rec]");
	CHECK_EQ(vms_fault(mm, PG(1), VMS_FAULT_WRITE), 0);
	CHECK_STR(logbuf, "fault(1,1) ");
	CHECK(vms_area_anon(tm_at(mm, 0)) != NULL);
	CHECK_EQ(vms_fault(mm, PG(1), VMS_FAULT_EXEC), -EACCES);
	CHECK_EQ(vms_fault(mm, PG(3), 0), -EFAULT);
	vms_mm_destroy(mm);
}

static int make_file(vms_mm *mm, int fd, const struct vms_vm_ops *o)
{
	struct vms_file_desc d = {
		.path = "/dev/rec", .dev_major = 8, .inode = 7,
		.size = 1 << 20, .readable = true, .writable = true, .ops = o,
	};
	vms_file *f;
	int err = vms_file_create(mm, &d, &f);

	if (err)
		return err;
	err = vms_fd_install(mm, fd, f);
	vms_file_put(f);
	return err;
}

TEST(populate_on_map_populate_and_locked)
{
	vms_mm *mm = tm_new();
	int fl = VMS_MAP_PRIVATE | VMS_MAP_FIXED;

	CHECK_EQ(make_file(mm, 3, &rec_ops), 0);
	logbuf[0] = 0;
	CHECK_EQ(vms_mmap(mm, PG(0), TP, VMS_PROT_READ, fl, 3, 0),
		 (int64_t)PG(0));
	CHECK_STR(logbuf, "");
	CHECK_EQ(vms_mmap(mm, PG(2), TP, VMS_PROT_READ | VMS_PROT_WRITE,
			  fl | VMS_MAP_POPULATE, 3, 0),
		 (int64_t)PG(2));
	CHECK_STR(logbuf, "populate(2-3,w) ");
	logbuf[0] = 0;
	CHECK_EQ(vms_mmap(mm, PG(4), TP, VMS_PROT_READ,
			  fl | VMS_MAP_POPULATE | VMS_MAP_NONBLOCK, 3, 0),
		 (int64_t)PG(4));
	CHECK_STR(logbuf, "");
	CHECK_EQ(vms_mmap(mm, PG(6), TP, VMS_PROT_READ, fl | VMS_MAP_LOCKED,
			  3, 0),
		 (int64_t)PG(6));
	CHECK_STR(logbuf, "populate(6-7,r) ");
	vms_mm_destroy(mm);
}

/*
 * An area with a close hook may be expanded by a merge but never deleted
 * by one (tools/testing/vma vma_merge_new_with_close).
 */
TEST(close_blocks_deletion_by_merge)
{
	vms_mm *mm = tm_new();
	int fl = VMS_MAP_SHARED | VMS_MAP_FIXED;

	CHECK_EQ(make_file(mm, 3, &rec_ops), 0);
	CHECK_EQ(vms_mmap(mm, PG(0), TP, VMS_PROT_READ, fl, 3, 0),
		 (int64_t)PG(0));
	CHECK_EQ(vms_mmap(mm, PG(2), TP, VMS_PROT_READ, fl, 3, 2 * TP),
		 (int64_t)PG(2));
	CHECK_EQ(vms_mmap(mm, PG(1), TP, VMS_PROT_READ, fl, 3, TP),
		 (int64_t)PG(1));
	CHECK_STR(tm_pic(mm, 3), "aab");
	vms_mm_destroy(mm);

	/* without close, the same sequence ends in one area */
	mm = tm_new();
	CHECK_EQ(make_file(mm, 3, &noclose_ops), 0);
	vms_mmap(mm, PG(0), TP, VMS_PROT_READ, fl, 3, 0);
	vms_mmap(mm, PG(2), TP, VMS_PROT_READ, fl, 3, 2 * TP);
	vms_mmap(mm, PG(1), TP, VMS_PROT_READ, fl, 3, TP);
	CHECK_STR(tm_pic(mm, 3), "aaa");
	vms_mm_destroy(mm);
}

TEST(modify_with_close_never_deletes)
{
	vms_mm *mm = tm_new();
	int fl = VMS_MAP_SHARED | VMS_MAP_FIXED;

	CHECK_EQ(make_file(mm, 3, &rec_ops), 0);
	vms_mmap(mm, PG(0), TP, VMS_PROT_READ, fl, 3, 0);
	vms_mmap(mm, PG(1), TP, VMS_PROT_READ | VMS_PROT_WRITE, fl, 3, TP);
	CHECK_STR(tm_pic(mm, 2), "ab");
	/* b would be absorbed whole into a: aborted, b only changes flags */
	CHECK_EQ(vms_mprotect(mm, PG(1), TP, VMS_PROT_READ), 0);
	CHECK_STR(tm_pic(mm, 2), "ab");
	vms_mm_destroy(mm);
}

int main(void)
{
	RUN(split_calls_may_split_then_open_on_new_piece);
	RUN(munmap_closes_detached_only);
	RUN(may_split_veto);
	RUN(map_fixed_closes_replaced_area);
	RUN(name_and_fault_hooks);
	RUN(populate_on_map_populate_and_locked);
	RUN(close_blocks_deletion_by_merge);
	RUN(modify_with_close_never_deletes);
	return CHECK_DONE();
}
