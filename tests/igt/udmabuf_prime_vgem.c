// SPDX-License-Identifier: MIT
/*
 * u-dma-buf buffers shared with vgem through PRIME: exports of a u-dma-buf
 * device (U_DMA_BUF_IOCTL_EXPORT) and buffers of /dev/dma_heap/udmabuf are
 * imported into vgem; vgem's re-export is the same dma-buf with the same
 * bytes; many importers share one buffer; every order of letting go of the
 * buffer's holders keeps the data intact and frees the memory after the
 * last; vgem's fences (VGEM_FENCE_ATTACH/SIGNAL) on an imported buffer are
 * implicit fences of our dma-buf: they block poll() and DMA_BUF_IOCTL_SYNC
 * until signalled, and one never signalled expires after vgem's 10 s.
 *
 * Needs root, u-dma-buf.ko and u-dma-buf-mgr.ko (devices are created and
 * deleted through /dev/u-dma-buf-mgr), and vgem (loaded when missing).
 */
#include "igt.h"

#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/dma-buf.h>
#include <linux/dma-heap.h>
#include <xf86drm.h>

#include "u-dma-buf-heap.h"

#include "udmabuf_common.h"

IGT_TEST_DESCRIPTION("u-dma-buf exports and heap buffers imported into vgem: re-export, "
		     "many importers, close orders, implicit fences.");

#define UD_DEV		"igt-vgem0"
#define UD_DEV_SIZE	(4ull << 20)
#define UD_CO_DEV	"igt-vgem-co"
#define UD_BUF_SIZE	(512ull * 1024)
#define UD_MAX_IMPORTERS 16

/* vgem's fence ioctls (include/uapi/drm/vgem_drm.h; not installed with libdrm). */
struct ud_vgem_fence_attach {
	uint32_t handle;
	uint32_t flags;
#define UD_VGEM_FENCE_WRITE 0x1
	uint32_t out_fence;
	uint32_t pad;
};

struct ud_vgem_fence_signal {
	uint32_t fence;
	uint32_t flags;
};

#define UD_IOCTL_VGEM_FENCE_ATTACH \
	DRM_IOWR(DRM_COMMAND_BASE + 0x1, struct ud_vgem_fence_attach)
#define UD_IOCTL_VGEM_FENCE_SIGNAL \
	DRM_IOW(DRM_COMMAND_BASE + 0x2, struct ud_vgem_fence_signal)

/* Where the buffers under test come from. */
enum ud_source { UD_EXPORT, UD_HEAP_BUF };
static const char *const ud_source_name[] = { "export", "heap" };
static const char *const ud_source_desc[] = {
	"an export of a u-dma-buf device", "a buffer of /dev/dma_heap/udmabuf"
};

/* --- helpers ---------------------------------------------------------------- */

static double ud_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Writes the pattern through a fresh mapping of a dma-buf fd. */
static void ud_write_fd(int fd, size_t len, uint32_t seed)
{
	uint8_t *p = ud_mmap(fd, len, PROT_READ | PROT_WRITE, 0);

	ud_sync_ok(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
	ud_fill(p, len, seed, 0);
	ud_sync_ok(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
	munmap(p, len);
}

/* Checks the pattern through a fresh mapping of a dma-buf fd. */
static void ud_check_fd(int fd, size_t len, uint32_t seed, const char *what)
{
	uint8_t *p = ud_mmap(fd, len, PROT_READ, 0);

	ud_sync_ok(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
	ud_assert_pattern(p, len, seed, 0, what);
	ud_sync_ok(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
	munmap(p, len);
}

static void ud_write_dev(int dev, uint64_t off, size_t len, uint32_t seed)
{
	uint8_t *b = malloc(len);

	igt_assert(b);
	ud_fill(b, len, seed, 0);
	igt_assert_eq(pwrite(dev, b, len, off), (ssize_t)len);
	free(b);
}

static void ud_check_dev(int dev, uint64_t off, size_t len, uint32_t seed, const char *what)
{
	uint8_t *b = malloc(len);

	igt_assert(b);
	igt_assert_eq(pread(dev, b, len, off), (ssize_t)len);
	ud_assert_pattern(b, len, seed, 0, what);
	free(b);
}

static ino_t ud_ino(int fd)
{
	struct stat st;

	igt_assert_eq(fstat(fd, &st), 0);
	return st.st_ino;
}

static uint32_t ud_import(int card, int fd)
{
	uint32_t handle = 0;

	igt_assert_f(drmPrimeFDToHandle(card, fd, &handle) == 0,
		     "PRIME_FD_TO_HANDLE: %s\n", strerror(errno));
	igt_assert(handle != 0);
	return handle;
}

static int ud_reexport(int card, uint32_t handle)
{
	int fd = -1;

	igt_assert_f(drmPrimeHandleToFD(card, handle, DRM_CLOEXEC | DRM_RDWR, &fd) == 0,
		     "PRIME_HANDLE_TO_FD: %s\n", strerror(errno));
	igt_assert_fd(fd);
	return fd;
}

static void ud_gem_close(int card, uint32_t handle)
{
	struct drm_gem_close c = { .handle = handle };

	igt_assert_f(drmIoctl(card, DRM_IOCTL_GEM_CLOSE, &c) == 0, "GEM_CLOSE %u: %s\n",
		     handle, strerror(errno));
}

/* VGEM_FENCE_ATTACH: 0 with *fence, or -errno. */
static int ud_fence_attach(int card, uint32_t handle, uint32_t flags, uint32_t *fence)
{
	struct ud_vgem_fence_attach a = { .handle = handle, .flags = flags };

	if (drmIoctl(card, UD_IOCTL_VGEM_FENCE_ATTACH, &a))
		return -errno;
	*fence = a.out_fence;
	return 0;
}

static uint32_t ud_fence_attach_ok(int card, uint32_t handle, uint32_t flags)
{
	uint32_t fence = 0;
	int ret = ud_fence_attach(card, handle, flags, &fence);

	igt_assert_f(ret == 0, "VGEM_FENCE_ATTACH (%s): %s\n",
		     flags & UD_VGEM_FENCE_WRITE ? "write" : "read", strerror(-ret));
	return fence;
}

static int ud_fence_signal(int card, uint32_t fence)
{
	struct ud_vgem_fence_signal s = { .fence = fence };

	return drmIoctl(card, UD_IOCTL_VGEM_FENCE_SIGNAL, &s) ? -errno : 0;
}

/* revents of poll() on one fd for events, waiting up to ms. */
static short ud_poll(int fd, short events, int ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	int ret;

	ret = poll(&p, 1, ms);
	igt_assert_f(ret >= 0, "poll: %s\n", strerror(errno));
	return ret ? p.revents : 0;
}

/* The test's environment, set up by the fixtures. */
struct ud_env {
	int card;		/* vgem */
	char card_path[64];
	int dev;		/* u-dma-buf device UD_DEV */
	int heap;
	int importers;		/* how many vgem importers of one buffer */
};

/* A new buffer of UD_BUF_SIZE bytes from src, filled with the pattern seed. */
static int ud_new_buffer(struct ud_env *e, enum ud_source src, uint32_t seed)
{
	static unsigned int next;
	int fd;

	if (src == UD_EXPORT) {
		/* a different range each time: exports of one range are still separate dma-bufs */
		uint64_t off = (next++ % (UD_DEV_SIZE / UD_BUF_SIZE)) * UD_BUF_SIZE;

		fd = ud_export(e->dev, off, UD_BUF_SIZE, O_RDWR | O_CLOEXEC, NULL);
	} else {
		fd = ud_heap_alloc(e->heap, UD_BUF_SIZE);
	}
	ud_write_fd(fd, UD_BUF_SIZE, seed);
	return fd;
}

/* --- import and re-export ------------------------------------------------------ */

static void test_import(struct ud_env *e, enum ud_source src)
{
	int fd = ud_new_buffer(e, src, 1), fd2, card2;
	uint32_t h, h2, h3;
	struct drm_gem_close c;

	h = ud_import(e->card, fd);
	h2 = ud_import(e->card, fd);
	igt_assert_eq_u32(h2, h);	/* one object per dma-buf and file */
	card2 = open(e->card_path, O_RDWR | O_CLOEXEC);
	igt_assert_fd(card2);
	h3 = ud_import(card2, fd);
	igt_assert(h3 != 0);
	ud_gem_close(e->card, h);
	memset(&c, 0, sizeof(c));
	c.handle = h;
	igt_assert_f(drmIoctl(e->card, DRM_IOCTL_GEM_CLOSE, &c) == -1 && errno == EINVAL,
		     "GEM_CLOSE of a closed handle: expected EINVAL\n");
	/* the other file's import is unaffected; importing again works */
	fd2 = ud_reexport(card2, h3);
	igt_assert_f(ud_ino(fd2) == ud_ino(fd), "the other file's re-export is another "
		     "dma-buf\n");
	ud_check_fd(fd2, UD_BUF_SIZE, 1, "the other file's re-export after one importer let go");
	close(fd2);
	h = ud_import(e->card, fd);
	ud_gem_close(e->card, h);
	close(card2);
	close(fd);
}

static void test_reexport(struct ud_env *e, enum ud_source src)
{
	struct u_dma_buf_heap_dma_addr q, q2;
	int fd = ud_new_buffer(e, src, 2), fd2;
	uint32_t h;
	uint8_t *orig;

	orig = ud_mmap(fd, UD_BUF_SIZE, PROT_READ | PROT_WRITE, 0);
	h = ud_import(e->card, fd);
	fd2 = ud_reexport(e->card, h);
	igt_assert_f(ud_ino(fd2) == ud_ino(fd), "vgem's re-export is another dma-buf\n");
	igt_assert_eq_u64(ud_buf_size(fd2), UD_BUF_SIZE);
	igt_assert_eq(ud_dma_addr(e->heap, fd, 0, &q), 0);
	igt_assert_eq(ud_dma_addr(e->heap, fd2, 0, &q2), 0);
	igt_assert_eq_u64(q2.addr, q.addr);
	igt_assert_eq_u64(q2.size, q.size);
	igt_assert_eq_u64(q2.offset, q.offset);
	ud_check_fd(fd2, UD_BUF_SIZE, 2, "the re-export");
	/* written through the re-export: seen through the original mapping ... */
	ud_write_fd(fd2, UD_BUF_SIZE, 3);
	ud_sync_ok(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW);
	ud_assert_pattern(orig, UD_BUF_SIZE, 3, 0, "the original mapping after a write "
			  "through the re-export");
	/* ... and the other way round */
	ud_fill(orig, UD_BUF_SIZE, 4, 0);
	ud_sync_ok(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW);
	ud_check_fd(fd2, UD_BUF_SIZE, 4, "the re-export after a write through the original");
	if (src == UD_EXPORT)
		ud_check_dev(e->dev, q.offset, UD_BUF_SIZE, 4, "the device at the export offset");
	/* re-importing the re-export gives the same object */
	igt_assert_eq_u32(ud_import(e->card, fd2), h);
	munmap(orig, UD_BUF_SIZE);
	close(fd2);
	ud_gem_close(e->card, h);
	close(fd);
}

/* The import keeps the buffer after every fd of it is closed. */
static void test_reexport_after_close(struct ud_env *e, enum ud_source src)
{
	struct u_dma_buf_heap_dma_addr q, q2;
	int fd = ud_new_buffer(e, src, 5), fd2;
	uint64_t heap0 = ud_heap_buffers();
	uint32_t h;
	ino_t ino;

	igt_assert_eq(ud_dma_addr(e->heap, fd, 0, &q), 0);
	ino = ud_ino(fd);
	h = ud_import(e->card, fd);
	close(fd);
	if (src == UD_HEAP_BUF)
		igt_assert_eq_u64(ud_heap_buffers(), heap0);
	fd2 = ud_reexport(e->card, h);
	igt_assert_f(ud_ino(fd2) == ino, "the re-export after closing the original is another "
		     "dma-buf\n");
	igt_assert_eq(ud_dma_addr(e->heap, fd2, 0, &q2), 0);
	igt_assert_eq_u64(q2.addr, q.addr);
	igt_assert_eq_u64(q2.size, q.size);
	ud_check_fd(fd2, UD_BUF_SIZE, 5, "the re-export after closing the original");
	close(fd2);
	ud_gem_close(e->card, h);
	if (src == UD_HEAP_BUF)
		igt_assert_eq_u64(ud_heap_buffers(), heap0 - 1);
}

static void test_many_importers(struct ud_env *e, enum ud_source src)
{
	int fd = ud_new_buffer(e, src, 10), cards[UD_MAX_IMPORTERS], n = e->importers;
	uint32_t h[UD_MAX_IMPORTERS];
	ino_t ino = ud_ino(fd);

	for (int i = 0; i < n; i++) {
		cards[i] = open(e->card_path, O_RDWR | O_CLOEXEC);
		igt_assert_fd(cards[i]);
		h[i] = ud_import(cards[i], fd);
	}
	/* each importer reaches the same buffer: write through one, read through the next */
	for (int i = 0; i < n; i++) {
		int a = ud_reexport(cards[i], h[i]), b = ud_reexport(cards[(i + 1) % n],
								    h[(i + 1) % n]);

		igt_assert(ud_ino(a) == ino && ud_ino(b) == ino);
		ud_write_fd(a, UD_BUF_SIZE, 100 + i);
		ud_check_fd(b, UD_BUF_SIZE, 100 + i, "another importer's re-export");
		close(a);
		close(b);
	}
	/* let go half by GEM_CLOSE, half by closing the DRM file */
	for (int i = 0; i < n; i++) {
		if (i % 2)
			ud_gem_close(cards[i], h[i]);
		else
			close(cards[i]);
		ud_check_fd(fd, UD_BUF_SIZE, 100 + n - 1, "the buffer as importers let go");
	}
	for (int i = 1; i < n; i += 2)
		close(cards[i]);
	close(fd);
}

/* --- close orders ------------------------------------------------------------- */

/*
 * Four holders of one buffer let go in the order of a permutation; after
 * each, a new pattern is written through one of those left and read back
 * through every one of them, and the memory stays allocated until the last
 * has gone.
 *
 * export: d = the u-dma-buf device (its fd closed and the device deleted),
 *	   e = the export fd, h = the vgem handle, m = a mapping of the export
 * heap:   b = the buffer fd, h = a vgem handle (GEM_CLOSE), c = a second vgem
 *	   file with its own import (closed), m = a mapping of the buffer
 */
struct ud_holders {
	enum ud_source src;
	struct ud_env *e;
	int dev, fd, card2;
	uint32_t h, h2;
	uint8_t *map;
	bool alive[4];
	ino_t ino;
	uint32_t seed;
};

#define UD_CO_SIZE (64ull * 1024)

static bool ud_any_alive(const struct ud_holders *c)
{
	return c->alive[0] || c->alive[1] || c->alive[2] || c->alive[3];
}

/* A re-export through whichever vgem handle is left: the fd. */
static int ud_co_reexport(struct ud_holders *c, int which)
{
	int fd;

	if (which == 2 && c->src == UD_HEAP_BUF)
		fd = ud_reexport(c->card2, c->h2);
	else
		fd = ud_reexport(c->e->card, c->h);
	igt_assert_f(ud_ino(fd) == c->ino, "a re-export is another dma-buf\n");
	return fd;
}

static void ud_co_verify(struct ud_holders *c, const char *after)
{
	char what[128];
	int fd;

	if (!ud_any_alive(c))
		return;
	c->seed++;
	/* write through one holder */
	if (c->alive[3]) {
		ud_fill(c->map, UD_CO_SIZE, c->seed, 0);
	} else if (c->src == UD_EXPORT && c->alive[0]) {
		ud_write_dev(c->dev, 0, UD_CO_SIZE, c->seed);
	} else if (c->alive[c->src == UD_EXPORT ? 1 : 0]) {
		ud_write_fd(c->fd, UD_CO_SIZE, c->seed);
	} else {
		fd = ud_co_reexport(c, c->alive[1] ? 1 : 2);
		ud_write_fd(fd, UD_CO_SIZE, c->seed);
		close(fd);
	}
	/* read through every holder */
	for (int i = 0; i < 4; i++) {
		if (!c->alive[i])
			continue;
		snprintf(what, sizeof(what), "after letting go of %s: holder %c", after,
			 (c->src == UD_EXPORT ? "dehm" : "bhcm")[i]);
		if (i == 3) {
			ud_assert_pattern(c->map, UD_CO_SIZE, c->seed, 0, what);
		} else if (c->src == UD_EXPORT && i == 0) {
			ud_check_dev(c->dev, 0, UD_CO_SIZE, c->seed, what);
		} else if (i == (c->src == UD_EXPORT ? 1 : 0)) {
			ud_check_fd(c->fd, UD_CO_SIZE, c->seed, what);
		} else {
			fd = ud_co_reexport(c, i);
			ud_check_fd(fd, UD_CO_SIZE, c->seed, what);
			close(fd);
		}
	}
}

static void ud_co_let_go(struct ud_holders *c, int i)
{
	if (i == 3) {
		munmap(c->map, UD_CO_SIZE);
	} else if (c->src == UD_EXPORT && i == 0) {
		close(c->dev);
		ud_delete_device(UD_CO_DEV);
	} else if (i == (c->src == UD_EXPORT ? 1 : 0)) {
		close(c->fd);
	} else if (i == 1) {
		ud_gem_close(c->e->card, c->h);
	} else if (c->src == UD_EXPORT) {	/* i == 2: the handle */
		ud_gem_close(c->e->card, c->h);
	} else {				/* i == 2: the second vgem file */
		close(c->card2);
	}
	c->alive[i] = false;
}

static void test_close_order(struct ud_env *e, enum ud_source src, const int *perm)
{
	const char *letters = src == UD_EXPORT ? "dehm" : "bhcm";
	struct ud_holders c = { .src = src, .e = e, .seed = 500 };
	uint64_t b0 = src == UD_EXPORT ? ud_stats_buffers() : ud_heap_buffers();
	char name[2] = "";

	if (src == UD_EXPORT) {
		c.dev = ud_create_device(UD_CO_DEV, UD_CO_SIZE);
		igt_assert_eq_u64(ud_stats_buffers(), b0 + 1);
		ud_write_dev(c.dev, 0, UD_CO_SIZE, c.seed);
		c.fd = ud_export(c.dev, 0, UD_CO_SIZE, O_RDWR | O_CLOEXEC, NULL);
		c.h = ud_import(e->card, c.fd);
	} else {
		c.fd = ud_heap_alloc(e->heap, UD_CO_SIZE);
		igt_assert_eq_u64(ud_heap_buffers(), b0 + 1);
		ud_write_fd(c.fd, UD_CO_SIZE, c.seed);
		c.h = ud_import(e->card, c.fd);
		c.card2 = open(e->card_path, O_RDWR | O_CLOEXEC);
		igt_assert_fd(c.card2);
		c.h2 = ud_import(c.card2, c.fd);
	}
	c.ino = ud_ino(c.fd);
	c.map = ud_mmap(c.fd, UD_CO_SIZE, PROT_READ | PROT_WRITE, 0);
	for (int i = 0; i < 4; i++)
		c.alive[i] = true;
	ud_co_verify(&c, "nothing");

	for (int k = 0; k < 4; k++) {
		uint64_t now;

		ud_co_let_go(&c, perm[k]);
		name[0] = letters[perm[k]];
		ud_co_verify(&c, name);
		now = src == UD_EXPORT ? ud_stats_buffers() : ud_heap_buffers();
		if (k < 3)
			igt_assert_f(now == b0 + 1, "after letting go of %c with %d holders left: "
				     "%" PRIu64 " buffers, expected %" PRIu64 "\n", letters[perm[k]],
				     3 - k, now, b0 + 1);
		else
			igt_assert_f(now == b0, "after letting go of the last holder (%c): %" PRIu64
				     " buffers, expected %" PRIu64 " (memory not freed)\n",
				     letters[perm[k]], now, b0);
	}
}

/* --- implicit fences ------------------------------------------------------------ */

/* DMA_BUF_IOCTL_SYNC in a thread, so a test can see whether it blocks. */
struct ud_syncer {
	pthread_t thread;
	int fd;
	uint64_t flags;
	int started, done, cancel;	/* atomics */
	int ret, err;
	double t_done;
};

static void ud_sigusr1(int sig)
{
	(void)sig;
}

static void *ud_syncer_main(void *arg)
{
	struct ud_syncer *s = arg;
	struct dma_buf_sync sync = { .flags = s->flags };
	int ret;

	__atomic_store_n(&s->started, 1, __ATOMIC_SEQ_CST);
	do
		ret = ioctl(s->fd, DMA_BUF_IOCTL_SYNC, &sync);
	while (ret && (errno == EINTR || errno == EAGAIN) &&
	       !__atomic_load_n(&s->cancel, __ATOMIC_SEQ_CST));
	s->ret = ret;
	s->err = ret ? errno : 0;
	s->t_done = ud_now();
	__atomic_store_n(&s->done, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

static void ud_syncer_start(struct ud_syncer *s, int fd, uint64_t flags)
{
	memset(s, 0, sizeof(*s));
	s->fd = fd;
	s->flags = flags;
	igt_assert_eq(pthread_create(&s->thread, NULL, ud_syncer_main, s), 0);
	while (!__atomic_load_n(&s->started, __ATOMIC_SEQ_CST))
		ud_sleep_ms(1);
	ud_sleep_ms(20);	/* into the ioctl */
}

/* Waits up to ms for the SYNC to return: whether it did. */
static bool ud_syncer_wait(struct ud_syncer *s, int ms)
{
	double end = ud_now() + ms / 1000.0;

	while (!__atomic_load_n(&s->done, __ATOMIC_SEQ_CST) && ud_now() < end)
		ud_sleep_ms(5);
	return __atomic_load_n(&s->done, __ATOMIC_SEQ_CST);
}

/* Ends the thread (interrupting a SYNC still blocked); whether it had returned. */
static bool ud_syncer_stop(struct ud_syncer *s)
{
	bool done = __atomic_load_n(&s->done, __ATOMIC_SEQ_CST);

	__atomic_store_n(&s->cancel, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&s->done, __ATOMIC_SEQ_CST)) {
		pthread_kill(s->thread, SIGUSR1);
		ud_sleep_ms(10);
	}
	pthread_join(s->thread, NULL);
	return done;
}

struct ud_fenced {
	int fd;
	uint32_t h, fence;
};

static void ud_fenced_setup(struct ud_env *e, enum ud_source src, uint32_t flags,
			    struct ud_fenced *f)
{
	f->fd = ud_new_buffer(e, src, 20);
	f->h = ud_import(e->card, f->fd);
	igt_assert_f(ud_poll(f->fd, POLLIN | POLLOUT, 0) == (POLLIN | POLLOUT),
		     "a buffer without fences is not ready for reading and writing\n");
	f->fence = ud_fence_attach_ok(e->card, f->h, flags);
}

static void ud_fenced_signal(struct ud_env *e, struct ud_fenced *f)
{
	int ret = ud_fence_signal(e->card, f->fence);

	igt_assert_f(ret == 0, "VGEM_FENCE_SIGNAL: %s\n", strerror(-ret));
}

static void ud_fenced_teardown(struct ud_env *e, struct ud_fenced *f)
{
	ud_gem_close(e->card, f->h);
	close(f->fd);
}

static void test_fence_write_poll(struct ud_env *e, enum ud_source src)
{
	struct ud_fenced f;

	ud_fenced_setup(e, src, UD_VGEM_FENCE_WRITE, &f);
	igt_assert_eq(ud_poll(f.fd, POLLIN, 0), 0);
	igt_assert_eq(ud_poll(f.fd, POLLOUT, 0), 0);
	igt_assert_eq(ud_poll(f.fd, POLLIN | POLLOUT, 300), 0);
	ud_fenced_signal(e, &f);
	igt_assert_eq(ud_poll(f.fd, POLLIN, 1000), POLLIN);
	igt_assert_eq(ud_poll(f.fd, POLLOUT, 1000), POLLOUT);
	/* signalled fences are gone from vgem's table */
	igt_assert_eq(ud_fence_signal(e->card, f.fence), -ENOENT);
	ud_fenced_teardown(e, &f);
}

static void test_fence_read_poll(struct ud_env *e, enum ud_source src)
{
	struct ud_fenced f;

	ud_fenced_setup(e, src, 0, &f);
	/* a reader does not keep others from reading, only from writing */
	igt_assert_eq(ud_poll(f.fd, POLLIN, 0), POLLIN);
	igt_assert_eq(ud_poll(f.fd, POLLOUT, 300), 0);
	ud_fenced_signal(e, &f);
	igt_assert_eq(ud_poll(f.fd, POLLOUT, 1000), POLLOUT);
	ud_fenced_teardown(e, &f);
}

/* A CPU access of direction flags blocks until the fence is signalled. */
static void ud_expect_sync_blocks(struct ud_env *e, struct ud_fenced *f, uint64_t flags)
{
	struct ud_syncer s;
	bool early, late;
	double t_signal;
	int ret;

	ud_syncer_start(&s, f->fd, DMA_BUF_SYNC_START | flags);
	early = ud_syncer_wait(&s, 500);
	t_signal = ud_now();
	ret = ud_fence_signal(e->card, f->fence);
	late = ud_syncer_wait(&s, 3000);
	ud_syncer_stop(&s);
	igt_assert_f(!early, "SYNC START %s returned while the fence was unsignalled\n",
		     flags == DMA_BUF_SYNC_READ ? "READ" : flags == DMA_BUF_SYNC_WRITE ?
		     "WRITE" : "RW");
	igt_assert_f(ret == 0, "VGEM_FENCE_SIGNAL: %s\n", strerror(-ret));
	igt_assert_f(late, "SYNC START did not return within 3 s of the signal\n");
	igt_assert_f(s.ret == 0, "SYNC START: %s\n", strerror(s.err));
	igt_assert(s.t_done >= t_signal);
	ud_sync_ok(f->fd, DMA_BUF_SYNC_END | flags);
}

static void test_fence_write_sync(struct ud_env *e, enum ud_source src)
{
	static const uint64_t dirs[] = { DMA_BUF_SYNC_READ, DMA_BUF_SYNC_WRITE, DMA_BUF_SYNC_RW };

	for (unsigned int i = 0; i < 3; i++) {
		struct ud_fenced f;

		ud_fenced_setup(e, src, UD_VGEM_FENCE_WRITE, &f);
		ud_expect_sync_blocks(e, &f, dirs[i]);
		ud_check_fd(f.fd, UD_BUF_SIZE, 20, "the buffer after the fence");
		ud_fenced_teardown(e, &f);
	}
}

static void test_fence_read_sync(struct ud_env *e, enum ud_source src)
{
	struct ud_syncer s;
	struct ud_fenced f;
	bool done;

	ud_fenced_setup(e, src, 0, &f);
	/* reading does not wait for a reader */
	ud_syncer_start(&s, f.fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
	done = ud_syncer_wait(&s, 3000);
	ud_syncer_stop(&s);
	igt_assert_f(done && s.ret == 0, "SYNC START READ under a read fence %s\n",
		     done ? strerror(s.err) : "blocked");
	ud_sync_ok(f.fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
	/* writing does */
	ud_expect_sync_blocks(e, &f, DMA_BUF_SYNC_WRITE);
	ud_fenced_teardown(e, &f);
}

/* Two importers share the buffer's reservation: one's fence conflicts with the other's. */
static void test_fence_busy(struct ud_env *e, enum ud_source src)
{
	struct ud_fenced f;
	uint32_t h2, fence2;
	int card2;

	ud_fenced_setup(e, src, UD_VGEM_FENCE_WRITE, &f);
	card2 = open(e->card_path, O_RDWR | O_CLOEXEC);
	igt_assert_fd(card2);
	h2 = ud_import(card2, f.fd);
	igt_assert_eq(ud_fence_attach(card2, h2, 0, &fence2), -EBUSY);
	igt_assert_eq(ud_fence_attach(card2, h2, UD_VGEM_FENCE_WRITE, &fence2), -EBUSY);
	ud_fenced_signal(e, &f);
	fence2 = ud_fence_attach_ok(card2, h2, UD_VGEM_FENCE_WRITE);
	igt_assert_eq(ud_poll(f.fd, POLLIN, 0), 0);
	igt_assert_eq(ud_fence_signal(card2, fence2), 0);
	igt_assert_eq(ud_poll(f.fd, POLLIN | POLLOUT, 1000), POLLIN | POLLOUT);
	close(card2);
	ud_fenced_teardown(e, &f);
}

/* A fence never signalled expires after vgem's 10 s; waiters return then. */
static void test_fence_timeout(struct ud_env *e, enum ud_source src)
{
	struct ud_syncer s;
	struct ud_fenced f;
	double t0, t;
	short rev;
	bool done;

	ud_fenced_setup(e, src, UD_VGEM_FENCE_WRITE, &f);
	t0 = ud_now();
	ud_syncer_start(&s, f.fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW);
	rev = ud_poll(f.fd, POLLIN, 20000);
	t = ud_now() - t0;
	done = ud_syncer_wait(&s, 5000);
	ud_syncer_stop(&s);
	igt_info("poll returned after %.2f s, SYNC after %.2f s\n", t,
		 done ? s.t_done - t0 : -1.0);
	igt_assert_f(rev == POLLIN, "poll did not return POLLIN within 20 s (%#x)\n", rev);
	igt_assert_f(t >= 9.0 && t <= 15.0, "the fence expired after %.2f s, expected about "
		     "10 s\n", t);
	igt_assert_f(done, "SYNC START still blocked 5 s after the fence expired\n");
	igt_assert_f(s.ret == 0, "SYNC START after the fence expired: %s\n", strerror(s.err));
	igt_assert_f(s.t_done - t0 >= 9.0, "SYNC START returned after %.2f s\n", s.t_done - t0);
	ud_sync_ok(f.fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW);
	/* vgem reports the expiry to the signaller */
	igt_assert_eq(ud_fence_signal(e->card, f.fence), -ETIMEDOUT);
	ud_check_fd(f.fd, UD_BUF_SIZE, 20, "the buffer after the fence expired");
	ud_fenced_teardown(e, &f);
}

/* --- foreign dma-bufs ------------------------------------------------------------ */

static void test_dma_addr_foreign(struct ud_env *e)
{
	struct drm_mode_create_dumb c = { .width = 64, .height = 64, .bpp = 32 };
	struct u_dma_buf_heap_dma_addr q;
	int fd;

	igt_assert_f(drmIoctl(e->card, DRM_IOCTL_MODE_CREATE_DUMB, &c) == 0,
		     "vgem CREATE_DUMB: %s\n", strerror(errno));
	fd = ud_reexport(e->card, c.handle);
	memset(&q, 0, sizeof(q));
	q.fd = (uint32_t)fd;
	igt_assert_f(ioctl(e->heap, U_DMA_BUF_HEAP_IOCTL_DMA_ADDR, &q) == -1 && errno == EINVAL,
		     "DMA_ADDR of a vgem buffer's dma-buf: expected EINVAL\n");
	close(fd);
	ud_gem_close(e->card, c.handle);
}

igt_main
{
	static struct ud_env env = { .card = -1, .dev = -1, .heap = -1 };
	struct ud_env *e = &env;

	igt_fixture {
		struct sigaction sa;

		e->heap = ud_require_heap();
		ud_require_mgr();
		e->card = ud_drm_open_or_load("vgem", e->card_path, sizeof(e->card_path));
		igt_require_f(e->card >= 0, "no vgem device\n");
		e->dev = ud_create_device(UD_DEV, UD_DEV_SIZE);
		/* the DMA-API debug checker warns beyond 8 mappings of a cache line */
		e->importers = access("/sys/kernel/debug/dma-api", F_OK) == 0 ? 7 :
			       UD_MAX_IMPORTERS;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = ud_sigusr1;	/* no SA_RESTART: interrupts a blocked SYNC */
		sigaction(SIGUSR1, &sa, NULL);
	}

	for (int s = UD_EXPORT; s <= UD_HEAP_BUF; s++) {
		const char *n = ud_source_name[s], *d = ud_source_desc[s];

		igt_describe_f("Imports %s into vgem: importing twice gives the same "
			       "handle, another DRM file gets its own, GEM_CLOSE lets go.", d);
		igt_subtest_f("%s-import", n)
			test_import(e, s);

		igt_describe_f("vgem's re-export of %s it imported is the same dma-buf "
			       "(inode, size, DMA address) with the same bytes, both ways.", d);
		igt_subtest_f("%s-reexport", n)
			test_reexport(e, s);

		igt_describe_f("vgem's import keeps %s alive after its fd is closed; "
			       "the re-export is the same buffer with its bytes.", d);
		igt_subtest_f("%s-reexport-after-close", n)
			test_reexport_after_close(e, s);

		igt_describe_f("16 vgem files import %s; each reaches the same "
			       "memory; they let go in turn (7 under the DMA-API debug checker).",
			       d);
		igt_subtest_f("%s-many-importers", n)
			test_many_importers(e, s);
	}

	for (int s = UD_EXPORT; s <= UD_HEAP_BUF; s++) {
		const char *n = ud_source_name[s], *letters = s == UD_EXPORT ? "dehm" : "bhcm";
		int perm[4];

		for (perm[0] = 0; perm[0] < 4; perm[0]++)
		for (perm[1] = 0; perm[1] < 4; perm[1]++)
		for (perm[2] = 0; perm[2] < 4; perm[2]++)
		for (perm[3] = 0; perm[3] < 4; perm[3]++) {
			if (perm[0] == perm[1] || perm[0] == perm[2] || perm[0] == perm[3] ||
			    perm[1] == perm[2] || perm[1] == perm[3] || perm[2] == perm[3])
				continue;
			if (s == UD_EXPORT)
				igt_describe("Holders of an export let go in this order (d: the "
					     "device, deleted; e: the export fd; h: the vgem "
					     "handle; m: a mapping): the data stays intact through "
					     "those left, the memory is freed after the last.");
			else
				igt_describe("Holders of a heap buffer let go in this order (b: "
					     "the buffer fd; h: a vgem handle; c: a second vgem "
					     "file with its import; m: a mapping): the data stays "
					     "intact through those left, freed after the last.");
			igt_subtest_f("%s-close-order-%c%c%c%c", n, letters[perm[0]],
				      letters[perm[1]], letters[perm[2]], letters[perm[3]])
				test_close_order(e, s, perm);
		}
	}

	for (int s = UD_EXPORT; s <= UD_HEAP_BUF; s++) {
		const char *n = ud_source_name[s], *d = ud_source_desc[s];

		igt_describe_f("A vgem write fence on %s imported into vgem: poll() reports it "
			       "neither readable nor writable until the fence is signalled.", d);
		igt_subtest_f("%s-fence-write-poll", n)
			test_fence_write_poll(e, s);

		igt_describe_f("A vgem read fence on %s imported into vgem: readable at once, "
			       "writable only after the signal.", d);
		igt_subtest_f("%s-fence-read-poll", n)
			test_fence_read_poll(e, s);

		igt_describe_f("A vgem write fence on %s imported into vgem: DMA_BUF_IOCTL_SYNC "
			       "START (read, write, both) blocks until the signal.", d);
		igt_subtest_f("%s-fence-write-sync", n)
			test_fence_write_sync(e, s);

		igt_describe_f("A vgem read fence on %s imported into vgem: SYNC START READ "
			       "goes ahead, SYNC START WRITE blocks until the signal.", d);
		igt_subtest_f("%s-fence-read-sync", n)
			test_fence_read_sync(e, s);

		igt_describe_f("Two vgem files importing %s share its reservation: "
			       "a fence of one makes the other's conflicting fence EBUSY.", d);
		igt_subtest_f("%s-fence-busy", n)
			test_fence_busy(e, s);

		igt_describe_f("A vgem write fence on %s imported into vgem that is never "
			       "signalled expires after about 10 s: poll() and SYNC return, "
			       "VGEM_FENCE_SIGNAL reports ETIMEDOUT.", d);
		igt_subtest_f("%s-fence-timeout", n)
			test_fence_timeout(e, s);
	}

	igt_describe("U_DMA_BUF_HEAP_IOCTL_DMA_ADDR refuses a dma-buf vgem exported (EINVAL).");
	igt_subtest("dma-addr-foreign")
		test_dma_addr_foreign(e);

	igt_fixture {
		close(e->dev);
		ud_delete_device(UD_DEV);
		close(e->card);
		close(e->heap);
	}
}
