/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * u-dma-buf ioctl interface, for programs using /dev/<name> of u-dma-buf.
 *
 * Binary compatible with u-dma-buf 5.5 (same magic, numbers and struct
 * layouts) and source compatible with its header: the typedef names, the
 * U_DMA_BUF_IOCTL_FLAGS_<FIELD>_SHIFT / _MASK constants and the
 * GET_ / SET_U_DMA_BUF_IOCTL_FLAGS_<FIELD>() accessors are the same.
 * Usable from C, C++ and kernel code.
 *
 * Each argument struct starts with a 64-bit "flags" word holding bit
 * fields; the accessors read and write one field.
 */
#ifndef U_DMA_BUF_IOCTL_H
#define U_DMA_BUF_IOCTL_H

#include <linux/ioctl.h>
#include <linux/types.h>
#ifndef __KERNEL__
#include <stdint.h>
#endif

/* U_DMA_BUF_IOCTL_GET_DRV_INFO: what the driver supports. */
typedef struct {
	uint64_t flags;
	char     version[16];		/* "MAJOR.MINOR.PATCH", NUL-terminated */
} u_dma_buf_ioctl_drv_info;

/* U_DMA_BUF_IOCTL_GET_DEV_INFO: one buffer. */
typedef struct {
	uint64_t flags;
	uint64_t size;			/* bytes, as requested at creation */
	uint64_t addr;			/* DMA address (an IOVA behind an IOMMU) */
} u_dma_buf_ioctl_dev_info;

/* U_DMA_BUF_IOCTL_GET_SYNC / U_DMA_BUF_IOCTL_SET_SYNC: the sync settings. */
typedef struct {
	uint64_t flags;
	uint64_t size;			/* sync_size: bytes (0: to the end) */
	uint64_t offset;		/* sync_offset: bytes from the start */
} u_dma_buf_ioctl_sync_args;

/* U_DMA_BUF_IOCTL_EXPORT: a range of the buffer as a dma-buf fd. */
typedef struct {
	uint64_t flags;
	uint64_t size;			/* bytes, page aligned */
	uint64_t offset;		/* bytes, page aligned */
	uint64_t addr;			/* out: DMA address of the range */
	int      fd;			/* out: the dma-buf file descriptor */
} u_dma_buf_ioctl_export_args;

/*
 * Bit fields of the flags words: FIELD occupies bits SHIFT .. SHIFT+width-1,
 * MASK is the field's value mask before shifting.
 */
#define U_DMA_BUF_IOCTL_FIELD_MASK(width)	((((uint64_t)1) << (width)) - 1)

/* u_dma_buf_ioctl_drv_info.flags */
enum {
	U_DMA_BUF_IOCTL_FLAGS_IOCTL_VERSION_SHIFT       = 0,	/* bits 7..0 */
	U_DMA_BUF_IOCTL_FLAGS_IN_KERNEL_FUNCTIONS_SHIFT = 8,	/* bit 8 */
	U_DMA_BUF_IOCTL_FLAGS_USE_OF_DMA_CONFIG_SHIFT   = 12,	/* bit 12 */
	U_DMA_BUF_IOCTL_FLAGS_USE_OF_RESERVED_MEM_SHIFT = 13,	/* bit 13 */
	U_DMA_BUF_IOCTL_FLAGS_USE_QUIRK_MMAP_SHIFT      = 16,	/* bit 16 */
	U_DMA_BUF_IOCTL_FLAGS_USE_QUIRK_MMAP_PAGE_SHIFT = 17,	/* bit 17 */
};

#define U_DMA_BUF_IOCTL_FLAGS_IOCTL_VERSION_MASK       U_DMA_BUF_IOCTL_FIELD_MASK(8)
#define U_DMA_BUF_IOCTL_FLAGS_IN_KERNEL_FUNCTIONS_MASK U_DMA_BUF_IOCTL_FIELD_MASK(1)
#define U_DMA_BUF_IOCTL_FLAGS_USE_OF_DMA_CONFIG_MASK   U_DMA_BUF_IOCTL_FIELD_MASK(1)
#define U_DMA_BUF_IOCTL_FLAGS_USE_OF_RESERVED_MEM_MASK U_DMA_BUF_IOCTL_FIELD_MASK(1)
#define U_DMA_BUF_IOCTL_FLAGS_USE_QUIRK_MMAP_MASK      U_DMA_BUF_IOCTL_FIELD_MASK(1)
#define U_DMA_BUF_IOCTL_FLAGS_USE_QUIRK_MMAP_PAGE_MASK U_DMA_BUF_IOCTL_FIELD_MASK(1)

/* u_dma_buf_ioctl_dev_info.flags */
enum {
	U_DMA_BUF_IOCTL_FLAGS_DMA_MASK_SHIFT     = 0,	/* bits 7..0: mask width */
	U_DMA_BUF_IOCTL_FLAGS_DMA_COHERENT_SHIFT = 9,	/* bit 9 */
	U_DMA_BUF_IOCTL_FLAGS_MMAP_MODE_SHIFT    = 10,	/* bits 12..10: quirk_mmap_mode */
};

#define U_DMA_BUF_IOCTL_FLAGS_DMA_MASK_MASK     U_DMA_BUF_IOCTL_FIELD_MASK(8)
#define U_DMA_BUF_IOCTL_FLAGS_DMA_COHERENT_MASK U_DMA_BUF_IOCTL_FIELD_MASK(1)
#define U_DMA_BUF_IOCTL_FLAGS_MMAP_MODE_MASK    U_DMA_BUF_IOCTL_FIELD_MASK(3)

/* u_dma_buf_ioctl_sync_args.flags */
enum {
	U_DMA_BUF_IOCTL_FLAGS_SYNC_CMD_SHIFT   = 0,	/* bits 1..0: SET_SYNC command */
	U_DMA_BUF_IOCTL_FLAGS_SYNC_DIR_SHIFT   = 2,	/* bits 3..2: 0 bidi, 1 to dev, 2 from */
	U_DMA_BUF_IOCTL_FLAGS_SYNC_MODE_SHIFT  = 8,	/* bits 15..8: sync_mode */
	U_DMA_BUF_IOCTL_FLAGS_SYNC_OWNER_SHIFT = 16,	/* bit 16: 0 cpu, 1 device */
};

#define U_DMA_BUF_IOCTL_FLAGS_SYNC_CMD_MASK   U_DMA_BUF_IOCTL_FIELD_MASK(2)
#define U_DMA_BUF_IOCTL_FLAGS_SYNC_DIR_MASK   U_DMA_BUF_IOCTL_FIELD_MASK(2)
#define U_DMA_BUF_IOCTL_FLAGS_SYNC_MODE_MASK  U_DMA_BUF_IOCTL_FIELD_MASK(8)
#define U_DMA_BUF_IOCTL_FLAGS_SYNC_OWNER_MASK U_DMA_BUF_IOCTL_FIELD_MASK(1)

/* SYNC_CMD values for U_DMA_BUF_IOCTL_SET_SYNC */
enum {
	U_DMA_BUF_IOCTL_FLAGS_SYNC_CMD_FOR_CPU    = 1,
	U_DMA_BUF_IOCTL_FLAGS_SYNC_CMD_FOR_DEVICE = 3
};

/* u_dma_buf_ioctl_export_args.flags: flags of the new fd (O_CLOEXEC, O_ACCMODE, O_SYNC) */
enum {
	U_DMA_BUF_IOCTL_FLAGS_EXPORT_FD_FLAGS_SHIFT = 0,	/* bits 31..0 */
};

#define U_DMA_BUF_IOCTL_FLAGS_EXPORT_FD_FLAGS_MASK U_DMA_BUF_IOCTL_FIELD_MASK(32)

/* Reading and writing one field of a flags word. */
static inline int u_dma_buf_ioctl_flags_get(const uint64_t *flags, int shift, uint64_t mask)
{
	return (int)((*flags >> shift) & mask);
}

static inline void u_dma_buf_ioctl_flags_set(uint64_t *flags, int shift, uint64_t mask, int value)
{
	*flags &= ~(mask << shift);
	*flags |= ((uint64_t)value & mask) << shift;
}

/* The named accessors, GET_U_DMA_BUF_IOCTL_FLAGS_<FIELD>(p) and SET_...(p, value). */
static inline int GET_U_DMA_BUF_IOCTL_FLAGS_IOCTL_VERSION(u_dma_buf_ioctl_drv_info *p)
{
	return u_dma_buf_ioctl_flags_get(&p->flags, U_DMA_BUF_IOCTL_FLAGS_IOCTL_VERSION_SHIFT,
					 U_DMA_BUF_IOCTL_FLAGS_IOCTL_VERSION_MASK);
}

static inline void SET_U_DMA_BUF_IOCTL_FLAGS_IOCTL_VERSION(u_dma_buf_ioctl_drv_info *p, int value)
{
	u_dma_buf_ioctl_flags_set(&p->flags, U_DMA_BUF_IOCTL_FLAGS_IOCTL_VERSION_SHIFT,
				  U_DMA_BUF_IOCTL_FLAGS_IOCTL_VERSION_MASK, value);
}

static inline int GET_U_DMA_BUF_IOCTL_FLAGS_IN_KERNEL_FUNCTIONS(u_dma_buf_ioctl_drv_info *p)
{
	return u_dma_buf_ioctl_flags_get(&p->flags, U_DMA_BUF_IOCTL_FLAGS_IN_KERNEL_FUNCTIONS_SHIFT,
					 U_DMA_BUF_IOCTL_FLAGS_IN_KERNEL_FUNCTIONS_MASK);
}

static inline void SET_U_DMA_BUF_IOCTL_FLAGS_IN_KERNEL_FUNCTIONS(u_dma_buf_ioctl_drv_info *p,
								 int value)
{
	u_dma_buf_ioctl_flags_set(&p->flags, U_DMA_BUF_IOCTL_FLAGS_IN_KERNEL_FUNCTIONS_SHIFT,
				  U_DMA_BUF_IOCTL_FLAGS_IN_KERNEL_FUNCTIONS_MASK, value);
}

static inline int GET_U_DMA_BUF_IOCTL_FLAGS_USE_OF_DMA_CONFIG(u_dma_buf_ioctl_drv_info *p)
{
	return u_dma_buf_ioctl_flags_get(&p->flags, U_DMA_BUF_IOCTL_FLAGS_USE_OF_DMA_CONFIG_SHIFT,
					 U_DMA_BUF_IOCTL_FLAGS_USE_OF_DMA_CONFIG_MASK);
}

static inline void SET_U_DMA_BUF_IOCTL_FLAGS_USE_OF_DMA_CONFIG(u_dma_buf_ioctl_drv_info *p,
							       int value)
{
	u_dma_buf_ioctl_flags_set(&p->flags, U_DMA_BUF_IOCTL_FLAGS_USE_OF_DMA_CONFIG_SHIFT,
				  U_DMA_BUF_IOCTL_FLAGS_USE_OF_DMA_CONFIG_MASK, value);
}

static inline int GET_U_DMA_BUF_IOCTL_FLAGS_USE_OF_RESERVED_MEM(u_dma_buf_ioctl_drv_info *p)
{
	return u_dma_buf_ioctl_flags_get(&p->flags, U_DMA_BUF_IOCTL_FLAGS_USE_OF_RESERVED_MEM_SHIFT,
					 U_DMA_BUF_IOCTL_FLAGS_USE_OF_RESERVED_MEM_MASK);
}

static inline void SET_U_DMA_BUF_IOCTL_FLAGS_USE_OF_RESERVED_MEM(u_dma_buf_ioctl_drv_info *p,
								 int value)
{
	u_dma_buf_ioctl_flags_set(&p->flags, U_DMA_BUF_IOCTL_FLAGS_USE_OF_RESERVED_MEM_SHIFT,
				  U_DMA_BUF_IOCTL_FLAGS_USE_OF_RESERVED_MEM_MASK, value);
}

static inline int GET_U_DMA_BUF_IOCTL_FLAGS_USE_QUIRK_MMAP(u_dma_buf_ioctl_drv_info *p)
{
	return u_dma_buf_ioctl_flags_get(&p->flags, U_DMA_BUF_IOCTL_FLAGS_USE_QUIRK_MMAP_SHIFT,
					 U_DMA_BUF_IOCTL_FLAGS_USE_QUIRK_MMAP_MASK);
}

static inline void SET_U_DMA_BUF_IOCTL_FLAGS_USE_QUIRK_MMAP(u_dma_buf_ioctl_drv_info *p, int value)
{
	u_dma_buf_ioctl_flags_set(&p->flags, U_DMA_BUF_IOCTL_FLAGS_USE_QUIRK_MMAP_SHIFT,
				  U_DMA_BUF_IOCTL_FLAGS_USE_QUIRK_MMAP_MASK, value);
}

static inline int GET_U_DMA_BUF_IOCTL_FLAGS_USE_QUIRK_MMAP_PAGE(u_dma_buf_ioctl_drv_info *p)
{
	return u_dma_buf_ioctl_flags_get(&p->flags, U_DMA_BUF_IOCTL_FLAGS_USE_QUIRK_MMAP_PAGE_SHIFT,
					 U_DMA_BUF_IOCTL_FLAGS_USE_QUIRK_MMAP_PAGE_MASK);
}

static inline void SET_U_DMA_BUF_IOCTL_FLAGS_USE_QUIRK_MMAP_PAGE(u_dma_buf_ioctl_drv_info *p,
								 int value)
{
	u_dma_buf_ioctl_flags_set(&p->flags, U_DMA_BUF_IOCTL_FLAGS_USE_QUIRK_MMAP_PAGE_SHIFT,
				  U_DMA_BUF_IOCTL_FLAGS_USE_QUIRK_MMAP_PAGE_MASK, value);
}

static inline int GET_U_DMA_BUF_IOCTL_FLAGS_DMA_MASK(u_dma_buf_ioctl_dev_info *p)
{
	return u_dma_buf_ioctl_flags_get(&p->flags, U_DMA_BUF_IOCTL_FLAGS_DMA_MASK_SHIFT,
					 U_DMA_BUF_IOCTL_FLAGS_DMA_MASK_MASK);
}

static inline void SET_U_DMA_BUF_IOCTL_FLAGS_DMA_MASK(u_dma_buf_ioctl_dev_info *p, int value)
{
	u_dma_buf_ioctl_flags_set(&p->flags, U_DMA_BUF_IOCTL_FLAGS_DMA_MASK_SHIFT,
				  U_DMA_BUF_IOCTL_FLAGS_DMA_MASK_MASK, value);
}

static inline int GET_U_DMA_BUF_IOCTL_FLAGS_DMA_COHERENT(u_dma_buf_ioctl_dev_info *p)
{
	return u_dma_buf_ioctl_flags_get(&p->flags, U_DMA_BUF_IOCTL_FLAGS_DMA_COHERENT_SHIFT,
					 U_DMA_BUF_IOCTL_FLAGS_DMA_COHERENT_MASK);
}

static inline void SET_U_DMA_BUF_IOCTL_FLAGS_DMA_COHERENT(u_dma_buf_ioctl_dev_info *p, int value)
{
	u_dma_buf_ioctl_flags_set(&p->flags, U_DMA_BUF_IOCTL_FLAGS_DMA_COHERENT_SHIFT,
				  U_DMA_BUF_IOCTL_FLAGS_DMA_COHERENT_MASK, value);
}

static inline int GET_U_DMA_BUF_IOCTL_FLAGS_MMAP_MODE(u_dma_buf_ioctl_dev_info *p)
{
	return u_dma_buf_ioctl_flags_get(&p->flags, U_DMA_BUF_IOCTL_FLAGS_MMAP_MODE_SHIFT,
					 U_DMA_BUF_IOCTL_FLAGS_MMAP_MODE_MASK);
}

static inline void SET_U_DMA_BUF_IOCTL_FLAGS_MMAP_MODE(u_dma_buf_ioctl_dev_info *p, int value)
{
	u_dma_buf_ioctl_flags_set(&p->flags, U_DMA_BUF_IOCTL_FLAGS_MMAP_MODE_SHIFT,
				  U_DMA_BUF_IOCTL_FLAGS_MMAP_MODE_MASK, value);
}

static inline int GET_U_DMA_BUF_IOCTL_FLAGS_SYNC_CMD(u_dma_buf_ioctl_sync_args *p)
{
	return u_dma_buf_ioctl_flags_get(&p->flags, U_DMA_BUF_IOCTL_FLAGS_SYNC_CMD_SHIFT,
					 U_DMA_BUF_IOCTL_FLAGS_SYNC_CMD_MASK);
}

static inline void SET_U_DMA_BUF_IOCTL_FLAGS_SYNC_CMD(u_dma_buf_ioctl_sync_args *p, int value)
{
	u_dma_buf_ioctl_flags_set(&p->flags, U_DMA_BUF_IOCTL_FLAGS_SYNC_CMD_SHIFT,
				  U_DMA_BUF_IOCTL_FLAGS_SYNC_CMD_MASK, value);
}

static inline int GET_U_DMA_BUF_IOCTL_FLAGS_SYNC_DIR(u_dma_buf_ioctl_sync_args *p)
{
	return u_dma_buf_ioctl_flags_get(&p->flags, U_DMA_BUF_IOCTL_FLAGS_SYNC_DIR_SHIFT,
					 U_DMA_BUF_IOCTL_FLAGS_SYNC_DIR_MASK);
}

static inline void SET_U_DMA_BUF_IOCTL_FLAGS_SYNC_DIR(u_dma_buf_ioctl_sync_args *p, int value)
{
	u_dma_buf_ioctl_flags_set(&p->flags, U_DMA_BUF_IOCTL_FLAGS_SYNC_DIR_SHIFT,
				  U_DMA_BUF_IOCTL_FLAGS_SYNC_DIR_MASK, value);
}

static inline int GET_U_DMA_BUF_IOCTL_FLAGS_SYNC_MODE(u_dma_buf_ioctl_sync_args *p)
{
	return u_dma_buf_ioctl_flags_get(&p->flags, U_DMA_BUF_IOCTL_FLAGS_SYNC_MODE_SHIFT,
					 U_DMA_BUF_IOCTL_FLAGS_SYNC_MODE_MASK);
}

static inline void SET_U_DMA_BUF_IOCTL_FLAGS_SYNC_MODE(u_dma_buf_ioctl_sync_args *p, int value)
{
	u_dma_buf_ioctl_flags_set(&p->flags, U_DMA_BUF_IOCTL_FLAGS_SYNC_MODE_SHIFT,
				  U_DMA_BUF_IOCTL_FLAGS_SYNC_MODE_MASK, value);
}

static inline int GET_U_DMA_BUF_IOCTL_FLAGS_SYNC_OWNER(u_dma_buf_ioctl_sync_args *p)
{
	return u_dma_buf_ioctl_flags_get(&p->flags, U_DMA_BUF_IOCTL_FLAGS_SYNC_OWNER_SHIFT,
					 U_DMA_BUF_IOCTL_FLAGS_SYNC_OWNER_MASK);
}

static inline void SET_U_DMA_BUF_IOCTL_FLAGS_SYNC_OWNER(u_dma_buf_ioctl_sync_args *p, int value)
{
	u_dma_buf_ioctl_flags_set(&p->flags, U_DMA_BUF_IOCTL_FLAGS_SYNC_OWNER_SHIFT,
				  U_DMA_BUF_IOCTL_FLAGS_SYNC_OWNER_MASK, value);
}

static inline int GET_U_DMA_BUF_IOCTL_FLAGS_EXPORT_FD_FLAGS(u_dma_buf_ioctl_export_args *p)
{
	return u_dma_buf_ioctl_flags_get(&p->flags, U_DMA_BUF_IOCTL_FLAGS_EXPORT_FD_FLAGS_SHIFT,
					 U_DMA_BUF_IOCTL_FLAGS_EXPORT_FD_FLAGS_MASK);
}

static inline void SET_U_DMA_BUF_IOCTL_FLAGS_EXPORT_FD_FLAGS(u_dma_buf_ioctl_export_args *p,
							     int value)
{
	u_dma_buf_ioctl_flags_set(&p->flags, U_DMA_BUF_IOCTL_FLAGS_EXPORT_FD_FLAGS_SHIFT,
				  U_DMA_BUF_IOCTL_FLAGS_EXPORT_FD_FLAGS_MASK, value);
}

#define U_DMA_BUF_IOCTL_MAGIC 'U'
#define U_DMA_BUF_IOCTL_GET_DRV_INFO _IOR(U_DMA_BUF_IOCTL_MAGIC, 1, u_dma_buf_ioctl_drv_info)
#define U_DMA_BUF_IOCTL_GET_SIZE _IOR(U_DMA_BUF_IOCTL_MAGIC, 2, uint64_t)
#define U_DMA_BUF_IOCTL_GET_DMA_ADDR _IOR(U_DMA_BUF_IOCTL_MAGIC, 3, uint64_t)
#define U_DMA_BUF_IOCTL_GET_SYNC_OWNER _IOR(U_DMA_BUF_IOCTL_MAGIC, 4, uint32_t)
#define U_DMA_BUF_IOCTL_SET_SYNC_FOR_CPU _IOW(U_DMA_BUF_IOCTL_MAGIC, 5, uint64_t)
#define U_DMA_BUF_IOCTL_SET_SYNC_FOR_DEVICE _IOW(U_DMA_BUF_IOCTL_MAGIC, 6, uint64_t)
#define U_DMA_BUF_IOCTL_GET_DEV_INFO _IOR(U_DMA_BUF_IOCTL_MAGIC, 7, u_dma_buf_ioctl_dev_info)
#define U_DMA_BUF_IOCTL_GET_SYNC _IOR(U_DMA_BUF_IOCTL_MAGIC, 8, u_dma_buf_ioctl_sync_args)
#define U_DMA_BUF_IOCTL_SET_SYNC _IOW(U_DMA_BUF_IOCTL_MAGIC, 9, u_dma_buf_ioctl_sync_args)
#define U_DMA_BUF_IOCTL_EXPORT _IOWR(U_DMA_BUF_IOCTL_MAGIC, 10, u_dma_buf_ioctl_export_args)

#endif /* U_DMA_BUF_IOCTL_H */
