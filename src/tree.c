// SPDX-License-Identifier: MIT
/*
 * The areas of an address space, kept twice as the seed describes: in an
 * address-sorted doubly linked list (O(1) neighbours, in-order walks) and
 * in a red-black tree (O(log n) lookup).  The tree is augmented with the
 * largest free gap below each area in its subtree (from the previous
 * area's end to the area's start), which makes the free-area search
 * O(log n), as the kernel's rbtree era did and as its maple tree does
 * today.  Stack guard gaps are applied by the search's callers
 * (unmapped.c), with the kernel's retry rule.
 */
#include "internal.h"

#define area_of(n) vms__area(n)
#define node_of(a) (&vms__node(a)->rb)
#define end_of(n) vms_rb_entry(n, struct vms_area_node, rb)->end

uint64_t vms__start_gap(const struct vms_mm *mm, const struct vms_area *a)
{
	uint64_t s = a->start;

	if (a->flags & (VMS_GROWSDOWN | VMS_SHADOW_STACK)) {
		uint64_t gap = (a->flags & VMS_GROWSDOWN) ?
				       mm->cfg.stack_guard_gap :
				       mm->cfg.page_size;
		s = s > gap ? s - gap : 0;
	}
	return s;
}

/*
 * The free gap immediately below a, as the maple tree sees it: from the
 * previous area's end to a's start.  Guard gaps below grows-down areas
 * are applied by the search's retry, as the kernel does, not here.
 */
static uint64_t gap_below(const struct vms_area *a)
{
	uint64_t lo = a->prev ? vms__end(a->prev) : 0;

	return a->start - lo;
}

static bool gap_recompute(struct vms_rb_node *n)
{
	struct vms_area *a = area_of(n);
	uint64_t m = gap_below(a);

	if (n->left && area_of(n->left)->max_gap > m)
		m = area_of(n->left)->max_gap;
	if (n->right && area_of(n->right)->max_gap > m)
		m = area_of(n->right)->max_gap;
	if (m == a->max_gap)
		return false;
	a->max_gap = m;
	return true;
}

static const struct vms_rb_augment gap_aug = { .recompute = gap_recompute };

/* Link a at *link under parent, between prev and next (either NULL). */
static void link_area(struct vms_mm *mm, struct vms_area *a,
		      struct vms_area *prev, struct vms_area *next,
		      struct vms_rb_node *parent, struct vms_rb_node **link)
{
	a->prev = prev;
	a->next = next;
	if (prev)
		prev->next = a;
	else
		mm->first = a;
	if (next)
		next->prev = a;
	else
		mm->last = a;
	a->max_gap = gap_below(a);
	/*
	 * next's own gap shrank.  Settle that before linking a: rebalancing
	 * trusts the value of every node but the new one, and the tree stops
	 * recomputing at the first value that stays the same.
	 */
	if (next)
		vms_rb_propagate(node_of(next), &gap_aug);
	vms_rb_link(node_of(a), parent, link);
	vms_rb_insert_fixup(&mm->tree, node_of(a), &gap_aug);
}

void vms__tree_insert(struct vms_mm *mm, struct vms_area *a)
{
	struct vms_rb_node **link = &mm->tree.node, *parent = NULL;
	struct vms_rb_node *prev_node = NULL, *next_node = NULL;
	uint64_t end = vms__end(a);

	/*
	 * Areas never overlap, so ordering by end is ordering by start, and
	 * the descent reads only nodes.
	 */
	while (*link) {
		parent = *link;
		if (end < end_of(parent)) {
			next_node = parent;
			link = &parent->left;
		} else {
			prev_node = parent;
			link = &parent->right;
		}
	}
	link_area(mm, a, prev_node ? area_of(prev_node) : NULL,
		  next_node ? area_of(next_node) : NULL, parent, link);
}

/*
 * The neighbours are known (a split, a new range beside the areas a
 * lookup found): link without a descent.  If next has no left child, a
 * becomes it; otherwise prev is the rightmost node of next's left
 * subtree (or, with no next, of the tree), so its right link is free.
 */
void vms__tree_insert_after(struct vms_mm *mm, struct vms_area *a,
			    struct vms_area *prev)
{
	struct vms_area *next = prev ? prev->next : mm->first;
	struct vms_rb_node *parent;

	if (!mm->tree.node) {
		link_area(mm, a, NULL, NULL, NULL, &mm->tree.node);
		return;
	}
	if (next && !node_of(next)->left) {
		parent = node_of(next);
		link_area(mm, a, prev, next, parent, &parent->left);
	} else {
		parent = node_of(prev);
		link_area(mm, a, prev, next, parent, &parent->right);
	}
}

void vms__tree_erase(struct vms_mm *mm, struct vms_area *a)
{
	struct vms_area *prev = a->prev, *next = a->next;

	if (prev)
		prev->next = next;
	else
		mm->first = next;
	if (next)
		next->prev = prev;
	else
		mm->last = prev;
	/* next's gap grew: settle that before erase rebalances (see above) */
	if (next)
		vms_rb_propagate(node_of(next), &gap_aug);
	vms_rb_erase(&mm->tree, node_of(a), &gap_aug);
	a->prev = a->next = NULL;
}

void vms__tree_adjust(struct vms_mm *mm, struct vms_area *a)
{
	(void)mm;
	vms_rb_propagate(node_of(a), &gap_aug);
	if (a->next)
		vms_rb_propagate(node_of(a->next), &gap_aug);
}

/* ---- lookups ---- */

vms_area *vms_find_vma(const vms_mm *mm, uint64_t addr)
{
	struct vms_rb_node *n = mm->tree.node, *best = NULL;

	/*
	 * The first area with end > addr, found from the nodes alone: they
	 * are packed two to a cache line, apart from the rest of the areas.
	 */
	while (n) {
#ifdef __GNUC__
		/* start both children's loads while this node is compared */
		__builtin_prefetch(n->left);
		__builtin_prefetch(n->right);
#endif
		/*
		 * Branch-free: the direction is a random bit per level, so a
		 * branch would mispredict half the time; a mask costs nothing.
		 */
		uintptr_t left = -(uintptr_t)(end_of(n) > addr);

		best = (struct vms_rb_node *)(((uintptr_t)n & left) |
					      ((uintptr_t)best & ~left));
		n = (struct vms_rb_node *)(((uintptr_t)n->left & left) |
					   ((uintptr_t)n->right & ~left));
	}
	return best ? area_of(best) : NULL;
}

vms_area *vms_find_vma_prev(const vms_mm *mm, uint64_t addr, vms_area **prev)
{
	struct vms_area *a = vms_find_vma(mm, addr);

	*prev = a ? a->prev : mm->last;
	return a;
}

vms_area *vms_find_vma_intersection(const vms_mm *mm, uint64_t start,
				    uint64_t end)
{
	struct vms_area *a = vms_find_vma(mm, start);

	return a && a->start < end ? a : NULL;
}

vms_area *vms_first_area(const vms_mm *mm)
{
	return mm->first;
}

vms_area *vms_last_area(const vms_mm *mm)
{
	return mm->last;
}

/* ---- free-gap search ---- */

/* The usable part of a gap [lo, hi) clipped to [low, high). */
static bool fits(uint64_t lo, uint64_t hi, uint64_t low, uint64_t high,
		 uint64_t length)
{
	if (lo < low)
		lo = low;
	if (hi > high)
		hi = high;
	return hi > lo && hi - lo >= length;
}

static bool gap_of(const struct vms_area *a, uint64_t *lo, uint64_t *hi)
{
	*lo = a->prev ? vms__end(a->prev) : 0;
	*hi = a->start;
	return *hi > *lo;
}

/*
 * Highest gap of at least length bytes within [low, high).  Subtrees are
 * pruned by their max_gap; a subtree whose areas all lie above high or
 * whose gaps all end below low is skipped by position.
 */
static struct vms_area *search_topdown(struct vms_rb_node *n, uint64_t length,
				       uint64_t low, uint64_t high)
{
	while (n) {
		struct vms_area *a = area_of(n);
		uint64_t lo, hi;

		if (a->max_gap < length)
			return NULL;
		/* gaps in the right subtree lie above a's start */
		if (n->right && a->start < high) {
			struct vms_area *r =
				search_topdown(n->right, length, low, high);
			if (r)
				return r;
		}
		if (gap_of(a, &lo, &hi) && fits(lo, hi, low, high, length))
			return a;
		/* everything to the left ends at or below lo */
		if (a->prev && vms__end(a->prev) <= low)
			return NULL;
		n = n->left;
	}
	return NULL;
}

static struct vms_area *search_bottomup(struct vms_rb_node *n, uint64_t length,
					uint64_t low, uint64_t high)
{
	while (n) {
		struct vms_area *a = area_of(n);
		uint64_t lo, hi;

		if (a->max_gap < length)
			return NULL;
		if (n->left) {
			struct vms_area *l =
				search_bottomup(n->left, length, low, high);
			if (l)
				return l;
		}
		if (gap_of(a, &lo, &hi) && fits(lo, hi, low, high, length))
			return a;
		if (vms__end(a) >= high)
			return NULL;
		n = n->right;
	}
	return NULL;
}

int vms__gap_topdown(const struct vms_mm *mm, uint64_t length, uint64_t low,
		     uint64_t high, uint64_t *gap_start, uint64_t *gap_end,
		     struct vms_area **above)
{
	uint64_t top_lo = mm->last ? vms__end(mm->last) : 0;
	struct vms_area *a;

	if (fits(top_lo, UINT64_MAX, low, high, length)) {
		*gap_start = top_lo > low ? top_lo : low;
		*gap_end = high;
		*above = NULL;
		return 0;
	}
	a = search_topdown(mm->tree.node, length, low, high);
	if (!a)
		return -ENOMEM;
	*above = a;
	gap_of(a, gap_start, gap_end);
	if (*gap_start < low)
		*gap_start = low;
	if (*gap_end > high)
		*gap_end = high;
	return 0;
}

int vms__gap_bottomup(const struct vms_mm *mm, uint64_t length, uint64_t low,
		      uint64_t high, uint64_t *gap_start, uint64_t *gap_end,
		      struct vms_area **above)
{
	struct vms_area *a = search_bottomup(mm->tree.node, length, low, high);
	uint64_t top_lo = mm->last ? vms__end(mm->last) : 0;

	*above = a;
	if (a) {
		gap_of(a, gap_start, gap_end);
	} else if (fits(top_lo, UINT64_MAX, low, high, length)) {
		*gap_start = top_lo;
		*gap_end = high;
	} else {
		return -ENOMEM;
	}
	if (*gap_start < low)
		*gap_start = low;
	if (*gap_end > high)
		*gap_end = high;
	return 0;
}

/* ---- validation ---- */

static uint64_t check_gaps(const struct vms_rb_node *n, bool *ok)
{
	const struct vms_area *a;
	uint64_t m;

	if (!n)
		return 0;
	a = area_of(n);
	m = gap_below(a);
	uint64_t l = check_gaps(n->left, ok), r = check_gaps(n->right, ok);
	if (l > m)
		m = l;
	if (r > m)
		m = r;
	if (m != a->max_gap)
		*ok = false;
	return m;
}

int vms__tree_validate(const struct vms_mm *mm, char *why, size_t len)
{
	const char *rbwhy = NULL;
	bool ok = true;

	if (vms_rb_validate(&mm->tree, &rbwhy) < 0) {
		vms__why(why, len, "red-black: %s", rbwhy ? rbwhy : "?");
		return -EUCLEAN;
	}
	check_gaps(mm->tree.node, &ok);
	if (!ok) {
		vms__why(why, len, "gap augmentation is stale");
		return -EUCLEAN;
	}
	return 0;
}
