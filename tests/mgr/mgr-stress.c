// SPDX-License-Identifier: GPL-2.0
/*
 * Many commands to /dev/u-dma-buf-mgr.
 *
 *   mgr-stress cycles N      N create/delete cycles of one name, with sizes
 *                            and options varying (every quirk-mmap option,
 *                            dma-heap): every command succeeds, the node
 *                            comes and goes each time, and afterwards the
 *                            statistics are what they were and free memory
 *                            is back (within 16 MiB). N > 256 also shows
 *                            that minor numbers are not lost.
 *   mgr-stress concurrent P N
 *                            P processes, each with a file of its own, N
 *                            rounds each: a command split over three
 *                            writes, several commands in one write, and a
 *                            create/delete race on a shared name (each
 *                            command succeeds or fails with EEXIST/ENODEV
 *                            only; successful creates and deletes pair up).
 *                            Afterwards nothing is left.
 */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "t.h"
#include "mgr.h"

static const char * const options[] = {
	"", "quirk-mmap-off", "quirk-mmap-on", "quirk-mmap-auto", "quirk-mmap-page",
	"dma-heap", "quirk-mmap-page dma-heap",
};

static int stats_equal(struct mgr_stats a, struct mgr_stats b)
{
	return a.buffers == b.buffers && a.bytes == b.bytes;
}

static int cycles(int n)
{
	struct mgr_stats base = mgr_stats(), after;
	unsigned long long free0 = mgr_meminfo("MemFree"), free1;
	char text[128], first[256] = "";
	int i, bad = 0, fd = open(MGR_NODE, O_WRONLY);

	if (fd < 0) {
		printf("FAIL: cycles: open %s: %s\n", MGR_NODE, strerror(errno));
		return 1;
	}
	for (i = 0; i < n; i++) {
		const char *opt = options[i % (sizeof(options) / sizeof(options[0]))];
		unsigned long size = 4096UL * (1 + (unsigned long)(i * 37 % 64)) + (unsigned long)i;
		int heap = strstr(opt, "dma-heap") != NULL, err;
		const char *why = NULL;

		snprintf(text, sizeof(text), "create cyc %lu %s\n", size, opt);
		err = mgr_write(fd, text);
		if (err)
			why = "create failed";
		else if (!mgr_exists("/dev/%s", "cyc"))
			why = "no /dev/cyc after create";
		else if (heap != mgr_exists("/dev/dma_heap/%s", "cyc"))
			why = heap ? "no /dev/dma_heap/cyc" : "a /dev/dma_heap/cyc without dma-heap";
		if (!why) {
			err = mgr_write(fd, "delete cyc\n");
			if (err)
				why = "delete failed";
			else if (mgr_exists("/dev/%s", "cyc") || mgr_exists("/dev/dma_heap/%s", "cyc"))
				why = "a node is left after delete";
		}
		if (why) {
			if (!bad++)
				snprintf(first, sizeof(first), "cycle %d ('%.*s'): %s (%s)", i,
					 (int)strlen(text) - 1, text, why, err ? strerror(-err) : "");
			mgr_write(fd, "delete cyc\n");
		}
	}
	close(fd);
	if (!t_check(!bad, "cycles: %d create/delete cycles all succeed", n))
		printf("#   %d failed; first: %s\n", bad, first);
	after = mgr_stats();
	if (!t_check(stats_equal(after, base), "cycles: statistics back to where they were"))
		printf("#   buffers %llu bytes %llu, before buffers %llu bytes %llu\n",
		       after.buffers, after.bytes, base.buffers, base.bytes);
	free1 = mgr_meminfo("MemFree");
	if (!t_check(free1 + (16ULL << 20) >= free0, "cycles: free memory back (within 16 MiB)"))
		printf("#   MemFree %llu before, %llu after\n", free0, free1);
	return t_done();
}

struct counts {
	long shared_created, shared_deleted, bad;
	char first[160];
};

/* A write and its expected outcome; counts and remembers surprises. */
static int expect(struct counts *c, int me, int fd, const char *text, int want1, int want2)
{
	int err = mgr_write(fd, text);

	if (err != want1 && err != want2) {
		if (!c[me].bad++)
			snprintf(c[me].first, sizeof(c[me].first),
				 "'%.60s': %s", text, err ? strerror(-err) : "success");
	}
	return err;
}

static void worker(struct counts *c, int me, int rounds)
{
	char text[256], name[32];
	int fd = open(MGR_NODE, O_WRONLY), i;

	if (fd < 0) {
		c[me].bad++;
		snprintf(c[me].first, sizeof(c[me].first), "open: %s", strerror(errno));
		return;
	}
	for (i = 0; i < rounds; i++) {
		snprintf(name, sizeof(name), "p%d_%d", me, i);
		/* One command over three writes: other files' data must not mix in. */
		snprintf(text, sizeof(text), "create %s", name);
		expect(c, me, fd, text, 0, 0);
		expect(c, me, fd, " 40", 0, 0);
		expect(c, me, fd, "96 quirk-mmap-page\n", 0, 0);
		if (!mgr_exists("/dev/%s", name) && !c[me].bad++)
			snprintf(c[me].first, sizeof(c[me].first),
				 "no /dev/%s after create", name);
		/* Several commands in one write. */
		snprintf(text, sizeof(text), "delete %s;create %s 8192;delete %s\n", name, name,
			 name);
		expect(c, me, fd, text, 0, 0);
		if (mgr_exists("/dev/%s", name) && !c[me].bad++)
			snprintf(c[me].first, sizeof(c[me].first),
				 "/dev/%s left after delete", name);
		/* The race on one name. */
		if (!expect(c, me, fd, "create shared 4096\n", 0, -EEXIST))
			c[me].shared_created++;
		if (!expect(c, me, fd, "delete shared\n", 0, -ENODEV))
			c[me].shared_deleted++;
	}
	close(fd);
}

static int concurrent(int procs, int rounds)
{
	struct mgr_stats base = mgr_stats(), after;
	struct counts *c = mmap(NULL, sizeof(*c) * procs, PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	long created = 0, deleted = 0;
	int i, status, left;

	if (c == MAP_FAILED) {
		printf("FAIL: concurrent: mmap: %s\n", strerror(errno));
		return 1;
	}
	memset(c, 0, sizeof(*c) * procs);
	fflush(stdout);
	for (i = 0; i < procs; i++) {
		pid_t pid = fork();

		if (pid == 0) {
			worker(c, i, rounds);
			_exit(0);
		}
		if (pid < 0) {
			printf("FAIL: concurrent: fork: %s\n", strerror(errno));
			return 1;
		}
	}
	for (i = 0; i < procs; i++) {
		if (wait(&status) < 0 || !WIFEXITED(status) || WEXITSTATUS(status))
			t_check(0, "concurrent: a writer process ended abnormally");
	}
	for (i = 0; i < procs; i++) {
		if (!t_check(!c[i].bad, "concurrent: writer %d: %d rounds, every command as expected",
			     i, rounds))
			printf("#   %ld unexpected; first: %s\n", c[i].bad, c[i].first);
		created += c[i].shared_created;
		deleted += c[i].shared_deleted;
	}
	left = mgr_exists("/dev/%s", "shared");
	if (left)
		mgr_run("delete shared\n");
	if (!t_check(created == deleted + left && created > 0,
		     "concurrent: creates and deletes of the shared name pair up"))
		printf("#   %ld created, %ld deleted, %d left\n", created, deleted, left);
	after = mgr_stats();
	if (!t_check(stats_equal(after, base), "concurrent: statistics back to where they were"))
		printf("#   buffers %llu bytes %llu, before buffers %llu bytes %llu\n",
		       after.buffers, after.bytes, base.buffers, base.bytes);
	munmap(c, sizeof(*c) * procs);
	return t_done();
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "cycles"))
		return cycles(atoi(argv[2]));
	if (argc == 4 && !strcmp(argv[1], "concurrent"))
		return concurrent(atoi(argv[2]), atoi(argv[3]));
	fprintf(stderr, "usage: mgr-stress cycles N | concurrent PROCS ROUNDS\n");
	return 2;
}
