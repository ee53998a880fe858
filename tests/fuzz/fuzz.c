// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz: a seeded, replayable random-sequence fuzzer of u-dma-buf's user
 * interfaces (issue 18), run as root in a guest with both modules loaded.
 *
 *   fuzz [--seed S] [--time SECONDS] [--steps N] [--epoch E] [--epoch-len L]
 *        [--skip CLASS,...] [--enable CLASS,...] [--known-bugs] [--keep-going]
 *        [--slack KIB] [--paranoid] [-v]
 *
 * A run is a sequence of epochs of L steps (default 300). Each step is one
 * random action (fz-*.h: manager commands, opens, ioctls, exports, heap
 * allocations, mappings, data through mappings and system calls, fork,
 * sysfs stores, imports into vgem, deletes and rmmod while everything is
 * held) checked against a model of the ABI; after every step the kernel
 * log is read. At the end of an
 * epoch everything is released and the oracles run: the canary device's
 * data, the debugfs and heap counters back to the baseline, MemFree within
 * the slack. Epochs are seeded from (seed, epoch), so "--seed S --epoch E"
 * replays epoch E alone. The first failure prints
 * "FUZZ FAIL seed=S epoch=E step=N: what", the last steps and the replay
 * command, and exits 1. --skip leaves out a known-bug class (fz.h);
 * --known-bugs leaves out all of them; FUZZ_SKIP in the environment adds to
 * --skip. On arm64 "uring" leaves page-mode device mappings alone: their
 * CMA pages make 6.1's GUP loop until killed (core-guard tests that).
 * --paranoid reads every device back after every step (to find the step
 * that changed data it should not have).
 */
#include <malloc.h>
#include <sys/utsname.h>

#include "fz.h"
#include "fz-dev.h"
#include "fz-export.h"
#include "fz-heap.h"
#include "fz-io.h"
#include "fz-ioctl.h"
#include "fz-map.h"
#include "fz-mgr.h"
#include "fz-mod.h"
#include "fz-oracle.h"
#include "fz-proc.h"
#include "fz-sysfs.h"

/* ioctls on a device fd: the GET_* group, the sync commands, bad pointers. */
static void fz_op_ioctl(void)
{
	int s = fz_pick_fd(FK_DEV), r = (int)fz_below(8);

	if (s < 0)
		return;
	if (r == 0)
		fz_ioctl_gets(s);
	else if (r == 1)
		fz_ioctl_sync_cmd(s, 5 + (int)fz_below(2));
	else if (r == 2)
		fz_ioctl_set_sync(s);
	else if (r == 3)
		fz_ioctl_get_sync(s, fz_one_in(2));
	else if (r <= 5)
		fz_ioctl_bad_ptr(s, 1 + (int)fz_below(10));
	else
		fz_ioctl_random(s);
}

struct fz_op {
	void (*fn)(void);
	int weight;
	const char *name;
};

#define FZ_OP(fn, w) { fn, w, #fn + 6 }

static const struct fz_op fz_ops[] = {
	FZ_OP(fz_op_create, 4), FZ_OP(fz_op_delete, 1), FZ_OP(fz_op_mgr, 3),
	FZ_OP(fz_op_mgr_enospc, 1), FZ_OP(fz_op_open, 6), FZ_OP(fz_op_close, 3),
	FZ_OP(fz_op_dup, 1), FZ_OP(fz_op_ioctl, 6), FZ_OP(fz_op_export, 5),
	FZ_OP(fz_op_export_ro, 1), FZ_OP(fz_op_dmabuf_ioctl, 2), FZ_OP(fz_op_dmabuf_file, 1),
	FZ_OP(fz_op_heap_open, 2), FZ_OP(fz_op_heap_alloc, 5), FZ_OP(fz_op_heap_alloc_bad, 1),
	FZ_OP(fz_op_heap_dma_addr, 2), FZ_OP(fz_op_heap_ioctl_random, 1), FZ_OP(fz_op_mmap, 12),
	FZ_OP(fz_op_munmap, 2), FZ_OP(fz_op_mremap, 2), FZ_OP(fz_op_mprotect, 2),
	FZ_OP(fz_op_madvise, 3), FZ_OP(fz_op_map_write, 8), FZ_OP(fz_op_map_read, 8),
	FZ_OP(fz_op_fork, 2), FZ_OP(fz_op_pread_pwrite, 6), FZ_OP(fz_op_seek_rw, 2),
	FZ_OP(fz_op_splice, 2), FZ_OP(fz_op_vmsplice, 5), FZ_OP(fz_op_uring, 1),
	FZ_OP(fz_op_sysfs, 4), FZ_OP(fz_op_vgem, 3), FZ_OP(fz_op_rmmod, 1),
	FZ_OP(fz_op_unplug, 1), FZ_OP(fz_op_orphan, 2),
};

static void fz_step(void)
{
	long n;
	int total = 0, r;
	size_t i;

	for (i = 0; i < FZ_ARRAY(fz_ops); i++)
		total += fz_ops[i].weight;
	r = (int)fz_below(total);
	for (i = 0; r >= fz_ops[i].weight; i++)
		r -= fz_ops[i].weight;
	fz.op = (int)i;
	fz.steps_run++;
	n = fz.ring_n;
	fz_ops[i].fn();
	fz.ran[i] += fz.ring_n != n;
	fz_kmsg_check();
	if (fz.paranoid)
		for (i = 0; i < FZ_DEVS; i++)
			if (fz.dev[i].alive)
				fz_dev_check_all((int)i, "--paranoid check after the step");
}

/* What each action did: how often it did anything, how many results were errors. */
static void fz_coverage(void)
{
	size_t i;

	printf("# coverage (action: times it did something/results that were errors):");
	for (i = 0; i < FZ_ARRAY(fz_ops); i++)
		printf("%s %s %ld/%ld", i % 6 ? "," : "\n#  ", fz_ops[i].name, fz.ran[i], fz.err[i]);
	printf("\n");
}

/* Releases everything an epoch holds: mappings, fds, devices, hostile names. */
static void fz_release_all(void)
{
	char line[128];
	int i, err;

	for (i = 0; i < FZ_MAPS; i++)
		if (fz.maps[i].addr) {
			munmap(fz.maps[i].addr, fz.maps[i].len);
			fz_map_drop(i);
		}
	for (i = 0; i < FZ_FDS; i++)
		if (fz.fds[i].kind != FK_NONE)
			fz_close_slot(i);
	for (i = 0; i < FZ_DEVS; i++) {
		if (!fz.dev[i].alive)
			continue;
		snprintf(line, sizeof(line), "delete %s\n", fz.dev[i].name);
		err = fz_mgr_write(line, strlen(line));
		errno = err;
		fz_expect(err ? -1 : 0, 0, 0, "delete at the end of the epoch");
		fz.dev[i].alive = 0;
	}
	fz_mgr_cleanup_names();
	if (fz_replug())
		fz_fail("the removed parent did not come back at the end of the epoch");
	fz_obj_collect();
	for (i = 0; i < FZ_OBJS; i++)
		if (fz.obj[i].used)
			fz_fail("object %d still counted after everything was released", i);
}

static void fz_end_epoch(long first, unsigned long long slack)
{
	double t = tl_now();

	fz_release_all();
	fz_kmsg_check();
	fz_canary_check();
	fz_check_baseline(first, slack);
	fz_kmsg_check();
	printf("# epoch %ld (steps %ld..%ld) done; free memory %+lld KiB from the baseline; checks took %.1f s\n",
	       fz.epoch, first, fz.step, (long long)fz_memfree_kib() - (long long)fz_base.memfree_kib,
	       tl_now() - t);
}

static int fz_set_classes(const char *list, int on)
{
	char buf[256], *tok, *save = NULL;
	int i, found;

	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		found = 0;
		for (i = 0; i < FZ_BUGS; i++)
			if (!strcmp(tok, fz_bug_names[i]) || !strcmp(tok, "all")) {
				fz.bug[i] = on;
				found = 1;
			}
		if (!found) {
			fprintf(stderr, "fuzz: unknown class '%s'\n", tok);
			return -1;
		}
	}
	return 0;
}

struct fz_opts {
	long time, epoch;
	unsigned long long slack;
};

static int fz_parse(int argc, char **argv, struct fz_opts *o)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (!strcmp(a, "-v")) {
			fz.verbose = 1;
			continue;
		}
		if (!strcmp(a, "--paranoid")) {
			fz.paranoid = 1;
			continue;
		}
		if (!strcmp(a, "--keep-going")) {
			fz.keep_going = 1;
			continue;
		}
		if (!strcmp(a, "--known-bugs")) {
			fz_set_classes("all", 0);
			continue;
		}
		if (!v)
			return -1;
		i++;
		if (!strcmp(a, "--seed"))
			fz.seed = strtoull(v, NULL, 0);
		else if (!strcmp(a, "--time"))
			o->time = strtol(v, NULL, 0);
		else if (!strcmp(a, "--steps"))
			fz.max_steps = strtol(v, NULL, 0);
		else if (!strcmp(a, "--epoch"))
			o->epoch = strtol(v, NULL, 0);
		else if (!strcmp(a, "--epoch-len"))
			fz.epoch_len = strtol(v, NULL, 0);
		else if (!strcmp(a, "--slack"))
			o->slack = strtoull(v, NULL, 0);
		else if (!strcmp(a, "--skip") ? fz_set_classes(v, 0) :
			 !strcmp(a, "--enable") ? fz_set_classes(v, 1) : -1)
			return -1;
	}
	return fz.epoch_len > 0 ? 0 : -1;
}

static void fz_defaults(struct fz_opts *o)
{
	struct utsname u;
	int i;

	fz.seed = (unsigned long long)time(NULL);
	fz.epoch_len = 300;
	fz.max_steps = -1;
	o->time = 0;
	o->epoch = -1;
	o->slack = 8192;
	for (i = 0; i < FZ_BUGS; i++)
		fz.bug[i] = 1;
	fz.arm64 = !uname(&u) && !strcmp(u.machine, "aarch64");
	if (getenv("FUZZ_SKIP"))
		fz_set_classes(getenv("FUZZ_SKIP"), 0);
}

static void fz_setup(void)
{
	int i;

	if (access(TL_MGR, W_OK) || access(TL_STATS, R_OK))
		t_die("u-dma-buf-mgr.ko and debugfs are needed");
	fz_ptr_setup();
	fz_scan_parents();
	fz_vgem_setup();
	fz_reload_setup();
	fz_unplug_setup();
	for (i = 0; i < FZ_DEVS; i++)		/* what an earlier run left */
		tl_mgr("delete fuzz%d", i);
	fz_mgr_cleanup_names();
	if (fz_canary_setup())
		t_die("create the canary device");
	memset(fz.scratch, 0, sizeof(fz.scratch));
	memset(fz.scratch2, 0, sizeof(fz.scratch2));
	fz.kmsg = tl_kmsg_open();
	fz_sample(&fz_base);
	printf("# fuzz seed=%llu, epochs of %ld steps, classes:", (unsigned long long)fz.seed,
	       fz.epoch_len);
	for (i = 0; i < FZ_BUGS; i++)
		printf(" %s%s", fz.bug[i] ? "" : "-", fz_bug_names[i]);
	printf("\n# baseline: %llu buffers, %llu bytes, MemFree %llu KiB; %d parent candidates; vgem %s; rmmod %s\n",
	       fz_base.buffers, fz_base.bytes, fz_base.memfree_kib, fz.nparents,
	       fz.vgem[0] ? fz.vgem : "absent", fz.reload[0] ? "on" : "off (no FUZZ_KO)");
	printf("# removable parent: %s\n", fz.edu[0] ? fz.edu : "none (no edu device)");
	fflush(stdout);
}

/* Runs epoch @e (all of it, or up to the step limit): 1 when the limit was hit. */
static int fz_run_epoch(long e, unsigned long long slack)
{
	long i, first = e * fz.epoch_len;

	fz.epoch = e;
	fz_reseed(fz.seed, e);
	for (i = 0; i < fz.epoch_len; i++) {
		fz.step = first + i;
		if (fz.max_steps >= 0 && fz.step >= fz.max_steps)
			break;
		fz_step();
		if (i % 50 == 49)
			fz_canary_check();
	}
	fz_end_epoch(first, slack);
	return i < fz.epoch_len;
}

int main(int argc, char **argv)
{
	struct fz_opts o;
	double t0 = tl_now();
	long e;

	setvbuf(stdout, NULL, _IOLBF, 0);
	/*
	 * The memory oracle compares MemFree with its baseline, so the
	 * fuzzer's own heap must not grow: with glibc's dynamic thresholds a
	 * freed large shadow raises the mmap threshold, the next ones come
	 * from the heap and stay there once freed (seen as steps of 3 and
	 * 9 MiB below the baseline in long arm64 runs, with every u-dma-buf
	 * counter back). Fixed thresholds give large blocks back at free().
	 */
	mallopt(M_MMAP_THRESHOLD, 64 << 10);
	mallopt(M_TRIM_THRESHOLD, 128 << 10);
	if (sizeof(void *) == 4)
		t_label = "compat32: ";		/* the i686 build: compat ioctls */
	fz_defaults(&o);
	if (fz_parse(argc, argv, &o)) {
		fprintf(stderr, "usage: fuzz [--seed S] [--time SECONDS] [--steps N] [--epoch E] [--epoch-len L] [--skip CLASS,...] [--enable CLASS,...] [--known-bugs] [--keep-going] [--slack KIB] [-v]\n");
		return 2;
	}
	if (o.epoch < 0 && !o.time && fz.max_steps < 0)
		fz.max_steps = 1000;
	fz_setup();
	if (o.epoch >= 0) {
		fz.max_steps = -1;
		fz_run_epoch(o.epoch, o.slack);
		e = 1;
	} else {
		for (e = 0; fz.max_steps < 0 || e * fz.epoch_len < fz.max_steps; e++) {
			if (fz_run_epoch(e, o.slack) || (o.time && tl_now() - t0 >= o.time)) {
				e++;
				break;
			}
		}
	}
	fz_canary_check();
	fz_kmsg_check();
	fz_coverage();
	if (fz.fails) {
		printf("FAIL: %sfuzz seed=%llu: %ld oracle failures\n", t_label,
		       (unsigned long long)fz.seed, fz.fails);
		return 1;
	}
	printf("PASS: %sfuzz seed=%llu (%ld steps, %ld epochs, %.0f s)\n", t_label,
	       (unsigned long long)fz.seed, fz.steps_run, e, tl_now() - t0);
	return 0;
}
