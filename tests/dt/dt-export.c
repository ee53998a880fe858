// SPDX-License-Identifier: GPL-2.0
/*
 * dt-export DEV: an exported dma-buf of /dev/DEV keeps u_dma_buf loaded.
 *
 * Exports the first page of DEV, closes the device, and checks that
 * "rmmod u_dma_buf" (delete_module, O_NONBLOCK) is refused while the
 * dma-buf lives and that the dma-buf still maps the buffer's data. It does
 * not unload the module: core-mmap unload does that afterwards.
 */
#include <sys/ioctl.h>
#include <sys/syscall.h>

#include "u-dma-buf-ioctl.h"
#include "../core/core.h"

int main(int argc, char **argv)
{
	u_dma_buf_ioctl_export_args args = { .size = CORE_PAGE, .offset = 0 };
	uint64_t want[CORE_PAGE / 8], got[CORE_PAGE / 8];
	void *map;
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: dt-export DEV\n");
		return 2;
	}
	core_dev = argv[1];
	fd = core_open(O_RDWR);
	core_pattern(want, CORE_PAGE, 77);
	if (pwrite(fd, want, CORE_PAGE, 0) != (ssize_t)CORE_PAGE)
		core_die("pwrite");
	SET_U_DMA_BUF_IOCTL_FLAGS_EXPORT_FD_FLAGS(&args, O_RDWR | O_CLOEXEC);
	if (!t_check(!ioctl(fd, U_DMA_BUF_IOCTL_EXPORT, &args), "%s: EXPORT", core_dev)) {
		printf("#   %s\n", strerror(errno));
		return 1;
	}
	close(fd);
	t_check_ret(syscall(SYS_delete_module, "u_dma_buf", O_NONBLOCK), EWOULDBLOCK,
		    "%s: rmmod u_dma_buf is refused while an export lives (device closed)",
		    core_dev);
	map = mmap(NULL, CORE_PAGE, PROT_READ, MAP_SHARED, args.fd, 0);
	if (t_check(map != MAP_FAILED, "%s: the export still maps", core_dev)) {
		core_from_map(got, map, CORE_PAGE);
		t_check(core_diff(want, got, CORE_PAGE) < 0, "%s: the export shows the buffer's data",
			core_dev);
		munmap(map, CORE_PAGE);
	}
	close(args.fd);
	return t_done();
}
