// SPDX-License-Identifier: MIT
/*
 * Reading /proc (or a saved copy of it) for `vmspace pmap`; see proc.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#include "proc.h"

/*
 * 1 MiB per read(2): the kernel fills as much of it as its seq_file
 * buffer allows, so a 20 MB smaps takes a few dozen calls instead of
 * twenty thousand.
 */
#define READ_CHUNK (1u << 20)

void vms_proc_buf_free(struct vms_proc_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

static int buf_reserve(struct vms_proc_buf *b, size_t want)
{
	size_t cap = b->cap ? b->cap : 4096;
	char *p;

	if (want <= b->cap)
		return 0;
	while (cap < want) {
		if (cap > SIZE_MAX / 2)
			return -ENOMEM;
		cap *= 2;
	}
	p = realloc(b->data, cap);
	if (!p)
		return -ENOMEM;
	b->data = p;
	b->cap = cap;
	return 0;
}

static int read_fd(int fd, struct vms_proc_buf *b)
{
	size_t chunk = 4096;
	ssize_t n;
	int err;

	b->len = 0;
	for (;;) {
		err = buf_reserve(b, b->len + chunk + 1);
		if (err)
			return err;
		n = read(fd, b->data + b->len, b->cap - b->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			break;
		b->len += (size_t)n;
		/* small files (stat, cmdline) stay small; big ones grow fast */
		if (chunk < READ_CHUNK)
			chunk *= 4;
	}
	b->data[b->len] = '\0';
	return 0;
}

int vms_proc_read_path(const char *path, struct vms_proc_buf *b)
{
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = read_fd(fd, b);
	close(fd);
	return err;
}

int vms_proc_read(const char *root, unsigned int pid, const char *name,
		  struct vms_proc_buf *b)
{
	char path[PATH_MAX];
	int n;

	n = snprintf(path, sizeof(path), "%s/%u/%s", root, pid, name);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	return vms_proc_read_path(path, b);
}

bool vms_proc_exists(const char *root, unsigned int pid)
{
	char path[PATH_MAX];
	struct stat st;
	int n;

	n = snprintf(path, sizeof(path), "%s/%u", root, pid);
	if (n < 0 || (size_t)n >= sizeof(path))
		return false;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Parse "%x:%x" at @p for the minor; returns false if it is not there. */
static bool dev_minor_of(const char *line, unsigned int *major,
			 unsigned int *minor)
{
	const char *p = line;
	int field;

	/* skip "start-end perms offset " */
	for (field = 0; field < 3; field++) {
		p = strchr(p, ' ');
		if (!p)
			return false;
		p++;
	}
	*major = (unsigned int)strtoul(p, (char **)&p, 16);
	if (*p != ':')
		return false;
	*minor = (unsigned int)strtoul(p + 1, NULL, 16);
	return true;
}

unsigned int vms_proc_shm_minor(void)
{
	struct vms_proc_buf b = {0};
	unsigned int result = ~0u, major, minor;
	unsigned long start, want;
	char *line, *nl;
	void *addr;
	int id;

	id = shmget(IPC_PRIVATE, 42, IPC_CREAT | 0600);
	if (id < 0)
		return result;
	addr = shmat(id, NULL, SHM_RDONLY);
	if (addr == (void *)-1)
		goto out_rm;
	want = (unsigned long)addr;
	if (vms_proc_read_path("/proc/self/maps", &b) == 0) {
		for (line = b.data; line && *line; line = nl ? nl + 1 : NULL) {
			nl = strchr(line, '\n');
			if (nl)
				*nl = '\0';
			start = strtoul(line, NULL, 16);
			if (start != want || !strstr(line, "/SYSV"))
				continue;
			if (dev_minor_of(line, &major, &minor) && major == 0)
				result = minor;
			break;
		}
	}
	vms_proc_buf_free(&b);
	shmdt(addr);
out_rm:
	shmctl(id, IPC_RMID, NULL);
	return result;
}

static int mkdir_p(const char *dir)
{
	char tmp[PATH_MAX];
	size_t len = strlen(dir);
	char *p;

	if (len == 0 || len >= sizeof(tmp))
		return -ENAMETOOLONG;
	memcpy(tmp, dir, len + 1);
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(tmp, 0755) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

int vms_proc_write_all(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static int write_new(const char *path, int flags, const char *data,
		     size_t len)
{
	int fd, err;

	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | flags, 0644);
	if (fd < 0)
		return -errno;
	err = vms_proc_write_all(fd, data, len);
	if (close(fd) < 0 && !err)
		err = -errno;
	return err;
}

int vms_proc_save(const char *dir, unsigned int pid, const char *name,
		  const char *data, size_t len)
{
	char path[PATH_MAX];
	int n, err;

	if (pid)
		n = snprintf(path, sizeof(path), "%s/%u", dir, pid);
	else
		n = snprintf(path, sizeof(path), "%s", dir);
	if (n < 0 || (size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	err = mkdir_p(path);
	if (err)
		return err;
	n = snprintf(path + n, sizeof(path) - (size_t)n, "/%s", name) + n;
	if ((size_t)n >= sizeof(path))
		return -ENAMETOOLONG;
	return write_new(path, O_TRUNC, data, len);
}

int vms_proc_create_file(const char *path, const char *data, size_t len)
{
	int fd;

	/* procps refuses when the file can be opened for reading */
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		close(fd);
		return -EEXIST;
	}
	return write_new(path, O_TRUNC, data, len);
}
