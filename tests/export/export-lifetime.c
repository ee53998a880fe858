// SPDX-License-Identifier: GPL-2.0
/*
 * Lifetimes of exports (vgem loaded, both u-dma-buf modules loaded):
 *
 *   export-lifetime delete   a manager-created device deleted while its
 *                            export is open, mapped and imported: the node
 *                            and the sysfs directory go at once, the memory
 *                            keeps working and is returned at the last close
 *   export-lifetime rmmod DEVICE
 *                            rmmod u_dma_buf is refused while an export, an
 *                            import or a mapping of an export lives, and
 *                            works once all are gone (unloads both modules:
 *                            run it last)
 */
#include <sys/wait.h>

#include "export.h"
#include "drm-raw.h"

static int card;

static int loaded(const char *mod)
{
	char *s = tl_read_file("/proc/modules"), *p;
	size_t n = strlen(mod);
	int found = 0;

	for (p = s; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : p + strlen(p))
		if (!strncmp(p, mod, n) && p[n] == ' ')
			found = 1;
	free(s);
	return found;
}

/* rmmod MOD: its exit status (the module's state is checked separately). */
static int rmmod(const char *mod)
{
	char cmd[128];
	int st;

	snprintf(cmd, sizeof(cmd), "rmmod %s 2>/tmp/export-lifetime.rmmod", mod);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 255;
}

static void check_rmmod_refused(const char *what)
{
	int st = rmmod("u_dma_buf");

	t_check(st != 0 && loaded("u_dma_buf"), "rmmod u_dma_buf is refused while %s lives (status %d)",
		what, st);
}

static int test_rmmod(const char *dev)
{
	const uint64_t size = 65536;
	uint32_t handle;
	char why[160];
	uint8_t *m;
	int devfd, fd, fd2;

	if (!t_check(rmmod("u_dma_buf_mgr") == 0 && !loaded("u_dma_buf_mgr"),
		     "rmmod u_dma_buf_mgr"))
		return t_done();

	devfd = ex_open_dev_or_die(dev);
	ex_fill_dev(devfd, 0, size, 500, 0);
	fd = ex_export_or_die(devfd, 0, size, O_RDWR | O_CLOEXEC);
	close(devfd);
	check_rmmod_refused("an export");

	if (tl_prime_import(card, fd, &handle))
		t_die("vgem import");
	close(fd);
	check_rmmod_refused("a vgem import (export fd closed)");

	fd2 = tl_prime_export(card, handle);
	if (fd2 < 0)
		t_die("PRIME_HANDLE_TO_FD");
	m = tl_map(fd2, size, PROT_READ | PROT_WRITE, 0);
	if (m == MAP_FAILED)
		t_die("mmap of the re-export");
	close(fd2);
	tl_gem_close(card, handle);
	check_rmmod_refused("a mapping of the export (every fd and handle closed)");
	ex_check_why(ex_check_pat(m, size, 500, 0, why, sizeof(why)), why,
		"the mapping still shows the data");
	munmap(m, size);

	t_check(rmmod("u_dma_buf") == 0 && !loaded("u_dma_buf"),
		"rmmod u_dma_buf works once everything is gone");
	return t_done();
}

static int test_delete(void)
{
	const uint64_t size = 1 << 20, off = 0x10000, len = 0x80000;
	unsigned long long b0, y0, b1, y1;
	uint8_t *m, *m2;
	uint32_t handle;
	char why[160];
	int devfd, fd, fd2;

	if (tl_stats(&b0, &y0))
		t_die("stats");
	if (!t_check_ret(tl_mgr("create lt0 %llu", (unsigned long long)size), 0,
			 "manager: create lt0"))
		return t_done();
	tl_stats(&b1, &y1);
	t_check(b1 == b0 + 1 && y1 == y0 + size, "stats count lt0 (buffers %llu -> %llu)", b0, b1);
	devfd = ex_open_dev_or_die("lt0");
	ex_fill_dev(devfd, 0, size, 400, 0);
	fd = ex_export_or_die(devfd, off, len, O_RDWR | O_CLOEXEC);
	m = tl_map(fd, len, PROT_READ | PROT_WRITE, 0);
	if (m == MAP_FAILED)
		t_die("mmap of the export");
	if (tl_prime_import(card, fd, &handle))
		t_die("vgem import");
	fd2 = tl_prime_export(card, handle);
	if (fd2 < 0)
		t_die("PRIME_HANDLE_TO_FD");
	m2 = tl_map(fd2, len, PROT_READ | PROT_WRITE, 0);
	if (m2 == MAP_FAILED)
		t_die("mmap of the re-export");

	t_check_ret(tl_mgr("delete lt0"), 0, "manager: delete lt0 while it is open, exported, "
		    "mapped and imported");
	t_check(!tl_exists("/dev/lt0"), "/dev/lt0 is gone at once");
	t_check(!tl_exists("/sys/class/u-dma-buf/lt0"), "/sys/class/u-dma-buf/lt0 is gone at once");

	tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW);
	ex_check_why(ex_check_pat(m, len, 400, off, why, sizeof(why)), why,
		"after delete: the export mapping shows the data");
	tl_fill(m, len, 401, off);
	tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW);
	tl_sync(fd2, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW);
	ex_check_why(ex_check_pat(m2, len, 401, off, why, sizeof(why)), why,
		"after delete: written through the export mapping, vgem's re-export shows it");
	tl_fill(m2, len, 402, off);
	tl_sync(fd2, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW);
	tl_sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ);
	ex_check_why(ex_check_pat(m, len, 402, off, why, sizeof(why)), why,
		"after delete: written through vgem's re-export, the export mapping shows it");
	tl_sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ);
	tl_stats(&b1, &y1);
	t_check(b1 == b0 + 1 && y1 == y0 + size,
		"after delete: the memory is still accounted while in use (buffers %llu, want %llu)",
		b1, b0 + 1);

	close(devfd);
	close(fd);
	tl_gem_close(card, handle);
	close(fd2);
	ex_check_why(ex_check_pat(m, len, 402, off, why, sizeof(why)) &&
		     ex_check_pat(m2, len, 402, off, why, sizeof(why)), why,
		     "after closing every fd and handle, both mappings still show the data");
	tl_stats(&b1, &y1);
	t_check(b1 == b0 + 1, "while mapped the memory is still accounted (buffers %llu, want %llu)",
		b1, b0 + 1);
	munmap(m, len);
	munmap(m2, len);
	tl_stats(&b1, &y1);
	t_check(b1 == b0 && y1 == y0,
		"after the last unmap the memory is returned (buffers %llu -> %llu, bytes %llu -> %llu)",
		b0, b1, y0, y1);
	return t_done();
}

int main(int argc, char **argv)
{
	card = tl_drm_open("vgem", NULL, 0);
	if (card < 0) {
		printf("FAIL: lifetime: no card whose driver is vgem\n");
		return 1;
	}
	if (argc == 2 && !strcmp(argv[1], "delete"))
		return test_delete();
	if (argc == 3 && !strcmp(argv[1], "rmmod"))
		return test_rmmod(argv[2]);
	fprintf(stderr, "usage: export-lifetime delete | rmmod DEVICE\n");
	return 2;
}
