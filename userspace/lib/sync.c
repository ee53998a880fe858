// SPDX-License-Identifier: MIT
/*
 * libudmabuf: cache maintenance of a device's byte range, and sync_mode.
 *
 * A range goes to the kernel as the packed one-shot command of
 * SET_SYNC_FOR_CPU/_DEVICE (offset in bits 63..32, size in bits 31..4,
 * direction in bits 3..2, bit 1 set so that even offset 0 + "to the end"
 * is not the value 1, "use the stored settings"), which leaves the stored
 * sync_offset/size/direction alone. Ranges it cannot carry (offsets from
 * 4 GiB, sizes from 4 GiB - 16) go through SET_SYNC, and the stored
 * settings are put back afterwards. udmabuf_sync_ioctl() hands the packed
 * command out, for bindings that issue it themselves.
 */
#include "internal.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

static const char *ub_sync_what(bool for_device)
{
	return for_device ? "sync_for_device" : "sync_for_cpu";
}

static int ub_sync_set(struct udmabuf *dev, uint64_t off, uint64_t size, int dir,
		       bool for_device)
{
	u_dma_buf_ioctl_sync_args saved, a = { .size = size, .offset = off };
	int err = 0;

	if (ioctl(dev->fd, U_DMA_BUF_IOCTL_GET_SYNC, &saved))
		return ub_err(errno, "%s: GET_SYNC: %s", dev->name, strerror(errno));
	SET_U_DMA_BUF_IOCTL_FLAGS_SYNC_CMD(&a, for_device ?
		U_DMA_BUF_IOCTL_FLAGS_SYNC_CMD_FOR_DEVICE : U_DMA_BUF_IOCTL_FLAGS_SYNC_CMD_FOR_CPU);
	SET_U_DMA_BUF_IOCTL_FLAGS_SYNC_DIR(&a, dir);
	if (ioctl(dev->fd, U_DMA_BUF_IOCTL_SET_SYNC, &a))
		err = ub_err(errno, "%s: %s 0x%llx + 0x%llx: %s", dev->name,
			     ub_sync_what(for_device), (unsigned long long)off,
			     (unsigned long long)size, strerror(errno));
	/* the stored settings, without a sync and without the owner bit */
	SET_U_DMA_BUF_IOCTL_FLAGS_SYNC_CMD(&saved, 0);
	SET_U_DMA_BUF_IOCTL_FLAGS_SYNC_MODE(&saved, 0);
	SET_U_DMA_BUF_IOCTL_FLAGS_SYNC_OWNER(&saved, 0);
	ioctl(dev->fd, U_DMA_BUF_IOCTL_SET_SYNC, &saved);
	return err;
}

/* Checks a range sync; *SIZE 0 ("to the end") becomes the bytes to the end. */
static int ub_sync_check(const struct udmabuf *dev, uint64_t off, uint64_t *size,
			 enum udmabuf_dir dir, bool for_device)
{
	if ((unsigned int)dir > UDMABUF_DIR_FROM_DEVICE)
		return ub_err(EINVAL, "%s: %s: direction %d is not 0 (bidirectional), "
			      "1 (to device) or 2 (from device)", dev->name,
			      ub_sync_what(for_device), (int)dir);
	if (off > dev->size || *size > dev->size - off)
		return ub_err(ERANGE, "%s: %s: range 0x%llx + 0x%llx is past the end of the "
			      "%llu-byte buffer", dev->name, ub_sync_what(for_device),
			      (unsigned long long)off, (unsigned long long)*size,
			      (unsigned long long)dev->size);
	if (!*size)
		*size = dev->size - off;
	return 0;
}

/* ub_sync_checked()'s slow path: a range one ioctl cannot carry (CMD 0),
 * or the packed command CMD failed with errno. */
int ub_sync_slow(struct udmabuf *dev, uint64_t off, uint64_t size, enum udmabuf_dir dir,
		 bool for_device, uint64_t cmd)
{
	if (!cmd)
		return ub_sync_set(dev, off, size, dir, for_device);
	return ub_err(errno, "%s: %s 0x%llx + 0x%llx: %s", dev->name, ub_sync_what(for_device),
		      (unsigned long long)off, (unsigned long long)size, strerror(errno));
}

static int ub_sync(struct udmabuf *dev, uint64_t off, uint64_t size, enum udmabuf_dir dir,
		   bool for_device)
{
	int err = ub_sync_check(dev, off, &size, dir, for_device);

	return err ? err : ub_sync_checked(dev, off, size, dir, for_device);
}

UB_EXPORT int udmabuf_sync_ioctl(const struct udmabuf *dev, uint64_t offset, uint64_t size,
				 enum udmabuf_dir dir, int for_device, unsigned long *request,
				 uint64_t *arg)
{
	uint64_t cmd;
	int err;

	err = ub_sync_check(dev, offset, &size, dir, for_device != 0);
	if (err)
		return err;
	cmd = ub_sync_packed(dev, offset, size, dir);
	if (!cmd)
		return ub_err(EOPNOTSUPP, "%s: %s 0x%llx + 0x%llx: one ioctl cannot carry the "
			      "range (from 4 GiB): call the sync itself", dev->name,
			      ub_sync_what(for_device != 0), (unsigned long long)offset,
			      (unsigned long long)size);
	*request = ub_sync_request(for_device != 0);
	*arg = cmd;
	return 0;
}

UB_EXPORT int udmabuf_sync_for_cpu(struct udmabuf *dev, uint64_t offset, uint64_t size,
				   enum udmabuf_dir dir)
{
	return ub_sync(dev, offset, size, dir, false);
}

UB_EXPORT int udmabuf_sync_for_device(struct udmabuf *dev, uint64_t offset, uint64_t size,
				      enum udmabuf_dir dir)
{
	return ub_sync(dev, offset, size, dir, true);
}

static int ub_get_sync(const struct udmabuf *dev, u_dma_buf_ioctl_sync_args *a)
{
	memset(a, 0, sizeof(*a));
	if (ioctl(dev->fd, U_DMA_BUF_IOCTL_GET_SYNC, a))
		return ub_err(errno, "%s: GET_SYNC: %s", dev->name, strerror(errno));
	return 0;
}

UB_EXPORT int udmabuf_sync_mode(const struct udmabuf *dev)
{
	u_dma_buf_ioctl_sync_args a;
	int err = ub_get_sync(dev, &a);

	return err ? err : GET_U_DMA_BUF_IOCTL_FLAGS_SYNC_MODE(&a);
}

UB_EXPORT int udmabuf_sync_owner(const struct udmabuf *dev)
{
	u_dma_buf_ioctl_sync_args a;
	int err = ub_get_sync(dev, &a);

	return err ? err : GET_U_DMA_BUF_IOCTL_FLAGS_SYNC_OWNER(&a);
}

/* Mode 0 cannot go through SET_SYNC (0 there means "unchanged"). */
static int ub_sync_mode_sysfs(struct udmabuf *dev)
{
	char path[PATH_MAX];
	int err;

	ub_path(path, sizeof(path), UB_SYSFS_CLASS "/%s/sync_mode", dev->name);
	err = ub_write_text(path, "0\n");
	if (err)
		return ub_err(-err, "%s: set sync_mode 0 (through %s): %s", dev->name, path,
			      strerror(-err));
	return 0;
}

UB_EXPORT int udmabuf_set_sync_mode(struct udmabuf *dev, int mode)
{
	u_dma_buf_ioctl_sync_args a;
	int err;

	if (mode < 0 || mode > 7)
		return ub_err(EINVAL, "%s: sync mode %d is not 0..7", dev->name, mode);
	if (!mode)
		return ub_sync_mode_sysfs(dev);
	err = ub_get_sync(dev, &a);
	if (err)
		return err;
	SET_U_DMA_BUF_IOCTL_FLAGS_SYNC_CMD(&a, 0);
	SET_U_DMA_BUF_IOCTL_FLAGS_SYNC_OWNER(&a, 0);
	SET_U_DMA_BUF_IOCTL_FLAGS_SYNC_MODE(&a, mode);
	if (ioctl(dev->fd, U_DMA_BUF_IOCTL_SET_SYNC, &a))
		return ub_err(errno, "%s: set sync mode %d: %s", dev->name, mode,
			      strerror(errno));
	return 0;
}
