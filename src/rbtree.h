/* SPDX-License-Identifier: MIT */
/*
 * A generic intrusive red-black tree with an augment hook.
 *
 * The tree knows nothing about keys: the caller walks down to find the
 * link where a node belongs, links it with vms_rb_link() and then calls
 * vms_rb_insert_fixup().  Augmented data (e.g. the largest free gap in a
 * subtree) is kept up to date through one callback, recompute(), which
 * rebuilds a node's value from its own data and its children and returns
 * true if the value changed.  The tree calls it after each rotation on
 * the two rotated nodes and on the nodes whose subtree changed shape, up
 * to the first whose value stays the same; when the caller changes a
 * node's own data it calls vms_rb_propagate().  Rebalancing trusts every
 * value, so a caller whose insert or erase also changes another node's
 * data (a neighbour's gap) propagates that change first.
 *
 * Removed nodes get poisoned links so that a use after erase faults.
 */
#ifndef VMS_RBTREE_H
#define VMS_RBTREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct vms_rb_node {
	uintptr_t parent_color;	/* parent pointer | colour in bit 0 */
	struct vms_rb_node *left;
	struct vms_rb_node *right;
};

struct vms_rb_root {
	struct vms_rb_node *node;
};

struct vms_rb_augment {
	bool (*recompute)(struct vms_rb_node *node);
};

#define VMS_RB_RED	0
#define VMS_RB_BLACK	1
#define VMS_RB_POISON	((struct vms_rb_node *)(uintptr_t)0xdead000000000100ULL)

#define vms_rb_entry(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

static inline struct vms_rb_node *vms_rb_parent(const struct vms_rb_node *n)
{
	return (struct vms_rb_node *)(n->parent_color & ~(uintptr_t)3);
}

/* Put node at *link under parent (parent NULL for an empty tree). */
void vms_rb_link(struct vms_rb_node *node, struct vms_rb_node *parent,
		 struct vms_rb_node **link);
/* Rebalance after vms_rb_link(); aug may be NULL. */
void vms_rb_insert_fixup(struct vms_rb_root *root, struct vms_rb_node *node,
			 const struct vms_rb_augment *aug);
/* Remove node; its links are poisoned afterwards. */
void vms_rb_erase(struct vms_rb_root *root, struct vms_rb_node *node,
		  const struct vms_rb_augment *aug);
/* The node's own data changed: recompute it and its ancestors. */
void vms_rb_propagate(struct vms_rb_node *node,
		      const struct vms_rb_augment *aug);

struct vms_rb_node *vms_rb_first(const struct vms_rb_root *root);
struct vms_rb_node *vms_rb_last(const struct vms_rb_root *root);
struct vms_rb_node *vms_rb_next(const struct vms_rb_node *node);
struct vms_rb_node *vms_rb_prev(const struct vms_rb_node *node);

/*
 * Check the red-black properties: root black, no red node with a red
 * child, equal black height on every path, parent links consistent.
 * Returns the black height (>= 0) or -1, with a reason in why.
 */
int vms_rb_validate(const struct vms_rb_root *root, const char **why);

#endif /* VMS_RBTREE_H */
