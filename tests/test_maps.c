// SPDX-License-Identifier: MIT
/*
 * The maps and smaps printer and parser against the kernel's own bytes:
 * goldens captured on Linux 6.18 (tests/golden/, made by capture.c there),
 * the live /proc/self/smaps of this test, and hand-built areas whose
 * expected lines were checked against the reference machine.
 */
#include <fcntl.h>
#include <unistd.h>

#include "check.h"
#include "model.h"
#include "maps.h"

#define BIG (1 << 22)
static char text[BIG], out[BIG], out2[BIG];

static vms_mm *new_mm(void)
{
	struct vms_config cfg;
	vms_mm *mm = NULL;

	vms_config_default(&cfg);
	if (vms_mm_create(&cfg, &mm))
		abort();
	return mm;
}

/* A file next to this source, read whole into text[]; its length or -1. */
static long read_file(const char *path)
{
	long n = 0;
	ssize_t r;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((r = read(fd, text + n, sizeof(text) - 1 - (size_t)n)) > 0)
		n += r;
	close(fd);
	text[n] = '\0';
	return n;
}

static long read_golden(const char *name)
{
	char path[512];
	const char *src = __FILE__, *slash = strrchr(src, '/');
	int dir = slash ? (int)(slash - src) : 0;

	snprintf(path, sizeof(path), "%.*s%sgolden/%s", dir, src,
		 slash ? "/" : "", name);
	return read_file(path);
}

static const char *line_of(const vms_area *a)
{
	static char buf[1024];

	vms_render_maps_line(a, buf, sizeof(buf));
	return buf;
}

static vms_file *new_file(vms_mm *mm, const char *path, uint32_t maj,
			  uint32_t min, uint64_t ino, bool deleted,
			  enum vms_file_kind kind)
{
	struct vms_file_desc d = {
		.path = path, .dev_major = maj, .dev_minor = min,
		.inode = ino, .size = 1 << 20, .kind = kind,
		.readable = true, .writable = true, .deleted = deleted,
	};
	vms_file *f = NULL;

	if (vms_file_create(mm, &d, &f))
		abort();
	return f;
}

static vms_area *insert(vms_mm *mm, uint64_t start, uint64_t end,
			uint64_t flags, uint64_t pgoff, vms_file *f)
{
	struct vms_area_desc d = {
		.start = start, .end = end, .flags = flags, .pgoff = pgoff,
		.file = f,
	};
	vms_area *a = NULL;

	if (vms_insert_area(mm, &d, &a))
		return NULL;
	return a;
}

#define RWP (VMS_READ | VMS_WRITE | VMS_MAYREAD | VMS_MAYWRITE | VMS_MAYEXEC)
#define RP (VMS_READ | VMS_MAYREAD | VMS_MAYWRITE | VMS_MAYEXEC)

/* ---- VmFlags mnemonics ---- */

TEST(mnemonics_kernel_order)
{
	char buf[256];

	CHECK_EQ(vms_flags_mnemonics(RWP | VMS_ACCOUNT, buf, sizeof(buf)), 18);
	CHECK_STR(buf, "rd wr mr mw me ac ");
	vms_flags_mnemonics(VMS_SEALED | VMS_READ | VMS_GROWSDOWN |
			    VMS_MAYBE_GUARD | VMS_DROPPABLE, buf, sizeof(buf));
	CHECK_STR(buf, "rd gd gu dp sl ");
	CHECK_EQ(vms_flags_mnemonics(0, buf, sizeof(buf)), 0);
	CHECK_STR(buf, "");
}

TEST(mnemonics_pkey_and_unknown)
{
	char buf[256];

	/* protection keys print nothing, not even a space */
	vms_flags_mnemonics(VMS_READ | VMS_PKEY_MASK, buf, sizeof(buf));
	CHECK_STR(buf, "rd ");
	/* bits the kernel has no name for: "??" */
	vms_flags_mnemonics((1ULL << 36) | VMS_ALLOW_ANY_UNCACHED |
			    (1ULL << 50), buf, sizeof(buf));
	CHECK_STR(buf, "?? ?? ?? ");
}

TEST(mnemonics_buffer_contract)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(vms_flags_mnemonics(RWP, buf, 7), 15);
	CHECK_STR(buf, "rd wr ");
	CHECK_EQ(buf[7], 'x');
	CHECK_EQ(vms_flags_mnemonics(RWP, buf, 0), 15);
	CHECK_EQ(buf[0], 'r');
	CHECK_EQ(vms_flags_mnemonics(RWP, buf, 1), 15);
	CHECK_EQ(buf[0], '\0');
}

TEST(mnemonics_parse_inverse)
{
	char buf[256];
	uint64_t f;

	/* every single bit the model may hold parses back to itself */
	for (int bit = 0; bit < 62; bit++) {
		uint64_t want = 1ULL << bit;

		/* a lone "??" reads as the lowest unnamed bit: skip those */
		if (!strcmp(vms__flag_mnemonic((unsigned)bit), "??") ||
		    (want & VMS_PKEY_MASK))
			continue;
		vms_flags_mnemonics(want, buf, sizeof(buf));
		CHECK_EQ(vms__flags_parse(buf, strlen(buf), &f), 0);
		CHECK_EQ(f, want);
	}
	/* and so does everything printable at once */
	vms_flags_mnemonics(~VMS_PKEY_MASK & ~VMS__INTERNAL & ~(1ULL << 63),
			    buf, sizeof(buf));
	CHECK_EQ(vms__flags_parse(buf, strlen(buf), &f), 0);
	CHECK_EQ(f, ~VMS_PKEY_MASK & ~VMS__INTERNAL & ~(1ULL << 63));
	CHECK_EQ(vms__flags_parse("rd xx ", 6, &f), -EINVAL);
	CHECK_EQ(vms__flags_parse("rdwr", 4, &f), -EINVAL);
	CHECK_EQ(vms__flags_parse("r", 1, &f), -EINVAL);
}

/* ---- maps lines of hand-built areas ---- */

TEST(line_anon_min_width)
{
	vms_mm *mm = new_mm();
	vms_area *a = insert(mm, 0x10000, 0x11000, RP, 0x10, NULL);

	CHECK(a != NULL);
	/* 8 hex digits at least; a nameless line ends in "0 " */
	CHECK_STR(line_of(a), "00010000-00011000 r--p 00000000 00:00 0 \n");
	a = insert(mm, 0x7fff00000000ULL, 0x7fff00001000ULL, RWP | VMS_EXEC,
		   0x7fff00000ULL, NULL);
	/* the anonymous pgoff never shows */
	CHECK_STR(line_of(a), "7fff00000000-7fff00001000 rwxp 00000000 "
			      "00:00 0 \n");
	vms_mm_destroy(mm);
}

TEST(line_file_padding)
{
	vms_mm *mm = new_mm();
	vms_file *f = new_file(mm, "/usr/bin/cat", 0xfe, 0, 247134, false,
			       VMS_FILE_REGULAR);
	vms_area *a = insert(mm, 0x561b63a2f000ULL, 0x561b63a34000ULL,
			     RP | VMS_EXEC, 2, f);

	/* the name starts at column 73 */
	CHECK_STR(line_of(a),
		  "561b63a2f000-561b63a34000 r-xp 00002000 fe:00 247134"
		  "                     /usr/bin/cat\n");
	CHECK_EQ(strchr(line_of(a), '/') - line_of(a), 73);
	vms_file_put(f);
	vms_mm_destroy(mm);
}

TEST(line_longer_than_column)
{
	vms_mm *mm = new_mm();
	vms_file *f = new_file(mm, "/x", 0xfff, 0xfffff,
			       18446744073709551615ULL, false,
			       VMS_FILE_REGULAR);
	vms_area *a = insert(mm, 0x7ffff0000000ULL, 0x7ffff0001000ULL, RP,
			     0xfffffffffffffULL, f);

	/* a prefix past column 72 gets exactly one more space */
	CHECK_STR(line_of(a),
		  "7ffff0000000-7ffff0001000 r--p fffffffffffff000 fff:fffff "
		  "18446744073709551615  /x\n");
	vms_file_put(f);
	vms_mm_destroy(mm);
}

TEST(line_deleted_newline_devzero)
{
	vms_mm *mm = new_mm();
	vms_file *del = new_file(mm, "/dev/shm/vms-deleted", 0, 0x1b, 2, true,
				 VMS_FILE_SHMEM);
	vms_file *nl = new_file(mm, "/dev/shm/vms we ird\nname", 0, 0x1b, 3,
				false, VMS_FILE_SHMEM);
	vms_file *zero = new_file(mm, "/dev/zero", 0, 1, 1025, true,
				  VMS_FILE_SHMEM);
	uint64_t sh = RWP | VMS_SHARED | VMS_MAYSHARE;
	vms_area *a = insert(mm, 0x10001a000ULL, 0x10001c000ULL, sh, 1, del);
	vms_area *b = insert(mm, 0x10001d000ULL, 0x10001e000ULL, sh, 0, nl);
	vms_area *c = insert(mm, 0x100015000ULL, 0x100017000ULL, sh, 0, zero);

	CHECK_STR(line_of(a), "10001a000-10001c000 rw-s 00001000 00:1b 2"
			      "                                "
			      "/dev/shm/vms-deleted (deleted)\n");
	CHECK_STR(line_of(b), "10001d000-10001e000 rw-s 00000000 00:1b 3"
			      "                                "
			      "/dev/shm/vms we ird\\012name\n");
	CHECK_STR(line_of(c), "100015000-100017000 rw-s 00000000 00:01 1025"
			      "                             "
			      "/dev/zero (deleted)\n");
	vms_file_put(del);
	vms_file_put(nl);
	vms_file_put(zero);
	vms_mm_destroy(mm);
}

TEST(line_maps_share_column_is_mayshare)
{
	vms_mm *mm = new_mm();
	vms_file *f = new_file(mm, "/etc/passwd", 0xfe, 0, 861, false,
			       VMS_FILE_REGULAR);
	/* MAP_SHARED of an O_RDONLY fd: MAYSHARE without SHARED */
	vms_area *a = insert(mm, 0x10001f000ULL, 0x100020000ULL,
			     VMS_READ | VMS_MAYREAD | VMS_MAYEXEC |
			     VMS_MAYSHARE, 0, f);

	CHECK_STR(line_of(a), "10001f000-100020000 r--s 00000000 fe:00 861"
			      "                              /etc/passwd\n");
	vms_file_put(f);
	vms_mm_destroy(mm);
}

TEST(line_heap_is_strict)
{
	vms_mm *mm = new_mm();
	vms_area *lo = insert(mm, 0x555555554000ULL, 0x555555555000ULL, RWP,
			      0, NULL);
	vms_area *h = insert(mm, 0x555555556000ULL, 0x555555577000ULL, RWP,
			     0, NULL);
	const char *nameless = "555555556000-555555577000 rw-p 00000000 "
			       "00:00 0 \n";

	/* brk == start_brk at the area's start: touching is no heap */
	vms_mm_set_brk(mm, 0x555555556000ULL, 0x555555556000ULL);
	CHECK_STR(line_of(h), nameless);
	/* start_brk at the area's end: not overlapping either */
	vms_mm_set_brk(mm, 0x555555577000ULL, 0x555555578000ULL);
	CHECK_STR(line_of(h), nameless);
	vms_mm_set_brk(mm, 0x555555556000ULL, 0x555555556001ULL);
	CHECK_STR(line_of(h), "555555556000-555555577000 rw-p 00000000 "
			      "00:00 0                          [heap]\n");
	/* a neighbour that ends at start_brk is not named */
	CHECK_STR(line_of(lo), "555555554000-555555555000 rw-p 00000000 "
			       "00:00 0 \n");
	vms_mm_destroy(mm);
}

TEST(line_stack_and_anon_name)
{
	vms_mm *mm = new_mm();
	vms_area *s = insert(mm, 0x7ffffffde000ULL, 0x7ffffffff000ULL,
			     RWP | VMS_GROWSDOWN | VMS_ACCOUNT, 0, NULL);
	struct vms_area_desc d = {
		.start = 0x100000000ULL, .end = 0x100001000ULL, .flags = RWP,
		.anon_name = "my buf",
	};
	vms_area *n = NULL;

	CHECK_STR(line_of(s), "7ffffffde000-7ffffffff000 rw-p 00000000 "
			      "00:00 0 \n");
	/* start <= start_stack <= end, both inclusive */
	vms_mm_set_start_stack(mm, 0x7ffffffff000ULL);
	CHECK_STR(line_of(s), "7ffffffde000-7ffffffff000 rw-p 00000000 "
			      "00:00 0                          [stack]\n");
	vms_mm_set_start_stack(mm, 0x7ffffffde000ULL);
	CHECK(strstr(line_of(s), "[stack]") != NULL);
	CHECK_EQ(vms_insert_area(mm, &d, &n), 0);
	CHECK_STR(line_of(n), "100000000-100001000 rw-p 00000000 00:00 0"
			      "                                [anon:my buf]\n");
	vms_mm_destroy(mm);
}

static const char *vdso_name(const vms_area *a)
{
	(void)a;
	return "[vdso]";
}

TEST(line_ops_name_and_buffer)
{
	static const struct vms_vm_ops ops = { .name = vdso_name };
	struct vms_area_desc d = {
		.start = 0x7ffff7fc1000ULL, .end = 0x7ffff7fc3000ULL,
		.flags = RP | VMS_EXEC | VMS_DONTEXPAND, .ops = &ops,
	};
	const char *want = "7ffff7fc1000-7ffff7fc3000 r-xp 00000000 00:00 0"
			   "                          [vdso]\n";
	vms_mm *mm = new_mm();
	vms_area *a = NULL;
	char buf[16];

	CHECK_EQ(vms_insert_area(mm, &d, &a), 0);
	CHECK_STR(line_of(a), want);
	/* the size is returned whatever fits; the text is cut and ended */
	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(vms_render_maps_line(a, buf, sizeof(buf)), (int)strlen(want));
	CHECK_EQ(memcmp(buf, want, 15), 0);
	CHECK_EQ(buf[15], '\0');
	CHECK_EQ(vms_render_maps_line(a, NULL, 0), (int)strlen(want));
	CHECK_EQ(vms_render_maps(mm, NULL, 0), (int64_t)strlen(want));
	vms_mm_destroy(mm);
}

/* ---- smaps ---- */

TEST(smaps_layout)
{
	vms_mm *mm = new_mm();
	vms_area *a = insert(mm, 0x100000000ULL, 0x100010000ULL,
			     RWP | VMS_ACCOUNT, 0x100000, NULL);
	const char *want =
		"100000000-100010000 rw-p 00000000 00:00 0 \n"
		"Size:                 64 kB\n"
		"KernelPageSize:        4 kB\n"
		"MMUPageSize:           4 kB\n"
		"Rss:                   0 kB\n"
		"Pss:                   0 kB\n"
		"Pss_Dirty:             0 kB\n"
		"Shared_Clean:          0 kB\n"
		"Shared_Dirty:          0 kB\n"
		"Private_Clean:         0 kB\n"
		"Private_Dirty:         0 kB\n"
		"Referenced:            0 kB\n"
		"Anonymous:             0 kB\n"
		"KSM:                   0 kB\n"
		"LazyFree:              0 kB\n"
		"AnonHugePages:         0 kB\n"
		"ShmemPmdMapped:        0 kB\n"
		"FilePmdMapped:         0 kB\n"
		"Shared_Hugetlb:        0 kB\n"
		"Private_Hugetlb:       0 kB\n"
		"Swap:                  0 kB\n"
		"SwapPss:               0 kB\n"
		"Locked:                0 kB\n"
		"THPeligible:           0\n"
		"VmFlags: rd wr mr mw me ac \n";

	CHECK(a != NULL);
	CHECK_EQ(vms_render_smaps(mm, out, sizeof(out)), (int64_t)strlen(want));
	CHECK_STR(out, want);
	vms_mm_destroy(mm);
}

/* Wide values: Private_Hugetlb's field is one narrower (6.18). */
TEST(smaps_wide_values_and_pkey)
{
	const char *in =
		"100000000-100010000 rw-p 00000000 00:00 0 \n"
		"Size:                 64 kB\n"
		"KernelPageSize:        4 kB\n"
		"MMUPageSize:           4 kB\n"
		"Rss:            123456789 kB\n"
		"Pss:                  64 kB\n"
		"Pss_Dirty:             0 kB\n"
		"Shared_Clean:          0 kB\n"
		"Shared_Dirty:          0 kB\n"
		"Private_Clean:         0 kB\n"
		"Private_Dirty:         0 kB\n"
		"Referenced:            0 kB\n"
		"Anonymous:            64 kB\n"
		"KSM:                   0 kB\n"
		"LazyFree:              0 kB\n"
		"AnonHugePages:         0 kB\n"
		"ShmemPmdMapped:        0 kB\n"
		"FilePmdMapped:         0 kB\n"
		"Shared_Hugetlb:        0 kB\n"
		"Private_Hugetlb: 12345678 kB\n"
		"Swap:                  0 kB\n"
		"SwapPss:               0 kB\n"
		"Locked:                0 kB\n"
		"THPeligible:           1\n"
		"ProtectionKey:         5\n"
		"VmFlags: rd wr mr mw me ac \n"
		"ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0"
		"                  [vsyscall]\n"
		"Size:                  4 kB\n"
		"KernelPageSize:        4 kB\n"
		"MMUPageSize:           4 kB\n"
		"Rss:                   0 kB\n"
		"Pss:                   0 kB\n"
		"Pss_Dirty:             0 kB\n"
		"Shared_Clean:          0 kB\n"
		"Shared_Dirty:          0 kB\n"
		"Private_Clean:         0 kB\n"
		"Private_Dirty:         0 kB\n"
		"Referenced:            0 kB\n"
		"Anonymous:             0 kB\n"
		"KSM:                   0 kB\n"
		"LazyFree:              0 kB\n"
		"AnonHugePages:         0 kB\n"
		"ShmemPmdMapped:        0 kB\n"
		"FilePmdMapped:         0 kB\n"
		"Shared_Hugetlb:        0 kB\n"
		"Private_Hugetlb:       0 kB\n"
		"Swap:                  0 kB\n"
		"SwapPss:               0 kB\n"
		"Locked:                0 kB\n"
		"THPeligible:           0\n"
		"ProtectionKey:         0\n"
		"VmFlags: ex \n";
	vms_mm *mm = new_mm();
	unsigned long line = 0;
	struct vms_mm_stats st;

	CHECK_EQ(vms_load_maps(mm, in, strlen(in), &line), 0);
	CHECK_EQ(vms_render_smaps(mm, out, sizeof(out)), (int64_t)strlen(in));
	CHECK_STR(out, in);
	/* the key lives in the flags; the gate is no area */
	CHECK_EQ(vms_area_flags(vms_first_area(mm)) & VMS_PKEY_MASK,
		 5ULL << 32);
	vms_mm_stats(mm, &st);
	CHECK_EQ(st.map_count, 1);
	vms_render_maps(mm, out, sizeof(out));
	CHECK_STR(out, "100000000-100010000 rw-p 00000000 00:00 0 \n"
		       "ffffffffff600000-ffffffffff601000 --xp 00000000 "
		       "00:00 0                  [vsyscall]\n");
	vms_mm_destroy(mm);
}

/* Counters describe the loaded shape only: a split piece prints zeros. */
TEST(smaps_counters_follow_shape)
{
	vms_mm *mm = new_mm();
	vms_area *a;
	uint64_t half = 0x100008000ULL;

	CHECK(read_golden("zoo.smaps") > 0);
	CHECK_EQ(vms_load_maps(mm, text, strlen(text), NULL), 0);
	a = vms_find_vma(mm, 0x100000000ULL);
	CHECK(a != NULL);
	vms_render_smaps(mm, out, sizeof(out));
	CHECK(strstr(out, "100000000-100010000 rw-p 00000000 00:00 0 \n"
			  "Size:                 64 kB\n"
			  "KernelPageSize:        4 kB\n"
			  "MMUPageSize:           4 kB\n"
			  "Rss:                  20 kB\n") != NULL);
	CHECK_EQ(vms_munmap(mm, half, 0x8000), 0);
	vms_render_smaps(mm, out, sizeof(out));
	CHECK(strstr(out, "100000000-100008000 rw-p 00000000 00:00 0 \n"
			  "Size:                 32 kB\n"
			  "KernelPageSize:        4 kB\n"
			  "MMUPageSize:           4 kB\n"
			  "Rss:                   0 kB\n") != NULL);
	CHECK_EQ(tm_valid_structure(mm), 0);
	vms_mm_destroy(mm);
}

/* ---- goldens: load, render, the same bytes ---- */

static void round_trip(const char *name, bool smaps)
{
	vms_mm *mm = new_mm();
	unsigned long line = 0;
	long n = read_golden(name);
	int64_t m;

	CHECK(n > 0);
	if (n <= 0) {
		vms_mm_destroy(mm);
		return;
	}
	CHECK_EQ(vms_load_maps(mm, text, (size_t)n, &line), 0);
	CHECK_EQ(line, 0);
	m = smaps ? vms_render_smaps(mm, out, sizeof(out)) :
		    vms_render_maps(mm, out, sizeof(out));
	CHECK_EQ(m, n);
	CHECK_STR(out, text);
	CHECK_EQ(tm_valid_structure(mm), 0);
	vms_mm_destroy(mm);
}

TEST(golden_cat_maps)
{
	round_trip("cat.maps", false);
}

TEST(golden_cat_smaps)
{
	round_trip("cat.smaps", true);
}

TEST(golden_zoo_maps)
{
	round_trip("zoo.maps", false);
}

TEST(golden_zoo_smaps)
{
	round_trip("zoo.smaps", true);
}

/* The zoo has every kind the brief asks for: check they really appear. */
TEST(golden_zoo_contents)
{
	CHECK(read_golden("zoo.smaps") > 0);
	CHECK(strstr(text, "/dev/zero (deleted)\n") != NULL);
	CHECK(strstr(text, " (deleted)\n") != NULL);
	CHECK(strstr(text, "\\012") != NULL);
	CHECK(strstr(text, " gd ") != NULL);
	CHECK(strstr(text, " lo ") != NULL);
	CHECK(strstr(text, " lf ") != NULL);
	CHECK(!strncmp(text, "00010000-00011000 ", 18));
	CHECK(strstr(text, "KernelPageSize:     2048 kB\n") != NULL);
	CHECK(strstr(text, "THPeligible:           1\n") != NULL);
	CHECK(strstr(text, "[vsyscall]\n") != NULL);
}

/* What the loader made of the zoo: files, specials, heap, stack. */
TEST(golden_zoo_model)
{
	vms_mm *mm = new_mm();
	vms_area *a, *b;
	uint64_t sb, brk, sp;
	const struct vms_file_desc *fd;

	CHECK(read_golden("zoo.smaps") > 0);
	CHECK_EQ(vms_load_maps(mm, text, strlen(text), NULL), 0);

	/* one vms_file per file of the snapshot */
	a = vms_find_vma(mm, 0x10001f000ULL);	/* /etc/passwd, shared */
	b = vms_find_vma(mm, 0x100021000ULL);	/* /etc/passwd, private */
	CHECK(a && b && vms_area_file(a) == vms_area_file(b));
	CHECK_EQ(vms_area_flags(a) & (VMS_SHARED | VMS_MAYWRITE), 0);

	a = vms_find_vma(mm, 0x100015000ULL);
	fd = vms_file_info(vms_area_file(a));
	CHECK_STR(fd->path, "/dev/zero");
	CHECK(fd->deleted);
	CHECK_EQ(fd->kind, VMS_FILE_SHMEM);
	CHECK(vms_area_flags(a) & VMS_SHARED);

	a = vms_find_vma(mm, 0x10001d000ULL);
	CHECK_STR(vms_file_info(vms_area_file(a))->path,
		  "/dev/shm/vms we ird\nname");
	a = vms_find_vma(mm, 0x100025000ULL);
	CHECK_EQ(vms_area_pgoff(a), 1ULL << 48);
	a = vms_find_vma(mm, 0x240000000ULL);
	CHECK_EQ(vms_file_info(vms_area_file(a))->kind, VMS_FILE_HUGETLB);

	/* the heap markers and the stack marker */
	for (a = vms_first_area(mm); a; a = vms_area_next(a)) {
		const char *n = vms_area_special_name(a);

		if (n && !strcmp(n, "[heap]")) {
			vms_mm_get_brk(mm, &sb, &brk);
			CHECK_EQ(sb, vms_area_start(a));
			CHECK_EQ(brk, vms_area_end(a));
			/* written: it has its anon_vma */
			CHECK(vms_area_anon(a) != NULL);
		}
		if (n && !strcmp(n, "[stack]")) {
			sp = vms_mm_start_stack(mm);
			CHECK(sp > vms_area_start(a) && sp < vms_area_end(a));
		}
		/* special mappings refuse to split */
		if (n && !strcmp(n, "[vvar]")) {
			CHECK(vms_area_ops(a) && vms_area_ops(a)->close);
			CHECK_EQ(vms_munmap(mm, vms_area_start(a), 4096),
				 -EINVAL);
		}
	}
	vms_mm_destroy(mm);
}

/* From maps alone, the inferred flags of typical areas. */
TEST(maps_inferred_flags)
{
	vms_mm *mm = new_mm();
	vms_area *a;

	CHECK(read_golden("zoo.maps") > 0);
	CHECK_EQ(vms_load_maps(mm, text, strlen(text), NULL), 0);
	a = vms_find_vma(mm, 0x100015000ULL);	/* rw-s /dev/zero */
	CHECK_EQ(vms_area_flags(a), RWP | VMS_SHARED | VMS_MAYSHARE);
	a = vms_find_vma(mm, 0x100018000ULL);	/* r--s /dev/zero */
	CHECK_EQ(vms_area_flags(a), RP | VMS_SHARED | VMS_MAYSHARE);
	a = vms_find_vma(mm, 0x10001f000ULL);	/* r--s /etc/passwd */
	CHECK_EQ(vms_area_flags(a), VMS_READ | VMS_MAYREAD | VMS_MAYEXEC |
				    VMS_MAYSHARE);
	a = vms_find_vma(mm, 0x100000000ULL);	/* rw-p anon */
	CHECK_EQ(vms_area_flags(a), RWP | VMS_ACCOUNT);
	CHECK_EQ(vms_area_pgoff(a), 0x100000000ULL >> 12);
	for (a = vms_first_area(mm); a; a = vms_area_next(a)) {
		const char *n = vms_area_special_name(a);

		if (n && !strcmp(n, "[stack]"))
			CHECK_EQ(vms_area_flags(a),
				 RWP | VMS_GROWSDOWN | VMS_ACCOUNT);
		if (n && !strcmp(n, "[vdso]"))
			CHECK_EQ(vms_area_flags(a),
				 RP | VMS_EXEC | VMS_DONTEXPAND);
	}
	vms_mm_destroy(mm);
}

/* ---- the live kernel ---- */

static void live(const char *path, bool smaps)
{
	vms_mm *mm = new_mm();
	unsigned long line = 0;
	long n = read_file(path);
	int64_t m;

	CHECK(n > 0);
	CHECK_EQ(vms_load_maps(mm, text, (size_t)n, &line), 0);
	CHECK_EQ(line, 0);
	m = smaps ? vms_render_smaps(mm, out, sizeof(out)) :
		    vms_render_maps(mm, out, sizeof(out));
	CHECK_EQ(m, n);
	CHECK_STR(out, text);
	vms_mm_destroy(mm);
}

TEST(live_self_maps)
{
	live("/proc/self/maps", false);
}

TEST(live_self_smaps)
{
	live("/proc/self/smaps", true);
}

/* ---- loading: odd but valid, and malformed ---- */

TEST(load_render_is_fixed_point)
{
	/* "??" bits, an unknown special, anon names, anon_shmem */
	const char *in =
		"00400000-00401000 r--p 00000000 00:00 0"
		"                                  [anon:x y]\n"
		"00402000-00403000 rw-s 00000000 00:01 77"
		"                                 [anon_shmem:shm]\n"
		"00404000-00405000 r--p 00000000 00:00 0"
		"                                  [sigpage]\n"
		"Size:                  4 kB\n"
		"VmFlags: rd mr ?? ?? sl \n";
	vms_mm *mm = new_mm(), *mm2 = new_mm();
	int64_t n;

	CHECK_EQ(vms_load_maps(mm, in, strlen(in), NULL), 0);
	n = vms_render_smaps(mm, out, sizeof(out));
	CHECK(strstr(out, "VmFlags: rd mr ?? ?? sl \n") != NULL);
	CHECK_EQ(vms_load_maps(mm2, out, (size_t)n, NULL), 0);
	vms_render_smaps(mm2, out2, sizeof(out2));
	CHECK_STR(out2, out);
	vms_render_maps(mm2, out2, sizeof(out2));
	CHECK_STR(out2,
		  "00400000-00401000 r--p 00000000 00:00 0"
		  "                                  [anon:x y]\n"
		  "00402000-00403000 rw-s 00000000 00:01 77"
		  "                                 [anon_shmem:shm]\n"
		  "00404000-00405000 r--p 00000000 00:00 0"
		  "                                  [sigpage]\n");
	vms_mm_destroy(mm);
	vms_mm_destroy(mm2);
}

TEST(load_empty_and_unterminated)
{
	vms_mm *mm = new_mm();
	const char *in = "00400000-00401000 r--p 00000000 00:00 0 ";

	CHECK_EQ(vms_load_maps(mm, "", 0, NULL), 0);
	CHECK(vms_first_area(mm) == NULL);
	CHECK_EQ(vms_load_maps(mm, in, strlen(in), NULL), 0);
	CHECK(vms_first_area(mm) != NULL);
	vms_mm_destroy(mm);
}

static void bad(const char *in, size_t len, unsigned long want_line)
{
	vms_mm *mm = new_mm();
	unsigned long line = 0;

	CHECK_EQ(vms_load_maps(mm, in, len, &line), -EINVAL);
	if (line != want_line)
		printf("# %s: line %lu\n", in, line);
	CHECK_EQ(line, want_line);
	vms_mm_destroy(mm);
}

#define A1 "00400000-00401000 r--p 00000000 00:00 0 \n"
#define A2 "00402000-00403000 r--p 00000000 00:00 0 \n"
#define BAD(s, line) bad(s, sizeof(s) - 1, line)

TEST(load_malformed_lines)
{
	BAD("garbage\n", 1);
	BAD(A1 "zzz\n", 2);
	BAD(A1 "\n", 2);
	BAD("Rss:  4 kB\n" A1, 1);
	BAD(A2 A1, 2);				/* out of order */
	BAD(A1 "00400000-00402000 r--p 00000000 00:00 0 \n", 2);
	BAD(A1 A2 "VmFlags: rd xx \n", 3);
	BAD(A1 "VmFlags: rd wr \n", 2);		/* perms say r-- */
	BAD(A1 "VmFlags: rd \nVmFlags: rd \n", 3);
	BAD(A1 "Size:   8 kB\n", 2);		/* the area is 4 kB */
	BAD(A1 "Rss:   4 MB\n", 2);
	BAD(A1 "Rss:   99999999999999999999999 kB\n", 2);
	BAD(A1 "ProtectionKey:  16\n", 2);
	BAD("00400000-00401000 r--q 00000000 00:00 0 \n", 1);
	BAD("00401000-00400000 r--p 00000000 00:00 0 \n", 1);
	BAD("00400000-00401800 r--p 00000000 00:00 0 \n", 1);
	BAD("00400000-00401000 r--p 00001000 00:00 0 \n", 1);
	BAD("00400000-00401000 r--p 00000800 fe:00 5 /x\n", 1);
	BAD("00400000-00401000 r--p 00000000 00:00 0x\n", 1);
	BAD("00400000-00401000 r--p 00000000 00:00\n", 1);
	BAD("00400000-00401000 r--p 00000000 00:00 0 \0\n", 1);
	BAD("ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0 "
	    "[vsyscall]\n" A1, 2);			/* after the gate */
	BAD("ffffffffff600000-ffffffffff602000 --xp 00000000 00:00 0 "
	    "[vsyscall]\n", 1);
	BAD("10000000000000000-10000000001000000 r--p 00000000 00:00 0 \n", 1);
}

/* Allocation failures anywhere: an error, never a leak or a crash. */
TEST(load_allocation_failures)
{
	bool loaded = false;
	long n;

	CHECK(read_golden("zoo.smaps") > 0);
	n = (long)strlen(text);
	for (long k = 1; k < 1000 && !loaded; k++) {
		struct vms_config cfg;
		struct tm_failing f;
		vms_mm *mm = NULL;
		int err;

		vms_config_default(&cfg);
		tm_failing_allocator(&f, &cfg.allocator);
		if (vms_mm_create(&cfg, &mm))
			continue;
		f.countdown = k;
		err = vms_load_maps(mm, text, (size_t)n, NULL);
		CHECK(err == 0 || err == -ENOMEM);
		vms_render_smaps(mm, out, sizeof(out));
		vms_mm_destroy(mm);
		CHECK_EQ(f.live_bytes, 0);
		loaded = !err;
	}
	CHECK(loaded);
}

int main(void)
{
	RUN(mnemonics_kernel_order);
	RUN(mnemonics_pkey_and_unknown);
	RUN(mnemonics_buffer_contract);
	RUN(mnemonics_parse_inverse);
	RUN(line_anon_min_width);
	RUN(line_file_padding);
	RUN(line_longer_than_column);
	RUN(line_deleted_newline_devzero);
	RUN(line_maps_share_column_is_mayshare);
	RUN(line_heap_is_strict);
	RUN(line_stack_and_anon_name);
	RUN(line_ops_name_and_buffer);
	RUN(smaps_layout);
	RUN(smaps_wide_values_and_pkey);
	RUN(smaps_counters_follow_shape);
	RUN(golden_cat_maps);
	RUN(golden_cat_smaps);
	RUN(golden_zoo_maps);
	RUN(golden_zoo_smaps);
	RUN(golden_zoo_contents);
	RUN(golden_zoo_model);
	RUN(maps_inferred_flags);
	RUN(live_self_maps);
	RUN(live_self_smaps);
	RUN(load_render_is_fixed_point);
	RUN(load_empty_and_unterminated);
	RUN(load_malformed_lines);
	RUN(load_allocation_failures);
	return CHECK_DONE();
}
