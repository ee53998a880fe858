// SPDX-License-Identifier: MIT
/*
 * libudmabuf: paths. Everything under /sys, /dev and /proc is looked up
 * below $UDMABUF_SYSROOT when it is set, so tests can point the library
 * at a fixture tree; set-uid programs ignore it (secure_getenv).
 */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ub_path(char *buf, size_t size, const char *fmt, ...)
{
	const char *root = secure_getenv("UDMABUF_SYSROOT");
	size_t len;
	va_list ap;
	int n;

	if (!root)
		root = "";
	len = strlen(root);
	if (len >= size)
		return -ENAMETOOLONG;
	memcpy(buf, root, len);
	va_start(ap, fmt);
	n = vsnprintf(buf + len, size - len, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size - len)
		return -ENAMETOOLONG;
	return 0;
}

/* A name that can be a file in /dev and a directory in sysfs. */
int ub_check_name(const char *what, const char *name)
{
	size_t len;

	if (!name || !*name)
		return ub_err(EINVAL, "%s: no name given", what);
	len = strlen(name);
	if (len >= UDMABUF_NAME_MAX)
		return ub_err(ENAMETOOLONG, "%s: name '%.40s...' is longer than %d bytes",
			      what, name, UDMABUF_NAME_MAX - 1);
	if (strchr(name, '/') || !strcmp(name, ".") || !strcmp(name, ".."))
		return ub_err(EINVAL, "%s: '%s' is not a device name", what, name);
	return 0;
}
