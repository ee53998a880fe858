/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the udmabuf_* test binaries (tests/igt/udmabuf_*.c): a
 * byte pattern, dma-buf CPU access and size, /dev/dma_heap/udmabuf buffers,
 * u-dma-buf devices made through /dev/u-dma-buf-mgr and their exports,
 * u-dma-buf's counters, the fixtures' requirements (ud_require_*()),
 * modprobe, and finding a DRM card by its driver.
 *
 * It is part of the tests, not of the harness in lib/: it uses only names
 * igt-gpu-tools has as well, and is copied along with the udmabuf_*.c files
 * into an igt-gpu-tools tree (see README.md). Everything is static inline,
 * so a binary not using a helper gets no warning. ud_drm_open() and
 * ud_drm_open_or_load() are there when <xf86drm.h> is included first.
 */
#ifndef UDMABUF_COMMON_H
#define UDMABUF_COMMON_H

#include "igt.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

#include "u-dma-buf-heap.h"
#include "u-dma-buf-ioctl.h"
#include "udmabuf-raw.h"

#define UD_HEAP		"/dev/dma_heap/udmabuf"
#define UD_HEAP_SYSFS	"/sys/class/misc/u-dma-buf-heap"
#define UD_MGR		"/dev/u-dma-buf-mgr"
#define UD_STATS	"/sys/kernel/debug/u-dma-buf/stats"
#define UD_PAGE		4096ull
#define UD_PAGE_ALIGN(x) (((x) + UD_PAGE - 1) & ~(UD_PAGE - 1))

/* --- a byte pattern ----------------------------------------------------------- */

/* The byte at position pos of a buffer filled with seed. */
static inline uint8_t ud_pat(uint32_t seed, uint64_t pos)
{
	uint32_t x = (uint32_t)(pos >> 2) * 0x9e3779b1u + seed * 0x85ebca6bu + 0x27d4eb2fu;

	x ^= x >> 16;
	x *= 0x7feb352du;
	x ^= x >> 15;
	return (uint8_t)(x >> (8 * (pos & 3)));
}

/* Fills p with the pattern seed from position pos on. */
static inline void ud_fill(volatile uint8_t *p, size_t len, uint32_t seed, uint64_t pos)
{
	for (size_t i = 0; i < len; i++)
		p[i] = ud_pat(seed, pos + i);
}

/* Fails with the first differing byte when p is not the pattern from pos on. */
static inline void ud_assert_pattern(const volatile uint8_t *p, size_t len, uint32_t seed,
				     uint64_t pos, const char *what)
{
	for (size_t i = 0; i < len; i++)
		igt_assert_f(p[i] == ud_pat(seed, pos + i),
			     "%s: byte %zu of %zu is 0x%02x, expected 0x%02x\n", what, i, len,
			     p[i], ud_pat(seed, pos + i));
}

/* --- time, files, processes ----------------------------------------------------- */

static inline void ud_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* A number in a (sysfs) file, decimal or 0x-hex. */
static inline uint64_t ud_read_u64(const char *path)
{
	char buf[64];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	igt_assert_f(fd >= 0, "open %s: %s\n", path, strerror(errno));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	igt_assert_f(n > 0, "read %s: %s\n", path, n < 0 ? strerror(errno) : "empty");
	buf[n] = 0;
	return strtoull(buf, NULL, 0);
}

/* Runs argv (a NULL-terminated command line, looked up in PATH); its exit status or -1. */
static inline int ud_run(const char *const argv[])
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execvp(argv[0], (char *const *)argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Runs "modprobe module [arg]" (arg may be NULL); its exit status or -1. */
static inline int ud_modprobe(const char *module, const char *arg)
{
	const char *argv[] = { "modprobe", module, arg, NULL };

	return ud_run(argv);
}

/* --- dma-bufs ------------------------------------------------------------------ */

/* DMA_BUF_IOCTL_SYNC: 0 or -errno. */
static inline int ud_sync(int fd, uint64_t flags)
{
	struct dma_buf_sync s = { .flags = flags };
	int ret;

	do
		ret = ioctl(fd, DMA_BUF_IOCTL_SYNC, &s);
	while (ret && (errno == EINTR || errno == EAGAIN));
	return ret ? -errno : 0;
}

static inline void ud_sync_ok(int fd, uint64_t flags)
{
	int ret = ud_sync(fd, flags);

	igt_assert_f(ret == 0, "DMA_BUF_IOCTL_SYNC %#" PRIx64 ": %s\n", flags, strerror(-ret));
}

/* A shared mapping of [off, off + len) of fd. */
static inline void *ud_mmap(int fd, size_t len, int prot, off_t off)
{
	void *p = mmap(NULL, len, prot, MAP_SHARED, fd, off);

	igt_assert_f(p != MAP_FAILED, "mmap of %zu bytes at %lld: %s\n", len, (long long)off,
		     strerror(errno));
	return p;
}

/* The size of a dma-buf (lseek to its end; the position is reset to 0). */
static inline uint64_t ud_buf_size(int fd)
{
	off_t end = lseek(fd, 0, SEEK_END);

	igt_assert_f(end >= 0, "lseek(SEEK_END) of a dma-buf: %s\n", strerror(errno));
	lseek(fd, 0, SEEK_SET);
	return (uint64_t)end;
}

/* --- /dev/dma_heap/udmabuf --------------------------------------------------------- */

/* A buffer of len bytes from the heap (O_RDWR | O_CLOEXEC): its fd. */
static inline int ud_heap_alloc(int heap, uint64_t len)
{
	struct dma_heap_allocation_data d = { .len = len, .fd_flags = O_RDWR | O_CLOEXEC };

	igt_assert_f(ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &d) == 0, "heap ALLOC of %" PRIu64
		     " bytes: %s\n", len, strerror(errno));
	return (int)d.fd;
}

/* U_DMA_BUF_HEAP_IOCTL_DMA_ADDR of dma-buf fd: 0 with *q, or -errno. */
static inline int ud_dma_addr(int heap, int fd, uint32_t flags,
			      struct u_dma_buf_heap_dma_addr *q)
{
	memset(q, 0, sizeof(*q));
	q->fd = (uint32_t)fd;
	q->flags = flags;
	return ioctl(heap, U_DMA_BUF_HEAP_IOCTL_DMA_ADDR, q) ? -errno : 0;
}

/* An fd of the heap; skips when there is none. */
static inline int ud_require_heap(void)
{
	int heap = open(UD_HEAP, O_RDWR | O_CLOEXEC);

	igt_require_f(heap >= 0, "no %s (u-dma-buf.ko not loaded, or not root)\n", UD_HEAP);
	return heap;
}

/* Heap buffers in use (sysfs). */
static inline uint64_t ud_heap_buffers(void)
{
	return ud_read_u64(UD_HEAP_SYSFS "/buffers_in_use");
}

/* --- u-dma-buf devices ------------------------------------------------------------ */

/* Skips without /dev/u-dma-buf-mgr. */
static inline void ud_require_mgr(void)
{
	igt_require_f(access(UD_MGR, W_OK) == 0, "no %s (u-dma-buf-mgr.ko not loaded)\n", UD_MGR);
}

/* One u-dma-buf-mgr command: 0 or -errno. */
static inline int ud_mgr(const char *cmd)
{
	int fd = open(UD_MGR, O_WRONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, cmd, strlen(cmd)) != (ssize_t)strlen(cmd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	return err;
}

/* Creates u-dma-buf device name (deleting a leftover first); its fd. */
static inline int ud_create_device(const char *name, uint64_t size)
{
	char cmd[128], path[64];
	int ret, fd = -1;

	snprintf(cmd, sizeof(cmd), "delete %s\n", name);
	ud_mgr(cmd);
	snprintf(cmd, sizeof(cmd), "create %s %" PRIu64 "\n", name, size);
	ret = ud_mgr(cmd);
	igt_assert_f(ret == 0, "u-dma-buf-mgr: %s: %s\n", cmd, strerror(-ret));
	snprintf(path, sizeof(path), "/dev/%s", name);
	for (int i = 0; i < 200 && fd < 0; i++) {
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			ud_sleep_ms(10);
	}
	igt_assert_f(fd >= 0, "open %s: %s\n", path, strerror(errno));
	return fd;
}

static inline void ud_delete_device(const char *name)
{
	char cmd[128];
	int ret;

	snprintf(cmd, sizeof(cmd), "delete %s\n", name);
	ret = ud_mgr(cmd);
	igt_assert_f(ret == 0, "u-dma-buf-mgr: %s: %s\n", cmd, strerror(-ret));
}

/*
 * U_DMA_BUF_IOCTL_EXPORT of [offset, offset + size) of a device, the dma-buf
 * opened with flags (O_RDWR, O_CLOEXEC, O_SYNC): the fd; *addr (if not NULL)
 * gets the DMA address.
 */
static inline int ud_export(int dev, uint64_t offset, uint64_t size, int flags, uint64_t *addr)
{
	int fd = tl_export(dev, offset, size, flags, addr);

	igt_assert_f(fd >= 0, "EXPORT %#" PRIx64 " + %" PRIu64 ": %s\n", offset, size,
		     strerror(errno));
	return fd;
}

/* Buffers u-dma-buf holds in total (debugfs). */
static inline uint64_t ud_stats_buffers(void)
{
	unsigned long long buffers = 0, bytes = 0;
	char buf[128];
	ssize_t n;
	int fd = open(UD_STATS, O_RDONLY | O_CLOEXEC);

	igt_assert_f(fd >= 0, "open %s: %s\n", UD_STATS, strerror(errno));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	igt_assert(n > 0);
	buf[n] = 0;
	igt_assert_eq(sscanf(buf, "buffers %llu bytes %llu", &buffers, &bytes), 2);
	return buffers;
}

/* --- DRM cards (with <xf86drm.h>) ------------------------------------------------- */

#ifdef _XF86DRM_H_
/* An open /dev/dri/cardN whose driver is name, or -1; path gets its path. */
static inline int ud_drm_open(const char *name, char *path, size_t len)
{
	for (int i = 0; i < 16; i++) {
		char p[32];
		drmVersionPtr v;
		int fd;

		snprintf(p, sizeof(p), "/dev/dri/card%d", i);
		fd = open(p, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		v = drmGetVersion(fd);
		if (v && !strcmp(v->name, name)) {
			drmFreeVersion(v);
			snprintf(path, len, "%s", p);
			return fd;
		}
		drmFreeVersion(v);
		close(fd);
	}
	return -1;
}

/* ud_drm_open(), loading module name when there is no such card (waiting up to 2 s). */
static inline int ud_drm_open_or_load(const char *name, char *path, size_t len)
{
	int fd = ud_drm_open(name, path, len);

	if (fd >= 0 || ud_modprobe(name, NULL) != 0)
		return fd;
	for (int i = 0; i < 100 && fd < 0; i++) {
		fd = ud_drm_open(name, path, len);
		if (fd < 0)
			ud_sleep_ms(20);
	}
	return fd;
}
#endif

#endif /* UDMABUF_COMMON_H */
