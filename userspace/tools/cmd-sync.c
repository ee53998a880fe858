// SPDX-License-Identifier: MIT
/*
 * udmabuf sync NAME cpu|device [--offset N] [--size N] [--dir DIR]
 */
#include "cli.h"

#include <fcntl.h>
#include <string.h>

static int sync_run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "offset", required_argument, NULL, 'o' },
		{ "size", required_argument, NULL, 's' },
		{ "dir", required_argument, NULL, 'd' },
		{ 0 }
	};
	uint64_t off = 0, size = 0;
	struct udmabuf *dev;
	int c, err, dir = 0;
	bool for_device;

	while ((c = cli_getopt(cli, argc, argv, opts)) != -1) {
		if (c == 'o' && !cli_size(cli, "--offset", optarg, &off))
			continue;
		if (c == 's' && !cli_size(cli, "--size", optarg, &size))
			continue;
		if (c == 'd' && (dir = cli_parse_dir(optarg)) >= 0)
			continue;
		if (c == 'd')
			return cli_usage(cli, "--dir '%s' is not bidirectional, to-device or "
					 "from-device (0, 1, 2)", optarg);
		return CLI_USAGE;
	}
	if (argc - optind != 2)
		return cli_usage(cli, "need NAME and cpu or device");
	if (strcmp(argv[optind + 1], "cpu") && strcmp(argv[optind + 1], "device"))
		return cli_usage(cli, "'%s' is not cpu or device", argv[optind + 1]);
	for_device = !strcmp(argv[optind + 1], "device");
	err = udmabuf_open(argv[optind], O_RDONLY, &dev);
	if (err)
		return cli_fail(cli, err);
	err = for_device ? udmabuf_sync_for_device(dev, off, size, dir) :
			   udmabuf_sync_for_cpu(dev, off, size, dir);
	udmabuf_close(dev);
	return err ? cli_fail(cli, err) : CLI_OK;
}

const struct cli_command cli_sync = {
	.name = "sync",
	.run = sync_run,
	.usage = "NAME cpu|device [--offset N] [--size N] [--dir DIR]",
	.help = "Gives a byte range of the device to the CPU (before it reads what the device\n"
		"wrote) or to the device (before it reads what the CPU wrote). Coherent devices\n"
		"need nothing and the kernel does nothing for them.\n"
		"  --offset N   first byte (default 0)\n"
		"  --size N     bytes (default: to the end)\n"
		"  --dir DIR    bidirectional (default), to-device, from-device (or 0, 1, 2)\n",
};
