// SPDX-License-Identifier: GPL-2.0
/*
 * A large creation holds nobody up while it allocates.
 *
 *   mgr-overlap SIZE ROUNDS
 *
 * One thread creates a SIZE-byte device "big" through /dev/u-dma-buf-mgr
 * and deletes it again, ROUNDS times; meanwhile another creates a 4 KiB
 * device "small", checks its node, and deletes it (a lookup by name), over
 * and over, each through a file of its own. The big create's span is its
 * write(), the small ones' the whole create + check + delete, each taken
 * from CLOCK_MONOTONIC. PASS when three or more small cycles lie inside one
 * big create: the small device's creation, lookup and removal went through
 * the registry while the big one was being allocated. With the registry
 * locked across the allocation at most one can (in the moment between the
 * big write's timestamp and its taking the lock: a held lock measured 40
 * cycles, one of them inside; the unlocked code ~40 per creation); only the
 * order of the timestamps is checked, no duration. Every command must
 * succeed, and afterwards the statistics are back where they were.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "t.h"
#include "mgr.h"

struct span {
	uint64_t start, end;
};

static atomic_int big_done;
static struct span big[64];
static int big_rounds, big_bad;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static void *big_thread(void *arg)
{
	const char *create = arg;
	int i, err, fd;

	for (i = 0; i < big_rounds; i++) {
		/* The span is the write alone: the file is opened before. */
		fd = open(MGR_NODE, O_WRONLY);
		big[i].start = now_ns();
		err = fd < 0 ? -errno : mgr_write(fd, create);
		big[i].end = now_ns();
		if (fd >= 0)
			close(fd);
		if (!err)
			err = mgr_run("delete big\n");
		if (err) {
			printf("# big round %d: %s\n", i, strerror(-err));
			big_bad++;
			break;
		}
	}
	atomic_store(&big_done, 1);
	return NULL;
}

/* Which big creation [s.start, s.end] lies inside, or -1. */
static int inside_big(struct span s)
{
	int i;

	for (i = 0; i < big_rounds; i++)
		if (big[i].end && big[i].start < s.start && s.end < big[i].end)
			return i;
	return -1;
}

#define SMALL_MAX 100000

int main(int argc, char **argv)
{
	struct mgr_stats base = mgr_stats();
	static struct span smalls[SMALL_MAX];
	int i, n = 0, small_bad = 0, inside = 0, most = 0, per[64] = { 0 };
	char create[96];
	pthread_t t;

	if (argc != 3 || atoi(argv[2]) < 1 || atoi(argv[2]) > 64) {
		fprintf(stderr, "usage: mgr-overlap SIZE ROUNDS (1..64)\n");
		return 2;
	}
	big_rounds = atoi(argv[2]);
	snprintf(create, sizeof(create), "create big %s\n", argv[1]);
	if (pthread_create(&t, NULL, big_thread, create)) {
		t_check(0, "overlap: start the thread of the big device");
		return 1;
	}
	while (!atomic_load(&big_done) && n < SMALL_MAX) {
		smalls[n].start = now_ns();
		if (mgr_run("create small 4096\n") || !mgr_exists("/dev/%s", "small") ||
		    mgr_run("delete small\n")) {
			small_bad++;
			break;
		}
		smalls[n++].end = now_ns();
	}
	pthread_join(t, NULL);
	for (i = 0; i < n; i++) {
		int b = inside_big(smalls[i]);

		if (b < 0)
			continue;
		inside++;
		if (++per[b] > most)
			most = per[b];
	}
	t_check(!big_bad, "overlap: %d creates and deletes of a %s-byte device", big_rounds,
		argv[1]);
	t_check(!small_bad && n > 0, "overlap: %d creates, lookups and deletes of a 4 KiB device "
		"meanwhile, each as expected", n);
	/*
	 * Three in one creation, not one: a single cycle can slip into the
	 * moment between the big write's timestamp and its taking a lock.
	 */
	t_check(most >= 3, "overlap: %d of them began and ended while a %s-byte device was being "
		"created, %d within one creation (want 3 or more)", inside, argv[1], most);
	t_check(mgr_stats().buffers == base.buffers && mgr_stats().bytes == base.bytes,
		"overlap: statistics back where they were");
	return t_done();
}
