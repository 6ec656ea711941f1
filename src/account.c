// SPDX-License-Identifier: MIT
/*
 * Counters and limits: total/data/exec/stack pages (/proc/PID/status),
 * RLIMIT_AS and RLIMIT_DATA (may_expand_vm), and overcommit in the
 * kernel's default heuristic mode, where only a single request larger
 * than RAM + swap fails.
 */
#include "internal.h"

static bool is_exec_mapping(uint64_t f)
{
	return (f & (VMS_EXEC | VMS_WRITE | VMS_GROWSDOWN)) == VMS_EXEC;
}

static bool is_stack_mapping(uint64_t f)
{
	return (f & VMS_GROWSDOWN) == VMS_GROWSDOWN;
}

bool vms__is_data_mapping(uint64_t f)
{
	return (f & (VMS_WRITE | VMS_SHARED | VMS_GROWSDOWN)) == VMS_WRITE;
}

void vms__stat_account(struct vms_mm *mm, uint64_t flags, int64_t pages)
{
	mm->total_vm += (uint64_t)pages;
	if (is_exec_mapping(flags))
		mm->exec_vm += (uint64_t)pages;
	else if (is_stack_mapping(flags))
		mm->stack_vm += (uint64_t)pages;
	else if (vms__is_data_mapping(flags))
		mm->data_vm += (uint64_t)pages;
}

static uint64_t limit_pages(const struct vms_mm *mm, enum vms_rlimit r)
{
	uint64_t v = mm->cfg.rlimit[r];

	return v == VMS_RLIM_INFINITY ? UINT64_MAX : v >> mm->page_shift;
}

bool vms__may_expand_vm(const struct vms_mm *mm, uint64_t flags,
			uint64_t pages)
{
	if (mm->total_vm + pages > limit_pages(mm, VMS_RLIMIT_AS))
		return false;
	if (vms__is_data_mapping(flags) &&
	    mm->data_vm + pages > limit_pages(mm, VMS_RLIMIT_DATA))
		return false;
	return true;
}

int vms__vm_enough_memory(struct vms_mm *mm, uint64_t pages)
{
	uint64_t limit = (mm->cfg.ram_bytes + mm->cfg.swap_bytes) >>
			 mm->page_shift;

	if (pages > limit)
		return -ENOMEM;
	mm->committed += pages;
	return 0;
}

void vms__vm_unacct_memory(struct vms_mm *mm, uint64_t pages)
{
	mm->committed -= pages;
}

bool vms__mlock_future_ok(const struct vms_mm *mm, uint64_t flags,
			  uint64_t bytes)
{
	if (!(flags & VMS_LOCKED) || mm->cfg.cap_ipc_lock)
		return true;
	return (bytes >> mm->page_shift) + mm->locked_vm <=
	       limit_pages(mm, VMS_RLIMIT_MEMLOCK);
}

bool vms__can_do_mlock(const struct vms_mm *mm)
{
	return mm->cfg.rlimit[VMS_RLIMIT_MEMLOCK] != 0 || mm->cfg.cap_ipc_lock;
}
