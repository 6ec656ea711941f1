// SPDX-License-Identifier: MIT
/*
 * The facts `vmspace pmap` needs about a process besides its maps: the
 * thread group, the start of the main stack, the state and the command
 * line of the "PID:   cmdline" header, built as libproc2 builds it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pmap.h"

/* Field @n (3 = state) of /proc/PID/stat, counted after "(comm)". */
static const char *stat_field(const char *after, int n)
{
	const char *p = after;

	for (int f = 3; f < n && p; f++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	return p;
}

static int parse_stat(const char *text, struct pmap_task *t, char **comm,
		      size_t *comm_len)
{
	const char *open = strchr(text, '('), *close = strrchr(text, ')');
	const char *p;

	if (!open || !close || close < open || close[1] != ' ')
		return -EINVAL;
	*comm = (char *)open + 1;
	*comm_len = (size_t)(close - open - 1);
	p = close + 2;
	t->state = *p;
	p = stat_field(close + 2, 4);
	t->ppid = p ? (unsigned int)strtoul(p, NULL, 10) : 0;
	p = stat_field(close + 2, 28);
	t->start_stack = p ? strtoull(p, NULL, 10) : 0;
	return 0;
}

static unsigned int status_tgid(const char *text, unsigned int pid)
{
	const char *p = strstr(text, "\nTgid:");

	if (!p)
		return pid;
	return (unsigned int)strtoul(p + 6, NULL, 10);
}

/* The command line with NULs and newlines as spaces, trailing NULs cut. */
static char *cmdline_text(struct vms_proc_buf *b)
{
	size_t n = b->len;
	char *s;

	while (n && b->data[n - 1] == '\0')
		n--;
	if (!n)
		return NULL;
	s = malloc(n + 1);
	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++)
		s[i] = b->data[i] == '\0' || b->data[i] == '\n' ? ' '
							       : b->data[i];
	s[n] = '\0';
	pmap_escape_cmdline(s, n);
	return s;
}

/* "[comm]", with " <defunct>" for a zombie, as ps shows it. */
static char *comm_text(const char *comm, size_t len, char state)
{
	const char *defunct = state == 'Z' ? " <defunct>" : "";
	size_t dlen = strlen(defunct);
	char *s = malloc(len + dlen + 3);

	if (!s)
		return NULL;
	s[0] = '[';
	memcpy(s + 1, comm, len);
	pmap_escape_cmdline(s + 1, len);
	s[len + 1] = ']';
	memcpy(s + len + 2, defunct, dlen + 1);
	return s;
}

int pmap_task_read(const char *root, unsigned int pid, struct pmap_task *t,
		   struct vms_proc_buf *b)
{
	char *comm, *comm_copy;
	size_t comm_len;
	int err;

	memset(t, 0, sizeof(*t));
	t->pid = t->tgid = pid;
	err = vms_proc_read(root, pid, "stat", b);
	if (err)
		return err;
	comm_copy = NULL;
	if (parse_stat(b->data, t, &comm, &comm_len) == 0) {
		comm_copy = malloc(comm_len + 1);
		if (!comm_copy)
			return -ENOMEM;
		memcpy(comm_copy, comm, comm_len);
		comm_copy[comm_len] = '\0';
	} else {
		return -EINVAL;
	}
	if (vms_proc_read(root, pid, "status", b) == 0)
		t->tgid = status_tgid(b->data, pid);
	if (vms_proc_read(root, pid, "cmdline", b) == 0)
		t->header = cmdline_text(b);
	if (!t->header)
		t->header = comm_text(comm_copy, comm_len, t->state);
	free(comm_copy);
	return t->header ? 0 : -ENOMEM;
}

void pmap_task_free(struct pmap_task *t)
{
	free(t->header);
	t->header = NULL;
}
