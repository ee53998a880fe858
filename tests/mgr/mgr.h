/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the manager test programs: commands to /dev/u-dma-buf-mgr,
 * the debugfs statistics and /proc/meminfo.
 */
#ifndef UDMABUF_TEST_MGR_H
#define UDMABUF_TEST_MGR_H

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MGR_NODE	"/dev/u-dma-buf-mgr"
#define MGR_STATS	"/sys/kernel/debug/u-dma-buf/stats"

/* One write() of cmd on fd: 0, or -errno (-EIO for a short write). */
static inline int mgr_write(int fd, const char *cmd)
{
	size_t len = strlen(cmd);
	ssize_t n = write(fd, cmd, len);

	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

/* Runs cmd through a file of its own, closed afterwards: 0 or -errno. */
static inline int mgr_run(const char *cmd)
{
	int fd = open(MGR_NODE, O_WRONLY), err;

	if (fd < 0)
		return -errno;
	err = mgr_write(fd, cmd);
	if (close(fd) && !err)
		err = -errno;
	return err;
}

static inline int mgr_exists(const char *fmt, const char *name)
{
	char path[256];
	struct stat st;

	snprintf(path, sizeof(path), fmt, name);
	return !stat(path, &st);
}

struct mgr_stats {
	unsigned long long buffers, bytes;
};

/* The debugfs statistics; buffers = ~0 when they cannot be read. */
static inline struct mgr_stats mgr_stats(void)
{
	struct mgr_stats s = { ~0ULL, ~0ULL };
	FILE *f = fopen(MGR_STATS, "r");

	if (f) {
		if (fscanf(f, "buffers %llu bytes %llu", &s.buffers, &s.bytes) != 2)
			s.buffers = s.bytes = ~0ULL;
		fclose(f);
	}
	return s;
}

/* A /proc/meminfo value in bytes, 0 when absent. */
static inline unsigned long long mgr_meminfo(const char *key)
{
	char line[256];
	unsigned long long kb = 0;
	size_t klen = strlen(key);
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, key, klen) && line[klen] == ':') {
			sscanf(line + klen + 1, "%llu", &kb);
			break;
		}
	fclose(f);
	return kb * 1024;
}

#endif
