// SPDX-License-Identifier: MIT
/*
 * Intrusive red-black tree with an augment callback.
 *
 * Augmented values are kept correct by one invariant: whenever the tree
 * is about to rebalance, every node's value already matches its current
 * children.  Insert and erase first change the shape (link a leaf, or
 * unlink a node), then recompute the path from the lowest changed node
 * up to the first node whose value stays the same (never below a node
 * that got new children), and only then rebalance.  A rotation does not change
 * which nodes lie under the rotated pair, so recomputing the two rotated
 * nodes (lower one first) is all it takes to keep the invariant; the
 * ancestors above the pair see the same subtree value as before.
 *
 * Colour changes never touch augmented values.
 */
#include "rbtree.h"

static inline bool rb_is_black(const struct vms_rb_node *n)
{
	/* Missing children count as black leaves. */
	return !n || (n->parent_color & 1) == VMS_RB_BLACK;
}

static inline bool rb_is_red(const struct vms_rb_node *n)
{
	return !rb_is_black(n);
}

static inline void rb_set_black(struct vms_rb_node *n)
{
	n->parent_color |= VMS_RB_BLACK;
}

static inline void rb_set_red(struct vms_rb_node *n)
{
	n->parent_color &= ~(uintptr_t)1;
}

static inline void rb_set_color(struct vms_rb_node *n, uintptr_t color)
{
	n->parent_color = (n->parent_color & ~(uintptr_t)1) | color;
}

/* Change the parent of n, keeping its colour. */
static inline void rb_set_parent(struct vms_rb_node *n, struct vms_rb_node *p)
{
	n->parent_color = (uintptr_t)p | (n->parent_color & 1);
}

/* Make whatever pointed at old (parent's link or the root) point at new. */
static inline void rb_replace_child(struct vms_rb_root *root,
				    struct vms_rb_node *parent,
				    struct vms_rb_node *old,
				    struct vms_rb_node *new)
{
	if (!parent)
		root->node = new;
	else if (parent->left == old)
		parent->left = new;
	else
		parent->right = new;
}

static inline void rb_recompute(const struct vms_rb_augment *aug,
				struct vms_rb_node *n)
{
	if (aug)
		(void)aug->recompute(n);
}

/*
 * Recompute n and its ancestors after a change of shape below them.  The
 * walk must not stop before reaching `until` (a node whose children were
 * replaced, so its value may change even if the nodes below it kept
 * theirs); above that, an unchanged value means that every node higher
 * up sees the same inputs as before, and the walk stops.
 */
static void rb_recompute_path(const struct vms_rb_augment *aug,
			      struct vms_rb_node *n,
			      const struct vms_rb_node *until)
{
	bool forced = until != NULL;

	if (!aug)
		return;
	for (; n; n = vms_rb_parent(n)) {
		bool changed = aug->recompute(n);

		if (n == until)
			forced = false;
		else if (!changed && !forced)
			break;
	}
}

/*
 * x's right child y takes x's place; x becomes y's left child.  Colours
 * stay with their nodes.  x is now the lower node, so it is recomputed
 * before y.
 */
static void rb_rotate_left(struct vms_rb_root *root, struct vms_rb_node *x,
			   const struct vms_rb_augment *aug)
{
	struct vms_rb_node *y = x->right, *p = vms_rb_parent(x);

	x->right = y->left;
	if (y->left)
		rb_set_parent(y->left, x);
	y->left = x;
	rb_set_parent(x, y);
	rb_set_parent(y, p);
	rb_replace_child(root, p, x, y);
	rb_recompute(aug, x);
	rb_recompute(aug, y);
}

/* Mirror of rb_rotate_left(). */
static void rb_rotate_right(struct vms_rb_root *root, struct vms_rb_node *x,
			    const struct vms_rb_augment *aug)
{
	struct vms_rb_node *y = x->left, *p = vms_rb_parent(x);

	x->left = y->right;
	if (y->right)
		rb_set_parent(y->right, x);
	y->right = x;
	rb_set_parent(x, y);
	rb_set_parent(y, p);
	rb_replace_child(root, p, x, y);
	rb_recompute(aug, x);
	rb_recompute(aug, y);
}

void vms_rb_link(struct vms_rb_node *node, struct vms_rb_node *parent,
		 struct vms_rb_node **link)
{
	/* New nodes are red: that never breaks the black-height rule. */
	node->parent_color = (uintptr_t)parent | VMS_RB_RED;
	node->left = NULL;
	node->right = NULL;
	*link = node;
}

void vms_rb_insert_fixup(struct vms_rb_root *root, struct vms_rb_node *node,
			 const struct vms_rb_augment *aug)
{
	struct vms_rb_node *p, *g, *u;

	/*
	 * The new leaf joined the subtree of each of its ancestors; bring
	 * them all up to date before any rotation relies on them.
	 */
	rb_recompute_path(aug, node, node);

	/* Only a red node under a red parent needs repair. */
	while ((p = vms_rb_parent(node)) && rb_is_red(p)) {
		/* A red parent is never the root, so g exists. */
		g = vms_rb_parent(p);
		if (p == g->left) {
			u = g->right;
			if (rb_is_red(u)) {
				/* Push the red up and retry at g. */
				rb_set_black(p);
				rb_set_black(u);
				rb_set_red(g);
				node = g;
				continue;
			}
			if (node == p->right) {
				/* Turn the zig-zag into a straight line. */
				rb_rotate_left(root, p, aug);
				node = p;
				p = vms_rb_parent(node);
			}
			rb_set_black(p);
			rb_set_red(g);
			rb_rotate_right(root, g, aug);
		} else {
			u = g->left;
			if (rb_is_red(u)) {
				rb_set_black(p);
				rb_set_black(u);
				rb_set_red(g);
				node = g;
				continue;
			}
			if (node == p->left) {
				rb_rotate_right(root, p, aug);
				node = p;
				p = vms_rb_parent(node);
			}
			rb_set_black(p);
			rb_set_red(g);
			rb_rotate_left(root, g, aug);
		}
		break;
	}
	rb_set_black(root->node);
}

/*
 * x (possibly NULL, then parent tells where it hangs) carries one black
 * too few compared with its sibling's side; restore equal black heights.
 */
static void rb_erase_fixup(struct vms_rb_root *root, struct vms_rb_node *x,
			   struct vms_rb_node *parent,
			   const struct vms_rb_augment *aug)
{
	struct vms_rb_node *w;

	while (x != root->node && rb_is_black(x)) {
		/*
		 * x's side is one black short, so the sibling's side holds
		 * at least one black node: w is never NULL.
		 */
		if (x == parent->left) {
			w = parent->right;
			if (rb_is_red(w)) {
				/* Make the sibling black, parent stays. */
				rb_set_black(w);
				rb_set_red(parent);
				rb_rotate_left(root, parent, aug);
				w = parent->right;
			}
			if (rb_is_black(w->left) && rb_is_black(w->right)) {
				/* Take one black off both sides, move up. */
				rb_set_red(w);
				x = parent;
				parent = vms_rb_parent(x);
				continue;
			}
			if (rb_is_black(w->right)) {
				rb_set_black(w->left);
				rb_set_red(w);
				rb_rotate_right(root, w, aug);
				w = parent->right;
			}
			/* w's red outer child lends a black to x's side. */
			rb_set_color(w, parent->parent_color & 1);
			rb_set_black(parent);
			rb_set_black(w->right);
			rb_rotate_left(root, parent, aug);
		} else {
			w = parent->left;
			if (rb_is_red(w)) {
				rb_set_black(w);
				rb_set_red(parent);
				rb_rotate_right(root, parent, aug);
				w = parent->left;
			}
			if (rb_is_black(w->left) && rb_is_black(w->right)) {
				rb_set_red(w);
				x = parent;
				parent = vms_rb_parent(x);
				continue;
			}
			if (rb_is_black(w->left)) {
				rb_set_black(w->right);
				rb_set_red(w);
				rb_rotate_left(root, w, aug);
				w = parent->left;
			}
			rb_set_color(w, parent->parent_color & 1);
			rb_set_black(parent);
			rb_set_black(w->left);
			rb_rotate_right(root, parent, aug);
		}
		x = root->node;
		break;
	}
	if (x)
		rb_set_black(x);
}

void vms_rb_erase(struct vms_rb_root *root, struct vms_rb_node *node,
		  const struct vms_rb_augment *aug)
{
	struct vms_rb_node *child, *parent, *succ = NULL;
	bool removed_black;

	if (!node->left || !node->right) {
		/* At most one child: it takes node's place. */
		child = node->left ? node->left : node->right;
		parent = vms_rb_parent(node);
		removed_black = rb_is_black(node);
		if (child)
			rb_set_parent(child, parent);
		rb_replace_child(root, parent, node, child);
	} else {
		/*
		 * Two children: the in-order successor (leftmost of the right
		 * subtree, so it has no left child) takes node's place and
		 * colour; the tree effectively loses the successor's old slot.
		 */
		succ = node->right;
		while (succ->left)
			succ = succ->left;
		removed_black = rb_is_black(succ);
		child = succ->right;
		if (succ == node->right) {
			parent = succ;
		} else {
			parent = vms_rb_parent(succ);
			parent->left = child;
			if (child)
				rb_set_parent(child, parent);
			succ->right = node->right;
			rb_set_parent(succ->right, succ);
		}
		succ->left = node->left;
		rb_set_parent(succ->left, succ);
		succ->parent_color = node->parent_color;
		rb_replace_child(root, vms_rb_parent(node), node, succ);
	}

	/*
	 * Every subtree that lost a node (or got the successor) lies on the
	 * path from parent up; succ itself is on it too.
	 */
	rb_recompute_path(aug, parent, succ);

	if (removed_black)
		rb_erase_fixup(root, child, parent, aug);

	node->parent_color = (uintptr_t)VMS_RB_POISON;
	node->left = VMS_RB_POISON;
	node->right = VMS_RB_POISON;
}

void vms_rb_propagate(struct vms_rb_node *node,
		      const struct vms_rb_augment *aug)
{
	/*
	 * Only node's own data changed, so an unchanged value means every
	 * ancestor above is already right.
	 */
	if (!aug)
		return;
	for (; node; node = vms_rb_parent(node))
		if (!aug->recompute(node))
			break;
}

struct vms_rb_node *vms_rb_first(const struct vms_rb_root *root)
{
	struct vms_rb_node *n = root->node;

	if (!n)
		return NULL;
	while (n->left)
		n = n->left;
	return n;
}

struct vms_rb_node *vms_rb_last(const struct vms_rb_root *root)
{
	struct vms_rb_node *n = root->node;

	if (!n)
		return NULL;
	while (n->right)
		n = n->right;
	return n;
}

struct vms_rb_node *vms_rb_next(const struct vms_rb_node *node)
{
	struct vms_rb_node *p;

	if (node->right) {
		node = node->right;
		while (node->left)
			node = node->left;
		return (struct vms_rb_node *)node;
	}
	/* Climb until we leave a left subtree; its parent is next. */
	while ((p = vms_rb_parent(node)) && node == p->right)
		node = p;
	return p;
}

struct vms_rb_node *vms_rb_prev(const struct vms_rb_node *node)
{
	struct vms_rb_node *p;

	if (node->left) {
		node = node->left;
		while (node->right)
			node = node->right;
		return (struct vms_rb_node *)node;
	}
	while ((p = vms_rb_parent(node)) && node == p->left)
		node = p;
	return p;
}

/*
 * A valid tree of nodes that fit in memory is far shallower than this
 * (height <= 2 log2(n + 1)); anything deeper is broken.
 */
#define RB_MAX_DEPTH 128

int vms_rb_validate(const struct vms_rb_root *root, const char **why)
{
	const struct vms_rb_node *n = root->node, *from = NULL, *next;
	int depth = 0, black = 0, height = -1;
	const char *dummy;

	if (!why)
		why = &dummy;
	*why = NULL;
	if (!n)
		return 0;
	if (vms_rb_parent(n)) {
		*why = "root has a parent";
		return -1;
	}
	if (rb_is_red(n)) {
		*why = "root is red";
		return -1;
	}

	/*
	 * Iterative walk through parent links (checked before they are
	 * followed), so a broken or huge tree cannot blow the stack.  from
	 * remembers where we came from: the parent (first visit), the left
	 * child or the right child.
	 */
	while (n) {
		const struct vms_rb_node *p = vms_rb_parent(n);

		next = NULL;
		if (from == p) {
			/* First visit: check n and its links once. */
			if (++depth > RB_MAX_DEPTH) {
				*why = "tree too deep";
				return -1;
			}
			if (rb_is_black(n))
				black++;
			if (n->left && n->left == n->right) {
				*why = "both children are the same node";
				return -1;
			}
			if (rb_is_red(n) &&
			    (rb_is_red(n->left) || rb_is_red(n->right))) {
				*why = "red node has a red child";
				return -1;
			}
			if ((n->left && vms_rb_parent(n->left) != n) ||
			    (n->right && vms_rb_parent(n->right) != n)) {
				*why = "child's parent link is wrong";
				return -1;
			}
			if (!n->left || !n->right) {
				/* A missing child is a leaf: compare paths. */
				if (height < 0) {
					height = black;
				} else if (black != height) {
					*why = "unequal black height";
					return -1;
				}
			}
			next = n->left ? n->left : n->right;
		} else if (from == n->left) {
			next = n->right;
		}
		if (!next) {
			/* Done with n's subtree: back to its parent. */
			if (rb_is_black(n))
				black--;
			depth--;
			next = p;
		}
		from = n;
		n = next;
	}
	return height;
}
