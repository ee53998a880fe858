// SPDX-License-Identifier: GPL-2.0
/*
 * U_DMA_BUF_HEAP_IOCTL_DMA_ADDR (uapi/u-dma-buf-heap.h):
 *
 *   - on main-heap buffers: size = PAGE_ALIGN(len), offset 0, a page
 *     aligned address whose whole range is below the heap's DMA mask
 *     (heap_dma_mask_bit), distinct buffers do not overlap; fd and flags
 *     come back unchanged; a dup()ed fd gives the same answer;
 *   - on U_DMA_BUF_IOCTL_EXPORT fds: the device's DMA address (sysfs
 *     phys_addr) + the export offset, the export size, offset = the export
 *     offset, and the address EXPORT itself returned;
 *   - valid fds that are not u-dma-buf dma-bufs (a vgem dumb-buffer
 *     dma-buf, both ends of a pipe, /dev/null, the device's own fd, the
 *     heap node's fd, a memfd): EINVAL; closed or impossible fd numbers:
 *     EBADF; flags != 0: EINVAL; a NULL argument: EFAULT;
 *   - any open heap node answers (SUBHEAP given): the sub-heap node about
 *     main-heap buffers and the main node about sub-heap buffers, whose
 *     address is phys_addr + offset of the sub-heap's device;
 *   - heap buffers and exports have the same exporter (fdinfo exp_name).
 *
 * usage: heap-addr DEVICE [SUBHEAP]
 *   DEVICE   a u-dma-buf device of at least 64 KiB (for EXPORT)
 *   SUBHEAP  a sub-allocating heap (its device has the same name)
 * vgem should be loaded (otherwise the vgem case FAILs).
 */
#include "heap.h"

static int hmain;

/* DMA_ADDR of fd on node: expects success; fills q. */
static int query(int node, int fd, struct u_dma_buf_heap_dma_addr *q, const char *what)
{
	int ret = hp_dma_addr(node, fd, 0, q);

	return t_check_ret(ret, 0, "DMA_ADDR of %s", what);
}

static void expect_err(int node, int fd, uint32_t flags, int want, const char *what)
{
	struct u_dma_buf_heap_dma_addr q;

	t_check_ret(hp_dma_addr(node, fd, flags, &q), want, "DMA_ADDR of %s: %s", what,
		    strerror(want));
}

static int overlap(const struct u_dma_buf_heap_dma_addr *a, const struct u_dma_buf_heap_dma_addr *b)
{
	return a->addr < b->addr + b->size && b->addr < a->addr + a->size;
}

static void check_main(int *keep_fd, struct u_dma_buf_heap_dma_addr *keep)
{
	struct u_dma_buf_heap_dma_addr qa, qb, qd;
	unsigned long long bits = tl_sysfs_u64("/sys/module/u_dma_buf/parameters/heap_dma_mask_bit");
	unsigned long long mask = bits >= 64 ? ~0ULL : (1ULL << bits) - 1;
	int a, b, d;

	t_check(bits >= 12 && bits <= 64, "heap_dma_mask_bit is readable (%llu)", bits);
	a = hp_alloc_or_die(hmain, HP_MIB);
	b = hp_alloc_or_die(hmain, 5000);
	if (query(hmain, a, &qa, "a 1 MiB main-heap buffer")) {
		t_check_u64(qa.size, HP_MIB, "main heap, 1 MiB: size");
		t_check_u64(qa.offset, 0, "main heap, 1 MiB: offset 0");
		t_check(qa.addr && !(qa.addr & (TL_PAGE - 1)),
			"main heap, 1 MiB: a nonzero page-aligned address (0x%llx)",
			(unsigned long long)qa.addr);
		t_check(qa.addr + qa.size - 1 <= mask && qa.addr + qa.size > qa.addr,
			"main heap, 1 MiB: the range is below the heap's DMA mask (0x%llx, %llu bits)",
			(unsigned long long)qa.addr, bits);
		t_check(qa.fd == (uint32_t)a && qa.flags == 0,
			"main heap: fd and flags come back unchanged");
	}
	if (query(hmain, b, &qb, "a 5000-byte main-heap buffer")) {
		t_check_u64(qb.size, 2 * TL_PAGE, "main heap, 5000 bytes: size 8192");
		t_check_u64(qb.offset, 0, "main heap, 5000 bytes: offset 0");
		t_check(qb.addr + qb.size - 1 <= mask, "main heap, 5000 bytes: below the DMA mask");
		t_check(!overlap(&qa, &qb), "two live main-heap buffers do not overlap "
			"(0x%llx+%llu, 0x%llx+%llu)", (unsigned long long)qa.addr,
			(unsigned long long)qa.size, (unsigned long long)qb.addr,
			(unsigned long long)qb.size);
	}
	d = dup(a);
	if (query(hmain, d, &qd, "a dup() of the 1 MiB buffer"))
		t_check(qd.addr == qa.addr && qd.size == qa.size && qd.offset == qa.offset,
			"a dup()ed fd gives the same answer");
	close(d);
	close(b);
	*keep_fd = a;
	*keep = qa;
}

static void check_export(const char *dev, int *expfd)
{
	char path[128];
	unsigned long long phys, dsize;
	struct u_dma_buf_heap_dma_addr q;
	uint64_t eaddr = 0;
	int devfd, fd;

	snprintf(path, sizeof(path), "/sys/class/u-dma-buf/%s/phys_addr", dev);
	phys = tl_sysfs_u64("%s", path);
	dsize = tl_sysfs_u64("/sys/class/u-dma-buf/%s/size", dev);
	devfd = tl_open_dev(dev, O_RDWR);
	if (!t_check(devfd >= 0 && phys != ~0ULL && dsize >= 16 * TL_PAGE,
		     "device %s: open, phys_addr and size (0x%llx, %llu)", dev, phys, dsize))
		return;
	fd = tl_export(devfd, 2 * TL_PAGE, 3 * TL_PAGE, O_RDWR | O_CLOEXEC, &eaddr);
	if (t_check_ret(fd, 0, "EXPORT %s at 8192 + 12288", dev)) {
		if (query(hmain, fd, &q, "an EXPORT fd (8192 + 12288)")) {
			t_check_u64(q.addr, phys + 2 * TL_PAGE, "EXPORT fd: addr = phys_addr + 8192");
			t_check_u64(q.addr, eaddr, "EXPORT fd: addr = what EXPORT returned");
			t_check_u64(q.size, 3 * TL_PAGE, "EXPORT fd: size 12288");
			t_check_u64(q.offset, 2 * TL_PAGE, "EXPORT fd: offset 8192");
		}
		*expfd = fd;
	}
	fd = tl_export(devfd, 0, TL_PAGE_ALIGN(dsize), O_RDWR | O_CLOEXEC, NULL);
	if (t_check_ret(fd, 0, "EXPORT all of %s", dev)) {
		if (query(hmain, fd, &q, "an EXPORT fd of the whole device")) {
			t_check_u64(q.addr, phys, "whole EXPORT: addr = phys_addr");
			t_check_u64(q.size, TL_PAGE_ALIGN(dsize), "whole EXPORT: size");
			t_check_u64(q.offset, 0, "whole EXPORT: offset 0");
		}
		close(fd);
	}
	/* the device's own fd is no dma-buf */
	expect_err(hmain, devfd, 0, EINVAL, "the u-dma-buf device's fd");
	close(devfd);
}

static void check_foreign(void)
{
	int card, pfd[2], fd, mfd;
	uint32_t handle = 0;

	card = tl_drm_open("vgem", NULL, 0);
	if (t_check(card >= 0, "a vgem card (modprobe vgem)")) {
		if (t_check_ret(tl_dumb_create(card, 64, 64, 32, &handle, NULL), 0,
				"vgem CREATE_DUMB")) {
			fd = tl_prime_export(card, handle);
			if (t_check_ret(fd, 0, "vgem PRIME_HANDLE_TO_FD")) {
				expect_err(hmain, fd, 0, EINVAL, "a vgem dumb-buffer dma-buf");
				close(fd);
			}
			tl_dumb_destroy(card, handle);
		}
		close(card);
	}
	if (!pipe(pfd)) {
		expect_err(hmain, pfd[0], 0, EINVAL, "a pipe's read end");
		expect_err(hmain, pfd[1], 0, EINVAL, "a pipe's write end");
		close(pfd[0]);
		close(pfd[1]);
	} else {
		t_die("pipe");
	}
	fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	expect_err(hmain, fd, 0, EINVAL, "/dev/null");
	close(fd);
	/* fd is closed now */
	expect_err(hmain, fd, 0, EBADF, "a closed fd number");
	expect_err(hmain, -1, 0, EBADF, "fd 0xffffffff");
	expect_err(hmain, 1 << 20, 0, EBADF, "fd 2^20 (never open)");
	expect_err(hmain, hmain, 0, EINVAL, "the heap node's own fd");
	mfd = memfd_create("heap-addr", MFD_CLOEXEC);
	if (mfd >= 0) {
		expect_err(hmain, mfd, 0, EINVAL, "a memfd");
		close(mfd);
	}
}

static void check_flags_and_faults(int fd)
{
	struct u_dma_buf_heap_dma_addr q;

	expect_err(hmain, fd, 1, EINVAL, "a heap buffer with flags 1");
	expect_err(hmain, fd, 0x80000000u, EINVAL, "a heap buffer with flags 0x80000000");
	expect_err(hmain, fd, 0xffffffffu, EINVAL, "a heap buffer with flags 0xffffffff");
	t_check_ret(ioctl(hmain, U_DMA_BUF_HEAP_IOCTL_DMA_ADDR, NULL), EFAULT,
		    "DMA_ADDR with a NULL argument: EFAULT");
	memset(&q, 0, sizeof(q));
	q.fd = fd;
	t_check_ret(ioctl(hmain, _IOR('U', 0x20, struct u_dma_buf_heap_dma_addr), &q), EINVAL,
		    "DMA_ADDR's number as _IOR (another command): EINVAL");
}

static void check_subheap(const char *sub, int mainfd, const struct u_dma_buf_heap_dma_addr *qm)
{
	struct u_dma_buf_heap_dma_addr q, q2;
	unsigned long long phys = tl_sysfs_u64("/sys/class/u-dma-buf/%s/phys_addr", sub);
	unsigned long long size = tl_sysfs_u64("/sys/class/u-dma-buf/%s/size", sub);
	int hs, fd, fd2;

	hs = hp_open_or_die(sub);
	if (query(hs, mainfd, &q, "a main-heap buffer, asked on the sub-heap node"))
		t_check(q.addr == qm->addr && q.size == qm->size && q.offset == qm->offset,
			"the sub-heap node gives the main node's answer");
	fd2 = hp_alloc_or_die(hs, TL_PAGE);	/* so the next one is not at offset 0 */
	fd = hp_alloc_or_die(hs, 2 * TL_PAGE);
	if (query(hs, fd, &q, "a sub-heap buffer, on its node") &&
	    query(hmain, fd, &q2, "a sub-heap buffer, on the main node")) {
		t_check(q.addr == q2.addr && q.size == q2.size && q.offset == q2.offset,
			"both nodes agree about a sub-heap buffer");
		t_check_u64(q.size, 2 * TL_PAGE, "sub-heap buffer: size 8192");
		t_check(q.offset && !(q.offset & (TL_PAGE - 1)) && q.offset + q.size <= size,
			"sub-heap buffer: a page-aligned offset inside the device (0x%llx)",
			(unsigned long long)q.offset);
		t_check_u64(q.addr, phys + q.offset, "sub-heap buffer: addr = phys_addr + offset");
		t_check(q.addr >= phys && q.addr + q.size <= phys + size,
			"sub-heap buffer: inside [phys_addr, phys_addr + size)");
	}
	expect_err(hs, -1, 0, EBADF, "fd 0xffffffff on the sub-heap node");
	expect_err(hs, fd, 2, EINVAL, "flags 2 on the sub-heap node");
	close(fd);
	close(fd2);
	close(hs);
}

int main(int argc, char **argv)
{
	struct u_dma_buf_heap_dma_addr qm;
	char n1[64], n2[64];
	int mainfd = -1, expfd = -1, fds0;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: heap-addr DEVICE [SUBHEAP]\n");
		return 2;
	}
	hp_init();
	fds0 = tl_count_fds();
	hmain = hp_open_or_die(HP_MAIN);
	check_main(&mainfd, &qm);
	check_export(argv[1], &expfd);
	check_foreign();
	check_flags_and_faults(mainfd);
	if (expfd >= 0) {
		tl_fdinfo(mainfd, "exp_name", n1, sizeof(n1));
		tl_fdinfo(expfd, "exp_name", n2, sizeof(n2));
		t_check(*n1 && !strcmp(n1, n2), "heap buffers and exports have the same exporter "
			"(exp_name '%s' and '%s')", n1, n2);
	}
	if (argc == 3)
		check_subheap(argv[2], mainfd, &qm);
	close(mainfd);
	if (expfd >= 0)
		close(expfd);
	close(hmain);
	t_check_u64(tl_count_fds(), fds0, "heap-addr: no fd left open");
	t_check_u64(hp_heap_attr(HP_MAIN, "buffers_in_use"), 0, "main heap: buffers_in_use back to 0");
	return t_done();
}
