// SPDX-License-Identifier: MIT
/*
 * The whole-structure check that tests run after every operation:
 * red-black shape, gap augmentation, list order equal to tree order, no
 * overlap, alignment, counters, and no two neighbours that the kernel
 * would have merged.
 */
#include <stdarg.h>
#include <stdio.h>

#include "internal.h"

#define area_of(n) vms__area(n)

void vms__why(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!why || !len)
		return;
	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
}

/*
 * Could a and b (adjacent) be one area?  The merge rules of a new range,
 * with a's identity as the proposal.  Failure leftovers are exactly such
 * pairs, so callers that provoke failures skip this check.
 */
bool vms__would_merge(const struct vms_area *a, const struct vms_area *b)
{
	uint64_t ignore = VMS_STICKY | VMS__INTERNAL;
	const char *na = a->ext ? a->ext->anon_name : NULL;
	const char *nb = b->ext ? b->ext->anon_name : NULL;

	if (vms__end(a) != b->start || (a->flags & VMS_SPECIAL))
		return false;
	if (((a->flags ^ b->flags) & ~ignore) || a->file != b->file ||
	    a->ops != b->ops)
		return false;
	if ((na || nb) && (!na || !nb))
		return false;
	if (na && nb) {
		while (*na && *na == *nb)
			na++, nb++;
		if (*na != *nb)
			return false;
	}
	if (a->anon && b->anon && a->anon != b->anon)
		return false;
	if ((a->anon && (a->flags & VMS__FORK_CHILD)) ||
	    (b->anon && (b->flags & VMS__FORK_CHILD)))
		return false;
	return a->pgoff + vms__area_pages(a) == b->pgoff;
}

/*
 * Neighbours that look mergeable but that the kernel keeps apart: areas
 * installed from a snapshot (which can't show why), and areas whose
 * range or flags changed with no merge attempt (VMS__UNMERGED: stack
 * growth, a new brk area, DONTUNMAP's source).
 */
static bool kept_apart(const struct vms_area *prev, const struct vms_area *a)
{
	if (prev->flags & a->flags & VMS__INSTALLED)
		return true;
	return (prev->flags | a->flags) & VMS__UNMERGED;
}

int vms__validate(const vms_mm *mm, bool check_merged, char *why, size_t len)
{
	const struct vms_area *a, *prev = NULL;
	struct vms_rb_node *n;
	uint64_t count = 0, total = 0, mask = mm->cfg.page_size - 1;
	int err = vms__tree_validate(mm, why, len);

	if (err)
		return err;
	n = vms_rb_first(&mm->tree);
	for (a = mm->first; a; prev = a, a = a->next) {
		if (!n || area_of(n) != a) {
			vms__why(why, len, "list and tree differ at %#llx",
				 (unsigned long long)a->start);
			return -EUCLEAN;
		}
		n = vms_rb_next(n);
		if (a->prev != prev) {
			vms__why(why, len, "broken prev link at %#llx",
				 (unsigned long long)a->start);
			return -EUCLEAN;
		}
		if (vms__area_mm(a) != mm) {
			vms__why(why, len, "area %#llx has another owner",
				 (unsigned long long)a->start);
			return -EUCLEAN;
		}
		if (a->start >= vms__end(a) || (a->start & mask) ||
		    (vms__end(a) & mask) || vms__end(a) > mm->cfg.task_size) {
			vms__why(why, len, "bad range %#llx-%#llx",
				 (unsigned long long)a->start,
				 (unsigned long long)vms__end(a));
			return -EUCLEAN;
		}
		if (prev && vms__end(prev) > a->start) {
			vms__why(why, len, "overlap at %#llx",
				 (unsigned long long)a->start);
			return -EUCLEAN;
		}
		if (check_merged && prev && vms__would_merge(prev, a) &&
		    !kept_apart(prev, a)) {
			vms__why(why, len,
				 "unmerged neighbours at %#llx",
				 (unsigned long long)a->start);
			return -EUCLEAN;
		}
		count++;
		total += vms__area_pages(a);
	}
	if (n || mm->last != prev) {
		vms__why(why, len, "list ends early");
		return -EUCLEAN;
	}
	if (count != mm->map_count) {
		vms__why(why, len, "map_count %llu, %llu areas",
			 (unsigned long long)mm->map_count,
			 (unsigned long long)count);
		return -EUCLEAN;
	}
	if (total != mm->total_vm) {
		vms__why(why, len, "total_vm %llu, areas hold %llu pages",
			 (unsigned long long)mm->total_vm,
			 (unsigned long long)total);
		return -EUCLEAN;
	}
	return 0;
}

#if defined(VMS_DEBUG) && VMS_DEBUG >= 2
#include <stdlib.h>

void vms__debug_validate(const struct vms_mm *mm, const char *op)
{
	char why[256];

	if (vms__validate(mm, false, why, sizeof(why))) {
		fprintf(stderr, "vmspace: invariant broken after %s: %s\n", op,
			why);
		abort();
	}
}
#endif

int vms_mm_validate(const vms_mm *mm, char *why, size_t len)
{
	return vms__validate(mm, true, why, len);
}

int vms_mm_validate_structure(const vms_mm *mm, char *why, size_t len)
{
	return vms__validate(mm, false, why, len);
}
