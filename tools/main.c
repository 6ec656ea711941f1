// SPDX-License-Identifier: MIT
/*
 * vmspace: the command-line front end.  Each subcommand lives in its own
 * tools/ file and is one entry of the table below.
 */
#include <stdio.h>
#include <string.h>

#include "vmspace.h"
#include "replay.h"
#include "pmap.h"

struct subcommand {
	const char *name;
	int (*main)(int argc, char **argv); /* argv[0] is the name */
	const char *summary;
};

static const struct subcommand subcommands[] = {
    {"replay", vms_replay_main,
     "apply an strace log or scenario to a model address space"},
    {"pmap", vms_pmap_main, "show a process's areas, as procps pmap"},
};

#define NR_SUBCOMMANDS (sizeof(subcommands) / sizeof(subcommands[0]))

static void usage(FILE *f)
{
	fputs("usage: vmspace COMMAND [ARGS...]\n"
	      "       vmspace --help | --version\n\ncommands:\n",
	      f);
	for (size_t i = 0; i < NR_SUBCOMMANDS; i++)
		fprintf(f, "  %-8s %s\n", subcommands[i].name,
			subcommands[i].summary);
	fputs("\n'vmspace COMMAND --help' describes a command.\n", f);
}

int main(int argc, char **argv)
{
	const char *base = argv[0] ? strrchr(argv[0], '/') : NULL;

	/* installed or linked as "pmap", the binary is that command */
	base = base ? base + 1 : argv[0];
	if (base && !strcmp(base, "pmap"))
		return vms_pmap_main(argc, argv);
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("vmspace %d.%d (model of Linux 6.18 memory areas)\n",
		       VMS_VERSION_MAJOR, VMS_VERSION_MINOR);
		return 0;
	}
	for (size_t i = 0; i < NR_SUBCOMMANDS; i++)
		if (!strcmp(argv[1], subcommands[i].name))
			return subcommands[i].main(argc - 1, argv + 1);
	fprintf(stderr, "vmspace: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return 2;
}
