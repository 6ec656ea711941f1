// SPDX-License-Identifier: MIT
/*
 * strace notation for the calls vmspace understands: constant tables
 * (shared by the parser and the formatter), call and result formatting,
 * and Linux's errno names with glibc's strerror texts, so that output is
 * identical whatever libc the tool runs on.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scall.h"

void vms_scall_free(struct vms_scall *c)
{
	free(c->path);
	free(c->text);
	c->path = NULL;
	c->text = NULL;
}

/* An snprintf that appends, and counts what did not fit. */
struct sbuf {
	char *buf;
	size_t len, pos;
};

static void sb_printf(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;
	size_t room = sb->pos < sb->len ? sb->len - sb->pos : 0;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? sb->buf + sb->pos : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		sb->pos += n;
}

static int sb_done(struct sbuf *sb)
{
	if (sb->len && sb->pos < sb->len)
		sb->buf[sb->pos] = '\0';
	else if (sb->len)
		sb->buf[sb->len - 1] = '\0';
	return (int)sb->pos;
}

struct sym {
	const char *name;
	uint64_t val;
};

/* Printing order is strace's; values are x86_64's. */
static const struct sym prot_syms[] = {
    {"PROT_READ", 0x1},
    {"PROT_WRITE", 0x2},
    {"PROT_EXEC", 0x4},
    {"PROT_SEM", 0x8},
    {"PROT_GROWSDOWN", 0x01000000},
    {"PROT_GROWSUP", 0x02000000},
};

static const struct sym map_type_syms[] = {
    {"MAP_FILE", 0x0},	    {"MAP_SHARED", 0x1},
    {"MAP_PRIVATE", 0x2},   {"MAP_SHARED_VALIDATE", 0x3},
    {"MAP_DROPPABLE", 0x8},
};

static const struct sym map_flag_syms[] = {
    {"MAP_FIXED", 0x10},	{"MAP_ANONYMOUS", 0x20},
    {"MAP_32BIT", 0x40},	{"MAP_NORESERVE", 0x4000},
    {"MAP_POPULATE", 0x8000},	{"MAP_NONBLOCK", 0x10000},
    {"MAP_GROWSDOWN", 0x100},	{"MAP_DENYWRITE", 0x800},
    {"MAP_EXECUTABLE", 0x1000}, {"MAP_LOCKED", 0x2000},
    {"MAP_STACK", 0x20000},	{"MAP_HUGETLB", 0x40000},
    {"MAP_SYNC", 0x80000},	{"MAP_FIXED_NOREPLACE", 0x100000},
};

#define HUGE_SHIFT 26
#define HUGE_FIELD (0x3fULL << HUGE_SHIFT)

static const struct sym open_acc_syms[] = {
    {"O_RDONLY", 0},
    {"O_WRONLY", 1},
    {"O_RDWR", 2},
    {"O_ACCMODE", 3},
};

/* Composites (O_SYNC, O_TMPFILE) come before the bits they contain. */
static const struct sym open_flag_syms[] = {
    {"O_CREAT", 0100},	      {"O_EXCL", 0200},	       {"O_NOCTTY", 0400},
    {"O_TRUNC", 01000},	      {"O_APPEND", 02000},     {"O_NONBLOCK", 04000},
    {"O_SYNC", 04010000},     {"O_DSYNC", 010000},     {"O_DIRECT", 040000},
    {"O_LARGEFILE", 0100000}, {"O_NOFOLLOW", 0400000}, {"O_NOATIME", 01000000},
    {"O_CLOEXEC", 02000000},  {"O_PATH", 010000000},   {"O_TMPFILE", 020200000},
    {"O_DIRECTORY", 0200000}, {"FASYNC", 020000},
};

static const struct sym mremap_syms[] = {
    {"MREMAP_MAYMOVE", 1},
    {"MREMAP_FIXED", 2},
    {"MREMAP_DONTUNMAP", 4},
};

static const struct sym mlock2_syms[] = {
    {"MLOCK_ONFAULT", 1},
};

static const struct sym mlockall_syms[] = {
    {"MCL_CURRENT", 1},
    {"MCL_FUTURE", 2},
    {"MCL_ONFAULT", 4},
};

/*
 * strace 6.1 (this machine's) prints 102 and 103 as numbers with a
 * MADV_??? comment; the names are those of newer strace, and both forms
 * parse.
 */
static const struct sym madv_syms[] = {
    {"MADV_NORMAL", 0},		 {"MADV_RANDOM", 1},
    {"MADV_SEQUENTIAL", 2},	 {"MADV_WILLNEED", 3},
    {"MADV_DONTNEED", 4},	 {"MADV_FREE", 8},
    {"MADV_REMOVE", 9},		 {"MADV_DONTFORK", 10},
    {"MADV_DOFORK", 11},	 {"MADV_MERGEABLE", 12},
    {"MADV_UNMERGEABLE", 13},	 {"MADV_HUGEPAGE", 14},
    {"MADV_NOHUGEPAGE", 15},	 {"MADV_DONTDUMP", 16},
    {"MADV_DODUMP", 17},	 {"MADV_WIPEONFORK", 18},
    {"MADV_KEEPONFORK", 19},	 {"MADV_COLD", 20},
    {"MADV_PAGEOUT", 21},	 {"MADV_POPULATE_READ", 22},
    {"MADV_POPULATE_WRITE", 23}, {"MADV_DONTNEED_LOCKED", 24},
    {"MADV_COLLAPSE", 25},	 {"MADV_HWPOISON", 100},
    {"MADV_SOFT_OFFLINE", 101},	 {"MADV_GUARD_INSTALL", 102},
    {"MADV_GUARD_REMOVE", 103},
};

/* Constants only parsed: other calls' arguments and aliases. */
static const struct sym other_syms[] = {
    {"PROT_NONE", 0},
    {"MAP_ANON", 0x20},
    {"MAP_UNINITIALIZED", 0x4000000},
    {"MAP_HUGE_64KB", 16ULL << HUGE_SHIFT},
    {"MAP_HUGE_512KB", 19ULL << HUGE_SHIFT},
    {"MAP_HUGE_1MB", 20ULL << HUGE_SHIFT},
    {"MAP_HUGE_2MB", 21ULL << HUGE_SHIFT},
    {"MAP_HUGE_8MB", 23ULL << HUGE_SHIFT},
    {"MAP_HUGE_16MB", 24ULL << HUGE_SHIFT},
    {"MAP_HUGE_32MB", 25ULL << HUGE_SHIFT},
    {"MAP_HUGE_256MB", 28ULL << HUGE_SHIFT},
    {"MAP_HUGE_512MB", 29ULL << HUGE_SHIFT},
    {"MAP_HUGE_1GB", 30ULL << HUGE_SHIFT},
    {"MAP_HUGE_2GB", 31ULL << HUGE_SHIFT},
    {"MAP_HUGE_16GB", 34ULL << HUGE_SHIFT},
    {"MAP_HUGE_SHIFT", HUGE_SHIFT},
    {"O_NDELAY", 04000},
    {"O_FSYNC", 04010000},
    {"O_ASYNC", 020000},
    {"AT_FDCWD", (uint64_t)-100},
    {"MS_ASYNC", 1},
    {"MS_INVALIDATE", 2},
    {"MS_SYNC", 4},
    {"PKEY_DISABLE_ACCESS", 1},
    {"PKEY_DISABLE_WRITE", 2},
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static bool find_sym(const struct sym *t, size_t n, const char *name,
		     size_t len, uint64_t *val)
{
	for (size_t i = 0; i < n; i++) {
		if (strlen(t[i].name) == len && !memcmp(t[i].name, name, len)) {
			*val = t[i].val;
			return true;
		}
	}
	return false;
}

bool vms_scall_const(const char *name, size_t len, uint64_t *val)
{
	return find_sym(prot_syms, ARRAY_SIZE(prot_syms), name, len, val) ||
	       find_sym(map_type_syms, ARRAY_SIZE(map_type_syms), name, len,
			val) ||
	       find_sym(map_flag_syms, ARRAY_SIZE(map_flag_syms), name, len,
			val) ||
	       find_sym(open_acc_syms, ARRAY_SIZE(open_acc_syms), name, len,
			val) ||
	       find_sym(open_flag_syms, ARRAY_SIZE(open_flag_syms), name, len,
			val) ||
	       find_sym(mremap_syms, ARRAY_SIZE(mremap_syms), name, len, val) ||
	       find_sym(mlock2_syms, ARRAY_SIZE(mlock2_syms), name, len, val) ||
	       find_sym(mlockall_syms, ARRAY_SIZE(mlockall_syms), name, len,
			val) ||
	       find_sym(madv_syms, ARRAY_SIZE(madv_syms), name, len, val) ||
	       find_sym(other_syms, ARRAY_SIZE(other_syms), name, len, val);
}

/* Print the bits of @v named in @t, then what is left as hex. */
static void sb_bits(struct sbuf *sb, const struct sym *t, size_t n, uint64_t v,
		    bool sep)
{
	for (size_t i = 0; i < n; i++) {
		if ((v & t[i].val) == t[i].val) {
			sb_printf(sb, "%s%s", sep ? "|" : "", t[i].name);
			v &= ~t[i].val;
			sep = true;
		}
	}
	if (v || !sep)
		sb_printf(sb, "%s%#" PRIx64, sep ? "|" : "", v);
}

int vms_scall_format_prot(uint64_t prot, char *buf, size_t len)
{
	struct sbuf sb = {buf, len, 0};

	if (!prot)
		sb_printf(&sb, "PROT_NONE");
	else
		sb_bits(&sb, prot_syms, ARRAY_SIZE(prot_syms), prot, false);
	return sb_done(&sb);
}

int vms_scall_format_mmap_flags(uint64_t flags, char *buf, size_t len)
{
	struct sbuf sb = {buf, len, 0};
	uint64_t type = flags & 0xf, huge = (flags & HUGE_FIELD) >> HUGE_SHIFT;
	uint64_t rest = flags & ~0xfULL & ~HUGE_FIELD;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(map_type_syms); i++)
		if (map_type_syms[i].val == type)
			break;
	if (i < ARRAY_SIZE(map_type_syms))
		sb_printf(&sb, "%s", map_type_syms[i].name);
	else
		sb_printf(&sb, "%#" PRIx64 " /* MAP_??? */", type);
	if (rest)
		sb_bits(&sb, map_flag_syms, ARRAY_SIZE(map_flag_syms), rest,
			true);
	if (huge)
		sb_printf(&sb, "|%" PRIu64 "<<MAP_HUGE_SHIFT", huge);
	return sb_done(&sb);
}

int vms_scall_format_open_flags(uint64_t flags, char *buf, size_t len)
{
	struct sbuf sb = {buf, len, 0};

	sb_printf(&sb, "%s", open_acc_syms[flags & 3].name);
	if (flags & ~3ULL)
		sb_bits(&sb, open_flag_syms, ARRAY_SIZE(open_flag_syms),
			flags & ~3ULL, true);
	return sb_done(&sb);
}

/*
 * strace's printflags: "0" for none; the names, then "|0x.." for unknown
 * bits; with no name at all, the hex value and a comment naming @unknown
 * ("MREMAP_???"), so a reader sees which set the bits came from.
 */
static int format_xflags(const struct sym *t, size_t n, uint64_t v,
			 const char *unknown, char *buf, size_t len)
{
	struct sbuf sb = {buf, len, 0};
	bool sep = false;

	if (!v) {
		sb_printf(&sb, "0");
		return sb_done(&sb);
	}
	for (size_t i = 0; i < n; i++) {
		if (t[i].val && (v & t[i].val) == t[i].val) {
			sb_printf(&sb, "%s%s", sep ? "|" : "", t[i].name);
			v &= ~t[i].val;
			sep = true;
		}
	}
	if (v && sep)
		sb_printf(&sb, "|%#" PRIx64, v);
	else if (v)
		sb_printf(&sb, "%#" PRIx64 " /* %s */", v, unknown);
	return sb_done(&sb);
}

int vms_scall_format_mremap_flags(uint64_t flags, char *buf, size_t len)
{
	return format_xflags(mremap_syms, ARRAY_SIZE(mremap_syms), flags,
			     "MREMAP_???", buf, len);
}

int vms_scall_format_mlock2_flags(uint64_t flags, char *buf, size_t len)
{
	return format_xflags(mlock2_syms, ARRAY_SIZE(mlock2_syms), flags,
			     "MLOCK_???", buf, len);
}

int vms_scall_format_mlockall_flags(uint64_t flags, char *buf, size_t len)
{
	return format_xflags(mlockall_syms, ARRAY_SIZE(mlockall_syms), flags,
			     "MCL_???", buf, len);
}

/* strace's printxval of an int: a name, or the value as unsigned hex. */
int vms_scall_format_madvise(uint64_t advice, char *buf, size_t len)
{
	struct sbuf sb = {buf, len, 0};
	uint32_t v = (uint32_t)advice;

	for (size_t i = 0; i < ARRAY_SIZE(madv_syms); i++) {
		if (madv_syms[i].val == v) {
			sb_printf(&sb, "%s", madv_syms[i].name);
			return sb_done(&sb);
		}
	}
	sb_printf(&sb, "%#" PRIx32 " /* MADV_??? */", v);
	return sb_done(&sb);
}

static void sb_string(struct sbuf *sb, const char *s)
{
	sb_printf(sb, "\"");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			sb_printf(sb, "\\\"");
			break;
		case '\\':
			sb_printf(sb, "\\\\");
			break;
		case '\t':
			sb_printf(sb, "\\t");
			break;
		case '\n':
			sb_printf(sb, "\\n");
			break;
		case '\v':
			sb_printf(sb, "\\v");
			break;
		case '\f':
			sb_printf(sb, "\\f");
			break;
		case '\r':
			sb_printf(sb, "\\r");
			break;
		default:
			if (*p >= ' ' && *p < 0x7f)
				sb_printf(sb, "%c", *p);
			/* Short octal unless a digit follows, as strace. */
			else if (p[1] >= '0' && p[1] <= '7')
				sb_printf(sb, "\\%03o", *p);
			else
				sb_printf(sb, "\\%o", *p);
		}
	}
	sb_printf(sb, "\"");
}

int vms_scall_format_string(const char *s, char *buf, size_t len)
{
	struct sbuf sb = {buf, len, 0};

	sb_string(&sb, s);
	return sb_done(&sb);
}

static void sb_addr(struct sbuf *sb, uint64_t v)
{
	if (v)
		sb_printf(sb, "%#" PRIx64, v);
	else
		sb_printf(sb, "NULL");
}

static void sb_fd(struct sbuf *sb, uint64_t v)
{
	if ((int)v == -100)
		sb_printf(sb, "AT_FDCWD");
	else
		sb_printf(sb, "%d", (int)v);
}

static void sb_flags(struct sbuf *sb, int (*fmt)(uint64_t, char *, size_t),
		     uint64_t v)
{
	char tmp[512];

	fmt(v, tmp, sizeof(tmp));
	sb_printf(sb, "%s", tmp);
}

/* open flags and the mode strace shows only when the kernel uses it. */
static void sb_open_tail(struct sbuf *sb, uint64_t flags, uint64_t mode)
{
	sb_printf(sb, ", ");
	sb_flags(sb, vms_scall_format_open_flags, flags);
	if ((flags & 0100) || (flags & 020200000) == 020200000)
		sb_printf(sb, ", %#03" PRIo64, mode);
}

int vms_scall_format(const struct vms_scall *c, char *buf, size_t len)
{
	struct sbuf sb = {buf, len, 0};
	const uint64_t *a = c->arg;

	switch (c->sc) {
	case VMS_SC_MMAP:
		sb_printf(&sb, "mmap(");
		sb_addr(&sb, a[0]);
		sb_printf(&sb, ", %" PRIu64 ", ", a[1]);
		sb_flags(&sb, vms_scall_format_prot, a[2]);
		sb_printf(&sb, ", ");
		sb_flags(&sb, vms_scall_format_mmap_flags, a[3]);
		sb_printf(&sb, ", %d, %#" PRIx64 ")", (int)a[4], a[5]);
		break;
	case VMS_SC_MUNMAP:
		sb_printf(&sb, "munmap(");
		sb_addr(&sb, a[0]);
		sb_printf(&sb, ", %" PRIu64 ")", a[1]);
		break;
	case VMS_SC_MPROTECT:
		sb_printf(&sb, "mprotect(");
		sb_addr(&sb, a[0]);
		sb_printf(&sb, ", %" PRIu64 ", ", a[1]);
		sb_flags(&sb, vms_scall_format_prot, a[2]);
		sb_printf(&sb, ")");
		break;
	case VMS_SC_OPEN:
		sb_printf(&sb, "open(");
		sb_string(&sb, c->path ? c->path : "");
		sb_open_tail(&sb, a[1], a[2]);
		sb_printf(&sb, ")");
		break;
	case VMS_SC_OPENAT:
		sb_printf(&sb, "openat(");
		sb_fd(&sb, a[0]);
		sb_printf(&sb, ", ");
		sb_string(&sb, c->path ? c->path : "");
		sb_open_tail(&sb, a[2], a[3]);
		sb_printf(&sb, ")");
		break;
	case VMS_SC_CLOSE:
	case VMS_SC_DUP:
		sb_printf(&sb, "%s(%d)",
			  c->sc == VMS_SC_CLOSE ? "close" : "dup", (int)a[0]);
		break;
	case VMS_SC_DUP2:
		if (c->nargs >= 3 || !strcmp(c->name, "dup3")) {
			sb_printf(&sb, "dup3(%d, %d, ", (int)a[0], (int)a[1]);
			sb_flags(&sb, vms_scall_format_open_flags, a[2]);
			sb_printf(&sb, ")");
		} else {
			sb_printf(&sb, "dup2(%d, %d)", (int)a[0], (int)a[1]);
		}
		break;
	case VMS_SC_MREMAP:
		sb_printf(&sb, "mremap(");
		sb_addr(&sb, a[0]);
		sb_printf(&sb, ", %" PRIu64 ", %" PRIu64 ", ", a[1], a[2]);
		sb_flags(&sb, vms_scall_format_mremap_flags, a[3]);
		/* strace shows new_address only when the kernel reads it as
		 * the destination: MAYMOVE|FIXED */
		if ((a[3] & 3) == 3) {
			sb_printf(&sb, ", ");
			sb_addr(&sb, a[4]);
		}
		sb_printf(&sb, ")");
		break;
	case VMS_SC_MADVISE:
		sb_printf(&sb, "madvise(");
		sb_addr(&sb, a[0]);
		sb_printf(&sb, ", %" PRIu64 ", ", a[1]);
		sb_flags(&sb, vms_scall_format_madvise, a[2]);
		sb_printf(&sb, ")");
		break;
	case VMS_SC_MLOCK:
	case VMS_SC_MUNLOCK:
		sb_printf(&sb, "%s(",
			  c->sc == VMS_SC_MLOCK ? "mlock" : "munlock");
		sb_addr(&sb, a[0]);
		sb_printf(&sb, ", %" PRIu64 ")", a[1]);
		break;
	case VMS_SC_MLOCK2:
		sb_printf(&sb, "mlock2(");
		sb_addr(&sb, a[0]);
		sb_printf(&sb, ", %" PRIu64 ", ", a[1]);
		sb_flags(&sb, vms_scall_format_mlock2_flags, a[2]);
		sb_printf(&sb, ")");
		break;
	case VMS_SC_MLOCKALL:
		sb_printf(&sb, "mlockall(");
		sb_flags(&sb, vms_scall_format_mlockall_flags, a[0]);
		sb_printf(&sb, ")");
		break;
	case VMS_SC_MUNLOCKALL:
		sb_printf(&sb, "munlockall()");
		break;
	case VMS_SC_MSEAL:
		/* newer strace's decoder; 6.1 prints syscall_0x1ce(...) */
		sb_printf(&sb, "mseal(");
		sb_addr(&sb, a[0]);
		sb_printf(&sb, ", %" PRIu64 ", ", a[1]);
		if (a[2])
			sb_printf(&sb, "%#" PRIx64 ")", a[2]);
		else
			sb_printf(&sb, "0)");
		break;
	case VMS_SC_BRK:
		sb_printf(&sb, "brk(");
		sb_addr(&sb, a[0]);
		sb_printf(&sb, ")");
		break;
	default:
		if (c->text) {
			sb_printf(&sb, "%s", c->text);
			break;
		}
		sb_printf(&sb, "%s(", c->name);
		for (int i = 0; i < c->nargs && i < VMS_SC_MAXARGS; i++)
			sb_printf(&sb, "%s%#" PRIx64, i ? ", " : "", a[i]);
		sb_printf(&sb, ")");
	}
	return sb_done(&sb);
}

int vms_scall_format_result(enum vms_sc sc, int64_t result, char *buf,
			    size_t len)
{
	struct sbuf sb = {buf, len, 0};

	/* Like the kernel's IS_ERR_VALUE: the top 4095 values are errors. */
	if (result < 0 && result >= -4095) {
		int err = (int)-result;
		const char *name = vms_errno_name(err);
		const char *text = vms_errno_text(err);

		if (name)
			sb_printf(&sb, "-1 %s (%s)", name, text);
		else
			sb_printf(&sb, "-1 E??? (errno %d)", err);
	} else if (sc == VMS_SC_MMAP || sc == VMS_SC_MREMAP ||
		   sc == VMS_SC_BRK) {
		/* addresses: strace's RVAL_HEX ("0" stays "0") */
		sb_printf(&sb, "%#" PRIx64, (uint64_t)result);
	} else {
		sb_printf(&sb, "%" PRId64, result);
	}
	return sb_done(&sb);
}

/*
 * Linux's errno values (x86_64, include/uapi/asm-generic/errno*.h), the
 * names strace prints, and glibc's strerror texts.  41 and 58 are unused.
 */
static const struct {
	const char *name, *text;
} errnos[] = {
    [1] = {"EPERM", "Operation not permitted"},
    [2] = {"ENOENT", "No such file or directory"},
    [3] = {"ESRCH", "No such process"},
    [4] = {"EINTR", "Interrupted system call"},
    [5] = {"EIO", "Input/output error"},
    [6] = {"ENXIO", "No such device or address"},
    [7] = {"E2BIG", "Argument list too long"},
    [8] = {"ENOEXEC", "Exec format error"},
    [9] = {"EBADF", "Bad file descriptor"},
    [10] = {"ECHILD", "No child processes"},
    [11] = {"EAGAIN", "Resource temporarily unavailable"},
    [12] = {"ENOMEM", "Cannot allocate memory"},
    [13] = {"EACCES", "Permission denied"},
    [14] = {"EFAULT", "Bad address"},
    [15] = {"ENOTBLK", "Block device required"},
    [16] = {"EBUSY", "Device or resource busy"},
    [17] = {"EEXIST", "File exists"},
    [18] = {"EXDEV", "Invalid cross-device link"},
    [19] = {"ENODEV", "No such device"},
    [20] = {"ENOTDIR", "Not a directory"},
    [21] = {"EISDIR", "Is a directory"},
    [22] = {"EINVAL", "Invalid argument"},
    [23] = {"ENFILE", "Too many open files in system"},
    [24] = {"EMFILE", "Too many open files"},
    [25] = {"ENOTTY", "Inappropriate ioctl for device"},
    [26] = {"ETXTBSY", "Text file busy"},
    [27] = {"EFBIG", "File too large"},
    [28] = {"ENOSPC", "No space left on device"},
    [29] = {"ESPIPE", "Illegal seek"},
    [30] = {"EROFS", "Read-only file system"},
    [31] = {"EMLINK", "Too many links"},
    [32] = {"EPIPE", "Broken pipe"},
    [33] = {"EDOM", "Numerical argument out of domain"},
    [34] = {"ERANGE", "Numerical result out of range"},
    [35] = {"EDEADLK", "Resource deadlock avoided"},
    [36] = {"ENAMETOOLONG", "File name too long"},
    [37] = {"ENOLCK", "No locks available"},
    [38] = {"ENOSYS", "Function not implemented"},
    [39] = {"ENOTEMPTY", "Directory not empty"},
    [40] = {"ELOOP", "Too many levels of symbolic links"},
    [42] = {"ENOMSG", "No message of desired type"},
    [43] = {"EIDRM", "Identifier removed"},
    [44] = {"ECHRNG", "Channel number out of range"},
    [45] = {"EL2NSYNC", "Level 2 not synchronized"},
    [46] = {"EL3HLT", "Level 3 halted"},
    [47] = {"EL3RST", "Level 3 reset"},
    [48] = {"ELNRNG", "Link number out of range"},
    [49] = {"EUNATCH", "Protocol driver not attached"},
    [50] = {"ENOCSI", "No CSI structure available"},
    [51] = {"EL2HLT", "Level 2 halted"},
    [52] = {"EBADE", "Invalid exchange"},
    [53] = {"EBADR", "Invalid request descriptor"},
    [54] = {"EXFULL", "Exchange full"},
    [55] = {"ENOANO", "No anode"},
    [56] = {"EBADRQC", "Invalid request code"},
    [57] = {"EBADSLT", "Invalid slot"},
    [59] = {"EBFONT", "Bad font file format"},
    [60] = {"ENOSTR", "Device not a stream"},
    [61] = {"ENODATA", "No data available"},
    [62] = {"ETIME", "Timer expired"},
    [63] = {"ENOSR", "Out of streams resources"},
    [64] = {"ENONET", "Machine is not on the network"},
    [65] = {"ENOPKG", "Package not installed"},
    [66] = {"EREMOTE", "Object is remote"},
    [67] = {"ENOLINK", "Link has been severed"},
    [68] = {"EADV", "Advertise error"},
    [69] = {"ESRMNT", "Srmount error"},
    [70] = {"ECOMM", "Communication error on send"},
    [71] = {"EPROTO", "Protocol error"},
    [72] = {"EMULTIHOP", "Multihop attempted"},
    [73] = {"EDOTDOT", "RFS specific error"},
    [74] = {"EBADMSG", "Bad message"},
    [75] = {"EOVERFLOW", "Value too large for defined data type"},
    [76] = {"ENOTUNIQ", "Name not unique on network"},
    [77] = {"EBADFD", "File descriptor in bad state"},
    [78] = {"EREMCHG", "Remote address changed"},
    [79] = {"ELIBACC", "Can not access a needed shared library"},
    [80] = {"ELIBBAD", "Accessing a corrupted shared library"},
    [81] = {"ELIBSCN", ".lib section in a.out corrupted"},
    [82] = {"ELIBMAX", "Attempting to link in too many shared libraries"},
    [83] = {"ELIBEXEC", "Cannot exec a shared library directly"},
    [84] = {"EILSEQ", "Invalid or incomplete multibyte or wide character"},
    [85] = {"ERESTART", "Interrupted system call should be restarted"},
    [86] = {"ESTRPIPE", "Streams pipe error"},
    [87] = {"EUSERS", "Too many users"},
    [88] = {"ENOTSOCK", "Socket operation on non-socket"},
    [89] = {"EDESTADDRREQ", "Destination address required"},
    [90] = {"EMSGSIZE", "Message too long"},
    [91] = {"EPROTOTYPE", "Protocol wrong type for socket"},
    [92] = {"ENOPROTOOPT", "Protocol not available"},
    [93] = {"EPROTONOSUPPORT", "Protocol not supported"},
    [94] = {"ESOCKTNOSUPPORT", "Socket type not supported"},
    [95] = {"EOPNOTSUPP", "Operation not supported"},
    [96] = {"EPFNOSUPPORT", "Protocol family not supported"},
    [97] = {"EAFNOSUPPORT", "Address family not supported by protocol"},
    [98] = {"EADDRINUSE", "Address already in use"},
    [99] = {"EADDRNOTAVAIL", "Cannot assign requested address"},
    [100] = {"ENETDOWN", "Network is down"},
    [101] = {"ENETUNREACH", "Network is unreachable"},
    [102] = {"ENETRESET", "Network dropped connection on reset"},
    [103] = {"ECONNABORTED", "Software caused connection abort"},
    [104] = {"ECONNRESET", "Connection reset by peer"},
    [105] = {"ENOBUFS", "No buffer space available"},
    [106] = {"EISCONN", "Transport endpoint is already connected"},
    [107] = {"ENOTCONN", "Transport endpoint is not connected"},
    [108] = {"ESHUTDOWN", "Cannot send after transport endpoint shutdown"},
    [109] = {"ETOOMANYREFS", "Too many references: cannot splice"},
    [110] = {"ETIMEDOUT", "Connection timed out"},
    [111] = {"ECONNREFUSED", "Connection refused"},
    [112] = {"EHOSTDOWN", "Host is down"},
    [113] = {"EHOSTUNREACH", "No route to host"},
    [114] = {"EALREADY", "Operation already in progress"},
    [115] = {"EINPROGRESS", "Operation now in progress"},
    [116] = {"ESTALE", "Stale file handle"},
    [117] = {"EUCLEAN", "Structure needs cleaning"},
    [118] = {"ENOTNAM", "Not a XENIX named type file"},
    [119] = {"ENAVAIL", "No XENIX semaphores available"},
    [120] = {"EISNAM", "Is a named type file"},
    [121] = {"EREMOTEIO", "Remote I/O error"},
    [122] = {"EDQUOT", "Disk quota exceeded"},
    [123] = {"ENOMEDIUM", "No medium found"},
    [124] = {"EMEDIUMTYPE", "Wrong medium type"},
    [125] = {"ECANCELED", "Operation canceled"},
    [126] = {"ENOKEY", "Required key not available"},
    [127] = {"EKEYEXPIRED", "Key has expired"},
    [128] = {"EKEYREVOKED", "Key has been revoked"},
    [129] = {"EKEYREJECTED", "Key was rejected by service"},
    [130] = {"EOWNERDEAD", "Owner died"},
    [131] = {"ENOTRECOVERABLE", "State not recoverable"},
    [132] = {"ERFKILL", "Operation not possible due to RF-kill"},
    [133] = {"EHWPOISON", "Memory page has hardware error"},
};

/* Kernel-internal values strace shows for interrupted calls. */
static const struct {
	int err;
	const char *name, *text;
} restart_errnos[] = {
    {512, "ERESTARTSYS", "To be restarted if SA_RESTART is set"},
    {513, "ERESTARTNOINTR", "To be restarted"},
    {514, "ERESTARTNOHAND", "To be restarted if no handler"},
    {516, "ERESTART_RESTARTBLOCK", "Interrupted by signal"},
};

const char *vms_errno_name(int err)
{
	if (err > 0 && (size_t)err < ARRAY_SIZE(errnos))
		return errnos[err].name;
	for (size_t i = 0; i < ARRAY_SIZE(restart_errnos); i++)
		if (restart_errnos[i].err == err)
			return restart_errnos[i].name;
	return NULL;
}

const char *vms_errno_text(int err)
{
	if (err > 0 && (size_t)err < ARRAY_SIZE(errnos))
		return errnos[err].text;
	for (size_t i = 0; i < ARRAY_SIZE(restart_errnos); i++)
		if (restart_errnos[i].err == err)
			return restart_errnos[i].text;
	return NULL;
}

int vms_errno_from_name(const char *name)
{
	/* Aliases strace may print on other versions or arches. */
	static const struct {
		const char *name;
		int err;
	} aliases[] = {
	    {"EWOULDBLOCK", EAGAIN},
	    {"EDEADLOCK", EDEADLK},
	    {"ENOTSUP", EOPNOTSUPP},
	};

	for (size_t i = 1; i < ARRAY_SIZE(errnos); i++)
		if (errnos[i].name && !strcmp(errnos[i].name, name))
			return (int)i;
	for (size_t i = 0; i < ARRAY_SIZE(restart_errnos); i++)
		if (!strcmp(restart_errnos[i].name, name))
			return restart_errnos[i].err;
	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++)
		if (!strcmp(aliases[i].name, name))
			return aliases[i].err;
	return 0;
}
