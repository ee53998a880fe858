// SPDX-License-Identifier: MIT
/*
 * udmabuf: u-dma-buf devices and dma-buf heaps from the shell.
 *
 *   udmabuf [--json] COMMAND [ARGS...]
 *
 * Each sub-command lives in its own file (cmd-*.c); this file finds it,
 * takes the global options and prints the help.
 */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#ifndef UDMABUF_VERSION
#define UDMABUF_VERSION "1.0.0"
#endif

static const struct cli_command *const cli_commands[] = {
	&cli_list, &cli_info, &cli_create, &cli_delete, &cli_alloc, &cli_sync, &cli_dump,
	&cli_load,
};

#define CLI_NCOMMANDS (sizeof(cli_commands) / sizeof(cli_commands[0]))

static void cli_help(FILE *f)
{
	size_t i;

	fprintf(f, "usage: udmabuf [--json] COMMAND [ARGS...]\n\n"
		"u-dma-buf devices (/dev/<name>) and dma-buf heaps (/dev/dma_heap/<name>).\n\n"
		"commands:\n");
	for (i = 0; i < CLI_NCOMMANDS; i++)
		fprintf(f, "  %s %s\n", cli_commands[i]->name, cli_commands[i]->usage);
	fprintf(f, "\noptions:\n"
		"  --json      machine-readable output (list, info, alloc)\n"
		"  --help      this help; 'udmabuf COMMAND --help' for one command\n"
		"  --version   the version\n\n"
		"Sizes take 4096, 0x1000, 4K, 4M, 1GiB (powers of 1024).\n"
		"Exit status: 0 success, 1 failure, 2 bad usage. See udmabuf(1).\n");
}

static void cli_command_help(const struct cli_command *c)
{
	printf("usage: udmabuf [--json] %s %s\n%s", c->name, c->usage, c->help);
}

static const struct cli_command *cli_find(const char *name)
{
	size_t i;

	for (i = 0; i < CLI_NCOMMANDS; i++) {
		if (!strcmp(cli_commands[i]->name, name))
			return cli_commands[i];
	}
	return NULL;
}

/* Removes the global --json wherever it is before a "--". */
static int cli_take_json(int argc, char **argv, bool *json)
{
	int i, n = 0;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--"))
			break;
		if (!strcmp(argv[i], "--json") || !strcmp(argv[i], "-j"))
			*json = true;
		else
			argv[n++] = argv[i];
	}
	for (; i < argc; i++)
		argv[n++] = argv[i];
	argv[n] = NULL;
	return n;
}

static int cli_wants_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
			return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct cli cli = { 0 };
	const struct cli_command *c;

	argc = cli_take_json(argc, argv, &cli.json);
	if (argc < 2)
		return cli_help(stderr), CLI_USAGE;
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help"))
		return cli_help(stdout), CLI_OK;
	if (!strcmp(argv[1], "--version"))
		return printf("udmabuf %s\n", UDMABUF_VERSION), CLI_OK;
	c = cli_find(argv[1]);
	if (!c)
		return cli_usage(&cli, "unknown command '%s'", argv[1]);
	cli.cmd = c->name;
	if (cli_wants_help(argc - 1, argv + 1))
		return cli_command_help(c), CLI_OK;
	optind = 0;
	return c->run(&cli, argc - 1, argv + 1);
}
