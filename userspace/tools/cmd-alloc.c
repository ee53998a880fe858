// SPDX-License-Identifier: MIT
/*
 * udmabuf alloc [--heap NAME] SIZE [-- COMMAND...]: a buffer from a
 * dma-buf heap; shows its fd and DMA address, and with a COMMAND holds it
 * while the command runs (the command inherits the fd).
 */
#include "cli.h"
#include "json.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

struct alloc_result {
	const char *heap;
	int fd;
	uint64_t size;
	uint64_t addr;
	int have_addr;
};

static void alloc_show(struct cli *cli, const struct alloc_result *r)
{
	struct json j;

	if (!cli->json) {
		printf("heap:        %s\nsize:        %llu\nfd:          %d\n", r->heap,
		       (unsigned long long)r->size, r->fd);
		if (r->have_addr)
			printf("dma address: 0x%016llx\n", (unsigned long long)r->addr);
		else
			printf("dma address: unknown (not a u-dma-buf heap)\n");
		fflush(stdout);
		return;
	}
	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_string(&j, "heap", r->heap);
	json_u64(&j, "size", r->size);
	json_int(&j, "fd", r->fd);
	if (r->have_addr)
		json_u64(&j, "dma_addr", r->addr);
	else
		json_null(&j, "dma_addr");
	json_end_object(&j);
	json_finish(&j);
}

/* Runs ARGV with the buffer's fd inherited and UDMABUF_FD etc. set. */
static int alloc_hold(struct cli *cli, const struct alloc_result *r, char **argv)
{
	char v[32];
	pid_t pid;
	int st;

	fcntl(r->fd, F_SETFD, 0);
	snprintf(v, sizeof(v), "%d", r->fd);
	setenv("UDMABUF_FD", v, 1);
	snprintf(v, sizeof(v), "%llu", (unsigned long long)r->size);
	setenv("UDMABUF_SIZE", v, 1);
	if (r->have_addr) {
		snprintf(v, sizeof(v), "0x%llx", (unsigned long long)r->addr);
		setenv("UDMABUF_DMA_ADDR", v, 1);
	}
	pid = fork();
	if (pid < 0)
		return perror("udmabuf alloc: fork"), CLI_FAILED;
	if (!pid) {
		execvp(argv[0], argv);
		fprintf(stderr, "udmabuf %s: %s: %s\n", cli->cmd, argv[0], strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR)
			return perror("udmabuf alloc: waitpid"), CLI_FAILED;
	}
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static int alloc_split(int argc, char **argv, char ***cmd)
{
	int i;

	*cmd = NULL;
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--")) {
			argv[i] = NULL;
			*cmd = argv + i + 1;
			return i;
		}
	}
	return argc;
}

static int alloc_run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = { { "heap", required_argument, NULL, 'H' }, { 0 } };
	struct alloc_result r = { .heap = "udmabuf" };
	struct udmabuf_dmabuf *buf;
	char **cmd;
	int c, err, rc;

	argc = alloc_split(argc, argv, &cmd);
	while ((c = cli_getopt(cli, argc, argv, opts)) != -1) {
		if (c != 'H')
			return CLI_USAGE;
		r.heap = optarg;
	}
	if (optind + 1 != argc)
		return cli_usage(cli, optind < argc ? "one SIZE only" : "how much? (SIZE)");
	if (cmd && !*cmd)
		return cli_usage(cli, "no COMMAND after '--'");
	if (cli_size(cli, "SIZE", argv[optind], &r.size))
		return CLI_USAGE;
	err = udmabuf_heap_alloc(r.heap, r.size, O_RDWR, &buf);
	if (err)
		return cli_fail(cli, err);
	r.fd = udmabuf_dmabuf_fd(buf);
	r.size = udmabuf_dmabuf_size(buf);
	r.have_addr = !udmabuf_dmabuf_dma_addr(buf, &r.addr);
	alloc_show(cli, &r);
	rc = cmd ? alloc_hold(cli, &r, cmd) : CLI_OK;
	udmabuf_dmabuf_close(buf);
	return rc;
}

const struct cli_command cli_alloc = {
	.name = "alloc",
	.run = alloc_run,
	.usage = "[--heap NAME] SIZE [-- COMMAND [ARG...]]",
	.help = "Allocates SIZE bytes from /dev/dma_heap/NAME (default udmabuf) and shows the\n"
		"dma-buf's fd, size and DMA address. With a COMMAND, runs it holding the buffer:\n"
		"it inherits the fd, named in UDMABUF_FD (UDMABUF_SIZE, UDMABUF_DMA_ADDR too),\n"
		"and udmabuf exits with its status.\n"
		"  --heap NAME   a heap in /dev/dma_heap, or a path\n",
};
