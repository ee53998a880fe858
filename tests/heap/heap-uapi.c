// SPDX-License-Identifier: GPL-2.0
/*
 * DMA_HEAP_IOCTL_ALLOC on one heap node, as <linux/dma-heap.h> defines it:
 *
 *   - the node: a 0600 character device of the misc device
 *     u-dma-buf-heap[.<name>];
 *   - every error case with its errno (EINVAL: input fd != 0, fd_flags
 *     outside O_CLOEXEC | O_ACCMODE, each of the 64 heap_flags bits, len 0
 *     and lengths whose PAGE_ALIGN() wraps to 0, ioctl numbers other than
 *     0; EFAULT for unreadable and unwritable arguments, leaking nothing)
 *     and its kernel log line "u-dma-buf: dma_heap/<name>: ALLOC: ...";
 *     ENOMEM for valid lengths no heap can hold (2^44 .. 2^64-4096: last,
 *     as a heap that mishandles them may take the kernel down);
 *   - decoding by number only, with the caller's struct size: 16-, 24-,
 *     48-, 256- and 16383-byte structs (extra bytes echoed back unchanged,
 *     nothing written past the caller's struct);
 *   - sizes are PAGE_ALIGN(len); buffers_in_use / bytes_in_use in sysfs;
 *   - fd_flags reach the fd (FD_CLOEXEC) and the file (access mode: an
 *     O_RDONLY buffer refuses PROT_WRITE with EACCES, O_WRONLY any mmap);
 *   - buffers are zeroed, also when the memory of freed, dirtied buffers
 *     comes back; DMA_BUF_IOCTL_SYNC works; a buffer outlives its fd
 *     (while mapped) and the heap fd.
 *
 * usage: heap-uapi HEAP     (HEAP: a name under /dev/dma_heap)
 * UDMABUF_HP_LABEL prefixes the test names; UDMABUF_HP_NOMSG=1 skips the
 * kernel log checks (a second run within the 5 s printk ratelimit window).
 */
#include <sys/sysmacros.h>

#include "heap.h"

static const char *heap;
static int hfd, kmsg = -1;
static unsigned long long capacity;	/* bytes the heap can hold (sub-heaps) */

static int alloc_raw(unsigned long cmd, void *arg)
{
	return ioctl(hfd, cmd, arg);
}

/* ALLOC with a 24-byte struct; expects failure with want; closes any fd. */
static void expect_fail(uint64_t len, uint32_t fd_in, uint32_t fd_flags, uint64_t heap_flags,
			int want, const char *msg, const char *fmt, ...)
	__attribute__((format(printf, 7, 8)));

static void expect_fail(uint64_t len, uint32_t fd_in, uint32_t fd_flags, uint64_t heap_flags,
			int want, const char *msg, const char *fmt, ...)
{
	struct dma_heap_allocation_data d;
	char name[200], needle[200];
	va_list ap;
	int ret;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	memset(&d, 0, sizeof(d));
	d.len = len;
	d.fd = fd_in;
	d.fd_flags = fd_flags;
	d.heap_flags = heap_flags;
	if (msg && kmsg >= 0)
		tl_kmsg_read(kmsg);
	ret = alloc_raw(DMA_HEAP_IOCTL_ALLOC, &d);
	t_check_ret(ret, want, "%s", name);
	if (!ret)
		close((int)d.fd);
	if (msg && kmsg >= 0) {
		snprintf(needle, sizeof(needle), "u-dma-buf: dma_heap/%s: %s", heap, msg);
		hp_check_has(tl_kmsg_read(kmsg), needle, "%s: kernel log line", name);
	}
}

static void check_node(void)
{
	char path[256], dir[128], *dev;
	struct stat st;
	unsigned int ma = 0, mi = 0;

	snprintf(path, sizeof(path), "/dev/dma_heap/%s", heap);
	if (!t_check(stat(path, &st) == 0, "%s exists", path))
		return;
	t_check(S_ISCHR(st.st_mode), "%s is a character device", path);
	t_check_u64(st.st_mode & 07777, 0600, "%s has mode 0600", path);
	hp_sysfs_dir(heap, dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/dev", dir);
	dev = tl_read_file(path);
	t_check(dev && sscanf(dev, "%u:%u", &ma, &mi) == 2 && ma == major(st.st_rdev) &&
		mi == minor(st.st_rdev), "the node is the misc device %s (%s)", dir,
		dev ? strtok(dev, "\n") : "no dev attribute");
	free(dev);
	if (!strcmp(heap, HP_MAIN))
		t_check(tl_exists("/sys/bus/platform/devices/u-dma-buf-heap"),
			"the platform device u-dma-buf-heap exists");
}

/* One error of each kind with its kernel log line, before any burst of them. */
static void check_messages(void)
{
	expect_fail(HP_MIB, 1, O_RDWR | O_CLOEXEC, 0, EINVAL, "ALLOC: ",
		    "logged: input fd 1: EINVAL");
	expect_fail(HP_MIB, 0, O_RDWR | O_NONBLOCK, 0, EINVAL, "ALLOC: ",
		    "logged: fd_flags O_RDWR | O_NONBLOCK: EINVAL");
	expect_fail(HP_MIB, 0, O_RDWR, 1, EINVAL, "ALLOC: ", "logged: heap_flags 1: EINVAL");
	expect_fail(0, 0, O_RDWR, 0, EINVAL, "ALLOC: ", "logged: len 0: EINVAL");
	expect_fail(~0ULL, 0, O_RDWR, 0, EINVAL, "ALLOC: ", "logged: len 2^64-1: EINVAL");
}

static void check_errors(void)
{
	const uint32_t valid = O_CLOEXEC | O_ACCMODE;
	unsigned long long b0 = hp_heap_attr(heap, "buffers_in_use");
	int bit, fds0 = tl_count_fds();
	struct dma_heap_allocation_data d;
	void *ro;

	expect_fail(HP_MIB, 0x80000000u, O_RDWR, 0, EINVAL, NULL, "input fd 0x80000000: EINVAL");
	expect_fail(HP_MIB, 0xffffffffu, O_RDWR, 0, EINVAL, NULL, "input fd 0xffffffff: EINVAL");
	expect_fail(HP_MIB, 3, O_RDWR | O_CLOEXEC, 0, EINVAL, NULL, "input fd 3: EINVAL");
	for (bit = 0; bit < 32; bit++)
		if (!((1u << bit) & valid))
			expect_fail(TL_PAGE, 0, O_RDWR | (1u << bit), 0, EINVAL, NULL,
				    "fd_flags O_RDWR | bit %d (0x%x): EINVAL", bit, 1u << bit);
	expect_fail(HP_MIB, 0, ~(uint32_t)(O_RDWR | O_CLOEXEC), 0, EINVAL, NULL,
		    "fd_flags ~(O_RDWR | O_CLOEXEC) (the kernel selftest's): EINVAL");
	expect_fail(HP_MIB, 0, O_RDWR | O_CLOEXEC | O_SYNC, 0, EINVAL, NULL,
		    "fd_flags O_RDWR | O_CLOEXEC | O_SYNC: EINVAL");
	for (bit = 0; bit < 64; bit++)
		expect_fail(TL_PAGE, 0, O_RDWR | O_CLOEXEC, 1ULL << bit, EINVAL, NULL,
			    "heap_flags bit %d: EINVAL", bit);
	expect_fail(HP_MIB, 0, O_RDWR | O_CLOEXEC, 0x111111, EINVAL, NULL,
		    "heap_flags 0x111111 (the kernel selftest's): EINVAL");
	expect_fail(HP_MIB, 0, O_RDWR | O_CLOEXEC, ~0ULL, EINVAL, NULL, "heap_flags ~0: EINVAL");
	expect_fail(0, 0, O_RDWR | O_CLOEXEC, 0, EINVAL, NULL, "len 0 (O_RDWR | O_CLOEXEC): EINVAL");
	expect_fail(~0ULL - TL_PAGE + 2, 0, O_RDWR | O_CLOEXEC, 0, EINVAL, NULL,
		    "len 2^64-4095 (PAGE_ALIGN wraps to 0): EINVAL");
	expect_fail(~0ULL - TL_PAGE / 2, 0, O_RDWR | O_CLOEXEC, 0, EINVAL, NULL,
		    "len 2^64-2049 (PAGE_ALIGN wraps to 0): EINVAL");
	/* several errors at once: still EINVAL */
	expect_fail(0, 7, 0xffffffffu, ~0ULL, EINVAL, NULL, "every field invalid: EINVAL");

	/* other ioctl numbers */
	memset(&d, 0, sizeof(d));
	d.len = TL_PAGE;
	d.fd_flags = O_RDWR | O_CLOEXEC;
	t_check_ret(alloc_raw(_IOWR(DMA_HEAP_IOC_MAGIC, 1, struct dma_heap_allocation_data), &d),
		    EINVAL, "ioctl _IOWR('H', 1, 24 bytes): EINVAL");
	t_check_ret(alloc_raw(_IOWR(DMA_HEAP_IOC_MAGIC, 2, struct dma_heap_allocation_data), &d),
		    EINVAL, "ioctl _IOWR('H', 2, 24 bytes): EINVAL");
	t_check_ret(alloc_raw(_IOWR(DMA_HEAP_IOC_MAGIC, 0xff, struct dma_heap_allocation_data), &d),
		    EINVAL, "ioctl _IOWR('H', 0xff, 24 bytes): EINVAL");
	t_check_ret(alloc_raw(_IO(DMA_HEAP_IOC_MAGIC, 1), &d), EINVAL, "ioctl _IO('H', 1): EINVAL");
	t_check_ret(alloc_raw(_IOWR('U', 0x21, struct u_dma_buf_heap_dma_addr), &d), EINVAL,
		    "ioctl _IOWR('U', 0x21, 32 bytes): EINVAL");
	t_check_ret(alloc_raw(_IOWR('U', 0x20, struct dma_heap_allocation_data), &d), EINVAL,
		    "ioctl _IOWR('U', 0x20, 24 bytes) (DMA_ADDR's number, wrong size): EINVAL");
	/* number 0 without IOC_IN: nothing is read, so len is 0 */
	t_check_ret(alloc_raw(_IOR(DMA_HEAP_IOC_MAGIC, 0, struct dma_heap_allocation_data), &d),
		    EINVAL, "ioctl _IOR('H', 0, 24 bytes) (nothing copied in: len 0): EINVAL");
	t_check_ret(alloc_raw(_IO(DMA_HEAP_IOC_MAGIC, 0), &d), EINVAL,
		    "ioctl _IO('H', 0) (no struct: len 0): EINVAL");

	/* EFAULT */
	t_check_ret(alloc_raw(DMA_HEAP_IOCTL_ALLOC, NULL), EFAULT, "ALLOC with a NULL argument: EFAULT");
	ro = mmap(NULL, TL_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (ro == MAP_FAILED)
		t_die("mmap anonymous");
	memset(&d, 0, sizeof(d));
	d.len = TL_PAGE;
	d.fd_flags = O_RDWR | O_CLOEXEC;
	memcpy(ro, &d, sizeof(d));
	mprotect(ro, TL_PAGE, PROT_READ);
	t_check_ret(alloc_raw(DMA_HEAP_IOCTL_ALLOC, ro), EFAULT,
		    "ALLOC with a read-only argument (the result cannot be copied out): EFAULT");
	munmap(ro, TL_PAGE);
	t_check_u64(tl_count_fds(), fds0, "no fd left behind by the failed ALLOCs");
	t_check_u64(hp_heap_attr(heap, "buffers_in_use"), b0,
		    "no buffer left behind by the failed ALLOCs (buffers_in_use)");
}

/*
 * Valid but impossible lengths: ENOMEM, nothing left behind. Last, as a
 * heap that mishandles them may take the kernel down.
 */
static void check_huge(void)
{
	unsigned long long b0 = hp_heap_attr(heap, "buffers_in_use");
	unsigned long long y0 = hp_heap_attr(heap, "bytes_in_use");
	int fds0 = tl_count_fds();

	/* PAGE_ALIGN(2^64 - 4096) is not 0: an impossible size, not an invalid one */
	expect_fail(~0ULL - TL_PAGE + 1, 0, O_RDWR | O_CLOEXEC, 0, ENOMEM, NULL,
		    "len 2^64-4096 (aligned, larger than memory): ENOMEM");
	expect_fail(1ULL << 62, 0, O_RDWR | O_CLOEXEC, 0, ENOMEM, NULL, "len 2^62: ENOMEM");
	expect_fail(1ULL << 44, 0, O_RDWR | O_CLOEXEC, 0, ENOMEM, NULL,
		    "len 2^44 (2^32 pages): ENOMEM");
	expect_fail((1ULL << 44) + TL_PAGE, 0, O_RDWR | O_CLOEXEC, 0, ENOMEM, NULL,
		    "len 2^44 + 4096 (2^32 + 1 pages): ENOMEM");
	t_check_u64(tl_count_fds(), fds0, "impossible lengths: no fd left behind");
	t_check(hp_heap_attr(heap, "buffers_in_use") == b0 &&
		hp_heap_attr(heap, "bytes_in_use") == y0,
		"impossible lengths: buffers_in_use and bytes_in_use unchanged");
}

/* The caller's struct size: 16, 48, 256 and 16383 bytes. */
static void check_struct_sizes(void)
{
	struct {
		struct hp_alloc16 a;
		uint64_t canary[4];
	} s16;
	struct {
		struct hp_alloc48 a;
		uint64_t canary[2];
	} s48;
	unsigned int big[] = { 256, 16383 };
	unsigned int i, k;
	int ret;

	memset(&s16, 0, sizeof(s16));
	s16.a.len = HP_MIB;
	s16.a.fd_flags = O_RDWR | O_CLOEXEC;
	for (i = 0; i < 4; i++)
		s16.canary[i] = 0x5a5a5a5a5a5a5a5aULL + i;
	ret = alloc_raw(HP_IOCTL_ALLOC16, &s16);
	if (t_check_ret(ret, 0, "16-byte struct (no heap_flags): ALLOC works")) {
		t_check(s16.a.fd > 2 && fcntl((int)s16.a.fd, F_GETFD) >= 0,
			"16-byte struct: a valid fd comes back (%u)", s16.a.fd);
		t_check_u64(tl_buf_size((int)s16.a.fd), HP_MIB, "16-byte struct: 1 MiB buffer");
		t_check(s16.a.len == HP_MIB && s16.a.fd_flags == (O_RDWR | O_CLOEXEC),
			"16-byte struct: len and fd_flags come back unchanged");
		for (k = 0, i = 0; i < 4; i++)
			k += s16.canary[i] == 0x5a5a5a5a5a5a5a5aULL + i;
		t_check_u64(k, 4, "16-byte struct: nothing written past 16 bytes");
		close((int)s16.a.fd);
	}

	memset(&s48, 0, sizeof(s48));
	s48.a.len = HP_MIB;
	s48.a.fd_flags = O_RDWR | O_CLOEXEC;
	s48.a.extra[0] = 0xffffffff;
	s48.a.extra[1] = 0x88888888;
	s48.a.extra[2] = 0x1122334455667788ULL;
	s48.canary[0] = s48.canary[1] = 0xa5a5a5a5a5a5a5a5ULL;
	ret = alloc_raw(HP_IOCTL_ALLOC48, &s48);
	if (t_check_ret(ret, 0, "48-byte struct (extra trailing bytes): ALLOC works")) {
		t_check(s48.a.fd > 2 && fcntl((int)s48.a.fd, F_GETFD) >= 0,
			"48-byte struct: a valid fd comes back (%u)", s48.a.fd);
		t_check_u64(tl_buf_size((int)s48.a.fd), HP_MIB, "48-byte struct: 1 MiB buffer");
		t_check(s48.a.extra[0] == 0xffffffff && s48.a.extra[1] == 0x88888888 &&
			s48.a.extra[2] == 0x1122334455667788ULL && s48.a.heap_flags == 0,
			"48-byte struct: the extra bytes come back unchanged");
		t_check(s48.canary[0] == 0xa5a5a5a5a5a5a5a5ULL &&
			s48.canary[1] == 0xa5a5a5a5a5a5a5a5ULL,
			"48-byte struct: nothing written past 48 bytes");
		close((int)s48.a.fd);
	}
	memset(&s48, 0, sizeof(s48));
	s48.a.len = HP_MIB;
	s48.a.fd_flags = O_RDWR | O_CLOEXEC;
	s48.a.heap_flags = 1ULL << 40;
	t_check_ret(alloc_raw(HP_IOCTL_ALLOC48, &s48), EINVAL,
		    "48-byte struct with heap_flags bit 40: EINVAL");

	for (i = 0; i < sizeof(big) / sizeof(big[0]); i++) {
		unsigned int n = big[i];
		uint8_t *b = malloc(n + 64);
		struct dma_heap_allocation_data *d = (void *)b;
		long bad = -1;

		if (!b)
			t_die("malloc");
		for (k = 0; k < n + 64; k++)
			b[k] = (uint8_t)(k * 7 + 3);
		memset(d, 0, sizeof(*d));
		d->len = 3 * TL_PAGE;
		d->fd_flags = O_RDWR | O_CLOEXEC;
		ret = alloc_raw(_IOC(_IOC_READ | _IOC_WRITE, DMA_HEAP_IOC_MAGIC, 0, n), b);
		if (t_check_ret(ret, 0, "%u-byte struct: ALLOC works", n)) {
			t_check_u64(tl_buf_size((int)d->fd), 3 * TL_PAGE,
				    "%u-byte struct: 12 KiB buffer", n);
			for (k = sizeof(*d); k < n + 64 && bad < 0; k++)
				if (b[k] != (uint8_t)(k * 7 + 3))
					bad = k;
			t_check(bad < 0, "%u-byte struct: the bytes after the 24 known ones come "
				"back unchanged, nothing written past them (first change at %ld)",
				n, bad);
			close((int)d->fd);
		}
		free(b);
	}

	/* decoded by number only: the type letter does not matter */
	{
		struct dma_heap_allocation_data d;

		memset(&d, 0, sizeof(d));
		d.len = TL_PAGE;
		d.fd_flags = O_RDWR | O_CLOEXEC;
		ret = alloc_raw(_IOWR('X', 0, struct dma_heap_allocation_data), &d);
		if (t_check_ret(ret, 0, "ioctl _IOWR('X', 0, 24 bytes) (decoded by number): "
				"ALLOC works"))
			close((int)d.fd);
	}
}

static void check_sizes_and_accounting(void)
{
	static const uint64_t lens[] = { 1, 4095, 4096, 4097, 5000, HP_MIB - 1, HP_MIB };
	unsigned long long b0 = hp_heap_attr(heap, "buffers_in_use");
	unsigned long long y0 = hp_heap_attr(heap, "bytes_in_use");
	unsigned long long sum = 0;
	int fds[8];
	unsigned int i, n = sizeof(lens) / sizeof(lens[0]);

	t_check_u64(b0, 0, "buffers_in_use is 0 at the start");
	t_check_u64(y0, 0, "bytes_in_use is 0 at the start");
	for (i = 0; i < n; i++) {
		fds[i] = hp_alloc(hfd, lens[i]);
		if (!t_check_ret(fds[i], 0, "ALLOC of %llu bytes", (unsigned long long)lens[i]))
			continue;
		t_check_u64(tl_buf_size(fds[i]), TL_PAGE_ALIGN(lens[i]),
			    "ALLOC of %llu bytes gives PAGE_ALIGN(len) bytes", (unsigned long long)lens[i]);
		sum += TL_PAGE_ALIGN(lens[i]);
	}
	t_check_u64(hp_heap_attr(heap, "buffers_in_use"), n, "buffers_in_use counts %u buffers", n);
	t_check_u64(hp_heap_attr(heap, "bytes_in_use"), sum, "bytes_in_use counts their bytes");
	for (i = 0; i < n; i++)
		if (fds[i] >= 0)
			close(fds[i]);
	t_check_u64(hp_heap_attr(heap, "buffers_in_use"), 0, "buffers_in_use back to 0 after close");
	t_check_u64(hp_heap_attr(heap, "bytes_in_use"), 0, "bytes_in_use back to 0 after close");
}

static void check_fd_flags(void)
{
	int fd, fl;
	uint8_t *m;

	fd = -1;
	if (t_check_ret(hp_alloc_full(hfd, HP_MIB, O_RDWR | O_CLOEXEC, 0, &fd), 0,
			"ALLOC O_RDWR | O_CLOEXEC")) {
		t_check(fcntl(fd, F_GETFD) & FD_CLOEXEC, "O_RDWR | O_CLOEXEC: FD_CLOEXEC is set");
		fl = fcntl(fd, F_GETFL);
		t_check_u64(fl & O_ACCMODE, O_RDWR, "O_RDWR | O_CLOEXEC: the file is O_RDWR");
		m = tl_map(fd, HP_MIB, PROT_READ | PROT_WRITE, 0);
		if (t_check(m != MAP_FAILED, "O_RDWR: mmap PROT_READ | PROT_WRITE works")) {
			tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW);
			tl_fill(m, HP_MIB, 11, 0);
			tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW);
			t_check(tl_cmp(m, HP_MIB, 11, 0) < 0, "O_RDWR: data written through the mapping reads back");
			munmap(m, HP_MIB);
			m = tl_map(fd, HP_MIB, PROT_READ, 0);
			t_check(m != MAP_FAILED && tl_cmp(m, HP_MIB, 11, 0) < 0,
				"O_RDWR: a second mapping sees the data");
			if (m != MAP_FAILED)
				munmap(m, HP_MIB);
		}
		close(fd);
	}
	if (t_check_ret(hp_alloc_full(hfd, TL_PAGE, O_RDWR, 0, &fd), 0, "ALLOC O_RDWR")) {
		t_check(!(fcntl(fd, F_GETFD) & FD_CLOEXEC), "O_RDWR without O_CLOEXEC: FD_CLOEXEC is clear");
		close(fd);
	}
	if (t_check_ret(hp_alloc_full(hfd, TL_PAGE, O_RDONLY | O_CLOEXEC, 0, &fd), 0,
			"ALLOC O_RDONLY | O_CLOEXEC")) {
		t_check(fcntl(fd, F_GETFD) & FD_CLOEXEC, "O_RDONLY | O_CLOEXEC: FD_CLOEXEC is set");
		t_check_u64(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY, "O_RDONLY: the file is O_RDONLY");
		m = tl_map(fd, TL_PAGE, PROT_READ | PROT_WRITE, 0);
		t_check_ret(m == MAP_FAILED ? -1 : 0, EACCES,
			    "O_RDONLY buffer: mmap PROT_READ | PROT_WRITE: EACCES");
		if (m != MAP_FAILED)
			munmap(m, TL_PAGE);
		m = tl_map(fd, TL_PAGE, PROT_WRITE, 0);
		t_check_ret(m == MAP_FAILED ? -1 : 0, EACCES, "O_RDONLY buffer: mmap PROT_WRITE: EACCES");
		if (m != MAP_FAILED)
			munmap(m, TL_PAGE);
		m = tl_map(fd, TL_PAGE, PROT_READ, 0);
		if (t_check_ret(m == MAP_FAILED ? -1 : 0, 0, "O_RDONLY buffer: mmap PROT_READ works")) {
			t_check(tl_nonzero(m, TL_PAGE) < 0, "O_RDONLY buffer: reads zeros");
			t_check_ret(mprotect(m, TL_PAGE, PROT_READ | PROT_WRITE), EACCES,
				    "O_RDONLY buffer: mprotect of its mapping to PROT_WRITE: EACCES");
			munmap(m, TL_PAGE);
		}
		close(fd);
	}
	/* access mode 3 is inside O_ACCMODE: accepted, as by the kernel's heaps; such a
	 * file can neither read nor write, so it cannot be mapped */
	if (t_check_ret(hp_alloc_full(hfd, TL_PAGE, O_ACCMODE | O_CLOEXEC, 0, &fd), 0,
			"ALLOC fd_flags O_ACCMODE | O_CLOEXEC (inside the valid mask)")) {
		m = tl_map(fd, TL_PAGE, PROT_READ, 0);
		t_check_ret(m == MAP_FAILED ? -1 : 0, EACCES,
			    "fd_flags O_ACCMODE: mmap PROT_READ: EACCES");
		if (m != MAP_FAILED)
			munmap(m, TL_PAGE);
		close(fd);
	}
	if (t_check_ret(hp_alloc_full(hfd, TL_PAGE, O_WRONLY, 0, &fd), 0, "ALLOC O_WRONLY")) {
		t_check(!(fcntl(fd, F_GETFD) & FD_CLOEXEC), "O_WRONLY: FD_CLOEXEC is clear");
		t_check_u64(fcntl(fd, F_GETFL) & O_ACCMODE, O_WRONLY, "O_WRONLY: the file is O_WRONLY");
		m = tl_map(fd, TL_PAGE, PROT_READ, 0);
		t_check_ret(m == MAP_FAILED ? -1 : 0, EACCES, "O_WRONLY buffer: mmap PROT_READ: EACCES");
		if (m != MAP_FAILED)
			munmap(m, TL_PAGE);
		close(fd);
	}
}

/* Dirty n buffers of size bytes, free them, allocate n again: all zero. */
static void check_zeroed(uint64_t size, unsigned int n)
{
	int fds[32];
	unsigned int i, dirty = 0, zero = 0, made = 0;
	long at = -1;
	uint8_t *m;

	if (n > 32)
		n = 32;
	for (i = 0; i < n; i++) {
		fds[i] = hp_alloc(hfd, size);
		if (fds[i] < 0)
			break;
		made++;
		m = tl_map(fds[i], size, PROT_READ | PROT_WRITE, 0);
		if (m == MAP_FAILED)
			break;
		tl_sync(fds[i], DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
		memset(m, 0xff, size);
		tl_sync(fds[i], DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
		munmap(m, size);
		dirty++;
	}
	for (i = 0; i < made; i++)
		close(fds[i]);
	made = 0;
	t_check_u64(dirty, n, "%u buffers of %llu bytes allocated and dirtied", n,
		    (unsigned long long)size);
	for (i = 0; i < n; i++) {
		fds[i] = hp_alloc(hfd, size);
		if (fds[i] < 0)
			break;
		made++;
		m = tl_map(fds[i], size, PROT_READ, 0);
		if (m == MAP_FAILED)
			break;
		tl_sync(fds[i], DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
		if (at < 0)
			at = tl_nonzero(m, size);
		zero += tl_nonzero(m, size) < 0;
		tl_sync(fds[i], DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
		munmap(m, size);
	}
	for (i = 0; i < made; i++)
		close(fds[i]);
	t_check(zero == n, "%u new buffers of %llu bytes after them are all zeroed (%u are; first "
		"nonzero byte at %ld)", n, (unsigned long long)size, zero, at);
}

static void check_sync_and_lifetime(void)
{
	unsigned long long b0 = hp_heap_attr(heap, "buffers_in_use");
	int fd, h2;
	uint8_t *m;

	fd = hp_alloc_or_die(hfd, 2 * TL_PAGE);
	t_check_ret(tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW), 0, "DMA_BUF_IOCTL_SYNC START | RW");
	t_check_ret(tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW), 0, "DMA_BUF_IOCTL_SYNC END | RW");
	t_check_ret(tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ), 0,
		    "DMA_BUF_IOCTL_SYNC START | READ");
	t_check_ret(tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ), 0, "DMA_BUF_IOCTL_SYNC END | READ");
	t_check_ret(tl_sync(fd, 0x100), EINVAL, "DMA_BUF_IOCTL_SYNC with unknown flags: EINVAL");

	m = tl_map(fd, 2 * TL_PAGE, PROT_READ | PROT_WRITE, 0);
	if (t_check(m != MAP_FAILED, "mmap of a 2-page buffer")) {
		tl_fill(m, 2 * TL_PAGE, 21, 0);
		close(fd);
		t_check_u64(hp_heap_attr(heap, "buffers_in_use"), b0 + 1,
			    "a buffer whose fd is closed lives while mapped");
		t_check(tl_cmp(m, 2 * TL_PAGE, 21, 0) < 0, "its mapping still holds the data");
		munmap(m, 2 * TL_PAGE);
		t_check_u64(hp_heap_attr(heap, "buffers_in_use"), b0,
			    "and is freed by munmap");
	} else {
		close(fd);
	}

	h2 = hp_open_or_die(heap);
	fd = hp_alloc_or_die(h2, TL_PAGE);
	close(h2);
	m = tl_map(fd, TL_PAGE, PROT_READ | PROT_WRITE, 0);
	t_check(m != MAP_FAILED, "a buffer outlives the heap fd it came from: mmap works");
	if (m != MAP_FAILED) {
		tl_fill(m, TL_PAGE, 22, 0);
		t_check(tl_cmp(m, TL_PAGE, 22, 0) < 0, "a buffer outlives its heap fd: data");
		munmap(m, TL_PAGE);
	}
	t_check_u64(hp_heap_attr(heap, "buffers_in_use"), b0 + 1,
		    "a buffer outlives its heap fd: still counted");
	close(fd);
	t_check_u64(hp_heap_attr(heap, "buffers_in_use"), b0, "and is freed by its close");

	fd = hp_alloc_or_die(hfd, TL_PAGE);
	h2 = dup(fd);
	close(fd);
	t_check_u64(hp_heap_attr(heap, "buffers_in_use"), b0 + 1, "a dup()ed buffer fd keeps it");
	close(h2);
	t_check_u64(hp_heap_attr(heap, "buffers_in_use"), b0, "closing the dup frees it");
}

int main(int argc, char **argv)
{
	unsigned long long s0b = 0, s0y = 0, s1b = ~0ULL, s1y = ~0ULL;
	int fds0, have_stats;

	if (argc != 2) {
		fprintf(stderr, "usage: heap-uapi HEAP\n");
		return 2;
	}
	hp_init();
	heap = argv[1];
	fds0 = tl_count_fds();
	have_stats = !tl_stats(&s0b, &s0y);
	hfd = hp_open_or_die(heap);
	capacity = strcmp(heap, HP_MAIN) ? hp_heap_attr(heap, "size") : 64 * HP_MIB;

	check_node();
	if (!getenv("UDMABUF_HP_NOMSG") || strcmp(getenv("UDMABUF_HP_NOMSG"), "1")) {
		kmsg = tl_kmsg_open();
		check_messages();
		close(kmsg);
		kmsg = -1;
	}
	check_errors();
	check_struct_sizes();
	check_sizes_and_accounting();
	check_fd_flags();
	check_zeroed(TL_PAGE, 32);
	check_zeroed(HP_MIB, capacity / HP_MIB < 16 ? (unsigned int)(capacity / HP_MIB) : 16);
	check_sync_and_lifetime();
	check_huge();

	close(hfd);
	t_check_u64(hp_heap_attr(heap, "buffers_in_use"), 0, "buffers_in_use is 0 at the end");
	t_check_u64(hp_heap_attr(heap, "bytes_in_use"), 0, "bytes_in_use is 0 at the end");
	t_check_u64(tl_count_fds(), fds0, "heap-uapi: no fd left open at the end");
	if (have_stats) {
		tl_stats(&s1b, &s1y);
		t_check(s1b == s0b && s1y == s0y,
			"debugfs stats back to the start (buffers %llu bytes %llu, was %llu %llu)",
			s1b, s1y, s0b, s0y);
	}
	return t_done();
}
