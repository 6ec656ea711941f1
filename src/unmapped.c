// SPDX-License-Identifier: MIT
/*
 * get_unmapped_area for x86_64: where mmap(NULL) lands.
 *
 * Top-down (the default): a hint is taken, rounded down, only if the whole
 * range is free including the guard gap below a grows-down area;
 * otherwise the new mapping goes to the top of the highest hole below
 * mmap_base that fits, and on failure a bottom-up search follows.
 * Anonymous private mappings whose length is a multiple of the PMD size
 * (2 MiB with 4 KiB pages) are PMD-aligned (thp_get_unmapped_area).
 */
#include "internal.h"

static uint64_t pmd_size(const struct vms_mm *mm)
{
	/* one page-table page of 8-byte entries maps this much */
	return mm->cfg.page_size * (mm->cfg.page_size / 8);
}

uint64_t vms__min_addr(const struct vms_mm *mm)
{
	uint64_t m = mm->cfg.mmap_min_addr;

	return m > mm->cfg.lsm_mmap_min_addr ? m : mm->cfg.lsm_mmap_min_addr;
}

static uint64_t low_limit(const struct vms_mm *mm, uint64_t low)
{
	uint64_t m = vms__min_addr(mm);

	return low < m ? m : low;
}

static bool startgap_area(const struct vms_area *a)
{
	return a && (a->flags & (VMS_GROWSDOWN | VMS_SHADOW_STACK));
}

/*
 * unmapped_area_topdown: take the highest gap; if the area above it
 * grows down and its guard gap reaches into the candidate, lower the
 * whole search's ceiling to the guard and search again.  The retry can
 * skip a gap that would fit below the guard yet above the ceiling: the
 * kernel's quirk, kept.
 */
static int64_t search_topdown(const struct vms_mm *mm, uint64_t len,
			      uint64_t low, uint64_t high)
{
	uint64_t lo, hi;
	struct vms_area *above;

	low = low_limit(mm, low);
	while (!vms__gap_topdown(mm, len, low, high, &lo, &hi, &above)) {
		if (startgap_area(above) &&
		    vms__start_gap(mm, above) <= hi - 1) {
			high = vms__start_gap(mm, above);
			if (high < low)
				break;
			continue;
		}
		return (int64_t)(hi - len);
	}
	return -ENOMEM;
}

/* unmapped_area: the mirror image; a guard conflict restarts above. */
static int64_t search_bottomup(const struct vms_mm *mm, uint64_t len,
			       uint64_t low, uint64_t high)
{
	uint64_t lo, hi;
	struct vms_area *above;

	low = low_limit(mm, low);
	while (!vms__gap_bottomup(mm, len, low, high, &lo, &hi, &above)) {
		if (startgap_area(above) &&
		    vms__start_gap(mm, above) < lo + len - 1) {
			low = vms__end(above);
			continue;
		}
		return (int64_t)lo;
	}
	return -ENOMEM;
}

/* Is [addr, addr+len) free, guard gap included? */
static bool hint_free(const struct vms_mm *mm, uint64_t addr, uint64_t len)
{
	struct vms_area *a = vms_find_vma(mm, addr);

	return !a || addr + len <= vms__start_gap(mm, a);
}

static int64_t bottomup(struct vms_mm *mm, uint64_t addr, uint64_t len,
			uint64_t pgoff, int flags)
{
	uint64_t begin = mm->cfg.legacy_base, end = mm->cfg.task_size;

	if (flags & VMS_MAP_FIXED)
		return (int64_t)addr;
	if (flags & VMS_MAP_32BIT) {
		begin = 0x40000000ULL;
		end = 0x80000000ULL;
	}
	if (len > end)
		return -ENOMEM;
	if (addr) {
		addr = vms__page_align(mm, addr);
		if (end - len >= addr && hint_free(mm, addr, len))
			return (int64_t)addr;
	}
	(void)pgoff;
	return search_bottomup(mm, len, begin, end);
}

static int64_t topdown(struct vms_mm *mm, uint64_t addr, uint64_t len,
		       uint64_t pgoff, int flags)
{
	uint64_t ts = mm->cfg.task_size;
	int64_t r;

	if (len > ts)
		return -ENOMEM;
	if (flags & VMS_MAP_FIXED)
		return (int64_t)addr;
	if (flags & VMS_MAP_32BIT)
		return bottomup(mm, 0, len, pgoff, flags);
	if (addr) {
		addr &= ~(mm->cfg.page_size - 1);
		if (ts - len >= addr && hint_free(mm, addr, len))
			return (int64_t)addr;
	}
	r = search_topdown(mm, len, mm->cfg.page_size, mm->cfg.mmap_base);
	if (r >= 0)
		return r;
	return bottomup(mm, 0, len, pgoff, flags & ~VMS_MAP_FIXED);
}

static int64_t arch_area(struct vms_mm *mm, uint64_t addr, uint64_t len,
			 uint64_t pgoff, int flags)
{
	if (mm->cfg.legacy_layout)
		return bottomup(mm, addr, len, pgoff, flags);
	return topdown(mm, addr, len, pgoff, flags);
}

/* __thp_get_unmapped_area: 0 means "fall back to the plain search". */
static uint64_t thp_area(struct vms_mm *mm, uint64_t addr, uint64_t len,
			 uint64_t pgoff, int flags)
{
	uint64_t size = pmd_size(mm), off = pgoff << mm->page_shift;
	uint64_t off_end = off + len, off_align = (off + size - 1) & ~(size - 1);
	uint64_t len_pad = len + size, off_sub;
	int64_t ret;

	if (off_end <= off_align || off_end - off_align < size)
		return 0;
	if (len_pad < len || off + len_pad < off)
		return 0;
	ret = arch_area(mm, addr, len_pad, pgoff, flags);
	if (ret < 0)
		return 0;
	if ((uint64_t)ret == addr)
		return addr;
	off_sub = (off - (uint64_t)ret) & (size - 1);
	if (!mm->cfg.legacy_layout && !off_sub)
		return (uint64_t)ret + size;
	return (uint64_t)ret + off_sub;
}

int64_t vms_get_unmapped_area(vms_mm *mm, vms_file *file, uint64_t addr,
			      uint64_t len, uint64_t pgoff, int flags)
{
	uint64_t ts = mm->cfg.task_size;
	int64_t ret;

	if (len > ts)
		return -ENOMEM;
	if (!file)
		pgoff = 0;
	if (mm->cfg.thp &&
	    ((file && file->d.thp_aligned) ||
	     (!file && !(flags & VMS_MAP_SHARED) && !addr &&
	      (len & (pmd_size(mm) - 1)) == 0))) {
		uint64_t a = thp_area(mm, addr, len, pgoff, flags);

		ret = a ? (int64_t)a : arch_area(mm, addr, len, pgoff, flags);
	} else {
		ret = arch_area(mm, addr, len, pgoff, flags);
	}
	if (ret < 0)
		return ret;
	if ((uint64_t)ret > ts - len)
		return -ENOMEM;
	if ((uint64_t)ret & (mm->cfg.page_size - 1))
		return -EINVAL;
	if ((uint64_t)ret < mm->cfg.mmap_min_addr && !mm->cfg.cap_sys_rawio)
		return -EPERM;
	return ret;
}
