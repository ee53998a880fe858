/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the dma-buf export test programs (tests/export/) and the
 * export benchmark (bench/src/export-bench.c): U_DMA_BUF_IOCTL_EXPORT with
 * raw arguments, checks of data in mappings and devices, and what debugfs
 * bufinfo says of a dma-buf. tests/lib/ has the rest.
 *
 * Everything is static: each program includes this once.
 */
#ifndef UDMABUF_TEST_EXPORT_H
#define UDMABUF_TEST_EXPORT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "dmabuf.h"
#include "pattern.h"
#include "sys.h"
#include "t.h"
#include "u-dma-buf-ioctl.h"

/* --- devices and exports ----------------------------------------------------- */

static inline int ex_open_dev_or_die(const char *name)
{
	int fd = tl_open_dev(name, O_RDWR);

	if (fd < 0) {
		printf("FAIL: open /dev/%s: %s\n", name, strerror(errno));
		exit(1);
	}
	return fd;
}

static inline uint64_t ex_dev_size(int fd)
{
	uint64_t size = 0;

	if (ioctl(fd, U_DMA_BUF_IOCTL_GET_SIZE, &size))
		t_die("U_DMA_BUF_IOCTL_GET_SIZE");
	return size;
}

static inline uint64_t ex_dev_addr(int fd)
{
	uint64_t addr = 0;

	if (ioctl(fd, U_DMA_BUF_IOCTL_GET_DMA_ADDR, &addr))
		t_die("U_DMA_BUF_IOCTL_GET_DMA_ADDR");
	return addr;
}

/*
 * U_DMA_BUF_IOCTL_EXPORT: ioctl's return value; on success *fd (and *addr
 * when not NULL) are filled in.
 */
static inline int ex_export_full(int devfd, uint64_t offset, uint64_t size, uint64_t flags,
				 int *fd, uint64_t *addr)
{
	u_dma_buf_ioctl_export_args a;
	int ret;

	memset(&a, 0, sizeof(a));
	a.flags = flags;	/* raw: tests pass bits outside the 32-bit field too */
	a.offset = offset;
	a.size = size;
	a.fd = -1;
	ret = ioctl(devfd, U_DMA_BUF_IOCTL_EXPORT, &a);
	if (!ret) {
		*fd = a.fd;
		if (addr)
			*addr = a.addr;
	}
	return ret;
}

static inline int ex_export_or_die(int devfd, uint64_t offset, uint64_t size, int flags)
{
	int fd = tl_export(devfd, offset, size, flags, NULL);

	if (fd < 0) {
		printf("FAIL: EXPORT 0x%llx + %llu (flags 0x%x): %s\n", (unsigned long long)offset,
		       (unsigned long long)size, flags, strerror(errno));
		exit(1);
	}
	return fd;
}

/* PASS when an mmap() worked; the FAIL line says why it did not. */
static inline __attribute__((format(printf, 2, 3))) int ex_check_map(void *m, const char *fmt,
								     ...)
{
	char detail[96];
	va_list ap;

	snprintf(detail, sizeof(detail), "mmap failed: %s", strerror(errno));
	va_start(ap, fmt);
	t_vresult(m != MAP_FAILED, detail, fmt, ap);
	va_end(ap);
	return m != MAP_FAILED;
}

/*
 * ex_check_why(ok, why, "name", ...): t_check() of a comparison that
 * describes a difference in the string why (ex_check_pat, ex_check_dev):
 * the comparison runs first, then its description ends the FAIL line.
 */
#define ex_check_why(okexpr, why, fmt, ...) ({					\
	int ex_ok_;								\
	(why)[0] = 0;								\
	ex_ok_ = !!(okexpr);							\
	t_check(ex_ok_, fmt "%s%s", ##__VA_ARGS__, *(why) ? ": " : "", (why));	\
})

/* --- data checks ------------------------------------------------------------- */

/* Compares and describes the first difference in @why (empty when equal). */
static inline int ex_check_pat(const volatile uint8_t *p, size_t len, uint32_t seed,
			       uint64_t pos, char *why, size_t whylen)
{
	long i = tl_cmp(p, len, seed, pos);

	if (i < 0) {
		if (whylen)
			why[0] = 0;
		return 1;
	}
	snprintf(why, whylen, "byte %ld of %zu is 0x%02x, want 0x%02x", i, len, p[i],
		 tl_pat(seed, pos + i));
	return 0;
}

/* pread()s len bytes of the device at off and compares with the pattern. */
static inline int ex_check_dev(int devfd, uint64_t off, size_t len, uint32_t seed, uint64_t pos,
			       char *why, size_t whylen)
{
	uint8_t *b = malloc(len);
	ssize_t n;
	int ok;

	if (!b)
		t_die("malloc");
	n = pread(devfd, b, len, (off_t)off);
	if (n != (ssize_t)len) {
		snprintf(why, whylen, "pread of %zu bytes at 0x%llx returned %zd (%s)", len,
			 (unsigned long long)off, n, n < 0 ? strerror(errno) : "short");
		free(b);
		return 0;
	}
	ok = ex_check_pat(b, len, seed, pos, why, whylen);
	free(b);
	return ok;
}

/* pwrite()s the pattern into the device at off. 0 or -1. */
static inline int ex_fill_dev(int devfd, uint64_t off, size_t len, uint32_t seed, uint64_t pos)
{
	uint8_t *b = malloc(len);
	ssize_t n;

	if (!b)
		t_die("malloc");
	tl_fill(b, len, seed, pos);
	n = pwrite(devfd, b, len, (off_t)off);
	free(b);
	return n == (ssize_t)len ? 0 : -1;
}

/* --- bufinfo ---------------------------------------------------------------- */

struct ex_bufinfo {
	int found;
	char exp_name[64];
	char name[64];
	int attached;		/* "Total N devices attached" */
	int listed;		/* device lines under "Attached Devices:" */
	char devices[512];	/* the device names, space separated */
};

/*
 * The entry of the dma-buf with inode @ino in
 * /sys/kernel/debug/dma_buf/bufinfo (6.1 format: "size flags mode count
 * exp_name ino name" then "\tAttached Devices:", one "\t<dev>" line each
 * and "Total N devices attached").
 */
static inline int ex_bufinfo(unsigned long ino, struct ex_bufinfo *bi)
{
	char *s = tl_read_file("/sys/kernel/debug/dma_buf/bufinfo"), *line, *save = NULL;
	int in = 0, in_dev = 0;

	memset(bi, 0, sizeof(*bi));
	if (!s)
		return -1;
	for (line = strtok_r(s, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		unsigned long long size, count;
		unsigned long i;
		char exp[64], name[64];
		unsigned int fl, mode;

		if (!in) {
			name[0] = 0;
			if (sscanf(line, "%llu %x %x %llu %63s %lu %63s", &size, &fl, &mode, &count,
				   exp, &i, name) >= 6 && i == ino) {
				in = 1;
				bi->found = 1;
				snprintf(bi->exp_name, sizeof(bi->exp_name), "%s", exp);
				snprintf(bi->name, sizeof(bi->name), "%s", name);
			}
			continue;
		}
		if (sscanf(line, "Total %d devices attached", &bi->attached) == 1)
			break;
		if (strstr(line, "Attached Devices:")) {
			in_dev = 1;
			continue;
		}
		if (in_dev && line[0] == '\t') {
			bi->listed++;
			if (strlen(bi->devices) + strlen(line) + 2 < sizeof(bi->devices)) {
				strcat(bi->devices, line + 1);
				strcat(bi->devices, " ");
			}
		}
	}
	free(s);
	return 0;
}

#endif
