// SPDX-License-Identifier: GPL-2.0
/*
 * core-rw DEV: read(), write() and lseek() of /dev/DEV at and around the
 * end of the buffer, with and without O_SYNC. DEV should have a size that
 * is not a multiple of the page size.
 */
#include "core.h"

static size_t size;

static void check_rw(int osync)
{
	const char *o = osync ? "O_SYNC" : "plain";
	char *want, *got, *bad;
	char *volatile null = NULL;	/* hides NULL from the compiler's checks */
	ssize_t n;
	off_t pos;
	int fd = core_open(O_RDWR | (osync ? O_SYNC : 0));

	want = malloc(size + CORE_PAGE);
	got = malloc(size + CORE_PAGE);
	bad = mmap(NULL, CORE_PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!want || !got || bad == MAP_FAILED)
		core_die("allocating buffers");

	/* The whole buffer, then piecewise reads that advance the position. */
	core_pattern(want, size, 100 + osync);
	t_check_u64(pwrite(fd, want, size, 0), size, "rw %s: write the whole buffer", o);
	memset(got, 0, size);
	t_check_u64(pread(fd, got, size + 100, 0), size,
		    "rw %s: read of size + 100 from 0 returns size", o);
	t_check(core_diff(want, got, size) < 0, "rw %s: read returns what write wrote", o);
	lseek(fd, 0, SEEK_SET);
	t_check_u64(read(fd, got, 100), 100, "rw %s: read 100", o);
	t_check_u64(lseek(fd, 0, SEEK_CUR), 100, "rw %s: read advances the position", o);
	t_check_u64(write(fd, want, 50), 50, "rw %s: write 50", o);
	t_check_u64(lseek(fd, 0, SEEK_CUR), 150, "rw %s: write advances the position", o);
	memset(got, 0, size);
	t_check_u64(pread(fd, got, 50, 100), 50, "rw %s: read back at 100", o);
	t_check(core_diff(want, got, 50) < 0, "rw %s: data written at position 100", o);

	/* Reads at and past the end. */
	t_check_u64(pread(fd, got, 100, size), 0, "rw %s: read at the end returns 0", o);
	t_check_u64(pread(fd, got, 100, size + 1), 0, "rw %s: read past the end returns 0", o);
	t_check_u64(pread(fd, got, 100, size + 100000), 0,
		    "rw %s: read far past the end returns 0", o);
	t_check_u64(pread(fd, got, 200, size - 100), 100,
		    "rw %s: read crossing the end is shortened", o);
	core_pattern(want, size, 200 + osync);
	t_check_u64(pwrite(fd, want, size, 0), size, "rw %s: write a new pattern", o);
	t_check_u64(pread(fd, got, 200, size - 100), 100,
		    "rw %s: read crossing the end, again", o);
	t_check(core_diff(want + size - 100, got, 100) < 0,
		"rw %s: read crossing the end returns the last bytes", o);
	lseek(fd, size - 10, SEEK_SET);
	t_check_u64(read(fd, got, 100), 10, "rw %s: read() crossing the end returns 10", o);
	t_check_u64(read(fd, got, 100), 0, "rw %s: then read() at the end returns 0", o);

	/* Writes at and past the end. */
	memset(got, 0x77, 200);
	t_check_u64(pwrite(fd, got, 200, size - 100), 100,
		    "rw %s: write crossing the end is shortened", o);
	memset(got, 0, 200);
	t_check_u64(pread(fd, got, 200, size - 200), 200, "rw %s: read the tail", o);
	t_check(core_diff(want + size - 200, got, 100) < 0 && got[100] == 0x77 &&
		got[199] == 0x77, "rw %s: write crossing the end wrote up to the end", o);
	t_check_ret(pwrite(fd, got, 100, size), ENOSPC, "rw %s: write at the end is ENOSPC", o);
	t_check_ret(pwrite(fd, got, 100, size + 1), ENOSPC,
		    "rw %s: write past the end is ENOSPC", o);
	lseek(fd, size, SEEK_SET);
	t_check_ret(write(fd, got, 1), ENOSPC, "rw %s: write() at the end is ENOSPC", o);
	t_check_u64(lseek(fd, 0, SEEK_CUR), size, "rw %s: ENOSPC leaves the position", o);

	/* Faulting user pointers. */
	t_check_ret(pread(fd, bad, 100, 0), EFAULT, "rw %s: read into a bad pointer is EFAULT", o);
	t_check_ret(pwrite(fd, bad, 100, 0), EFAULT,
		    "rw %s: write from a bad pointer is EFAULT", o);
	t_check_ret(pread(fd, null, 100, 0), EFAULT, "rw %s: read into NULL is EFAULT", o);
	memset(got, 0, 100);
	t_check_u64(pread(fd, got, 100, 0), 100, "rw %s: read after EFAULT", o);
	n = core_diff(want, got, 100);
	if (!t_check(n < 0, "rw %s: a write() that failed with EFAULT changed nothing", o))
		printf("#   byte %zd is now 0x%02x, was 0x%02x\n", n, (unsigned char)got[n],
		       (unsigned char)want[n]);

	/* lseek */
	t_check_u64(lseek(fd, 0, SEEK_SET), 0, "rw %s: SEEK_SET 0", o);
	t_check_u64(lseek(fd, size / 2, SEEK_SET), size / 2, "rw %s: SEEK_SET size/2", o);
	t_check_u64(lseek(fd, size, SEEK_SET), size, "rw %s: SEEK_SET size", o);
	t_check_ret(lseek(fd, size + 1, SEEK_SET), EINVAL, "rw %s: SEEK_SET size + 1 is EINVAL", o);
	t_check_ret(lseek(fd, -1, SEEK_SET), EINVAL, "rw %s: SEEK_SET -1 is EINVAL", o);
	t_check_u64(lseek(fd, 0, SEEK_CUR), size, "rw %s: failed SEEK_SET leaves the position", o);
	lseek(fd, 100, SEEK_SET);
	t_check_u64(lseek(fd, 50, SEEK_CUR), 150, "rw %s: SEEK_CUR +50", o);
	t_check_u64(lseek(fd, -150, SEEK_CUR), 0, "rw %s: SEEK_CUR back to 0", o);
	t_check_ret(lseek(fd, -1, SEEK_CUR), EINVAL, "rw %s: SEEK_CUR before 0 is EINVAL", o);
	t_check_ret(lseek(fd, size + 1, SEEK_CUR), EINVAL,
		    "rw %s: SEEK_CUR past the end is EINVAL", o);
	t_check_u64(lseek(fd, size, SEEK_CUR), size, "rw %s: SEEK_CUR to the end", o);
	t_check_u64(lseek(fd, 0, SEEK_END), size, "rw %s: SEEK_END 0 is size", o);
	pos = lseek(fd, -(off_t)size, SEEK_END);
	t_check_u64(pos, 0, "rw %s: SEEK_END -size is 0", o);
	t_check_ret(lseek(fd, 1, SEEK_END), EINVAL, "rw %s: SEEK_END +1 is EINVAL", o);
	t_check_ret(lseek(fd, -(off_t)size - 1, SEEK_END), EINVAL,
		    "rw %s: SEEK_END -(size + 1) is EINVAL", o);
	t_check_u64(lseek(fd, 0, SEEK_CUR), 0, "rw %s: failed SEEK_END leaves the position", o);
	lseek(fd, -10, SEEK_END);
	n = read(fd, got, 100);
	t_check_u64(n, 10, "rw %s: read after SEEK_END -10 returns 10", o);

	munmap(bad, CORE_PAGE);
	free(want);
	free(got);
	close(fd);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: core-rw DEV\n");
		return 2;
	}
	core_dev = argv[1];
	size = core_attr_u64("size");
	check_rw(0);
	check_rw(1);
	return t_done();
}
