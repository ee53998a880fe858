// SPDX-License-Identifier: MIT
/*
 * udmabuf list: every device and every heap, as a table or JSON.
 */
#include "cli.h"
#include "show.h"

#include <stdio.h>

static void list_table_device(const struct udmabuf_info *d)
{
	char size[32], addr[24];

	snprintf(addr, sizeof(addr), "0x%016llx", (unsigned long long)d->dma_addr);
	printf("%-16s %-11s %-10s %-18s %-8s %-9d %d\n", d->name, "device",
	       cli_human(d->size, size, sizeof(size)), addr, d->dma_coherent ? "yes" : "no",
	       d->sync_mode, show_users(d->name));
}

static void list_table_heap(const struct udmabuf_heap_info *h)
{
	char size[32] = "-", addr[24] = "-", users[24] = "-";

	if (h->size)
		cli_human(h->size, size, sizeof(size));
	if (h->dma_addr != UDMABUF_NO_ADDR)
		snprintf(addr, sizeof(addr), "0x%016llx", (unsigned long long)h->dma_addr);
	if (h->ours)
		snprintf(users, sizeof(users), "%llu", (unsigned long long)h->buffers_in_use);
	printf("%-16s %-11s %-10s %-18s %-8s %-9s %s\n", h->name, show_heap_kind(h), size, addr,
	       "-", "-", users);
}

static void list_table(const struct udmabuf_info *devs, size_t ndevs,
		       const struct udmabuf_heap_info *heaps, size_t nheaps)
{
	size_t i;

	printf("%-16s %-11s %-10s %-18s %-8s %-9s %s\n", "NAME", "TYPE", "SIZE",
	       "DMA ADDRESS", "COHERENT", "SYNC MODE", "USERS");
	for (i = 0; i < ndevs; i++)
		list_table_device(&devs[i]);
	for (i = 0; i < nheaps; i++)
		list_table_heap(&heaps[i]);
}

static void list_json(const struct udmabuf_info *devs, size_t ndevs,
		      const struct udmabuf_heap_info *heaps, size_t nheaps)
{
	struct json j;
	size_t i;

	json_init(&j, stdout);
	json_begin_object(&j, NULL);
	json_begin_array(&j, "devices");
	for (i = 0; i < ndevs; i++)
		show_device_json(&j, NULL, &devs[i]);
	json_end_array(&j);
	json_begin_array(&j, "heaps");
	for (i = 0; i < nheaps; i++)
		show_heap_json(&j, NULL, &heaps[i]);
	json_end_array(&j);
	json_end_object(&j);
	json_finish(&j);
}

static int list_run(struct cli *cli, int argc, char **argv)
{
	static const struct option opts[] = { { 0 } };
	struct udmabuf_heap_info *heaps;
	struct udmabuf_info *devs;
	size_t ndevs, nheaps;
	int err, c;

	while ((c = cli_getopt(cli, argc, argv, opts)) != -1)
		return CLI_USAGE;
	if (optind < argc)
		return cli_usage(cli, "unexpected '%s'", argv[optind]);
	err = udmabuf_device_list(&devs, &ndevs);
	if (err)
		return cli_fail(cli, err);
	err = udmabuf_heap_list(&heaps, &nheaps);
	if (err) {
		udmabuf_list_free(devs);
		return cli_fail(cli, err);
	}
	if (cli->json)
		list_json(devs, ndevs, heaps, nheaps);
	else
		list_table(devs, ndevs, heaps, nheaps);
	udmabuf_list_free(devs);
	udmabuf_list_free(heaps);
	return CLI_OK;
}

const struct cli_command cli_list = {
	.name = "list",
	.run = list_run,
	.usage = "",
	.help = "Lists every u-dma-buf device and every node in /dev/dma_heap: name, type\n"
		"(device, heap, sub-heap, other heap), size, DMA address, coherency, sync mode\n"
		"and users (processes with the device open or mapped; a heap's live buffers).\n",
};
