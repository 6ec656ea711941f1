// SPDX-License-Identifier: MIT
/*
 * The generic red-black tree against brute force: after every operation
 * the tree must validate, list exactly the keys of a reference bitmap in
 * order, and carry augmented values (subtree max of a per-node value and
 * subtree size) equal to a from-scratch recomputation.
 */
#include <limits.h>
#include <stdint.h>

#include "check.h"
#include "rbtree.h"

struct tnode {
	struct vms_rb_node rb;
	long key;
	long val;	/* per-node data */
	long max;	/* augmented: max val in subtree */
	long size;	/* augmented: nodes in subtree */
};

#define tn(n) vms_rb_entry(n, struct tnode, rb)

/* How often recompute ran, to check the work per operation is O(log n). */
static unsigned long recompute_calls;

static bool tn_recompute(struct vms_rb_node *n)
{
	struct tnode *t = tn(n);
	long max = t->val, size = 1;

	recompute_calls++;
	if (n->left) {
		if (tn(n->left)->max > max)
			max = tn(n->left)->max;
		size += tn(n->left)->size;
	}
	if (n->right) {
		if (tn(n->right)->max > max)
			max = tn(n->right)->max;
		size += tn(n->right)->size;
	}
	if (max == t->max && size == t->size)
		return false;
	t->max = max;
	t->size = size;
	return true;
}

static const struct vms_rb_augment tn_aug = { .recompute = tn_recompute };

static uint64_t rng_state;

static uint64_t rng(void)
{
	/* xorshift64 */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

#define NKEYS 1024

/* A tree plus its reference: present[k] says whether nodes[k] is in. */
struct fixture {
	struct vms_rb_root root;
	const struct vms_rb_augment *aug;
	struct tnode nodes[NKEYS];
	bool present[NKEYS];
	long count;
	bool bad;		/* a check failed: stop reporting */
};

static struct fixture fx;

static void fx_init(const struct vms_rb_augment *aug)
{
	memset(&fx, 0, sizeof(fx));
	fx.aug = aug;
	for (long k = 0; k < NKEYS; k++) {
		fx.nodes[k].key = k;
		fx.nodes[k].val = (long)(rng() % 100000);
		/* Garbage, so a missed recompute shows. */
		fx.nodes[k].max = -12345;
		fx.nodes[k].size = -1;
	}
}

static void fx_insert(long k)
{
	struct vms_rb_node **link = &fx.root.node, *parent = NULL;
	struct tnode *t = &fx.nodes[k];

	while (*link) {
		parent = *link;
		link = k < tn(parent)->key ? &parent->left : &parent->right;
	}
	vms_rb_link(&t->rb, parent, link);
	vms_rb_insert_fixup(&fx.root, &t->rb, fx.aug);
	fx.present[k] = true;
	fx.count++;
}

static void fx_erase(long k)
{
	vms_rb_erase(&fx.root, &fx.nodes[k].rb, fx.aug);
	fx.present[k] = false;
	fx.count--;
}

/* Recompute the augmented values from scratch; 0 if they all match. */
static int brute(const struct vms_rb_node *n, long *max, long *size)
{
	long lmax = LONG_MIN, lsize = 0, rmax = LONG_MIN, rsize = 0;
	const struct tnode *t;
	int bad = 0;

	*max = LONG_MIN;
	*size = 0;
	if (!n)
		return 0;
	t = tn(n);
	bad |= brute(n->left, &lmax, &lsize);
	bad |= brute(n->right, &rmax, &rsize);
	*max = t->val;
	if (lmax > *max)
		*max = lmax;
	if (rmax > *max)
		*max = rmax;
	*size = 1 + lsize + rsize;
	if (t->max != *max || t->size != *size)
		bad = 1;
	return bad;
}

/* Everything the tree promises, checked the slow way. */
static void fx_check(void)
{
	const char *why = "none";
	struct vms_rb_node *n;
	long k, max, size, seen;
	int bh;

	if (fx.bad)
		return;
	bh = vms_rb_validate(&fx.root, &why);
	if (bh < 0)
		printf("# validate: %s\n", why);
	CHECK(bh >= 0);
	CHECK(fx.count ? bh >= 1 : bh == 0);

	/* Forward walk equals the bitmap in order. */
	k = 0;
	seen = 0;
	for (n = vms_rb_first(&fx.root); n; n = vms_rb_next(n)) {
		while (k < NKEYS && !fx.present[k])
			k++;
		CHECK(k < NKEYS);
		if (k >= NKEYS)
			break;
		CHECK_EQ(tn(n)->key, k);
		k++;
		seen++;
	}
	CHECK_EQ(seen, fx.count);

	/* And the backward walk too. */
	k = NKEYS - 1;
	seen = 0;
	for (n = vms_rb_last(&fx.root); n; n = vms_rb_prev(n)) {
		while (k >= 0 && !fx.present[k])
			k--;
		CHECK(k >= 0);
		if (k < 0)
			break;
		CHECK_EQ(tn(n)->key, k);
		k--;
		seen++;
	}
	CHECK_EQ(seen, fx.count);

	if (fx.aug && bh >= 0) {
		CHECK_EQ(brute(fx.root.node, &max, &size), 0);
		CHECK_EQ(size, fx.count);
	}
	if (check_case_failed)
		fx.bad = true;
}

static bool is_poisoned(const struct tnode *t)
{
	return t->rb.left == VMS_RB_POISON && t->rb.right == VMS_RB_POISON &&
	       t->rb.parent_color == (uintptr_t)VMS_RB_POISON;
}

TEST(empty_tree)
{
	struct vms_rb_root root = { NULL };
	const char *why = "x";

	CHECK_EQ(vms_rb_validate(&root, &why), 0);
	CHECK(vms_rb_first(&root) == NULL);
	CHECK(vms_rb_last(&root) == NULL);
}

TEST(sorted_insert_then_erase_first)
{
	rng_state = 0x9e3779b97f4a7c15ULL;
	fx_init(&tn_aug);
	for (long k = 0; k < NKEYS; k++) {
		fx_insert(k);
		fx_check();
	}
	for (long k = 0; k < NKEYS; k++) {
		struct vms_rb_node *first = vms_rb_first(&fx.root);

		CHECK_EQ(tn(first)->key, k);
		fx_erase(k);
		CHECK(is_poisoned(&fx.nodes[k]));
		fx_check();
	}
	CHECK(fx.root.node == NULL);
}

TEST(reverse_insert_then_erase_root)
{
	rng_state = 0x1234567887654321ULL;
	fx_init(&tn_aug);
	for (long k = NKEYS - 1; k >= 0; k--) {
		fx_insert(k);
		fx_check();
	}
	/* The root almost always has two children: the successor path. */
	while (fx.root.node) {
		long k = tn(fx.root.node)->key;

		fx_erase(k);
		CHECK(is_poisoned(&fx.nodes[k]));
		fx_check();
	}
	CHECK_EQ(fx.count, 0);
}

TEST(sorted_insert_erase_last)
{
	rng_state = 42;
	fx_init(&tn_aug);
	for (long k = 0; k < NKEYS; k += 2)
		fx_insert(k);
	for (long k = NKEYS - 1; k >= 1; k -= 2)
		fx_insert(k);
	fx_check();
	while (fx.root.node) {
		fx_erase(tn(vms_rb_last(&fx.root))->key);
		fx_check();
	}
}

/* One random step: mostly insert when grow, mostly erase otherwise. */
static void random_step(bool grow, unsigned long *two_child)
{
	long k = (long)(rng() % NKEYS);
	unsigned int r = (unsigned int)(rng() % 100);

	if (!fx.present[k] && (grow ? r < 75 : r < 25)) {
		fx_insert(k);
	} else if (fx.present[k]) {
		struct tnode *t = &fx.nodes[k];

		if (t->rb.left && t->rb.right)
			(*two_child)++;
		fx_erase(k);
		CHECK(is_poisoned(t));
	}
	fx_check();
}

static void random_ops(const struct vms_rb_augment *aug, uint64_t seed)
{
	unsigned long two_child = 0;

	rng_state = seed;
	fx_init(aug);
	for (int phase = 0; phase < 4 && !fx.bad; phase++)
		for (int i = 0; i < 1500 && !fx.bad; i++)
			random_step(phase % 2 == 0, &two_child);
	CHECK(two_child > 50);
	while (fx.root.node && !fx.bad) {
		fx_erase(tn(fx.root.node)->key);
		fx_check();
	}
}

TEST(random_insert_erase)
{
	random_ops(&tn_aug, 0xdeadbeefcafef00dULL);
}

TEST(random_insert_erase_seed2)
{
	random_ops(&tn_aug, 7);
}

TEST(propagate_own_value)
{
	rng_state = 0xabcdef;
	fx_init(&tn_aug);
	for (int i = 0; i < 600; i++) {
		long k = (long)(rng() % NKEYS);

		if (!fx.present[k])
			fx_insert(k);
	}
	fx_check();
	for (int i = 0; i < 3000 && !fx.bad; i++) {
		long k = (long)(rng() % NKEYS);
		struct tnode *t = &fx.nodes[k];

		if (!fx.present[k])
			continue;
		/* Up, down, to the extremes and back: all must propagate. */
		switch (rng() % 4) {
		case 0:
			t->val = (long)(rng() % 100000);
			break;
		case 1:
			t->val = 1000000 + (long)(rng() % 10);
			break;
		case 2:
			t->val = -1;
			break;
		default:
			t->val = tn(fx.root.node)->max;
			break;
		}
		vms_rb_propagate(&t->rb, &tn_aug);
		fx_check();
	}
}

TEST(plain_tree_without_augment)
{
	recompute_calls = 0;
	random_ops(NULL, 0x5eed5eed5eedULL);
	CHECK_EQ(recompute_calls, 0);
	/* propagate with no augment is a no-op. */
	fx_init(NULL);
	fx_insert(3);
	vms_rb_propagate(&fx.nodes[3].rb, NULL);
	CHECK_EQ(recompute_calls, 0);
	fx_check();
}

TEST(walks_both_directions)
{
	struct vms_rb_node *n;
	long k;

	rng_state = 99;
	fx_init(NULL);
	for (k = 0; k < NKEYS; k += 3)
		fx_insert(k);
	CHECK_EQ(tn(vms_rb_first(&fx.root))->key, 0);
	CHECK_EQ(tn(vms_rb_last(&fx.root))->key, 1023);
	k = 0;
	for (n = vms_rb_first(&fx.root); n; n = vms_rb_next(n), k += 3)
		CHECK_EQ(tn(n)->key, k);
	CHECK_EQ(k, 1026);
	k = 1023;
	for (n = vms_rb_last(&fx.root); n; n = vms_rb_prev(n), k -= 3)
		CHECK_EQ(tn(n)->key, k);
	CHECK_EQ(k, -3);
	/* Zig-zag: next then prev returns to the start. */
	for (k = 3; k < 1020; k += 3) {
		struct vms_rb_node *m = &fx.nodes[k].rb;

		CHECK(vms_rb_prev(vms_rb_next(m)) == m);
		CHECK(vms_rb_next(vms_rb_prev(m)) == m);
	}
	CHECK(vms_rb_prev(vms_rb_first(&fx.root)) == NULL);
	CHECK(vms_rb_next(vms_rb_last(&fx.root)) == NULL);
}

/* Work per operation must stay logarithmic, not grow with n. */
TEST(recompute_work_is_logarithmic)
{
	unsigned long worst = 0, before;

	rng_state = 31337;
	fx_init(&tn_aug);
	for (long k = 0; k < NKEYS; k++) {
		before = recompute_calls;
		fx_insert(k);
		if (recompute_calls - before > worst)
			worst = recompute_calls - before;
	}
	/* Height <= 2 log2(1025) ~ 20; path plus a few rotations. */
	CHECK(worst <= 40);
	for (long k = 0; k < NKEYS; k += 2) {
		before = recompute_calls;
		fx_erase(k);
		if (recompute_calls - before > worst)
			worst = recompute_calls - before;
	}
	CHECK(worst <= 40);
	fx_check();
}

TEST(validate_catches_breakage)
{
	const char *why;
	struct vms_rb_node *r, *l;

	rng_state = 5;
	fx_init(NULL);
	for (long k = 0; k < 15; k++)
		fx_insert(k);
	r = fx.root.node;
	why = NULL;
	CHECK(vms_rb_validate(&fx.root, &why) > 0);
	CHECK(why == NULL);

	/* Red root. */
	r->parent_color &= ~(uintptr_t)1;
	why = NULL;
	CHECK_EQ(vms_rb_validate(&fx.root, &why), -1);
	CHECK(why != NULL);
	r->parent_color |= VMS_RB_BLACK;

	/* Wrong parent link. */
	l = r->left;
	l->parent_color = (uintptr_t)r->right | (l->parent_color & 1);
	why = NULL;
	CHECK_EQ(vms_rb_validate(&fx.root, &why), -1);
	CHECK(why != NULL);
	l->parent_color = (uintptr_t)r | (l->parent_color & 1);
	CHECK(vms_rb_validate(&fx.root, &why) > 0);

	/* Unequal black height: flip one leaf to the other colour. */
	l = vms_rb_first(&fx.root);
	l->parent_color ^= 1;
	why = NULL;
	CHECK_EQ(vms_rb_validate(&fx.root, &why), -1);
	CHECK(why != NULL);
	l->parent_color ^= 1;
	CHECK(vms_rb_validate(&fx.root, &why) > 0);

	CHECK(vms_rb_validate(&fx.root, &why) > 0);
	/* NULL why is allowed. */
	CHECK(vms_rb_validate(&fx.root, NULL) > 0);
}

/* Point n at parent p with colour c, children l and r. */
static void hand(struct vms_rb_node *n, struct vms_rb_node *p, int c,
		 struct vms_rb_node *l, struct vms_rb_node *r)
{
	n->parent_color = (uintptr_t)p | (uintptr_t)c;
	n->left = l;
	n->right = r;
}

/* Small broken trees built by hand, each with exactly one fault. */
TEST(validate_hand_built)
{
	struct vms_rb_node a, b, c, d;
	struct vms_rb_root root = { &a };
	const char *why;

	/* Valid: black root, red children; black height 1. */
	hand(&a, NULL, VMS_RB_BLACK, &b, &c);
	hand(&b, &a, VMS_RB_RED, NULL, NULL);
	hand(&c, &a, VMS_RB_RED, NULL, NULL);
	CHECK_EQ(vms_rb_validate(&root, &why), 1);

	/* Red-red on the left. */
	hand(&b, &a, VMS_RB_RED, &d, NULL);
	hand(&d, &b, VMS_RB_RED, NULL, NULL);
	why = NULL;
	CHECK_EQ(vms_rb_validate(&root, &why), -1);
	CHECK(why && strstr(why, "red"));

	/* Extra black below a node that has only a right child. */
	hand(&a, NULL, VMS_RB_BLACK, NULL, &c);
	hand(&c, &a, VMS_RB_RED, NULL, &d);
	hand(&d, &c, VMS_RB_BLACK, NULL, NULL);
	why = NULL;
	CHECK_EQ(vms_rb_validate(&root, &why), -1);
	CHECK(why && strstr(why, "black height"));

	/* Bad parent link on a right-only child. */
	hand(&c, &a, VMS_RB_RED, NULL, NULL);
	hand(&a, NULL, VMS_RB_BLACK, NULL, &c);
	c.parent_color = (uintptr_t)&b | VMS_RB_RED;
	why = NULL;
	CHECK_EQ(vms_rb_validate(&root, &why), -1);
	CHECK(why && strstr(why, "parent"));

	/* Root with a parent. */
	hand(&a, &b, VMS_RB_BLACK, NULL, NULL);
	why = NULL;
	CHECK_EQ(vms_rb_validate(&root, &why), -1);
	CHECK(why != NULL);

	/* Same node twice as child. */
	hand(&a, NULL, VMS_RB_BLACK, &b, &b);
	hand(&b, &a, VMS_RB_RED, NULL, NULL);
	why = NULL;
	CHECK_EQ(vms_rb_validate(&root, &why), -1);
	CHECK(why != NULL);

	/* A red root is not allowed even alone. */
	hand(&a, NULL, VMS_RB_RED, NULL, NULL);
	why = NULL;
	CHECK_EQ(vms_rb_validate(&root, &why), -1);
	CHECK(why && strstr(why, "root"));
}

int main(void)
{
	RUN(empty_tree);
	RUN(sorted_insert_then_erase_first);
	RUN(reverse_insert_then_erase_root);
	RUN(sorted_insert_erase_last);
	RUN(random_insert_erase);
	RUN(random_insert_erase_seed2);
	RUN(propagate_own_value);
	RUN(plain_tree_without_augment);
	RUN(walks_both_directions);
	RUN(recompute_work_is_logarithmic);
	RUN(validate_catches_breakage);
	RUN(validate_hand_built);
	return CHECK_DONE();
}
