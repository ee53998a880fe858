// SPDX-License-Identifier: GPL-2.0
/*
 * Sub-allocating heaps through the manager (/dev/u-dma-buf-mgr):
 *
 *   - "create NAME SIZE dma-heap" makes /dev/dma_heap/NAME (misc device
 *     u-dma-buf-heap.NAME); without the token there is no heap node;
 *   - "create udmabuf SIZE dma-heap" is refused with EEXIST (the name of
 *     the main heap's node), leaves no device behind, and the main heap
 *     keeps its node and works;
 *   - "delete NAME" while allocations live: /dev/dma_heap/NAME, its sysfs
 *     directory, /dev/NAME and the device's sysfs directory go at once; an
 *     open heap fd allocates no more; the live buffers keep their data,
 *     mappings, new mappings, DMA address and vgem import; the name can be
 *     created again meanwhile, and the new heap is empty and does not
 *     overlap the old buffers; once everything is closed, debugfs stats are
 *     back to what they were before the device was created.
 *
 * usage: heap-mgr NAME SIZE   (NAME must not exist; SIZE >= 4 pages)
 */
#include "heap.h"

static const char *name;
static unsigned long long size;

static int node_exists(const char *n)
{
	char path[128];

	snprintf(path, sizeof(path), "/dev/dma_heap/%s", n);
	return tl_exists(path);
}

static int misc_exists(const char *n)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/class/misc/u-dma-buf-heap.%s", n);
	return tl_exists(path);
}

static int dev_exists(const char *n)
{
	char p1[128], p2[128];

	snprintf(p1, sizeof(p1), "/dev/%s", n);
	snprintf(p2, sizeof(p2), "/sys/class/u-dma-buf/%s", n);
	return tl_exists(p1) || tl_exists(p2);
}

static void check_token(void)
{
	char plain[64];

	t_check_ret(tl_mgr("create %s %llu dma-heap", name, size), 0,
		    "mgr: create %s %llu dma-heap", name, size);
	t_check(node_exists(name), "dma-heap token: /dev/dma_heap/%s exists", name);
	t_check(misc_exists(name), "dma-heap token: misc device u-dma-buf-heap.%s exists", name);
	t_check(dev_exists(name), "dma-heap token: the device %s exists too", name);
	t_check_u64(hp_heap_attr(name, "size"), size, "dma-heap token: the heap's size");

	snprintf(plain, sizeof(plain), "%s-plain", name);
	if (t_check_ret(tl_mgr("create %s 65536", plain), 0, "mgr: create %s 65536", plain)) {
		t_check(dev_exists(plain), "no token: the device %s exists", plain);
		t_check(!node_exists(plain) && !misc_exists(plain),
			"no token: no /dev/dma_heap/%s", plain);
		t_check_ret(tl_mgr("delete %s", plain), 0, "mgr: delete %s", plain);
	}
	t_check_ret(tl_mgr("delete %s", name), 0, "mgr: delete %s", name);
	t_check(!node_exists(name) && !misc_exists(name), "delete: /dev/dma_heap/%s is gone", name);
}

static void check_udmabuf_name(void)
{
	struct stat st0, st1;
	int h, fd;

	if (stat("/dev/dma_heap/udmabuf", &st0))
		t_die("stat /dev/dma_heap/udmabuf");
	t_check_ret(tl_mgr("create udmabuf 1048576 dma-heap"), EEXIST,
		    "mgr: create udmabuf 1048576 dma-heap: EEXIST (the main heap's name)");
	/* /dev/udmabuf itself may exist: the kernel's own udmabuf driver's. */
	t_check(!tl_exists("/sys/class/u-dma-buf/udmabuf"),
		"the refused device left no sysfs directory");
	t_check(stat("/dev/dma_heap/udmabuf", &st1) == 0 && st1.st_rdev == st0.st_rdev &&
		tl_exists(HP_MAIN_SYSFS), "/dev/dma_heap/udmabuf is still the main heap's node");
	h = hp_open(HP_MAIN);
	fd = h >= 0 ? hp_alloc(h, TL_PAGE) : -1;
	t_check_ret(fd, 0, "the main heap still allocates");
	if (fd >= 0)
		close(fd);
	if (h >= 0)
		close(h);
	/* and once more: the refusal left nothing that makes it differ */
	t_check_ret(tl_mgr("create udmabuf 1048576 dma-heap"), EEXIST,
		    "mgr: create udmabuf ... dma-heap again: EEXIST");
}

static void check_delete_live(void)
{
	unsigned long long s0b = ~0ULL, s0y = 0, s1b = 0, s1y = 0, s2b = 0, s2y = 0;
	struct u_dma_buf_heap_dma_addr qa, qa2, qc;
	unsigned long long unit = TL_PAGE_ALIGN(size / 4);
	int hs, hmain, a, b, c, card, eb = -1, fd, ret;
	uint32_t handle = 0;
	uint8_t *ma, *mb;

	tl_stats(&s0b, &s0y);
	hmain = hp_open_or_die(HP_MAIN);
	if (!t_check_ret(tl_mgr("create %s %llu dma-heap", name, size), 0,
			 "lifetime: create %s %llu dma-heap", name, size))
		return;
	tl_stats(&s1b, &s1y);
	hs = hp_open_or_die(name);
	a = hp_alloc_or_die(hs, unit);
	b = hp_alloc_or_die(hs, unit);
	ma = tl_map(a, unit, PROT_READ | PROT_WRITE, 0);
	if (ma == MAP_FAILED)
		t_die("mmap a");
	tl_fill(ma, unit, 70, 0);
	hp_dma_addr(hmain, a, 0, &qa);
	card = tl_drm_open("vgem", NULL, 0);
	if (t_check(card >= 0, "lifetime: a vgem card"))
		t_check_ret(tl_prime_import(card, b, &handle), 0, "lifetime: vgem imports buffer b");

	t_check_ret(tl_mgr("delete %s", name), 0, "lifetime: delete %s with 2 buffers, a mapping, "
		    "a heap fd and a vgem import alive", name);
	t_check(!node_exists(name), "after delete: /dev/dma_heap/%s is gone at once", name);
	t_check(!misc_exists(name), "after delete: its misc device is gone at once");
	t_check(!dev_exists(name), "after delete: /dev/%s and its sysfs directory are gone", name);
	fd = -1;
	ret = hp_alloc_full(hs, TL_PAGE, O_RDWR | O_CLOEXEC, 0, &fd);
	t_check(ret < 0, "after delete: the still open heap fd allocates no more (%s)",
		ret < 0 ? strerror(errno) : "it did");
	if (!ret)
		close(fd);
	ret = hp_dma_addr(hs, a, 0, &qa2);
	t_check_why(!ret && qa2.addr == qa.addr && qa2.size == qa.size && qa2.offset == qa.offset,
		    ret ? strerror(errno) : "a different answer",
		    "after delete: DMA_ADDR on the deleted heap's still open fd answers");
	close(hs);

	t_check(tl_cmp(ma, unit, 70, 0) < 0, "after delete: a's mapping keeps its data");
	tl_fill(ma, unit, 71, 0);
	t_check(tl_cmp(ma, unit, 71, 0) < 0, "after delete: a's mapping takes new data");
	ret = hp_dma_addr(hmain, a, 0, &qa2);
	t_check(!ret && qa2.addr == qa.addr && qa2.size == qa.size && qa2.offset == qa.offset,
		"after delete: DMA_ADDR of a is unchanged");
	mb = tl_map(b, unit, PROT_READ | PROT_WRITE, 0);
	if (t_check(mb != MAP_FAILED, "after delete: a new mapping of b works")) {
		t_check(tl_nonzero(mb, unit) < 0, "after delete: b reads zeros");
		tl_fill(mb, unit, 72, 0);
		t_check(tl_cmp(mb, unit, 72, 0) < 0, "after delete: b takes data");
		munmap(mb, unit);
	}
	if (card >= 0 && handle) {
		eb = tl_prime_export(card, handle);
		if (t_check_ret(eb, 0, "after delete: vgem re-exports b")) {
			mb = tl_map(eb, unit, PROT_READ, 0);
			t_check(mb != MAP_FAILED && tl_cmp(mb, unit, 72, 0) < 0,
				"after delete: the re-export shows b's data");
			if (mb != MAP_FAILED)
				munmap(mb, unit);
		}
	}

	/* the name again, while the old buffers live */
	if (t_check_ret(tl_mgr("create %s %llu dma-heap", name, size), 0,
			"lifetime: create %s again while its old buffers live", name)) {
		t_check_u64(hp_heap_attr(name, "buffers_in_use"), 0, "the new heap has no buffers");
		t_check_u64(hp_heap_attr(name, "free_bytes"), size, "the new heap is all free");
		hs = hp_open_or_die(name);
		c = hp_alloc(hs, size);
		if (t_check_ret(c, 0, "the new heap allocates all of its size")) {
			ret = hp_dma_addr(hmain, c, 0, &qc);
			t_check(!ret && qc.offset == 0 && (qc.addr >= qa.addr + qa.size ||
							   qa.addr >= qc.addr + qc.size),
				"the new heap's buffer does not overlap the old buffer a");
			close(c);
		}
		close(hs);
		t_check_ret(tl_mgr("delete %s", name), 0, "lifetime: delete the new %s", name);
	}

	munmap(ma, unit);
	close(a);
	tl_stats(&s2b, &s2y);
	t_check(s2b == s1b && s2y == s1y, "while b lives the old device's memory is kept "
		"(stats buffers %llu bytes %llu, with the device %llu %llu)", s2b, s2y, s1b, s1y);
	if (eb >= 0)
		close(eb);
	if (card >= 0) {
		if (handle)
			tl_gem_close(card, handle);
		close(card);
	}
	close(b);
	tl_stats(&s2b, &s2y);
	t_check(s2b == s0b && s2y == s0y, "everything closed: debugfs stats back to before the "
		"device (buffers %llu bytes %llu, were %llu %llu)", s2b, s2y, s0b, s0y);
	close(hmain);
}

int main(int argc, char **argv)
{
	int fds0;

	if (argc != 3) {
		fprintf(stderr, "usage: heap-mgr NAME SIZE\n");
		return 2;
	}
	hp_init();
	name = argv[1];
	size = strtoull(argv[2], NULL, 0);
	fds0 = tl_count_fds();
	if (!t_check(!dev_exists(name) && !node_exists(name), "%s does not exist yet", name))
		return t_done();
	check_token();
	check_udmabuf_name();
	check_delete_live();
	t_check_u64(tl_count_fds(), fds0, "heap-mgr: no fd left open");
	return t_done();
}
