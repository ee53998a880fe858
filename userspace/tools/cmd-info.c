// SPDX-License-Identifier: MIT
/*
 * udmabuf info NAME: one device and/or the heap of that name.
 */
#include "cli.h"
#include "show.h"

#include <errno.h>
#include <stdio.h>

static void info_json(const struct udmabuf_info *d, const struct udmabuf_heap_info *h)
{
	struct json j;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	if (d)
		show_device_json(&j, "device", d);
	else
		json_null(&j, "device");
	if (h)
		show_heap_json(&j, "heap", h);
	else
		json_null(&j, "heap");
	json_end_object(&j);
	json_finish(&j);
}

static void info_text(const struct udmabuf_info *d, const struct udmabuf_heap_info *h)
{
	if (d)
		show_device_text(d);
	if (d && h)
		printf("\n");
	if (h)
		show_heap_text(h);
}

static int info_run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = { { 0 } };
	struct udmabuf_heap_info heap;
	struct udmabuf_info dev;
	int derr, herr;

	if (cli_getopt(cli, argc, argv, opts) != -1)
		return CLI_USAGE;
	if (optind + 1 != argc)
		return cli_usage(cli, optind < argc ? "one NAME only" : "which device? (NAME)");
	derr = udmabuf_device_info(argv[optind], &dev);
	herr = udmabuf_heap_info(argv[optind], &heap);
	if (derr == -EINVAL || derr == -ENAMETOOLONG)
		return cli_usage(cli, "%s", udmabuf_strerror(derr));
	if (derr && herr) {
		fprintf(stderr, "udmabuf info: %s: no u-dma-buf device or dma-buf heap of that name\n",
			argv[optind]);
		return CLI_FAILED;
	}
	if (cli->json)
		info_json(derr ? NULL : &dev, herr ? NULL : &heap);
	else
		info_text(derr ? NULL : &dev, herr ? NULL : &heap);
	return CLI_OK;
}

const struct cli_command cli_info = {
	.name = "info",
	.run = info_run,
	.usage = "NAME",
	.help = "Shows the device NAME (size, DMA address, coherency, sync and quirk modes,\n"
		"sync settings, users) and the heap /dev/dma_heap/NAME, whichever exist.\n",
};
