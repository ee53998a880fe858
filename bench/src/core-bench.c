// SPDX-License-Identifier: GPL-2.0
/*
 * core-bench: u-dma-buf mappings and read()/write() against a baseline
 * measured in the same run. Prints ratios; asserts nothing.
 *
 *   core-bench mmap DEVICE       memset/memcpy/read-back throughput through
 *                                the mapping for every sync_mode x O_SYNC,
 *                                vs the same on anonymous memory: rounds
 *                                alternate between the two, and the ratio
 *                                is the median of the rounds' ratios (each
 *                                compares two measurements taken back to
 *                                back, which cancels drifts in the load)
 *   core-bench faults DEVICE     minor faults per MiB and time to touch every
 *                                page of a fresh mapping, vs populated
 *                                anonymous memory (and fresh anonymous)
 *   core-bench rw DEVICE TMPFILE read()/write() of the whole device in 1 MiB
 *                                blocks vs a tmpfs file of the same size
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "u-dma-buf-ioctl.h"

#define MIB	(1024 * 1024)
#define ROUNDS	7

static size_t device_size(const char *dev)
{
	uint64_t size = 0;
	int fd = open(dev, O_RDONLY);

	if (fd < 0 || ioctl(fd, U_DMA_BUF_IOCTL_GET_SIZE, &size)) {
		perror(dev);
		exit(2);
	}
	close(fd);
	return size;
}

static void set_sync_mode(const char *dev, int mode)
{
	char path[256], val[8];
	int fd;

	snprintf(path, sizeof(path), "/sys/class/u-dma-buf/%s/sync_mode", strrchr(dev, '/') + 1);
	fd = open(path, O_WRONLY);
	snprintf(val, sizeof(val), "%d", mode);
	if (fd < 0 || write(fd, val, strlen(val)) < 0) {
		perror(path);
		exit(2);
	}
	close(fd);
}

static volatile uint64_t sink;

/* Bytes per second of three operations on @p; @src is a source as big. */
static void throughput(unsigned char *p, const unsigned char *src, size_t size, int reps,
		       double rate[3])
{
	double t;
	int i;

	t = tl_now();
	for (i = 0; i < reps; i++)
		memset(p, i, size);
	rate[0] = (double)size * reps / (tl_now() - t);
	t = tl_now();
	for (i = 0; i < reps; i++)
		memcpy(p, src, size);
	rate[1] = (double)size * reps / (tl_now() - t);
	t = tl_now();
	for (i = 0; i < reps; i++) {
		const uint64_t *q = (const uint64_t *)p;
		uint64_t sum = 0;
		size_t k;

		for (k = 0; k < size / 8; k++)
			sum += q[k];
		sink += sum;
	}
	rate[2] = (double)size * reps / (tl_now() - t);
}

static int bench_mmap(const char *dev)
{
	static const char * const op[] = { "memset", "memcpy", "read-back" };
	size_t size = device_size(dev);
	int reps = 16 * MIB / size + 1;
	double base[3][ROUNDS], rate[3][ROUNDS], b[3], m[3];
	unsigned char *anon, *src;
	int mode, osync, i, k;

	anon = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	src = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(anon, 1, size);
	memset(src, 2, size);
	throughput(anon, src, size, reps, b);
	printf("baseline anonymous memory, %zu bytes x %d, %d rounds: memset %.0f MB/s, memcpy %.0f MB/s, read-back %.0f MB/s\n",
	       size, reps, ROUNDS, b[0] / 1e6, b[1] / 1e6, b[2] / 1e6);
	for (mode = 0; mode <= 7; mode++) {
		set_sync_mode(dev, mode);
		for (osync = 0; osync <= 1; osync++) {
			int fd = open(dev, O_RDWR | (osync ? O_SYNC : 0));
			unsigned char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

			if (p == MAP_FAILED) {
				perror("mmap");
				return 1;
			}
			for (k = 0; k < ROUNDS; k++) {
				throughput(anon, src, size, reps, b);
				throughput(p, src, size, reps, m);
				for (i = 0; i < 3; i++) {
					base[i][k] = b[i];
					rate[i][k] = m[i];
				}
			}
			printf("sync_mode %d %-10s", mode, osync ? "O_SYNC" : "no O_SYNC");
			for (i = 0; i < 3; i++)
				printf("  %s %.2fx", op[i], bench_median_ratio(rate[i], base[i], ROUNDS));
			printf("%s\n", (mode & 4 || osync) && (mode & 3) ? "" :
			       "   (cached: target >= 0.95x)");
			munmap(p, size);
			close(fd);
		}
	}
	set_sync_mode(dev, 1);
	return 0;
}

static long minflt(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

/* Minor faults and seconds to write one byte per page. */
static void touch(unsigned char *p, size_t size, long *faults, double *secs)
{
	long f = minflt();
	double t = tl_now();
	size_t k;

	for (k = 0; k < size; k += 4096)
		p[k] = k;
	*secs = tl_now() - t;
	*faults = minflt() - f;
}

static int bench_faults(const char *dev)
{
	size_t size = device_size(dev);
	double mib = (double)size / MIB, t_anon, t_fresh, t_dev;
	long f_anon, f_fresh, f_dev;
	unsigned char *anon, *fresh, *p;
	int fd;

	anon = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(anon, 1, size);
	touch(anon, size, &f_anon, &t_anon);
	fresh = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	touch(fresh, size, &f_fresh, &t_fresh);
	fd = open(dev, O_RDWR);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	touch(p, size, &f_dev, &t_dev);
	printf("faults per MiB touching a fresh mapping: %.1f (target 0); fresh anonymous memory: %.1f\n",
	       f_dev / mib, f_fresh / mib);
	printf("touch time vs populated anonymous memory: %.2fx (fresh anonymous: %.2fx)\n",
	       t_dev / t_anon, t_fresh / t_anon);
	return 0;
}

static double copy_blocks(int fd, unsigned char *block, size_t size, int write_it, int reps)
{
	double t = tl_now();
	int i;

	for (i = 0; i < reps; i++) {
		size_t done;

		lseek(fd, 0, SEEK_SET);
		for (done = 0; done < size; done += MIB) {
			ssize_t n = write_it ? write(fd, block, MIB) : read(fd, block, MIB);

			if (n != MIB) {
				perror("read/write");
				exit(2);
			}
		}
	}
	return (double)size * reps / (tl_now() - t);
}

static int bench_rw(const char *dev, const char *tmpfile)
{
	size_t size = device_size(dev) / MIB * MIB;
	int reps = 128 * MIB / size + 1, dfd, tfd, w;
	unsigned char *block = malloc(MIB);

	memset(block, 3, MIB);
	dfd = open(dev, O_RDWR);
	tfd = open(tmpfile, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (dfd < 0 || tfd < 0 || size < MIB) {
		perror("open");
		return 1;
	}
	copy_blocks(tfd, block, size, 1, 1);
	for (w = 0; w <= 1; w++) {
		double base = copy_blocks(tfd, block, size, w, reps);
		double ours = copy_blocks(dfd, block, size, w, reps);

		printf("%s() of %zu bytes in 1 MiB blocks vs a tmpfs file: %.2fx (target >= 0.9x; %.0f vs %.0f MB/s)\n",
		       w ? "write" : "read", size, ours / base, ours / 1e6, base / 1e6);
	}
	unlink(tmpfile);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc >= 3 && !strcmp(argv[1], "mmap"))
		return bench_mmap(argv[2]);
	if (argc >= 3 && !strcmp(argv[1], "faults"))
		return bench_faults(argv[2]);
	if (argc >= 4 && !strcmp(argv[1], "rw"))
		return bench_rw(argv[2], argv[3]);
	fprintf(stderr, "usage: core-bench mmap|faults DEVICE | rw DEVICE TMPFILE\n");
	return 2;
}
