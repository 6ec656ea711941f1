/* SPDX-License-Identifier: MIT */
/*
 * The OS layer of `vmspace pmap`: reading a process's files under a "proc
 * root" (the live /proc, or a directory saved by --save), the SysV shm
 * device probe, and the few other files pmap reads or writes (rc files,
 * snapshots).  Nothing here formats output.
 */
#ifndef VMS_OS_PROC_H
#define VMS_OS_PROC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A growing byte buffer; the text is always NUL-terminated. */
struct vms_proc_buf {
	char *data;
	size_t len;
	size_t cap;
};

void vms_proc_buf_free(struct vms_proc_buf *b);

/*
 * Read ROOT/PID/NAME whole into @b (replacing its content), with large
 * read(2)s: procfs says st_blksize 1024, which would make stdio read 1 KiB
 * per call, and smaps of a big process is tens of MB.  Returns 0 or -errno
 * (-ENOENT, -EACCES, -ESRCH...).
 */
int vms_proc_read(const char *root, unsigned int pid, const char *name,
		  struct vms_proc_buf *b);

/* Read any file whole into @b.  Returns 0 or -errno. */
int vms_proc_read_path(const char *path, struct vms_proc_buf *b);

/* Is ROOT/PID there (a process or thread directory)? */
bool vms_proc_exists(const char *root, unsigned int pid);

/*
 * The minor device number of SysV shm mappings (major is 0), found the
 * way procps does: create, attach and list a private segment, then remove
 * it.  Returns ~0u when the probe fails (no IPC).
 */
unsigned int vms_proc_shm_minor(void);

/*
 * Write @len bytes to DIR/PID/NAME (DIR and DIR/PID are created as
 * needed), or to DIR/NAME when @pid is 0.  Returns 0 or -errno.
 */
int vms_proc_save(const char *dir, unsigned int pid, const char *name,
		  const char *data, size_t len);

/*
 * Create @path holding @data unless something can already be opened
 * there.  Returns 0, -EEXIST, or another -errno.
 */
int vms_proc_create_file(const char *path, const char *data, size_t len);

/* Write all of @data to file descriptor @fd.  Returns 0 or -errno. */
int vms_proc_write_all(int fd, const char *data, size_t len);

#endif /* VMS_OS_PROC_H */
