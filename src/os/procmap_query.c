// SPDX-License-Identifier: MIT
/*
 * PROCMAP_QUERY on /proc/PID/maps (Linux 6.11+); see procmap_query.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/fs.h>

#include "procmap_query.h"

/*
 * Headers older than Linux 6.11 lack the ioctl: this is its UAPI, from
 * include/uapi/linux/fs.h of Linux 6.11 (the layout is fixed; later
 * kernels only append fields, and the size field tells them ours).
 */
#ifndef PROCMAP_QUERY
enum procmap_query_flags {
	PROCMAP_QUERY_VMA_READABLE = 0x01,
	PROCMAP_QUERY_VMA_WRITABLE = 0x02,
	PROCMAP_QUERY_VMA_EXECUTABLE = 0x04,
	PROCMAP_QUERY_VMA_SHARED = 0x08,
	PROCMAP_QUERY_COVERING_OR_NEXT_VMA = 0x10,
	PROCMAP_QUERY_FILE_BACKED_VMA = 0x20,
};

struct procmap_query {
	__u64 size;
	__u64 query_flags;	/* in */
	__u64 query_addr;	/* in */
	__u64 vma_start;	/* out */
	__u64 vma_end;		/* out */
	__u64 vma_flags;	/* out */
	__u64 vma_page_size;	/* out */
	__u64 vma_offset;	/* out */
	__u64 inode;		/* out */
	__u32 dev_major;	/* out */
	__u32 dev_minor;	/* out */
	__u32 vma_name_size;	/* in/out */
	__u32 build_id_size;	/* in/out */
	__u64 vma_name_addr;	/* in */
	__u64 build_id_addr;	/* in */
};

#define PROCFS_IOCTL_MAGIC 'f'
#define PROCMAP_QUERY _IOWR(PROCFS_IOCTL_MAGIC, 17, struct procmap_query)
#endif

/*
 * The lowest address of a "gate" area: maps lists it after the last
 * area of the process, but it is not in the process's tree, so the ioctl
 * never returns it.  x86-64 has [vsyscall] at ffffffffff600000; arm64
 * and riscv have none; elsewhere, to be safe, any range that runs past
 * the last area is left to maps.
 */
#if defined(__x86_64__)
#define GATE_LOW 0xffffffffff600000ull
#elif defined(__aarch64__) || defined(__riscv)
#define GATE_LOW UINT64_MAX
#else
#define GATE_LOW 0ull
#endif

/* The kernel copies at most PATH_MAX bytes of a name, NUL included. */
#define NAME_MAX_BYTES PATH_MAX

int vms_procmap_open(const char *root, unsigned int pid)
{
	char path[PATH_MAX];
	int n, fd;

	n = snprintf(path, sizeof(path), "%s/%u/maps", root, pid);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int vms_procmap_query(int fd, uint64_t addr, struct vms_procmap_vma *v,
		      char *name, size_t name_size)
{
	struct procmap_query q;

	memset(&q, 0, sizeof(q));
	q.size = sizeof(q);
	q.query_flags = PROCMAP_QUERY_COVERING_OR_NEXT_VMA;
	q.query_addr = addr;
	if (name && name_size) {
		q.vma_name_addr = (uint64_t)(uintptr_t)name;
		q.vma_name_size = name_size > UINT32_MAX ? UINT32_MAX
							 : (uint32_t)name_size;
	}
	while (ioctl(fd, PROCMAP_QUERY, &q) < 0) {
		if (errno != EINTR)
			return errno == E2BIG ? -ENAMETOOLONG : -errno;
	}
	v->start = q.vma_start;
	v->end = q.vma_end;
	v->offset = q.vma_offset;
	v->inode = q.inode;
	v->dev_major = q.dev_major;
	v->dev_minor = q.dev_minor;
	v->perms[0] = q.vma_flags & PROCMAP_QUERY_VMA_READABLE ? 'r' : '-';
	v->perms[1] = q.vma_flags & PROCMAP_QUERY_VMA_WRITABLE ? 'w' : '-';
	v->perms[2] = q.vma_flags & PROCMAP_QUERY_VMA_EXECUTABLE ? 'x' : '-';
	v->perms[3] = q.vma_flags & PROCMAP_QUERY_VMA_SHARED ? 's' : 'p';
	v->perms[4] = '\0';
	/* the size counts the NUL; 0 when the area has no name */
	v->name_len = q.vma_name_size ? q.vma_name_size - 1 : 0;
	if (name && name_size)
		name[v->name_len] = '\0';
	return 0;
}

/* ---- the maps line, as fs/proc/task_mmu.c prints it ---- */

struct line_buf {
	struct vms_proc_buf *b;
	int err;
};

static void put(struct line_buf *l, const char *s, size_t n)
{
	struct vms_proc_buf *b = l->b;
	size_t cap;
	char *p;

	if (l->err)
		return;
	if (b->len + n + 1 > b->cap) {
		cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1) {
			if (cap > SIZE_MAX / 2) {
				l->err = -ENOMEM;
				return;
			}
			cap *= 2;
		}
		p = realloc(b->data, cap);
		if (!p) {
			l->err = -ENOMEM;
			return;
		}
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

/* seq_put_hex_ll(): lower-case hex, zero-padded to @width. */
static size_t hex(char *out, uint64_t v, int width)
{
	char tmp[16];
	size_t n = 0, len = 0;

	do {
		tmp[n++] = "0123456789abcdef"[v & 15];
		v >>= 4;
	} while (v);
	while ((int)n < width--)
		out[len++] = '0';
	while (n)
		out[len++] = tmp[--n];
	return len;
}

static size_t dec(char *out, uint64_t v)
{
	char tmp[20];
	size_t n = 0, len = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		out[len++] = tmp[--n];
	return len;
}

/*
 * show_vma_header_prefix() and the name of show_map_vma(): the prefix
 * is padded to 25 + 6 * sizeof(void *) - 1 columns and one space when a
 * name follows; a file path goes through seq_path(..., "\n"), which
 * writes a newline as "\012".  The other names cannot hold a newline
 * (the [bracket] names are fixed, prctl names must be printable), so
 * every newline is written that way.
 */
static void put_line(struct line_buf *l, const struct vms_procmap_vma *v,
		     const char *name)
{
	const size_t width = 25 + 6 * sizeof(void *) - 1;
	char head[160];
	size_t n = 0, from = 0;

	n += hex(head + n, v->start, 8);
	head[n++] = '-';
	n += hex(head + n, v->end, 8);
	head[n++] = ' ';
	memcpy(head + n, v->perms, 4);
	n += 4;
	head[n++] = ' ';
	n += hex(head + n, v->offset, 8);
	head[n++] = ' ';
	n += hex(head + n, v->dev_major, 2);
	head[n++] = ':';
	n += hex(head + n, v->dev_minor, 2);
	head[n++] = ' ';
	n += dec(head + n, v->inode);
	head[n++] = ' ';
	if (!v->name_len) {
		head[n++] = '\n';
		put(l, head, n);
		return;
	}
	while (n < width)
		head[n++] = ' ';
	head[n++] = ' ';
	put(l, head, n);
	for (size_t i = 0; i < v->name_len; i++) {
		if (name[i] != '\n')
			continue;
		put(l, name + from, i - from);
		put(l, "\\012", 4);
		from = i + 1;
	}
	put(l, name + from, v->name_len - from);
	put(l, "\n", 1);
}

int vms_procmap_maps(const char *root, unsigned int pid, uint64_t lo,
		     uint64_t hi, size_t max_areas, struct vms_proc_buf *b)
{
	struct vms_procmap_vma v;
	struct line_buf l = {b, 0};
	uint64_t addr = lo;
	size_t areas = 0;
	char *name;
	int fd, err = 0;

	b->len = 0;
	put(&l, "", 0);
	if (l.err)
		return l.err;
	/* the whole walk would run out of areas below the gate */
	if (GATE_LOW && hi >= GATE_LOW)
		return -ERANGE;
	name = malloc(NAME_MAX_BYTES);
	if (!name)
		return -ENOMEM;
	fd = vms_procmap_open(root, pid);
	if (fd < 0) {
		free(name);
		return fd;
	}
	for (;;) {
		err = vms_procmap_query(fd, addr, &v, name, NAME_MAX_BYTES);
		if (err == -ENOENT) {
			/* past the last area: a gate area may follow */
			err = hi >= GATE_LOW ? -ERANGE : 0;
			break;
		}
		if (err || v.start > hi)
			break;
		if (max_areas && ++areas > max_areas) {
			err = -E2BIG;
			break;
		}
		put_line(&l, &v, name);
		if (l.err || v.end > hi || v.end <= addr)
			break;
		addr = v.end;
	}
	close(fd);
	free(name);
	if (!err)
		err = l.err;
	if (err)
		b->len = 0;
	return err;
}
