// SPDX-License-Identifier: GPL-2.0
/*
 * libudmabuf against a real device (argv[1], at least 64 KiB): opening and
 * its errors, what it reports next to sysfs, listing and users, sync mode,
 * range syncs and their errors, the ioctl of a range sync handed out
 * (udmabuf_sync_ioctl), mappings, and the DMA address of pointers (the
 * library's mappings, a hand-made mmap through /proc/self/maps, and
 * pagemap agreeing).
 */
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "internal.h"	/* a made-up device past 4 GiB for udmabuf_sync_ioctl() */
#include "lub.h"
#include "u-dma-buf-ioctl.h"

static const char *name = "udmabuf0";

static void test_open_errors(void)
{
	struct udmabuf *d = (struct udmabuf *)1;
	char lng[100];

	lub_err(udmabuf_open("nosuch", O_RDWR, &d), ENOENT, "nosuch", "open: unknown name");
	t_check(d == NULL, "open: a failure sets the handle to NULL");
	lub_err(udmabuf_open("", 0, &d), EINVAL, NULL, "open: empty name");
	lub_err(udmabuf_open("..", 0, &d), EINVAL, "..", "open: '..'");
	lub_err(udmabuf_open("/dev/null", 0, &d), EINVAL, "not a u-dma-buf device",
		"open: /dev/null is not a u-dma-buf device");
	lub_err(udmabuf_open("/dev/nosuch", 0, &d), ENOENT, "/dev/nosuch",
		"open: a path that does not exist");
	lub_err(udmabuf_open(name, O_CREAT, &d), EINVAL, "0x", "open: O_CREAT refused");
	lub_err(udmabuf_open(name, O_ACCMODE, &d), EINVAL, NULL, "open: access mode 3 refused");
	memset(lng, 'a', sizeof(lng) - 1);
	lng[sizeof(lng) - 1] = 0;
	lub_err(udmabuf_open(lng, 0, &d), ENAMETOOLONG, NULL, "open: a 99-byte name");
}

static void test_facts(struct udmabuf *d)
{
	struct udmabuf_info info;
	struct udmabuf *p;

	t_check_str(udmabuf_name(d), name, "name");
	t_check_u64(udmabuf_size(d), lub_attr(name, "size"), "size is sysfs size");
	t_check_u64(udmabuf_dma_addr(d), lub_attr(name, "phys_addr"), "dma address is phys_addr");
	t_check_u64(udmabuf_is_coherent(d), lub_attr(name, "dma_coherent"), "coherency");
	t_check_u64(udmabuf_quirk_mmap_mode(d), lub_attr(name, "quirk_mmap_mode"), "quirk mode");
	t_check(udmabuf_dma_mask(d) >= 12 && udmabuf_dma_mask(d) <= 64, "dma mask 12..64");
	t_check(udmabuf_fd(d) > 2 && (fcntl(udmabuf_fd(d), F_GETFD) & FD_CLOEXEC),
		"the fd is close-on-exec");
	if (lub_err(udmabuf_device_info(name, &info), 0, NULL, "device_info")) {
		t_check_u64(info.size, udmabuf_size(d), "device_info: size");
		t_check_u64(info.dma_addr, udmabuf_dma_addr(d), "device_info: dma address");
		t_check_u64(info.sync_mode, lub_attr(name, "sync_mode"), "device_info: sync mode");
		t_check(info.driver_version[0] >= '5', "device_info: driver version %s",
			info.driver_version);
	}
	lub_err(udmabuf_device_info("nosuch", &info), ENOENT, "nosuch", "device_info: unknown");
	if (lub_err(udmabuf_open("/dev/udmabuf0", O_RDONLY | O_SYNC, &p), 0, NULL,
		    "open by path with O_SYNC")) {
		t_check_str(udmabuf_name(p), "udmabuf0", "open by path: the name");
		udmabuf_close(p);
	}
}

static void test_list(void)
{
	struct udmabuf_heap_info *heaps;
	struct udmabuf_info *devs;
	size_t n, i, found = 0;

	if (lub_err(udmabuf_device_list(&devs, &n), 0, NULL, "device_list")) {
		for (i = 0; i < n; i++)
			found += !strcmp(devs[i].name, name);
		t_check(found == 1, "device_list: %s once among %zu", name, n);
		udmabuf_list_free(devs);
	}
	found = 0;
	if (lub_err(udmabuf_heap_list(&heaps, &n), 0, NULL, "heap_list")) {
		for (i = 0; i < n; i++)
			found += !strcmp(heaps[i].name, "udmabuf") && heaps[i].ours &&
				 !heaps[i].subheap;
		t_check(found == 1, "heap_list: the main heap, ours");
		udmabuf_list_free(heaps);
	}
}

static void test_users(void)
{
	struct udmabuf_map *m;
	struct udmabuf *d;
	int p[2], users;
	pid_t pid;
	char c;

	t_check_u64(udmabuf_device_users(name), 0, "users: 0 before open");
	if (udmabuf_open(name, O_RDWR, &d) || pipe(p))
		t_die("users: open");
	t_check_u64(udmabuf_device_users(name), 1, "users: 1 with it open");
	pid = fork();
	if (!pid) {
		close(p[1]);
		_exit(read(p[0], &c, 1) < 0);
	}
	users = udmabuf_device_users(name);
	close(p[1]);
	waitpid(pid, NULL, 0);
	close(p[0]);
	t_check_u64(users, 2, "users: 2 with a child holding the fd");
	if (udmabuf_map(d, 0, 4096, 0, &m))
		t_die("users: map");
	udmabuf_close(d);
	t_check_u64(udmabuf_device_users(name), 1, "users: 1 with only a mapping left");
	udmabuf_unmap(m);
	t_check_u64(udmabuf_device_users(name), 0, "users: 0 after unmap");
	lub_err(udmabuf_device_users("a/b"), EINVAL, NULL, "users: bad name");
}

static void test_sync_mode(struct udmabuf *d)
{
	int old = udmabuf_sync_mode(d);

	t_check_u64(old, lub_attr(name, "sync_mode"), "sync_mode is sysfs sync_mode");
	lub_err(udmabuf_set_sync_mode(d, 3), 0, NULL, "set sync mode 3");
	t_check_u64(lub_attr(name, "sync_mode"), 3, "sync mode 3 in sysfs");
	t_check_u64(udmabuf_sync_mode(d), 3, "sync_mode reads 3");
	lub_err(udmabuf_set_sync_mode(d, 0), 0, NULL, "set sync mode 0 (through sysfs)");
	t_check_u64(lub_attr(name, "sync_mode"), 0, "sync mode 0 in sysfs");
	lub_err(udmabuf_set_sync_mode(d, 8), EINVAL, "8", "set sync mode 8 refused");
	lub_err(udmabuf_set_sync_mode(d, -1), EINVAL, "-1", "set sync mode -1 refused");
	udmabuf_set_sync_mode(d, old);
	t_check_u64(udmabuf_sync_mode(d), old, "sync mode restored");
}

static void test_sync(struct udmabuf *d)
{
	uint64_t size = udmabuf_size(d), off0 = lub_attr(name, "sync_offset");
	uint64_t size0 = lub_attr(name, "sync_size");

	lub_err(udmabuf_sync_for_device(d, 0, 0, UDMABUF_DIR_TO_DEVICE), 0, NULL,
		"sync for device: whole buffer");
	t_check_u64(udmabuf_sync_owner(d), 1, "sync owner: device");
	t_check_u64(lub_attr(name, "sync_owner"), 1, "sysfs sync_owner: 1");
	lub_err(udmabuf_sync_for_cpu(d, 4096 + 3, 100, UDMABUF_DIR_FROM_DEVICE), 0, NULL,
		"sync for cpu: an unaligned range");
	t_check_u64(udmabuf_sync_owner(d), 0, "sync owner: cpu");
	lub_err(udmabuf_sync_for_cpu(d, size - 5, 5, UDMABUF_DIR_BIDIRECTIONAL), 0, NULL,
		"sync for cpu: the last 5 bytes");
	lub_err(udmabuf_sync_for_cpu(d, 0, 0, UDMABUF_DIR_BIDIRECTIONAL), 0, NULL,
		"sync for cpu: offset 0 to the end");
	t_check(lub_attr(name, "sync_offset") == off0 && lub_attr(name, "sync_size") == size0,
		"range syncs leave sync_offset and sync_size alone");
	lub_err(udmabuf_sync_for_cpu(d, size, 1, 0), ERANGE, "past the end",
		"sync for cpu: a byte past the end");
	lub_err(udmabuf_sync_for_device(d, 4096, size, 0), ERANGE, "0x1000",
		"sync for device: size past the end");
	lub_err(udmabuf_sync_for_device(d, size + 4096, 0, 0), ERANGE, NULL,
		"sync for device: offset past the end");
	lub_err(udmabuf_sync_for_cpu(d, 0, 16, (enum udmabuf_dir)3), EINVAL, "direction 3",
		"sync for cpu: direction 3");
}

static void test_sync_ioctl(struct udmabuf *d)
{
	struct udmabuf big = { .fd = -1, .name = "big", .size = 8ULL << 30 };
	uint64_t size = udmabuf_size(d), arg = 0;
	unsigned long req = 0;

	if (lub_err(udmabuf_sync_ioctl(d, 4096 + 3, 100, UDMABUF_DIR_TO_DEVICE, 1, &req, &arg),
		    0, NULL, "sync_ioctl: 100 bytes at 4099 for the device")) {
		t_check(req == U_DMA_BUF_IOCTL_SET_SYNC_FOR_DEVICE, "sync_ioctl: SET_SYNC_FOR_DEVICE");
		t_check_u64(arg, 4099ULL << 32 | 112 | UDMABUF_DIR_TO_DEVICE << 2 | 2,
			    "sync_ioctl: the packed command, the size rounded up to 16");
		udmabuf_sync_for_cpu(d, 0, 0, UDMABUF_DIR_BIDIRECTIONAL);
		t_check(!ioctl(udmabuf_fd(d), req, &arg) && udmabuf_sync_owner(d) == 1,
			"sync_ioctl: issued by hand, it gives the range to the device");
	}
	if (lub_err(udmabuf_sync_ioctl(d, size - 5, 0, UDMABUF_DIR_FROM_DEVICE, 0, &req, &arg),
		    0, NULL, "sync_ioctl: the last 5 bytes for the cpu")) {
		t_check(req == U_DMA_BUF_IOCTL_SET_SYNC_FOR_CPU, "sync_ioctl: SET_SYNC_FOR_CPU");
		t_check_u64(arg, (size - 5) << 32 | UDMABUF_DIR_FROM_DEVICE << 2 | 2,
			    "sync_ioctl: to the end (size 0) where rounding up would pass it");
		t_check(!ioctl(udmabuf_fd(d), req, &arg) && udmabuf_sync_owner(d) == 0,
			"sync_ioctl: issued by hand, it gives the range to the cpu");
	}
	lub_err(udmabuf_sync_ioctl(d, size, 1, 0, 0, &req, &arg), ERANGE, "past the end",
		"sync_ioctl: a byte past the end");
	lub_err(udmabuf_sync_ioctl(d, 0, 16, (enum udmabuf_dir)3, 1, &req, &arg), EINVAL,
		"direction 3", "sync_ioctl: direction 3");
	lub_err(udmabuf_sync_ioctl(&big, 5ULL << 30, 4096, 0, 1, &req, &arg), EOPNOTSUPP,
		"one ioctl cannot carry", "sync_ioctl: an offset from 4 GiB");
	lub_err(udmabuf_sync_ioctl(&big, 0, 4ULL << 30, 0, 0, &req, &arg), EOPNOTSUPP,
		"0x100000000", "sync_ioctl: a size of 4 GiB");
}

static void test_map_data(struct udmabuf *d)
{
	struct udmabuf_map *m, *r;
	unsigned char back[64];
	uint64_t i, size = udmabuf_size(d);
	unsigned char *p;

	if (!lub_err(udmabuf_map(d, 0, 0, 0, &m), 0, NULL, "map the whole buffer"))
		return;
	t_check_u64(udmabuf_map_size(m), size, "map: whole size");
	p = udmabuf_map_ptr(m);
	for (i = 0; i < size; i++)
		p[i] = (unsigned char)(i * 7 + 1);
	udmabuf_map_sync_for_device(m, p, 0, UDMABUF_DIR_TO_DEVICE);
	t_check(pread(udmabuf_fd(d), back, sizeof(back), 100) == sizeof(back) &&
		!memcmp(back, p + 100, sizeof(back)), "map: written bytes read back with pread");
	if (lub_err(udmabuf_map(d, 100, 50, PROT_READ, &r), 0, NULL, "map 50 bytes at 100")) {
		t_check(!memcmp(udmabuf_map_ptr(r), p + 100, 50), "map at 100: the same bytes");
		t_check_u64(udmabuf_map_size(r), 50, "map at 100: size 50");
		udmabuf_unmap(r);
	}
	lub_err(udmabuf_map_sync_for_cpu(m, p + 8, 64, UDMABUF_DIR_FROM_DEVICE), 0, NULL,
		"map sync for cpu: 64 bytes at 8");
	lub_err(udmabuf_map_sync_for_cpu(m, p + size - 8, 64, 0), EFAULT, "outside",
		"map sync: a range past the mapping's end");
	lub_err(udmabuf_map_sync_for_device(m, back, 1, 0), EFAULT, NULL,
		"map sync: a pointer outside the mapping");
	udmabuf_unmap(m);
}

static void test_map_errors(struct udmabuf *d)
{
	uint64_t size = udmabuf_size(d);
	struct udmabuf_map *m = (struct udmabuf_map *)1;
	struct udmabuf *ro;

	lub_err(udmabuf_map(d, size, 0, 0, &m), ERANGE, "past the end", "map: offset = size");
	t_check(m == NULL, "map: a failure sets the handle to NULL");
	lub_err(udmabuf_map(d, 0, size + 1, 0, &m), ERANGE, NULL, "map: one byte too many");
	lub_err(udmabuf_map(d, 4096, size, 0, &m), ERANGE, NULL, "map: size past the end");
	lub_err(udmabuf_map(d, 0, 0, PROT_EXEC, &m), EINVAL, "prot", "map: PROT_EXEC refused");
	if (udmabuf_open(name, O_RDONLY, &ro))
		t_die("open read-only");
	lub_err(udmabuf_map(ro, 0, 0, PROT_READ | PROT_WRITE, &m), EACCES, "mmap",
		"map: writable mapping of a read-only open");
	if (lub_err(udmabuf_map(ro, 0, 0, PROT_READ, &m), 0, NULL, "map: read-only"))
		udmabuf_unmap(m);
	udmabuf_close(ro);
	udmabuf_unmap(NULL);
	udmabuf_close(NULL);
}

static void test_addresses(struct udmabuf *d)
{
	uint64_t a = 0, dma = udmabuf_dma_addr(d);
	struct udmabuf_map *m;
	char *p, *raw;
	int local;

	if (udmabuf_map(d, 4096, 0, 0, &m))
		t_die("map at 4096");
	p = udmabuf_map_ptr(m);
	lub_err(udmabuf_map_dma_addr(m, p + 10, &a), 0, NULL, "map_dma_addr");
	t_check_u64(a, dma + 4096 + 10, "map_dma_addr: device address + 4096 + 10");
	lub_err(udmabuf_map_dma_addr(m, p - 1, &a), EFAULT, "outside", "map_dma_addr: before");
	lub_err(udmabuf_ptr_dma_addr(p + 100, &a), 0, NULL, "ptr_dma_addr of a library mapping");
	t_check_u64(a, dma + 4096 + 100, "ptr_dma_addr: device address + 4196");
	raw = mmap(NULL, 8192, PROT_READ, MAP_SHARED, udmabuf_fd(d), 8192);
	if (raw == MAP_FAILED)
		t_die("mmap by hand");
	lub_err(udmabuf_ptr_dma_addr(raw + 4097, &a), 0, NULL,
		"ptr_dma_addr of a hand-made mmap (/proc/self/maps)");
	t_check_u64(a, dma + 8192 + 4097, "ptr_dma_addr: hand-made mmap at 8192, byte 4097");
	t_check_u64(lub_pagemap(raw + 4097), a, "pagemap agrees (hand-made mmap)");
	t_check_u64(lub_pagemap(p + 10), dma + 4096 + 10, "pagemap agrees (library mapping)");
	lub_err(udmabuf_ptr_dma_addr(&local, &a), EFAULT, NULL, "ptr_dma_addr of the stack");
	munmap(raw, 8192);
	udmabuf_unmap(m);
}

int main(int argc, char **argv)
{
	struct udmabuf *d;

	if (argc > 1)
		name = argv[1];
	test_open_errors();
	if (!lub_err(udmabuf_open(name, O_RDWR, &d), 0, NULL, "open %s", name))
		return t_done();
	test_facts(d);
	test_list();
	test_sync_mode(d);
	test_sync(d);
	test_sync_ioctl(d);
	test_map_data(d);
	test_map_errors(d);
	test_addresses(d);
	udmabuf_close(d);
	test_users();
	t_check_str(udmabuf_strerror(-ENOSPC), strerror(ENOSPC),
		    "strerror of an errno no call returned");
	return t_done();
}
