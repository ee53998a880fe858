// SPDX-License-Identifier: GPL-2.0
/*
 * core-odirect DEV DIR: O_DIRECT and io_uring I/O between a mapping of
 * /dev/DEV and files in DIR (on a real block device file system, so that
 * O_DIRECT pins the user pages with get_user_pages()).
 *
 * In page mode (quirk_mmap_mode 4) the mapping is made of struct pages and
 * direct I/O works; the PFN maps of modes 1..3 cannot be pinned, so the same
 * I/O fails with EFAULT: that is why page mode exists.
 */
#include <liburing.h>
#include <sys/stat.h>

#include "core.h"

static size_t size;
static int quirk;
static char tag[16];

/* The whole file read with plain read()s. */
static int read_file(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	size_t done = 0;
	ssize_t n;

	if (fd < 0)
		return -1;
	while (done < len && (n = read(fd, buf + done, len - done)) > 0)
		done += n;
	close(fd);
	return done == len ? 0 : -1;
}

static int write_file(const char *path, const char *buf, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, buf, len) == (ssize_t)len && !fsync(fd);
	close(fd);
	return ok ? 0 : -1;
}

static void check_odirect_write(int dfd, char *map, const char *dir)
{
	char path[256], *want = malloc(size), *got = malloc(size);
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/odirect-write-%d", dir, quirk);
	core_pattern(want, size, 2000 + quirk);
	if (pwrite(dfd, want, size, 0) != (ssize_t)size)
		core_die("pwrite");
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_DIRECT, 0644);
	if (fd < 0)
		core_die(path);
	n = write(fd, map, size);
	if (quirk == 4) {
		t_check_u64(n, size, "%s: O_DIRECT write() from the mapping", tag);
		close(fd);
		memset(got, 0, size);
		t_check(!read_file(path, got, size) && core_diff(want, got, size) < 0,
			"%s: the file written with O_DIRECT holds the buffer", tag);
	} else {
		t_check_ret(n, EFAULT, "%s: O_DIRECT write() from a PFN mapping is EFAULT", tag);
		close(fd);
	}
	unlink(path);
	free(want);
	free(got);
}

static void check_odirect_read(int dfd, char *map, const char *dir)
{
	char path[256], *want = malloc(size), *got = malloc(size);
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/odirect-read-%d", dir, quirk);
	core_pattern(want, size, 2100 + quirk);
	if (write_file(path, want, size))
		core_die(path);
	memset(got, 0, size);
	if (pwrite(dfd, got, size, 0) != (ssize_t)size)
		core_die("pwrite");
	fd = open(path, O_RDONLY | O_DIRECT);
	if (fd < 0)
		core_die(path);
	n = read(fd, map, size);
	close(fd);
	if (quirk == 4) {
		t_check_u64(n, size, "%s: O_DIRECT read() into the mapping", tag);
		t_check(pread(dfd, got, size, 0) == (ssize_t)size && core_diff(want, got, size) < 0,
			"%s: O_DIRECT read() into the mapping fills the buffer", tag);
	} else {
		t_check_ret(n, EFAULT, "%s: O_DIRECT read() into a PFN mapping is EFAULT", tag);
	}
	unlink(path);
	free(want);
	free(got);
}

static void check_io_uring(int dfd, char *map, const char *dir)
{
	char path[256], *want = malloc(size), *got = malloc(size);
	struct io_uring_sqe *sqe;
	struct io_uring_cqe *cqe;
	struct io_uring ring;
	int fd, ret;

	snprintf(path, sizeof(path), "%s/io-uring-%d", dir, quirk);
	core_pattern(want, size, 2200 + quirk);
	if (pwrite(dfd, want, size, 0) != (ssize_t)size)
		core_die("pwrite");
	ret = io_uring_queue_init(4, &ring, 0);
	if (!t_check_ret(ret < 0 ? (errno = -ret, -1) : 0, 0, "%s: io_uring_queue_init", tag))
		goto out;
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_DIRECT, 0644);
	if (fd < 0)
		core_die(path);
	sqe = io_uring_get_sqe(&ring);
	io_uring_prep_write(sqe, fd, map, size, 0);
	ret = io_uring_submit(&ring);
	t_check_u64(ret, 1, "%s: io_uring_submit of an O_DIRECT write from the mapping", tag);
	ret = io_uring_wait_cqe(&ring, &cqe);
	if (t_check_ret(ret < 0 ? (errno = -ret, -1) : 0, 0, "%s: io_uring_wait_cqe", tag)) {
		ret = cqe->res;
		io_uring_cqe_seen(&ring, cqe);
		if (quirk == 4) {
			t_check_u64(ret, size, "%s: io_uring write completes with the whole buffer",
				    tag);
			memset(got, 0, size);
			t_check(!read_file(path, got, size) && core_diff(want, got, size) < 0,
				"%s: the file written by io_uring holds the buffer", tag);
		} else {
			t_check_ret(ret < 0 ? (errno = -ret, -1) : ret, EFAULT,
				    "%s: io_uring O_DIRECT write from a PFN mapping is EFAULT", tag);
		}
	}
	close(fd);
	io_uring_queue_exit(&ring);
	unlink(path);
out:
	free(want);
	free(got);
}

int main(int argc, char **argv)
{
	char *map;
	int dfd;

	if (argc != 3) {
		fprintf(stderr, "usage: core-odirect DEV DIR\n");
		return 2;
	}
	core_dev = argv[1];
	size = core_attr_u64("size");
	quirk = (int)core_attr_u64("quirk_mmap_mode");
	snprintf(tag, sizeof(tag), "q%d", quirk);
	if (size % CORE_PAGE) {
		fprintf(stderr, "core-odirect: the size must be a multiple of the page size\n");
		return 2;
	}
	dfd = core_open(O_RDWR);
	map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, dfd, 0);
	if (map == MAP_FAILED)
		core_die("mmap");
	check_odirect_write(dfd, map, argv[2]);
	check_odirect_read(dfd, map, argv[2]);
	check_io_uring(dfd, map, argv[2]);
	munmap(map, size);
	close(dfd);
	return t_done();
}
