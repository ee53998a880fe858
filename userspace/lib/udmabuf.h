/* SPDX-License-Identifier: MIT */
/*
 * libudmabuf: u-dma-buf devices (/dev/<name>, /sys/class/u-dma-buf/<name>/),
 * the run-time manager (/dev/u-dma-buf-mgr) and dma-buf heaps
 * (/dev/dma_heap/<name>) from C, without hand-written plumbing.
 *
 * Conventions
 * - Every call that can fail returns 0 (or a count) on success and a
 *   negative errno on failure (-EINVAL, -ENOENT, ...). Nothing is printed
 *   and the process is never exited.
 * - After a failure, udmabuf_strerror() gives a sentence that names the
 *   value that was wrong ("udmabuf0: range 0x1000 + 0x2000 is past the end
 *   of the 4096-byte buffer").
 * - Sizes, offsets and DMA addresses are uint64_t bytes; a DMA address is
 *   the address the device sees (an IOVA behind an IOMMU), never a CPU
 *   physical address.
 *
 * Thread safety
 * - Every function may be called from several threads at once on different
 *   objects. The error text is kept per thread.
 * - An object (struct udmabuf, struct udmabuf_dmabuf, struct udmabuf_map,
 *   struct udmabuf_heap) may be used from several threads at once for the
 *   read-only accessors and for the sync, address and allocation calls;
 *   closing or unmapping it while another thread still uses it is the
 *   caller's bug.
 * - Objects are reference counted internally: a mapping keeps its device or
 *   dma-buf open, so udmabuf_close() before udmabuf_unmap() is fine.
 * - udmabuf_heap_alloc() keeps the heap nodes it opened open, shared by
 *   all threads and inherited by fork()ed children; see there.
 *
 * Testing: when the environment variable UDMABUF_SYSROOT is set (and the
 * program is not set-uid), every path under /sys, /dev and /proc is looked
 * up below it instead.
 */
#ifndef UDMABUF_H
#define UDMABUF_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Longest device or heap name, with its NUL. */
#define UDMABUF_NAME_MAX 64

/** A DMA address that is not known (for example of a kernel heap's buffer). */
#define UDMABUF_NO_ADDR UINT64_MAX

/** The direction of a sync (the kernel's enum dma_data_direction subset). */
enum udmabuf_dir {
	UDMABUF_DIR_BIDIRECTIONAL = 0,	/**< the CPU and the device both write */
	UDMABUF_DIR_TO_DEVICE = 1,	/**< the CPU writes, the device reads */
	UDMABUF_DIR_FROM_DEVICE = 2,	/**< the device writes, the CPU reads */
};

/** What udmabuf_dmabuf_begin_cpu_access() prepares the CPU for. */
enum udmabuf_access {
	UDMABUF_ACCESS_READ = 1,
	UDMABUF_ACCESS_WRITE = 2,
	UDMABUF_ACCESS_RW = 3,
};

/**
 * struct udmabuf_info - a u-dma-buf device, as sysfs describes it
 * @name: the device name (/dev/@name)
 * @driver_version: "MAJOR.MINOR.PATCH"
 * @size: bytes, as requested at creation
 * @dma_addr: DMA address of the first byte
 * @dma_coherent: 1 when the device's DMA is cache coherent
 * @sync_mode: 0..7 (low bits: O_SYNC cache mode, bit 2: always)
 * @quirk_mmap_mode: 1 off, 2 on, 3 auto, 4 page
 * @sync_owner: 0 the CPU owns the buffer, 1 the device
 * @sync_offset: stored sync_offset
 * @sync_size: stored sync_size (0: to the end)
 * @sync_direction: stored sync_direction (enum udmabuf_dir)
 */
struct udmabuf_info {
	char name[UDMABUF_NAME_MAX];
	char driver_version[16];
	uint64_t size;
	uint64_t dma_addr;
	int dma_coherent;
	int sync_mode;
	int quirk_mmap_mode;
	int sync_owner;
	uint64_t sync_offset;
	uint64_t sync_size;
	int sync_direction;
};

/**
 * struct udmabuf_heap_info - a node in /dev/dma_heap
 * @name: its name (/dev/dma_heap/@name)
 * @ours: 1 for a u-dma-buf heap (the main heap "udmabuf" or a device's
 *	sub-heap), 0 for another driver's (the kernel's "system", ...)
 * @subheap: 1 when the heap carves buffers out of the u-dma-buf device
 *	of the same name
 * @size: bytes the heap may hand out (a sub-heap's size, the main heap's
 *	limit; 0 when not known or unlimited)
 * @dma_addr: a sub-heap's device DMA address, else UDMABUF_NO_ADDR
 * @buffers_in_use: live buffers (ours only, else 0)
 * @bytes_in_use: their bytes (ours only, else 0)
 */
struct udmabuf_heap_info {
	char name[UDMABUF_NAME_MAX];
	int ours;
	int subheap;
	uint64_t size;
	uint64_t dma_addr;
	uint64_t buffers_in_use;
	uint64_t bytes_in_use;
};

/**
 * struct udmabuf_create_opts - options of udmabuf_create(), all optional
 * @bus: the parent device's bus ("platform", "pci", "pci_express",
 *	"amba"); NULL for platform; needs @device
 * @device: parent device whose DMA API provides the memory, e.g.
 *	"0000:01:00.0"; NULL for none
 * @dma_mask: DMA mask width 12..64, 0 for the default (ignored with
 *	@device, whose own mask rules)
 * @quirk_mmap: 0 default, 1 off, 2 on, 3 auto, 4 page
 * @dma_heap: also create /dev/dma_heap/<name>
 */
struct udmabuf_create_opts {
	const char *bus;
	const char *device;
	int dma_mask;
	int quirk_mmap;
	int dma_heap;
};

struct udmabuf;		/* an open device */
struct udmabuf_dmabuf;	/* a dma-buf: an export or a heap buffer */
struct udmabuf_map;	/* a CPU mapping of either */
struct udmabuf_heap;	/* an open /dev/dma_heap/<name> */

/* ---- errors ------------------------------------------------------------ */

/**
 * udmabuf_strerror() - describe an error returned by this library
 * @err: the negative errno a call returned (or its positive value)
 *
 * Return: the calling thread's description of its last failure when that
 * failure was @err, else strerror()'s text. Valid until the thread's next
 * call into the library.
 */
const char *udmabuf_strerror(int err);

/* ---- sizes -------------------------------------------------------------- */

/**
 * udmabuf_parse_size() - parse a size as people write it
 * @text: decimal, 0x hex or 0 octal, optionally followed by K, M, G, T, P
 *	or E (powers of 1024), optionally followed by "iB" or "B": "4096",
 *	"0x400000", "4M", "4MiB", "1GiB", "512B"
 * @size: out: bytes
 *
 * Return: 0, -EINVAL for text that is not a size, -ERANGE past 2^64 - 1.
 */
int udmabuf_parse_size(const char *text, uint64_t *size);

/* ---- listing ------------------------------------------------------------ */

/**
 * udmabuf_device_list() - every u-dma-buf device, sorted by name
 * @infos: out: an array the caller frees with udmabuf_list_free()
 * @count: out: its length (0 when u-dma-buf is not loaded)
 *
 * Return: 0 or a negative errno.
 */
int udmabuf_device_list(struct udmabuf_info **infos, size_t *count);

/**
 * udmabuf_heap_list() - every node in /dev/dma_heap, sorted by name
 * @infos: out: an array the caller frees with udmabuf_list_free()
 * @count: out: its length
 *
 * Return: 0 or a negative errno.
 */
int udmabuf_heap_list(struct udmabuf_heap_info **infos, size_t *count);

/** udmabuf_list_free() - free what udmabuf_device_list()/_heap_list() gave */
void udmabuf_list_free(void *infos);

/**
 * udmabuf_device_info() - one device's attributes from sysfs
 * @name: device name
 * @info: out
 *
 * Return: 0, -ENOENT when there is no such device, -EINVAL for a bad name.
 */
int udmabuf_device_info(const char *name, struct udmabuf_info *info);

/**
 * udmabuf_heap_info() - one /dev/dma_heap node
 * @name: heap name
 * @info: out
 *
 * Return: 0, -ENOENT when there is no such heap, -EINVAL for a bad name.
 */
int udmabuf_heap_info(const char *name, struct udmabuf_heap_info *info);

/**
 * udmabuf_device_users() - how many processes hold a device open or mapped
 * @name: device name
 *
 * Scans /proc; processes whose /proc entries the caller may not read are
 * not counted.
 *
 * Return: the number of processes, or a negative errno.
 */
int udmabuf_device_users(const char *name);

/* ---- the manager -------------------------------------------------------- */

/**
 * udmabuf_create() - create a device through /dev/u-dma-buf-mgr
 * @name: the new device's name
 * @size: bytes, > 0
 * @opts: options, or NULL for none
 *
 * Waits (up to 5 s) until /dev/@name (and the heap node with dma_heap)
 * exists.
 *
 * Return: 0, -EEXIST for a name in use, -ENOENT when u-dma-buf-mgr is not
 * loaded, -EINVAL for a bad option (checked here first, with its value in
 * the error text) or one the kernel refused (see its log), -ENOMEM, ...
 */
int udmabuf_create(const char *name, uint64_t size, const struct udmabuf_create_opts *opts);

/**
 * udmabuf_delete() - delete a device through /dev/u-dma-buf-mgr
 * @name: its name
 *
 * Open files, mappings and exports of the device stay valid.
 *
 * Return: 0, -ENODEV for an unknown name, -ENOENT without the manager.
 */
int udmabuf_delete(const char *name);

/* ---- devices ------------------------------------------------------------ */

/**
 * udmabuf_open() - open a device
 * @name: a device name ("udmabuf0") or a path to its node ("/dev/udmabuf0")
 * @flags: as for open(2): O_RDONLY (0), O_WRONLY or O_RDWR, optionally
 *	| O_SYNC (mappings then get the cache mode sync_mode selects). The fd
 *	is always O_CLOEXEC.
 * @dev: out: the device
 *
 * Return: 0, -ENOENT for no such device, -EINVAL for bad flags or a node
 * that is not a u-dma-buf device, -EACCES, ...
 */
int udmabuf_open(const char *name, int flags, struct udmabuf **dev);

/** udmabuf_close() - close a device (its mappings stay valid); NULL is fine */
void udmabuf_close(struct udmabuf *dev);

/** udmabuf_fd() - the open file descriptor of /dev/<name> */
int udmabuf_fd(const struct udmabuf *dev);

/** udmabuf_name() - the device's name */
const char *udmabuf_name(const struct udmabuf *dev);

/** udmabuf_size() - the buffer's size in bytes */
uint64_t udmabuf_size(const struct udmabuf *dev);

/** udmabuf_dma_addr() - DMA address of the buffer's first byte */
uint64_t udmabuf_dma_addr(const struct udmabuf *dev);

/** udmabuf_is_coherent() - 1 when the device's DMA is cache coherent */
int udmabuf_is_coherent(const struct udmabuf *dev);

/** udmabuf_quirk_mmap_mode() - 1 off, 2 on, 3 auto, 4 page */
int udmabuf_quirk_mmap_mode(const struct udmabuf *dev);

/** udmabuf_dma_mask() - DMA mask width in bits */
int udmabuf_dma_mask(const struct udmabuf *dev);

/**
 * udmabuf_sync_mode() - the current sync_mode
 * @dev: the device
 *
 * Return: 0..7, or a negative errno.
 */
int udmabuf_sync_mode(const struct udmabuf *dev);

/**
 * udmabuf_set_sync_mode() - set sync_mode (for mappings made afterwards)
 * @dev: the device
 * @mode: 0..7
 *
 * Return: 0, -EINVAL for a mode outside 0..7, ...
 */
int udmabuf_set_sync_mode(struct udmabuf *dev, int mode);

/**
 * udmabuf_sync_owner() - who owns the buffer after the last sync
 * @dev: the device
 *
 * Return: 0 the CPU, 1 the device, or a negative errno.
 */
int udmabuf_sync_owner(const struct udmabuf *dev);

/**
 * udmabuf_sync_for_cpu() - give a byte range to the CPU
 * @dev: the device
 * @offset: first byte
 * @size: bytes, 0 for "to the end"
 * @dir: enum udmabuf_dir
 *
 * Call before the CPU reads what the device wrote. On a coherent device the
 * kernel does no cache maintenance (only sync_owner changes). The range is
 * rounded out to 16 bytes, as the kernel's packed sync command needs; the
 * stored sync_offset/size/direction do not change.
 *
 * Return: 0, -ERANGE for a range past the end, -EINVAL for a bad @dir.
 */
int udmabuf_sync_for_cpu(struct udmabuf *dev, uint64_t offset, uint64_t size,
			 enum udmabuf_dir dir);

/** udmabuf_sync_for_device() - give a byte range to the device; see _for_cpu */
int udmabuf_sync_for_device(struct udmabuf *dev, uint64_t offset, uint64_t size,
			    enum udmabuf_dir dir);

/**
 * udmabuf_sync_ioctl() - the one ioctl a range sync makes, to issue it yourself
 * @dev: the device
 * @offset: as for udmabuf_sync_for_cpu()
 * @size: as for udmabuf_sync_for_cpu()
 * @dir: as for udmabuf_sync_for_cpu()
 * @for_device: 0 for udmabuf_sync_for_cpu(), 1 for udmabuf_sync_for_device()
 * @request: out: the ioctl request (U_DMA_BUF_IOCTL_SET_SYNC_FOR_CPU or
 *	_FOR_DEVICE)
 * @arg: out: the 64-bit value its argument points to
 *
 * ioctl(udmabuf_fd(@dev), *@request, @arg) then syncs exactly what the sync
 * call would, at the cost of the ioctl alone: for language bindings, where
 * a call into the library costs more than the ioctl (the Python package
 * works it out once per array). Since LIBUDMABUF_1.1.
 *
 * Return: 0; -EINVAL or -ERANGE as the sync call would fail; -EOPNOTSUPP
 * for a range one ioctl cannot carry (an offset from 4 GiB, a size from
 * 4 GiB - 16), which the sync call does in three.
 */
int udmabuf_sync_ioctl(const struct udmabuf *dev, uint64_t offset, uint64_t size,
		       enum udmabuf_dir dir, int for_device, unsigned long *request,
		       uint64_t *arg);

/**
 * udmabuf_export() - a range of the device as a dma-buf (U_DMA_BUF_IOCTL_EXPORT)
 * @dev: the device
 * @offset: page aligned
 * @size: page aligned or ending the buffer; 0 for "to the end"
 * @flags: flags of the new fd: O_RDWR/O_RDONLY/O_WRONLY, | O_SYNC for
 *	uncached CPU mappings of the export; O_CLOEXEC is always added
 * @buf: out
 *
 * Return: 0, -EINVAL for a misaligned range or bad flags, -ERANGE for a
 * range past the end, ...
 */
int udmabuf_export(struct udmabuf *dev, uint64_t offset, uint64_t size, int flags,
		   struct udmabuf_dmabuf **buf);

/* ---- dma-bufs and heaps ------------------------------------------------- */

/**
 * udmabuf_heap_alloc() - allocate a buffer from a dma-buf heap
 * @heap: a name in /dev/dma_heap ("udmabuf", a sub-heap, "system", ...),
 *	a path, or NULL for "udmabuf"
 * @size: bytes (rounded up to pages by the heap)
 * @flags: the dma-buf fd's access, O_RDWR, O_RDONLY (0) or O_WRONLY;
 *	O_CLOEXEC is added. The heap node is opened with the access needed.
 * @buf: out
 *
 * The node stays open for later allocations: once opened (one O_CLOEXEC
 * fd per node and access, O_RDONLY or O_RDWR, shared by every thread and
 * inherited by fork()ed children), an allocation costs DMA_HEAP_IOCTL_ALLOC
 * and, on a u-dma-buf heap, U_DMA_BUF_HEAP_IOCTL_DMA_ADDR, as on a node a
 * program keeps open itself (each thread remembers the last node it used,
 * so calls in a loop take no lock). A node that does not exist yet is
 * looked for again on every call. When an allocation fails because the node was
 * removed (and perhaps created again, like a sub-heap's) or its fd was
 * closed behind the library's back, the node is opened again and the
 * allocation retried once. Programs that close file descriptors they did
 * not open, or want the node's lifetime in their hands, use
 * udmabuf_heap_open() and udmabuf_heap_alloc_from().
 *
 * Return: 0, -ENOENT for an unknown heap, -ENOMEM, -EINVAL, ...
 */
int udmabuf_heap_alloc(const char *heap, uint64_t size, int flags,
		       struct udmabuf_dmabuf **buf);

/**
 * udmabuf_heap_open() - open a dma-buf heap for many allocations
 * @heap: as for udmabuf_heap_alloc()
 * @flags: O_RDWR, O_RDONLY (0) or O_WRONLY: the access of the buffers it
 *	may hand out; O_CLOEXEC is added
 * @out: out: the heap, for udmabuf_heap_alloc_from()
 *
 * Since LIBUDMABUF_1.1, as udmabuf_heap_close(), udmabuf_heap_fd() and
 * udmabuf_heap_alloc_from().
 *
 * Return: 0, -ENOENT for an unknown heap, -EINVAL for bad flags or a bad
 * name, -EACCES, ...
 */
int udmabuf_heap_open(const char *heap, int flags, struct udmabuf_heap **out);

/** udmabuf_heap_close() - close a heap (its buffers stay valid); NULL is fine */
void udmabuf_heap_close(struct udmabuf_heap *heap);

/** udmabuf_heap_fd() - the open file descriptor of /dev/dma_heap/<name> */
int udmabuf_heap_fd(const struct udmabuf_heap *heap);

/**
 * udmabuf_heap_alloc_from() - allocate a buffer from an open heap
 * @heap: from udmabuf_heap_open()
 * @size: as for udmabuf_heap_alloc()
 * @flags: as for udmabuf_heap_alloc(), within the access @heap was opened for
 * @buf: out
 *
 * Costs DMA_HEAP_IOCTL_ALLOC and, on a u-dma-buf heap,
 * U_DMA_BUF_HEAP_IOCTL_DMA_ADDR (which gives the address and the size).
 *
 * Return: 0, -EACCES for @flags asking more access than @heap was opened
 * for, -EINVAL for bad flags or size 0, -ENOMEM, -ENODEV when the node was
 * removed since it was opened, ...
 */
int udmabuf_heap_alloc_from(struct udmabuf_heap *heap, uint64_t size, int flags,
			    struct udmabuf_dmabuf **buf);

/**
 * udmabuf_dmabuf_import() - wrap a dma-buf fd from elsewhere
 * @fd: the fd; it is duplicated, the caller keeps its own
 * @buf: out
 *
 * Return: 0, -EBADF, -EINVAL when @fd has no size (not a dma-buf).
 */
int udmabuf_dmabuf_import(int fd, struct udmabuf_dmabuf **buf);

/** udmabuf_dmabuf_close() - close a dma-buf (its mappings stay valid); NULL is fine */
void udmabuf_dmabuf_close(struct udmabuf_dmabuf *buf);

/** udmabuf_dmabuf_fd() - the dma-buf's file descriptor */
int udmabuf_dmabuf_fd(const struct udmabuf_dmabuf *buf);

/** udmabuf_dmabuf_size() - its size in bytes */
uint64_t udmabuf_dmabuf_size(const struct udmabuf_dmabuf *buf);

/**
 * udmabuf_dmabuf_dma_addr() - DMA address of a dma-buf's first byte
 * @buf: an export or a buffer of a u-dma-buf heap
 * @addr: out
 *
 * Uses U_DMA_BUF_HEAP_IOCTL_DMA_ADDR for buffers that did not come with
 * their address.
 *
 * Return: 0, -EINVAL for a dma-buf u-dma-buf did not export (a kernel
 * heap's), -ENOENT when no u-dma-buf heap node exists.
 */
int udmabuf_dmabuf_dma_addr(const struct udmabuf_dmabuf *buf, uint64_t *addr);

/**
 * udmabuf_fd_dma_addr() - U_DMA_BUF_HEAP_IOCTL_DMA_ADDR on any dma-buf fd
 * @fd: a dma-buf fd
 * @addr: out: DMA address of its first byte
 * @size: out (may be NULL): its size
 * @offset: out (may be NULL): where it starts inside its u-dma-buf device
 *
 * Return: 0, -EINVAL for a dma-buf u-dma-buf did not export, -EBADF, ...
 */
int udmabuf_fd_dma_addr(int fd, uint64_t *addr, uint64_t *size, uint64_t *offset);

/**
 * udmabuf_dmabuf_begin_cpu_access() - DMA_BUF_IOCTL_SYNC start
 * @buf: the dma-buf
 * @access: enum udmabuf_access
 *
 * Return: 0, -EINVAL for a bad @access, ...
 */
int udmabuf_dmabuf_begin_cpu_access(struct udmabuf_dmabuf *buf, int access);

/** udmabuf_dmabuf_end_cpu_access() - DMA_BUF_IOCTL_SYNC end; see _begin_ */
int udmabuf_dmabuf_end_cpu_access(struct udmabuf_dmabuf *buf, int access);

/* ---- mappings ----------------------------------------------------------- */

/**
 * udmabuf_map() - map a range of a device
 * @dev: the device
 * @offset: first byte, any alignment
 * @size: bytes, 0 for "to the end"
 * @prot: PROT_READ and/or PROT_WRITE, 0 for both (writable mappings need
 *	a writable open)
 * @map: out
 *
 * The mapping is MAP_SHARED; its cache mode follows sync_mode and O_SYNC.
 *
 * Return: 0, -ERANGE for a range past the end, -EINVAL, -EACCES, ...
 */
int udmabuf_map(struct udmabuf *dev, uint64_t offset, uint64_t size, int prot,
		struct udmabuf_map **map);

/** udmabuf_dmabuf_map() - map a range of a dma-buf; see udmabuf_map() */
int udmabuf_dmabuf_map(struct udmabuf_dmabuf *buf, uint64_t offset, uint64_t size, int prot,
		       struct udmabuf_map **map);

/** udmabuf_unmap() - undo a mapping; NULL is fine */
void udmabuf_unmap(struct udmabuf_map *map);

/** udmabuf_map_ptr() - the mapping's first byte */
void *udmabuf_map_ptr(const struct udmabuf_map *map);

/** udmabuf_map_size() - its length in bytes */
uint64_t udmabuf_map_size(const struct udmabuf_map *map);

/**
 * udmabuf_map_dma_addr() - DMA address of a byte inside a mapping
 * @map: the mapping
 * @ptr: a pointer into it
 * @addr: out
 *
 * Return: 0, -EFAULT when @ptr is outside the mapping, -EINVAL when the
 * memory's DMA address is not known (a kernel heap's buffer).
 */
int udmabuf_map_dma_addr(const struct udmabuf_map *map, const void *ptr, uint64_t *addr);

/**
 * udmabuf_ptr_dma_addr() - DMA address of any pointer into u-dma-buf memory
 * @ptr: a pointer into a mapping made by this library, or into any
 *	mapping of /dev/<name> (found through /proc/self/maps)
 * @addr: out
 *
 * Return: 0, -EFAULT when @ptr is not in such a mapping.
 */
int udmabuf_ptr_dma_addr(const void *ptr, uint64_t *addr);

/**
 * udmabuf_map_sync_for_cpu() - give bytes of a mapping to the CPU
 * @map: the mapping
 * @ptr: first byte, inside @map
 * @size: bytes from @ptr, 0 for "to the end of the mapping"
 * @dir: enum udmabuf_dir
 *
 * A device mapping syncs exactly that range (udmabuf_sync_for_cpu()); a
 * dma-buf mapping syncs the whole dma-buf (DMA_BUF_IOCTL_SYNC start, read
 * access for UDMABUF_DIR_FROM_DEVICE, read-write otherwise).
 *
 * Return: 0, -EFAULT for a range outside the mapping, ...
 */
int udmabuf_map_sync_for_cpu(struct udmabuf_map *map, const void *ptr, uint64_t size,
			     enum udmabuf_dir dir);

/**
 * udmabuf_map_sync_for_device() - give bytes of a mapping to the device
 *
 * As udmabuf_map_sync_for_cpu(); a dma-buf mapping ends the CPU access
 * (DMA_BUF_IOCTL_SYNC end).
 */
int udmabuf_map_sync_for_device(struct udmabuf_map *map, const void *ptr, uint64_t size,
				enum udmabuf_dir dir);

#ifdef __cplusplus
}
#endif

#endif /* UDMABUF_H */
