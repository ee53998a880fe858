// SPDX-License-Identifier: GPL-2.0
/*
 * libudmabuf and /dev/u-dma-buf-mgr: create and delete with every option
 * and every error (checked in the library, or refused by the kernel), a
 * device's sub-heap and the addresses of its buffers, a sub-heap that
 * appears, goes and comes back under udmabuf_heap_alloc() (which keeps
 * heap nodes open) and an open heap, deleting a mapped device, the seed-004 scenario in every quirk mode (the DMA address of a
 * pointer 4096 bytes into a mapping, with pagemap agreeing), and error
 * text kept per thread.
 */
#include <pthread.h>
#include <sys/stat.h>

#include "lub.h"

static int exists(const char *path)
{
	struct stat st;

	return !stat(path, &st);
}

static void test_create_errors(void)
{
	struct udmabuf_create_opts o = { 0 };

	lub_err(udmabuf_create("", 4096, NULL), EINVAL, NULL, "create: empty name");
	lub_err(udmabuf_create("a b", 4096, NULL), EINVAL, "'a b'", "create: a blank in the name");
	lub_err(udmabuf_create("a;b", 4096, NULL), EINVAL, NULL, "create: ';' in the name");
	lub_err(udmabuf_create("lubx", 0, NULL), EINVAL, "size 0", "create: size 0");
	o.dma_mask = 70;
	lub_err(udmabuf_create("lubx", 4096, &o), EINVAL, "70", "create: dma mask 70");
	o.dma_mask = 0;
	o.quirk_mmap = 5;
	lub_err(udmabuf_create("lubx", 4096, &o), EINVAL, "5", "create: quirk mode 5");
	o.quirk_mmap = 0;
	o.bus = "pci";
	lub_err(udmabuf_create("lubx", 4096, &o), EINVAL, "without a device", "create: bus alone");
	o.bus = "usb";
	o.device = "x";
	lub_err(udmabuf_create("lubx", 4096, &o), EINVAL, "'usb'", "create: bus usb");
	o.bus = NULL;
	o.device = "no such device";
	lub_err(udmabuf_create("lubx", 4096, &o), EINVAL, "blank", "create: a blank in device");
	o.device = "nosuchdev";
	lub_err(udmabuf_create("lubx", 4096, &o), EINVAL, "kernel log",
		"create: unknown device=, refused by the kernel");
	t_check(!exists("/dev/lubx"), "create: nothing was created");
	lub_err(udmabuf_delete("lubx"), ENODEV, "no such device", "delete: unknown device");
	lub_err(udmabuf_delete(""), EINVAL, NULL, "delete: empty name");
	lub_err(udmabuf_create("udmabuf0", 4096, NULL), EEXIST, "exists", "create: a name in use");
}

static void test_subheap(void)
{
	struct udmabuf_create_opts o = { .dma_heap = 1, .dma_mask = 32 };
	uint64_t dma, a = 0, sz = 0, off = ~0ULL;
	struct udmabuf_heap_info h;
	struct udmabuf_dmabuf *b;

	if (!lub_err(udmabuf_create("lubheap", 262144, &o), 0, NULL,
		     "create lubheap 256 KiB dma-heap dma-mask=32"))
		return;
	t_check(exists("/dev/lubheap") && exists("/dev/dma_heap/lubheap"),
		"create: /dev/lubheap and /dev/dma_heap/lubheap exist");
	dma = lub_attr("lubheap", "phys_addr");
	if (lub_err(udmabuf_heap_info("lubheap", &h), 0, NULL, "sub-heap: info")) {
		t_check(h.ours && h.subheap, "sub-heap: ours and a sub-heap");
		t_check_u64(h.size, 262144, "sub-heap: size");
		t_check_u64(h.dma_addr, dma, "sub-heap: the device's dma address");
	}
	if (lub_err(udmabuf_heap_alloc("lubheap", 8192, O_RDWR, &b), 0, NULL, "sub-heap: alloc")) {
		lub_err(udmabuf_fd_dma_addr(udmabuf_dmabuf_fd(b), &a, &sz, &off), 0, NULL,
			"sub-heap buffer: DMA_ADDR");
		t_check(a == dma + off && sz == 8192 && off + sz <= 262144,
			"sub-heap buffer: inside the device (0x%llx + %llu at %llu)",
			(unsigned long long)a, (unsigned long long)sz, (unsigned long long)off);
		udmabuf_heap_info("lubheap", &h);
		t_check_u64(h.buffers_in_use, 1, "sub-heap: one buffer in use");
		udmabuf_dmabuf_close(b);
	}
	lub_err(udmabuf_create("lubheap", 4096, NULL), EEXIST, "exists", "create: twice");
	lub_err(udmabuf_delete("lubheap"), 0, NULL, "delete lubheap");
	t_check(!exists("/dev/lubheap") && !exists("/sys/class/u-dma-buf/lubheap"),
		"delete: node and sysfs gone");
}

/* The fds of this process open on /dev/dma_heap/lubkept, live or removed. */
static int kept_fds(void)
{
	return lub_fds_on("/dev/dma_heap/lubkept", NULL) +
	       lub_fds_on("/dev/dma_heap/lubkept (deleted)", NULL);
}

static void test_subheap_comes_and_goes(void)
{
	struct udmabuf_create_opts o = { .dma_heap = 1 };
	struct udmabuf_dmabuf *b;
	struct udmabuf_heap *h;
	int i;

	lub_err(udmabuf_heap_alloc("lubkept", 4096, O_RDWR, &b), ENOENT,
		"no /dev/dma_heap/lubkept", "come and go: alloc before the sub-heap exists");
	if (!lub_err(udmabuf_create("lubkept", 65536, &o), 0, NULL, "come and go: create"))
		return;
	if (lub_err(udmabuf_heap_alloc("lubkept", 4096, O_RDWR, &b), 0, NULL,
		    "come and go: alloc once it exists"))
		udmabuf_dmabuf_close(b);
	if (!lub_err(udmabuf_heap_open("lubkept", O_RDWR, &h), 0, NULL, "come and go: open it"))
		h = NULL;
	lub_err(udmabuf_delete("lubkept"), 0, NULL, "come and go: delete");
	lub_err(udmabuf_create("lubkept", 65536, &o), 0, NULL, "come and go: create it again");
	for (i = 0; i < 2; i++) {
		if (lub_err(udmabuf_heap_alloc("lubkept", 4096, O_RDWR, &b), 0, NULL,
			    "come and go: alloc from the new node (%d)", i + 1))
			udmabuf_dmabuf_close(b);
	}
	if (h) {
		lub_err(udmabuf_heap_alloc_from(h, 4096, O_RDWR, &b), ENODEV, NULL,
			"come and go: an open heap whose node was removed");
		udmabuf_heap_close(h);
	}
	t_check_u64(lub_fds_on("/dev/dma_heap/lubkept (deleted)", NULL), 0,
		    "come and go: the removed node's fd is closed");
	t_check_u64(lub_fds_on("/dev/dma_heap/lubkept", NULL), 1,
		    "come and go: one fd kept on the new one");
	lub_err(udmabuf_delete("lubkept"), 0, NULL, "come and go: delete again");
	lub_err(udmabuf_heap_alloc("lubkept", 4096, O_RDWR, &b), ENOENT,
		"no /dev/dma_heap/lubkept", "come and go: alloc after it went");
	t_check_u64(kept_fds(), 0, "come and go: no fd left on it");
}

/* Seed 004: the address of buf + 4096 for the FPGA, and pagemap agreeing. */
static void test_quirk(int q)
{
	struct udmabuf_create_opts o = { .quirk_mmap = q };
	uint64_t dma, a = 0;
	struct udmabuf_map *m;
	struct udmabuf *d;
	char *p, back[16];

	if (!lub_err(udmabuf_create("lubq", 65536, &o), 0, NULL, "quirk %d: create", q))
		return;
	if (!lub_err(udmabuf_open("lubq", O_RDWR, &d), 0, NULL, "quirk %d: open", q)) {
		udmabuf_delete("lubq");
		return;
	}
	t_check_u64(udmabuf_quirk_mmap_mode(d), lub_attr("lubq", "quirk_mmap_mode"),
		    "quirk %d: the mode sysfs shows", q);
	if (q != 3)
		t_check_u64(udmabuf_quirk_mmap_mode(d), q, "quirk %d: the mode asked for", q);
	dma = udmabuf_dma_addr(d);
	if (udmabuf_map(d, 0, 0, 0, &m))
		t_die(udmabuf_strerror(-EINVAL));
	p = udmabuf_map_ptr(m);
	lub_err(udmabuf_map_dma_addr(m, p + 4096, &a), 0, NULL, "quirk %d: buf + 4096", q);
	t_check_u64(a, dma + 4096, "quirk %d: buf + 4096 is the device address + 4096", q);
	t_check_u64(lub_pagemap(p + 4096), dma + 4096, "quirk %d: pagemap agrees", q);
	lub_err(udmabuf_ptr_dma_addr(p + 65535, &a), 0, NULL, "quirk %d: last byte", q);
	t_check_u64(a, dma + 65535, "quirk %d: last byte's address", q);
	memcpy(p + 4096, "seed-004", 8);
	udmabuf_map_sync_for_device(m, p + 4096, 8, UDMABUF_DIR_TO_DEVICE);
	lub_err(udmabuf_delete("lubq"), 0, NULL, "quirk %d: delete while mapped and open", q);
	udmabuf_map_sync_for_cpu(m, p + 4096, 8, UDMABUF_DIR_FROM_DEVICE);
	t_check(pread(udmabuf_fd(d), back, 8, 4096) == 8 && !memcmp(back, "seed-004", 8),
		"quirk %d: the deleted device's data is still there", q);
	udmabuf_close(d);
	p[0] = 1;
	t_check(p[0] == 1 && !memcmp(p + 4096, "seed-004", 8),
		"quirk %d: the mapping works after delete and close", q);
	udmabuf_unmap(m);
}

struct lub_thread {
	pthread_barrier_t *bar;
	int mode;
	char text[256];
};

static void *thread_fail(void *arg)
{
	struct lub_thread *t = arg;
	struct udmabuf *d;
	int err;

	err = t->mode ? udmabuf_open("nosuch-thread", O_RDWR, &d) :
			udmabuf_create("lubt", 4096, &(struct udmabuf_create_opts){ .dma_mask = 99 });
	pthread_barrier_wait(t->bar);
	snprintf(t->text, sizeof(t->text), "%s", udmabuf_strerror(err));
	return NULL;
}

static void test_threads(void)
{
	struct lub_thread t[2];
	pthread_barrier_t bar;
	pthread_t id[2];
	int i;

	pthread_barrier_init(&bar, NULL, 2);
	for (i = 0; i < 2; i++) {
		t[i].bar = &bar;
		t[i].mode = i;
		pthread_create(&id[i], NULL, thread_fail, &t[i]);
	}
	for (i = 0; i < 2; i++)
		pthread_join(id[i], NULL);
	pthread_barrier_destroy(&bar);
	t_check_why(strstr(t[0].text, "99") != NULL, t[0].text, "threads: the first keeps its text");
	t_check_why(strstr(t[1].text, "nosuch-thread") != NULL, t[1].text,
		    "threads: the second keeps its text");
}

int main(void)
{
	int q;

	test_create_errors();
	test_subheap();
	test_subheap_comes_and_goes();
	for (q = 1; q <= 4; q++)
		test_quirk(q);
	test_threads();
	return t_done();
}
