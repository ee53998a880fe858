// SPDX-License-Identifier: GPL-2.0
/*
 * libudmabuf's dma-bufs against a real device (argv[1], at least 64 KiB)
 * and /dev/dma_heap/udmabuf: exports and their errors, heap buffers and
 * their errors, open heaps (udmabuf_heap_open) and their errors, the heap
 * nodes udmabuf_heap_alloc() keeps open (one close-on-exec fd per node and
 * access, across threads and fork, an fd closed behind its back), another
 * driver's heap, DMA addresses through U_DMA_BUF_HEAP_IOCTL_DMA_ADDR,
 * imports, DMA_BUF_IOCTL_SYNC, mappings and what they hold.
 */
#include <pthread.h>
#include <sys/mman.h>
#include <sys/wait.h>

#include "lub.h"

#define MAIN_NODE "/dev/dma_heap/udmabuf"

static const char *name = "udmabuf0";

static void test_export_errors(struct udmabuf *d)
{
	uint64_t size = udmabuf_size(d);
	struct udmabuf_dmabuf *b = (struct udmabuf_dmabuf *)1;

	lub_err(udmabuf_export(d, 100, 4096, O_RDWR, &b), EINVAL, "offset 0x64",
		"export: misaligned offset");
	t_check(b == NULL, "export: a failure sets the handle to NULL");
	lub_err(udmabuf_export(d, 0, 100, O_RDWR, &b), EINVAL, "size 0x64",
		"export: misaligned size that does not end the buffer");
	lub_err(udmabuf_export(d, size, 0, O_RDWR, &b), ERANGE, "past the end",
		"export: offset = size");
	lub_err(udmabuf_export(d, 4096, size, O_RDWR, &b), ERANGE, "past the end",
		"export: size past the end");
	lub_err(udmabuf_export(d, 0, 0, O_RDWR | O_CREAT, &b), EINVAL, "flags",
		"export: O_CREAT refused");
}

static void test_export(struct udmabuf *d)
{
	uint64_t a = 0, sz = 0, off = 0, dma = udmabuf_dma_addr(d);
	struct udmabuf_dmabuf *b;
	struct udmabuf_map *dm, *bm;
	char *p;

	if (!lub_err(udmabuf_export(d, 4096, 8192, O_RDWR, &b), 0, NULL, "export 8 KiB at 4 KiB"))
		return;
	t_check_u64(udmabuf_dmabuf_size(b), 8192, "export: size");
	lub_err(udmabuf_dmabuf_dma_addr(b, &a), 0, NULL, "export: dma address");
	t_check_u64(a, dma + 4096, "export: dma address = device + 4096");
	lub_err(udmabuf_fd_dma_addr(udmabuf_dmabuf_fd(b), &a, &sz, &off), 0, NULL,
		"DMA_ADDR ioctl on the export");
	t_check(a == dma + 4096 && sz == 8192 && off == 4096,
		"DMA_ADDR: address, size and offset (0x%llx %llu %llu)", (unsigned long long)a,
		(unsigned long long)sz, (unsigned long long)off);
	if (udmabuf_map(d, 0, 0, 0, &dm) || udmabuf_dmabuf_map(b, 0, 0, 0, &bm))
		t_die("map device and export");
	p = udmabuf_map_ptr(dm);
	memset(p + 4096, 0x5a, 8192);
	udmabuf_map_sync_for_device(dm, p + 4096, 8192, UDMABUF_DIR_TO_DEVICE);
	lub_err(udmabuf_dmabuf_begin_cpu_access(b, UDMABUF_ACCESS_RW), 0, NULL,
		"export: begin cpu access");
	t_check(((unsigned char *)udmabuf_map_ptr(bm))[8191] == 0x5a &&
		!memcmp(udmabuf_map_ptr(bm), p + 4096, 8192), "export mapping shows device bytes");
	lub_err(udmabuf_dmabuf_end_cpu_access(b, UDMABUF_ACCESS_RW), 0, NULL,
		"export: end cpu access");
	lub_err(udmabuf_map_dma_addr(bm, (char *)udmabuf_map_ptr(bm) + 5, &a), 0, NULL,
		"export mapping: dma address");
	t_check_u64(a, dma + 4096 + 5, "export mapping: dma address = device + 4101");
	lub_err(udmabuf_map_sync_for_cpu(bm, udmabuf_map_ptr(bm), 0, UDMABUF_DIR_FROM_DEVICE),
		0, NULL, "export mapping: sync for cpu (DMA_BUF_IOCTL_SYNC)");
	lub_err(udmabuf_dmabuf_begin_cpu_access(b, 0), EINVAL, "access 0", "begin: access 0");
	lub_err(udmabuf_dmabuf_end_cpu_access(b, 4), EINVAL, "access 4", "end: access 4");
	udmabuf_dmabuf_close(b);
	t_check(((unsigned char *)udmabuf_map_ptr(bm))[0] == 0x5a,
		"export mapping outlives the closed dma-buf");
	udmabuf_unmap(bm);
	udmabuf_unmap(dm);
}

static uint64_t heap_buffers(void)
{
	struct udmabuf_heap_info h;

	return udmabuf_heap_info("udmabuf", &h) ? ~0ULL : h.buffers_in_use;
}

static void test_heap_errors(void)
{
	struct udmabuf_dmabuf *b = (struct udmabuf_dmabuf *)1;
	struct udmabuf_heap_info h;

	lub_err(udmabuf_heap_alloc("nosuch", 4096, 0, &b), ENOENT, "nosuch",
		"heap alloc: unknown heap");
	t_check(b == NULL, "heap alloc: a failure sets the handle to NULL");
	lub_err(udmabuf_heap_alloc(NULL, 0, 0, &b), EINVAL, "size 0", "heap alloc: size 0");
	lub_err(udmabuf_heap_alloc("..", 4096, 0, &b), EINVAL, NULL, "heap alloc: bad name");
	lub_err(udmabuf_heap_alloc(NULL, 4096, O_SYNC, &b), EINVAL, "flags",
		"heap alloc: O_SYNC refused");
	lub_err(udmabuf_heap_alloc(NULL, 1ULL << 40, 0, &b), ENOMEM, "1099511627776",
		"heap alloc: 1 TiB");
	lub_err(udmabuf_heap_info("nosuch", &h), ENOENT, NULL, "heap info: unknown heap");
}

static void test_heap(void)
{
	uint64_t a = 0, a2 = 0, before = heap_buffers();
	struct udmabuf_map *m, *none;
	struct udmabuf_dmabuf *b;
	unsigned char *p;

	if (!lub_err(udmabuf_heap_alloc(NULL, 65536 - 100, O_RDWR, &b), 0, NULL,
		     "heap alloc: 64 KiB - 100 from the main heap"))
		return;
	t_check_u64(udmabuf_dmabuf_size(b), 65536, "heap buffer: rounded to pages");
	t_check_u64(heap_buffers(), before + 1, "heap info: one more buffer in use");
	t_check(fcntl(udmabuf_dmabuf_fd(b), F_GETFD) & FD_CLOEXEC, "heap buffer: close-on-exec");
	lub_err(udmabuf_dmabuf_dma_addr(b, &a), 0, NULL, "heap buffer: dma address");
	lub_err(udmabuf_fd_dma_addr(udmabuf_dmabuf_fd(b), &a2, NULL, NULL), 0, NULL,
		"heap buffer: DMA_ADDR ioctl");
	t_check(a && a == a2, "heap buffer: both addresses agree (0x%llx)", (unsigned long long)a);
	if (!lub_err(udmabuf_dmabuf_map(b, 0, 0, 0, &m), 0, NULL, "heap buffer: map")) {
		udmabuf_dmabuf_close(b);
		return;
	}
	p = udmabuf_map_ptr(m);
	t_check(p[0] == 0 && p[65535] == 0, "heap buffer: zeroed");
	udmabuf_dmabuf_begin_cpu_access(b, UDMABUF_ACCESS_WRITE);
	memset(p, 0xa5, 65536);
	udmabuf_dmabuf_end_cpu_access(b, UDMABUF_ACCESS_WRITE);
	t_check(p[4000] == 0xa5, "heap buffer: written");
	lub_err(udmabuf_ptr_dma_addr(p + 4096, &a2), 0, NULL, "heap mapping: ptr_dma_addr");
	t_check_u64(a2, a + 4096, "heap mapping: address + 4096");
	t_check_u64(lub_pagemap(p + 4096), a + 4096, "heap mapping: pagemap agrees");
	lub_err(udmabuf_dmabuf_map(b, 65536, 0, 0, &none), ERANGE, NULL, "heap buffer: map past end");
	udmabuf_dmabuf_close(b);
	t_check_u64(heap_buffers(), before + 1, "heap buffer: the mapping holds it");
	udmabuf_unmap(m);
	t_check_u64(heap_buffers(), before, "heap buffer: freed after unmap and close");
}

static void test_heap_open_errors(void)
{
	struct udmabuf_heap *h = (struct udmabuf_heap *)1;
	char lng[100];

	lub_err(udmabuf_heap_open("nosuch", O_RDWR, &h), ENOENT, "no /dev/dma_heap/nosuch",
		"heap open: unknown heap");
	t_check(h == NULL, "heap open: a failure sets the handle to NULL");
	lub_err(udmabuf_heap_open(NULL, O_ACCMODE, &h), EINVAL, "flags 0x3",
		"heap open: access mode 3");
	lub_err(udmabuf_heap_open(NULL, O_RDWR | O_CREAT, &h), EINVAL, "flags",
		"heap open: O_CREAT");
	lub_err(udmabuf_heap_open("..", O_RDWR, &h), EINVAL, "not a device name",
		"heap open: '..'");
	lub_err(udmabuf_heap_open("", O_RDWR, &h), EINVAL, "no name", "heap open: empty name");
	memset(lng, 'h', sizeof(lng) - 1);
	lng[sizeof(lng) - 1] = 0;
	lub_err(udmabuf_heap_open(lng, O_RDWR, &h), ENAMETOOLONG, NULL,
		"heap open: a 99-byte name");
	lub_err(udmabuf_heap_open("/dev/nosuch-heap", O_RDWR, &h), ENOENT, "/dev/nosuch-heap",
		"heap open: a path that does not exist");
}

static void test_heap_open(void)
{
	uint64_t a = 0, a2 = 0, before = heap_buffers();
	struct udmabuf_heap *h, *ro, *p;
	struct udmabuf_dmabuf *b = (struct udmabuf_dmabuf *)1;
	struct udmabuf_map *m;
	int fd;

	if (!lub_err(udmabuf_heap_open(NULL, O_RDWR, &h), 0, NULL, "heap open: the main heap"))
		return;
	fd = udmabuf_heap_fd(h);
	t_check(fd > 2 && (fcntl(fd, F_GETFD) & FD_CLOEXEC) &&
		(fcntl(fd, F_GETFL) & O_ACCMODE) == O_RDWR, "heap open: an O_RDWR close-on-exec fd");
	if (lub_err(udmabuf_heap_alloc_from(h, 65536 - 100, O_RDWR, &b), 0, NULL,
		    "alloc_from: 64 KiB - 100")) {
		t_check_u64(udmabuf_dmabuf_size(b), 65536, "alloc_from: rounded to pages");
		t_check_u64(heap_buffers(), before + 1, "alloc_from: one more buffer in use");
		t_check(fcntl(udmabuf_dmabuf_fd(b), F_GETFD) & FD_CLOEXEC,
			"alloc_from: the buffer is close-on-exec");
		lub_err(udmabuf_dmabuf_dma_addr(b, &a), 0, NULL, "alloc_from: dma address");
		lub_err(udmabuf_fd_dma_addr(udmabuf_dmabuf_fd(b), &a2, NULL, NULL), 0, NULL,
			"alloc_from: DMA_ADDR ioctl");
		t_check(a && a == a2, "alloc_from: both addresses agree (0x%llx)",
			(unsigned long long)a);
		udmabuf_heap_close(h);
		if (lub_err(udmabuf_dmabuf_map(b, 0, 0, 0, &m), 0, NULL,
			    "alloc_from: the buffer maps after the heap is closed")) {
			t_check(((unsigned char *)udmabuf_map_ptr(m))[65535] == 0,
				"alloc_from: zeroed");
			udmabuf_unmap(m);
		}
		udmabuf_dmabuf_close(b);
		t_check_u64(heap_buffers(), before, "alloc_from: freed");
	} else {
		udmabuf_heap_close(h);
	}
	if (!lub_err(udmabuf_heap_open(MAIN_NODE, O_RDONLY, &ro), 0, NULL,
		     "heap open: by path, read-only"))
		return;
	lub_err(udmabuf_heap_alloc_from(ro, 4096, O_RDWR, &b), EACCES, "more access",
		"alloc_from: a read-write buffer from a read-only heap");
	t_check(b == NULL, "alloc_from: a failure sets the handle to NULL");
	lub_err(udmabuf_heap_alloc_from(ro, 4096, O_WRONLY, &b), EACCES, "O_RDONLY",
		"alloc_from: a write-only buffer from a read-only heap");
	lub_err(udmabuf_heap_alloc_from(ro, 0, O_RDONLY, &b), EINVAL, "size 0",
		"alloc_from: size 0");
	lub_err(udmabuf_heap_alloc_from(ro, 4096, O_RDONLY | O_SYNC, &b), EINVAL, "flags",
		"alloc_from: O_SYNC refused");
	lub_err(udmabuf_heap_alloc_from(ro, 1ULL << 40, O_RDONLY, &b), ENOMEM, "1099511627776",
		"alloc_from: 1 TiB");
	if (lub_err(udmabuf_heap_alloc_from(ro, 4096, O_RDONLY, &b), 0, NULL,
		    "alloc_from: a read-only buffer from a read-only heap")) {
		t_check((fcntl(udmabuf_dmabuf_fd(b), F_GETFL) & O_ACCMODE) == O_RDONLY,
			"alloc_from: the buffer's fd is read-only");
		udmabuf_dmabuf_close(b);
	}
	udmabuf_heap_close(ro);
	if (lub_err(udmabuf_heap_open(NULL, O_WRONLY, &p), 0, NULL, "heap open: write-only")) {
		lub_err(udmabuf_heap_alloc_from(p, 4096, O_RDONLY, &b), EACCES, "O_WRONLY",
			"alloc_from: a readable buffer from a write-only heap");
		udmabuf_heap_close(p);
	}
	udmabuf_heap_close(NULL);
}

/* ROUNDS allocations by name; 0 or the first failure. */
static int alloc_rounds(const char *heap, int flags, int rounds)
{
	struct udmabuf_dmabuf *b;
	int i, err = 0;

	for (i = 0; i < rounds && !err; i++) {
		err = udmabuf_heap_alloc(heap, 4096, flags, &b);
		udmabuf_dmabuf_close(b);
	}
	return err;
}

/* One read-write allocation by name, one through TWIN; the first failure. */
static int alloc_both(const char *twin)
{
	int err = alloc_rounds(NULL, O_RDWR, 1);

	return err ? err : alloc_rounds(twin, O_RDWR, 1);
}

static void *alloc_thread(void *arg)
{
	return (void *)(intptr_t)alloc_rounds(arg, O_RDWR, 20);
}

/* The highest fd open on the main heap's node with access ACCMODE, or -1;
 * *NOCLOEXEC counts those fds without FD_CLOEXEC. */
static int main_node_fd(int accmode, int *nocloexec)
{
	char link[64], target[64];
	int fd, last = -1;
	ssize_t len;

	*nocloexec = 0;
	for (fd = 0; fd < 1024; fd++) {
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		len = readlink(link, target, sizeof(target) - 1);
		if (len < 0)
			continue;
		target[len] = 0;
		if (strcmp(target, MAIN_NODE) || (fcntl(fd, F_GETFL) & O_ACCMODE) != accmode)
			continue;
		last = fd;
		*nocloexec += !(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	}
	return last;
}

static void test_heap_kept(void)
{
	/* another spelling of the node's path: a node of its own to the library */
	static char twin[] = "/dev/dma_heap/../dma_heap/udmabuf";
	int n, fd, nocloexec, other, i, st = -1, bad = 0;
	pthread_t id[4];
	void *ret;
	pid_t pid;

	lub_err(alloc_rounds(NULL, O_RDWR, 5), 0, NULL, "kept: five read-write allocations");
	lub_err(alloc_rounds(NULL, O_RDONLY, 5), 0, NULL, "kept: five read-only allocations");
	lub_err(alloc_rounds("udmabuf", O_WRONLY, 5), 0, NULL, "kept: five write-only ones");
	n = lub_fds_on(MAIN_NODE, NULL);
	t_check(n == 2, "kept: one read-only and one read-write fd on the node (%d fds)", n);
	main_node_fd(O_RDWR, &nocloexec);
	main_node_fd(O_RDONLY, &bad);
	t_check(!nocloexec && !bad, "kept: they are close-on-exec");
	for (i = 0; i < 4; i++)
		pthread_create(&id[i], NULL, alloc_thread, twin);
	for (i = 0, bad = 0; i < 4; i++) {
		pthread_join(id[i], &ret);
		bad += ret != NULL;
	}
	t_check(!bad, "kept: four threads allocate at once from a node not open yet");
	t_check_u64(lub_fds_on(MAIN_NODE, NULL), n + 1, "kept: the four opened it once");
	pid = fork();
	if (!pid)
		_exit(alloc_rounds(NULL, O_RDWR, 3) || lub_fds_on(MAIN_NODE, NULL) != n + 1);
	waitpid(pid, &st, 0);
	t_check(WIFEXITED(st) && !WEXITSTATUS(st),
		"kept: a fork()ed child allocates through the fds it inherited (status 0x%x)", st);

	fd = main_node_fd(O_RDWR, &nocloexec);
	close(fd);
	lub_err(alloc_both(twin), 0, NULL,
		"kept: allocations after a kept fd was closed behind the library's back");
	t_check_u64(lub_fds_on(MAIN_NODE, NULL), n + 1, "kept: the closed one opened again");

	fd = main_node_fd(O_RDWR, &nocloexec);
	other = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || other < 0 || close(fd) || dup2(other, fd) != fd)
		t_die("put /dev/null at a kept fd's number");
	close(other);
	lub_err(alloc_both(twin), 0, NULL,
		"kept: allocations after a kept fd's number went to another file");
	t_check(fcntl(fd, F_GETFD) >= 0 && lub_fds_on("/dev/null", NULL) >= 1,
		"kept: the other file's fd is left alone");
	t_check_u64(lub_fds_on(MAIN_NODE, NULL), n + 1, "kept: the node opened again instead");
	close(fd);
}

/* A heap of another driver: no address, its size from lseek. */
static void test_other_heap(void)
{
	struct udmabuf_dmabuf *b;
	uint64_t a;
	int i;

	if (access("/dev/dma_heap/system", F_OK)) {
		printf("SKIP: heap system: no /dev/dma_heap/system\n");
		return;
	}
	for (i = 0; i < 2; i++) {
		if (!lub_err(udmabuf_heap_alloc("system", 100, O_RDWR, &b), 0, NULL,
			     "heap system: allocation %d", i + 1))
			return;
		t_check_u64(udmabuf_dmabuf_size(b), (uint64_t)sysconf(_SC_PAGESIZE),
			    "heap system: allocation %d is a page", i + 1);
		lub_err(udmabuf_dmabuf_dma_addr(b, &a), EINVAL, "not a dma-buf u-dma-buf exported",
			"heap system: allocation %d has no dma address", i + 1);
		udmabuf_dmabuf_close(b);
	}
}

static void test_import(struct udmabuf *d)
{
	struct udmabuf_dmabuf *e, *i;
	int p[2];
	uint64_t a;

	lub_err(udmabuf_dmabuf_import(-1, &i), EBADF, NULL, "import: fd -1");
	if (pipe(p))
		t_die("pipe");
	lub_err(udmabuf_dmabuf_import(p[0], &i), EINVAL, "not a dma-buf", "import: a pipe");
	lub_err(udmabuf_fd_dma_addr(p[0], &a, NULL, NULL), EINVAL, "not a dma-buf",
		"DMA_ADDR of a pipe");
	lub_err(udmabuf_fd_dma_addr(-1, &a, NULL, NULL), EBADF, NULL, "DMA_ADDR of fd -1");
	close(p[0]);
	close(p[1]);
	if (udmabuf_export(d, 0, 0, O_RDONLY, &e))
		t_die("export");
	if (lub_err(udmabuf_dmabuf_import(udmabuf_dmabuf_fd(e), &i), 0, NULL, "import an export")) {
		t_check_u64(udmabuf_dmabuf_size(i), udmabuf_size(d), "import: size");
		t_check(udmabuf_dmabuf_fd(i) != udmabuf_dmabuf_fd(e), "import: its own fd");
		lub_err(udmabuf_dmabuf_dma_addr(i, &a), 0, NULL, "import: dma address");
		t_check_u64(a, udmabuf_dma_addr(d), "import: dma address of the device");
		udmabuf_dmabuf_close(i);
	}
	udmabuf_dmabuf_close(e);
	udmabuf_dmabuf_close(NULL);
}

int main(int argc, char **argv)
{
	struct udmabuf *d;

	if (argc > 1)
		name = argv[1];
	if (!lub_err(udmabuf_open(name, O_RDWR, &d), 0, NULL, "open %s", name))
		return t_done();
	test_export_errors(d);
	test_export(d);
	test_heap_errors();
	test_heap();
	test_heap_open_errors();
	test_heap_open();
	test_heap_kept();
	test_other_heap();
	test_import(d);
	udmabuf_close(d);
	return t_done();
}
