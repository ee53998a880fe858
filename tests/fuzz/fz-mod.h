/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Other modules and devices against ours: imports into vgem (a DRM
 * importer: attach, map for DMA, and PRIME re-export) that outlive the
 * fuzzer's own fds; unloading the modules while anything is held; and the
 * hot removal of a PCI parent (QEMU's edu device, when the guest has one)
 * under its buffers. The model: an import of a live dma-buf works, its
 * re-export is the same dma-buf with the same access; rmmod is refused
 * (EWOULDBLOCK) while an fd, a mapping or an import holds the module, and
 * otherwise unloads, and the fuzzer loads the modules again (from
 * FUZZ_KO); a removed parent takes its devices with it, their open files
 * answer ENODEV, while mappings, exports and heap buffers keep the data.
 */
#ifndef UDMABUF_FUZZ_MOD_H
#define UDMABUF_FUZZ_MOD_H

#include <dirent.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>

#include "dmabuf.h"
#include "drm-raw.h"
#include "fz.h"
#include "fz-dev.h"
#include "fz-oracle.h"

/* Finds vgem's card node, loading vgem if need be: 0 or -1. */
static inline int fz_vgem_setup(void)
{
	int fd = tl_drm_open("vgem", fz.vgem, sizeof(fz.vgem));

	if (fd < 0 && !system("modprobe -q vgem 2>/dev/null"))
		fd = tl_drm_open("vgem", fz.vgem, sizeof(fz.vgem));

	if (fd < 0) {
		fz.vgem[0] = 0;
		return -1;
	}
	close(fd);
	return 0;
}

/*
 * FUZZ_KO (or the guests' UDMABUF_KO) names the directory of the modules,
 * FUZZ_KO_ARGS their extra parameters (by default dyndbg=+p where dynamic
 * debug exists, as the guests load them): without a directory the fuzzer
 * never unloads them.
 */
static inline void fz_reload_setup(void)
{
	const char *dir = getenv("FUZZ_KO"), *args = getenv("FUZZ_KO_ARGS");

	if (!dir)
		dir = getenv("UDMABUF_KO");
	if (!dir || !*dir)
		return;
	if (!args)
		args = access("/proc/dynamic_debug/control", F_OK) ? "" : "dyndbg=+p";
	snprintf(fz.reload_mgr, sizeof(fz.reload_mgr), "insmod %s/u-dma-buf-mgr.ko %s", dir, args);
	snprintf(fz.reload, sizeof(fz.reload), "insmod %s/u-dma-buf.ko %s && %s", dir, args,
		 fz.reload_mgr);
}

/*
 * PRIME_HANDLE_TO_FD of an import gives back the same dma-buf (a new fd
 * of the same file, its access mode unchanged whatever the flags ask):
 * kept as one more fd of the source's kind. (DRM itself does not mmap
 * imports: MODE_MAP_DUMB refuses them.)
 */
static inline void fz_vgem_reexport(int card, uint32_t handle, int src)
{
	struct fz_fd f = fz.fds[src];
	int fd = tl_prime_export(card, handle);

	if (fz_expect(fd, 0, 0, "vgem PRIME re-export of the import") || fz_free_fd_slot() < 0) {
		if (fd >= 0)
			close(fd);
		return;
	}
	fz_add_fd(f.kind, fd, f.acc, f.obj, f.off, f.size);
}

/* Imports an export or a heap buffer into a new vgem client, kept in a slot. */
static inline void fz_op_vgem(void)
{
	int s = fz_pick_fd(fz_one_in(2) ? FK_EXPORT : FK_HEAPBUF), card;
	uint32_t handle = 0;
	char what[96];

	if (s < 0 || !fz.vgem[0] || fz_free_fd_slot() < 0)
		return;
	card = open(fz.vgem, O_RDWR | O_CLOEXEC);
	if (card < 0) {
		fz_fail("open %s: %s", fz.vgem, strerror(errno));
		return;
	}
	snprintf(what, sizeof(what), "vgem PRIME import of fd slot %d (object %d, 0x%llx+%llu)",
		 s, fz.fds[s].obj, (unsigned long long)fz.fds[s].off,
		 (unsigned long long)fz.fds[s].size);
	if (fz_expect(tl_prime_import(card, fz.fds[s].fd, &handle), 0, 0, what)) {
		close(card);
		return;
	}
	if (fz_one_in(2))
		fz_vgem_reexport(card, handle, s);
	fz_add_fd(FK_VGEM, card, fz.fds[s].acc, fz.fds[s].obj, fz.fds[s].off, fz.fds[s].size);
}

/* Whether anything the fuzzer holds keeps a reference on u-dma-buf.ko. */
static inline int fz_module_held(void)
{
	int i;

	for (i = 0; i < FZ_FDS; i++)
		if (fz.fds[i].kind != FK_NONE)
			return 1;
	for (i = 0; i < FZ_MAPS; i++)
		if (fz.maps[i].addr)
			return 1;
	return 0;
}

/* After an unload: nothing of ours is left; load the modules again. */
static inline void fz_reload(void)
{
	int i;

	for (i = 0; i < FZ_DEVS; i++)
		fz.dev[i].alive = 0;
	fz_obj_collect();
	if (system(fz.reload)) {
		fz_fail("FUZZ_RELOAD (%s) failed", fz.reload);
		t_die("cannot go on without the modules");
	}
	if (fz_canary_setup())
		t_die("create the canary device again");
}

/*
 * rmmod of both modules. Not while a pipe holds pages: unloading then
 * leaves them allocated, with an error in the log, by design.
 */
static inline void fz_op_rmmod(void)
{
	int held = fz_module_held(), i, err;

	if (!fz.reload[0])
		return;
	for (i = 0; i < FZ_FDS; i++)
		if (fz.fds[i].kind == FK_PIPE)
			return;
	if (fz_expect(syscall(__NR_delete_module, "u_dma_buf_mgr", O_NONBLOCK), 0, 0,
		      "rmmod u-dma-buf-mgr"))
		return;
	err = fz_expect(syscall(__NR_delete_module, "u_dma_buf", O_NONBLOCK),
			held ? EWOULDBLOCK : 0, 0,
			held ? "rmmod u-dma-buf while something is held" : "rmmod u-dma-buf");
	if (err) {
		if (system(fz.reload_mgr))
			t_die("cannot load u-dma-buf-mgr.ko again");
		return;
	}
	fz_reload();
}

/* --- a parent that goes away --------------------------------------------------- */

/* Finds QEMU's edu device (vendor 0x1234, device 0x11e8) on the PCI bus. */
static inline void fz_unplug_setup(void)
{
	struct dirent *e;
	char path[160];
	DIR *d = opendir("/sys/bus/pci/devices");

	fz.edu[0] = 0;
	while (d && (e = readdir(d))) {
		char *v, *id;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%.64s/vendor", e->d_name);
		v = tl_read_file(path);
		snprintf(path, sizeof(path), "/sys/bus/pci/devices/%.64s/device", e->d_name);
		id = tl_read_file(path);
		if (v && id && !strncmp(v, "0x1234", 6) && !strncmp(id, "0x11e8", 6))
			snprintf(fz.edu, sizeof(fz.edu), "/sys/bus/pci/devices/%.64s", e->d_name);
		free(v);
		free(id);
	}
	if (d)
		closedir(d);
}

/* Brings a removed parent back (a PCI rescan): 0 when it is there again. */
static inline int fz_replug(void)
{
	int i;

	if (!fz.unplugged)
		return 0;
	if (tl_write_file("/sys/bus/pci/rescan", "1\n"))
		return -1;
	for (i = 0; i < 100 && access(fz.edu, F_OK); i++)
		tl_sleep_ms(20);
	fz.unplugged = 0;
	return access(fz.edu, F_OK);
}

/*
 * The devices gone with the parent, and the buffers of deleted ones still
 * held: their device fds answer ENODEV now.
 */
static inline void fz_orphan_gone_devices(void)
{
	int i, s;

	for (i = 0; i < FZ_DEVS; i++) {
		if (fz.dev[i].alive ? fz_sysfs_has(fz.dev[i].name) :
		    !fz.obj[i].used || !fz.obj[i].on_edu)
			continue;
		fz_log("%s%s went with its parent (%d fds, mappings and pipes hold it)",
		       fz.dev[i].name, fz.dev[i].alive ? "" : ", deleted,", fz.obj[i].refs);
		fz.obj[i].on_edu = 0;
		for (s = 0; s < FZ_FDS; s++)
			if (fz.fds[s].kind == FK_DEV && fz.fds[s].obj == i)
				fz.fds[s].kind = FK_ORPHAN;
		if (fz.dev[i].alive)
			fz_dev_gone(i);
	}
}

/* Removes the edu device (and with it the devices it is the parent of), or brings it back. */
static inline void fz_op_unplug(void)
{
	char path[200];

	if (!fz.edu[0])
		return;
	if (fz.unplugged) {
		errno = EIO;
		fz_expect(fz_replug() ? -1 : 0, 0, 0, "PCI rescan: the parent is back");
		return;
	}
	snprintf(path, sizeof(path), "%s/remove", fz.edu);
	if (fz_expect(tl_write_file(path, "1\n"), 0, 0, "hot removal of the edu parent"))
		return;
	fz.unplugged = 1;
	fz_orphan_gone_devices();
}

/* A device fd whose parent went away: everything but close is ENODEV. */
static inline void fz_op_orphan(void)
{
	int s = fz_pick_fd(FK_ORPHAN), r = (int)fz_below(5);
	uint64_t size;
	char byte = 0;
	void *p;

	if (s < 0)
		return;
	/* the file's own mode is checked before the driver is asked */
	if (r == 0) {
		fz_expect(pread(fz.fds[s].fd, &byte, 1, 0),
			  fz_can_read(fz.fds[s].acc) ? ENODEV : EBADF, 0, "read of an orphan");
	} else if (r == 1) {
		fz_expect(pwrite(fz.fds[s].fd, &byte, 1, 0),
			  fz_can_write(fz.fds[s].acc) ? ENODEV : EBADF, 0, "write of an orphan");
	} else if (r == 2) {
		fz_expect(ioctl(fz.fds[s].fd, U_DMA_BUF_IOCTL_GET_SIZE, &size), ENODEV, 0,
			  "GET_SIZE of an orphan");
	} else if (r == 3) {
		p = mmap(NULL, FZ_PAGE, PROT_READ, MAP_SHARED, fz.fds[s].fd, 0);
		if (!fz_expect(p == MAP_FAILED ? -1 : 0,
			       fz_can_read(fz.fds[s].acc) ? ENODEV : EACCES, 0, "mmap of an orphan"))
			munmap(p, FZ_PAGE);
	} else {
		int fd = tl_export(fz.fds[s].fd, 0, FZ_PAGE, O_RDWR, NULL);

		if (!fz_expect(fd, ENODEV, 0, "EXPORT of an orphan"))
			close(fd);
	}
}

#endif
