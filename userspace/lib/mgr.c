// SPDX-License-Identifier: MIT
/*
 * libudmabuf: creating and deleting devices through /dev/u-dma-buf-mgr.
 * Options are checked here first, so a mistake is reported with its value
 * instead of only as EINVAL and a kernel log line.
 */
#include "internal.h"

#include <ctype.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const ub_buses[] = { "platform", "pci", "pci_express", "amba" };
static const char *const ub_quirks[] = { NULL, "off", "on", "auto", "page" };

/* A token the manager's grammar can carry: no blanks, ';', '=' or controls. */
static int ub_check_token(const char *what, const char *opt, const char *s)
{
	const unsigned char *p;

	if (!*s)
		return ub_err(EINVAL, "%s: %s is empty", what, opt);
	for (p = (const unsigned char *)s; *p; p++) {
		if (isspace(*p) || iscntrl(*p) || *p == ';' || *p == '=')
			return ub_err(EINVAL, "%s: %s '%s' has a blank, ';', '=' or a control "
				      "character", what, opt, s);
	}
	return 0;
}

/* The manager reads these as options, never as a name. */
static int ub_check_not_option(const char *name)
{
	size_t i;

	if (!strcmp(name, "dma-heap"))
		return ub_err(EINVAL, "create: the name '%s' is an option of the manager", name);
	for (i = 1; i < sizeof(ub_quirks) / sizeof(ub_quirks[0]); i++) {
		if (!strncmp(name, "quirk-mmap-", 11) && !strcmp(name + 11, ub_quirks[i]))
			return ub_err(EINVAL, "create: the name '%s' is an option of the manager",
				      name);
	}
	return 0;
}

static int ub_check_opts(const char *name, const struct udmabuf_create_opts *o)
{
	size_t i;
	int err;

	if (o->bus && !o->device)
		return ub_err(EINVAL, "create %s: bus '%s' without a device", name, o->bus);
	if (o->bus) {
		for (i = 0; i < sizeof(ub_buses) / sizeof(ub_buses[0]); i++)
			if (!strcmp(o->bus, ub_buses[i]))
				break;
		if (i == sizeof(ub_buses) / sizeof(ub_buses[0]))
			return ub_err(EINVAL, "create %s: bus '%s' is not platform, pci, "
				      "pci_express or amba", name, o->bus);
	}
	if (o->device) {
		err = ub_check_token("create", "device", o->device);
		if (err)
			return err;
	}
	if (o->dma_mask && (o->dma_mask < 12 || o->dma_mask > 64))
		return ub_err(EINVAL, "create %s: DMA mask %d is not 12..64", name, o->dma_mask);
	if (o->quirk_mmap < 0 || o->quirk_mmap > 4)
		return ub_err(EINVAL, "create %s: quirk mmap mode %d is not 0 (default), 1 (off), "
			      "2 (on), 3 (auto) or 4 (page)", name, o->quirk_mmap);
	return 0;
}

static int ub_create_line(char *line, size_t size, const char *name, uint64_t bytes,
			  const struct udmabuf_create_opts *o)
{
	int n;

	n = snprintf(line, size, "create %s 0x%llx%s%s%s%s", name, (unsigned long long)bytes,
		     o->bus ? " bus=" : "", o->bus ? o->bus : "",
		     o->device ? " device=" : "", o->device ? o->device : "");
	if (o->dma_mask)
		n += snprintf(line + n, size - (size_t)n, " dma-mask=%d", o->dma_mask);
	if (o->quirk_mmap)
		n += snprintf(line + n, size - (size_t)n, " quirk-mmap-%s", ub_quirks[o->quirk_mmap]);
	if (o->dma_heap)
		n += snprintf(line + n, size - (size_t)n, " dma-heap");
	n += snprintf(line + n, size - (size_t)n, "\n");
	return n < (int)size ? 0 : ub_err(E2BIG, "create %s: command too long", name);
}

/* Writes one command line; the manager answers through write(). */
static int ub_mgr_write(const char *line, int *err)
{
	char node[PATH_MAX];
	ssize_t n;
	int fd;

	ub_path(node, sizeof(node), UB_MGR_NODE);
	fd = open(node, O_WRONLY | O_CLOEXEC);
	if (fd < 0) {
		*err = errno;
		return -1;
	}
	n = write(fd, line, strlen(line));
	*err = n < 0 ? errno : 0;
	if (close(fd) && !*err)
		*err = errno;
	return *err ? -1 : 0;
}

/* Waits until PATH exists (devtmpfs and udev may lag behind). */
static int ub_wait_for(const char *path)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int i;

	for (i = 0; i < 500; i++) {
		if (!access(path, F_OK))
			return 0;
		nanosleep(&ts, NULL);
	}
	return -ETIMEDOUT;
}

static int ub_mgr_error(const char *verb, const char *name, const char *line, int err)
{
	if (err == ENOENT)
		return ub_err(ENOENT, "%s %s: no " UB_MGR_NODE " (is u-dma-buf-mgr loaded?)",
			      verb, name);
	if (err == EEXIST)
		return ub_err(EEXIST, "%s %s: a device of that name exists", verb, name);
	if (err == ENODEV)
		return ub_err(ENODEV, "%s %s: no such device", verb, name);
	if (err == EINVAL)
		return ub_err(EINVAL, "%s %s: the manager refused '%.*s' (its reason is in the "
			      "kernel log)", verb, name, (int)strcspn(line, "\n"), line);
	return ub_err(err, "%s %s: %s", verb, name, strerror(err));
}

UB_EXPORT int udmabuf_create(const char *name, uint64_t size,
			     const struct udmabuf_create_opts *opts)
{
	static const struct udmabuf_create_opts none;
	char line[512], path[PATH_MAX];
	int err;

	if (!opts)
		opts = &none;
	err = ub_check_name("create", name) ?: ub_check_token("create", "the name", name) ?:
	      ub_check_not_option(name) ?: ub_check_opts(name, opts);
	if (err)
		return err;
	if (!size)
		return ub_err(EINVAL, "create %s: size 0", name);
	err = ub_create_line(line, sizeof(line), name, size, opts);
	if (err)
		return err;
	if (ub_mgr_write(line, &err))
		return ub_mgr_error("create", name, line, err);
	ub_path(path, sizeof(path), "/dev/%s", name);
	err = ub_wait_for(path);
	if (!err && opts->dma_heap) {
		ub_path(path, sizeof(path), UB_HEAP_DIR "/%s", name);
		err = ub_wait_for(path);
	}
	if (err)
		return ub_err(ETIMEDOUT, "create %s: %s did not appear within 5 s", name, path);
	return 0;
}

UB_EXPORT int udmabuf_delete(const char *name)
{
	char line[UDMABUF_NAME_MAX + 16];
	int err;

	err = ub_check_name("delete", name) ?: ub_check_token("delete", "the name", name);
	if (err)
		return err;
	snprintf(line, sizeof(line), "delete %s\n", name);
	if (ub_mgr_write(line, &err))
		return ub_mgr_error("delete", name, line, err);
	return 0;
}
