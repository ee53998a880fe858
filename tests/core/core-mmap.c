// SPDX-License-Identifier: GPL-2.0
/*
 * mmap() of /dev/<name>.
 *
 *   core-mmap all DEV        every check, in the module's quirk_mmap_mode
 *   core-mmap unload DEV     a mapping keeps the module loaded, then the
 *                            last munmap lets it go (unloads u_dma_buf!)
 *   core-mmap data DEV       data both ways, with and without O_SYNC
 *   core-mmap phys DEV       print the physical address of the first page
 *
 * The pagemap checks of "all" compare the PFNs with sysfs phys_addr: no
 * IOMMU ("data" and "phys" are for devices behind one). CORE_TAG in the
 * environment prefixes the test names.
 */
#include <sys/syscall.h>
#include <sys/wait.h>

#include "core.h"

static size_t size, maplen;	/* buffer size, PAGE_ALIGN(size) */
static int quirk;
static char tag[48];		/* "q3": prefixes test names */

static void *map_dev(int fd, size_t len, off_t off, int prot, int flags)
{
	return mmap(NULL, len, prot, flags, fd, off);
}

/*
 * What pagemap says about a mapping: PM_BAD_PFNS when some page is not
 * present or the PFNs are not contiguous, PM_BAD_PHYS when the first one is
 * not at first_phys. detail says more.
 */
#define PM_BAD_PFNS	1
#define PM_BAD_PHYS	2
static int pagemap_state(const void *map, size_t len, unsigned long long first_phys,
			 char *detail, size_t dlen)
{
	size_t i, n = len / CORE_PAGE;
	uint64_t *pm = calloc(n, 8);
	int err = pm ? core_pagemap(map, n, pm) : -ENOMEM, bad = 0;

	if (err) {
		snprintf(detail, dlen, "reading pagemap: %s", strerror(-err));
		free(pm);
		return PM_BAD_PFNS | PM_BAD_PHYS;
	}
	for (i = 0; i < n; i++)
		if (!(pm[i] & PM_PRESENT) || (pm[i] & PM_PFN_MASK) != (pm[0] & PM_PFN_MASK) + i)
			break;
	if (i < n || !(pm[0] & PM_PFN_MASK)) {
		snprintf(detail, dlen, "page %zu of %zu: entry 0x%016llx, first 0x%016llx", i, n,
			 (unsigned long long)(i < n ? pm[i] : 0), (unsigned long long)pm[0]);
		bad |= PM_BAD_PFNS;
	}
	if ((pm[0] & PM_PFN_MASK) * CORE_PAGE != first_phys) {
		if (!bad)
			snprintf(detail, dlen, "first page at 0x%llx, phys_addr + offset 0x%llx",
				 (unsigned long long)((pm[0] & PM_PFN_MASK) * CORE_PAGE),
				 first_phys);
		bad |= PM_BAD_PHYS;
	}
	free(pm);
	return bad;
}

/*
 * Data both ways through one fresh mapping of the whole buffer. With pm,
 * the pagemap state is stored there (see pagemap_state()).
 */
static void roundtrip(int flags, const char *what, uint32_t seed, int *pm, char *detail,
		      size_t dlen)
{
	char *want = malloc(maplen), *got = malloc(maplen);
	int fd = core_open(flags);
	void *map = map_dev(fd, maplen, 0, PROT_READ | PROT_WRITE, MAP_SHARED);

	if (!want || !got)
		core_die("malloc");
	if (!t_check(map != MAP_FAILED, "%s: mmap of the whole buffer", what)) {
		printf("#   %s\n", strerror(errno));
		goto out;
	}
	core_pattern(want, maplen, seed);
	core_to_map(map, want, maplen);
	memset(got, 0, maplen);
	t_check(pread(fd, got, size, 0) == (ssize_t)size && core_diff(want, got, size) < 0,
		"%s: what the mapping wrote, read() returns", what);

	core_pattern(want, maplen, seed + 1);
	t_check(pwrite(fd, want, size, 0) == (ssize_t)size, "%s: write()", what);
	core_from_map(got, map, maplen);
	t_check(core_diff(want, got, size) < 0, "%s: what write() wrote, the mapping shows",
		what);
	if (pm)
		*pm = pagemap_state(map, maplen, core_attr_u64("phys_addr"), detail, dlen);
	munmap(map, maplen);
out:
	close(fd);
	free(want);
	free(got);
}

/*
 * Every sync_mode, with and without O_SYNC. The pagemap of each mapping is
 * checked too, reported once for all of them.
 */
static void check_sync_modes(void)
{
	char what[96], detail[160], bad_pfns[256] = "", bad_phys[256] = "";
	int mode, osync, pm;

	for (mode = 0; mode <= 7; mode++) {
		core_attr_set("sync_mode", mode);
		for (osync = 0; osync <= 1; osync++) {
			snprintf(what, sizeof(what), "%s sync_mode %d%s", tag, mode,
				 osync ? " O_SYNC" : "");
			pm = 0;
			roundtrip(O_RDWR | (osync ? O_SYNC : 0), what, mode * 16 + osync * 4 + quirk,
				  &pm, detail, sizeof(detail));
			snprintf(what, sizeof(what), " %d%s", mode, osync ? "s" : "");
			if (pm & PM_BAD_PFNS && strlen(bad_pfns) < 200)
				strcat(bad_pfns, what);
			if (pm & PM_BAD_PHYS && strlen(bad_phys) < 200)
				strcat(bad_phys, what);
		}
	}
	core_attr_set("sync_mode", 1);
	if (!t_check(!*bad_pfns,
		     "%s: pagemap: every page present, PFNs contiguous, in every sync_mode", tag))
		printf("#   fails in sync_mode (s: O_SYNC)%s; last: %s\n", bad_pfns, detail);
	if (!t_check(!*bad_phys, "%s: pagemap: first page is at phys_addr, in every sync_mode",
		     tag))
		printf("#   fails in sync_mode (s: O_SYNC)%s; last: %s\n", bad_phys, detail);
}

static void check_offset_map(void)
{
	size_t len = maplen - CORE_PAGE;
	char *want = malloc(maplen), *got = malloc(maplen);
	int fd = core_open(O_RDWR);
	char *map;

	core_pattern(want, size, 1000 + quirk);
	if (pwrite(fd, want, size, 0) != (ssize_t)size)
		core_die("pwrite");
	map = map_dev(fd, len, CORE_PAGE, PROT_READ | PROT_WRITE, MAP_SHARED);
	if (!t_check(map != MAP_FAILED, "%s: mmap at offset 1 page", tag))
		goto out;
	core_from_map(got, map, len);
	t_check(core_diff(want + CORE_PAGE, got, size - CORE_PAGE) < 0,
		"%s: mapping at offset 1 page shows the buffer from page 1", tag);
	core_pattern(want, len, 1100 + quirk);
	core_to_map(map, want, len);
	t_check(pread(fd, got, size - CORE_PAGE, CORE_PAGE) == (ssize_t)(size - CORE_PAGE) &&
		core_diff(want, got, size - CORE_PAGE) < 0,
		"%s: writes through the offset mapping land at page 1", tag);
	{
		char detail[160] = "";
		int bad = pagemap_state(map, len, core_attr_u64("phys_addr") + CORE_PAGE, detail,
					sizeof(detail));

		if (!t_check(!bad, "%s: pagemap: offset mapping present, contiguous, %s", tag,
			     "from phys_addr + 1 page"))
			printf("#   %s\n", detail);
	}
	munmap(map, len);
out:
	close(fd);
	free(want);
	free(got);
}

static void check_bad_maps(void)
{
	const struct {
		size_t len;
		off_t off;
		const char *what;
	} bad[] = {
		{ CORE_PAGE, (off_t)maplen, "offset PAGE_ALIGN(size)" },
		{ maplen + CORE_PAGE, 0, "length PAGE_ALIGN(size) + 1 page" },
		{ maplen, CORE_PAGE, "offset 1 page, length PAGE_ALIGN(size)" },
		{ CORE_PAGE, (off_t)1 << 32, "offset 4 GiB" },
	};
	int fd = core_open(O_RDWR), rfd = core_open(O_RDONLY);
	unsigned int i;
	char *want = malloc(maplen), *got = malloc(maplen);
	void *map;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		map = map_dev(fd, bad[i].len, bad[i].off, PROT_READ | PROT_WRITE, MAP_SHARED);
		t_check_ret(map == MAP_FAILED ? -1 : 0, ENXIO, "%s: mmap %s is ENXIO", tag,
			    bad[i].what);
		if (map != MAP_FAILED)
			munmap(map, bad[i].len);
	}
	/* The last page, partly past the end of the buffer, can be mapped. */
	map = map_dev(fd, CORE_PAGE, (off_t)(maplen - CORE_PAGE), PROT_READ | PROT_WRITE,
		      MAP_SHARED);
	t_check(map != MAP_FAILED, "%s: mmap of the last page", tag);
	if (map != MAP_FAILED)
		munmap(map, CORE_PAGE);

	map = map_dev(fd, maplen, 0, PROT_READ | PROT_WRITE, MAP_PRIVATE);
	t_check_ret(map == MAP_FAILED ? -1 : 0, EINVAL,
		    "%s: MAP_PRIVATE|PROT_WRITE on an O_RDWR fd is EINVAL", tag);
	if (map != MAP_FAILED)
		munmap(map, maplen);

	core_pattern(want, size, 1200 + quirk);
	if (pwrite(fd, want, size, 0) != (ssize_t)size)
		core_die("pwrite");
	map = map_dev(rfd, maplen, 0, PROT_READ, MAP_PRIVATE);
	if (t_check_ret(map == MAP_FAILED ? -1 : 0, 0,
			"%s: MAP_PRIVATE, PROT_READ on an O_RDONLY fd works", tag)) {
		core_from_map(got, map, maplen);
		t_check(core_diff(want, got, size) < 0,
			"%s: the private read-only mapping shows the buffer", tag);
		munmap(map, maplen);
	}
	map = map_dev(rfd, maplen, 0, PROT_READ, MAP_SHARED);
	if (t_check_ret(map == MAP_FAILED ? -1 : 0, 0,
			"%s: MAP_SHARED, PROT_READ on an O_RDONLY fd works", tag)) {
		core_from_map(got, map, maplen);
		t_check(core_diff(want, got, size) < 0,
			"%s: the shared read-only mapping shows the buffer", tag);
		munmap(map, maplen);
	}
	map = map_dev(rfd, maplen, 0, PROT_READ | PROT_WRITE, MAP_SHARED);
	t_check_ret(map == MAP_FAILED ? -1 : 0, EACCES,
		    "%s: MAP_SHARED|PROT_WRITE on an O_RDONLY fd is EACCES", tag);
	if (map != MAP_FAILED)
		munmap(map, maplen);
	close(fd);
	close(rfd);
	free(want);
	free(got);
}

/* Zapped ptes come back with the same memory. */
static void check_madvise(void)
{
	char *want = malloc(maplen), *got = malloc(maplen);
	int fd = core_open(O_RDWR), ret;
	char *map = map_dev(fd, maplen, 0, PROT_READ | PROT_WRITE, MAP_SHARED);

	if (map == MAP_FAILED)
		core_die("mmap");
	core_pattern(want, maplen, 1300 + quirk);
	core_to_map(map, want, maplen);
	ret = madvise(map + CORE_PAGE, 2 * CORE_PAGE, MADV_DONTNEED);
	/* PFN maps (quirk 1..3) are VM_PFNMAP, which madvise refuses. */
	if (quirk == 4)
		t_check_ret(ret, 0, "%s: madvise(MADV_DONTNEED) of 2 pages", tag);
	else
		t_check(ret == 0 || errno == EINVAL,
			"%s: madvise(MADV_DONTNEED) of 2 pages: 0 or EINVAL (%s)", tag,
			ret ? "EINVAL" : "0");
	core_from_map(got, map, maplen);
	t_check(core_diff(want, got, maplen) < 0,
		"%s: after MADV_DONTNEED the mapping shows the same data", tag);
	t_check(pread(fd, got, size, 0) == (ssize_t)size && core_diff(want, got, size) < 0,
		"%s: after MADV_DONTNEED read() shows the same data", tag);
	core_pattern(want, maplen, 1301 + quirk);
	core_to_map(map, want, maplen);
	t_check(pread(fd, got, size, 0) == (ssize_t)size && core_diff(want, got, size) < 0,
		"%s: after MADV_DONTNEED writes through the mapping reach the buffer", tag);
	munmap(map, maplen);
	close(fd);
	free(want);
	free(got);
}

static void check_fork(void)
{
	char *want = malloc(maplen), *got = malloc(maplen);
	int fd = core_open(O_RDWR), status = -1;
	char *map = map_dev(fd, maplen, 0, PROT_READ | PROT_WRITE, MAP_SHARED);
	pid_t pid;

	if (map == MAP_FAILED)
		core_die("mmap");
	core_pattern(want, maplen, 1400 + quirk);
	core_to_map(map, want, maplen);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		/* Exit 1 when the child does not see the parent's data. */
		core_from_map(got, map, maplen);
		if (core_diff(want, got, maplen) >= 0)
			_exit(1);
		core_pattern(want, maplen, 1401 + quirk);
		core_to_map(map, want, maplen);
		_exit(0);
	}
	if (pid < 0)
		core_die("fork");
	waitpid(pid, &status, 0);
	t_check(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		"%s: a forked child sees the parent's data in the mapping", tag);
	core_pattern(want, maplen, 1401 + quirk);
	core_from_map(got, map, maplen);
	t_check(core_diff(want, got, maplen) < 0,
		"%s: the parent sees what the child wrote through the mapping", tag);
	munmap(map, maplen);
	close(fd);
	free(want);
	free(got);
}

static void check_after_close(void)
{
	char *want = malloc(maplen), *got = malloc(maplen);
	int fd = core_open(O_RDWR);
	char *map = map_dev(fd, maplen, 0, PROT_READ | PROT_WRITE, MAP_SHARED);

	if (map == MAP_FAILED)
		core_die("mmap");
	close(fd);
	core_pattern(want, maplen, 1500 + quirk);
	core_to_map(map, want, maplen);
	core_from_map(got, map, maplen);
	t_check(core_diff(want, got, maplen) < 0, "%s: the mapping works after close()", tag);
	fd = core_open(O_RDONLY);
	t_check(pread(fd, got, size, 0) == (ssize_t)size && core_diff(want, got, size) < 0,
		"%s: writes through a mapping whose fd was closed reach the buffer", tag);
	close(fd);
	munmap(map, maplen);
	free(want);
	free(got);
}

static long delete_module(const char *name)
{
	return syscall(SYS_delete_module, name, O_NONBLOCK);
}

static int unload(void)
{
	char *want = malloc(maplen), *got = malloc(maplen);
	int fd = core_open(O_RDWR);
	char *map = map_dev(fd, maplen, 0, PROT_READ | PROT_WRITE, MAP_SHARED);

	if (map == MAP_FAILED)
		core_die("mmap");
	close(fd);
	core_pattern(want, maplen, 1600 + quirk);
	core_to_map(map, want, maplen);
	t_check_ret(delete_module("u_dma_buf"), EWOULDBLOCK,
		    "%s: rmmod u_dma_buf fails while a mapping exists (fd closed)", tag);
	core_from_map(got, map, maplen);
	t_check(core_diff(want, got, maplen) < 0, "%s: the mapping still works after that", tag);
	t_check_ret(munmap(map, maplen), 0, "%s: munmap", tag);
	t_check_ret(delete_module("u_dma_buf"), 0,
		    "%s: rmmod u_dma_buf succeeds after munmap and close", tag);
	free(want);
	free(got);
	return t_done();
}

static int phys(void)
{
	int fd = core_open(O_RDWR);
	void *map = map_dev(fd, CORE_PAGE, 0, PROT_READ | PROT_WRITE, MAP_SHARED);
	uint64_t pm;

	if (map == MAP_FAILED)
		core_die("mmap");
	/* The caller compares; "none" when pagemap does not show the page. */
	if (core_pagemap(map, 1, &pm) || !(pm & PM_PRESENT))
		printf("none\n");
	else
		printf("0x%016llx\n", (unsigned long long)((pm & PM_PFN_MASK) * CORE_PAGE));
	munmap(map, CORE_PAGE);
	close(fd);
	return 0;
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: core-mmap all|unload|data|phys DEV\n");
		return 2;
	}
	core_dev = argv[2];
	size = core_attr_u64("size");
	maplen = CORE_PAGE_ALIGN(size);
	quirk = (int)core_attr_u64("quirk_mmap_mode");
	/* CORE_TAG: a prefix that tells runs of a suite apart. */
	snprintf(tag, sizeof(tag), "%sq%d", getenv("CORE_TAG") ?: "", quirk);

	if (!strcmp(argv[1], "phys"))
		return phys();
	if (!strcmp(argv[1], "unload"))
		return unload();
	if (!strcmp(argv[1], "data")) {
		char what[96];

		snprintf(tag, sizeof(tag), "%s%s q%d", getenv("CORE_TAG") ?: "", core_dev, quirk);
		snprintf(what, sizeof(what), "%s data", tag);
		roundtrip(O_RDWR, what, 1700, NULL, NULL, 0);
		snprintf(what, sizeof(what), "%s data O_SYNC", tag);
		roundtrip(O_RDWR | O_SYNC, what, 1710, NULL, NULL, 0);
		return t_done();
	}
	check_sync_modes();
	check_offset_map();
	check_bad_maps();
	check_madvise();
	check_fork();
	check_after_close();
	return t_done();
}
