// SPDX-License-Identifier: GPL-2.0
/*
 * The ioctls of /dev/<name> against sysfs and the spec. Also built as a
 * 32-bit i686 program (COMPAT32) to cover the compat ioctl path.
 *
 *   core-ioctl check DEV MASK_BITS   all checks; MASK_BITS: expected DMA_MASK
 *   core-ioctl info DEV              print GET_DEV_INFO
 *
 * The device must be fresh (sync settings at their defaults).
 */
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "u-dma-buf-ioctl.h"
#include "core.h"

static const char *abi;		/* "ioctl64" or "ioctl32", prefixes every test name */
static unsigned long long bufsize;

struct sync_state {
	char mode[32], offset[32], size[32], direction[32], owner[32];
};

static void sync_state(struct sync_state *s)
{
	snprintf(s->mode, sizeof(s->mode), "%s", core_attr("sync_mode"));
	snprintf(s->offset, sizeof(s->offset), "%s", core_attr("sync_offset"));
	snprintf(s->size, sizeof(s->size), "%s", core_attr("sync_size"));
	snprintf(s->direction, sizeof(s->direction), "%s", core_attr("sync_direction"));
	snprintf(s->owner, sizeof(s->owner), "%s", core_attr("sync_owner"));
}

static int sync_state_same(const struct sync_state *a, const struct sync_state *b)
{
	return !strcmp(a->mode, b->mode) && !strcmp(a->offset, b->offset) &&
	       !strcmp(a->size, b->size) && !strcmp(a->direction, b->direction) &&
	       !strcmp(a->owner, b->owner);
}

static void check_unchanged(const struct sync_state *before, const char *what)
{
	struct sync_state now;

	sync_state(&now);
	if (!t_check(sync_state_same(before, &now), "%s: %s: sysfs sync settings unchanged",
		     abi, what))
		printf("#   before mode %s offset %s size %s dir %s owner %s; now %s %s %s %s %s\n",
		       before->mode, before->offset, before->size, before->direction,
		       before->owner, now.mode, now.offset, now.size, now.direction, now.owner);
}

static int owner(void)
{
	return (int)core_attr_u64("sync_owner");
}

static void set_owner(int fd, int dev)
{
	uint64_t one = 1;

	core_attr_set("sync_offset", 0);
	core_attr_set("sync_size", 0);
	core_attr_set("sync_direction", 0);
	if (ioctl(fd, dev ? U_DMA_BUF_IOCTL_SET_SYNC_FOR_DEVICE : U_DMA_BUF_IOCTL_SET_SYNC_FOR_CPU,
		  &one) || owner() != dev) {
		printf("FAIL: %s: cannot set sync_owner to %d\n", abi, dev);
		exit(1);
	}
}

static void check_drv_info(int fd)
{
	u_dma_buf_ioctl_drv_info info;

	memset(&info, 0xa5, sizeof(info));
	if (!t_check_ret(ioctl(fd, U_DMA_BUF_IOCTL_GET_DRV_INFO, &info), 0,
			 "%s: GET_DRV_INFO", abi))
		return;
	t_check_u64(GET_U_DMA_BUF_IOCTL_FLAGS_IOCTL_VERSION(&info), core_attr_u64("ioctl_version"),
		    "%s: GET_DRV_INFO: IOCTL_VERSION is sysfs ioctl_version", abi);
	t_check_u64(GET_U_DMA_BUF_IOCTL_FLAGS_IN_KERNEL_FUNCTIONS(&info), 1,
		    "%s: GET_DRV_INFO: IN_KERNEL_FUNCTIONS", abi);
	t_check_u64(GET_U_DMA_BUF_IOCTL_FLAGS_USE_QUIRK_MMAP(&info), 1,
		    "%s: GET_DRV_INFO: USE_QUIRK_MMAP", abi);
	t_check_u64(GET_U_DMA_BUF_IOCTL_FLAGS_USE_QUIRK_MMAP_PAGE(&info), 1,
		    "%s: GET_DRV_INFO: USE_QUIRK_MMAP_PAGE", abi);
#ifdef __aarch64__
	t_check_u64(GET_U_DMA_BUF_IOCTL_FLAGS_USE_OF_DMA_CONFIG(&info), 1,
		    "%s: GET_DRV_INFO: USE_OF_DMA_CONFIG (arm64)", abi);
	t_check_u64(GET_U_DMA_BUF_IOCTL_FLAGS_USE_OF_RESERVED_MEM(&info), 1,
		    "%s: GET_DRV_INFO: USE_OF_RESERVED_MEM (arm64)", abi);
#endif
	t_check(memchr(info.version, 0, sizeof(info.version)) != NULL,
		"%s: GET_DRV_INFO: version is NUL-terminated", abi);
	info.version[sizeof(info.version) - 1] = 0;
	t_check_str(info.version, core_attr("driver_version"),
		    "%s: GET_DRV_INFO: version is sysfs driver_version", abi);
}

static void check_dev_info(int fd, int mask_bits)
{
	u_dma_buf_ioctl_dev_info info;
	uint64_t v;

	v = ~0ULL;
	if (t_check_ret(ioctl(fd, U_DMA_BUF_IOCTL_GET_SIZE, &v), 0, "%s: GET_SIZE", abi))
		t_check_u64(v, bufsize, "%s: GET_SIZE is sysfs size", abi);
	v = ~0ULL;
	if (t_check_ret(ioctl(fd, U_DMA_BUF_IOCTL_GET_DMA_ADDR, &v), 0, "%s: GET_DMA_ADDR", abi))
		t_check_u64(v, core_attr_u64("phys_addr"), "%s: GET_DMA_ADDR is sysfs phys_addr",
			    abi);

	memset(&info, 0xa5, sizeof(info));
	if (!t_check_ret(ioctl(fd, U_DMA_BUF_IOCTL_GET_DEV_INFO, &info), 0,
			 "%s: GET_DEV_INFO", abi))
		return;
	t_check_u64(info.size, bufsize, "%s: GET_DEV_INFO: size is sysfs size", abi);
	t_check_u64(info.addr, core_attr_u64("phys_addr"),
		    "%s: GET_DEV_INFO: addr is sysfs phys_addr", abi);
	t_check_u64(GET_U_DMA_BUF_IOCTL_FLAGS_DMA_MASK(&info), mask_bits,
		    "%s: GET_DEV_INFO: DMA_MASK", abi);
	t_check_u64(GET_U_DMA_BUF_IOCTL_FLAGS_DMA_COHERENT(&info), core_attr_u64("dma_coherent"),
		    "%s: GET_DEV_INFO: DMA_COHERENT is sysfs dma_coherent", abi);
	t_check_u64(GET_U_DMA_BUF_IOCTL_FLAGS_MMAP_MODE(&info), core_attr_u64("quirk_mmap_mode"),
		    "%s: GET_DEV_INFO: MMAP_MODE is sysfs quirk_mmap_mode", abi);
}

static void check_sync_owner(int fd)
{
	unsigned char raw[8];
	uint32_t v;
	int dev;

	for (dev = 0; dev <= 1; dev++) {
		set_owner(fd, dev);
		memset(raw, 0xff, sizeof(raw));
		if (!t_check_ret(ioctl(fd, U_DMA_BUF_IOCTL_GET_SYNC_OWNER, raw), 0,
				 "%s: GET_SYNC_OWNER (owner %d)", abi, dev))
			continue;
		memcpy(&v, raw, 4);
		t_check_u64(v, core_attr_u64("sync_owner"),
			    "%s: GET_SYNC_OWNER is sysfs sync_owner (%d)", abi, dev);
		t_check(raw[4] == 0xff && raw[5] == 0xff && raw[6] == 0xff && raw[7] == 0xff,
			"%s: GET_SYNC_OWNER writes 4 bytes only (%d)", abi, dev);
	}
}

/* One SET_SYNC_FOR_CPU/_DEVICE command. */
static int sync_cmd(int fd, int dev, uint64_t command)
{
	return ioctl(fd, dev ? U_DMA_BUF_IOCTL_SET_SYNC_FOR_DEVICE :
			       U_DMA_BUF_IOCTL_SET_SYNC_FOR_CPU, &command);
}

static uint64_t oneshot(uint64_t offset, uint64_t size, unsigned int dir)
{
	return offset << 32 | (size & 0xfffffff0) | (uint64_t)dir << 2;
}

static void check_sync_commands(int fd)
{
	static const char *const name[] = { "SET_SYNC_FOR_CPU", "SET_SYNC_FOR_DEVICE" };
	struct sync_state before;
	char what[128];
	const struct {
		uint64_t command;
		const char *what;
	} bad[] = {
		{ oneshot(bufsize, 0x10, 0), "one-shot offset = size, size 16" },
		{ oneshot(bufsize + 1, 0, 0), "one-shot offset past the end" },
		{ oneshot(0x1000, bufsize & ~0xfULL, 0), "one-shot offset + size past the end" },
		{ oneshot(0x1000, bufsize & ~0xfULL, 3), "one-shot direction 3 past the end" },
	};
	unsigned int i;
	int dev;

	for (dev = 0; dev <= 1; dev++) {
		const char *n = name[dev];

		/* 0 does nothing, whoever owns the buffer. */
		set_owner(fd, !dev);
		t_check_ret(sync_cmd(fd, dev, 0), 0, "%s: %s 0 succeeds", abi, n);
		t_check_u64(owner(), !dev, "%s: %s 0 leaves sync_owner", abi, n);

		/* 1: the stored range. */
		set_owner(fd, !dev);
		core_attr_set("sync_offset", 0x2000);
		core_attr_set("sync_size", 0x1000);
		core_attr_set("sync_direction", 1);
		t_check_ret(sync_cmd(fd, dev, 1), 0, "%s: %s 1 (stored range) succeeds", abi, n);
		t_check_u64(owner(), dev, "%s: %s 1 sets sync_owner to %d", abi, n, dev);

		/* 1 with a stored range outside the buffer (each part inside). */
		set_owner(fd, !dev);
		core_attr_set("sync_offset", bufsize);
		core_attr_set("sync_size", 0x1000);
		sync_state(&before);
		t_check_ret(sync_cmd(fd, dev, 1), EINVAL,
			    "%s: %s 1 with stored sync_offset past the end is EINVAL", abi, n);
		snprintf(what, sizeof(what), "%s 1 with a stored range outside the buffer", n);
		check_unchanged(&before, what);

		/* A one-shot range leaves the stored settings alone. */
		set_owner(fd, !dev);
		core_attr_set("sync_offset", 0x3000);
		core_attr_set("sync_size", 0x100);
		core_attr_set("sync_direction", 2);
		t_check_ret(sync_cmd(fd, dev, 0x0000100000002005ULL), 0,
			    "%s: %s one-shot 0x0000100000002005 succeeds", abi, n);
		t_check_u64(owner(), dev, "%s: %s one-shot sets sync_owner to %d", abi, n, dev);
		t_check_str(core_attr("sync_offset"), "0x3000",
			    "%s: %s one-shot leaves sync_offset", abi, n);
		t_check_str(core_attr("sync_size"), "256", "%s: %s one-shot leaves sync_size",
			    abi, n);
		t_check_str(core_attr("sync_direction"), "2",
			    "%s: %s one-shot leaves sync_direction", abi, n);

		/* Direction 3 is bidirectional, as upstream decodes it. */
		set_owner(fd, !dev);
		t_check_ret(sync_cmd(fd, dev, oneshot(0, 0x1000, 3)), 0,
			    "%s: %s one-shot direction 3 (bidirectional) succeeds", abi, n);
		t_check_u64(owner(), dev, "%s: %s one-shot direction 3 sets sync_owner", abi, n);

		/* Ranges that just fit. */
		set_owner(fd, !dev);
		t_check_ret(sync_cmd(fd, dev, oneshot(bufsize - 0x10, 0x10, 2)), 0,
			    "%s: %s one-shot ending at the end of the buffer", abi, n);
		set_owner(fd, !dev);
		t_check_ret(sync_cmd(fd, dev, oneshot(bufsize, 0, 0)), 0,
			    "%s: %s one-shot offset = size, size 0 (empty range)", abi, n);

		for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			set_owner(fd, !dev);
			sync_state(&before);
			t_check_ret(sync_cmd(fd, dev, bad[i].command), EINVAL,
				    "%s: %s %s (0x%016llx) is EINVAL", abi, n, bad[i].what,
				    (unsigned long long)bad[i].command);
			snprintf(what, sizeof(what), "%s %s", n, bad[i].what);
			check_unchanged(&before, what);
		}
	}
}

static void check_get_sync(int fd)
{
	u_dma_buf_ioctl_sync_args args;
	int dev;

	for (dev = 0; dev <= 1; dev++) {
		set_owner(fd, dev);
		core_attr_set("sync_offset", 0x3000);
		core_attr_set("sync_size", 8192);
		core_attr_set("sync_direction", 2);
		core_attr_set("sync_mode", 5);
		memset(&args, 0xa5, sizeof(args));
		if (!t_check_ret(ioctl(fd, U_DMA_BUF_IOCTL_GET_SYNC, &args), 0,
				 "%s: GET_SYNC (owner %d)", abi, dev))
			continue;
		t_check_u64(args.offset, core_attr_u64("sync_offset"),
			    "%s: GET_SYNC: offset is sysfs sync_offset (%d)", abi, dev);
		t_check_u64(args.offset, 0x3000, "%s: GET_SYNC: offset 0x3000 (%d)", abi, dev);
		t_check_u64(args.size, core_attr_u64("sync_size"),
			    "%s: GET_SYNC: size is sysfs sync_size (%d)", abi, dev);
		t_check_u64(args.size, 8192, "%s: GET_SYNC: size 8192 (%d)", abi, dev);
		t_check_u64(GET_U_DMA_BUF_IOCTL_FLAGS_SYNC_DIR(&args), core_attr_u64("sync_direction"),
			    "%s: GET_SYNC: SYNC_DIR is sysfs sync_direction (%d)", abi, dev);
		t_check_u64(GET_U_DMA_BUF_IOCTL_FLAGS_SYNC_MODE(&args), core_attr_u64("sync_mode"),
			    "%s: GET_SYNC: SYNC_MODE is sysfs sync_mode (%d)", abi, dev);
		t_check_u64(GET_U_DMA_BUF_IOCTL_FLAGS_SYNC_OWNER(&args), core_attr_u64("sync_owner"),
			    "%s: GET_SYNC: SYNC_OWNER is sysfs sync_owner (%d)", abi, dev);
	}
	core_attr_set("sync_mode", 1);
}

static int set_sync(int fd, uint64_t flags, uint64_t offset, uint64_t size)
{
	u_dma_buf_ioctl_sync_args args = { .flags = flags, .size = size, .offset = offset };

	return ioctl(fd, U_DMA_BUF_IOCTL_SET_SYNC, &args);
}

static uint64_t sync_flags(int cmd, int dir, int mode, int owner_bit)
{
	u_dma_buf_ioctl_sync_args a = { 0 };

	SET_U_DMA_BUF_IOCTL_FLAGS_SYNC_CMD(&a, cmd);
	SET_U_DMA_BUF_IOCTL_FLAGS_SYNC_DIR(&a, dir);
	SET_U_DMA_BUF_IOCTL_FLAGS_SYNC_MODE(&a, mode);
	SET_U_DMA_BUF_IOCTL_FLAGS_SYNC_OWNER(&a, owner_bit);
	return a.flags;
}

static void check_stored(const char *what, const char *offset, const char *size,
			 const char *dir, const char *mode)
{
	t_check_str(core_attr("sync_offset"), offset, "%s: SET_SYNC %s: sync_offset", abi, what);
	t_check_str(core_attr("sync_size"), size, "%s: SET_SYNC %s: sync_size", abi, what);
	t_check_str(core_attr("sync_direction"), dir, "%s: SET_SYNC %s: sync_direction", abi,
		    what);
	t_check_str(core_attr("sync_mode"), mode, "%s: SET_SYNC %s: sync_mode", abi, what);
}

static void check_set_sync(int fd)
{
	struct sync_state before;
	char size_text[32];
	const struct {
		uint64_t flags, offset, size;
		const char *what;
	} bad[] = {
		{ sync_flags(0, 1, 8, 0), 0x1000, 0x1000, "SYNC_MODE 8" },
		{ sync_flags(0, 1, 255, 0), 0x1000, 0x1000, "SYNC_MODE 255" },
		{ sync_flags(0, 1, 3, 0), bufsize + 1, 0, "offset past the end" },
		{ sync_flags(0, 1, 3, 0), 0, bufsize + 1, "size past the end" },
		{ sync_flags(1, 1, 3, 0), bufsize + 1, 0x10, "for cpu, offset past the end" },
		{ sync_flags(0, 1, 3, 0), 1ULL << 63, 0x10, "offset 2^63" },
		{ sync_flags(0, 1, 3, 0), 1, ~0ULL, "size 2^64-1" },
	};
	/* Decoded leniently, as upstream does: stored, and not an error. */
	const struct {
		uint64_t flags;
		const char *what, *dir;
	} lenient[] = {
		{ sync_flags(2, 1, 3, 0), "SYNC_CMD 2 (syncs nothing)", "1" },
		{ sync_flags(0, 1, 3, 0) | 1ULL << 4, "flag bit 4", "1" },
		{ sync_flags(0, 1, 3, 0) | 1ULL << 7, "flag bit 7", "1" },
		{ sync_flags(0, 1, 3, 0) | 1ULL << 17, "flag bit 17", "1" },
		{ sync_flags(0, 1, 3, 0) | 1ULL << 32, "flag bit 32", "1" },
		{ sync_flags(0, 1, 3, 0) | 1ULL << 63, "flag bit 63", "1" },
		{ sync_flags(0, 3, 3, 0), "SYNC_DIR 3 (leaves sync_direction)", "2" },
	};
	unsigned int i;

	snprintf(size_text, sizeof(size_text), "%llu", bufsize);
	/* SYNC_CMD 0 stores, syncs nothing. */
	set_owner(fd, 1);
	core_attr_set("sync_mode", 1);
	t_check_ret(set_sync(fd, sync_flags(0, 1, 3, 0), 0x1000, 0x2000), 0,
		    "%s: SET_SYNC store only", abi);
	check_stored("store only", "0x1000", "8192", "1", "3");
	t_check_str(core_attr("sync_owner"), "1", "%s: SET_SYNC store only leaves sync_owner",
		    abi);

	/* SYNC_MODE 0 leaves sync_mode, size 0 leaves sync_size (as upstream). */
	t_check_ret(set_sync(fd, sync_flags(0, 2, 0, 0), 0x4000, 0), 0,
		    "%s: SET_SYNC with SYNC_MODE 0 and size 0", abi);
	check_stored("SYNC_MODE 0, size 0", "0x4000", "8192", "2", "3");

	/* SYNC_CMD 1 then syncs for the CPU, 3 for the device. */
	set_owner(fd, 1);
	t_check_ret(set_sync(fd, sync_flags(1, 0, 7, 0), 0x10, 0x20), 0,
		    "%s: SET_SYNC for cpu", abi);
	check_stored("for cpu", "0x10", "32", "0", "7");
	t_check_str(core_attr("sync_owner"), "0", "%s: SET_SYNC for cpu: sync_owner 0", abi);
	t_check_ret(set_sync(fd, sync_flags(3, 2, 2, 0), 0, bufsize), 0,
		    "%s: SET_SYNC for device, whole buffer", abi);
	check_stored("for device", "0x0", size_text, "2", "2");
	t_check_str(core_attr("sync_owner"), "1", "%s: SET_SYNC for device: sync_owner 1", abi);

	/* SYNC_OWNER is output only. */
	set_owner(fd, 0);
	t_check_ret(set_sync(fd, sync_flags(0, 0, 1, 1), 0x2000, 0x1000), 0,
		    "%s: SET_SYNC with the SYNC_OWNER bit set", abi);
	t_check_str(core_attr("sync_owner"), "0", "%s: SET_SYNC ignores the SYNC_OWNER bit", abi);
	check_stored("SYNC_OWNER bit", "0x2000", "4096", "0", "1");

	/* What GET_SYNC returns can be passed back. */
	{
		u_dma_buf_ioctl_sync_args args;

		set_owner(fd, 1);
		core_attr_set("sync_offset", 0x5000);
		core_attr_set("sync_size", 0x800);
		core_attr_set("sync_direction", 1);
		core_attr_set("sync_mode", 6);
		sync_state(&before);
		if (t_check_ret(ioctl(fd, U_DMA_BUF_IOCTL_GET_SYNC, &args), 0,
				"%s: GET_SYNC for a round trip", abi)) {
			t_check_ret(ioctl(fd, U_DMA_BUF_IOCTL_SET_SYNC, &args), 0,
				    "%s: SET_SYNC of what GET_SYNC returned", abi);
			check_unchanged(&before, "SET_SYNC of what GET_SYNC returned");
		}
	}

	/* Boundaries that are inside. */
	t_check_ret(set_sync(fd, sync_flags(0, 0, 0, 0), bufsize, 0), 0,
		    "%s: SET_SYNC offset = size, size 0", abi);
	t_check_ret(set_sync(fd, sync_flags(0, 0, 0, 0), 0, bufsize), 0,
		    "%s: SET_SYNC offset 0, size = buffer size", abi);

	for (i = 0; i < sizeof(lenient) / sizeof(lenient[0]); i++) {
		set_owner(fd, (int)(i & 1));
		core_attr_set("sync_direction", 2);
		core_attr_set("sync_mode", 5);
		t_check_ret(set_sync(fd, lenient[i].flags, 0x1000, 0x1000), 0,
			    "%s: SET_SYNC %s succeeds", abi, lenient[i].what);
		check_stored(lenient[i].what, "0x1000", "4096", lenient[i].dir, "3");
		t_check_u64(owner(), i & 1, "%s: SET_SYNC %s leaves sync_owner", abi,
			    lenient[i].what);
	}

	/* A range whose sum ends beyond the buffer is stored, not synced. */
	set_owner(fd, 1);
	t_check_ret(set_sync(fd, sync_flags(1, 1, 3, 0), 0x1000, bufsize), EINVAL,
		    "%s: SET_SYNC for cpu, offset + size past the end, is EINVAL", abi);
	check_stored("offset + size past the end", "0x1000", size_text, "1", "3");
	t_check_u64(owner(), 1, "%s: SET_SYNC of a range past the end syncs nothing", abi);
	t_check_ret(set_sync(fd, sync_flags(0, 1, 3, 0), 0x2000, bufsize), 0,
		    "%s: SET_SYNC store only, offset + size past the end", abi);
	check_stored("store only past the end", "0x2000", size_text, "1", "3");

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		set_owner(fd, (int)(i & 1));
		core_attr_set("sync_offset", 0x40);
		core_attr_set("sync_size", 0x80);
		core_attr_set("sync_direction", 2);
		core_attr_set("sync_mode", 5);
		sync_state(&before);
		t_check_ret(set_sync(fd, bad[i].flags, bad[i].offset, bad[i].size), EINVAL,
			    "%s: SET_SYNC %s is EINVAL", abi, bad[i].what);
		check_unchanged(&before, bad[i].what);
	}
	core_attr_set("sync_mode", 1);
}

static void check_unknown(int fd)
{
	u_dma_buf_ioctl_export_args exp;
	uint64_t v;

	t_check_ret(ioctl(fd, _IO('U', 99), 0), ENOTTY, "%s: _IO('U', 99) is ENOTTY", abi);
	t_check_ret(ioctl(fd, _IOR('U', 2, uint32_t), &v), ENOTTY,
		    "%s: GET_SIZE with a 4-byte size field is ENOTTY", abi);
	t_check_ret(ioctl(fd, _IOR('V', 2, uint64_t), &v), ENOTTY,
		    "%s: GET_SIZE with magic 'V' is ENOTTY", abi);
	/* Version 2 announces U_DMA_BUF_IOCTL_EXPORT (tests/export covers it). */
	memset(&exp, 0, sizeof(exp));
	exp.size = CORE_PAGE;
	SET_U_DMA_BUF_IOCTL_FLAGS_EXPORT_FD_FLAGS(&exp, O_RDWR | O_CLOEXEC);
	exp.fd = -1;
	if (core_attr_u64("ioctl_version") == 1) {
		t_check_ret(ioctl(fd, U_DMA_BUF_IOCTL_EXPORT, &exp), ENOTTY,
			    "%s: EXPORT is ENOTTY with ioctl_version 1", abi);
	} else if (t_check_ret(ioctl(fd, U_DMA_BUF_IOCTL_EXPORT, &exp), 0,
			       "%s: EXPORT of a page works with ioctl_version %s", abi,
			       core_attr("ioctl_version"))) {
		t_check(exp.fd >= 0, "%s: EXPORT returns a file descriptor", abi);
		close(exp.fd);
	}
}

static void check_efault(int fd)
{
	const struct {
		unsigned long cmd;
		const char *name;
	} cmds[] = {
		{ U_DMA_BUF_IOCTL_GET_DRV_INFO, "GET_DRV_INFO" },
		{ U_DMA_BUF_IOCTL_GET_SIZE, "GET_SIZE" },
		{ U_DMA_BUF_IOCTL_GET_DMA_ADDR, "GET_DMA_ADDR" },
		{ U_DMA_BUF_IOCTL_GET_SYNC_OWNER, "GET_SYNC_OWNER" },
		{ U_DMA_BUF_IOCTL_SET_SYNC_FOR_CPU, "SET_SYNC_FOR_CPU" },
		{ U_DMA_BUF_IOCTL_SET_SYNC_FOR_DEVICE, "SET_SYNC_FOR_DEVICE" },
		{ U_DMA_BUF_IOCTL_GET_DEV_INFO, "GET_DEV_INFO" },
		{ U_DMA_BUF_IOCTL_GET_SYNC, "GET_SYNC" },
		{ U_DMA_BUF_IOCTL_SET_SYNC, "SET_SYNC" },
		{ U_DMA_BUF_IOCTL_EXPORT, "EXPORT" },
	};
	struct sync_state before;
	void *none;
	unsigned int i;

	/* An address that is mapped but inaccessible, and NULL. */
	none = mmap(NULL, CORE_PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (none == MAP_FAILED)
		core_die("mmap PROT_NONE");
	set_owner(fd, 1);
	sync_state(&before);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (cmds[i].cmd == U_DMA_BUF_IOCTL_EXPORT && core_attr_u64("ioctl_version") < 2)
			continue;
		t_check_ret(ioctl(fd, cmds[i].cmd, none), EFAULT,
			    "%s: %s with an inaccessible pointer is EFAULT", abi, cmds[i].name);
		t_check_ret(ioctl(fd, cmds[i].cmd, NULL), EFAULT,
			    "%s: %s with NULL is EFAULT", abi, cmds[i].name);
	}
	check_unchanged(&before, "after the EFAULT ioctls");
	munmap(none, CORE_PAGE);
}

static int info(void)
{
	u_dma_buf_ioctl_dev_info info;
	int fd = core_open(O_RDWR);

	if (ioctl(fd, U_DMA_BUF_IOCTL_GET_DEV_INFO, &info))
		core_die("GET_DEV_INFO");
	printf("dma_mask=%d coherent=%d mmap_mode=%d size=%llu addr=0x%016llx\n",
	       GET_U_DMA_BUF_IOCTL_FLAGS_DMA_MASK(&info),
	       GET_U_DMA_BUF_IOCTL_FLAGS_DMA_COHERENT(&info),
	       GET_U_DMA_BUF_IOCTL_FLAGS_MMAP_MODE(&info), (unsigned long long)info.size,
	       (unsigned long long)info.addr);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	int fd;

	if (argc == 3 && !strcmp(argv[1], "info")) {
		core_dev = argv[2];
		return info();
	}
	if (argc != 4 || strcmp(argv[1], "check")) {
		fprintf(stderr, "usage: core-ioctl check DEV MASK_BITS | info DEV\n");
		return 2;
	}
	core_dev = argv[2];
	abi = sizeof(long) == 4 ? "ioctl32" : "ioctl64";
	bufsize = core_attr_u64("size");
	fd = core_open(O_RDWR);

	check_drv_info(fd);
	check_dev_info(fd, atoi(argv[3]));
	check_sync_owner(fd);
	check_sync_commands(fd);
	check_get_sync(fd);
	check_set_sync(fd);
	check_unknown(fd);
	check_efault(fd);
	close(fd);
	return t_done();
}
