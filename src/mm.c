// SPDX-License-Identifier: MIT
/*
 * Creating and destroying address spaces, and their settings.
 */
#include <string.h>

#include "internal.h"

void vms_config_default(struct vms_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->page_size = 4096;
	cfg->task_size = 0x7ffffffff000ULL;	/* 47-bit user space */
	/* TASK_SIZE - (8 MiB stack rlimit + 1 MiB guard), no ASLR */
	cfg->mmap_base = 0x7ffff7fff000ULL;
	cfg->legacy_base = 0x2aaaaaaab000ULL;	/* PAGE_ALIGN(TASK_SIZE / 3) */
	cfg->mmap_min_addr = 4096;		/* vm.mmap_min_addr here */
	cfg->lsm_mmap_min_addr = 65536;		/* this kernel's config */
	cfg->stack_guard_gap = 256 * 4096;
	cfg->max_map_count = 65530;
	cfg->rlimit[VMS_RLIMIT_AS] = VMS_RLIM_INFINITY;
	cfg->rlimit[VMS_RLIMIT_DATA] = VMS_RLIM_INFINITY;
	cfg->rlimit[VMS_RLIMIT_MEMLOCK] = 8ULL << 20;
	cfg->rlimit[VMS_RLIMIT_STACK] = 8ULL << 20;
	cfg->ram_bytes = 24ULL << 30;
	cfg->swap_bytes = 0;
	cfg->cap_ipc_lock = true;
	cfg->cap_sys_rawio = true;
	cfg->thp = true;
	cfg->pkeys = false;			/* this CPU has no pku */
}

static bool aligned(uint64_t v, uint64_t page)
{
	return (v & (page - 1)) == 0;
}

static int check_config(const struct vms_config *c)
{
	uint64_t p = c->page_size;

	if (p < 1024 || (p & (p - 1)))
		return -EINVAL;
	if (!aligned(c->task_size, p) || !aligned(c->mmap_base, p) ||
	    !aligned(c->legacy_base, p) || !aligned(c->stack_guard_gap, p))
		return -EINVAL;
	if (c->task_size == 0 || c->mmap_base > c->task_size ||
	    c->legacy_base > c->task_size)
		return -EINVAL;
	return 0;
}

int vms_mm_create(const struct vms_config *cfg, vms_mm **out)
{
	struct vms_config c = *cfg;
	struct vms_mm *mm;
	int err = check_config(&c);

	if (err)
		return err;
	vms__allocator_fill(&c.allocator);
	mm = c.allocator.alloc(c.allocator.ctx, sizeof(*mm));
	if (!mm)
		return -ENOMEM;
	memset(mm, 0, sizeof(*mm));
	mm->cfg = c;
	while ((1ULL << mm->page_shift) < c.page_size)
		mm->page_shift++;
	mm->exec_only_pkey = -1;
	mm->smaps_has_pkey = c.pkeys;
	*out = mm;
	return 0;
}

void vms_mm_destroy(vms_mm *mm)
{
	struct vms_area *a, *n;

	if (!mm)
		return;
	/* exit_mmap: every area is closed and released */
	for (a = mm->first; a; a = n) {
		n = a->next;
		if (a->ops && a->ops->close)
			a->ops->close(a);
		vms__area_release(a);
		vms__area_free(mm, a);
	}
	vms__file_put_all(mm);
	vms__slab_destroy(mm);
	mm->cfg.allocator.free(mm->cfg.allocator.ctx, mm, sizeof(*mm));
}

const struct vms_config *vms_mm_config(const vms_mm *mm)
{
	return &mm->cfg;
}

int vms_mm_set_rlimit(vms_mm *mm, enum vms_rlimit which, uint64_t bytes)
{
	if ((unsigned)which >= VMS_RLIMIT_NR)
		return -EINVAL;
	mm->cfg.rlimit[which] = bytes;
	return 0;
}

void vms_mm_stats(const vms_mm *mm, struct vms_mm_stats *st)
{
	st->map_count = mm->map_count;
	st->total_vm = mm->total_vm;
	st->data_vm = mm->data_vm;
	st->exec_vm = mm->exec_vm;
	st->stack_vm = mm->stack_vm;
	st->locked_vm = mm->locked_vm;
	st->committed = mm->committed;
}

void vms_mm_set_brk(vms_mm *mm, uint64_t start_brk, uint64_t brk)
{
	mm->start_brk = start_brk;
	mm->brk = brk;
}

void vms_mm_get_brk(const vms_mm *mm, uint64_t *start_brk, uint64_t *brk)
{
	*start_brk = mm->start_brk;
	*brk = mm->brk;
}

void vms_mm_set_start_stack(vms_mm *mm, uint64_t start_stack)
{
	mm->start_stack = start_stack;
}

uint64_t vms_mm_start_stack(const vms_mm *mm)
{
	return mm->start_stack;
}
