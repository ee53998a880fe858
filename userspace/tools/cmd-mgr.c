// SPDX-License-Identifier: MIT
/*
 * udmabuf create / delete: the run-time manager (/dev/u-dma-buf-mgr).
 */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int mgr_quirk(const char *text)
{
	static const char *const names[] = { NULL, "off", "on", "auto", "page" };
	int i;

	for (i = 1; i <= 4; i++) {
		if (!strcmp(text, names[i]))
			return i;
	}
	return -1;
}

static int mgr_number(const char *text, int *v)
{
	char *end;
	long n = strtol(text, &end, 0);

	if (!*text || *end || n < 0 || n > 1000)
		return -1;
	*v = (int)n;
	return 0;
}

/* The manager's own spellings: bus=, device=, dma-mask=, quirk-mmap-X, dma-heap */
static int mgr_keyword(struct cli *cli, const char *arg, struct udmabuf_create_opts *o)
{
	if (!strcmp(arg, "dma-heap"))
		return o->dma_heap = 1, 0;
	if (!strncmp(arg, "quirk-mmap-", 11) && (o->quirk_mmap = mgr_quirk(arg + 11)) > 0)
		return 0;
	if (!strncmp(arg, "bus=", 4))
		return o->bus = arg + 4, 0;
	if (!strncmp(arg, "device=", 7))
		return o->device = arg + 7, 0;
	if (!strncmp(arg, "dma-mask=", 9) && !mgr_number(arg + 9, &o->dma_mask))
		return 0;
	return cli_usage(cli, "unknown option '%s'", arg);
}

static int mgr_option(struct cli *cli, int c, struct udmabuf_create_opts *o)
{
	switch (c) {
	case 'b':
		o->bus = optarg;
		return 0;
	case 'd':
		o->device = optarg;
		return 0;
	case 'm':
		if (mgr_number(optarg, &o->dma_mask))
			return cli_usage(cli, "--dma-mask '%s' is not a number of bits", optarg);
		return 0;
	case 'q':
		o->quirk_mmap = mgr_quirk(optarg);
		if (o->quirk_mmap < 0)
			return cli_usage(cli, "--quirk-mmap '%s' is not off, on, auto or page",
					 optarg);
		return 0;
	case 'H':
		o->dma_heap = 1;
		return 0;
	}
	return CLI_USAGE;
}

static int create_run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "bus", required_argument, NULL, 'b' },
		{ "device", required_argument, NULL, 'd' },
		{ "dma-mask", required_argument, NULL, 'm' },
		{ "quirk-mmap", required_argument, NULL, 'q' },
		{ "dma-heap", no_argument, NULL, 'H' },
		{ 0 }
	};
	struct udmabuf_create_opts o = { 0 };
	uint64_t size;
	int c, i, err;

	while ((c = cli_getopt(cli, argc, argv, opts)) != -1) {
		if (c < 0 || mgr_option(cli, c, &o))
			return CLI_USAGE;
	}
	if (argc - optind < 2)
		return cli_usage(cli, "need NAME and SIZE");
	for (i = optind + 2; i < argc; i++) {
		if (mgr_keyword(cli, argv[i], &o))
			return CLI_USAGE;
	}
	if (cli_size(cli, "SIZE", argv[optind + 1], &size))
		return CLI_USAGE;
	err = udmabuf_create(argv[optind], size, &o);
	return err ? cli_fail(cli, err) : CLI_OK;
}

static int delete_run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = { { 0 } };
	int i, err, rc = CLI_OK;

	if (cli_getopt(cli, argc, argv, opts) != -1)
		return CLI_USAGE;
	if (optind >= argc)
		return cli_usage(cli, "which device? (NAME...)");
	for (i = optind; i < argc; i++) {
		err = udmabuf_delete(argv[i]);
		if (err)
			rc = cli_fail(cli, err);
	}
	return rc;
}

const struct cli_command cli_create = {
	.name = "create",
	.run = create_run,
	.usage = "NAME SIZE [options]",
	.help = "Creates the device NAME of SIZE bytes through /dev/u-dma-buf-mgr.\n"
		"  --bus BUS          the parent's bus: platform, pci, pci_express, amba (bus=)\n"
		"  --device DEV       the parent device whose DMA API gives the memory (device=)\n"
		"  --dma-mask BITS    DMA mask width 12..64 (dma-mask=)\n"
		"  --quirk-mmap MODE  off, on, auto or page (quirk-mmap-MODE)\n"
		"  --dma-heap         also create /dev/dma_heap/NAME (dma-heap)\n",
};

const struct cli_command cli_delete = {
	.name = "delete",
	.run = delete_run,
	.usage = "NAME...",
	.help = "Deletes devices through /dev/u-dma-buf-mgr; open files, mappings and\n"
		"exports of them stay valid until closed.\n",
};
