// SPDX-License-Identifier: MIT
/*
 * udmabuf command: messages, exit statuses, sizes and option parsing.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int cli_usage(struct cli *cli, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "udmabuf%s%s: ", cli->cmd ? " " : "", cli->cmd ? cli->cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'udmabuf %s%s--help'.\n", cli->cmd ? cli->cmd : "",
		cli->cmd ? " " : "");
	return CLI_USAGE;
}

int cli_fail(struct cli *cli, int err)
{
	const char *msg = udmabuf_strerror(err);
	size_t len = cli->cmd ? strlen(cli->cmd) : 0;

	/* the library's text may start with the verb already ("create x: ...") */
	if (len && !strncmp(msg, cli->cmd, len) && msg[len] == ' ')
		fprintf(stderr, "udmabuf: %s\n", msg);
	else
		fprintf(stderr, "udmabuf%s%s: %s\n", len ? " " : "", len ? cli->cmd : "", msg);
	return CLI_FAILED;
}

int cli_size(struct cli *cli, const char *what, const char *text, uint64_t *size)
{
	int err = udmabuf_parse_size(text, size);

	if (err)
		return cli_usage(cli, "%s: %s", what, udmabuf_strerror(err));
	return 0;
}

int cli_getopt(struct cli *cli, int argc, char **argv, const struct option *opts)
{
	int c;

	opterr = 0;
	c = getopt_long(argc, argv, ":h", opts, NULL);
	if (c == ':')
		return cli_usage(cli, "option '%s' needs a value", argv[optind - 1]), -2;
	if (c == '?')
		return cli_usage(cli, "unknown option '%s'", argv[optind - 1]), -2;
	return c;
}

const char *cli_human(uint64_t bytes, char *buf, unsigned long size)
{
	static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	int u = 0;

	while (u < 6 && bytes && !(bytes & 1023)) {
		bytes >>= 10;
		u++;
	}
	snprintf(buf, size, "%llu %s", (unsigned long long)bytes, units[u]);
	return buf;
}

static const char *const cli_dirs[] = { "bidirectional", "to-device", "from-device" };

const char *cli_dir_name(int dir)
{
	return dir >= 0 && dir <= 2 ? cli_dirs[dir] : "?";
}

/* "bidirectional"/"bidi"/"0", "to-device"/"1", "from-device"/"2"; else -1 */
int cli_parse_dir(const char *text)
{
	int i;

	if (!strcmp(text, "bidi"))
		return 0;
	for (i = 0; i < 3; i++) {
		if (!strcmp(text, cli_dirs[i]) || (text[0] == '0' + i && !text[1]))
			return i;
	}
	return -1;
}
