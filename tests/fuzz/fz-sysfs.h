/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sysfs stores under /sys/class/u-dma-buf/<name>/: numbers in every base,
 * with and without the newline, out of range, junk; writes to read-only
 * attributes; reads of every attribute (a value and a newline). The model
 * (the ABI notes): kstrtou64 base 0, then a range per attribute; the sync
 * commands as the SET_SYNC_FOR_* ioctls.
 */
#ifndef UDMABUF_FUZZ_SYSFS_H
#define UDMABUF_FUZZ_SYSFS_H

#include "fz-ioctl.h"

struct fz_attr {
	const char *name;
	int kind;		/* 0 read-only, 1 a setting up to max, 2 a sync command */
	uint64_t max;		/* ~0: the device size */
};

static const struct fz_attr fz_attrs[] = {
	{ "sync_mode", 1, 7 }, { "sync_offset", 1, ~0ULL }, { "sync_size", 1, ~0ULL },
	{ "sync_direction", 1, 2 }, { "debug_vma", 1, 3 }, { "debug_export", 1, 1 },
	{ "sync_for_cpu", 2, 0 }, { "sync_for_device", 2, 0 }, { "size", 0, 0 },
	{ "phys_addr", 0, 0 }, { "driver_version", 0, 0 }, { "sync_owner", 0, 0 },
	{ "quirk_mmap_mode", 0, 0 }, { "dma_coherent", 0, 0 }, { "ioctl_version", 0, 0 },
};

/* A value to store: *v and *ok (it parses) say what the model expects. */
static inline void fz_sysfs_value(char *buf, size_t len, uint64_t max, uint64_t *v, int *ok)
{
	static const char *const junk[] = { "abc", "-1", "0x", "1 2", "18446744073709551616",
					    "0x1g", "09", " 5", "5\n\n", "+", "1.5" };
	const char *nl = fz_one_in(2) ? "\n" : "";

	*ok = 1;
	*v = fz_one_in(3) ? fz_boundary(max) : fz_below(max + 1 ? max + 1 : ~0ULL);
	switch (fz_below(6)) {
	case 0:
		snprintf(buf, len, "%s", junk[fz_below(FZ_ARRAY(junk))]);
		*ok = 0;
		break;
	case 1:
		snprintf(buf, len, "0x%llx%s", (unsigned long long)*v, nl);
		break;
	case 2:
		snprintf(buf, len, "0%llo%s", (unsigned long long)*v, nl);
		break;
	default:
		snprintf(buf, len, "%llu%s", (unsigned long long)*v, nl);
	}
}

/* A setting: EINVAL when it does not parse or is over its maximum. */
static inline void fz_sysfs_setting(int dev, const struct fz_attr *at, const char *path)
{
	uint64_t max = at->max == ~0ULL ? fz.dev[dev].size : at->max, v;
	char buf[64], what[300];
	int ok;

	fz_sysfs_value(buf, sizeof(buf), max, &v, &ok);
	if (at->max == ~0ULL && !fz.bug[FZ_BUG_SYNC_OFFSET] && (!ok || v > max)) {
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)fz_below(max + 1));
		ok = 1;
		v = 0;
	}
	snprintf(what, sizeof(what), "store '%.20s' in %s", buf, path);
	fz_expect(tl_write_file(path, buf), !ok || v > max ? EINVAL : 0, 0, what);
}

/* sync_for_cpu / sync_for_device: a command, as SET_SYNC_FOR_*. */
static inline void fz_sysfs_sync(int dev, const char *path)
{
	uint64_t cmd = fz_rand_sync_cmd(fz.dev[dev].size);
	int sure, want = fz_sync_cmd_want(dev, cmd, &sure);
	char buf[32], what[300];
	long ret;

	snprintf(buf, sizeof(buf), fz_one_in(2) ? "0x%llx\n" : "%llu", (unsigned long long)cmd);
	snprintf(what, sizeof(what), "store '%.20s' in %s", buf, path);
	ret = tl_write_file(path, buf);
	if (sure)
		fz_expect(ret, want, 0, what);
	else
		fz_note(ret, what);
}

/* Reads an attribute: a value and one newline. */
static inline void fz_sysfs_read(const char *path)
{
	char *s = tl_read_file(path);
	size_t n = s ? strlen(s) : 0;

	fz_log("read %s: '%.*s'", path, n ? (int)n - 1 : 0, s ? s : "");
	if (!s || n < 2 || s[n - 1] != '\n' || strchr(s, '\n') != s + n - 1)
		fz_fail("%s reads '%s' (%s)", path, s ? s : "", s ? "not one line" : strerror(errno));
	free(s);
}

static inline void fz_op_sysfs(void)
{
	int dev = fz_pick_dev(1);
	const struct fz_attr *at = &fz_attrs[fz_below(FZ_ARRAY(fz_attrs))];
	char path[200], what[240];

	if (dev < 0)
		return;
	snprintf(path, sizeof(path), "/sys/class/u-dma-buf/%s/%s", fz.dev[dev].name, at->name);
	if (fz_one_in(3)) {
		fz_sysfs_read(path);
	} else if (at->kind == 0) {
		snprintf(what, sizeof(what), "store in the read-only %s", path);
		fz_expect(tl_write_file(path, "1"), EACCES, 0, what);
	} else if (at->kind == 1) {
		fz_sysfs_setting(dev, at, path);
	} else {
		fz_sysfs_sync(dev, path);
	}
}

#endif
