// SPDX-License-Identifier: MIT
/*
 * The model side of the differential harness, and the normalised area
 * lists both sides are reduced to before comparison.
 *
 * Both sides go through the same header parser: the kernel's smaps
 * headers, and the model's maps lines (vms_render_maps_line), so that
 * names, offsets and devices are compared as printed.  Flags come from
 * the kernel's VmFlags and ProtectionKey lines, and from
 * vms_area_flags() on the model side; the mnemonic table below is the
 * harness's own, not the library's, so a wrong library table shows up.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <unistd.h>

#include "support/diff.h"
#include "os/os.h"
#include "replay.h"

#define UNKNOWN_FLAG	(1ULL << 63)	/* a "??" in VmFlags */
#define PKEY_SHIFT	32
#define PKEY_MASK	((uint64_t)0xf << PKEY_SHIFT)

/* Linux 6.18 show_smap_vma_flags(), by bit. */
static const char *const mnemonics[64] = {
	[0] = "rd", [1] = "wr", [2] = "ex", [3] = "sh", [4] = "mr",
	[5] = "mw", [6] = "me", [7] = "ms", [8] = "gd", [9] = "um",
	[10] = "pf", [11] = "gu", [12] = "uw", [13] = "lo", [14] = "io",
	[15] = "sr", [16] = "rr", [17] = "dc", [18] = "de", [19] = "lf",
	[20] = "ac", [21] = "nr", [22] = "ht", [23] = "sf", [24] = "ar",
	[25] = "wf", [26] = "dd", [27] = "sd", [28] = "mm", [29] = "hg",
	[30] = "nh", [31] = "mg", [37] = "ss", [40] = "dp", [41] = "ui",
	[42] = "sl",
};

static uint64_t parse_vmflags(const char *p, const char *end)
{
	uint64_t flags = 0;

	while (p < end) {
		const char *t;
		unsigned int b;
		bool found = false;

		while (p < end && *p == ' ')
			p++;
		t = p;
		while (p < end && *p != ' ')
			p++;
		if (p == t)
			break;
		for (b = 0; b < 64; b++) {
			if (mnemonics[b] && p - t == 2 &&
			    !memcmp(t, mnemonics[b], 2)) {
				flags |= 1ULL << b;
				found = true;
				break;
			}
		}
		if (!found)
			flags |= UNKNOWN_FLAG;
	}
	return flags;
}

static void format_flags(uint64_t flags, char *buf, size_t len)
{
	size_t n = 0;
	unsigned int b;

	buf[0] = '\0';
	for (b = 0; b < 64 && n < len; b++) {
		if (!(flags & (1ULL << b)) || (b >= 32 && b < 36))
			continue;
		n += (size_t)snprintf(buf + n, len - n, "%s ",
				      mnemonics[b] ? mnemonics[b] : "??");
	}
	if ((flags & PKEY_MASK) && n < len)
		snprintf(buf + n, len - n, "pkey=%" PRIu64,
			 (flags & PKEY_MASK) >> PKEY_SHIFT);
}

/* "start-end perms offset maj:min inode   name"; 0 or -EINVAL. */
static int parse_header(const char *p, const char *end, struct diff_area *a)
{
	char buf[512];
	size_t n = (size_t)(end - p);
	int name_at = 0;
	unsigned long long s, e, off, ino;

	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	memset(a, 0, sizeof(*a));
	if (sscanf(buf, "%llx-%llx %4s %llx %x:%x %llu %n", &s, &e, a->perms,
		   &off, &a->major, &a->minor, &ino, &name_at) < 7)
		return -EINVAL;
	a->start = s;
	a->end = e;
	a->offset = off;
	a->inode = ino;
	if (name_at > 0 && (size_t)name_at < n)
		snprintf(a->name, sizeof(a->name), "%s", buf + name_at);
	return 0;
}

static int layout_push(struct diff_layout *l, const struct diff_area *a)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		struct diff_area *na = realloc(l->a, cap * sizeof(*na));

		if (!na)
			return -ENOMEM;
		l->a = na;
		l->cap = cap;
	}
	l->a[l->n++] = *a;
	return 0;
}

void diff_layout_free(struct diff_layout *l)
{
	free(l->a);
	memset(l, 0, sizeof(*l));
}

static bool is_header(const char *p, const char *end)
{
	/* field lines start with a capital letter, headers with hex */
	return p < end && ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'));
}

int diff_parse_smaps(const char *text, size_t len, struct diff_layout *l)
{
	const char *p = text, *end = text + len;
	struct diff_area cur;
	bool have = false;

	l->n = 0;
	l->has_pkey = false;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;

		if (is_header(p, le)) {
			if (have && cur.start < DIFF_TASK_SIZE &&
			    layout_push(l, &cur) < 0)
				return -ENOMEM;
			if (parse_header(p, le, &cur) < 0)
				return -EINVAL;
			have = true;
		} else if (have && !strncmp(p, "VmFlags:", 8)) {
			cur.flags |= parse_vmflags(p + 8, le);
		} else if (have && !strncmp(p, "ProtectionKey:", 14)) {
			uint64_t k = strtoull(p + 14, NULL, 10);

			cur.flags |= (k << PKEY_SHIFT) & PKEY_MASK;
			l->has_pkey = true;
		}
		p = le + (nl ? 1 : 0);
	}
	if (have && cur.start < DIFF_TASK_SIZE && layout_push(l, &cur) < 0)
		return -ENOMEM;
	return 0;
}

static bool area_eq(const struct diff_area *k, const struct diff_area *m)
{
	/* the model cannot know the inode of a fresh shmem object */
	bool shmem = !strcmp(k->name, "/dev/zero (deleted)");

	return k->start == m->start && k->end == m->end &&
	       k->flags == m->flags && !strcmp(k->perms, m->perms) &&
	       k->offset == m->offset && k->major == m->major &&
	       k->minor == m->minor && (shmem || k->inode == m->inode) &&
	       !strcmp(k->name, m->name);
}

long diff_layout_cmp(const struct diff_layout *k, const struct diff_layout *m)
{
	size_t i;

	for (i = 0; i < k->n && i < m->n; i++)
		if (!area_eq(&k->a[i], &m->a[i]))
			return (long)i;
	return k->n == m->n ? -1 : (long)i;
}

static void format_area(const struct diff_area *a, char *buf, size_t len)
{
	char fl[160];

	format_flags(a->flags, fl, sizeof(fl));
	snprintf(buf, len, "%012" PRIx64 "-%012" PRIx64 " %s %08" PRIx64
		 " %02x:%02x %" PRIu64 " %.40s | %s",
		 a->start, a->end, a->perms, a->offset, a->major, a->minor,
		 a->inode, a->name, fl);
}

/*
 * Side by side, aligned by address: rows pair a kernel and a model area
 * with the same start, or show one side alone.  Only rows within three
 * of a difference are printed.
 */
void diff_layout_print(FILE *f, const struct diff_layout *k,
		       const struct diff_layout *m)
{
	size_t cap = k->n + m->n, n = 0, i, j, r;
	struct row {
		const struct diff_area *k, *m;
		bool same;
	} *rows = calloc(cap ? cap : 1, sizeof(*rows));
	char buf[400];
	long last = -100;

	if (!rows)
		return;
	for (i = 0, j = 0; i < k->n || j < m->n; n++) {
		const struct diff_area *ka = i < k->n ? &k->a[i] : NULL;
		const struct diff_area *ma = j < m->n ? &m->a[j] : NULL;

		if (ka && ma && ka->start == ma->start) {
			rows[n] = (struct row){ ka, ma, area_eq(ka, ma) };
			i++, j++;
		} else if (ka && (!ma || ka->start < ma->start)) {
			rows[n] = (struct row){ ka, NULL, false };
			i++;
		} else {
			rows[n] = (struct row){ NULL, ma, false };
			j++;
		}
	}
	fprintf(f, "# areas near the differences (K kernel, M model, "
		"! differs):\n");
	for (r = 0; r < n; r++) {
		size_t lo = r > 3 ? r - 3 : 0, hi = r + 3 < n ? r + 3 : n - 1;
		bool near = false;

		for (i = lo; i <= hi; i++)
			near |= !rows[i].same;
		if (!near)
			continue;
		if (last >= 0 && (long)r != last + 1)
			fprintf(f, "#   ...\n");
		last = (long)r;
		if (rows[r].same) {
			format_area(rows[r].k, buf, sizeof(buf));
			fprintf(f, "#   K=M %s\n", buf);
			continue;
		}
		if (rows[r].k) {
			format_area(rows[r].k, buf, sizeof(buf));
			fprintf(f, "# ! K   %s\n", buf);
		} else {
			fprintf(f, "# ! K   -\n");
		}
		if (rows[r].m) {
			format_area(rows[r].m, buf, sizeof(buf));
			fprintf(f, "# ! M   %s\n", buf);
		} else {
			fprintf(f, "# ! M   -\n");
		}
	}
	free(rows);
}

/* ---- the model ---- */

static uint64_t read_sysctl(const char *path, uint64_t dflt)
{
	FILE *f = fopen(path, "r");
	unsigned long long v;

	if (!f)
		return dflt;
	if (fscanf(f, "%llu", &v) != 1)
		v = dflt;
	fclose(f);
	return v;
}

static uint64_t rlim(int which)
{
	struct rlimit r;

	if (getrlimit(which, &r) < 0 || r.rlim_cur == RLIM_INFINITY)
		return VMS_RLIM_INFINITY;
	return r.rlim_cur;
}

static bool self_has_pkeys(void)
{
	char *text = NULL;
	size_t len = 0;
	bool has;

	if (vms_os_read_file("/proc/self/smaps", &text, &len) < 0)
		return false;
	has = strstr(text, "\nProtectionKey:") != NULL;
	free(text);
	return has;
}

/*
 * The effective mmap_min_addr: the larger of vm.mmap_min_addr and the
 * kernel's CONFIG_LSM_MMAP_MIN_ADDR (65536 here), which hints are rounded
 * up to and searches start from.  Only a probe shows it: map a page with
 * a free low hint and see where it lands.
 */
static uint64_t probe_mmap_min_addr(uint64_t sysctl)
{
	long r = syscall(SYS_mmap, 0x1000UL, DIFF_PAGE, 0,
			 0x22 /* MAP_PRIVATE|MAP_ANONYMOUS */, -1, 0);

	if (r == -1)
		return sysctl;
	syscall(SYS_munmap, r, DIFF_PAGE);
	return (uint64_t)r > sysctl && (uint64_t)r < (1ULL << 20) ?
		       (uint64_t)r : sysctl;
}

void diff_env_init(struct diff_env *env, char paths[DIFF_NPATHS][256],
		   const struct diff_priv *priv)
{
	struct vms_config *c = &env->cfg;
	struct sysinfo si;

	vms_config_default(c);
	c->page_size = DIFF_PAGE;
	c->task_size = DIFF_TASK_SIZE;
	c->rlimit[VMS_RLIMIT_AS] = rlim(RLIMIT_AS);
	c->rlimit[VMS_RLIMIT_DATA] = rlim(RLIMIT_DATA);
	c->rlimit[VMS_RLIMIT_MEMLOCK] = rlim(RLIMIT_MEMLOCK);
	c->rlimit[VMS_RLIMIT_STACK] = rlim(RLIMIT_STACK);
	c->mmap_base = diff_mmap_base(c->rlimit[VMS_RLIMIT_STACK]);
	c->max_map_count = read_sysctl("/proc/sys/vm/max_map_count", 65530);
	c->mmap_min_addr = probe_mmap_min_addr(
		read_sysctl("/proc/sys/vm/mmap_min_addr", 4096));
	c->legacy_layout = false;
	c->cap_ipc_lock = c->cap_sys_rawio = geteuid() == 0;
	c->read_implies_exec = false;
	if (priv && priv->unpriv) {
		c->cap_ipc_lock = c->cap_sys_rawio = false;
		c->rlimit[VMS_RLIMIT_MEMLOCK] = priv->memlock;
		c->rlimit[VMS_RLIMIT_AS] = priv->as;
		c->rlimit[VMS_RLIMIT_DATA] = priv->data;
	}
	c->thp = true;
	c->pkeys = self_has_pkeys();
	if (sysinfo(&si) == 0) {
		c->ram_bytes = (uint64_t)si.totalram * si.mem_unit;
		c->swap_bytes = (uint64_t)si.totalswap * si.mem_unit;
	}
	env->paths = paths;
}

static int model_files(vms_mm *mm, char (*paths)[256], char *err,
		       size_t errlen)
{
	vms_file *by_ident[16] = { 0 };
	size_t i;
	int ret = 0;

	for (i = 0; i < diff_nfds && !ret; i++) {
		const struct diff_fd *d = &diff_fds[i];
		vms_file **f = &by_ident[d->ident];

		if (!*f) {
			struct vms_os_stat st;
			struct vms_file_desc fd;

			ret = vms_os_stat(paths[d->path], &st);
			if (ret < 0) {
				snprintf(err, errlen, "stat %s: %s",
					 paths[d->path], strerror(-ret));
				break;
			}
			vms_replay_file_desc(&st, (uint64_t)d->oflags, &fd);
			ret = vms_file_create(mm, &fd, f);
			if (ret < 0) {
				snprintf(err, errlen, "vms_file_create: %s",
					 strerror(-ret));
				break;
			}
		}
		ret = vms_fd_install(mm, d->fd, *f);
		if (ret < 0)
			snprintf(err, errlen, "vms_fd_install(%d): %s", d->fd,
				 strerror(-ret));
	}
	for (i = 0; i < sizeof(by_ident) / sizeof(by_ident[0]); i++)
		if (by_ident[i])
			vms_file_put(by_ident[i]);
	return ret;
}

int diff_model_create(const struct diff_env *env, const char *smaps,
		      size_t len, vms_mm **out, char *err, size_t errlen)
{
	unsigned long line = 0;
	vms_mm *mm;
	int ret;

	ret = vms_mm_create(&env->cfg, &mm);
	if (ret < 0) {
		snprintf(err, errlen, "vms_mm_create: %s", strerror(-ret));
		return ret;
	}
	ret = vms_load_maps(mm, smaps, len, &line);
	if (ret < 0) {
		snprintf(err, errlen, "vms_load_maps: %s at line %lu",
			 strerror(-ret), line);
		vms_mm_destroy(mm);
		return ret;
	}
	if (env->paths) {
		ret = model_files(mm, env->paths, err, errlen);
		if (ret < 0) {
			vms_mm_destroy(mm);
			return ret;
		}
	}
	*out = mm;
	return 0;
}

int64_t diff_model_call(vms_mm *mm, const struct vms_scall *c)
{
	const uint64_t *a = c->arg;

	switch (c->sc) {
	case VMS_SC_MMAP:
		return vms_mmap(mm, a[0], a[1], (int)a[2], (int)a[3], (int)a[4],
				a[5]);
	case VMS_SC_MUNMAP:
		return vms_munmap(mm, a[0], a[1]);
	case VMS_SC_MPROTECT:
		return vms_mprotect(mm, a[0], a[1], (int)a[2]);
	case VMS_SC_MREMAP:
		return vms_mremap(mm, a[0], a[1], a[2], (int)a[3], a[4]);
	case VMS_SC_MADVISE:
		return vms_madvise(mm, a[0], a[1], (int)a[2]);
	case VMS_SC_MLOCK:
		return vms_mlock(mm, a[0], a[1]);
	case VMS_SC_MLOCK2:
		return vms_mlock2(mm, a[0], a[1], (unsigned int)a[2]);
	case VMS_SC_MUNLOCK:
		return vms_munlock(mm, a[0], a[1]);
	case VMS_SC_MLOCKALL:
		return vms_mlockall(mm, (int)a[0]);
	case VMS_SC_MUNLOCKALL:
		return vms_munlockall(mm);
	case VMS_SC_MSEAL:
		return vms_mseal(mm, a[0], a[1], (unsigned long)a[2]);
	case VMS_SC_BRK:
		return (int64_t)vms_brk(mm, a[0]);
	default:
		return -ENOSYS;
	}
}

void diff_model_set_brk(vms_mm *mm, uint64_t brk)
{
	vms_mm_set_brk(mm, brk, brk);
}

int diff_model_layout(vms_mm *mm, struct diff_layout *l)
{
	const vms_area *a;
	char line[4200];

	l->n = 0;
	vms_for_each_area(mm, a) {
		struct diff_area d;
		int n = vms_render_maps_line(a, line, sizeof(line));

		if (n < 0)
			return n;
		if (parse_header(line, line + strcspn(line, "\n"), &d) < 0)
			return -EINVAL;
		d.flags = vms_area_flags(a);
		if (d.start < DIFF_TASK_SIZE && layout_push(l, &d) < 0)
			return -ENOMEM;
	}
	return 0;
}

void diff_format_line(const struct vms_scall *c, int64_t res, char *buf,
		      size_t len)
{
	int n = vms_scall_format(c, buf, len);
	char r[128];

	if (n < 0 || (size_t)n >= len)
		return;
	vms_scall_format_result(c->sc, res, r, sizeof(r));
	snprintf(buf + n, len - (size_t)n, " = %s", r);
}
