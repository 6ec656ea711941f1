// SPDX-License-Identifier: MIT
/*
 * The seeded generator of random mmap, munmap, mprotect, mremap, madvise,
 * mlock/mlock2/munlock/mlockall/munlockall, mseal and brk calls.
 *
 * Most fixed addresses fall in the first pages of the test window so that
 * areas meet: merges, splits and partial failures need neighbours.  Calls
 * outside the window only aim at ranges the kernel placed for this
 * sequence (diff_gen_result) and at the helper's heap, never at the
 * helper's own areas, and huge lengths are chosen so that they fail or
 * land in free space.  Exceptions, harmless to the helper: madvise with
 * an advice that only changes flags (or reads ahead, or deactivates) may
 * sweep everything, and mlockall locks (and populates) everything.
 *
 * Memory: populating calls never meet a huge mapping.  Once one may
 * exist (g->big), mlockall(MCL_CURRENT) comes with MCL_ONFAULT; while
 * MCL_FUTURE is in force (g->future), no huge mapping is made.  mseal
 * only aims inside the window; MADV_HWPOISON and MADV_SOFT_OFFLINE only
 * run unprivileged, where they fail.
 */
#include <stdio.h>
#include <string.h>

#include "support/diff.h"

#define PG	DIFF_PAGE
#define MIB2	(2ULL << 20)
#define DENSE	48	/* pages of the window most calls aim at */
#define BIG	(256ULL << 20)	/* a mapping this large may not be populated */
#define OWNED_MAX (64ULL << 20)	/* what is remembered of an owned range */

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
	if (r < 95 && !fixed && !g->future)
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

/* A piece of a recent mapping, sometimes running past its end. */
static bool pick_recent(struct diff_gen *g, uint64_t *addr, uint64_t *len)
{
	uint64_t pages, first;
	size_t n;

	if (!g->nrecent)
		return false;
	n = below(g, g->nrecent);
	pages = g->recent[n].len / PG;
	first = chance(g, 40) ? 0 : below(g, pages);
	*addr = g->recent[n].addr + first * PG;
	*len = chance(g, 40) ? (pages - first) * PG
			     : (1 + below(g, pages - first)) * PG;
	if (chance(g, 15))
		*len += (1 + below(g, 4)) * PG;
	return true;
}

/* The helper's heap, when it has one. */
static bool pick_heap(struct diff_gen *g, uint64_t *addr, uint64_t *len)
{
	uint64_t lo = g->brk0, hi = (g->brk + PG - 1) & ~(PG - 1), pages;

	if (!lo || hi <= lo)
		return false;
	pages = (hi - lo) / PG;
	*addr = lo + below(g, pages) * PG;
	*len = (1 + below(g, (hi - *addr) / PG)) * PG;
	return true;
}

/* A range for munmap/mprotect/madvise/mlock/...; bad ones sometimes. */
static void pick_range(struct diff_gen *g, uint64_t *addr, uint64_t *len)
{
	unsigned int r = (unsigned int)below(g, 100);

	if (r < 20 && pick_owned(g, addr, len))
		return;
	if (r >= 20 && r < 24 && pick_heap(g, addr, len))
		return;
	if (r >= 24 && r < 50 && pick_recent(g, addr, len))
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

/* Does [addr, addr + len) stay in the window or an owned range? */
static bool contained(const struct diff_gen *g, uint64_t addr, uint64_t len)
{
	uint64_t end = addr + ((len + PG - 1) & ~(PG - 1));
	size_t i;

	if (end < addr || len > DIFF_TASK_SIZE)
		return false;
	if (addr >= DIFF_WIN_BASE && end <= DIFF_WIN_BASE + DIFF_WIN_SIZE)
		return true;
	if (g->brk0 && addr >= g->brk0 &&
	    end <= ((g->brk + PG - 1) & ~(PG - 1)))
		return true;
	for (i = 0; i < g->nowned; i++)
		if (addr >= g->owned[i].addr &&
		    end <= g->owned[i].addr + g->owned[i].len)
			return true;
	return false;
}

static void set_call(struct vms_scall *c, enum vms_sc sc, const char *name,
		     int nargs)
{
	c->sc = sc;
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->nargs = nargs;
}

/* mremap: lengths small enough to populate if the area is locked. */
static uint64_t mremap_len(struct diff_gen *g)
{
	unsigned int r = (unsigned int)below(g, 100);

	if (r < 70)
		return (1 + below(g, 12)) * PG;
	if (r < 85)
		return (13 + below(g, 244)) * PG;
	if (r < 92)
		return (1 + below(g, 3)) * MIB2;
	return below(g, 8) * PG + 1 + below(g, PG - 1);
}

static void gen_mremap(struct diff_gen *g, struct vms_scall *c)
{
	unsigned int r = (unsigned int)below(g, 100);
	uint64_t old, olen, nlen, naddr = 0;
	uint64_t flags = 0;

	/* the source: mostly the window, else a range of ours */
	if (chance(g, 40) && pick_recent(g, &old, &olen)) {
		/* a mapping that (mostly) exists */
	} else if (!chance(g, 20) || !pick_owned(g, &old, &olen)) {
		if (!chance(g, 5) || !pick_heap(g, &old, &olen)) {
			old = win_addr(g);
			olen = mremap_len(g);
		}
	}
	nlen = olen;
	if (r < 14) {			/* shrink */
		if (olen < 2 * PG)
			olen = (2 + below(g, 15)) * PG;
		nlen = (1 + below(g, (olen - 1) / PG)) * PG;
		if (chance(g, 40))
			flags = VMS_MREMAP_MAYMOVE;
	} else if (r < 28) {		/* grow in place, or fail */
		nlen = olen + (1 + below(g, 16)) * PG;
		if (chance(g, 30))
			flags = VMS_MREMAP_MAYMOVE;
	} else if (r < 42) {		/* grow or move, kernel-placed */
		nlen = olen + mremap_len(g);
		flags = VMS_MREMAP_MAYMOVE;
	} else if (r < 56) {		/* FIXED into the window */
		flags = VMS_MREMAP_MAYMOVE | VMS_MREMAP_FIXED;
		naddr = win_addr(g);
		r = (unsigned int)below(g, 3);
		nlen = r == 0 ? olen : r == 1 ? mremap_len(g)
				     : olen + mremap_len(g);
	} else if (r < 66) {		/* DONTUNMAP */
		flags = VMS_MREMAP_MAYMOVE | VMS_MREMAP_DONTUNMAP;
		if (chance(g, 50)) {
			flags |= VMS_MREMAP_FIXED;
			naddr = win_addr(g);
		} else if (chance(g, 20)) {
			naddr = win_addr(g);	/* a hint (not in strace) */
		}
		if (chance(g, 10))
			nlen = mremap_len(g);	/* EINVAL unless equal */
	} else if (r < 74) {		/* a multi-area move */
		old = DIFF_WIN_BASE + below(g, DENSE) * PG;
		olen = nlen = (4 + below(g, 28)) * PG;
		flags = VMS_MREMAP_MAYMOVE | VMS_MREMAP_FIXED;
		naddr = win_addr(g);
		if (chance(g, 15))
			nlen = olen + (1 + below(g, 4)) * PG;	/* EFAULT */
	} else if (r < 81) {		/* old_len 0: duplicate (shared) */
		olen = 0;
		nlen = (1 + below(g, 8)) * PG;
		flags = VMS_MREMAP_MAYMOVE;
		if (chance(g, 40)) {
			flags |= VMS_MREMAP_FIXED;
			naddr = win_addr(g);
		} else if (chance(g, 10)) {
			flags = 0;
		}
	} else if (r < 85) {		/* same size, no FIXED: a no-op */
		if (chance(g, 50))
			olen = nlen = (2 + below(g, 30)) * PG;
		flags = chance(g, 50) ? VMS_MREMAP_MAYMOVE : 0;
	} else {			/* invalid in some way */
		flags = VMS_MREMAP_MAYMOVE;
		switch (below(g, 11)) {
		case 0:
			flags = 8 << below(g, 3);
			break;
		case 1:
			flags = VMS_MREMAP_DONTUNMAP;
			break;
		case 2:
			flags = VMS_MREMAP_FIXED;
			naddr = win_addr(g);
			break;
		case 3:
			old += 1 + below(g, PG - 1);
			break;
		case 4:
			flags |= VMS_MREMAP_FIXED;
			naddr = win_addr(g) + 1 + below(g, PG - 1);
			break;
		case 5:
			nlen = 0;
			break;
		case 6:
			nlen = bad_len(g);
			flags = chance(g, 50) ? VMS_MREMAP_MAYMOVE : 0;
			break;
		case 7:			/* overlapping source and target */
			flags |= VMS_MREMAP_FIXED;
			naddr = old + below(g, 3) * PG;
			nlen = olen + PG;
			break;
		case 8:		/* new_addr > TASK_SIZE - new_len */
			flags |= VMS_MREMAP_FIXED;
			naddr = DIFF_TASK_SIZE - below(g, 2) * PG;
			nlen = olen + 2 * PG;
			break;
		case 9:
			old = chance(g, 50) ? 0 : DIFF_TASK_SIZE;
			break;
		default:
			flags |= VMS_MREMAP_DONTUNMAP;
			naddr = DIFF_TASK_SIZE + PG;
			break;
		}
	}
	if (chance(g, 4) && nlen)
		nlen -= 1 + below(g, PG - 1);	/* rounded up */
	set_call(c, VMS_SC_MREMAP, "mremap", (flags & 3) == 3 ? 5 : 4);
	c->arg[0] = old;
	c->arg[1] = olen;
	c->arg[2] = nlen;
	c->arg[3] = flags;
	c->arg[4] = naddr;
}

/* Advices that change flags, read ahead or deactivate: harmless for the
 * helper's own areas, so they may sweep any range. */
static const int harmless_advice[] = {
	VMS_MADV_NORMAL,     VMS_MADV_RANDOM,	  VMS_MADV_SEQUENTIAL,
	VMS_MADV_DONTFORK,   VMS_MADV_DOFORK,	  VMS_MADV_DONTDUMP,
	VMS_MADV_DODUMP,     VMS_MADV_WIPEONFORK, VMS_MADV_KEEPONFORK,
	VMS_MADV_HUGEPAGE,   VMS_MADV_NOHUGEPAGE, VMS_MADV_MERGEABLE,
	VMS_MADV_UNMERGEABLE, VMS_MADV_COLD,	  VMS_MADV_WILLNEED,
};
#define NHARMLESS (sizeof(harmless_advice) / sizeof(harmless_advice[0]))

/* Page advices: they act on (or populate) the pages of the range. */
static const int page_advice[] = {
	VMS_MADV_DONTNEED,	  VMS_MADV_FREE,	   VMS_MADV_REMOVE,
	VMS_MADV_PAGEOUT,	  VMS_MADV_POPULATE_READ,
	VMS_MADV_POPULATE_WRITE,  VMS_MADV_DONTNEED_LOCKED,
	VMS_MADV_GUARD_INSTALL,	  VMS_MADV_GUARD_REMOVE,
};
/* MADV_COLLAPSE is left out: its result depends on which pages exist,
 * which the model does not know until pages are modelled. */
#define NPAGE (sizeof(page_advice) / sizeof(page_advice[0]))

static int invalid_advice(struct diff_gen *g)
{
	static const int v[] = { 5, 6, 7, 26, 27, 99, 104, 105, 1000, -1,
				 0x10000 };

	return v[below(g, sizeof(v) / sizeof(v[0]))];
}

static void gen_madvise(struct diff_gen *g, struct vms_scall *c)
{
	unsigned int r = (unsigned int)below(g, 100);
	uint64_t addr, len;
	int adv;

	if (r < 3) {			/* sweep everything, past holes */
		addr = chance(g, 50) ? 0 : DIFF_WIN_BASE;
		len = DIFF_TASK_SIZE - addr;
		if (chance(g, 30))
			len = 1ULL << 63;
		adv = harmless_advice[below(g, NHARMLESS)];
	} else {
		pick_range(g, &addr, &len);
		r = (unsigned int)below(g, 100);
		if (r < 50)
			adv = harmless_advice[below(g, NHARMLESS)];
		else if (r < 92)
			adv = page_advice[below(g, NPAGE)];
		else if (r < 98)
			adv = invalid_advice(g);
		else
			adv = g->unpriv ? (chance(g, 50) ? VMS_MADV_HWPOISON
							  : VMS_MADV_SOFT_OFFLINE)
					: invalid_advice(g);
		/* a page advice never leaves our ranges */
		if (r >= 50 && r < 92 && !contained(g, addr, len))
			adv = harmless_advice[below(g, NHARMLESS)];
		if (g->guarded && (adv == VMS_MADV_POPULATE_READ ||
				   adv == VMS_MADV_POPULATE_WRITE))
			adv = harmless_advice[below(g, NHARMLESS)];
		if (adv == VMS_MADV_GUARD_INSTALL)
			g->guarded = true;
	}
	set_call(c, VMS_SC_MADVISE, "madvise", 3);
	c->arg[0] = addr;
	c->arg[1] = len;
	c->arg[2] = (uint64_t)(uint32_t)adv;
}

static void gen_mlock(struct diff_gen *g, struct vms_scall *c)
{
	static const uint64_t mcl[] = {
		VMS_MCL_CURRENT, VMS_MCL_FUTURE, VMS_MCL_CURRENT | VMS_MCL_FUTURE,
		VMS_MCL_CURRENT | VMS_MCL_ONFAULT,
		VMS_MCL_FUTURE | VMS_MCL_ONFAULT,
		VMS_MCL_CURRENT | VMS_MCL_FUTURE | VMS_MCL_ONFAULT,
		VMS_MCL_ONFAULT, 0, 8, VMS_MCL_CURRENT | 0x10,
	};
	unsigned int r = (unsigned int)below(g, 100);
	uint64_t addr, len, f;

	/* locking populates: pick_range's ranges are at most an owned
	 * range (64 MiB) or fail before populating */
	pick_range(g, &addr, &len);
	c->arg[0] = addr;
	c->arg[1] = len;
	/*
	 * Once a guard is installed, mlock is left out: even MLOCK_ONFAULT
	 * populates the unlockable (droppable) areas of its range, and
	 * populating over guard markers fails in the kernel.
	 */
	if (g->guarded && r < 50)
		r = 50 + (unsigned int)below(g, 28);
	if (r < 30) {
		set_call(c, VMS_SC_MLOCK, "mlock", 2);
	} else if (r < 50) {
		set_call(c, VMS_SC_MLOCK2, "mlock2", 3);
		r = (unsigned int)below(g, 100);
		c->arg[2] = r < 45 ? 0 : r < 90 ? VMS_MLOCK_ONFAULT
				   : r < 95 ? 2 : 0x80000000ULL;
	} else if (r < 78) {
		set_call(c, VMS_SC_MUNLOCK, "munlock", 2);
	} else if (r < 92) {
		set_call(c, VMS_SC_MLOCKALL, "mlockall", 1);
		f = mcl[below(g, sizeof(mcl) / sizeof(mcl[0]))];
		/*
		 * A huge mapping may exist: MCL_CURRENT would populate it,
		 * even with MCL_ONFAULT when it is droppable (mlock fills
		 * the areas it can't lock), and eat the machine's memory.
		 */
		if ((f & VMS_MCL_CURRENT) && g->big)
			f = VMS_MCL_FUTURE | VMS_MCL_ONFAULT;
		memset(c->arg, 0, sizeof(c->arg));
		c->arg[0] = f;
	} else {
		set_call(c, VMS_SC_MUNLOCKALL, "munlockall", 0);
		memset(c->arg, 0, sizeof(c->arg));
	}
}

/* mseal: only inside the window (sealed areas stay until the helper
 * goes; the next sequence has a fresh one). */
static void gen_mseal(struct diff_gen *g, struct vms_scall *c)
{
	uint64_t addr = win_addr(g), len = (1 + below(g, 16)) * PG;
	unsigned int r = (unsigned int)below(g, 100);

	if (r < 5)
		addr += 1 + below(g, PG - 1);
	else if (r < 10)
		len = below(g, 4) * PG + 1 + below(g, PG - 1);
	else if (r < 13)
		len = 0;
	else if (r < 16)
		len = chance(g, 50) ? UINT64_MAX : UINT64_MAX - PG + 1;
	set_call(c, VMS_SC_MSEAL, "mseal", 3);
	c->arg[0] = addr;
	c->arg[1] = len;
	c->arg[2] = chance(g, 5) ? 1 + below(g, 4) : 0;
}

static void gen_brk(struct diff_gen *g, struct vms_scall *c)
{
	unsigned int r = (unsigned int)below(g, 100);
	uint64_t cur = g->brk, v;
	bool huge = false;

	if (r < 10) {
		v = 0;
	} else if (r < 45) {
		v = cur + (1 + below(g, 16)) * PG;
	} else if (r < 52) {
		v = cur + (1 + below(g, g->future ? 4 : 64)) * MIB2 / 2;
	} else if (r < 72) {
		v = cur - below(g, 16) * PG;
	} else if (r < 77) {
		v = g->brk0;
	} else if (r < 82) {
		v = g->brk0 - (1 + below(g, 4)) * PG;
	} else if (r < 87) {
		v = cur + below(g, 4) * PG + 1 + below(g, PG - 1);
	} else if (r < 92) {
		static const uint64_t hv[] = {
			DIFF_TASK_SIZE, UINT64_MAX, 0x7ffff7000000ULL,
			DIFF_WIN_BASE, 1ULL << 46,
		};

		/* they fail: past the next area, or below the start, or
		 * more than the overcommit heuristic allows */
		v = hv[below(g, sizeof(hv) / sizeof(hv[0]))];
		huge = true;
	} else {
		v = cur - below(g, 64) * PG - below(g, PG);
	}
	if (!huge && v > g->brk0 &&
	    v - g->brk0 > (g->future ? 64ULL << 20 : BIG))
		v = cur;
	set_call(c, VMS_SC_BRK, "brk", 1);
	c->arg[0] = v;
}

void diff_gen_next(struct diff_gen *g, struct vms_scall *c)
{
	unsigned int r = (unsigned int)below(g, 100);
	uint64_t addr, len;

	memset(c, 0, sizeof(*c));
	if (r < 40) {
		gen_mmap(g, c);
		return;
	}
	if (r < 52) {
		gen_mremap(g, c);
		return;
	}
	if (r < 62) {
		gen_madvise(g, c);
		return;
	}
	if (r < 68) {
		gen_mlock(g, c);
		return;
	}
	if (r < 69) {
		gen_mseal(g, c);
		return;
	}
	if (r < 73 && g->brk0) {
		gen_brk(g, c);
		return;
	}
	pick_range(g, &addr, &len);
	c->arg[0] = addr;
	c->arg[1] = len;
	if (r < 86) {
		set_call(c, VMS_SC_MUNMAP, "munmap", 2);
	} else {
		set_call(c, VMS_SC_MPROTECT, "mprotect", 3);
		c->arg[2] = (uint64_t)(uint32_t)pick_prot(g);
	}
}

static void own(struct diff_gen *g, uint64_t a, uint64_t len)
{
	if (a >= DIFF_WIN_BASE && a < DIFF_WIN_BASE + DIFF_WIN_SIZE)
		return;
	/* remember at most 64 MiB of it: later calls need no more */
	if (len > OWNED_MAX)
		len = OWNED_MAX;
	g->owned[g->next_owned].addr = a;
	g->owned[g->next_owned].len = len;
	g->next_owned = (g->next_owned + 1) % DIFF_GEN_OWNED;
	if (g->nowned < DIFF_GEN_OWNED)
		g->nowned++;
}

void diff_gen_result(struct diff_gen *g, const struct vms_scall *c,
		     int64_t res)
{
	uint64_t a = (uint64_t)res, len;
	bool ok = !(res < 0 && res >= -4095);

	switch (c->sc) {
	case VMS_SC_MMAP:
	case VMS_SC_MREMAP:
		len = c->arg[c->sc == VMS_SC_MMAP ? 1 : 2];
		len = (len + PG - 1) & ~(PG - 1);
		if (!ok || !len)
			return;
		if (len > BIG)
			g->big = true;
		own(g, a, len);
		g->recent[g->next_recent].addr = a;
		g->recent[g->next_recent].len = len < OWNED_MAX ? len
								: OWNED_MAX;
		g->next_recent = (g->next_recent + 1) % DIFF_GEN_OWNED;
		if (g->nrecent < DIFF_GEN_OWNED)
			g->nrecent++;
		break;
	case VMS_SC_BRK:
		g->brk = a;
		if (a > g->brk0 && a - g->brk0 > BIG)
			g->big = true;
		break;
	case VMS_SC_MLOCKALL:
		if (res == 0)
			g->future = c->arg[0] & VMS_MCL_FUTURE;
		break;
	case VMS_SC_MUNLOCKALL:
		if (res == 0)
			g->future = false;
		break;
	default:
		break;
	}
}
