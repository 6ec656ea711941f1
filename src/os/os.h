/* SPDX-License-Identifier: MIT */
/*
 * The OS layer: the only code of vmspace that touches the file system.
 * The library (src/ outside os/) does no I/O; the tools get the facts they need
 * about real files through these calls.
 */
#ifndef VMS_OS_H
#define VMS_OS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum vms_os_kind {
	VMS_OS_REGULAR,
	VMS_OS_DIRECTORY,
	VMS_OS_CHARDEV, /* or block device */
	VMS_OS_OTHER,	/* fifo, socket, ... */
};

/* What stat(2)/statfs(2) say about a path. */
struct vms_os_stat {
	uint32_t dev_major, dev_minor;
	uint64_t inode;
	uint64_t size; /* bytes */
	enum vms_os_kind kind;
	bool shmem; /* on tmpfs: mappings are shmem */
	bool hugetlbfs;
	bool thp_aligned;		/* ext4/xfs: thp_get_unmapped_area */
	bool noexec;	 /* mounted noexec */
	char path[4096]; /* canonical (symlinks resolved) */
};

/*
 * Stat @path (relative paths are relative to the current directory).
 * Returns 0 or -errno (-ENOENT for a missing path).
 */
int vms_os_stat(const char *path, struct vms_os_stat *st);

/*
 * Read a whole file ("-" is standard input) into a malloc'ed buffer,
 * NUL-terminated (the NUL is not counted in *len).  Returns 0 or -errno.
 */
int vms_os_read_file(const char *path, char **buf, size_t *len);

#endif /* VMS_OS_H */
