// SPDX-License-Identifier: GPL-2.0
/*
 * mgr-mapped NAME [OPTION]: "delete NAME" while NAME is open and mapped.
 *
 * Creates NAME (65636 bytes, OPTION appended to the create command, e.g.
 * quirk-mmap-page), maps it and keeps the file open, then deletes it:
 *   - /dev/NAME and /sys/class/u-dma-buf/NAME are gone at once;
 *   - the mapping keeps its data and takes writes, which the open file's
 *     read() sees, and the open file's write() and ioctls keep working,
 *     mmap() of it too; the memory is still counted in the statistics;
 *   - the name can be created again meanwhile: a fresh, zeroed buffer that
 *     does not disturb the old one;
 *   - after close() the mapping still works; after munmap() the statistics
 *     are back to what they were before.
 */
#include <sys/ioctl.h>

#include "u-dma-buf-ioctl.h"
#include "../core/core.h"
#include "mgr.h"

#define SIZE	65636UL

static char tag[64];

/* Runs "VERB NAME[ SIZE OPTION]" through the manager: a check named what. */
static void cmd(const char *verb, const char *name, const char *opt, const char *what)
{
	char text[300];
	int err;

	if (opt)
		snprintf(text, sizeof(text), "%s %s %lu %s\n", verb, name, SIZE, opt);
	else
		snprintf(text, sizeof(text), "%s %s\n", verb, name);
	err = mgr_run(text);
	if (!t_check(!err, "%s: %s", tag, what))
		printf("#   '%s' failed: %s\n", text, strerror(-err));
}

static int stats_are(struct mgr_stats s, unsigned long long buffers, unsigned long long bytes)
{
	if (s.buffers == buffers && s.bytes == bytes)
		return 1;
	printf("#   stats: buffers %llu bytes %llu, want buffers %llu bytes %llu\n",
	       s.buffers, s.bytes, buffers, bytes);
	return 0;
}

int main(int argc, char **argv)
{
	const char *name, *opt;
	struct mgr_stats base;
	size_t maplen = CORE_PAGE_ALIGN(SIZE);
	char *want, *got, *map, *map2;
	uint64_t v;
	int fd, fd2;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: mgr-mapped NAME [OPTION]\n");
		return 2;
	}
	name = argv[1];
	opt = argc > 2 ? argv[2] : "";
	snprintf(tag, sizeof(tag), "delete while mapped (%s)", *opt ? opt : "default");
	core_dev = name;
	want = malloc(maplen);
	got = malloc(maplen);
	if (!want || !got)
		core_die("malloc");

	base = mgr_stats();
	cmd("create", name, opt, "create");
	fd = core_open(O_RDWR);
	map = mmap(NULL, maplen, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		core_die("mmap");
	core_pattern(want, maplen, 1);
	core_to_map(map, want, maplen);

	cmd("delete", name, NULL, "delete succeeds while open and mapped");
	t_check(!mgr_exists("/dev/%s", name), "%s: /dev/%s is gone at once", tag, name);
	t_check(!mgr_exists("/sys/class/u-dma-buf/%s", name),
		"%s: /sys/class/u-dma-buf/%s is gone at once", tag, name);
	t_check(stats_are(mgr_stats(), base.buffers + 1, base.bytes + maplen),
		"%s: the memory is still counted while mapped", tag);

	core_from_map(got, map, maplen);
	t_check(core_diff(want, got, maplen) < 0, "%s: the mapping keeps its data", tag);
	core_pattern(want, maplen, 2);
	core_to_map(map, want, maplen);
	memset(got, 0, maplen);
	t_check(pread(fd, got, SIZE, 0) == (ssize_t)SIZE && core_diff(want, got, SIZE) < 0,
		"%s: the open file reads what the mapping wrote after delete", tag);
	core_pattern(want, maplen, 3);
	t_check(pwrite(fd, want, SIZE, 0) == (ssize_t)SIZE, "%s: write() after delete", tag);
	core_from_map(got, map, maplen);
	t_check(core_diff(want, got, SIZE) < 0, "%s: the mapping shows what write() wrote", tag);
	v = 0;
	t_check(!ioctl(fd, U_DMA_BUF_IOCTL_GET_SIZE, &v) && v == SIZE,
		"%s: GET_SIZE ioctl after delete", tag);
	map2 = mmap(NULL, maplen, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (t_check(map2 != MAP_FAILED, "%s: mmap() of the open file after delete", tag)) {
		core_from_map(got, map2, maplen);
		t_check(core_diff(want, got, SIZE) < 0, "%s: the new mapping shows the data", tag);
		munmap(map2, maplen);
	}

	/* The same name again, while the old buffer lives. */
	cmd("create", name, opt, "the name can be created again meanwhile");
	fd2 = core_open(O_RDWR);
	memset(got, 0xff, SIZE);
	t_check(pread(fd2, got, SIZE, 0) == (ssize_t)SIZE, "%s: read the new buffer", tag);
	memset(want, 0, SIZE);
	t_check(core_diff(want, got, SIZE) < 0, "%s: the new buffer is zeroed", tag);
	core_pattern(want, SIZE, 4);
	t_check(pwrite(fd2, want, SIZE, 0) == (ssize_t)SIZE, "%s: write the new buffer", tag);
	close(fd2);
	cmd("delete", name, NULL, "delete the new buffer");
	core_pattern(want, maplen, 3);
	core_from_map(got, map, maplen);
	t_check(core_diff(want, got, SIZE) < 0, "%s: the old mapping is undisturbed", tag);

	close(fd);
	core_from_map(got, map, maplen);
	t_check(core_diff(want, got, SIZE) < 0, "%s: the mapping works after close()", tag);
	t_check(stats_are(mgr_stats(), base.buffers + 1, base.bytes + maplen),
		"%s: still counted after close() while mapped", tag);
	t_check(!munmap(map, maplen), "%s: munmap", tag);
	t_check(stats_are(mgr_stats(), base.buffers, base.bytes),
		"%s: after munmap the memory is returned (stats as before)", tag);
	free(want);
	free(got);
	return t_done();
}
