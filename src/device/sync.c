// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: the manual cache-management interface of /dev/<name>
 * (sync_offset, sync_size, sync_direction, sync_for_cpu, sync_for_device,
 * sync_owner) and how sync_mode and O_SYNC choose a mapping's cache mode.
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/device.h>
#include <linux/dma-direction.h>
#include <linux/lockdep.h>

#include "device/device.h"

static const enum dma_data_direction udmabuf_dma_dir[] = {
	[0] = DMA_BIDIRECTIONAL,
	[1] = DMA_TO_DEVICE,
	[2] = DMA_FROM_DEVICE,
};

/**
 * udmabuf_check_range() - check that a byte range lies inside the buffer
 * @udev: the device
 * @what: what the range is for, for the error message
 * @offset: start, bytes
 * @size: length in bytes; 0 means "to the end" and is replaced by that
 *
 * Return: 0 or -EINVAL, with a message naming the range.
 */
int udmabuf_check_range(struct udmabuf_device *udev, const char *what, u64 offset,
			size_t *size)
{
	if (offset > udev->size || *size > udev->size - offset) {
		dev_dbg(&udev->dev,
			"%s: range 0x%llx + %zu is outside the %zu-byte buffer\n",
			what, offset, *size, udev->size);
		return -EINVAL;
	}
	if (!*size)
		*size = udev->size - offset;
	return 0;
}

/**
 * udmabuf_device_sync_range() - sync a range for the CPU or the device
 * @udev: the device; its lock is held
 * @offset: start, bytes
 * @size: length in bytes, 0: to the end of the buffer
 * @direction: 0 bidirectional, 1 to device, 2 from device
 * @for_device: give the range to the device rather than the CPU
 *
 * Updates sync_owner. No cache maintenance happens on coherent devices.
 *
 * Return: 0 or -EINVAL for a bad range or direction.
 */
int udmabuf_device_sync_range(struct udmabuf_device *udev, u64 offset, size_t size,
			      unsigned int direction, bool for_device)
{
	const char *what = for_device ? "sync_for_device" : "sync_for_cpu";
	int err;

	lockdep_assert_held(&udev->lock);
	if (direction > UDMABUF_SYNC_DIR_MAX) {
		dev_dbg(&udev->dev,
			"%s: direction %u is not 0 (bidirectional), 1 (to device) or 2 (from device)\n",
			what, direction);
		return -EINVAL;
	}
	err = udmabuf_check_range(udev, what, offset, &size);
	if (err)
		return err;
	if (for_device)
		udmabuf_buffer_sync_for_device(udev->buf, offset, size, udmabuf_dma_dir[direction]);
	else
		udmabuf_buffer_sync_for_cpu(udev->buf, offset, size, udmabuf_dma_dir[direction]);
	udev->set.sync_owner = for_device;
	return 0;
}

/**
 * udmabuf_device_sync_command() - run a sync command
 * @udev: the device; its lock is held
 * @command: as written to sync_for_cpu / sync_for_device or passed to
 *	U_DMA_BUF_IOCTL_SET_SYNC_FOR_CPU / _DEVICE: 0 does nothing, 1 syncs
 *	the stored sync_offset/sync_size/sync_direction, and any other value
 *	carries a one-shot range: offset in bits 63..32, size in bits 31..4
 *	(size & ~0xf), direction in bits 3..2; the stored settings stay.
 *	Direction 3 means bidirectional, as upstream decodes it.
 * @for_device: give the range to the device rather than the CPU
 *
 * Return: 0 or -EINVAL for a range outside the buffer.
 */
int udmabuf_device_sync_command(struct udmabuf_device *udev, u64 command, bool for_device)
{
	unsigned int dir;

	if (command == UDMABUF_SYNC_CMD_NONE)
		return 0;
	if (command == UDMABUF_SYNC_CMD_STORED)
		return udmabuf_device_sync_range(udev, udev->set.sync_offset, udev->set.sync_size,
						 udev->set.sync_direction, for_device);
	dir = (command >> UDMABUF_SYNC_CMD_DIR_SHIFT) & UDMABUF_SYNC_CMD_DIR_MASK;
	if (dir > UDMABUF_SYNC_DIR_MAX)
		dir = 0;
	return udmabuf_device_sync_range(udev, command >> UDMABUF_SYNC_CMD_OFFSET_SHIFT,
					 command & UDMABUF_SYNC_CMD_SIZE_MASK, dir, for_device);
}

/**
 * udmabuf_device_cache_mode() - cache mode of a new mapping of the device
 * @udev: the device; its lock is held
 * @o_sync: the file was opened with O_SYNC
 *
 * With O_SYNC, or always when sync_mode has bit 2, the low bits of
 * sync_mode choose: 1 uncached, 2 write-combine, 3 DMA-coherent; otherwise
 * the mapping is cached. Without quirk-mmap on a non-coherent device the
 * mapping is what the DMA API's coherent mmap gives, as upstream.
 *
 * Return: the cache mode.
 */
enum udmabuf_cache udmabuf_device_cache_mode(struct udmabuf_device *udev, bool o_sync)
{
	enum udmabuf_cache cache = UDMABUF_CACHE_CACHED;

	lockdep_assert_held(&udev->lock);
	if (udmabuf_device_rw_syncs(udev, o_sync)) {
		switch (udev->set.sync_mode & 3) {
		case 1:
			cache = UDMABUF_CACHE_UNCACHED;
			break;
		case 2:
			cache = UDMABUF_CACHE_WRITECOMBINE;
			break;
		case 3:
			cache = UDMABUF_CACHE_DMA_COHERENT;
			break;
		}
	}
	if (!udmabuf_device_quirk_effective(udev) && !udev->buf->coherent)
		cache = UDMABUF_CACHE_DMA_COHERENT;
	return cache;
}

/**
 * udmabuf_device_rw_syncs() - whether read() and write() sync their range
 * @udev: the device; its lock is held
 * @o_sync: the file was opened with O_SYNC
 *
 * Return: true with O_SYNC or an "always" sync_mode.
 */
bool udmabuf_device_rw_syncs(struct udmabuf_device *udev, bool o_sync)
{
	return o_sync || (udev->set.sync_mode & UDMABUF_SYNC_MODE_ALWAYS);
}
