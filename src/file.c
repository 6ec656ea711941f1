// SPDX-License-Identifier: MIT
/*
 * Open file descriptions and the fd table.  Identity is the object itself:
 * areas merge only when they point at the same vms_file.
 */
#include <string.h>

#include "internal.h"

static size_t file_size(const struct vms_file *f)
{
	return sizeof(*f) + strlen(f->path) + 1;
}

int vms_file_create(vms_mm *mm, const struct vms_file_desc *desc,
		    vms_file **out)
{
	const char *path = desc->path ? desc->path : "";
	size_t plen = strlen(path);
	struct vms_file *f;

	if (desc->kind > VMS_FILE_DEVICE)
		return -EINVAL;
	f = vms__alloc(mm, sizeof(*f) + plen + 1);
	if (!f)
		return -ENOMEM;
	f->refs = 1;
	f->mm = mm;
	f->d = *desc;
	memcpy(f->path, path, plen + 1);
	f->d.path = f->path;
	*out = f;
	return 0;
}

vms_file *vms_file_get(vms_file *f)
{
	f->refs++;
	return f;
}

void vms_file_put(vms_file *f)
{
	if (f && --f->refs == 0)
		vms__free(f->mm, f, file_size(f));
}

const struct vms_file_desc *vms_file_info(const vms_file *f)
{
	return &f->d;
}

int vms_fd_install(vms_mm *mm, int fd, vms_file *f)
{
	if (fd < 0 || fd > (1 << 20))
		return -EBADF;
	if (fd >= mm->nr_fds) {
		int n = mm->nr_fds ? mm->nr_fds : 16;
		struct vms_file **t;

		while (n <= fd)
			n *= 2;
		t = vms__zalloc(mm, (size_t)n * sizeof(*t));
		if (!t)
			return -ENOMEM;
		if (mm->fds)
			memcpy(t, mm->fds, (size_t)mm->nr_fds * sizeof(*t));
		vms__free(mm, mm->fds, (size_t)mm->nr_fds * sizeof(*t));
		mm->fds = t;
		mm->nr_fds = n;
	}
	/* like dup2: an fd in use is closed first */
	if (mm->fds[fd])
		vms_file_put(mm->fds[fd]);
	mm->fds[fd] = vms_file_get(f);
	return 0;
}

int vms_fd_close(vms_mm *mm, int fd)
{
	if (fd < 0 || fd >= mm->nr_fds || !mm->fds[fd])
		return -EBADF;
	vms_file_put(mm->fds[fd]);
	mm->fds[fd] = NULL;
	return 0;
}

vms_file *vms_fd_lookup(const vms_mm *mm, int fd)
{
	if (fd < 0 || fd >= mm->nr_fds)
		return NULL;
	return mm->fds[fd];
}

void vms__file_put_all(struct vms_mm *mm)
{
	for (int i = 0; i < mm->nr_fds; i++)
		if (mm->fds[i])
			vms_file_put(mm->fds[i]);
	vms__free(mm, mm->fds, (size_t)mm->nr_fds * sizeof(*mm->fds));
	mm->fds = NULL;
	mm->nr_fds = 0;
}
