// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf-mgr: one command line.
 *
 *   create <name> <size>|size=<size> [bus=<bus>] [device=<device>]
 *          [dma-mask=<bits>] [quirk-mmap-off|quirk-mmap-on|quirk-mmap-auto|
 *          quirk-mmap-page] [dma-heap]
 *   delete <name>
 *
 * Tokens are separated by spaces or tabs; white space around the command
 * (such as a Windows line ending's carriage return) is ignored. Numbers
 * take 0x (hex), 0 (octal) or decimal. Each option may be given once, and
 * one quirk-mmap option at most; dma-mask= is ignored with device=, whose
 * own mask rules, as upstream. A name may not contain '=' or be an
 * option word. Everything is checked before anything is created; every
 * refusal is an errno plus a rate-limited notice saying what was wrong (a
 * mistake in a request is not a kernel error).
 */
#define pr_fmt(fmt) "u-dma-buf-mgr: " fmt

#include <linux/device.h>
#include <linux/err.h>
#include <linux/kernel.h>
#include <linux/platform_device.h>
#include <linux/string.h>

#include "log.h"
#include "u-dma-buf-funcs.h"
#include "mgr/mgr.h"

#define UDMABUF_MGR_DELIMS " \t"

struct udmabuf_mgr_create {
	const char *name;
	const char *size;
	const char *bus;
	const char *device;
	unsigned int dma_mask;
	unsigned int quirk;
	bool dma_heap;
};

/* Sets an option that may appear once. */
static int udmabuf_mgr_once(struct udmabuf_mgr_create *c, const char **slot,
			    const char *option, const char *value)
{
	if (*slot) {
		udmabuf_notice("create %s: %s given twice\n", c->name, option);
		return -EINVAL;
	}
	*slot = value;
	return 0;
}

static int udmabuf_mgr_option(struct udmabuf_mgr_create *c, char *token)
{
	char *value = strchr(token, '=');
	unsigned int quirk;

	if (!strcmp(token, "dma-heap")) {
		if (c->dma_heap) {
			udmabuf_notice("create %s: dma-heap given twice\n", c->name);
			return -EINVAL;
		}
		c->dma_heap = true;
		return 0;
	}
	quirk = u_dma_buf_quirk_mmap_mode(token);
	if (quirk) {
		if (c->quirk) {
			udmabuf_notice("create %s: %s and %s: at most one quirk-mmap option\n",
				       c->name, u_dma_buf_quirk_mmap_name(c->quirk), token);
			return -EINVAL;
		}
		c->quirk = quirk;
		return 0;
	}
	if (!value) {
		if (c->size) {
			udmabuf_notice("create %s: unknown option '%s'\n", c->name, token);
			return -EINVAL;
		}
		c->size = token;
		return 0;
	}
	*value++ = '\0';
	if (!strcmp(token, "size"))
		return udmabuf_mgr_once(c, &c->size, "the size", value);
	if (!strcmp(token, "bus"))
		return udmabuf_mgr_once(c, &c->bus, "bus=", value);
	if (!strcmp(token, "device"))
		return udmabuf_mgr_once(c, &c->device, "device=", value);
	if (!strcmp(token, "dma-mask")) {
		if (c->dma_mask) {
			udmabuf_notice("create %s: dma-mask= given twice\n", c->name);
			return -EINVAL;
		}
		if (kstrtouint(value, 0, &c->dma_mask) ||
		    !u_dma_buf_dma_mask_bits_valid(c->dma_mask)) {
			udmabuf_notice("create %s: dma-mask=%s is not %d..%d\n", c->name, value,
				       U_DMA_BUF_DMA_MASK_BITS_MIN, U_DMA_BUF_DMA_MASK_BITS_MAX);
			return -EINVAL;
		}
		return 0;
	}
	udmabuf_notice("create %s: unknown option '%s=%s'\n", c->name, token, value);
	return -EINVAL;
}

static struct device *udmabuf_mgr_parent(struct udmabuf_mgr_create *c)
{
	const char *bus = c->bus && *c->bus ? c->bus : "platform";
	struct device *dev;

	if (!c->device) {
		if (c->bus) {
			udmabuf_notice("create %s: bus=%s without device=\n", c->name, c->bus);
			return ERR_PTR(-EINVAL);
		}
		return NULL;
	}
	dev = u_dma_buf_find_device(bus, strlen(bus), c->device);
	if (dev == ERR_PTR(-EINVAL)) {
		udmabuf_notice("create %s: unknown bus '%s' (platform, pci, pci_express, amba)\n",
			       c->name, bus);
	} else if (IS_ERR(dev)) {
		udmabuf_notice("create %s: no device '%s' on the %s bus\n", c->name, c->device,
			       bus);
		return ERR_PTR(-EINVAL);
	}
	return dev;
}

/*
 * A name must not read as the grammar's own words: "size=0", "a=b" or
 * "dma-heap" as a name would make a command mean two things.
 */
static bool udmabuf_mgr_name_ok(const char *name)
{
	if (strchr(name, '=') || !strcmp(name, "dma-heap")) {
		udmabuf_notice("create %s: a device name may not contain '=' or be an option\n",
			       name);
		return false;
	}
	if (u_dma_buf_quirk_mmap_mode(name)) {
		udmabuf_notice("create %s: a device name may not be an option\n", name);
		return false;
	}
	return true;
}

static int udmabuf_mgr_create(char *args)
{
	struct udmabuf_mgr_create c = {};
	struct device *parent, *dev;
	char *token;
	u64 size;
	int err;

	c.name = strsep(&args, UDMABUF_MGR_DELIMS);
	if (!c.name || !*c.name) {
		udmabuf_notice("create: no device name\n");
		return -EINVAL;
	}
	if (!udmabuf_mgr_name_ok(c.name))
		return -EINVAL;
	while ((token = strsep(&args, UDMABUF_MGR_DELIMS))) {
		if (!*token)
			continue;
		err = udmabuf_mgr_option(&c, token);
		if (err)
			return err;
	}
	if (!c.size) {
		udmabuf_notice("create %s: no size\n", c.name);
		return -EINVAL;
	}
	if (kstrtou64(c.size, 0, &size) || size > SIZE_MAX) {
		udmabuf_notice("create %s: size '%s' is not a number of bytes\n", c.name, c.size);
		return -EINVAL;
	}
	if (!size) {
		udmabuf_notice("create %s: size 0\n", c.name);
		return -EINVAL;
	}
	parent = udmabuf_mgr_parent(&c);
	if (IS_ERR(parent))
		return PTR_ERR(parent);

	pr_info("create %s size=%llu\n", c.name, size);
	dev = u_dma_buf_device_create(c.name, -1, size,
				      c.dma_mask << U_DMA_BUF_OPTION_DMA_MASK_SHIFT |
				      c.quirk << U_DMA_BUF_OPTION_QUIRK_MMAP_SHIFT |
				      (c.dma_heap ? U_DMA_BUF_OPTION_DMA_HEAP : 0) |
				      U_DMA_BUF_OPTION_USER_REQUEST, parent);
	put_device(parent);
	return PTR_ERR_OR_ZERO(dev);
}

static int udmabuf_mgr_delete(char *args)
{
	char *name = strsep(&args, UDMABUF_MGR_DELIMS);
	struct device *dev;
	char *token;
	int err;

	while ((token = strsep(&args, UDMABUF_MGR_DELIMS))) {
		if (*token) {
			udmabuf_notice("delete %s: unexpected '%s'\n", name, token);
			return -EINVAL;
		}
	}
	if (!name || !*name) {
		udmabuf_notice("delete: no device name\n");
		return -EINVAL;
	}
	dev = u_dma_buf_device_search(name, -1);
	if (!dev) {
		udmabuf_notice("delete %s: no such device\n", name);
		return -ENODEV;
	}
	pr_info("delete %s\n", name);
	err = u_dma_buf_device_remove(dev);
	put_device(dev);
	return err;
}

/**
 * udmabuf_mgr_command() - run one command
 * @line: the command, NUL-terminated, without its terminator; modified
 *
 * Return: 0 (also for an empty line), or a negative error.
 */
int udmabuf_mgr_command(char *line)
{
	char *verb;

	line = strim(line);
	verb = strsep(&line, UDMABUF_MGR_DELIMS);
	if (!*verb)
		return 0;
	if (line)
		line = skip_spaces(line);
	if (!strcmp(verb, "create"))
		return udmabuf_mgr_create(line);
	if (!strcmp(verb, "delete"))
		return udmabuf_mgr_delete(line);
	udmabuf_notice("unknown command '%s' (create, delete)\n", verb);
	return -EINVAL;
}
