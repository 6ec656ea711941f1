// SPDX-License-Identifier: MIT
/*
 * /proc/PID/maps and /proc/PID/smaps, byte for byte as Linux 6.18 prints
 * them (show_map_vma, show_vma_header_prefix, get_vma_name, show_smap and
 * __show_smap in fs/proc/task_mmu.c).  No stdio: the few number formats
 * the kernel's seq_file helpers use are written out here, which also
 * keeps the library free of locale and errno.
 */
#include <string.h>

#include "maps.h"

/*
 * An output cursor.  Everything is counted, only what fits is stored, so
 * one pass yields both the text and the size a caller must provide.
 */
struct out {
	char *buf;
	size_t len;
	size_t pos;
};

static void put(struct out *o, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++, o->pos++)
		if (o->pos + 1 < o->len)
			o->buf[o->pos] = s[i];
}

static void puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static void putc_(struct out *o, char c)
{
	put(o, &c, 1);
}

static size_t finish(struct out *o)
{
	if (o->len)
		o->buf[o->pos < o->len ? o->pos : o->len - 1] = '\0';
	return o->pos;
}

/* seq_put_hex_ll: lowercase, zero-padded to at least width digits. */
static void put_hex(struct out *o, uint64_t v, int width)
{
	char tmp[16];
	int n = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	for (; width > n; width--)
		putc_(o, '0');
	while (n)
		putc_(o, tmp[--n]);
}

/* seq_put_decimal_ull_width: right-aligned in width spaces. */
static void put_dec(struct out *o, uint64_t v, int width)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (; width > n; width--)
		putc_(o, ' ');
	while (n)
		putc_(o, tmp[--n]);
}

/* seq_path with "\n" as the characters to escape: mangle_path's \ooo. */
static void put_path(struct out *o, const char *p)
{
	for (; *p; p++) {
		if (*p == '\n')
			puts_(o, "\\012");
		else
			putc_(o, *p);
	}
}

static const char *anon_name(const struct vms_area *a)
{
	return a->ext ? a->ext->anon_name : NULL;
}

/* The header up to and including the space after the inode. */
static void put_prefix(struct out *o, uint64_t start, uint64_t end,
		       uint64_t flags, uint64_t off, uint32_t major,
		       uint32_t minor, uint64_t ino)
{
	put_hex(o, start, 8);
	putc_(o, '-');
	put_hex(o, end, 8);
	putc_(o, ' ');
	putc_(o, flags & VMS_READ ? 'r' : '-');
	putc_(o, flags & VMS_WRITE ? 'w' : '-');
	putc_(o, flags & VMS_EXEC ? 'x' : '-');
	/* the column says "was MAP_SHARED", even for a read-only fd */
	putc_(o, flags & VMS_MAYSHARE ? 's' : 'p');
	putc_(o, ' ');
	put_hex(o, off, 8);
	putc_(o, ' ');
	put_hex(o, major, 2);
	putc_(o, ':');
	put_hex(o, minor, 2);
	putc_(o, ' ');
	put_dec(o, ino, 0);
	putc_(o, ' ');
}

/* seq_pad: spaces up to the name column, then one more. */
static void pad(struct out *o, size_t line_start)
{
	while (o->pos - line_start < VMS__MAPS_PAD)
		putc_(o, ' ');
	putc_(o, ' ');
}

static void render_line(struct out *o, const struct vms_area *a)
{
	const struct vms_mm *mm = vms__area_mm(a);
	const struct vms_file *f = a->file;
	const char *name = NULL, *aname = anon_name(a);
	size_t line_start = o->pos;

	if (f)
		put_prefix(o, a->start, vms__end(a), a->flags,
			   a->pgoff << mm->page_shift, f->d.dev_major,
			   f->d.dev_minor, f->d.inode);
	else
		put_prefix(o, a->start, vms__end(a), a->flags, 0, 0, 0, 0);

	/* get_vma_name's order: file, ops->name, heap, stack, anon name */
	if (f) {
		pad(o, line_start);
		if (aname && f->d.kind == VMS_FILE_SHMEM) {
			puts_(o, "[anon_shmem:");
			puts_(o, aname);
			putc_(o, ']');
		} else {
			put_path(o, f->path);
			if (f->d.deleted)
				puts_(o, " (deleted)");
		}
		putc_(o, '\n');
		return;
	}
	name = vms_area_special_name(a);
	if (name) {
		pad(o, line_start);
		puts_(o, name);
	} else if (aname) {
		pad(o, line_start);
		puts_(o, "[anon:");
		puts_(o, aname);
		putc_(o, ']');
	}
	putc_(o, '\n');
}

static void render_gate_line(struct out *o)
{
	size_t line_start = o->pos;

	put_prefix(o, VMS__GATE_START, VMS__GATE_END, VMS__GATE_FLAGS, 0, 0,
		   0, 0);
	pad(o, line_start);
	puts_(o, "[vsyscall]");
	putc_(o, '\n');
}

int vms_render_maps_line(const vms_area *a, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };

	if (!a)
		return -EINVAL;
	render_line(&o, a);
	return (int)finish(&o);
}

int64_t vms_render_maps(const vms_mm *mm, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	const struct vms_area *a;

	if (!mm)
		return -EINVAL;
	for (a = mm->first; a; a = a->next)
		render_line(&o, a);
	if (mm->gate_vsyscall)
		render_gate_line(&o);
	return (int64_t)finish(&o);
}

/* ---- smaps ---- */

/* The kB lines after the header, in __show_smap order. */
static const struct {
	const char *label;	/* padded so the value starts at column 16 */
	int idx;
	int width;
} smap_fields[] = {
	{ "Rss:            ", VMS_SM_RSS, 8 },
	{ "Pss:            ", VMS_SM_PSS, 8 },
	{ "Pss_Dirty:      ", VMS_SM_PSS_DIRTY, 8 },
	{ "Shared_Clean:   ", VMS_SM_SHARED_CLEAN, 8 },
	{ "Shared_Dirty:   ", VMS_SM_SHARED_DIRTY, 8 },
	{ "Private_Clean:  ", VMS_SM_PRIVATE_CLEAN, 8 },
	{ "Private_Dirty:  ", VMS_SM_PRIVATE_DIRTY, 8 },
	{ "Referenced:     ", VMS_SM_REFERENCED, 8 },
	{ "Anonymous:      ", VMS_SM_ANONYMOUS, 8 },
	{ "KSM:            ", VMS_SM_KSM, 8 },
	{ "LazyFree:       ", VMS_SM_LAZYFREE, 8 },
	{ "AnonHugePages:  ", VMS_SM_ANON_HUGE, 8 },
	{ "ShmemPmdMapped: ", VMS_SM_SHMEM_PMD, 8 },
	{ "FilePmdMapped:  ", VMS_SM_FILE_PMD, 8 },
	{ "Shared_Hugetlb: ", VMS_SM_SHARED_HUGETLB, 8 },
	/* one character longer label, one narrower field: as 6.18 */
	{ "Private_Hugetlb: ", VMS_SM_PRIVATE_HUGETLB, 7 },
	{ "Swap:           ", VMS_SM_SWAP, 8 },
	{ "SwapPss:        ", VMS_SM_SWAP_PSS, 8 },
	{ "Locked:         ", VMS_SM_LOCKED, 8 },
};

static void put_kb(struct out *o, const char *label, uint64_t kb, int width)
{
	puts_(o, label);
	put_dec(o, kb, width);
	puts_(o, " kB\n");
}

static void put_vmflags(struct out *o, uint64_t flags)
{
	char tmp[200];
	int n = vms_flags_mnemonics(flags, tmp, sizeof(tmp));

	puts_(o, "VmFlags: ");
	put(o, tmp, (size_t)n);
	putc_(o, '\n');
}

/*
 * The counters describe the area they were loaded with; once the area has
 * changed shape they no longer apply and the page counts print 0.
 */
static const uint64_t *area_counters(const struct vms_area *a)
{
	const struct vms_area_ext *x = a->ext;

	if (x && x->has_counters && x->start == a->start &&
	    x->end == vms__end(a))
		return x->counters;
	return NULL;
}

static void render_smap_body(struct out *o, const struct vms_mm *mm,
			     uint64_t size, uint64_t pagesize_kb,
			     uint64_t flags, const uint64_t *c)
{
	put_kb(o, "Size:           ", size >> 10, 8);
	put_kb(o, "KernelPageSize: ", pagesize_kb, 8);
	put_kb(o, "MMUPageSize:    ", pagesize_kb, 8);
	for (size_t i = 0; i < sizeof(smap_fields) / sizeof(smap_fields[0]);
	     i++)
		put_kb(o, smap_fields[i].label,
		       c ? c[smap_fields[i].idx] : 0, smap_fields[i].width);
	puts_(o, "THPeligible:    ");
	put_dec(o, c ? !!c[VMS_SM_THP_ELIGIBLE] : 0, 8);
	putc_(o, '\n');
	if (mm->smaps_has_pkey) {
		/* vma_pkey(): the key lives in the flags, not the counters */
		puts_(o, "ProtectionKey:  ");
		put_dec(o, (flags & VMS_PKEY_MASK) >> 32, 8);
		putc_(o, '\n');
	}
	put_vmflags(o, flags);
}

static uint64_t kernel_pagesize_kb(const struct vms_area *a)
{
	/* hugetlb areas report their huge page size: x86's default 2 MiB */
	if (a->flags & VMS_HUGETLB)
		return 2048;
	return vms__area_mm(a)->cfg.page_size >> 10;
}

int64_t vms_render_smaps(const vms_mm *mm, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	const struct vms_area *a;

	if (!mm)
		return -EINVAL;
	for (a = mm->first; a; a = a->next) {
		render_line(&o, a);
		render_smap_body(&o, mm, vms__end(a) - a->start,
				 kernel_pagesize_kb(a),
				 VMS__FLAGS_EXPORT(a->flags), area_counters(a));
	}
	if (mm->gate_vsyscall) {
		/* the gate has no pages the walk could count: all zero */
		render_gate_line(&o);
		render_smap_body(&o, mm, VMS__GATE_END - VMS__GATE_START, 4,
				 VMS__GATE_FLAGS, NULL);
	}
	return (int64_t)finish(&o);
}
