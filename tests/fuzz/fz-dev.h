/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Devices: creating and deleting them through /dev/u-dma-buf-mgr (valid
 * commands, a random grammar with random options and names, hostile ones
 * included), opening /dev/<name>. The fuzzer's own devices are fuzz0..fuzz5
 * (one per slot); a slot is reused only when nothing points to it.
 */
#ifndef UDMABUF_FUZZ_DEV_H
#define UDMABUF_FUZZ_DEV_H

#include <dirent.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "dmabuf.h"
#include "fz.h"
#include "sys.h"

static const uint64_t fz_sizes[] = {
	4096, 8192, 12288, 65536, 65536 + 4096, 262144, 1048576, 6000, 4097,
};

static inline void fz_dev_name(int slot, char *out, size_t len)
{
	snprintf(out, len, "fuzz%d", slot);
}

static inline int fz_sysfs_has(const char *name)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/class/u-dma-buf/%s", name);
	return tl_exists(path);
}

/* A slot whose device is gone and unreferenced (or never used), or -1. */
static inline int fz_free_dev_slot(void)
{
	int i;

	for (i = 0; i < FZ_DEVS; i++)
		if (!fz.obj[i].used)
			return i;
	return -1;
}

/* Fills a new device's whole buffer through a mapping: the shadow knows it. */
static inline void fz_dev_fill(int s)
{
	struct fz_obj *o = &fz.obj[s];
	uint8_t *p;
	int fd;

	fd = tl_open_dev(fz.dev[s].name, O_RDWR);
	if (fd < 0) {
		fz_fail("open /dev/%s after its creation: %s", fz.dev[s].name, strerror(errno));
		return;
	}
	p = mmap(NULL, o->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED) {
		fz_fail("mmap of all of /dev/%s: %s", fz.dev[s].name, strerror(errno));
		return;
	}
	fz_rand_bytes(o->shadow, o->size);
	memcpy(p, o->shadow, o->size);
	munmap(p, o->size);
}

/* Whether device @name's parent is the removable edu device (its sysfs "device" link). */
static inline int fz_dev_on_edu(const char *name)
{
	char path[160], link[256];
	ssize_t n;

	if (!fz.edu[0])
		return 0;
	snprintf(path, sizeof(path), "/sys/class/u-dma-buf/%s/device", name);
	n = readlink(path, link, sizeof(link) - 1);
	if (n <= 0)
		return 0;
	link[n] = 0;
	return !strcmp(strrchr(link, '/') ? strrchr(link, '/') + 1 : link,
		       strrchr(fz.edu, '/') + 1);
}

/* A device now exists under the slot's name: record it, check its ioctls. */
static inline void fz_dev_register(int s)
{
	struct fz_dev *d = &fz.dev[s];
	u_dma_buf_ioctl_dev_info info;
	char path[160];
	int fd;

	fz_dev_name(s, d->name, sizeof(d->name));
	d->alive = 1;
	d->size = tl_sysfs_u64("/sys/class/u-dma-buf/%s/size", d->name);
	d->mode = (int)tl_sysfs_u64("/sys/class/u-dma-buf/%s/quirk_mmap_mode", d->name);
	snprintf(path, sizeof(path), "/dev/dma_heap/%s", d->name);
	d->heap = tl_exists(path);
	d->dma_addr = 0;
	fd = tl_open_dev(d->name, O_RDONLY);
	if (fd >= 0) {
		memset(&info, 0, sizeof(info));
		if (!ioctl(fd, U_DMA_BUF_IOCTL_GET_DEV_INFO, &info) && info.size != d->size)
			fz_fail("%s: GET_DEV_INFO size %llu, sysfs size %llu", d->name,
				(unsigned long long)info.size, (unsigned long long)d->size);
		d->dma_addr = info.addr;
		close(fd);
	}
	if (d->size == ~0ULL || !d->size) {
		fz_fail("%s: sysfs size unreadable", d->name);
		d->size = FZ_PAGE;
	}
	fz_obj_init(s, d->size, d->mode == 4, 0);
	fz.obj[s].on_edu = fz_dev_on_edu(d->name);
	fz_dev_fill(s);
}

static inline void fz_dev_gone(int s)
{
	fz.dev[s].alive = 0;
	fz_obj_collect();
}

/* After a manager write the model is not sure about: what exists now. */
static inline void fz_dev_resync(void)
{
	char name[32];
	int i, has;

	for (i = 0; i < FZ_DEVS; i++) {
		fz_dev_name(i, name, sizeof(name));
		has = fz_sysfs_has(name);
		if (has && !fz.dev[i].alive) {
			if (fz.obj[i].used) {
				/* still held from before: cannot be a new device of that name */
				fz_fail("%s exists again while its old buffer is held", name);
				continue;
			}
			fz_dev_register(i);
		} else if (!has && fz.dev[i].alive) {
			fz_dev_gone(i);
		}
	}
}

/* A manager write with an open/write/close of its own: 0 or the errno. */
static inline int fz_mgr_write(const char *buf, size_t len)
{
	int fd = open(TL_MGR, O_WRONLY | O_CLOEXEC), err = 0;
	ssize_t n;

	if (fd < 0)
		return errno;
	n = write(fd, buf, len);
	if (n < 0)
		err = errno;
	if (close(fd) && !err)
		err = errno;
	return err;
}

/* create fuzzN with valid options; the model is sure for small sizes. */
static inline void fz_op_create(void)
{
	static const char *const quirk[] = { "", " quirk-mmap-off", " quirk-mmap-on",
					     " quirk-mmap-auto", " quirk-mmap-page" };
	static const char *const mask[] = { "", "", " dma-mask=32", " dma-mask=64" };
	int s = fz_free_dev_slot(), err, parent = fz.nparents && fz_one_in(4);
	uint64_t size = fz_pick_u64(fz_sizes, sizeof(fz_sizes) / sizeof(fz_sizes[0]));
	char line[256], name[32], bus[80] = "";

	if (s < 0)
		return;
	fz_dev_name(s, name, sizeof(name));
	if (parent && fz.edu[0] && fz_one_in(2)) {
		/* the parent the fuzzer can hot-remove (fz-mod.h) */
		snprintf(bus, sizeof(bus), " bus=pci device=%s", strrchr(fz.edu, '/') + 1);
	} else if (parent) {
		/* a real parent: the DMA API of that device, or a clear refusal */
		const char *p = fz.parents[fz_below(fz.nparents)];

		snprintf(bus, sizeof(bus), " bus=%.*s device=%s", (int)(strchr(p, ' ') - p), p,
			 strchr(p, ' ') + 1);
	}
	snprintf(line, sizeof(line), "create %s %s%llx%s%s%s%s\n", name,
		 fz_one_in(2) ? "size=0x" : "0x", (unsigned long long)size,
		 quirk[fz_below(5)], mask[fz_below(4)], fz_one_in(3) ? " dma-heap" : "", bus);
	err = fz_mgr_write(line, strlen(line));
	errno = err;
	line[strlen(line) - 1] = 0;
	if (parent)
		fz_note(err ? -1 : 0, line);
	else
		fz_expect(err ? -1 : 0, 0, 0, line);
	if (!err)
		fz_dev_register(s);
}

/* delete a device of ours, often while it is open, mapped or exported. */
static inline void fz_op_delete(void)
{
	int s = fz_pick_dev(1), err;
	char line[128];

	if (s < 0) {
		snprintf(line, sizeof(line), "delete fuzz-none-%llu\n",
			 (unsigned long long)fz_below(1000));
		err = fz_mgr_write(line, strlen(line));
		errno = err;
		fz_expect(err ? -1 : 0, ENODEV, 0, "delete of an unknown name");
		return;
	}
	snprintf(line, sizeof(line), "delete %s\n", fz.dev[s].name);
	err = fz_mgr_write(line, strlen(line));
	errno = err;
	line[strlen(line) - 1] = 0;
	fz_log("(%d fds, mappings and pipes hold it)", fz.obj[s].refs);
	fz_expect(err ? -1 : 0, 0, 0, line);
	if (!err)
		fz_dev_gone(s);
}

/* open /dev/fuzzN with a random mode: ENOENT once the device is deleted. */
static inline void fz_op_open(void)
{
	int s = fz_pick_dev(0), acc = fz_rand_acc(), flags, fd;
	char what[128];

	if (s < 0)
		return;
	flags = acc | (fz_one_in(3) ? O_SYNC : 0) | (fz_one_in(4) ? O_NONBLOCK : 0);
	fd = tl_open_dev(fz.dev[s].name, flags);
	snprintf(what, sizeof(what), "open /dev/%s flags 0x%x", fz.dev[s].name, flags);
	if (fz_expect(fd, fz.dev[s].alive ? 0 : ENOENT, 0, what) || fd < 0)
		return;
	fz_add_fd(FK_DEV, fd, acc, s, 0, fz.dev[s].size);
}

static inline void fz_op_close(void)
{
	int s = fz_pick_fd(FK_NONE);

	if (s < 0)
		return;
	fz_log("close fd slot %d (kind %d, object %d)", s, fz.fds[s].kind, fz.fds[s].obj);
	fz_close_slot(s);
	fz_obj_collect();
}

static inline void fz_op_dup(void)
{
	int s = fz_pick_fd(FK_NONE), fd;
	struct fz_fd f;

	if (s < 0)
		return;
	f = fz.fds[s];
	fd = fcntl(f.fd, F_DUPFD_CLOEXEC, 3);
	if (fz_expect(fd, 0, 0, "dup") || fd < 0)
		return;
	s = fz_add_fd(f.kind, fd, f.acc, f.obj, f.off, f.size);
	if (s >= 0)
		fz.fds[s].heapdev = f.heapdev;
}

/* Parent candidates for bus=/device=: real devices, sorted (replayable). */
static inline int fz_cmp_str(const void *a, const void *b)
{
	return strcmp(a, b);
}

static inline void fz_scan_bus(const char *bus)
{
	char path[128];
	struct dirent *e;
	DIR *d;

	snprintf(path, sizeof(path), "/sys/bus/%s/devices", bus);
	d = opendir(path);
	if (!d)
		return;
	while ((e = readdir(d)) && fz.nparents < 32) {
		if (e->d_name[0] == '.' || strstr(e->d_name, "dma-buf") ||
		    strstr(e->d_name, "udmabuf"))
			continue;	/* our own devices: parent removal is not fuzzed */
		if (!strcmp(bus, "pci_express") && !fz.bug[FZ_BUG_PCIE])
			continue;
		snprintf(fz.parents[fz.nparents++], 64, "%s %.40s", bus, e->d_name);
	}
	closedir(d);
}

static inline void fz_scan_parents(void)
{
	fz.nparents = 0;
	fz_scan_bus("pci");
	fz_scan_bus("pci_express");
	fz_scan_bus("amba");
	fz_scan_bus("platform");
	qsort(fz.parents, fz.nparents, sizeof(fz.parents[0]), fz_cmp_str);
}

#endif
