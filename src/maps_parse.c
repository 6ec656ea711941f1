// SPDX-License-Identifier: MIT
/*
 * Loading a /proc/PID/maps or /proc/PID/smaps text into an address space,
 * so that rendering it again gives the same bytes.
 *
 * The text is read one record at a time: a header line (a maps line),
 * then for smaps its "Key:   value kB" lines and a "VmFlags:" line.  A
 * record is installed when the next header (or the end) arrives, since
 * its flags are only known at its last line.
 *
 * With VmFlags the flags are exact (plus the protection key of the
 * ProtectionKey: line, which VmFlags never shows).  Without, they are
 * inferred as the kernel would have set them for the usual mmap calls:
 *  - r/w/x give READ/WRITE/EXEC; MAYREAD|MAYWRITE|MAYEXEC are always set;
 *  - 's' gives MAYSHARE; SHARED only when the area is writable or is
 *    shmem (a shared mapping of a read-only fd loses SHARED and MAYWRITE,
 *    as do_mmap does, and read-only 's' regular files are nearly always
 *    that: the gconv cache, fonts);
 *  - private and writable gives ACCOUNT (anon, heap, stack, file .data);
 *  - [stack] gives GROWSDOWN;
 *  - known special mappings get the flags their installer uses.
 * LOCKED, NORESERVE, madvise bits and the like cannot be inferred.
 *
 * Areas are marked faulted (given an anon_vma, shared with a compatible
 * neighbour as split pieces share one) when smaps shows anonymous pages,
 * or, from maps alone, when they are private and writable.
 */
#include <string.h>

#include "maps.h"

/* ---- special mappings ([vdso], [vvar], ...) ---- */

static int special_may_split(vms_area *a, uint64_t addr)
{
	(void)a;
	(void)addr;
	return -EINVAL;		/* special_mapping_split refuses */
}

static void special_close(vms_area *a)
{
	/* nothing to release; its presence keeps merges from deleting it */
	(void)a;
}

static const char *special_name(const vms_area *a);

#define SPECIAL_OPS { .close = special_close, \
		      .may_split = special_may_split, .name = special_name }

/*
 * The specials a kernel installs, with the flags of their installers
 * (beyond the access bits).  The last entry serves any other bracketed
 * name; its name is kept in the area's anon_name.
 */
static const struct special {
	const char *name;
	uint64_t flags;
} specials[] = {
	{ "[vdso]", VMS_MAYREAD | VMS_MAYWRITE | VMS_MAYEXEC | VMS_DONTEXPAND },
	{ "[vvar]", VMS_MAYREAD | VMS_PFNMAP | VMS_IO | VMS_DONTEXPAND |
		    VMS_DONTDUMP },
	{ "[vvar_vclock]", VMS_MAYREAD | VMS_PFNMAP | VMS_IO |
			   VMS_DONTEXPAND | VMS_DONTDUMP },
	{ "[uprobes]", VMS_MAYEXEC | VMS_DONTCOPY | VMS_IO },
	{ NULL, VMS_MAYREAD | VMS_MAYWRITE | VMS_MAYEXEC | VMS_DONTEXPAND },
};
#define NR_SPECIALS (sizeof(specials) / sizeof(specials[0]))

static const struct vms_vm_ops special_ops[NR_SPECIALS] = {
	SPECIAL_OPS, SPECIAL_OPS, SPECIAL_OPS, SPECIAL_OPS, SPECIAL_OPS,
};

static const char *special_name(const vms_area *a)
{
	for (size_t i = 0; i + 1 < NR_SPECIALS; i++)
		if (a->ops == &special_ops[i])
			return specials[i].name;
	return a->ext ? a->ext->anon_name : NULL;
}

bool vms__is_snapshot_special(const struct vms_vm_ops *ops)
{
	for (size_t i = 0; i < NR_SPECIALS; i++)
		if (ops == &special_ops[i])
			return true;
	return false;
}

/* ---- the area extension's lifetime (see maps.h) ---- */

void vms__ext_put(struct vms_mm *mm, struct vms_area_ext *ext)
{
	if (!ext || --ext->refs)
		return;
	if (ext->anon_name)
		vms__free(mm, ext->anon_name, strlen(ext->anon_name) + 1);
	vms__free(mm, ext, sizeof(*ext));
}

/* ---- the loader ---- */

enum name_kind {
	NK_NONE,	/* anonymous, no name */
	NK_FILE,	/* a path */
	NK_ANON_SHMEM,	/* [anon_shmem:NAME]: named shared anonymous */
	NK_HEAP,
	NK_STACK,
	NK_ANON,	/* [anon:NAME] */
	NK_SPECIAL,	/* [vdso] and other bracketed names */
	NK_GATE,	/* [vsyscall] */
};

struct record {
	unsigned long line;
	uint64_t start, end, off, ino;
	uint32_t major, minor;
	char perms[4];
	enum name_kind kind;
	const char *name;	/* raw, in the text */
	size_t name_len;
	size_t special;		/* index into specials[] */
	bool has_flags, has_fields;
	uint64_t flags;		/* from VmFlags */
	uint64_t counters[VMS_SM_NR];
};

struct loader {
	struct vms_mm *mm;
	struct record rec;
	bool have_rec;
	bool gate_seen;
	uint64_t prev_end;
	unsigned long err_line;

	/* one reference each, dropped at the end */
	struct vms_file **files;
	size_t nr_files, cap_files;

	char *scratch;		/* the record's name, unescaped, with NUL */
	size_t scratch_cap;

	bool heap_seen, stack_seen;
	uint64_t heap_start, heap_end, start_stack;
};

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static unsigned int hex_val(char c)
{
	if (c >= '0' && c <= '9')
		return (unsigned int)(c - '0');
	if (c >= 'a' && c <= 'f')
		return (unsigned int)(c - 'a' + 10);
	return (unsigned int)(c - 'A' + 10);
}

static int parse_hex(const char **p, const char *end, int max_digits,
		     uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;
	int n = 0;

	while (s < end && is_hex(*s)) {
		if (++n > max_digits)
			return -EINVAL;
		x = (x << 4) | hex_val(*s++);
	}
	if (!n)
		return -EINVAL;
	*p = s;
	*v = x;
	return 0;
}

static int parse_dec(const char **p, const char *end, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;

	if (s >= end || *s < '0' || *s > '9')
		return -EINVAL;
	while (s < end && *s >= '0' && *s <= '9') {
		unsigned int d = (unsigned int)(*s++ - '0');

		if (x > (UINT64_MAX - d) / 10)
			return -EINVAL;
		x = x * 10 + d;
	}
	*p = s;
	*v = x;
	return 0;
}

static int expect(const char **p, const char *end, char c)
{
	if (*p >= end || **p != c)
		return -EINVAL;
	(*p)++;
	return 0;
}

static bool has_prefix(const char *s, size_t n, const char *pre)
{
	size_t k = strlen(pre);

	return n >= k && memcmp(s, pre, k) == 0;
}

static bool name_is(const char *s, size_t n, const char *name)
{
	return n == strlen(name) && memcmp(s, name, n) == 0;
}

/* A header line: start "-" end " " perms " " offset " " dev " " inode. */
static bool is_header(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && is_hex(s[i]))
		i++;
	return i > 0 && i < n && s[i] == '-';
}

static void classify_name(struct record *r)
{
	const char *s = r->name;
	size_t n = r->name_len;
	bool ids = r->major || r->minor || r->ino;
	bool bracketed = n >= 2 && s[0] == '[' && s[n - 1] == ']';

	if (!n) {
		/* a path can't be empty, but a file without one round-trips */
		r->kind = ids ? NK_FILE : NK_NONE;
	} else if (ids) {
		r->kind = bracketed && has_prefix(s, n, "[anon_shmem:") ?
			  NK_ANON_SHMEM : NK_FILE;
	} else if (!bracketed) {
		r->kind = NK_FILE;
	} else if (name_is(s, n, "[heap]")) {
		r->kind = NK_HEAP;
	} else if (name_is(s, n, "[stack]")) {
		r->kind = NK_STACK;
	} else if (name_is(s, n, "[vsyscall]")) {
		r->kind = NK_GATE;
	} else if (has_prefix(s, n, "[anon:")) {
		r->kind = NK_ANON;
	} else {
		r->kind = NK_SPECIAL;
		r->special = NR_SPECIALS - 1;
		for (size_t i = 0; i + 1 < NR_SPECIALS; i++)
			if (name_is(s, n, specials[i].name))
				r->special = i;
	}
}

static int parse_header(struct loader *L, const char *s, size_t n,
			unsigned long line)
{
	const char *p = s, *end = s + n;
	struct record *r = &L->rec;
	uint64_t major, minor;

	memset(r, 0, sizeof(*r));
	r->line = line;
	if (parse_hex(&p, end, 16, &r->start) || expect(&p, end, '-') ||
	    parse_hex(&p, end, 16, &r->end) || expect(&p, end, ' '))
		return -EINVAL;
	if (end - p < 4)
		return -EINVAL;
	memcpy(r->perms, p, 4);
	if ((p[0] != 'r' && p[0] != '-') || (p[1] != 'w' && p[1] != '-') ||
	    (p[2] != 'x' && p[2] != '-') || (p[3] != 's' && p[3] != 'p'))
		return -EINVAL;
	p += 4;
	if (expect(&p, end, ' ') || parse_hex(&p, end, 16, &r->off) ||
	    expect(&p, end, ' ') || parse_hex(&p, end, 8, &major) ||
	    expect(&p, end, ':') || parse_hex(&p, end, 8, &minor) ||
	    expect(&p, end, ' ') || parse_dec(&p, end, &r->ino))
		return -EINVAL;
	r->major = (uint32_t)major;
	r->minor = (uint32_t)minor;
	if (p < end && *p != ' ')
		return -EINVAL;
	/* the padding before the name column */
	while (p < end && *p == ' ')
		p++;
	r->name = p;
	r->name_len = (size_t)(end - p);
	classify_name(r);

	if (r->start >= r->end)
		return -EINVAL;
	if (r->kind == NK_GATE) {
		if (r->start != VMS__GATE_START || r->end != VMS__GATE_END ||
		    memcmp(r->perms, "--xp", 4) || r->off)
			return -EINVAL;
		return 0;
	}
	/* the kernel lists areas in address order, the gate last */
	if (L->gate_seen || r->start < L->prev_end ||
	    r->end > L->mm->cfg.task_size)
		return -EINVAL;
	if (r->kind != NK_FILE && r->kind != NK_ANON_SHMEM && r->off)
		return -EINVAL;	/* only files print an offset */
	if (r->off & (L->mm->cfg.page_size - 1))
		return -EINVAL;
	return 0;
}

/* ---- smaps field lines ---- */

#define F_SIZE		(-1)
#define F_PAGESIZE	(-2)	/* KernelPageSize, MMUPageSize: derived */
#define F_IGNORE	(-3)

static const struct {
	const char *key;
	int idx;
} fields[] = {
	{ "Size", F_SIZE },
	{ "KernelPageSize", F_PAGESIZE },
	{ "MMUPageSize", F_PAGESIZE },
	{ "Rss", VMS_SM_RSS },
	{ "Pss", VMS_SM_PSS },
	{ "Pss_Dirty", VMS_SM_PSS_DIRTY },
	{ "Shared_Clean", VMS_SM_SHARED_CLEAN },
	{ "Shared_Dirty", VMS_SM_SHARED_DIRTY },
	{ "Private_Clean", VMS_SM_PRIVATE_CLEAN },
	{ "Private_Dirty", VMS_SM_PRIVATE_DIRTY },
	{ "Referenced", VMS_SM_REFERENCED },
	{ "Anonymous", VMS_SM_ANONYMOUS },
	{ "KSM", VMS_SM_KSM },
	{ "LazyFree", VMS_SM_LAZYFREE },
	{ "AnonHugePages", VMS_SM_ANON_HUGE },
	{ "ShmemPmdMapped", VMS_SM_SHMEM_PMD },
	{ "FilePmdMapped", VMS_SM_FILE_PMD },
	{ "Shared_Hugetlb", VMS_SM_SHARED_HUGETLB },
	{ "Private_Hugetlb", VMS_SM_PRIVATE_HUGETLB },
	{ "Swap", VMS_SM_SWAP },
	{ "SwapPss", VMS_SM_SWAP_PSS },
	{ "Locked", VMS_SM_LOCKED },
	{ "THPeligible", VMS_SM_THP_ELIGIBLE },
	{ "ProtectionKey", VMS_SM_PROTECTION_KEY },
};

static bool is_key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

static uint64_t perm_flags(const char *perms)
{
	return (perms[0] == 'r' ? VMS_READ : 0) |
	       (perms[1] == 'w' ? VMS_WRITE : 0) |
	       (perms[2] == 'x' ? VMS_EXEC : 0) |
	       (perms[3] == 's' ? VMS_MAYSHARE : 0);
}

static int parse_vmflags(struct loader *L, const char *s, size_t n)
{
	struct record *r = &L->rec;
	uint64_t f;
	uint64_t shown = VMS_ACCESS_FLAGS | VMS_MAYSHARE;

	if (r->has_flags || vms__flags_parse(s, n, &f))
		return -EINVAL;
	/* VmFlags and the header's perms come from the same bits */
	if ((f & shown) != perm_flags(r->perms) || (f & VMS_PKEY_MASK))
		return -EINVAL;
	r->flags = f;
	r->has_flags = true;
	return 0;
}

static int parse_field(struct loader *L, const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	struct record *r = &L->rec;
	int idx = F_IGNORE;
	uint64_t v;

	while (p < end && is_key_char(*p))
		p++;
	if (p == s || p == end || *p != ':')
		return -EINVAL;
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (name_is(s, (size_t)(p - s), fields[i].key))
			idx = fields[i].idx;
	p++;
	if (p == end || *p != ' ')
		return -EINVAL;
	while (p < end && *p == ' ')
		p++;
	if (parse_dec(&p, end, &v))
		return -EINVAL;
	if (p < end && (end - p != 3 || memcmp(p, " kB", 3)))
		return -EINVAL;

	r->has_fields = true;
	if (idx == F_SIZE) {
		if (v != (r->end - r->start) >> 10)
			return -EINVAL;
	} else if (idx == VMS_SM_PROTECTION_KEY) {
		if (v > 15)	/* four key bits on x86 */
			return -EINVAL;
		r->counters[idx] = v;
		L->mm->smaps_has_pkey = true;
	} else if (idx >= 0) {
		r->counters[idx] = v;
	}
	return 0;
}

/* ---- installing a record ---- */

static int scratch_reserve(struct loader *L, size_t n)
{
	char *p;

	if (n <= L->scratch_cap)
		return 0;
	p = vms__alloc(L->mm, n);
	if (!p)
		return -ENOMEM;
	vms__free(L->mm, L->scratch, L->scratch_cap);
	L->scratch = p;
	L->scratch_cap = n;
	return 0;
}

/* A NUL-terminated copy of s[0..n) in the scratch buffer. */
static int scratch_copy(struct loader *L, const char *s, size_t n)
{
	int err = scratch_reserve(L, n + 1);

	if (err)
		return err;
	memcpy(L->scratch, s, n);
	L->scratch[n] = '\0';
	return 0;
}

/* The path of a file name: "\012" back to a newline. */
static int scratch_path(struct loader *L, const char *s, size_t n)
{
	size_t o = 0;
	int err = scratch_reserve(L, n + 1);

	if (err)
		return err;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\\' && n - i >= 4 && !memcmp(s + i, "\\012", 4)) {
			L->scratch[o++] = '\n';
			i += 3;
		} else {
			L->scratch[o++] = s[i];
		}
	}
	L->scratch[o] = '\0';
	return 0;
}

static enum vms_file_kind file_kind(const struct vms_file_desc *d,
				    uint64_t flags)
{
	if (flags & VMS_HUGETLB)
		return VMS_FILE_HUGETLB;
	/* shmem's superblock is 00:01 here; memfd and shared anon by name */
	if ((d->dev_major == 0 && d->dev_minor == 1) ||
	    !strncmp(d->path, "/memfd:", 7) ||
	    (d->deleted && !strcmp(d->path, "/dev/zero")))
		return VMS_FILE_SHMEM;
	return VMS_FILE_REGULAR;
}

/*
 * One vms_file per (dev, inode, path, deleted) of the snapshot: the text
 * can't tell two opens of one file apart, so they become one.
 */
static int get_file(struct loader *L, const struct vms_file_desc *want,
		    uint64_t flags, struct vms_file **out)
{
	struct vms_file *f;
	int err;

	for (size_t i = 0; i < L->nr_files; i++) {
		f = L->files[i];
		if (f->d.dev_major == want->dev_major &&
		    f->d.dev_minor == want->dev_minor &&
		    f->d.inode == want->inode &&
		    f->d.deleted == want->deleted &&
		    !strcmp(f->path, want->path)) {
			*out = f;
			return 0;
		}
	}
	if (L->nr_files == L->cap_files) {
		size_t cap = L->cap_files ? 2 * L->cap_files : 16;
		struct vms_file **t = vms__alloc(L->mm, cap * sizeof(*t));

		if (!t)
			return -ENOMEM;
		if (L->nr_files)
			memcpy(t, L->files, L->nr_files * sizeof(*t));
		vms__free(L->mm, L->files, L->cap_files * sizeof(*t));
		L->files = t;
		L->cap_files = cap;
	}
	{
		struct vms_file_desc d = *want;

		d.kind = file_kind(&d, flags);
		d.readable = true;
		/* shmem behind a shared anonymous mapping is opened rw */
		d.writable = d.kind == VMS_FILE_SHMEM;
		err = vms_file_create(L->mm, &d, &f);
	}
	if (err)
		return err;
	L->files[L->nr_files++] = f;
	*out = f;
	return 0;
}

static uint64_t infer_flags(const struct record *r, bool shmem)
{
	uint64_t f = perm_flags(r->perms);
	bool w = f & VMS_WRITE;

	/* a MAY bit for each access bit, whatever the installer chose */
	f |= (f & VMS_ACCESS_FLAGS) << 4;
	if (r->kind == NK_SPECIAL)
		return f | specials[r->special].flags;
	f |= VMS_MAYREAD | VMS_MAYWRITE | VMS_MAYEXEC;
	if (f & VMS_MAYSHARE) {
		if (w || shmem)
			f |= VMS_SHARED;
		else
			f &= ~VMS_MAYWRITE;	/* MAP_SHARED of an O_RDONLY fd */
	} else if (w) {
		f |= VMS_ACCOUNT;
	}
	if (r->kind == NK_STACK)
		f |= VMS_GROWSDOWN;
	return f;
}

static bool nonzero_counters(const struct record *r)
{
	for (int i = 0; i < VMS_SM_NR; i++)
		if (i != VMS_SM_PROTECTION_KEY && r->counters[i])
			return true;
	return false;
}

static int attach_counters(struct vms_mm *mm, struct vms_area *a,
			   const struct record *r)
{
	struct vms_area_ext *x = a->ext;

	/* zeros are what an area without counters prints anyway */
	if (!nonzero_counters(r))
		return 0;
	if (!x) {
		x = vms__zalloc(mm, sizeof(*x));
		if (!x)
			return -ENOMEM;
		x->refs = 1;
		a->ext = x;
	}
	/* a fresh ext (refs == 1), not yet shared: still ours to fill */
	x->start = a->start;
	x->end = vms__end(a);
	x->has_counters = true;
	memcpy(x->counters, r->counters, sizeof(x->counters));
	return 0;
}

static int commit(struct loader *L)
{
	struct record *r = &L->rec;
	struct vms_mm *mm = L->mm;
	struct vms_area_desc d = { 0 };
	struct vms_area *a;
	bool is_file = r->kind == NK_FILE || r->kind == NK_ANON_SHMEM;
	bool faulted;
	int err = 0;

	L->have_rec = false;
	L->err_line = r->line;
	if (r->kind == NK_GATE) {
		/* not an area: listed after the last one, counted nowhere */
		mm->gate_vsyscall = true;
		L->gate_seen = true;
		return 0;
	}

	d.start = r->start;
	d.end = r->end;
	if (is_file) {
		struct vms_file_desc fd = { 0 };

		if (r->kind == NK_ANON_SHMEM) {
			/* the name hides the path: /dev/zero, unlinked */
			err = scratch_copy(L, "/dev/zero", 9);
			fd.deleted = true;
		} else {
			static const char del[] = " (deleted)";
			size_t n = r->name_len, k = sizeof(del) - 1;

			if (n > k && !memcmp(r->name + n - k, del, k)) {
				fd.deleted = true;
				n -= k;
			}
			err = scratch_path(L, r->name, n);
		}
		if (err)
			return err;
		fd.path = L->scratch;
		fd.dev_major = r->major;
		fd.dev_minor = r->minor;
		fd.inode = r->ino;
		err = get_file(L, &fd, r->has_flags ? r->flags : 0, &d.file);
		if (err)
			return err;
		d.pgoff = r->off >> mm->page_shift;
	} else if (r->kind != NK_SPECIAL) {
		/* anonymous private pgoff is the address, as do_mmap sets */
		d.pgoff = r->start >> mm->page_shift;
	}

	d.flags = r->has_flags ? r->flags :
		  infer_flags(r, d.file && d.file->d.kind == VMS_FILE_SHMEM);
	d.flags |= r->counters[VMS_SM_PROTECTION_KEY] << 32;
	if (d.file) {
		uint64_t end_off = r->off + (r->end - r->start);

		if ((d.flags & VMS_SHARED) || (r->perms[3] == 's' &&
					       r->perms[1] == 'w'))
			d.file->d.writable = true;
		if (end_off > r->off && end_off > d.file->d.size)
			d.file->d.size = end_off;
	}

	if (r->kind == NK_ANON_SHMEM || r->kind == NK_ANON) {
		size_t skip = r->kind == NK_ANON ? 6 : 12;

		err = scratch_copy(L, r->name + skip, r->name_len - skip - 1);
		d.anon_name = L->scratch;
	} else if (r->kind == NK_SPECIAL) {
		d.ops = &special_ops[r->special];
		if (r->special == NR_SPECIALS - 1) {
			err = scratch_copy(L, r->name, r->name_len);
			d.anon_name = L->scratch;
		}
	}
	if (err)
		return err;

	err = vms_insert_area(mm, &d, &a);
	if (err)
		return err == -ENOMEM ? -ENOMEM : -EINVAL;
	L->prev_end = r->end;

	if (r->has_fields)
		faulted = r->counters[VMS_SM_ANONYMOUS] ||
			  r->counters[VMS_SM_ANON_HUGE] ||
			  (r->counters[VMS_SM_SWAP] && r->perms[3] == 'p');
	else
		faulted = r->perms[3] == 'p' && r->perms[1] == 'w';
	if (faulted && r->kind != NK_SPECIAL) {
		err = vms_anon_prepare(a);
		if (err)
			return err;
	}
	err = attach_counters(mm, a, r);
	if (err)
		return err;

	if (r->kind == NK_HEAP) {
		if (!L->heap_seen)
			L->heap_start = r->start;
		L->heap_end = r->end;
		L->heap_seen = true;
	} else if (r->kind == NK_STACK) {
		/*
		 * Strictly inside, so neither neighbour (touching start or
		 * end) also matches start <= start_stack <= end.
		 */
		L->start_stack = r->end - 8;
		L->stack_seen = true;
	}
	return 0;
}

static int parse_line(struct loader *L, const char *s, size_t n,
		      unsigned long line)
{
	int err;

	L->err_line = line;
	if (memchr(s, '\0', n))
		return -EINVAL;
	if (is_header(s, n)) {
		if (L->have_rec) {
			err = commit(L);	/* blames the record's header */
			if (err)
				return err;
		}
		L->err_line = line;
		err = parse_header(L, s, n, line);
		if (err)
			return err;
		L->have_rec = true;
		return 0;
	}
	if (!L->have_rec)
		return -EINVAL;
	if (has_prefix(s, n, "VmFlags:"))
		return parse_vmflags(L, s + 8, n - 8);
	return parse_field(L, s, n);
}

static void loader_fini(struct loader *L)
{
	for (size_t i = 0; i < L->nr_files; i++)
		vms_file_put(L->files[i]);
	vms__free(L->mm, L->files, L->cap_files * sizeof(*L->files));
	vms__free(L->mm, L->scratch, L->scratch_cap);
}

int vms_load_maps(vms_mm *mm, const char *text, size_t len,
		  unsigned long *err_line)
{
	struct loader L = { .mm = mm };
	unsigned long line = 0;
	size_t pos = 0;
	int err = 0;

	if (!mm || (!text && len))
		return -EINVAL;
	while (pos < len && !err) {
		const char *s = text + pos;
		const char *nl = memchr(s, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - s) : len - pos;

		err = parse_line(&L, s, n, ++line);
		pos += n + (nl != NULL);
	}
	if (!err && L.have_rec)
		err = commit(&L);

	/* what loaded is named as in the text, even after an error */
	if (L.heap_seen)
		vms_mm_set_brk(mm, L.heap_start, L.heap_end);
	if (L.stack_seen)
		vms_mm_set_start_stack(mm, L.start_stack);
	loader_fini(&L);
	if (err && err_line)
		*err_line = L.err_line;
	return err;
}
