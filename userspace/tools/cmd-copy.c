// SPDX-License-Identifier: MIT
/*
 * udmabuf dump NAME FILE / load FILE NAME: a device's bytes to a file and
 * back, through read()/write() of /dev/NAME. dump syncs the range for the
 * CPU first, load syncs it for the device afterwards. FILE may be "-".
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define COPY_CHUNK (1 << 20)

struct copy {
	struct cli *cli;
	struct udmabuf *dev;
	int file;
	const char *path;
	uint64_t off, size;
	char *buf;
};

static int copy_write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n) {
		w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return w < 0 ? -errno : -ENOSPC;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int copy_out(struct copy *c)
{
	struct cli_progress pr;
	uint64_t done = 0;
	ssize_t n;
	int err;

	cli_progress_start(&pr, c->size);
	while (done < c->size) {
		n = pread(udmabuf_fd(c->dev), c->buf, c->size - done > COPY_CHUNK ? COPY_CHUNK :
			  c->size - done, (off_t)(c->off + done));
		if (n <= 0 || (err = copy_write_all(c->file, c->buf, (size_t)n))) {
			cli_progress_end(&pr);
			fprintf(stderr, "udmabuf dump: %s: %s\n", n <= 0 ? udmabuf_name(c->dev) :
				c->path, n < 0 ? strerror(errno) : n ? strerror(-err) : "short read");
			return CLI_FAILED;
		}
		done += (uint64_t)n;
		cli_progress_update(&pr, done);
	}
	cli_progress_end(&pr);
	return CLI_OK;
}

static int copy_in(struct copy *c, uint64_t *done)
{
	struct cli_progress pr;
	ssize_t n;
	int err;

	*done = 0;
	cli_progress_start(&pr, c->size);
	while ((n = read(c->file, c->buf, COPY_CHUNK)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || *done + (uint64_t)n > c->size) {
			cli_progress_end(&pr);
			fprintf(stderr, "udmabuf load: %s: %s\n", c->path, n < 0 ? strerror(errno) :
				"larger than the room in the device");
			return CLI_FAILED;
		}
		err = (int)pwrite(udmabuf_fd(c->dev), c->buf, (size_t)n, (off_t)(c->off + *done));
		if (err != n) {
			cli_progress_end(&pr);
			fprintf(stderr, "udmabuf load: %s: %s\n", udmabuf_name(c->dev),
				err < 0 ? strerror(errno) : "short write");
			return CLI_FAILED;
		}
		*done += (uint64_t)n;
		cli_progress_update(&pr, *done);
	}
	cli_progress_end(&pr);
	return CLI_OK;
}

/* --offset and --size; the range must lie inside the device */
static int copy_options(struct copy *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "offset", required_argument, NULL, 'o' },
		{ "size", required_argument, NULL, 's' },
		{ 0 }
	};
	int o;

	while ((o = cli_getopt(c->cli, argc, argv, opts)) != -1) {
		if (o == 'o' && !cli_size(c->cli, "--offset", optarg, &c->off))
			continue;
		if (o == 's' && !cli_size(c->cli, "--size", optarg, &c->size))
			continue;
		return CLI_USAGE;
	}
	if (argc - optind != 2)
		return cli_usage(c->cli, "need %s", strcmp(c->cli->cmd, "dump") ? "FILE and NAME" :
				 "NAME and FILE");
	return CLI_OK;
}

static int copy_open(struct copy *c, const char *name, int flags)
{
	uint64_t total;
	int err = udmabuf_open(name, flags, &c->dev);

	if (err)
		return cli_fail(c->cli, err);
	total = udmabuf_size(c->dev);
	if (c->off > total || c->size > total - c->off) {
		fprintf(stderr, "udmabuf %s: %s: range 0x%llx + 0x%llx is past the end of the "
			"%llu-byte buffer\n", c->cli->cmd, name, (unsigned long long)c->off,
			(unsigned long long)c->size, (unsigned long long)total);
		return CLI_FAILED;
	}
	if (!c->size)
		c->size = total - c->off;
	c->buf = malloc(COPY_CHUNK);
	if (!c->buf)
		return cli_fail(c->cli, -ENOMEM);
	return CLI_OK;
}

static int copy_file(struct copy *c, const char *path, int flags, int std)
{
	c->path = path;
	c->file = strcmp(path, "-") ? open(path, flags | O_CLOEXEC, 0666) : std;
	if (c->file < 0) {
		fprintf(stderr, "udmabuf %s: %s: %s\n", c->cli->cmd, path, strerror(errno));
		return CLI_FAILED;
	}
	return CLI_OK;
}

static void copy_cleanup(struct copy *c)
{
	if (c->file > STDERR_FILENO)
		close(c->file);
	free(c->buf);
	udmabuf_close(c->dev);
}

static int dump_run(struct cli *cli, int argc, char **argv)
{
	struct copy c = { .cli = cli, .file = -1 };
	int rc, err;

	rc = copy_options(&c, argc, argv);
	rc = rc ?: copy_open(&c, argv[optind], O_RDONLY);
	rc = rc ?: copy_file(&c, argv[optind + 1], O_WRONLY | O_CREAT | O_TRUNC, STDOUT_FILENO);
	if (!rc && (err = udmabuf_sync_for_cpu(c.dev, c.off, c.size, UDMABUF_DIR_FROM_DEVICE)))
		rc = cli_fail(cli, err);
	rc = rc ?: copy_out(&c);
	if (!rc && c.file > STDERR_FILENO && close(c.file)) {
		fprintf(stderr, "udmabuf dump: %s: %s\n", c.path, strerror(errno));
		rc = CLI_FAILED;
	}
	if (!rc)
		c.file = -1;
	copy_cleanup(&c);
	return rc;
}

static int load_check(struct copy *c)
{
	struct stat st;

	if (fstat(c->file, &st) || !S_ISREG(st.st_mode) || (uint64_t)st.st_size <= c->size)
		return CLI_OK;
	fprintf(stderr, "udmabuf load: %s is %llu bytes, more than the %llu bytes from offset "
		"0x%llx of %s\n", c->path, (unsigned long long)st.st_size,
		(unsigned long long)c->size, (unsigned long long)c->off, udmabuf_name(c->dev));
	return CLI_FAILED;
}

static int load_run(struct cli *cli, int argc, char **argv)
{
	struct copy c = { .cli = cli, .file = -1 };
	uint64_t done = 0;
	int rc, err;

	rc = copy_options(&c, argc, argv);
	rc = rc ?: copy_open(&c, argv[optind + 1], O_WRONLY);
	rc = rc ?: copy_file(&c, argv[optind], O_RDONLY, STDIN_FILENO);
	rc = rc ?: load_check(&c);
	rc = rc ?: copy_in(&c, &done);
	if (!rc && done && (err = udmabuf_sync_for_device(c.dev, c.off, done,
							  UDMABUF_DIR_TO_DEVICE)))
		rc = cli_fail(cli, err);
	copy_cleanup(&c);
	return rc;
}

const struct cli_command cli_dump = {
	.name = "dump",
	.run = dump_run,
	.usage = "NAME FILE [--offset N] [--size N]",
	.help = "Copies the device's bytes (after a sync for the CPU) into FILE (- for stdout).\n"
		"Shows a progress bar when stderr is a terminal.\n"
		"  --offset N   first byte (default 0)\n"
		"  --size N     bytes (default: to the end)\n",
};

const struct cli_command cli_load = {
	.name = "load",
	.run = load_run,
	.usage = "FILE NAME [--offset N] [--size N]",
	.help = "Copies FILE (- for stdin) into the device, then syncs it for the device.\n"
		"A FILE larger than the room from the offset is refused before anything is\n"
		"written. Shows a progress bar when stderr is a terminal.\n"
		"  --offset N   where in the device (default 0)\n"
		"  --size N     at most this many bytes (default: to the end)\n",
};
