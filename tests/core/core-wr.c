// SPDX-License-Identifier: GPL-2.0
/*
 * core-wr [-n] FILE TEXT: writes TEXT (plus a newline with -n) to FILE in a
 * single write() and prints "ok" or the errno name (EINVAL, EACCES, ...).
 * Shell redirections cannot tell which error a sysfs store returned.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char text[4096];
	int nl = 0, fd;
	ssize_t n;
	size_t len;

	if (argc > 1 && !strcmp(argv[1], "-n")) {
		nl = 1;
		argv++;
		argc--;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: core-wr [-n] FILE TEXT\n");
		return 2;
	}
	snprintf(text, sizeof(text), "%s%s", argv[2], nl ? "\n" : "");
	len = strlen(text);
	fd = open(argv[1], O_WRONLY);
	if (fd < 0) {
		printf("%s\n", strerrorname_np(errno));
		return 1;
	}
	n = write(fd, text, len);
	if (n < 0) {
		printf("%s\n", strerrorname_np(errno));
		return 1;
	}
	if ((size_t)n != len) {
		printf("short write %zd of %zu\n", n, len);
		return 1;
	}
	printf("ok\n");
	return 0;
}
