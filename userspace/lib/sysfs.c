// SPDX-License-Identifier: MIT
/*
 * libudmabuf: reading and writing sysfs attributes. Every value u-dma-buf
 * shows ends with a newline; numbers are decimal or 0x hex.
 */
#include "internal.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Reads a whole small file, NUL-terminated, without its trailing newline. */
int ub_read_text(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, size - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return (int)n;
	}
	close(fd);
	buf[n] = '\0';
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return 0;
}

/* A whole unsigned number: decimal, 0x hex or 0 octal; nothing else. */
int ub_parse_u64(const char *text, uint64_t *value)
{
	unsigned long long v;
	char *end;

	if (!text || *text < '0' || *text > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(text, &end, 0);
	if (errno)
		return -errno;
	if (end == text || *end)
		return -EINVAL;
	*value = v;
	return 0;
}

int ub_read_u64(const char *dir, const char *attr, uint64_t *value)
{
	char path[PATH_MAX], text[64];
	int err;

	if (snprintf(path, sizeof(path), "%s/%s", dir, attr) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	err = ub_read_text(path, text, sizeof(text));
	if (err)
		return err;
	return ub_parse_u64(text, value);
}

int ub_read_int(const char *dir, const char *attr, int *value)
{
	uint64_t v;
	int err = ub_read_u64(dir, attr, &v);

	if (err)
		return err;
	if (v > INT_MAX)
		return -ERANGE;
	*value = (int)v;
	return 0;
}

int ub_write_text(const char *path, const char *text)
{
	size_t len = strlen(text);
	ssize_t n;
	int fd, err = 0;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, text, len);
	if (n < 0)
		err = -errno;
	else if ((size_t)n != len)
		err = -EIO;
	if (close(fd) && !err)
		err = -errno;
	return err;
}
