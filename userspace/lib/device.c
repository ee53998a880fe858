// SPDX-License-Identifier: MIT
/*
 * libudmabuf: an open /dev/<name>. The immutable facts (size, DMA address,
 * coherency, quirk mode, mask) come from U_DMA_BUF_IOCTL_GET_DEV_INFO at
 * open; the sync settings are asked for each time.
 */
#include "internal.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "u-dma-buf-ioctl.h"

#define UB_OPEN_FLAGS (O_ACCMODE | O_SYNC | O_CLOEXEC)

void ub_dev_get(struct udmabuf *dev)
{
	atomic_fetch_add(&dev->refs, 1);
}

void ub_dev_put(struct udmabuf *dev)
{
	if (atomic_fetch_sub(&dev->refs, 1) == 1) {
		close(dev->fd);
		free(dev);
	}
}

/* The u-dma-buf device name of the character device open on FD. */
static int ub_name_of_fd(int fd, const char *path, char *name)
{
	char link[PATH_MAX], target[PATH_MAX], want[32], have[32], cls[PATH_MAX];
	const char *base;
	struct stat st;
	ssize_t n;

	if (fstat(fd, &st))
		return ub_err(errno, "%s: %s", path, strerror(errno));
	if (!S_ISCHR(st.st_mode))
		return ub_err(EINVAL, "%s is not a character device", path);
	snprintf(want, sizeof(want), "%u:%u", major(st.st_rdev), minor(st.st_rdev));
	ub_path(link, sizeof(link), "/sys/dev/char/%s", want);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return ub_err(EINVAL, "%s (%s) is not a u-dma-buf device", path, want);
	target[n] = '\0';
	base = strrchr(target, '/');
	base = base ? base + 1 : target;
	ub_path(cls, sizeof(cls), UB_SYSFS_CLASS "/%s/dev", base);
	if (strlen(base) >= UDMABUF_NAME_MAX || ub_read_text(cls, have, sizeof(have)) ||
	    strcmp(have, want))
		return ub_err(EINVAL, "%s (%s) is not a u-dma-buf device", path, want);
	strcpy(name, base);
	return 0;
}

static int ub_open_node(const char *name, int flags, char *resolved)
{
	char path[PATH_MAX], cls[PATH_MAX];
	int fd, err;

	if (strchr(name, '/')) {
		snprintf(path, sizeof(path), "%s", name);
	} else {
		err = ub_check_name("open", name);
		if (err)
			return err;
		ub_path(path, sizeof(path), "/dev/%s", name);
		ub_path(cls, sizeof(cls), UB_SYSFS_CLASS "/%s", name);
		if (access(cls, F_OK))
			return ub_err(ENOENT, "%s: no u-dma-buf device of that name", name);
	}
	fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return ub_err(errno, "cannot open %s: %s", path, strerror(errno));
	err = ub_name_of_fd(fd, path, resolved);
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

static int ub_dev_info(struct udmabuf *dev)
{
	u_dma_buf_ioctl_dev_info di = { 0 };

	if (ioctl(dev->fd, U_DMA_BUF_IOCTL_GET_DEV_INFO, &di))
		return ub_err(errno, "%s: GET_DEV_INFO: %s", dev->name, strerror(errno));
	dev->size = di.size;
	dev->dma_addr = di.addr;
	dev->coherent = GET_U_DMA_BUF_IOCTL_FLAGS_DMA_COHERENT(&di);
	dev->quirk = GET_U_DMA_BUF_IOCTL_FLAGS_MMAP_MODE(&di);
	dev->dma_mask = GET_U_DMA_BUF_IOCTL_FLAGS_DMA_MASK(&di);
	return 0;
}

UB_EXPORT int udmabuf_open(const char *name, int flags, struct udmabuf **out)
{
	struct udmabuf *dev;
	int err;

	*out = NULL;
	if (!name || !*name)
		return ub_err(EINVAL, "open: no device name given");
	if (flags & ~UB_OPEN_FLAGS || (flags & O_ACCMODE) == O_ACCMODE)
		return ub_err(EINVAL, "open %s: flags 0x%x: only O_RDONLY, O_WRONLY, O_RDWR, "
			      "O_SYNC and O_CLOEXEC", name, (unsigned int)flags);
	dev = calloc(1, sizeof(*dev));
	if (!dev)
		return ub_err(ENOMEM, "open %s: out of memory", name);
	atomic_init(&dev->refs, 1);
	dev->flags = flags;
	dev->fd = ub_open_node(name, flags, dev->name);
	if (dev->fd < 0) {
		err = dev->fd;
		free(dev);
		return err;
	}
	err = ub_dev_info(dev);
	if (err) {
		ub_dev_put(dev);
		return err;
	}
	*out = dev;
	return 0;
}

UB_EXPORT void udmabuf_close(struct udmabuf *dev)
{
	if (dev)
		ub_dev_put(dev);
}

UB_EXPORT int udmabuf_fd(const struct udmabuf *dev)
{
	return dev->fd;
}

UB_EXPORT const char *udmabuf_name(const struct udmabuf *dev)
{
	return dev->name;
}

UB_EXPORT uint64_t udmabuf_size(const struct udmabuf *dev)
{
	return dev->size;
}

UB_EXPORT uint64_t udmabuf_dma_addr(const struct udmabuf *dev)
{
	return dev->dma_addr;
}

UB_EXPORT int udmabuf_is_coherent(const struct udmabuf *dev)
{
	return dev->coherent;
}

UB_EXPORT int udmabuf_quirk_mmap_mode(const struct udmabuf *dev)
{
	return dev->quirk;
}

UB_EXPORT int udmabuf_dma_mask(const struct udmabuf *dev)
{
	return dev->dma_mask;
}
