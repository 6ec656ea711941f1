// SPDX-License-Identifier: MIT
/*
 * The rc files of `vmspace pmap` (-c, -C FILE, -n, -N FILE): the template
 * procps-ng 4.0.2 writes, and its reading rules and warnings, kept as they
 * are so that existing ~/.pmaprc files mean the same.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pmap.h"

#define RC_LINE_MAX 1024

static const char template_text[] =
	"# pmap's Config File\n"
	"\n"
	"# All the entries are case sensitive.\n"
	"# Unsupported entries are ignored!\n"
	"\n"
	"[Fields Display]\n"
	"\n"
	"# To enable a field uncomment its entry\n"
	"\n"
	"#Perm\n#Offset\n#Device\n#Inode\n#Size\n#Rss\n#Pss\n"
	"#Shared_Clean\n#Shared_Dirty\n#Private_Clean\n#Private_Dirty\n"
	"#Referenced\n#Anonymous\n#AnonHugePages\n#Swap\n"
	"#KernelPageSize\n#MMUPageSize\n#Locked\n#VmFlags\n#Mapping\n"
	"\n"
	"\n"
	"[Mapping]\n"
	"\n"
	"# to show paths in the mapping column uncomment the following line\n"
	"#ShowPath\n"
	"\n";

int pmap_rc_create(const char *path)
{
	int err = vms_proc_create_file(path, template_text,
				       sizeof(template_text) - 1);

	if (err == -EEXIST)
		fputs("pmap: the file already exists - delete or rename it "
		      "first\n",
		      stderr);
	return err ? 1 : 0;
}

enum section { SEC_NONE, SEC_UNSUPPORTED, SEC_FIELDS, SEC_MAPPING };

static void warn_line(const char *what, int line)
{
	fprintf(stderr, "pmap: %s - line %d\n", what, line);
}

static int add_field(struct pmap_opts *o, const char *tok)
{
	char **f = realloc(o->rc_fields, (o->nr_rc_fields + 1) * sizeof(*f));

	if (!f)
		return -ENOMEM;
	o->rc_fields = f;
	/* procps keeps 31 characters of a field name */
	f[o->nr_rc_fields] = strndup(tok, 31);
	if (!f[o->nr_rc_fields])
		return -ENOMEM;
	o->nr_rc_fields++;
	return 0;
}

/* The first token of a section line; warns when more follow. */
static char *first_token(char *s, int line)
{
	char *save = NULL, *tok = strtok_r(s, " \t", &save), *tail;

	if (tok) {
		tail = strtok_r(NULL, " \t", &save);
		if (tail && *tail != '#')
			warn_line("syntax error found in the config", line);
	}
	return tok;
}

static void one_line(struct pmap_opts *o, char *s, int line,
		     enum section *sec)
{
	char *tok;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s == '#' || *s == '\0')
		return;
	if (*s == '[') {
		if (!strncmp(s, "[Fields Display]", 16)) {
			s += 16;
			*sec = SEC_FIELDS;
		} else if (!strncmp(s, "[Mapping]", 9)) {
			s += 9;
			*sec = SEC_MAPPING;
		} else {
			while (*s != ']' && *s != '\0')
				s++;
			if (*s == ']') {
				*sec = SEC_UNSUPPORTED;
				warn_line("unsupported section found in the "
					  "config",
					  line);
				s++;
			} else {
				warn_line("syntax error found in the config",
					  line);
			}
		}
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '#' || *s == '\0')
			return;
		warn_line("syntax error found in the config", line);
	}
	switch (*sec) {
	case SEC_FIELDS:
		tok = first_token(s, line);
		if (tok)
			add_field(o, tok);
		break;
	case SEC_MAPPING:
		tok = first_token(s, line);
		if (tok && !strcmp(tok, "ShowPath"))
			o->showpath = !o->showpath;
		break;
	case SEC_UNSUPPORTED:
		break;
	default:
		warn_line("syntax error found in the config", line);
	}
}

int pmap_rc_read(struct pmap_opts *o, const char *path)
{
	struct vms_proc_buf b = {0};
	char *p, *nl, *end;
	enum section sec = SEC_NONE;
	int line = 0;

	if (vms_proc_read_path(path, &b))
		return 1;
	end = b.data + b.len;
	for (p = b.data; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		line++;
		*nl = '\0';
		if (nl - p >= RC_LINE_MAX) {
			/* procps reads 1024 bytes and drops the rest */
			warn_line("config line too long", line);
			p[RC_LINE_MAX] = '\0';
		}
		/* a NUL inside the line ends it, as with fgets */
		one_line(o, p, line, &sec);
	}
	vms_proc_buf_free(&b);
	return 0;
}

void pmap_rc_free(struct pmap_opts *o)
{
	for (size_t i = 0; i < o->nr_rc_fields; i++)
		free(o->rc_fields[i]);
	free(o->rc_fields);
	o->rc_fields = NULL;
	o->nr_rc_fields = 0;
}
