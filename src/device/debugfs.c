// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: /sys/kernel/debug/u-dma-buf/stats, the number of buffers
 * alive and their bytes (every device, mapping, export and heap allocation
 * included), so tests and administrators can see memory come back; and
 * .../pins, the pins importers hold on our dma-bufs.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "buffer/buffer.h"
#include "device/debugfs.h"
#include "export/export.h"

static struct dentry *udmabuf_debugfs_dir;

static int udmabuf_stats_show(struct seq_file *m, void *unused)
{
	unsigned long buffers;
	u64 bytes;

	udmabuf_buffer_stats(&buffers, &bytes);
	seq_printf(m, "buffers %lu\nbytes %llu\n", buffers, bytes);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(udmabuf_stats);

static int udmabuf_pins_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "%ld\n", udmabuf_export_pins());
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(udmabuf_pins);

void udmabuf_debugfs_init(void)
{
	udmabuf_debugfs_dir = debugfs_create_dir("u-dma-buf", NULL);
	debugfs_create_file("stats", 0444, udmabuf_debugfs_dir, NULL, &udmabuf_stats_fops);
	debugfs_create_file("pins", 0444, udmabuf_debugfs_dir, NULL, &udmabuf_pins_fops);
}

void udmabuf_debugfs_exit(void)
{
	debugfs_remove_recursive(udmabuf_debugfs_dir);
}
