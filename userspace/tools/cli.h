/* SPDX-License-Identifier: MIT */
/*
 * The udmabuf command: what its sub-commands share.
 * Exit status: 0 success, 1 the operation failed, 2 bad usage.
 */
#ifndef UDMABUF_TOOL_CLI_H
#define UDMABUF_TOOL_CLI_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>

#include "udmabuf.h"

#define CLI_OK 0
#define CLI_FAILED 1
#define CLI_USAGE 2

struct cli {
	bool json;
	const char *cmd;	/* the sub-command, for messages */
};

struct cli_command {
	const char *name;
	int (*run)(struct cli *cli, int argc, char **argv);
	const char *usage;	/* "NAME SIZE [options]" */
	const char *help;	/* the options, one per line */
};

extern const struct cli_command cli_list, cli_info, cli_create, cli_delete, cli_alloc,
	cli_sync, cli_dump, cli_load;

/* util.c */
int cli_usage(struct cli *cli, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int cli_fail(struct cli *cli, int err);
int cli_size(struct cli *cli, const char *what, const char *text, uint64_t *size);
/* getopt_long over ARGV (ARGV[0] the sub-command), stopping at help */
int cli_getopt(struct cli *cli, int argc, char **argv, const struct option *opts);
const char *cli_human(uint64_t bytes, char *buf, unsigned long size);
const char *cli_dir_name(int dir);
int cli_parse_dir(const char *text);

/* progress.c: a bar on stderr when it is a terminal */
struct cli_progress {
	bool on;
	uint64_t total;
	int shown;
};
void cli_progress_start(struct cli_progress *p, uint64_t total);
void cli_progress_update(struct cli_progress *p, uint64_t done);
void cli_progress_end(struct cli_progress *p);

#endif
