// SPDX-License-Identifier: GPL-2.0
/*
 * The DMA address an export reports, behind an IOMMU: addr is the device's
 * DMA address plus the offset, and for a device bound to a PCI device that
 * the IOMMU translates, an IOVA (not the physical address, which
 * /proc/self/pagemap gives).
 *
 * usage: export-iova DEVICE iova|direct
 */
#include "export.h"

static uint64_t phys_of(void *p)
{
	uint64_t e = 0;
	int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);

	if (fd < 0 || pread(fd, &e, 8, (off_t)((uintptr_t)p / TL_PAGE) * 8) != 8)
		t_die("reading /proc/self/pagemap");
	close(fd);
	if (!(e & (1ULL << 63)))
		return 0;
	return (e & ((1ULL << 55) - 1)) * TL_PAGE;
}

int main(int argc, char **argv)
{
	uint64_t base, addr = 0, phys;
	volatile uint8_t *m;
	int devfd, fd = -1;

	if (argc != 3 || (strcmp(argv[2], "iova") && strcmp(argv[2], "direct"))) {
		fprintf(stderr, "usage: export-iova DEVICE iova|direct\n");
		return 2;
	}
	devfd = ex_open_dev_or_die(argv[1]);
	base = ex_dev_addr(devfd);
	if (!t_check_ret(ex_export_full(devfd, 0x10000, 0x20000, O_RDWR | O_CLOEXEC, &fd, &addr), 0,
			 "%s: export", argv[1]))
		return t_done();
	t_check_u64(addr, base + 0x10000, "%s: export addr is GET_DMA_ADDR + offset", argv[1]);
	/* the export's mapping (page mode) shows in pagemap; a PFN map would not */
	m = tl_map(fd, TL_PAGE, PROT_READ | PROT_WRITE, 0);
	if (m == MAP_FAILED)
		t_die("mmap of the export");
	(void)m[0];
	phys = phys_of((void *)m);
	printf("# %s: export DMA address 0x%llx, physical address 0x%llx\n", argv[1],
	       (unsigned long long)addr, (unsigned long long)phys);
	if (!phys)
		printf("SKIP: %s: DMA address vs physical: pagemap does not show the export's "
		       "pages\n", argv[1]);
	else if (!strcmp(argv[2], "iova"))
		t_check(addr != phys, "%s: the export's DMA address is an IOVA (0x%llx, physical "
			"0x%llx)", argv[1], (unsigned long long)addr, (unsigned long long)phys);
	else
		t_check(addr == phys, "%s: without translation the export's DMA address is "
			"physical (0x%llx, physical 0x%llx)", argv[1], (unsigned long long)addr,
			(unsigned long long)phys);
	munmap((void *)m, TL_PAGE);
	close(fd);
	close(devfd);
	return t_done();
}
