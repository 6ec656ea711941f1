// SPDX-License-Identifier: MIT
/*
 * stat(2) and whole-file reads for the tools (see os.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "os.h"

/* Magic numbers of <linux/magic.h>, spelled out to need no kernel headers. */
#define TMPFS_MAGIC_	 0x01021994
#define HUGETLBFS_MAGIC_ 0x958458f6
#define EXT4_MAGIC_	0xef53
#define XFS_MAGIC_	0x58465342

int vms_os_stat(const char *path, struct vms_os_stat *st)
{
	struct stat sb;
	struct statfs fs;
	struct statvfs vfs;
	char *real;

	memset(st, 0, sizeof(*st));
	if (stat(path, &sb) < 0)
		return -errno;
	st->dev_major = major(sb.st_dev);
	st->dev_minor = minor(sb.st_dev);
	st->inode = sb.st_ino;
	st->size = sb.st_size;
	if (S_ISREG(sb.st_mode))
		st->kind = VMS_OS_REGULAR;
	else if (S_ISDIR(sb.st_mode))
		st->kind = VMS_OS_DIRECTORY;
	else if (S_ISCHR(sb.st_mode) || S_ISBLK(sb.st_mode))
		st->kind = VMS_OS_CHARDEV;
	else
		st->kind = VMS_OS_OTHER;
	if (statfs(path, &fs) == 0) {
		st->shmem = (unsigned long)fs.f_type == TMPFS_MAGIC_;
		st->hugetlbfs = (unsigned long)fs.f_type == HUGETLBFS_MAGIC_;
		/* Their f_op->get_unmapped_area aligns large mappings. */
		st->thp_aligned = (unsigned long)fs.f_type == EXT4_MAGIC_ ||
				  (unsigned long)fs.f_type == XFS_MAGIC_;
	}
	if (statvfs(path, &vfs) == 0)
		st->noexec = (vfs.f_flag & ST_NOEXEC) != 0;

	/* maps shows the path the kernel resolved (d_path), not the input. */
	real = realpath(path, NULL);
	if (real && strlen(real) < sizeof(st->path))
		strcpy(st->path, real);
	else
		snprintf(st->path, sizeof(st->path), "%s", path);
	free(real);
	return 0;
}

int vms_os_read_file(const char *path, char **bufp, size_t *lenp)
{
	int fd = strcmp(path, "-") == 0 ? 0 : open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0, cap = 65536;
	char *buf, *nbuf;
	ssize_t n;
	int err = 0;

	if (fd < 0)
		return -errno;
	buf = malloc(cap);
	if (!buf) {
		err = -ENOMEM;
		goto out;
	}
	for (;;) {
		if (cap - len < 2) {
			nbuf =
			    cap > SIZE_MAX / 2 ? NULL : realloc(buf, cap * 2);
			if (!nbuf) {
				err = -ENOMEM;
				break;
			}
			buf = nbuf;
			cap *= 2;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = -errno;
			break;
		}
		if (n == 0)
			break;
		len += n;
	}
out:
	if (fd != 0)
		close(fd);
	if (err) {
		free(buf);
		return err;
	}
	buf[len] = '\0';
	*bufp = buf;
	*lenp = len;
	return 0;
}
