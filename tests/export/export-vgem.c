// SPDX-License-Identifier: GPL-2.0
/*
 * Exports imported by vgem (raw DRM ioctls; static on arm64): PRIME import
 * and re-export (the same dma-buf, the same bytes), 16 importers of one
 * export, every close order of device fd / export fd / vgem handle /
 * export mapping with the memory coming back, debug_export's log lines,
 * implicit sync through a vgem write fence, and that fence moved through
 * sync files (DMA_BUF_IOCTL_EXPORT_SYNC_FILE / IMPORT_SYNC_FILE) between two
 * exports and between two buffers of /dev/dma_heap/udmabuf.
 *
 * usage: export-vgem DEVICE [import LABEL]
 *   DEVICE   a device of at least 2 MiB; vgem and u-dma-buf-mgr loaded
 *   import   only the import/re-export and debug_export checks, with test
 *            names prefixed by "LABEL: "
 */
#include <poll.h>
#include <pthread.h>

#include "export.h"
#include "drm-raw.h"
#include <linux/dma-heap.h>

static const char *dev, *pfx = "";
static int card, kmsg;

static void check_import(int devfd)
{
	const uint64_t off = 0x40000, size = 0x80000;
	uint32_t handle = 0, handle2 = 0;
	struct ex_bufinfo bi;
	char why[160];
	uint8_t *m;
	int fd, fd2;

	ex_fill_dev(devfd, off, size, 200, off);
	fd = ex_export_or_die(devfd, off, size, O_RDWR | O_CLOEXEC);
	if (!t_check_ret(tl_prime_import(card, fd, &handle), 0, "%svgem: PRIME_FD_TO_HANDLE imports",
			 pfx))
		return;
	t_check_ret(tl_prime_import(card, fd, &handle2), 0, "%svgem: importing again", pfx);
	t_check_u64(handle2, handle, "%svgem: importing again gives the same handle", pfx);
	ex_bufinfo(tl_ino(fd), &bi);
	t_check_u64(bi.attached, 1, "%svgem: bufinfo shows one attached device", pfx);
	t_check(strstr(bi.devices, "vgem") != NULL, "%svgem: the attached device is vgem (%s)", pfx,
		bi.devices);

	fd2 = tl_prime_export(card, handle);
	if (t_check(fd2 >= 0, "%svgem: PRIME_HANDLE_TO_FD of the imported handle (%s)", pfx,
		    fd2 < 0 ? strerror(errno) : "ok")) {
		t_check_u64(tl_ino(fd2), tl_ino(fd),
			    "%svgem: re-export is the same dma-buf (st_ino)", pfx);
		t_check_u64((uint64_t)lseek(fd2, 0, SEEK_END), size, "%svgem: re-export size", pfx);
		m = tl_map(fd2, size, PROT_READ | PROT_WRITE, 0);
		if (ex_check_map(m, "%svgem: mmap of the re-export", pfx)) {
			tl_sync(fd2, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW);
			ex_check_why(ex_check_pat(m, size, 200, off, why, sizeof(why)), why,
				     "%svgem: the re-export's mmap shows the device's bytes", pfx);
			tl_fill(m, size, 201, off);
			tl_sync(fd2, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW);
			ex_check_why(ex_check_dev(devfd, off, size, 201, off, why, sizeof(why)), why,
				     "%svgem: written through the re-export, the device shows it",
				     pfx);
			munmap(m, size);
		}
		close(fd2);
	}
	t_check_ret(tl_gem_close(card, handle), 0, "%svgem: GEM_CLOSE", pfx);
	ex_bufinfo(tl_ino(fd), &bi);
	t_check_u64(bi.attached, 0, "%svgem: after GEM_CLOSE no device is attached", pfx);
	close(fd);
}

static void check_debug_log(int devfd)
{
	const uint64_t size = 1 << 20;
	char path[128], want[160], *log, *p;
	uint32_t handle;
	unsigned int segs = 0;
	int fd;

	snprintf(path, sizeof(path), "/sys/class/u-dma-buf/%s/debug_export", dev);
	if (!t_check_ret(tl_write_file(path, "1") ? -1 : 0, 0, "%sdebug_export=1", pfx))
		return;
	tl_kmsg_read(kmsg);
	fd = ex_export_or_die(devfd, 0x100000, size, O_RDWR | O_CLOEXEC);
	log = tl_kmsg_read(kmsg);
	snprintf(want, sizeof(want), "u-dma-buf: %s: exported 0x100000 + %llu, cache mode ", dev,
		 (unsigned long long)size);
	if (!t_check(strstr(log, want) != NULL, "%sdebug_export: 'exported' line", pfx))
		printf("# want '%s', log:\n%s", want, log);
	if (tl_prime_import(card, fd, &handle)) {
		t_check(0, "%sdebug_export: vgem import: %s", pfx, strerror(errno));
		close(fd);
		return;
	}
	log = tl_kmsg_read(kmsg);
	snprintf(want, sizeof(want), "u-dma-buf: %s: export attached to vgem (", dev);
	p = strstr(log, want);
	if (!t_check(p != NULL, "%sdebug_export: 'attached to vgem' line", pfx)) {
		printf("# want '%s', log:\n%s", want, log);
	} else {
		segs = strtoul(p + strlen(want), NULL, 10);
		/* vgem's device allows 64 KiB segments (the DMA API default) */
		t_check_u64(segs, size / 65536,
			    "%sdebug_export: vgem's table has 64 KiB segments (count from the log)",
			    pfx);
	}
	tl_gem_close(card, handle);
	log = tl_kmsg_read(kmsg);
	snprintf(want, sizeof(want), "u-dma-buf: %s: export detached from vgem", dev);
	if (!t_check(strstr(log, want) != NULL, "%sdebug_export: 'detached from vgem' line", pfx))
		printf("# want '%s', log:\n%s", want, log);
	close(fd);
	log = tl_kmsg_read(kmsg);
	snprintf(want, sizeof(want), "u-dma-buf: %s: ", dev);
	p = strstr(log, want);
	if (!t_check(p && strstr(p, "released"), "%sdebug_export: 'released' line", pfx))
		printf("# log:\n%s", log);
	tl_write_file(path, "0");
}

/*
 * 16 importers (UDMABUF_EX_IMPORTERS others: the debug kernel's DMA-API
 * checker warns beyond 8 mappings of one cache line, the exporter's own
 * included, so the debug lane uses 7).
 */
static void check_many(int devfd)
{
	enum { MAXN = 16 };
	const uint64_t off = 0, size = 0x20000;
	const char *env = getenv("UDMABUF_EX_IMPORTERS");
	int cards[MAXN], fd, i, ok = 1, n = 0, want = MAXN;
	uint32_t h[MAXN];
	struct ex_bufinfo bi;
	char path[64];

	if (env && atoi(env) > 0 && atoi(env) < MAXN) {
		want = atoi(env);
		printf("SKIP: 16 importers: UDMABUF_EX_IMPORTERS=%d (the DMA-API debug checker "
		       "allows 8 mappings of a cache line): testing %d\n", want, want);
	}
	fd = tl_drm_open("vgem", path, sizeof(path));
	close(fd);
	fd = ex_export_or_die(devfd, off, size, O_RDWR | O_CLOEXEC);
	for (i = 0; i < want; i++) {
		cards[i] = open(path, O_RDWR | O_CLOEXEC);
		if (cards[i] < 0 || tl_prime_import(cards[i], fd, &h[i])) {
			if (ok)
				printf("# import %d: %s\n", i, strerror(errno));
			ok = 0;
			if (cards[i] >= 0)
				close(cards[i]);
			cards[i] = -1;
			continue;
		}
		n++;
	}
	t_check(ok, "%d imports from %d opens of the card", want, want);
	ex_bufinfo(tl_ino(fd), &bi);
	t_check_u64(bi.attached, want, "bufinfo: %d attached devices (Total line)", want);
	t_check_u64(bi.listed, want, "bufinfo: %d attached devices listed", want);
	for (i = 0; i < want; i++) {
		if (cards[i] < 0)
			continue;
		if (i % 2)
			tl_gem_close(cards[i], h[i]);
		close(cards[i]);
	}
	ex_bufinfo(tl_ino(fd), &bi);
	t_check_u64(bi.attached, 0, "bufinfo: no device attached after closing the %d importers",
		    want);
	close(fd);
}

/* --- close orders -------------------------------------------------------------- */

enum { D, E, H, M };
static const char item_name[] = "DEHM";

struct co {
	int devfd, expfd;
	uint32_t handle;
	uint8_t *map;
	int alive[4];
	unsigned long ino;
	size_t size;
	uint32_t seed;
	char err[200];
};

/* Writes a new pattern through one of what remains, then reads it through all. */
static int co_verify(struct co *c)
{
	char why[160];
	uint8_t *m;
	int fd, ok = 1;

	if (!c->alive[D] && !c->alive[E] && !c->alive[H] && !c->alive[M])
		return 1;
	c->seed++;
	if (c->alive[M]) {
		if (c->alive[E])
			tl_sync(c->expfd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
		tl_fill(c->map, c->size, c->seed, 0);
		if (c->alive[E])
			tl_sync(c->expfd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
	} else if (c->alive[D]) {
		ex_fill_dev(c->devfd, 0, c->size, c->seed, 0);
	} else {
		fd = c->alive[E] ? c->expfd : tl_prime_export(card, c->handle);
		m = fd < 0 ? MAP_FAILED : tl_map(fd, c->size, PROT_READ | PROT_WRITE, 0);
		if (m == MAP_FAILED) {
			snprintf(c->err, sizeof(c->err), "mapping the %s to write: %s",
				 c->alive[E] ? "export" : "re-export", strerror(errno));
			if (fd >= 0 && !c->alive[E])
				close(fd);
			return 0;
		}
		tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
		tl_fill(m, c->size, c->seed, 0);
		tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
		munmap(m, c->size);
		if (!c->alive[E])
			close(fd);
	}

	if (ok && c->alive[D] && !ex_check_dev(c->devfd, 0, c->size, c->seed, 0, why, sizeof(why))) {
		snprintf(c->err, sizeof(c->err), "device read(): %s", why);
		ok = 0;
	}
	if (ok && c->alive[M] && !ex_check_pat(c->map, c->size, c->seed, 0, why, sizeof(why))) {
		snprintf(c->err, sizeof(c->err), "export mapping: %s", why);
		ok = 0;
	}
	if (ok && c->alive[E]) {
		m = tl_map(c->expfd, c->size, PROT_READ, 0);
		if (m == MAP_FAILED) {
			snprintf(c->err, sizeof(c->err), "new mapping of the export: %s",
				 strerror(errno));
			ok = 0;
		} else {
			if (!ex_check_pat(m, c->size, c->seed, 0, why, sizeof(why))) {
				snprintf(c->err, sizeof(c->err), "new export mapping: %s", why);
				ok = 0;
			}
			munmap(m, c->size);
		}
	}
	if (ok && c->alive[H]) {
		fd = tl_prime_export(card, c->handle);
		if (fd < 0) {
			snprintf(c->err, sizeof(c->err), "PRIME_HANDLE_TO_FD: %s", strerror(errno));
			return 0;
		}
		if (tl_ino(fd) != c->ino) {
			snprintf(c->err, sizeof(c->err), "re-export is another dma-buf");
			ok = 0;
		}
		m = tl_map(fd, c->size, PROT_READ, 0);
		if (m == MAP_FAILED) {
			snprintf(c->err, sizeof(c->err), "mmap of the re-export: %s", strerror(errno));
			ok = 0;
		} else {
			if (ok && !ex_check_pat(m, c->size, c->seed, 0, why, sizeof(why))) {
				snprintf(c->err, sizeof(c->err), "re-export mapping: %s", why);
				ok = 0;
			}
			munmap(m, c->size);
		}
		close(fd);
	}
	return ok;
}

static void co_close(struct co *c, int item)
{
	switch (item) {
	case D: close(c->devfd); break;
	case E: close(c->expfd); break;
	case H: tl_gem_close(card, c->handle); break;
	case M: munmap(c->map, c->size); break;
	}
	c->alive[item] = 0;
}

static void check_close_orders(void)
{
	unsigned long long b0, y0, b1, y1;
	int perm[4], n = 0, a, b, cc, d;
	char name[32], path[64], order[16];

	for (a = 0; a < 4; a++)
	for (b = 0; b < 4; b++)
	for (cc = 0; cc < 4; cc++)
	for (d = 0; d < 4; d++) {
		struct co c;
		int i, ok = 1;

		if (a == b || a == cc || a == d || b == cc || b == d || cc == d)
			continue;
		perm[0] = a; perm[1] = b; perm[2] = cc; perm[3] = d;
		for (i = 0; i < 4; i++)
			order[i] = item_name[perm[i]];
		order[4] = 0;
		memset(&c, 0, sizeof(c));
		c.size = 65536;
		c.seed = 300 + n * 10;
		snprintf(name, sizeof(name), "exco%d", n++);
		snprintf(path, sizeof(path), "/dev/%s", name);
		if (tl_stats(&b0, &y0) || tl_mgr("create %s %zu", name, c.size)) {
			t_check(0, "close order %s: create %s: %s", order, name, strerror(errno));
			continue;
		}
		c.devfd = ex_open_dev_or_die(name);
		ex_fill_dev(c.devfd, 0, c.size, c.seed, 0);
		c.expfd = ex_export_or_die(c.devfd, 0, c.size, O_RDWR | O_CLOEXEC);
		c.ino = tl_ino(c.expfd);
		c.map = tl_map(c.expfd, c.size, PROT_READ | PROT_WRITE, 0);
		if (c.map == MAP_FAILED)
			t_die("mmap of the export");
		if (tl_prime_import(card, c.expfd, &c.handle))
			t_die("vgem import");
		c.alive[D] = c.alive[E] = c.alive[H] = c.alive[M] = 1;
		ok = co_verify(&c);
		for (i = 0; i < 4 && ok; i++) {
			co_close(&c, perm[i]);
			if (!co_verify(&c)) {
				ok = 0;
				printf("# close order %s: after closing %c: %s\n", order,
				       item_name[perm[i]], c.err);
			}
		}
		for (; i < 4; i++)
			co_close(&c, perm[i]);
		t_check(ok, "close order %s (Device fd, Export fd, vgem Handle, export Mmap): data "
			"stays correct", order);
		if (tl_mgr("delete %s", name))
			t_check(0, "close order %s: delete %s: %s", order, name, strerror(errno));
		tl_stats(&b1, &y1);
		t_check(b1 == b0 && y1 == y0 && !tl_exists(path),
			"close order %s: memory returned (buffers %llu -> %llu, bytes %llu -> %llu)",
			order, b0, b1, y0, y1);
	}
}

/* --- implicit sync ------------------------------------------------------------- */

struct syncer {
	int fd;
	volatile int started, done;
	int ret, err;
	double t;
};

static void *sync_thread(void *arg)
{
	struct syncer *s = arg;
	struct dma_buf_sync sy = { .flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW };

	__atomic_store_n(&s->started, 1, __ATOMIC_SEQ_CST);
	s->ret = ioctl(s->fd, DMA_BUF_IOCTL_SYNC, &sy);
	s->err = errno;
	s->t = tl_now();
	__atomic_store_n(&s->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void check_implicit_sync(int devfd)
{
	struct syncer s = { 0 };
	struct pollfd pfd;
	uint32_t handle = 0, fence = 0;
	pthread_t th;
	double t0;
	int fd, i;

	fd = ex_export_or_die(devfd, 0, 65536, O_RDWR | O_CLOEXEC);
	if (tl_prime_import(card, fd, &handle))
		t_die("vgem import");
	if (!t_check_ret(tl_vgem_fence_attach(card, handle, TL_VGEM_FENCE_WRITE, &fence), 0,
			 "implicit sync: VGEM_FENCE_ATTACH (write) on the imported handle")) {
		close(fd);
		return;
	}
	pfd.fd = fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	t_check_u64(poll(&pfd, 1, 0), 0, "implicit sync: poll(POLLIN) on the export is not ready");
	pfd.events = POLLOUT;
	t_check_u64(poll(&pfd, 1, 0), 0, "implicit sync: poll(POLLOUT) on the export is not ready");

	s.fd = fd;
	if (pthread_create(&th, NULL, sync_thread, &s))
		t_die("pthread_create");
	for (i = 0; i < 500 && !__atomic_load_n(&s.started, __ATOMIC_SEQ_CST); i++)
		tl_sleep_ms(10);
	tl_sleep_ms(700);
	t_check(!__atomic_load_n(&s.done, __ATOMIC_SEQ_CST),
		"implicit sync: SYNC START blocks while the fence is unsignalled");
	t0 = tl_now();
	t_check_ret(tl_vgem_fence_signal(card, fence), 0, "implicit sync: VGEM_FENCE_SIGNAL");
	for (i = 0; i < 300 && !__atomic_load_n(&s.done, __ATOMIC_SEQ_CST); i++)
		tl_sleep_ms(10);
	if (t_check(__atomic_load_n(&s.done, __ATOMIC_SEQ_CST),
		    "implicit sync: SYNC START completes after the signal")) {
		errno = s.err;
		t_check_ret(s.ret, 0, "implicit sync: SYNC START succeeded");
		t_check(s.t >= t0, "implicit sync: SYNC START returned after the signal (%.3f s)",
			s.t - t0);
		pthread_join(th, NULL);
	} else {
		pthread_detach(th);	/* the fence expires after ~10 s */
	}
	pfd.events = POLLIN;
	t_check(poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN),
		"implicit sync: poll(POLLIN) is ready after the signal");
	tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW);
	tl_gem_close(card, handle);
	close(fd);
}

static int poll_in(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	return poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLIN);
}

/*
 * A vgem write fence on dma-buf @e1 comes out in a sync file (for readers),
 * which goes into dma-buf @e2 as its write fence: both wait for the signal.
 * Closes @e1 and @e2.
 */
static void check_sync_file(const char *what, int e1, int e2)
{
	struct dma_buf_export_sync_file ex = { .flags = DMA_BUF_SYNC_READ, .fd = -1 };
	struct dma_buf_import_sync_file im = { .flags = DMA_BUF_SYNC_WRITE };
	uint32_t handle = 0, fence = 0;

	if (e1 < 0 || e2 < 0 || tl_prime_import(card, e1, &handle) ||
	    tl_vgem_fence_attach(card, handle, TL_VGEM_FENCE_WRITE, &fence))
		t_die("two dma-bufs, a vgem import and a fence");
	if (t_check_ret(ioctl(e1, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &ex), 0,
			"%s: EXPORT_SYNC_FILE (read) of the fenced one", what)) {
		t_check(!poll_in(ex.fd), "%s: not signalled before the fence", what);
		im.fd = ex.fd;
		t_check_ret(ioctl(e2, DMA_BUF_IOCTL_IMPORT_SYNC_FILE, &im), 0,
			    "%s: IMPORT_SYNC_FILE (write) into the other", what);
		t_check(!poll_in(e2), "%s: the other's readers wait for it", what);
	}
	ex.flags = 0;
	t_check_ret(ioctl(e1, DMA_BUF_IOCTL_EXPORT_SYNC_FILE, &ex), EINVAL,
		    "%s: EXPORT_SYNC_FILE without a direction is EINVAL", what);
	im.fd = card;
	t_check_ret(ioctl(e2, DMA_BUF_IOCTL_IMPORT_SYNC_FILE, &im), EINVAL,
		    "%s: IMPORT_SYNC_FILE of a file that is no sync file is EINVAL", what);
	t_check_ret(tl_vgem_fence_signal(card, fence), 0, "%s: VGEM_FENCE_SIGNAL", what);
	if (ex.fd >= 0) {
		t_check(poll_in(ex.fd), "%s: signalled after the fence", what);
		t_check(poll_in(e2), "%s: the other is readable after the fence", what);
		close(ex.fd);
	}
	tl_gem_close(card, handle);
	close(e2);
	close(e1);
}

static int heap_buffer(size_t len)
{
	struct dma_heap_allocation_data d = { .len = len, .fd_flags = O_RDWR | O_CLOEXEC };
	int h = open("/dev/dma_heap/udmabuf", O_RDWR | O_CLOEXEC), err;

	if (h < 0)
		return -1;
	err = ioctl(h, DMA_HEAP_IOCTL_ALLOC, &d);
	close(h);
	return err ? -1 : (int)d.fd;
}

int main(int argc, char **argv)
{
	unsigned long long b0, y0, b1, y1;
	int devfd, fds0;

	if (argc != 2 && !(argc == 4 && !strcmp(argv[2], "import"))) {
		fprintf(stderr, "usage: export-vgem DEVICE [import LABEL]\n");
		return 2;
	}
	dev = argv[1];
	if (argc == 4) {
		static char p[64];

		snprintf(p, sizeof(p), "%s: ", argv[3]);
		pfx = p;
	}
	kmsg = tl_kmsg_open();
	card = tl_drm_open("vgem", NULL, 0);
	if (!t_check(card >= 0, "%svgem: a card whose driver is vgem", pfx))
		return 1;
	if (tl_stats(&b0, &y0))
		t_die("reading /sys/kernel/debug/u-dma-buf/stats");
	fds0 = tl_count_fds();
	devfd = ex_open_dev_or_die(dev);
	if (ex_dev_size(devfd) < (2 << 20)) {
		printf("FAIL: %s is smaller than 2 MiB\n", dev);
		return 1;
	}
	check_import(devfd);
	check_debug_log(devfd);
	if (argc == 4) {
		close(devfd);
		t_check_u64(tl_count_fds(), fds0, "%sno fd left open", pfx);
		return t_done();
	}
	check_many(devfd);
	check_implicit_sync(devfd);
	check_sync_file("sync file, exports", ex_export_or_die(devfd, 0, 65536, O_RDWR | O_CLOEXEC),
			ex_export_or_die(devfd, 65536, 65536, O_RDWR | O_CLOEXEC));
	check_sync_file("sync file, heap buffers", heap_buffer(65536), heap_buffer(65536));
	close(devfd);
	check_close_orders();
	t_check_u64(tl_count_fds(), fds0, "no fd left open");
	tl_stats(&b1, &y1);
	t_check(b1 == b0 && y1 == y0, "stats unchanged at the end (buffers %llu -> %llu)", b0, b1);
	return t_done();
}
