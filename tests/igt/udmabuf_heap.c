// SPDX-License-Identifier: MIT
/*
 * /dev/dma_heap/udmabuf, u-dma-buf's dma-heap node: DMA_HEAP_IOCTL_ALLOC as
 * <linux/dma-heap.h> defines it (sizes, zeroing, fd flags, every error with
 * its errno, older and newer argument structs), CPU access to the buffers
 * (mmap, DMA_BUF_IOCTL_SYNC), their accounting and lifetime, and
 * U_DMA_BUF_HEAP_IOCTL_DMA_ADDR on heap buffers and on exports of a
 * u-dma-buf device.
 *
 * Needs root, u-dma-buf.ko, and for the export subtests u-dma-buf-mgr.ko
 * (a device is created and deleted through /dev/u-dma-buf-mgr).
 */
#include "igt.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>

#include "u-dma-buf-heap.h"

#include "udmabuf_common.h"

IGT_TEST_DESCRIPTION("u-dma-buf's dma-heap node /dev/dma_heap/udmabuf: allocation, "
		     "zeroing, mmap and sync, fd flags, error cases, accounting, DMA addresses.");

#define UD_DEV		"igt-heap0"
#define UD_DEV_SIZE	(1024 * 1024)
#define UD_MIB		(1024ull * 1024ull)

/* --- helpers ---------------------------------------------------------------- */

static void ud_assert_value(const volatile uint8_t *p, size_t len, uint8_t v, const char *what)
{
	for (size_t i = 0; i < len; i++)
		igt_assert_f(p[i] == v, "%s: byte %zu of %zu is 0x%02x, expected 0x%02x\n",
			     what, i, len, p[i], v);
}

/* DMA_HEAP_IOCTL_ALLOC: 0 with *fd, or -errno. */
static int ud_alloc_full(int heap, uint64_t len, uint32_t fd_flags, uint64_t heap_flags, int *fd)
{
	struct dma_heap_allocation_data d;

	memset(&d, 0, sizeof(d));
	d.len = len;
	d.fd_flags = fd_flags;
	d.heap_flags = heap_flags;
	if (ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &d))
		return -errno;
	*fd = (int)d.fd;
	return 0;
}

/* ALLOC must fail with -err and leave no fd behind. */
static void ud_alloc_fails(int heap, uint64_t len, uint32_t fd_flags, uint64_t heap_flags,
			   int err)
{
	int fd = -1, ret = ud_alloc_full(heap, len, fd_flags, heap_flags, &fd);

	if (ret == 0)
		close(fd);
	igt_assert_f(ret == -err,
		     "ALLOC len %#" PRIx64 " fd_flags %#x heap_flags %#" PRIx64
		     ": got %s, expected %s\n", len, fd_flags, heap_flags,
		     ret ? strerror(-ret) : "success", strerror(err));
}

static void ud_dma_addr_fails(int heap, int fd, uint32_t flags, int err, const char *what)
{
	struct u_dma_buf_heap_dma_addr q;
	int ret = ud_dma_addr(heap, fd, flags, &q);

	igt_assert_f(ret == -err, "DMA_ADDR of %s: got %s, expected %s\n", what,
		     ret ? strerror(-ret) : "success", strerror(err));
}

static uint64_t ud_heap_bytes(void)
{
	return ud_read_u64(UD_HEAP_SYSFS "/bytes_in_use");
}

static int ud_count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	igt_assert(d);
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n - 1;	/* the directory's own */
}

/* --- subtests ----------------------------------------------------------------- */

/* One buffer of len bytes: size, DMA_ADDR, zeroed, accounted, freed on close. */
static void test_alloc_size(int heap, uint64_t len)
{
	uint64_t size = UD_PAGE_ALIGN(len), b0 = ud_heap_buffers(), y0 = ud_heap_bytes();
	struct u_dma_buf_heap_dma_addr q;
	uint8_t *p;
	int fd;

	fd = ud_heap_alloc(heap, len);
	igt_assert_eq_u64(ud_buf_size(fd), size);
	igt_assert_eq_u64(ud_heap_buffers(), b0 + 1);
	igt_assert_eq_u64(ud_heap_bytes(), y0 + size);
	igt_assert_eq(ud_dma_addr(heap, fd, 0, &q), 0);
	igt_assert_eq_u64(q.size, size);
	igt_assert_eq_u64(q.offset, 0);
	igt_assert_eq_u64(q.addr & (UD_PAGE - 1), 0);

	p = ud_mmap(fd, size, PROT_READ | PROT_WRITE, 0);
	ud_sync_ok(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW);
	ud_assert_value(p, size, 0, "a new buffer");
	ud_fill(p, size, (uint32_t)len, 0);
	ud_assert_pattern(p, size, (uint32_t)len, 0, "the buffer after writing it");
	ud_sync_ok(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW);
	munmap(p, size);
	close(fd);
	igt_assert_eq_u64(ud_heap_buffers(), b0);
	igt_assert_eq_u64(ud_heap_bytes(), y0);
}

static int ud_cmp_addr(const void *a, const void *b)
{
	const struct u_dma_buf_heap_dma_addr *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static void test_alloc_many(int heap)
{
	enum { N = 32 };
	const uint64_t size = 64 * 1024;
	struct u_dma_buf_heap_dma_addr q[N];
	uint64_t b0 = ud_heap_buffers();
	uint8_t *map[N];
	int fd[N];

	for (int i = 0; i < N; i++) {
		fd[i] = ud_heap_alloc(heap, size);
		igt_assert_eq(ud_dma_addr(heap, fd[i], 0, &q[i]), 0);
		map[i] = ud_mmap(fd[i], size, PROT_READ | PROT_WRITE, 0);
		ud_sync_ok(fd[i], DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
		ud_fill(map[i], size, 1000 + i, 0);
		ud_sync_ok(fd[i], DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
	}
	igt_assert_eq_u64(ud_heap_buffers(), b0 + N);
	/* every buffer kept its own bytes */
	for (int i = 0; i < N; i++) {
		ud_sync_ok(fd[i], DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
		ud_assert_pattern(map[i], size, 1000 + i, 0, "one of 32 live buffers");
		ud_sync_ok(fd[i], DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
	}
	/* no two buffers share memory */
	qsort(q, N, sizeof(q[0]), ud_cmp_addr);
	for (int i = 1; i < N; i++)
		igt_assert_f(q[i - 1].addr + q[i - 1].size <= q[i].addr,
			     "buffers overlap: %#" PRIx64 " + %" PRIu64 " and %#" PRIx64 "\n",
			     (uint64_t)q[i - 1].addr, (uint64_t)q[i - 1].size, (uint64_t)q[i].addr);
	for (int i = 0; i < N; i++) {
		munmap(map[i], size);
		close(fd[i]);
	}
	igt_assert_eq_u64(ud_heap_buffers(), b0);
}

/* Buffers come zeroed also when the memory of dirtied buffers is reused. */
static void test_zeroed_reuse(int heap)
{
	enum { ROUNDS = 8, N = 16 };
	const uint64_t size = 256 * 1024;

	for (int r = 0; r < ROUNDS; r++) {
		int fd[N];

		for (int i = 0; i < N; i++) {
			uint8_t *p;

			fd[i] = ud_heap_alloc(heap, size);
			p = ud_mmap(fd[i], size, PROT_READ | PROT_WRITE, 0);
			ud_sync_ok(fd[i], DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW);
			ud_assert_value(p, size, 0, "a buffer allocated after dirtied ones were freed");
			memset(p, 0xa5, size);
			ud_sync_ok(fd[i], DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW);
			munmap(p, size);
		}
		for (int i = 0; i < N; i++)
			close(fd[i]);
	}
}

static void test_mmap_rw(int heap)
{
	const uint64_t size = UD_MIB;
	uint8_t *a, *b;
	int fd;

	fd = ud_heap_alloc(heap, size);
	a = ud_mmap(fd, size, PROT_READ | PROT_WRITE, 0);
	b = ud_mmap(fd, size, PROT_READ, 0);
	ud_sync_ok(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
	ud_fill(a, size, 7, 0);
	ud_sync_ok(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
	ud_sync_ok(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
	ud_assert_pattern(b, size, 7, 0, "a second mapping");
	ud_sync_ok(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
	munmap(b, size);
	/* a mapping made after the write sees it too */
	b = ud_mmap(fd, size, PROT_READ, 0);
	ud_assert_pattern(b, size, 7, 0, "a new mapping");
	munmap(b, size);
	munmap(a, size);
	close(fd);
}

static void test_mmap_offset(int heap)
{
	const uint64_t size = 16 * UD_PAGE;
	uint8_t *a, *p;
	int fd;

	fd = ud_heap_alloc(heap, size);
	a = ud_mmap(fd, size, PROT_READ | PROT_WRITE, 0);
	ud_fill(a, size, 11, 0);
	/* pages 5..9 */
	p = ud_mmap(fd, 5 * UD_PAGE, PROT_READ | PROT_WRITE, 5 * UD_PAGE);
	ud_assert_pattern(p, 5 * UD_PAGE, 11, 5 * UD_PAGE, "a mapping at page 5");
	p[0] ^= 0xff;
	igt_assert_eq(a[5 * UD_PAGE], p[0]);
	munmap(p, 5 * UD_PAGE);
	/* the last page alone */
	p = ud_mmap(fd, UD_PAGE, PROT_READ, size - UD_PAGE);
	ud_assert_pattern(p, UD_PAGE, 11, size - UD_PAGE, "a mapping of the last page");
	munmap(p, UD_PAGE);
	/* beyond the end */
	p = mmap(NULL, size + UD_PAGE, PROT_READ, MAP_SHARED, fd, 0);
	igt_assert_f(p == MAP_FAILED && errno == EINVAL,
		     "mapping one page more than the buffer: %s\n",
		     p == MAP_FAILED ? strerror(errno) : "succeeded");
	p = mmap(NULL, 2 * UD_PAGE, PROT_READ, MAP_SHARED, fd, size - UD_PAGE);
	igt_assert_f(p == MAP_FAILED && errno == EINVAL,
		     "mapping across the end: %s\n", p == MAP_FAILED ? strerror(errno) : "succeeded");
	p = mmap(NULL, UD_PAGE, PROT_READ, MAP_SHARED, fd, size);
	igt_assert_f(p == MAP_FAILED && errno == EINVAL,
		     "mapping at the end: %s\n", p == MAP_FAILED ? strerror(errno) : "succeeded");
	munmap(a, size);
	close(fd);
}

static void test_mmap_private(int heap)
{
	void *p;
	int fd;

	fd = ud_heap_alloc(heap, UD_PAGE);
	p = mmap(NULL, UD_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	igt_assert_f(p == MAP_FAILED && errno == EINVAL,
		     "MAP_PRIVATE of a heap buffer: %s, expected EINVAL\n",
		     p == MAP_FAILED ? strerror(errno) : "succeeded");
	p = mmap(NULL, UD_PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
	igt_assert_f(p == MAP_FAILED && errno == EINVAL,
		     "read-only MAP_PRIVATE of a heap buffer: %s, expected EINVAL\n",
		     p == MAP_FAILED ? strerror(errno) : "succeeded");
	close(fd);
}

static void test_sync_flags(int heap)
{
	static const uint64_t good[] = {
		DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ,
		DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE,
		DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW,
	};
	static const uint64_t bad[] = {
		0, DMA_BUF_SYNC_END, 1ull << 3, 1ull << 32, ~0ull,
		DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW | (1ull << 8),
	};
	int fd = ud_heap_alloc(heap, UD_PAGE);

	for (unsigned int i = 0; i < sizeof(good) / sizeof(good[0]); i++)
		ud_sync_ok(fd, good[i]);
	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		igt_assert_f(ud_sync(fd, bad[i]) == -EINVAL, "SYNC flags %#" PRIx64
			     " are invalid: expected EINVAL\n", bad[i]);
	close(fd);
}

static void test_fd_flags(int heap)
{
	int fd = -1;

	igt_assert_eq(ud_alloc_full(heap, UD_PAGE, O_RDWR | O_CLOEXEC, 0, &fd), 0);
	igt_assert_eq(fcntl(fd, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	igt_assert_eq(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	close(fd);
	igt_assert_eq(ud_alloc_full(heap, UD_PAGE, O_RDWR, 0, &fd), 0);
	igt_assert_eq(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0);
	igt_assert_eq(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDWR);
	close(fd);
}

static void test_fd_rdonly(int heap)
{
	uint8_t *p;
	int fd = -1;

	igt_assert_eq(ud_alloc_full(heap, 2 * UD_PAGE, O_RDONLY | O_CLOEXEC, 0, &fd), 0);
	igt_assert_eq(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY);
	p = ud_mmap(fd, 2 * UD_PAGE, PROT_READ, 0);
	ud_assert_value(p, 2 * UD_PAGE, 0, "a read-only buffer");
	munmap(p, 2 * UD_PAGE);
	p = mmap(NULL, 2 * UD_PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	igt_assert_f(p == MAP_FAILED && errno == EACCES,
		     "writable mapping of an O_RDONLY buffer: %s, expected EACCES\n",
		     p == MAP_FAILED ? strerror(errno) : "succeeded");
	close(fd);
}

static void test_fd_wronly(int heap)
{
	void *p;
	int fd = -1;

	igt_assert_eq(ud_alloc_full(heap, UD_PAGE, O_WRONLY | O_CLOEXEC, 0, &fd), 0);
	igt_assert_eq(fcntl(fd, F_GETFL) & O_ACCMODE, O_WRONLY);
	p = mmap(NULL, UD_PAGE, PROT_READ, MAP_SHARED, fd, 0);
	igt_assert_f(p == MAP_FAILED && errno == EACCES,
		     "mapping an O_WRONLY buffer: %s, expected EACCES\n",
		     p == MAP_FAILED ? strerror(errno) : "succeeded");
	close(fd);
}

static void test_error_fd_flags(int heap)
{
	const uint32_t valid = O_CLOEXEC | O_ACCMODE;

	for (int bit = 0; bit < 32; bit++)
		if (!((1u << bit) & valid))
			ud_alloc_fails(heap, UD_PAGE, O_RDWR | (1u << bit), 0, EINVAL);
	ud_alloc_fails(heap, UD_PAGE, O_RDWR | O_NONBLOCK, 0, EINVAL);
	ud_alloc_fails(heap, UD_PAGE, O_RDWR | O_CLOEXEC | O_SYNC, 0, EINVAL);
	ud_alloc_fails(heap, UD_PAGE, ~(uint32_t)(O_RDWR | O_CLOEXEC), 0, EINVAL);
}

static void test_error_heap_flags(int heap)
{
	for (int bit = 0; bit < 64; bit++)
		ud_alloc_fails(heap, UD_PAGE, O_RDWR | O_CLOEXEC, 1ull << bit, EINVAL);
	ud_alloc_fails(heap, UD_PAGE, O_RDWR | O_CLOEXEC, ~0ull, EINVAL);
}

static void test_error_input_fd(int heap)
{
	static const uint32_t in[] = { 1, 3, 0x80000000u, 0xffffffffu };

	for (unsigned int i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		struct dma_heap_allocation_data d;

		memset(&d, 0, sizeof(d));
		d.len = UD_PAGE;
		d.fd = in[i];
		d.fd_flags = O_RDWR | O_CLOEXEC;
		igt_assert_f(ioctl(heap, DMA_HEAP_IOCTL_ALLOC, &d) == -1 && errno == EINVAL,
			     "ALLOC with input fd %#x: expected EINVAL\n", in[i]);
	}
}

static void test_error_len(int heap)
{
	ud_alloc_fails(heap, 0, O_RDWR | O_CLOEXEC, 0, EINVAL);
	/* PAGE_ALIGN() of these wraps to 0 */
	ud_alloc_fails(heap, ~0ull, O_RDWR | O_CLOEXEC, 0, EINVAL);
	ud_alloc_fails(heap, ~0ull - UD_PAGE + 2, O_RDWR | O_CLOEXEC, 0, EINVAL);
}

static void test_error_too_large(int heap)
{
	uint64_t b0 = ud_heap_buffers(), y0 = ud_heap_bytes();
	int fds0 = ud_count_fds();

	ud_alloc_fails(heap, 1ull << 44, O_RDWR | O_CLOEXEC, 0, ENOMEM);
	ud_alloc_fails(heap, 1ull << 62, O_RDWR | O_CLOEXEC, 0, ENOMEM);
	ud_alloc_fails(heap, ~0ull - UD_PAGE + 1, O_RDWR | O_CLOEXEC, 0, ENOMEM);
	igt_assert_eq(ud_count_fds(), fds0);
	igt_assert_eq_u64(ud_heap_buffers(), b0);
	igt_assert_eq_u64(ud_heap_bytes(), y0);
}

static void test_error_fault(int heap)
{
	uint64_t b0 = ud_heap_buffers();
	int fds0 = ud_count_fds();
	struct dma_heap_allocation_data *ro;

	igt_assert_f(ioctl(heap, DMA_HEAP_IOCTL_ALLOC, NULL) == -1 && errno == EFAULT,
		     "ALLOC with a NULL argument: expected EFAULT\n");
	/* readable but not writable: the buffer is made, the fd cannot be returned */
	ro = mmap(NULL, UD_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	igt_assert(ro != MAP_FAILED);
	ro->len = UD_PAGE;
	ro->fd_flags = O_RDWR | O_CLOEXEC;
	igt_assert_eq(mprotect(ro, UD_PAGE, PROT_READ), 0);
	igt_assert_f(ioctl(heap, DMA_HEAP_IOCTL_ALLOC, ro) == -1 && errno == EFAULT,
		     "ALLOC with a read-only argument: expected EFAULT\n");
	munmap(ro, UD_PAGE);
	igt_assert_eq(ud_count_fds(), fds0);
	igt_assert_eq_u64(ud_heap_buffers(), b0);
}

static void test_error_ioctl(int heap)
{
	static const unsigned int nr[] = { 1, 2, 0x20 - 1, 0xff };
	struct dma_heap_allocation_data d;

	for (unsigned int i = 0; i < sizeof(nr) / sizeof(nr[0]); i++) {
		memset(&d, 0, sizeof(d));
		d.len = UD_PAGE;
		d.fd_flags = O_RDWR | O_CLOEXEC;
		igt_assert_f(ioctl(heap, _IOWR(DMA_HEAP_IOC_MAGIC, nr[i],
					       struct dma_heap_allocation_data), &d) == -1 &&
			     errno == EINVAL, "ioctl number %#x: expected EINVAL\n", nr[i]);
	}
}

/* Older (16-byte, no heap_flags) and newer (larger) argument structs. */
static void test_struct_sizes(int heap)
{
	struct {
		uint64_t len;
		uint32_t fd, fd_flags;
		uint64_t canary[2];
	} arg16;
	struct {
		uint64_t len;
		uint32_t fd, fd_flags;
		uint64_t heap_flags, extra[3];
		uint64_t canary;
	} arg48;

	memset(&arg16, 0, sizeof(arg16));
	arg16.len = 3 * UD_PAGE;
	arg16.fd_flags = O_RDWR | O_CLOEXEC;
	arg16.canary[0] = arg16.canary[1] = 0x5a5a5a5a5a5a5a5aull;
	igt_assert_eq(ioctl(heap, _IOC(_IOC_READ | _IOC_WRITE, DMA_HEAP_IOC_MAGIC, 0, 16), &arg16),
		      0);
	igt_assert_eq_u64(ud_buf_size((int)arg16.fd), 3 * UD_PAGE);
	igt_assert_eq_u64(arg16.canary[0], 0x5a5a5a5a5a5a5a5aull);
	igt_assert_eq_u64(arg16.canary[1], 0x5a5a5a5a5a5a5a5aull);
	close((int)arg16.fd);

	memset(&arg48, 0, sizeof(arg48));
	arg48.len = UD_PAGE;
	arg48.fd_flags = O_RDWR | O_CLOEXEC;
	arg48.extra[0] = 0x1122334455667788ull;
	arg48.extra[2] = 0xffffffffffffffffull;
	arg48.canary = 0xa5a5a5a5a5a5a5a5ull;
	igt_assert_eq(ioctl(heap, _IOC(_IOC_READ | _IOC_WRITE, DMA_HEAP_IOC_MAGIC, 0, 48), &arg48),
		      0);
	igt_assert_eq_u64(ud_buf_size((int)arg48.fd), UD_PAGE);
	igt_assert_eq_u64(arg48.extra[0], 0x1122334455667788ull);
	igt_assert_eq_u64(arg48.extra[1], 0);
	igt_assert_eq_u64(arg48.extra[2], 0xffffffffffffffffull);
	igt_assert_eq_u64(arg48.canary, 0xa5a5a5a5a5a5a5a5ull);
	close((int)arg48.fd);

	/* heap_flags still checked in the larger struct */
	memset(&arg48, 0, sizeof(arg48));
	arg48.len = UD_PAGE;
	arg48.fd_flags = O_RDWR | O_CLOEXEC;
	arg48.heap_flags = 1ull << 40;
	igt_assert_f(ioctl(heap, _IOC(_IOC_READ | _IOC_WRITE, DMA_HEAP_IOC_MAGIC, 0, 48), &arg48) == -1 &&
		     errno == EINVAL, "48-byte struct with heap_flags bit 40: expected EINVAL\n");
}

/* A mapping keeps the buffer after its fd and the heap fd are closed. */
static void test_lifetime(void)
{
	const uint64_t size = 8 * UD_PAGE;
	uint64_t b0 = ud_heap_buffers();
	uint8_t *p;
	int heap, fd;

	heap = open(UD_HEAP, O_RDWR | O_CLOEXEC);
	igt_assert_fd(heap);
	fd = ud_heap_alloc(heap, size);
	p = ud_mmap(fd, size, PROT_READ | PROT_WRITE, 0);
	ud_fill(p, size, 21, 0);
	close(fd);
	close(heap);
	igt_assert_eq_u64(ud_heap_buffers(), b0 + 1);
	ud_assert_pattern(p, size, 21, 0, "a mapping after its fd and the heap fd were closed");
	ud_fill(p, size, 22, 0);
	ud_assert_pattern(p, size, 22, 0, "the same mapping, written again");
	munmap(p, size);
	igt_assert_eq_u64(ud_heap_buffers(), b0);
}

static void test_dma_addr_heap(int heap)
{
	unsigned int bits =
		(unsigned int)ud_read_u64("/sys/module/u_dma_buf/parameters/heap_dma_mask_bit");
	uint64_t mask = bits >= 64 ? ~0ull : (1ull << bits) - 1;
	struct u_dma_buf_heap_dma_addr qa, qb, qd;
	int a, b, d, other;

	igt_assert(bits >= 12 && bits <= 64);
	a = ud_heap_alloc(heap, UD_MIB);
	b = ud_heap_alloc(heap, 5000);
	igt_assert_eq(ud_dma_addr(heap, a, 0, &qa), 0);
	igt_assert_eq_u32(qa.fd, (uint32_t)a);
	igt_assert_eq_u32(qa.flags, 0);
	igt_assert_eq_u64(qa.size, UD_MIB);
	igt_assert_eq_u64(qa.offset, 0);
	igt_assert(qa.addr != 0);
	igt_assert_eq_u64(qa.addr & (UD_PAGE - 1), 0);
	igt_assert_f(qa.addr + qa.size - 1 <= mask, "buffer %#" PRIx64 " + %" PRIu64
		     " is beyond the heap's %u-bit DMA mask\n", (uint64_t)qa.addr,
		     (uint64_t)qa.size, bits);
	igt_assert_eq(ud_dma_addr(heap, b, 0, &qb), 0);
	igt_assert_eq_u64(qb.size, 2 * UD_PAGE);
	igt_assert(qb.addr + qb.size - 1 <= mask);
	igt_assert_f(qa.addr + qa.size <= qb.addr || qb.addr + qb.size <= qa.addr,
		     "two live buffers overlap\n");
	/* a dup()ed fd and another open of the heap give the same answer */
	d = dup(a);
	other = open(UD_HEAP, O_RDWR | O_CLOEXEC);
	igt_assert_fd(other);
	igt_assert_eq(ud_dma_addr(other, d, 0, &qd), 0);
	igt_assert_eq_u64(qd.addr, qa.addr);
	igt_assert_eq_u64(qd.size, qa.size);
	close(other);
	close(d);
	close(b);
	close(a);
}

static void test_dma_addr_errors(int heap, int dev)
{
	struct u_dma_buf_heap_dma_addr q;
	int p[2], fd, nul, memfd;

	igt_assert_eq(pipe(p), 0);
	nul = open("/dev/null", O_RDWR | O_CLOEXEC);
	igt_assert_fd(nul);
	memfd = memfd_create("igt", MFD_CLOEXEC);
	igt_assert_fd(memfd);
	ud_dma_addr_fails(heap, p[0], 0, EINVAL, "the read end of a pipe");
	ud_dma_addr_fails(heap, p[1], 0, EINVAL, "the write end of a pipe");
	ud_dma_addr_fails(heap, nul, 0, EINVAL, "/dev/null");
	ud_dma_addr_fails(heap, memfd, 0, EINVAL, "a memfd");
	ud_dma_addr_fails(heap, heap, 0, EINVAL, "the heap node's own fd");
	ud_dma_addr_fails(heap, dev, 0, EINVAL, "a u-dma-buf device's fd");
	close(memfd);
	close(nul);
	close(p[0]);
	close(p[1]);
	ud_dma_addr_fails(heap, p[0], 0, EBADF, "a closed fd");
	ud_dma_addr_fails(heap, -1, 0, EBADF, "fd -1");
	ud_dma_addr_fails(heap, 1 << 30, 0, EBADF, "fd 2^30");

	fd = ud_heap_alloc(heap, UD_PAGE);
	ud_dma_addr_fails(heap, fd, 1, EINVAL, "a heap buffer with flags 1");
	ud_dma_addr_fails(heap, fd, 0x80000000u, EINVAL, "a heap buffer with flags bit 31");
	igt_assert_f(ioctl(heap, U_DMA_BUF_HEAP_IOCTL_DMA_ADDR, NULL) == -1 && errno == EFAULT,
		     "DMA_ADDR with a NULL argument: expected EFAULT\n");
	/* the ioctl on a dma-buf instead of the heap node */
	memset(&q, 0, sizeof(q));
	q.fd = (uint32_t)fd;
	igt_assert_f(ioctl(fd, U_DMA_BUF_HEAP_IOCTL_DMA_ADDR, &q) == -1 && errno == ENOTTY,
		     "DMA_ADDR issued on the dma-buf itself: expected ENOTTY\n");
	close(fd);
}

static void test_dma_addr_export(int heap, int dev)
{
	char path[128];
	uint64_t phys, eaddr;
	struct u_dma_buf_heap_dma_addr q;
	int fd;

	snprintf(path, sizeof(path), "/sys/class/u-dma-buf/%s/phys_addr", UD_DEV);
	phys = ud_read_u64(path);
	igt_assert(phys != 0);

	fd = ud_export(dev, 0, UD_DEV_SIZE, O_RDWR | O_CLOEXEC, &eaddr);
	igt_assert_eq_u64(eaddr, phys);
	igt_assert_eq(ud_dma_addr(heap, fd, 0, &q), 0);
	igt_assert_eq_u64(q.addr, phys);
	igt_assert_eq_u64(q.size, UD_DEV_SIZE);
	igt_assert_eq_u64(q.offset, 0);
	close(fd);

	fd = ud_export(dev, 3 * UD_PAGE, 5 * UD_PAGE, O_RDWR | O_CLOEXEC, &eaddr);
	igt_assert_eq_u64(eaddr, phys + 3 * UD_PAGE);
	igt_assert_eq(ud_dma_addr(heap, fd, 0, &q), 0);
	igt_assert_eq_u64(q.addr, phys + 3 * UD_PAGE);
	igt_assert_eq_u64(q.size, 5 * UD_PAGE);
	igt_assert_eq_u64(q.offset, 3 * UD_PAGE);
	close(fd);

}

static void test_export_bytes(int heap, int dev)
{
	const uint64_t off = 4 * UD_PAGE, size = 16 * UD_PAGE;
	struct u_dma_buf_heap_dma_addr q;
	uint8_t *buf, *p;
	int fd;

	buf = malloc(size);
	igt_assert(buf);
	ud_fill(buf, size, 31, off);
	igt_assert_eq(pwrite(dev, buf, size, off), (ssize_t)size);
	fd = ud_export(dev, off, size, O_RDWR | O_CLOEXEC, NULL);
	igt_assert_eq(ud_dma_addr(heap, fd, 0, &q), 0);
	igt_assert_eq_u64(q.offset, off);
	p = ud_mmap(fd, size, PROT_READ | PROT_WRITE, 0);
	ud_sync_ok(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW);
	ud_assert_pattern(p, size, 31, off, "the export's mapping");
	ud_fill(p, size, 32, off);
	ud_sync_ok(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW);
	igt_assert_eq(pread(dev, buf, size, off), (ssize_t)size);
	ud_assert_pattern(buf, size, 32, off, "the device after writing through the export");
	munmap(p, size);
	close(fd);
	free(buf);
}

igt_main
{
	static const uint64_t sizes[] = {
		1, 4095, 4096, 4097, 65536, 1048576, 4194303, 4194304,
	};
	int heap = -1;

	igt_fixture {
		heap = ud_require_heap();
	}

	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		igt_describe_f("A %" PRIu64 "-byte allocation: PAGE_ALIGN(len) bytes, zeroed, "
			       "page-aligned DMA address, accounted in buffers_in_use and "
			       "bytes_in_use until closed.", sizes[i]);
		igt_subtest_f("alloc-size-%" PRIu64, sizes[i])
			test_alloc_size(heap, sizes[i]);
	}

	igt_describe("32 live 64 KiB buffers keep their own contents and do not overlap.");
	igt_subtest("alloc-many")
		test_alloc_many(heap);

	igt_describe("Buffers are zeroed, also when the memory of freed, dirtied buffers "
		     "comes back (8 rounds of 16 x 256 KiB).");
	igt_subtest("zeroed-after-reuse")
		test_zeroed_reuse(heap);

	igt_describe("Bytes written through one mapping between SYNC START and END are seen "
		     "through another mapping and a new one.");
	igt_subtest("mmap-write-read")
		test_mmap_rw(heap);

	igt_describe("mmap honours the page offset; mappings beyond the end fail with EINVAL.");
	igt_subtest("mmap-offset")
		test_mmap_offset(heap);

	igt_describe("MAP_PRIVATE mappings are refused with EINVAL.");
	igt_subtest("mmap-private")
		test_mmap_private(heap);

	igt_describe("DMA_BUF_IOCTL_SYNC accepts START/END with READ, WRITE or both and "
		     "refuses anything else with EINVAL.");
	igt_subtest("sync-flags")
		test_sync_flags(heap);

	igt_describe("fd_flags O_CLOEXEC reaches the fd; O_RDWR the file.");
	igt_subtest("fd-cloexec")
		test_fd_flags(heap);

	igt_describe("An O_RDONLY buffer maps read-only and refuses PROT_WRITE with EACCES.");
	igt_subtest("fd-rdonly")
		test_fd_rdonly(heap);

	igt_describe("An O_WRONLY buffer refuses to be mapped (EACCES).");
	igt_subtest("fd-wronly")
		test_fd_wronly(heap);

	igt_describe("fd_flags outside O_CLOEXEC | O_ACCMODE: EINVAL.");
	igt_subtest("error-fd-flags")
		test_error_fd_flags(heap);

	igt_describe("Every heap_flags bit: EINVAL (none is defined).");
	igt_subtest("error-heap-flags")
		test_error_heap_flags(heap);

	igt_describe("An input fd other than 0: EINVAL.");
	igt_subtest("error-input-fd")
		test_error_input_fd(heap);

	igt_describe("len 0 and lengths whose PAGE_ALIGN() wraps to 0: EINVAL.");
	igt_subtest("error-len")
		test_error_len(heap);

	igt_describe("Valid lengths no memory can hold: ENOMEM, no fd or buffer left behind.");
	igt_subtest("error-too-large")
		test_error_too_large(heap);

	igt_describe("Unreadable and unwritable arguments: EFAULT, no fd or buffer left "
		     "behind.");
	igt_subtest("error-fault")
		test_error_fault(heap);

	igt_describe("Other ioctl numbers of the dma-heap magic: EINVAL.");
	igt_subtest("error-ioctl")
		test_error_ioctl(heap);

	igt_describe("The 16-byte struct of older kernels and larger structs work; bytes "
		     "beyond the known ones come back unchanged.");
	igt_subtest("struct-sizes")
		test_struct_sizes(heap);

	igt_describe("A mapping keeps the buffer alive and usable after its fd and the heap "
		     "fd are closed; unmapping frees it.");
	igt_subtest("lifetime-mapping")
		test_lifetime();

	igt_describe("DMA_ADDR of heap buffers: size PAGE_ALIGN(len), offset 0, page aligned, "
		     "below heap_dma_mask_bit, disjoint; the same through a dup and another "
		     "open of the node.");
	igt_subtest("dma-addr-heap")
		test_dma_addr_heap(heap);

	igt_subtest_group {
		int dev = -1;

		igt_fixture {
			ud_require_mgr();
			dev = ud_create_device(UD_DEV, UD_DEV_SIZE);
		}

		igt_describe("DMA_ADDR of exports of a u-dma-buf device: the device's phys_addr "
			     "plus the export offset, as EXPORT returned, with the export's size "
			     "and offset.");
		igt_subtest("dma-addr-export")
			test_dma_addr_export(heap, dev);

		igt_describe("DMA_ADDR of fds that are not u-dma-buf dma-bufs: EINVAL; of closed "
			     "or impossible fds: EBADF; flags != 0: EINVAL; NULL: EFAULT.");
		igt_subtest("dma-addr-errors")
			test_dma_addr_errors(heap, dev);

		igt_describe("An export and its device show the same bytes, both ways.");
		igt_subtest("export-bytes")
			test_export_bytes(heap, dev);

		igt_fixture {
			close(dev);
			ud_delete_device(UD_DEV);
		}
	}

	igt_fixture
		close(heap);
}
