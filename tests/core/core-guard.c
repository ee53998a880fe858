// SPDX-License-Identifier: GPL-2.0
/*
 * core-guard: what a hostile or careless user must not get.
 *
 *   core-guard access DEV        an export never grants more than the file
 *                                it comes from; the same for heap buffers
 *   core-guard held DEV SIZE     pages a pipe holds (vmsplice) outlive the
 *                                buffer's last holder, stay intact, and come
 *                                back once the pipe lets go, for a page-mode
 *                                device DEV (created and deleted through the
 *                                manager); its export and a heap buffer have
 *                                no struct pages to pin: vmsplice and
 *                                IORING_REGISTER_BUFFERS fail at once
 *   core-guard uring DEV SIZE CMA  IORING_REGISTER_BUFFERS of a page-mode
 *                                device's mapping returns, or (CMA memory,
 *                                6.1's GUP loop) dies when killed, and the
 *                                memory comes back
 *   core-guard splice DEV        splice() and sendfile() from and to /dev/DEV
 *   core-guard gone DEV          holds /dev/DEV open and mapped, prints
 *                                "ready", and after a line on stdin (its DMA
 *                                device was removed meanwhile) checks that
 *                                the file answers ENODEV and the mapping
 *                                still holds the data
 *
 * PASS/FAIL lines; exit status 1 when a check failed.
 */
#include <sys/ioctl.h>
#include <sys/sendfile.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <linux/io_uring.h>

#include "core.h"
#include "dmabuf.h"
#include "sys.h"
#include "u-dma-buf-heap.h"
#include <linux/dma-heap.h>

#define HEAP_PATH	"/dev/dma_heap/udmabuf"

static int heap_alloc(int heap, uint64_t len, uint32_t fd_flags)
{
	struct dma_heap_allocation_data d = { .len = len, .fd_flags = fd_flags };

	return ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &d) ? -1 : (int)d.fd;
}

/* An export of @devfd with @flags: 0 or the errno. */
static int export_errno(int devfd, int flags)
{
	int fd = tl_export(devfd, 0, CORE_PAGE, flags, NULL);

	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static void check_export_modes(const char *dev)
{
	static const struct {
		int open, exp, want;
		const char *what;
	} c[] = {
		{ O_RDONLY, O_RDWR, EACCES, "O_RDONLY file: O_RDWR export" },
		{ O_RDONLY, O_WRONLY, EACCES, "O_RDONLY file: O_WRONLY export" },
		{ O_RDONLY, O_RDONLY, 0, "O_RDONLY file: O_RDONLY export" },
		{ O_WRONLY, O_RDONLY, EACCES, "O_WRONLY file: O_RDONLY (flags 0) export" },
		{ O_WRONLY, O_RDWR, EACCES, "O_WRONLY file: O_RDWR export" },
		{ O_WRONLY, O_WRONLY, 0, "O_WRONLY file: O_WRONLY export" },
		{ O_RDWR, O_RDONLY, 0, "O_RDWR file: O_RDONLY export" },
		{ O_RDWR, O_WRONLY, 0, "O_RDWR file: O_WRONLY export" },
		{ O_RDWR, O_RDWR, 0, "O_RDWR file: O_RDWR export" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		int fd = tl_open_dev(dev, c[i].open), got;

		if (fd < 0)
			core_die("open the device");
		got = export_errno(fd, c[i].exp);
		t_check(got == c[i].want, "%s: %s (got %s)", c[i].what,
			c[i].want ? "EACCES" : "allowed", got ? strerror(got) : "success");
		close(fd);
	}
}

/* A read-only export stays read-only however it is mapped. */
static void check_readonly_export(const char *dev)
{
	int fd = tl_open_dev(dev, O_RDONLY), dfd;
	void *m;

	if (fd < 0)
		core_die("open the device O_RDONLY");
	dfd = tl_export(fd, 0, CORE_PAGE, O_RDONLY, NULL);
	if (!t_check(dfd >= 0, "O_RDONLY file: export for reading"))
		return;
	m = tl_map(dfd, CORE_PAGE, PROT_READ | PROT_WRITE, 0);
	t_check(m == MAP_FAILED && errno == EACCES,
		"read-only export: a writable mapping is EACCES");
	m = tl_map(dfd, CORE_PAGE, PROT_READ, 0);
	if (t_check(m != MAP_FAILED, "read-only export: a read-only mapping works")) {
		t_check_ret(mprotect(m, CORE_PAGE, PROT_READ | PROT_WRITE), EACCES,
			    "read-only export: mprotect to PROT_WRITE is EACCES");
		munmap(m, CORE_PAGE);
	}
	close(dfd);
	close(fd);
}

static void check_heap_modes(void)
{
	static const struct {
		int open, flags, want;
		const char *what;
	} c[] = {
		{ O_RDONLY, O_RDWR, EACCES, "heap opened O_RDONLY: O_RDWR buffer" },
		{ O_RDONLY, O_WRONLY, EACCES, "heap opened O_RDONLY: O_WRONLY buffer" },
		{ O_RDONLY, O_RDONLY, 0, "heap opened O_RDONLY: O_RDONLY buffer" },
		{ O_RDWR, O_RDWR, 0, "heap opened O_RDWR: O_RDWR buffer" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		int heap = open(HEAP_PATH, c[i].open | O_CLOEXEC), fd, got;

		if (heap < 0)
			core_die("open " HEAP_PATH);
		fd = heap_alloc(heap, CORE_PAGE, c[i].flags | O_CLOEXEC);
		got = fd < 0 ? errno : 0;
		t_check(got == c[i].want, "%s: %s (got %s)", c[i].what,
			c[i].want ? "EACCES" : "allowed", got ? strerror(got) : "success");
		if (fd >= 0)
			close(fd);
		close(heap);
	}
}

/* --- pages held by a pipe --------------------------------------------------- */

/*
 * Free memory in bytes: the buddy allocator's free pages plus those on the
 * per-CPU lists (/proc/zoneinfo), where freed order-0 pages such as CMA's
 * wait and which MemFree does not count.
 */
static unsigned long long mem_free(void)
{
	char *s = tl_read_file("/proc/zoneinfo"), *p;
	unsigned long long pages = 0;

	for (p = s; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, "pages free", 10))
			pages += strtoull(p + 10, NULL, 10);
		else if (!strncmp(p, "count:", 6))
			pages += strtoull(p + 6, NULL, 10);
	}
	free(s);
	return pages * CORE_PAGE;
}

static unsigned long long live_bytes(void)
{
	unsigned long long buffers, bytes;

	return tl_stats(&buffers, &bytes) ? ~0ULL : bytes;
}

/* Puts one page per 64 KiB of @map into a new pipe: its read end, or -1. */
static int splice_pages(char *map, size_t size, int *wfd)
{
	int p[2];
	size_t off;

	if (pipe(p))
		return -1;
	fcntl(p[1], F_SETPIPE_SZ, 1 << 20);
	for (off = 0; off < size; off += 65536) {
		struct iovec iov = { .iov_base = map + off, .iov_len = CORE_PAGE };

		if (vmsplice(p[1], &iov, 1, 0) != (ssize_t)CORE_PAGE) {
			close(p[0]);
			close(p[1]);
			return -1;
		}
	}
	*wfd = p[1];
	return p[0];
}

/* Reads the pages back from the pipe: 0 when each still holds its pattern. */
static int drain_pages(int rfd, size_t size)
{
	char page[CORE_PAGE];
	size_t off;
	int bad = 0;

	for (off = 0; off < size; off += 65536) {
		if (read(rfd, page, sizeof(page)) != (ssize_t)sizeof(page))
			return -1;
		bad |= page[0] != (char)(off >> 16) || page[CORE_PAGE - 1] != (char)~(off >> 16);
	}
	return bad ? -1 : 0;
}

static void fill_pages(char *map, size_t size)
{
	size_t off;

	for (off = 0; off < size; off += 65536) {
		map[off] = (char)(off >> 16);
		map[off + CORE_PAGE - 1] = (char)~(off >> 16);
	}
}

/* 0 when @map still holds what fill_pages() wrote. */
static int pages_intact(const char *map, size_t size)
{
	size_t off;

	for (off = 0; off < size; off += 65536)
		if (map[off] != (char)(off >> 16) || map[off + CORE_PAGE - 1] != (char)~(off >> 16))
			return -1;
	return 0;
}

/* Waits up to 5 s for the statistics to fall back to @want bytes. */
static int stats_back(unsigned long long want)
{
	int i;

	for (i = 0; i < 100 && live_bytes() != want; i++)
		tl_sleep_ms(50);
	return live_bytes() == want;
}

/*
 * @release lets go of everything but the pipe (munmap, close, delete).
 * The memory must stay while the pipe holds its pages, keep the data,
 * and come back after.
 */
static void check_held(const char *what, char *map, size_t size, unsigned long long base,
		       unsigned long long free0, void (*release)(void *), void *ctx)
{
	int rfd, wfd = -1, freed;

	fill_pages(map, size);
	rfd = splice_pages(map, size, &wfd);
	if (!t_check(rfd >= 0, "%s: vmsplice of the mapping into a pipe", what)) {
		release(ctx);
		return;
	}
	release(ctx);
	tl_sleep_ms(100);
	t_check(live_bytes() >= base + size,
		"%s: the memory stays while a pipe holds its pages (%llu live bytes)", what,
		live_bytes());
	t_check(drain_pages(rfd, size) == 0, "%s: the pipe reads the data intact", what);
	close(rfd);
	close(wfd);
	freed = stats_back(base);
	t_check(freed, "%s: the memory is freed once the pipe lets go (%llu live bytes, want %llu)",
		what, live_bytes(), base);
	t_check(mem_free() + size / 2 >= free0,
		"%s: the free memory comes back (%llu, was %llu)", what, mem_free(), free0);
}

/*
 * IORING_REGISTER_BUFFERS (a long-term pin) of @map in a child: its errno,
 * 0 for success, -1 when it has not returned within @secs seconds but died
 * when killed, -2 when it did not even die.
 */
static int uring_register(void *map, size_t size, int secs)
{
	pid_t pid = fork();
	int i, status;

	if (pid < 0)
		core_die("fork");
	if (!pid) {
		struct io_uring_params par = { 0 };
		struct iovec iov = { .iov_base = map, .iov_len = size };
		int ring = (int)syscall(__NR_io_uring_setup, 4, &par);

		if (ring < 0)
			_exit(255);
		if (syscall(__NR_io_uring_register, ring, IORING_REGISTER_BUFFERS, &iov, 1))
			_exit(errno);
		_exit(0);
	}
	for (i = 0; i < secs * 20; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : 254;
		tl_sleep_ms(50);
	}
	kill(pid, SIGKILL);
	for (i = 0; i < 100; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return -1;
		tl_sleep_ms(50);
	}
	return -2;
}

static const char *uring_result(int r)
{
	static char text[64];

	if (r < 0)
		return r == -1 ? "no return, killed" : "no return, unkillable";
	snprintf(text, sizeof(text), "%s", r == 255 ? "no io_uring" : r ? strerror(r) : "success");
	return text;
}

/* A dma-buf's mapping has PFNs, no struct pages: every pin fails at once. */
static void check_unpinnable(const char *what, char *map, size_t size)
{
	struct iovec iov = { .iov_base = map, .iov_len = CORE_PAGE };
	int p[2], r;

	if (pipe(p))
		core_die("pipe");
	t_check_ret(vmsplice(p[1], &iov, 1, 0), EFAULT, "%s: vmsplice of the mapping is EFAULT",
		    what);
	close(p[0]);
	close(p[1]);
	r = uring_register(map, size, 10);
	t_check(r == EFAULT, "%s: IORING_REGISTER_BUFFERS returns at once, EFAULT (%s)", what,
		uring_result(r));
}

struct held_ctx {
	const char *dev;	/* delete through the manager, or NULL */
	void *map;
	size_t size;
	int fd[2];		/* closed when >= 0 */
};

static void held_release(void *p)
{
	struct held_ctx *c = p;

	munmap(c->map, c->size);
	if (c->fd[0] >= 0)
		close(c->fd[0]);
	if (c->fd[1] >= 0)
		close(c->fd[1]);
	if (c->dev && tl_mgr("delete %s", c->dev))
		printf("FAIL: delete %s: %s\n", c->dev, strerror(errno));
}

/* A new page-mode device through the manager: its fd, or -1. */
static int held_device(const char *dev, size_t size)
{
	if (tl_mgr("create %s %zu quirk-mmap-page", dev, size)) {
		printf("FAIL: create %s %zu quirk-mmap-page: %s\n", dev, size, strerror(errno));
		return -1;
	}
	return tl_open_dev(dev, O_RDWR);
}

static void check_held_all(const char *dev, size_t size)
{
	unsigned long long base = live_bytes(), free0 = mem_free();
	struct held_ctx c = { .dev = dev, .size = size, .fd = { -1, -1 } };
	int heap;

	c.fd[0] = held_device(dev, size);
	c.map = c.fd[0] < 0 ? MAP_FAILED : tl_map(c.fd[0], size, PROT_READ | PROT_WRITE, 0);
	if (t_check(c.map != MAP_FAILED, "page-mode device: mmap"))
		check_held("page-mode device", c.map, size, base, free0, held_release, &c);

	c.fd[0] = held_device(dev, size);
	c.fd[1] = c.fd[0] < 0 ? -1 : tl_export(c.fd[0], 0, size, O_RDWR, NULL);
	c.map = c.fd[1] < 0 ? MAP_FAILED : tl_map(c.fd[1], size, PROT_READ | PROT_WRITE, 0);
	if (t_check(c.map != MAP_FAILED, "page-mode device's export: mmap"))
		check_unpinnable("page-mode device's export", c.map, size);
	if (c.fd[0] >= 0)
		held_release(&c);

	c.dev = NULL;
	c.fd[1] = -1;
	heap = open(HEAP_PATH, O_RDWR | O_CLOEXEC);
	c.fd[0] = heap < 0 ? -1 : heap_alloc(heap, size, O_RDWR | O_CLOEXEC);
	c.map = c.fd[0] < 0 ? MAP_FAILED : tl_map(c.fd[0], size, PROT_READ | PROT_WRITE, 0);
	if (t_check(c.map != MAP_FAILED, "heap buffer: mmap"))
		check_unpinnable("heap buffer", c.map, size);
	if (c.fd[0] >= 0)
		held_release(&c);
	if (heap >= 0)
		close(heap);
	t_check(stats_back(base), "exports and heap buffers: the memory is freed (%llu live bytes, want %llu)",
		live_bytes(), base);
}

/*
 * A long-term pin of a page-mode mapping: io_uring refuses file-backed
 * memory (EOPNOTSUPP) once pinned, but on CMA memory 6.1's GUP never gets
 * there; it loops until the caller is killed. Either way the memory must
 * come back after.
 */
static void check_uring_page_mode(const char *dev, size_t size, int cma)
{
	unsigned long long base = live_bytes();
	struct held_ctx c = { .dev = dev, .size = size, .fd = { -1, -1 } };
	int r;

	c.fd[0] = held_device(dev, size);
	c.map = c.fd[0] < 0 ? MAP_FAILED : tl_map(c.fd[0], size, PROT_READ | PROT_WRITE, 0);
	if (!t_check(c.map != MAP_FAILED, "page-mode device: mmap"))
		return;
	fill_pages(c.map, size);
	r = uring_register(c.map, size, 10);
	if (cma)
		t_check(r == -1 || r == EOPNOTSUPP,
			"page-mode device, CMA: IORING_REGISTER_BUFFERS returns or dies when killed (%s)",
			uring_result(r));
	else
		t_check(r == EOPNOTSUPP,
			"page-mode device: IORING_REGISTER_BUFFERS returns at once, EOPNOTSUPP (%s)",
			uring_result(r));
	t_check(r == -2 || pages_intact(c.map, size) == 0,
		"page-mode device: the data is intact after the pin attempt");
	held_release(&c);
	t_check(stats_back(base), "page-mode device: the memory is freed (%llu live bytes, want %llu)",
		live_bytes(), base);
}

/* --- splice and sendfile ------------------------------------------------------ */

static void check_splice(const char *dev)
{
	char buf[CORE_PAGE], want[CORE_PAGE];
	int fd = tl_open_dev(dev, O_RDWR), p[2], tmp;
	loff_t off = 0;
	off_t soff = CORE_PAGE;

	if (fd < 0 || pipe(p))
		core_die("open the device and a pipe");
	memset(want, 0x5a, sizeof(want));
	t_check(pwrite(fd, want, sizeof(want), 0) == (ssize_t)sizeof(want), "pwrite a page");
	t_check(splice(fd, &off, p[1], NULL, CORE_PAGE, 0) == (ssize_t)CORE_PAGE,
		"splice from /dev/%s into a pipe", dev);
	t_check(read(p[0], buf, sizeof(buf)) == (ssize_t)sizeof(buf) &&
		!memcmp(buf, want, sizeof(buf)), "splice from /dev/%s: the pipe has the data", dev);
	memset(want, 0xa5, sizeof(want));
	t_check(write(p[1], want, sizeof(want)) == (ssize_t)sizeof(want), "fill the pipe");
	off = CORE_PAGE;
	t_check(splice(p[0], NULL, fd, &off, CORE_PAGE, 0) == (ssize_t)CORE_PAGE,
		"splice from a pipe into /dev/%s", dev);
	t_check(pread(fd, buf, sizeof(buf), CORE_PAGE) == (ssize_t)sizeof(buf) &&
		!memcmp(buf, want, sizeof(buf)), "splice into /dev/%s: the device has the data", dev);
	{
		char name[] = "/tmp/core-guard-XXXXXX";

		tmp = mkstemp(name);
		if (tmp < 0)
			core_die("a temporary file");
		unlink(name);
	}
	t_check(sendfile(tmp, fd, &soff, CORE_PAGE) == (ssize_t)CORE_PAGE,
		"sendfile from /dev/%s to a file", dev);
	t_check(pread(tmp, buf, sizeof(buf), 0) == (ssize_t)sizeof(buf) &&
		!memcmp(buf, want, sizeof(buf)), "sendfile: the file has the data");
	close(tmp);
	close(p[0]);
	close(p[1]);
	close(fd);
}

/* --- a DMA device that went away --------------------------------------------- */

static void check_gone(const char *dev)
{
	int fd = tl_open_dev(dev, O_RDWR), dfd;
	char line[16], byte;
	uint64_t size;
	char *map;

	if (fd < 0)
		core_die("open the device");
	map = tl_map(fd, CORE_PAGE, PROT_READ | PROT_WRITE, 0);
	if (map == MAP_FAILED)
		core_die("mmap the device");
	memset(map, 0x3c, CORE_PAGE);
	printf("ready\n");
	fflush(stdout);
	if (!fgets(line, sizeof(line), stdin))
		core_die("wait for the removal");
	t_check_ret(ioctl(fd, U_DMA_BUF_IOCTL_GET_SIZE, &size), ENODEV,
		    "after the parent's removal: GET_SIZE is ENODEV");
	t_check_ret(pread(fd, &byte, 1, 0), ENODEV, "after the parent's removal: read is ENODEV");
	t_check_ret(pwrite(fd, &byte, 1, 0), ENODEV,
		    "after the parent's removal: write is ENODEV");
	t_check(mmap(NULL, CORE_PAGE, PROT_READ, MAP_SHARED, fd, 0) == MAP_FAILED &&
		errno == ENODEV, "after the parent's removal: mmap is ENODEV");
	dfd = tl_export(fd, 0, CORE_PAGE, O_RDWR, NULL);
	t_check(dfd < 0 && errno == ENODEV, "after the parent's removal: EXPORT is ENODEV");
	t_check(map[0] == 0x3c && map[CORE_PAGE - 1] == 0x3c,
		"after the parent's removal: the mapping still holds the data");
	munmap(map, CORE_PAGE);
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "access")) {
		check_export_modes(argv[2]);
		check_readonly_export(argv[2]);
		check_heap_modes();
	} else if (argc == 4 && !strcmp(argv[1], "held")) {
		check_held_all(argv[2], strtoull(argv[3], NULL, 0));
	} else if (argc == 5 && !strcmp(argv[1], "uring")) {
		check_uring_page_mode(argv[2], strtoull(argv[3], NULL, 0), atoi(argv[4]));
	} else if (argc == 3 && !strcmp(argv[1], "splice")) {
		check_splice(argv[2]);
	} else if (argc == 3 && !strcmp(argv[1], "gone")) {
		check_gone(argv[2]);
	} else {
		fprintf(stderr, "usage: core-guard access DEV | held NAME SIZE | uring NAME SIZE CMA | splice DEV | gone DEV\n");
		return 2;
	}
	return t_done();
}
