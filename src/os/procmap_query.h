/* SPDX-License-Identifier: MIT */
/*
 * The PROCMAP_QUERY ioctl of /proc/PID/maps (Linux 6.11+): ask the kernel
 * for the area that covers an address, or the next one, without having
 * it print every area of the process.  `vmspace pmap -A` uses it to read
 * only the areas of the range; see vms_procmap_maps().
 */
#ifndef VMS_OS_PROCMAP_QUERY_H
#define VMS_OS_PROCMAP_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "proc.h"

/* One area, as the ioctl describes it. */
struct vms_procmap_vma {
	uint64_t start, end;	/* [start, end) */
	uint64_t offset;	/* file offset; 0 without a file */
	uint64_t inode;
	uint32_t dev_major, dev_minor;
	char perms[5];		/* "rw-p", as maps shows them */
	size_t name_len;	/* 0: no name; the name is NOT escaped */
};

/*
 * Open ROOT/PID/maps for queries (the open does the access check that a
 * read of maps does).  Returns a file descriptor or -errno.
 */
int vms_procmap_open(const char *root, unsigned int pid);

/*
 * The area covering @addr, or else the first one above it.  Its name goes
 * to @name (NUL-terminated, at most @name_size bytes with the NUL).
 * Returns 0; -ENOENT when there is none; -ENOTTY (or -EINVAL) where the
 * kernel or the file has no PROCMAP_QUERY; -ENAMETOOLONG when the name
 * does not fit; or another -errno.
 */
int vms_procmap_query(int fd, uint64_t addr, struct vms_procmap_vma *v,
		      char *name, size_t name_size);

/*
 * The lines of ROOT/PID/maps for the areas that end above @lo and start
 * at or below @hi (those `pmap -A lo,hi` looks at), byte for byte as the
 * kernel prints them, built from PROCMAP_QUERY calls (one per area)
 * instead of a read of the whole file.  Replaces the content of @b.
 * Returns 0, or -errno when the caller should read maps instead: the
 * ioctl is missing (-ENOTTY, e.g. a saved proc root or a kernel before
 * 6.11), a name is longer than PATH_MAX (-ENAMETOOLONG), the range
 * reaches the part of the address space where maps may show a "gate"
 * area that the ioctl does not know (-ERANGE; [vsyscall] on x86-64), or
 * it holds more than @max_areas areas (-E2BIG; 0: no limit).
 */
int vms_procmap_maps(const char *root, unsigned int pid, uint64_t lo,
		     uint64_t hi, size_t max_areas, struct vms_proc_buf *b);

#endif /* VMS_OS_PROCMAP_QUERY_H */
