// SPDX-License-Identifier: GPL-2.0
/*
 * U_DMA_BUF_IOCTL_EXPORT without importers: argument checking (EINVAL and
 * the kernel log line naming the value), the ranges and fd flags that
 * succeed, the returned addr and size, mmap of the export, data seen
 * through the export and through the device (read/write and its own mmap),
 * DMA_BUF_SET_NAME, and the interface version.
 *
 * usage: export-basic ALIGNED UNALIGNED
 *   ALIGNED    a device whose size is a multiple of the page (>= 1 MiB)
 *   UNALIGNED  a device whose size is not (e.g. 12388 bytes)
 *
 * Also built for i686 (tests/export/programs.mk) and run on the x86_64
 * guest: 32-bit x86 lays the argument out in 36 bytes, so its ioctl
 * number differs. Every test name then starts with "compat32: ".
 */
#include "export.h"

static const char *pfx = "";
static const char *dev_a, *dev_b;
static int kmsg;

struct bad {
	int dev;		/* 0: ALIGNED, 1: UNALIGNED */
	uint64_t offset, size, flags;
	const char *what;
	char msg[160];		/* expected kernel log text */
};

static void check_versions(int fd)
{
	u_dma_buf_ioctl_drv_info info;
	char path[128], *s;

	snprintf(path, sizeof(path), "/sys/class/u-dma-buf/%s/ioctl_version", dev_a);
	s = tl_read_file(path);
	t_check_str(s ? strtok(s, "\n") : NULL, "2", "%ssysfs ioctl_version is 2", pfx);
	free(s);
	memset(&info, 0, sizeof(info));
	t_check_ret(ioctl(fd, U_DMA_BUF_IOCTL_GET_DRV_INFO, &info), 0, "%sGET_DRV_INFO", pfx);
	t_check_u64(GET_U_DMA_BUF_IOCTL_FLAGS_IOCTL_VERSION(&info), 2,
		    "%sGET_DRV_INFO IOCTL_VERSION is 2", pfx);
}

static void check_invalid(int fda, uint64_t sa, int fdb, uint64_t sb)
{
	const uint64_t wrap = (uint64_t)0 - 4096;
	struct bad b[] = {
		{ 0, 0, 0, 0, "size 0", "EXPORT: size 0" },
		{ 0, 0x801, 4096, 0, "unaligned offset 0x801", "EXPORT: offset 0x801 is not page aligned" },
		{ 0, 1, 4096, 0, "unaligned offset 1", "EXPORT: offset 0x1 is not page aligned" },
		{ 0, sa, 4096, 0, "offset = device size", "" },
		{ 0, 0, sa + 4096, 0, "size past the end", "" },
		{ 0, 4096, sa, 0, "offset + size past the end", "" },
		{ 0, 4096, wrap, 0, "offset + size wraps u64", "" },
		{ 0, sa - 4096, (uint64_t)0 - (sa - 8192), 0, "offset + size wraps to 4096", "" },
		{ 0, 1ULL << 63, 4096, 0, "offset 2^63", "" },
		{ 0, 0, 100, 0, "unaligned size not ending the buffer",
		  "EXPORT: size 100 is not page aligned and does not end the buffer" },
		{ 0, 4096, sa - 4097, 0, "unaligned size ending one byte early", "" },
		{ 0, 0, 4096, O_CREAT, "flags O_CREAT", "" },
		{ 0, 0, 4096, O_NONBLOCK, "flags O_NONBLOCK", "" },
		{ 0, 0, 4096, O_APPEND, "flags O_APPEND", "" },
		{ 0, 0, 4096, O_TRUNC | O_RDWR, "flags O_TRUNC | O_RDWR", "" },
		{ 0, 0, 4096, 1ULL << 33, "flags bit 33", "" },
		{ 0, 0, 4096, 1ULL << 31, "flags bit 31", "" },
		{ 0, 0, 4096, O_RDWR | O_CLOEXEC | (1ULL << 40), "flags O_RDWR | O_CLOEXEC | bit 40", "" },
		{ 0, 0, 4096, 3, "access mode 3", "" },
		{ 0, 0, 4096, 3 | O_CLOEXEC, "access mode 3 | O_CLOEXEC", "" },
		{ 1, 16384, 4096, 0, "unaligned device: offset = rounded size", "" },
		{ 1, 12288, 8192, 0, "unaligned device: offset + size past the rounded size", "" },
		{ 1, 0, 12387, 0, "unaligned device: size one byte short of the end", "" },
		{ 1, 0, 12389, 0, "unaligned device: size one byte past the end", "" },
		{ 1, 4096, 8291, 0, "unaligned device: offset 4096, size short of the end", "" },
		{ 1, 0, 0, 0, "unaligned device: size 0", "EXPORT: size 0" },
	};
	unsigned int i;
	int fds0 = tl_count_fds();

	for (i = 0; i < sizeof(b) / sizeof(b[0]); i++) {
		uint64_t dsize = b[i].dev ? sb : sa;
		uint64_t o = b[i].offset, s = b[i].size, f = b[i].flags;
		int fd = -1, ret;
		char *log;

		if (!b[i].msg[0]) {
			if (f)
				snprintf(b[i].msg, sizeof(b[i].msg), "EXPORT: flags 0x%llx: only",
					 (unsigned long long)f);
			else if (o >= dsize || s > TL_PAGE_ALIGN(dsize) - o)
				snprintf(b[i].msg, sizeof(b[i].msg),
					 "EXPORT: range 0x%llx + %llu is outside the %llu-byte buffer",
					 (unsigned long long)o, (unsigned long long)s,
					 (unsigned long long)dsize);
			else
				snprintf(b[i].msg, sizeof(b[i].msg),
					 "EXPORT: size %llu is not page aligned and does not end the buffer",
					 (unsigned long long)s);
		}
		tl_kmsg_read(kmsg);
		ret = ex_export_full(b[i].dev ? fdb : fda, o, s, f, &fd, NULL);
		t_check_ret(ret, EINVAL, "%sEINVAL: %s (0x%llx + %llu, flags 0x%llx)", pfx,
			    b[i].what, (unsigned long long)o, (unsigned long long)s,
			    (unsigned long long)f);
		if (!ret)
			close(fd);
		log = tl_kmsg_read(kmsg);
		if (!t_check(strstr(log, b[i].msg) != NULL, "%slog names it: %s", pfx, b[i].what))
			printf("# want '%s' in the log, got:\n# %s\n", b[i].msg, log);
	}
	t_check_u64(tl_count_fds(), fds0, "%sfailed exports leave no fd", pfx);
}

/* One valid range: fd, addr, size, mmap, data both ways. */
static void check_range(const char *dev, int devfd, uint64_t dsize, uint64_t base, uint64_t off,
			uint64_t size, uint64_t want)
{
	uint64_t addr = 0, vis = dsize - off < want ? dsize - off : want;
	char why[160];
	uint8_t *m;
	int fd = -1;

	if (!t_check_ret(ex_export_full(devfd, off, size, O_RDWR | O_CLOEXEC, &fd, &addr), 0,
			 "%s%s: export 0x%llx + %llu", pfx, dev, (unsigned long long)off,
			 (unsigned long long)size))
		return;
	t_check(fd >= 0, "%s%s: 0x%llx + %llu: the fd is valid", pfx, dev,
		(unsigned long long)off, (unsigned long long)size);
	t_check_u64(addr, base + off, "%s%s: 0x%llx + %llu: addr is GET_DMA_ADDR + offset", pfx,
		    dev, (unsigned long long)off, (unsigned long long)size);
	t_check_u64((uint64_t)lseek(fd, 0, SEEK_END), want,
		    "%s%s: 0x%llx + %llu: lseek(SEEK_END) is the dma-buf size", pfx, dev,
		    (unsigned long long)off, (unsigned long long)size);
	m = tl_map(fd, want, PROT_READ | PROT_WRITE, 0);
	if (ex_check_map(m, "%s%s: 0x%llx + %llu: mmap of %llu bytes", pfx, dev,
		    (unsigned long long)off, (unsigned long long)size, (unsigned long long)want)) {
		tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE);
		tl_fill(m, want, 21, off);
		tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE);
		ex_check_why(ex_check_dev(devfd, off, vis, 21, off, why, sizeof(why)), why,
			"%s%s: 0x%llx + %llu: written through the export, read() shows it", pfx,
			dev, (unsigned long long)off, (unsigned long long)size);
		ex_fill_dev(devfd, off, vis, 22, off);
		tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
		ex_check_why(ex_check_pat(m, vis, 22, off, why, sizeof(why)), why,
			     "%s%s: 0x%llx + %llu: written with write(), the export shows it", pfx,
			     dev, (unsigned long long)off, (unsigned long long)size);
		tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
		munmap(m, want);
	}
	close(fd);
}

static void check_ranges(int fda, uint64_t sa, int fdb, uint64_t sb)
{
	uint64_t ba = ex_dev_addr(fda), bb = ex_dev_addr(fdb);

	check_range(dev_a, fda, sa, ba, 0, sa, sa);
	check_range(dev_a, fda, sa, ba, 4096, 4096, 4096);
	check_range(dev_a, fda, sa, ba, sa - 4096, 4096, 4096);
	check_range(dev_a, fda, sa, ba, 65536, 262144, 262144);
	check_range(dev_b, fdb, sb, bb, 0, sb, TL_PAGE_ALIGN(sb));
	check_range(dev_b, fdb, sb, bb, 4096, sb - 4096, TL_PAGE_ALIGN(sb - 4096));
	check_range(dev_b, fdb, sb, bb, sb & ~(TL_PAGE - 1), sb & (TL_PAGE - 1), 4096);
	check_range(dev_b, fdb, sb, bb, sb & ~(TL_PAGE - 1), 4096, 4096);
	check_range(dev_b, fdb, sb, bb, 0, TL_PAGE_ALIGN(sb), TL_PAGE_ALIGN(sb));
	check_range(dev_b, fdb, sb, bb, 0, 4096, 4096);
}

static const char *acc_name(int acc)
{
	return acc == O_RDONLY ? "O_RDONLY" : acc == O_WRONLY ? "O_WRONLY" : "O_RDWR";
}

static void check_flags(int fda)
{
	static const int accs[] = { O_RDONLY, O_WRONLY, O_RDWR };
	unsigned int a, c, s;
	char why[160];

	/* flags 0 (which is O_RDONLY) on its own */
	{
		int fd = tl_export(fda, 0, 65536, 0, NULL);

		if (t_check(fd >= 0, "%sflags 0: export (%s)", pfx, fd < 0 ? strerror(errno) : "ok")) {
			t_check_u64(fcntl(fd, F_GETFD) & FD_CLOEXEC, 0, "%sflags 0: no FD_CLOEXEC", pfx);
			t_check_u64(fcntl(fd, F_GETFL) & O_ACCMODE, O_RDONLY,
				    "%sflags 0: access mode O_RDONLY", pfx);
			close(fd);
		}
	}
	for (a = 0; a < 3; a++)
		for (c = 0; c < 2; c++)
			for (s = 0; s < 2; s++) {
				int flags = accs[a] | (c ? O_CLOEXEC : 0) | (s ? O_SYNC : 0);
				char name[64];
				int fd;

				snprintf(name, sizeof(name), "%s%s%s", acc_name(accs[a]),
					 c ? " | O_CLOEXEC" : "", s ? " | O_SYNC" : "");
				fd = tl_export(fda, 131072, 65536, flags, NULL);
				if (!t_check(fd >= 0, "%sflags %s: export%s%s", pfx, name,
					     fd < 0 ? ": " : "", fd < 0 ? strerror(errno) : ""))
					continue;
				t_check_u64(!!(fcntl(fd, F_GETFD) & FD_CLOEXEC), c,
					    "%sflags %s: FD_CLOEXEC is %s", pfx, name,
					    c ? "set" : "clear");
				t_check_u64(fcntl(fd, F_GETFL) & O_ACCMODE, accs[a],
					    "%sflags %s: F_GETFL access mode", pfx, name);
				t_check_u64((uint64_t)lseek(fd, 0, SEEK_END), 65536,
					    "%sflags %s: size", pfx, name);
				if (accs[a] == O_RDWR) {
					uint8_t *m = tl_map(fd, 65536, PROT_READ | PROT_WRITE, 0);

					if (ex_check_map(m, "%sflags %s: mmap read-write", pfx,
						    name)) {
						tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW);
						tl_fill(m, 65536, 30 + s, 131072);
						tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW);
						ex_check_why(ex_check_dev(fda, 131072, 65536, 30 + s, 131072, why,
								     sizeof(why)), why,
							"%sflags %s: data written through the export reaches the device",
							pfx, name);
						ex_fill_dev(fda, 131072, 65536, 40 + s, 131072);
						tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
						ex_check_why(ex_check_pat(m, 65536, 40 + s, 131072, why, sizeof(why)), why,
							"%sflags %s: data written to the device shows in the export",
							pfx, name);
						tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
						munmap(m, 65536);
					}
				}
				close(fd);
			}
}

static void check_mmap(int fda)
{
	const uint64_t off = 65536, size = 65536;
	char why[160];
	uint8_t *m;
	int fd;

	fd = ex_export_or_die(fda, off, size, O_RDWR | O_CLOEXEC);
	ex_fill_dev(fda, off, size, 50, off);
	m = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	t_check_ret(m == MAP_FAILED ? -1 : 0, EINVAL, "%smmap MAP_PRIVATE read-write is EINVAL", pfx);
	if (m != MAP_FAILED)
		munmap(m, size);
	m = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	t_check_ret(m == MAP_FAILED ? -1 : 0, EINVAL, "%smmap MAP_PRIVATE read-only is EINVAL", pfx);
	if (m != MAP_FAILED)
		munmap(m, size);

	m = tl_map(fd, 8192, PROT_READ | PROT_WRITE, 4096);
	if (ex_check_map(m, "%smmap at offset 4096", pfx)) {
		tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
		ex_check_why(ex_check_pat(m, 8192, 50, off + 4096, why, sizeof(why)), why,
			"%smmap at offset 4096 shows the buffer at export offset + 4096", pfx);
		tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
		munmap(m, 8192);
	}
	m = tl_map(fd, 4096, PROT_READ | PROT_WRITE, size - 4096);
	if (ex_check_map(m, "%smmap of the last page", pfx)) {
		ex_check_why(ex_check_pat(m, 4096, 50, off + size - 4096, why, sizeof(why)), why,
			"%smmap of the last page shows it", pfx);
		munmap(m, 4096);
	}
	m = tl_map(fd, size + 4096, PROT_READ | PROT_WRITE, 0);
	t_check(m == MAP_FAILED, "%smmap one page longer than the dma-buf fails", pfx);
	if (m != MAP_FAILED)
		munmap(m, size + 4096);
	m = tl_map(fd, 4096, PROT_READ | PROT_WRITE, size);
	t_check(m == MAP_FAILED, "%smmap at offset = dma-buf size fails", pfx);
	if (m != MAP_FAILED)
		munmap(m, 4096);
	m = tl_map(fd, 8192, PROT_READ | PROT_WRITE, size - 4096);
	t_check(m == MAP_FAILED, "%smmap across the end of the dma-buf fails", pfx);
	if (m != MAP_FAILED)
		munmap(m, 8192);
	close(fd);

	fd = ex_export_or_die(fda, off, size, O_RDONLY | O_CLOEXEC);
	m = tl_map(fd, size, PROT_READ | PROT_WRITE, 0);
	t_check_ret(m == MAP_FAILED ? -1 : 0, EACCES, "%sO_RDONLY export: mmap PROT_WRITE is EACCES",
		    pfx);
	if (m != MAP_FAILED)
		munmap(m, size);
	m = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	t_check_ret(m == MAP_FAILED ? -1 : 0, EINVAL,
		    "%sO_RDONLY export: mmap MAP_PRIVATE read-only is EINVAL", pfx);
	if (m != MAP_FAILED)
		munmap(m, size);
	m = tl_map(fd, size, PROT_READ, 0);
	if (ex_check_map(m, "%sO_RDONLY export: mmap PROT_READ works", pfx)) {
		tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
		ex_check_why(ex_check_pat(m, size, 50, off, why, sizeof(why)), why,
			"%sO_RDONLY export: the read-only mapping shows the data", pfx);
		tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
		munmap(m, size);
	}
	close(fd);
}

/*
 * Data between the export's mapping and the device (read(), write() and the
 * device's own mmap), both ways, with and without O_SYNC; the rest of the
 * device is untouched.
 */
static void check_data(int fda, uint64_t sa, int osync)
{
	const uint64_t off = 0x20000, size = 0x40000;
	const char *what = osync ? "O_SYNC export" : "export";
	uint8_t *dm, *m;
	char why[160];
	int fd;

	dm = tl_map(fda, sa, PROT_READ | PROT_WRITE, 0);
	if (dm == MAP_FAILED)
		t_die("mmap of the device");
	ex_fill_dev(fda, 0, sa, 60, 0);
	fd = ex_export_or_die(fda, off, size, O_RDWR | O_CLOEXEC | (osync ? O_SYNC : 0));
	m = tl_map(fd, size, PROT_READ | PROT_WRITE, 0);
	if (!ex_check_map(m, "%s%s: mmap", pfx, what)) {
		close(fd);
		munmap(dm, sa);
		return;
	}
	tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
	ex_check_why(ex_check_pat(m, size, 60, off, why, sizeof(why)), why,
		"%s%s: shows what was in the device", pfx, what);
	tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);

	t_check_ret(tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_WRITE), 0,
		    "%s%s: SYNC START", pfx, what);
	tl_fill(m, size, 61, off);
	t_check_ret(tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_WRITE), 0, "%s%s: SYNC END", pfx,
		    what);
	ex_check_why(ex_check_dev(fda, off, size, 61, off, why, sizeof(why)), why,
		"%s%s: written through the export, read() of the device shows it", pfx, what);
	ex_check_why(ex_check_pat(dm + off, size, 61, off, why, sizeof(why)), why,
		"%s%s: written through the export, the device's mmap shows it", pfx, what);
	ex_check_why(ex_check_dev(fda, 0, off, 60, 0, why, sizeof(why)) &&
		ex_check_dev(fda, off + size, sa - off - size, 60, off + size, why, sizeof(why)), why,
		"%s%s: the rest of the device is untouched", pfx, what);

	ex_fill_dev(fda, off, size, 62, off);
	tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
	ex_check_why(ex_check_pat(m, size, 62, off, why, sizeof(why)), why,
		"%s%s: written with write() to the device, the export shows it", pfx, what);
	tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);

	tl_fill(dm + off, size, 63, off);
	tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
	ex_check_why(ex_check_pat(m, size, 63, off, why, sizeof(why)), why,
		"%s%s: written through the device's mmap, the export shows it", pfx, what);
	tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
	munmap(m, size);
	close(fd);
	munmap(dm, sa);
}

static void check_name(int fda)
{
	const char *name = "export-basic-name";
	struct ex_bufinfo bi;
	char got[64];
	int fd;

	fd = ex_export_or_die(fda, 0, 8192, O_RDWR | O_CLOEXEC);
	ex_bufinfo(tl_ino(fd), &bi);
	if (t_check(bi.found, "%sbufinfo lists the export", pfx)) {
		t_check_str(bi.exp_name, "u-dma-buf", "%sbufinfo exp_name", pfx);
		t_check_u64(bi.attached, 0, "%sbufinfo: no device attached", pfx);
	}
	t_check_ret(ioctl(fd, DMA_BUF_SET_NAME, name), 0, "%sDMA_BUF_SET_NAME", pfx);
	ex_bufinfo(tl_ino(fd), &bi);
	t_check_str(bi.name, name, "%sbufinfo shows the name", pfx);
	tl_fdinfo(fd, "name", got, sizeof(got));
	t_check_str(got, name, "%s/proc/self/fdinfo shows the name", pfx);
	close(fd);
}

static void check_debug_export(int fda)
{
	char path[128], want[128], *log;
	int fd;

	snprintf(path, sizeof(path), "/sys/class/u-dma-buf/%s/debug_export", dev_a);
	if (!t_check_ret(tl_write_file(path, "1") ? -1 : 0, 0, "%sdebug_export=1", pfx))
		return;
	tl_kmsg_read(kmsg);
	fd = ex_export_or_die(fda, 0x3000, 8192, O_RDWR | O_CLOEXEC);
	log = tl_kmsg_read(kmsg);
	snprintf(want, sizeof(want), "u-dma-buf: %s: exported 0x3000 + 8192, cache mode ", dev_a);
	if (!t_check(strstr(log, want) != NULL, "%sdebug_export: export logged", pfx))
		printf("# want '%s', log:\n%s", want, log);
	close(fd);
	log = tl_kmsg_read(kmsg);
	snprintf(want, sizeof(want), "u-dma-buf: %s: ", dev_a);
	if (!t_check(strstr(log, want) && strstr(log, "released"), "%sdebug_export: release logged",
		     pfx))
		printf("# log:\n%s", log);
	tl_write_file(path, "0");
	fd = ex_export_or_die(fda, 0x3000, 8192, O_RDWR | O_CLOEXEC);
	close(fd);
	log = tl_kmsg_read(kmsg);
	t_check(!strstr(log, "exported 0x3000"), "%sdebug_export=0: nothing logged", pfx);
}

int main(int argc, char **argv)
{
	uint64_t sa, sb;
	int fda, fdb, fds0;

	if (argc != 3) {
		fprintf(stderr, "usage: export-basic ALIGNED-DEVICE UNALIGNED-DEVICE\n");
		return 2;
	}
	if (sizeof(void *) == 4) {
		pfx = "compat32: ";
		/* what makes 32-bit x86 different: no padding after fd */
		t_check_u64(sizeof(u_dma_buf_ioctl_export_args), 36,
			    "compat32: the EXPORT argument is 36 bytes (ioctl 0x%lx)",
			    (unsigned long)U_DMA_BUF_IOCTL_EXPORT);
	}
	dev_a = argv[1];
	dev_b = argv[2];
	kmsg = tl_kmsg_open();
	fds0 = tl_count_fds();
	fda = ex_open_dev_or_die(dev_a);
	fdb = ex_open_dev_or_die(dev_b);
	sa = ex_dev_size(fda);
	sb = ex_dev_size(fdb);
	if (sa < (1 << 20) || sa % TL_PAGE || sb % TL_PAGE == 0 || sb < 2 * TL_PAGE) {
		printf("FAIL: %sdevice sizes %llu / %llu: want >= 1 MiB aligned and an unaligned one\n",
		       pfx, (unsigned long long)sa, (unsigned long long)sb);
		return 1;
	}
	check_versions(fda);
	check_invalid(fda, sa, fdb, sb);
	check_ranges(fda, sa, fdb, sb);
	check_flags(fda);
	check_mmap(fda);
	check_data(fda, sa, 0);
	check_data(fda, sa, 1);
	check_name(fda);
	check_debug_export(fda);
	close(fda);
	close(fdb);
	t_check_u64(tl_count_fds(), fds0, "%sno fd left open", pfx);
	return t_done();
}
