// SPDX-License-Identifier: MIT
/*
 * The seeded generator of random mmap/munmap/mprotect calls.
 *
 * Most fixed addresses fall in the first pages of the test window so that
 * areas meet: merges, splits and partial failures need neighbours.  Calls
 * outside the window only aim at ranges the kernel placed for this
 * sequence (diff_gen_result), never at the helper's own areas, and huge
 * lengths are chosen so that they fail or land in free space.
 */
#include <string.h>

#include "support/diff.h"

#define PG	DIFF_PAGE
#define MIB2	(2ULL << 20)
#define DENSE	48	/* pages of the window most calls aim at */

/* splitmix64: a full-period 64-bit sequence from any seed */
void diff_rng_seed(struct diff_rng *r, uint64_t seed)
{
	r->s = seed;
}

uint64_t diff_rng_next(struct diff_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t diff_rng_below(struct diff_rng *r, uint64_t n)
{
	return diff_rng_next(r) % n;
}

static uint64_t below(struct diff_gen *g, uint64_t n)
{
	return diff_rng_below(&g->rng, n);
}

/* true with probability pct/100 */
static bool chance(struct diff_gen *g, unsigned int pct)
{
	return below(g, 100) < pct;
}

void diff_gen_init(struct diff_gen *g, uint64_t seed)
{
	memset(g, 0, sizeof(*g));
	diff_rng_seed(&g->rng, seed);
}

/* An address in the window: mostly its dense start. */
static uint64_t win_addr(struct diff_gen *g)
{
	unsigned int r = (unsigned int)below(g, 100);

	if (r < 80)
		return DIFF_WIN_BASE + below(g, DENSE) * PG;
	if (r < 95)
		return DIFF_WIN_BASE + below(g, 1024) * PG;
	return DIFF_WIN_BASE + below(g, 8) * MIB2;
}

/* Lengths that fail wherever they start in the window. */
static uint64_t bad_len(struct diff_gen *g)
{
	static const uint64_t v[] = { DIFF_TASK_SIZE, UINT64_MAX,
				      UINT64_MAX - PG + 1, 1ULL << 63,
				      DIFF_TASK_SIZE + PG };

	return v[below(g, sizeof(v) / sizeof(v[0]))];
}

static uint64_t pick_len(struct diff_gen *g, bool fixed)
{
	unsigned int r = (unsigned int)below(g, 100);

	if (r < 65)
		return (1 + below(g, 12)) * PG;
	if (r < 75)
		return (13 + below(g, 244)) * PG;
	if (r < 84)
		return (1 + below(g, 3)) * MIB2;
	if (r < 89)
		return below(g, 8) * PG + 1 + below(g, PG - 1);
	if (r < 91)
		return 0;
	if (r < 93)
		return bad_len(g);
	if (r < 95 && !fixed)
		return 1ULL << (36 + below(g, 6));	/* 64 GiB .. 2 TiB */
	return (1 + below(g, 4)) * PG;
}

static int pick_prot(struct diff_gen *g)
{
	static const int v[] = {
		VMS_PROT_READ | VMS_PROT_WRITE,
		VMS_PROT_READ | VMS_PROT_WRITE,
		VMS_PROT_READ | VMS_PROT_WRITE,
		VMS_PROT_READ,
		VMS_PROT_READ,
		VMS_PROT_NONE,
		VMS_PROT_READ | VMS_PROT_WRITE | VMS_PROT_EXEC,
		VMS_PROT_READ | VMS_PROT_EXEC,
		VMS_PROT_EXEC,
		VMS_PROT_WRITE,
		VMS_PROT_READ | VMS_PROT_SEM,
		VMS_PROT_READ | VMS_PROT_WRITE | VMS_PROT_GROWSDOWN,
		VMS_PROT_READ | VMS_PROT_GROWSDOWN,
		VMS_PROT_GROWSDOWN | VMS_PROT_GROWSUP,
		VMS_PROT_READ | VMS_PROT_GROWSUP,
		0x10,
		VMS_PROT_READ | 0x10,
	};
	unsigned int r = (unsigned int)below(g, 100);

	if (r < 60)
		return v[below(g, 6)];
	if (r < 85)
		return v[below(g, 11)];
	return v[below(g, sizeof(v) / sizeof(v[0]))];
}

static int pick_fd(struct diff_gen *g)
{
	if (chance(g, 4))
		return DIFF_FD_CLOSED;
	if (chance(g, 50))	/* the common case: the first open, dup'ed */
		return chance(g, 50) ? 10 : 12;
	return diff_fds[below(g, diff_nfds)].fd;
}

static bool pick_owned(struct diff_gen *g, uint64_t *addr, uint64_t *len)
{
	uint64_t pages, first, n;

	if (!g->nowned)
		return false;
	n = below(g, g->nowned);
	pages = g->owned[n].len / PG;
	first = below(g, pages);
	*addr = g->owned[n].addr + first * PG;
	*len = (1 + below(g, pages - first)) * PG;
	return true;
}

static void gen_mmap(struct diff_gen *g, struct vms_scall *c)
{
	uint64_t addr = 0, len, off = 0;
	int flags, fd = -1, prot = pick_prot(g);
	unsigned int r = (unsigned int)below(g, 100);
	bool file = false, fixed;

	/* the mapping type */
	if (r < 55) {
		flags = VMS_MAP_PRIVATE | VMS_MAP_ANONYMOUS;
	} else if (r < 64) {
		flags = VMS_MAP_SHARED | VMS_MAP_ANONYMOUS;
	} else if (r < 80) {
		flags = VMS_MAP_PRIVATE, file = true;
	} else if (r < 90) {
		flags = VMS_MAP_SHARED, file = true;
	} else if (r < 94) {
		flags = VMS_MAP_SHARED_VALIDATE, file = true;
	} else if (r < 96) {
		flags = VMS_MAP_SHARED_VALIDATE | VMS_MAP_ANONYMOUS;
	} else if (r < 97) {
		flags = VMS_MAP_ANONYMOUS;	/* type 0 */
	} else if (r < 98) {
		flags = VMS_MAP_DROPPABLE | VMS_MAP_ANONYMOUS;
	} else {
		flags = 0, file = true;
	}

	/* the address */
	r = (unsigned int)below(g, 100);
	if (r < 45) {
		addr = win_addr(g), flags |= VMS_MAP_FIXED;
	} else if (r < 55) {
		addr = win_addr(g), flags |= VMS_MAP_FIXED_NOREPLACE;
	} else if (r < 65) {
		addr = win_addr(g);
	} else if (r < 85) {
		addr = 0;
	} else if (r < 88) {
		static const uint64_t low[] = { 0x10, 0x1000, 0x10000, 0xfff };

		addr = low[below(g, 4)];
	} else if (r < 90) {
		addr = chance(g, 50) ? 1ULL << 47 : DIFF_TASK_SIZE - PG;
	} else if (r < 93) {
		addr = win_addr(g) + 1 + below(g, PG - 1);
		flags |= chance(g, 70) ? VMS_MAP_FIXED
				       : VMS_MAP_FIXED_NOREPLACE;
	} else if (r < 97) {
		uint64_t olen;

		if (pick_owned(g, &addr, &olen) && chance(g, 60))
			flags |= VMS_MAP_FIXED;
	}
	fixed = flags & (VMS_MAP_FIXED | VMS_MAP_FIXED_NOREPLACE);
	len = pick_len(g, fixed);
	if (fixed && (addr < DIFF_WIN_BASE ||
		      addr >= DIFF_WIN_BASE + DIFF_WIN_SIZE)) {
		/* an owned range (low hints land below the window): never
		 * past its end */
		uint64_t olen = 0;
		size_t i;

		for (i = 0; i < g->nowned; i++)
			if (addr >= g->owned[i].addr &&
			    addr < g->owned[i].addr + g->owned[i].len)
				olen = g->owned[i].addr + g->owned[i].len -
				       addr;
		if (len > olen || len == 0)
			len = olen ? olen : PG;
	}

	/* the rest of the flags */
	if (chance(g, 10))
		flags |= VMS_MAP_NORESERVE;
	if (chance(g, 7))
		flags |= VMS_MAP_STACK;
	if (chance(g, 5))
		flags |= VMS_MAP_GROWSDOWN;
	/* populating touches memory: only small mappings */
	if (len <= 64 * PG && chance(g, 3))
		flags |= VMS_MAP_POPULATE;
	if (len <= 64 * PG && chance(g, 2))
		flags |= VMS_MAP_LOCKED;
	if (chance(g, 2))
		flags |= VMS_MAP_SYNC;
	if (chance(g, 1))
		flags |= VMS_MAP_DENYWRITE | VMS_MAP_EXECUTABLE;

	/* fd and offset */
	if (file) {
		fd = pick_fd(g);
		off = below(g, 256) * PG;
		if (chance(g, 5))
			off += 1 + below(g, PG - 1);
		else if (chance(g, 2))
			off = 1ULL << (44 + below(g, 18));
	} else if (chance(g, 5)) {
		fd = pick_fd(g);	/* ignored for anonymous */
		if (chance(g, 50))
			off = below(g, 16) * PG;
	}

	c->sc = VMS_SC_MMAP;
	strcpy(c->name, "mmap");
	c->nargs = 6;
	c->arg[0] = addr;
	c->arg[1] = len;
	c->arg[2] = (uint64_t)(uint32_t)prot;
	c->arg[3] = (uint64_t)(uint32_t)flags;
	c->arg[4] = (uint64_t)(int64_t)fd;
	c->arg[5] = off;
}

/* A range for munmap/mprotect. */
static void pick_range(struct diff_gen *g, uint64_t *addr, uint64_t *len)
{
	unsigned int r = (unsigned int)below(g, 100);

	if (r < 20 && pick_owned(g, addr, len))
		return;
	*addr = win_addr(g);
	*len = (1 + below(g, chance(g, 80) ? 16 : 300)) * PG;
	r = (unsigned int)below(g, 100);
	if (r < 4)
		*addr += 1 + below(g, PG - 1);
	else if (r < 8)
		*len = below(g, 8) * PG + 1 + below(g, PG - 1);
	else if (r < 10)
		*len = 0;
	else if (r < 12)
		*len = bad_len(g);
	else if (r < 13)
		*addr = DIFF_TASK_SIZE + (chance(g, 50) ? 0 : PG);
	else if (r < 14)
		*addr = 0;	/* nothing mapped at page 0 */
}

void diff_gen_next(struct diff_gen *g, struct vms_scall *c)
{
	unsigned int r = (unsigned int)below(g, 100);
	uint64_t addr, len;

	memset(c, 0, sizeof(*c));
	if (r < 55) {
		gen_mmap(g, c);
		return;
	}
	pick_range(g, &addr, &len);
	c->arg[0] = addr;
	c->arg[1] = len;
	if (r < 75) {
		c->sc = VMS_SC_MUNMAP;
		strcpy(c->name, "munmap");
		c->nargs = 2;
	} else {
		c->sc = VMS_SC_MPROTECT;
		strcpy(c->name, "mprotect");
		c->nargs = 3;
		c->arg[2] = (uint64_t)(uint32_t)pick_prot(g);
	}
}

void diff_gen_result(struct diff_gen *g, const struct vms_scall *c,
		     int64_t res)
{
	uint64_t len = (c->arg[1] + PG - 1) & ~(PG - 1);
	uint64_t a = (uint64_t)res;

	if (c->sc != VMS_SC_MMAP || (res < 0 && res >= -4095) || !len)
		return;
	if (a >= DIFF_WIN_BASE && a < DIFF_WIN_BASE + DIFF_WIN_SIZE)
		return;
	/* remember at most 64 MiB of it: later calls need no more */
	if (len > (64ULL << 20))
		len = 64ULL << 20;
	g->owned[g->next_owned].addr = a;
	g->owned[g->next_owned].len = len;
	g->next_owned = (g->next_owned + 1) % DIFF_GEN_OWNED;
	if (g->nowned < DIFF_GEN_OWNED)
		g->nowned++;
}
