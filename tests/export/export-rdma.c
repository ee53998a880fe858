// SPDX-License-Identifier: GPL-2.0
/*
 * export-rdma: our dma-bufs imported the way the RDMA core imports them,
 * through the test module udmabuf-rdma-importer.ko (tests/kmod/): the
 * pinned path (dynamic attach, pin and map under the reservation lock) and
 * the dynamic one, on an export of /dev/DEV, a buffer of the main heap and
 * one of the sub-heap /dev/dma_heap/SUBHEAP.
 *
 *   export-rdma DEV SUBHEAP
 *   export-rdma --unreachable DEV
 *
 * For each: the importer's device reads what the CPU wrote and its writes
 * reach the CPU, within the range asked and nowhere else; the mapping has
 * segments below the device's mask that cover the dma-buf; move_notify is
 * never called (nothing moves); bad requests get their errno; a held pin
 * keeps the memory after every other holder let go, until the importer's
 * file is closed, and is counted in debugfs u-dma-buf/pins.
 *
 * --unreachable: the importer module was loaded with a DMA mask below the
 * memory of DEV and of the main heap: both paths are refused with
 * EOPNOTSUPP (a pin through bounce buffers cannot be honoured; without
 * CONFIG_DMABUF_MOVE_NOTIFY a dynamic mapping is a pin too), no pin stays,
 * nothing is held. PASS/FAIL lines; exit status 1 when a check failed.
 */
#include <sys/ioctl.h>

#include "../kmod/rdma-importer/rdma-importer.h"
#include "dmabuf.h"
#include "sys.h"
#include "t.h"
#include <linux/dma-heap.h>

#define PAGE	4096UL

static int heap_alloc(const char *heap, uint64_t len)
{
	struct dma_heap_allocation_data d = { .len = len, .fd_flags = O_RDWR | O_CLOEXEC };
	int h = open(heap, O_RDWR | O_CLOEXEC), err;

	if (h < 0)
		return -1;
	err = ioctl(h, DMA_HEAP_IOCTL_ALLOC, &d);
	close(h);
	return err ? -1 : (int)d.fd;
}

static long import(int imp, int fd, uint32_t flags, uint64_t off, uint64_t size, uint8_t expect,
		   uint8_t fill, struct rdma_importer_args *a)
{
	*a = (struct rdma_importer_args){ .fd = fd, .flags = flags, .offset = off, .size = size,
					  .expect = expect, .fill = fill };
	return ioctl(imp, RDMA_IMPORTER_IMPORT, a);
}

/* 0 when [off, off + len) of @m is all @v (a CPU read after SYNC_START). */
static int all_is(int fd, const uint8_t *m, uint64_t off, uint64_t len, uint8_t v)
{
	uint64_t i;

	tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
	for (i = 0; i < len; i++)
		if (m[off + i] != v)
			break;
	tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
	return i == len ? 0 : -1;
}

static void fill(int fd, uint8_t *m, uint64_t size, uint8_t v)
{
	tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
	memset(m, v, size);
	tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
}

/* One path on one dma-buf: the device sees the CPU's bytes, the CPU the device's. */
static void check_path(int imp, const char *what, int fd, uint8_t *m, uint64_t size,
		       uint32_t flags)
{
	const char *path = flags & RDMA_IMPORTER_PINNED ? "pinned" : "dynamic";
	uint64_t off = size > 2 * PAGE ? PAGE : 0, len = size - 2 * off;
	struct rdma_importer_args a;

	fill(fd, m, size, 0x5a);
	if (!t_check_ret(import(imp, fd, flags, off, len, 0x5a, 0xa5, &a), 0,
			 "%s, %s import of 0x%llx+0x%llx", what, path, (unsigned long long)off,
			 (unsigned long long)len))
		return;
	t_check(a.bad_offset == ~0ULL, "%s, %s: the device reads what the CPU wrote (first bad byte %lld)",
		what, path, (long long)a.bad_offset);
	t_check(!all_is(fd, m, off, len, 0xa5), "%s, %s: the CPU reads what the device wrote", what,
		path);
	t_check(!all_is(fd, m, 0, off, 0x5a) && !all_is(fd, m, off + len, off, 0x5a),
		"%s, %s: the bytes outside the range are untouched", what, path);
	t_check(a.nents >= 1 && a.max_len <= 0xffffffffULL,
		"%s, %s: %llu segment(s), the longest %llu bytes", what, path,
		(unsigned long long)a.nents, (unsigned long long)a.max_len);
	t_check(a.moves == 0, "%s, %s: move_notify is never called (%llu)", what, path,
		(unsigned long long)a.moves);
	t_check(tl_pins() == 0, "%s, %s: no pin is left after the release (%lld)", what, path,
		tl_pins());
}

static void check_errors(int imp, int fd, uint64_t size)
{
	struct rdma_importer_args a;
	int other = open("/dev/null", O_RDONLY | O_CLOEXEC);

	t_check_ret(import(imp, fd, RDMA_IMPORTER_PINNED, 0, 0, 0, 0, &a), EINVAL,
		    "an import of 0 bytes is EINVAL");
	t_check_ret(import(imp, fd, RDMA_IMPORTER_PINNED, size, PAGE, 0, 0, &a), EINVAL,
		    "an import past the end is EINVAL");
	t_check_ret(import(imp, fd, RDMA_IMPORTER_HOLD, 0, PAGE, 0, 0, &a), EINVAL,
		    "holding a dynamic import is EINVAL");
	t_check_ret(import(imp, 1000, RDMA_IMPORTER_PINNED, 0, PAGE, 0, 0, &a), EBADF,
		    "an import of a closed fd is EBADF");
	t_check_ret(import(imp, other, RDMA_IMPORTER_PINNED, 0, PAGE, 0, 0, &a), EINVAL,
		    "an import of a file that is no dma-buf is EINVAL");
	close(other);
}

static void check_buf(int imp, const char *what, int fd)
{
	uint64_t size = tl_buf_size(fd);
	uint8_t *m = fd < 0 ? MAP_FAILED : tl_map(fd, size, PROT_READ | PROT_WRITE, 0);

	if (!t_check(m != MAP_FAILED, "%s: a dma-buf of %llu bytes, mapped", what,
		     (unsigned long long)size))
		return;
	check_path(imp, what, fd, m, size, RDMA_IMPORTER_PINNED);
	check_path(imp, what, fd, m, size, 0);
	munmap(m, size);
}

static unsigned long long live_bytes(void)
{
	unsigned long long buffers, bytes;

	return tl_stats(&buffers, &bytes) ? ~0ULL : bytes;
}

/* The live bytes once they are @want, or after 2 s (a loaded TCG guest is slow). */
static unsigned long long live_bytes_settled(unsigned long long want)
{
	unsigned long long got = live_bytes();
	int i;

	for (i = 0; i < 200 && got != want; i++) {
		tl_sleep_ms(10);
		got = live_bytes();
	}
	return got;
}

/* A registered region outlives its dma-buf fd and its mapping. */
static void check_hold(void)
{
	unsigned long long base = live_bytes(), got;
	struct rdma_importer_args a;
	int imp = open(RDMA_IMPORTER_DEV, O_RDWR | O_CLOEXEC);
	int fd = heap_alloc("/dev/dma_heap/udmabuf", 16 * PAGE);

	if (!t_check(imp >= 0 && fd >= 0, "hold: an importer file and a heap buffer"))
		return;
	t_check_ret(import(imp, fd, RDMA_IMPORTER_PINNED | RDMA_IMPORTER_HOLD, 0, 16 * PAGE, 0, 1,
			   &a), 0, "hold: a pinned import kept by the importer");
	t_check(tl_pins() >= 1, "hold: the held import is pinned (debugfs pins %lld)", tl_pins());
	close(fd);
	tl_sleep_ms(50);
	got = live_bytes();
	t_check(got == base + 16 * PAGE,
		"hold: the buffer stays while the importer holds it (%llu live bytes, want %llu)",
		got, base + 16 * PAGE);
	close(imp);
	got = live_bytes_settled(base);
	t_check(got == base, "hold: freed once the importer's file is closed (%llu, want %llu)",
		got, base);
	t_check(tl_pins() == 0, "hold: unpinned once the importer's file is closed (%lld)",
		tl_pins());
}

/* The importer's mask is below the memory: no path may pin or map it. */
static void check_unreachable(int imp, const char *what, int fd)
{
	unsigned long long base = live_bytes();
	uint64_t size = tl_buf_size(fd);
	struct rdma_importer_args a;

	t_check_ret(import(imp, fd, RDMA_IMPORTER_PINNED, 0, size, 0, 0, &a), EOPNOTSUPP,
		    "%s: a pinned import through bounce buffers is EOPNOTSUPP", what);
	t_check_ret(import(imp, fd, RDMA_IMPORTER_PINNED | RDMA_IMPORTER_HOLD, 0, size, 0, 0, &a),
		    EOPNOTSUPP, "%s: so is holding one", what);
	t_check_ret(import(imp, fd, 0, 0, size, 0, 0, &a), EOPNOTSUPP,
		    "%s: and a dynamic one (its mapping pins, without move_notify support)", what);
	t_check(tl_pins() == 0, "%s: no pin is left (%lld)", what, tl_pins());
	t_check(live_bytes() == base, "%s: nothing more is held (%llu live bytes, want %llu)",
		what, live_bytes(), base);
}

static int main_unreachable(const char *name)
{
	int imp = open(RDMA_IMPORTER_DEV, O_RDWR | O_CLOEXEC);
	int dev = tl_open_dev(name, O_RDWR), fd;

	if (imp < 0 || dev < 0)
		t_die("open " RDMA_IMPORTER_DEV " and the device");
	fd = tl_export(dev, 0, tl_buf_size(dev), O_RDWR, NULL);
	check_unreachable(imp, "export", fd);
	close(fd);
	fd = heap_alloc("/dev/dma_heap/udmabuf", 16 * PAGE);
	check_unreachable(imp, "heap buffer", fd);
	close(fd);
	close(dev);
	close(imp);
	return t_done();
}

int main(int argc, char **argv)
{
	char subheap[128];
	int imp, dev, fd;

	if (argc == 3 && !strcmp(argv[1], "--unreachable"))
		return main_unreachable(argv[2]);
	if (argc != 3) {
		fprintf(stderr, "usage: export-rdma DEV SUBHEAP | --unreachable DEV\n");
		return 2;
	}
	imp = open(RDMA_IMPORTER_DEV, O_RDWR | O_CLOEXEC);
	dev = tl_open_dev(argv[1], O_RDWR);
	if (imp < 0 || dev < 0)
		t_die("open " RDMA_IMPORTER_DEV " and the device");

	fd = tl_export(dev, 0, tl_buf_size(dev), O_RDWR, NULL);
	check_buf(imp, "export", fd);
	check_errors(imp, fd, tl_buf_size(dev));
	close(fd);
	fd = heap_alloc("/dev/dma_heap/udmabuf", 64 * PAGE);
	check_buf(imp, "heap buffer", fd);
	close(fd);
	snprintf(subheap, sizeof(subheap), "/dev/dma_heap/%s", argv[2]);
	fd = heap_alloc(subheap, 8 * PAGE);
	check_buf(imp, "sub-heap buffer", fd);
	close(fd);
	check_hold();
	close(dev);
	close(imp);
	return t_done();
}
