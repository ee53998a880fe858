// SPDX-License-Identifier: MIT
/*
 * libudmabuf: every device, every heap, and who uses a device.
 */
#include "internal.h"

#include <ctype.h>
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int ub_name_cmp(const void *a, const void *b)
{
	return strverscmp(a, b);
}

/* The names in directory DIR (no dot files), sorted; *count of them. */
static int ub_dir_names(const char *dir, char (**names)[UDMABUF_NAME_MAX], size_t *count)
{
	char (*v)[UDMABUF_NAME_MAX] = NULL, (*grown)[UDMABUF_NAME_MAX];
	size_t n = 0, cap = 0;
	struct dirent *de;
	DIR *d;

	*names = NULL;
	*count = 0;
	d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= UDMABUF_NAME_MAX)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			grown = realloc(v, cap * sizeof(*v));
			if (!grown) {
				free(v);
				closedir(d);
				return -ENOMEM;
			}
			v = grown;
		}
		strcpy(v[n++], de->d_name);
	}
	closedir(d);
	qsort(v, n, sizeof(*v), ub_name_cmp);
	*names = v;
	*count = n;
	return 0;
}

UB_EXPORT int udmabuf_device_list(struct udmabuf_info **infos, size_t *count)
{
	char dir[PATH_MAX], (*names)[UDMABUF_NAME_MAX];
	size_t n, i, got = 0;
	int err;

	*infos = NULL;
	*count = 0;
	ub_path(dir, sizeof(dir), UB_SYSFS_CLASS);
	err = ub_dir_names(dir, &names, &n);
	if (err)
		return ub_err(-err, "cannot list %s: %s", dir, strerror(-err));
	*infos = calloc(n ? n : 1, sizeof(**infos));
	if (!*infos) {
		free(names);
		return ub_err(ENOMEM, "out of memory listing devices");
	}
	for (i = 0; i < n; i++) {
		/* a device deleted meanwhile is left out */
		if (!udmabuf_device_info(names[i], &(*infos)[got]))
			got++;
	}
	free(names);
	*count = got;
	return 0;
}

UB_EXPORT int udmabuf_heap_list(struct udmabuf_heap_info **infos, size_t *count)
{
	char dir[PATH_MAX], (*names)[UDMABUF_NAME_MAX];
	size_t n, i, got = 0;
	int err;

	*infos = NULL;
	*count = 0;
	ub_path(dir, sizeof(dir), UB_HEAP_DIR);
	err = ub_dir_names(dir, &names, &n);
	if (err)
		return ub_err(-err, "cannot list %s: %s", dir, strerror(-err));
	*infos = calloc(n ? n : 1, sizeof(**infos));
	if (!*infos) {
		free(names);
		return ub_err(ENOMEM, "out of memory listing heaps");
	}
	for (i = 0; i < n; i++) {
		if (!udmabuf_heap_info(names[i], &(*infos)[got]))
			got++;
	}
	free(names);
	*count = got;
	return 0;
}

UB_EXPORT void udmabuf_list_free(void *infos)
{
	free(infos);
}

/* Whether process directory PID has NODE open (an fd) or mapped. */
static int ub_pid_uses(const char *pid, const char *node)
{
	char path[PATH_MAX], link[PATH_MAX], line[PATH_MAX + 128];
	size_t nlen = strlen(node);
	struct dirent *de;
	int found = 0;
	ssize_t n;
	FILE *f;
	DIR *d;

	ub_path(path, sizeof(path), "/proc/%s/fd", pid);
	d = opendir(path);
	while (d && !found && (de = readdir(d))) {
		ub_path(path, sizeof(path), "/proc/%s/fd/%s", pid, de->d_name);
		n = readlink(path, link, sizeof(link) - 1);
		found = n == (ssize_t)nlen && !memcmp(link, node, nlen);
	}
	if (d)
		closedir(d);
	ub_path(path, sizeof(path), "/proc/%s/maps", pid);
	f = found ? NULL : fopen(path, "re");
	while (f && !found && fgets(line, sizeof(line), f)) {
		n = (ssize_t)strlen(line);
		found = n > (ssize_t)nlen && line[n - 1] == '\n' &&
			!memcmp(line + n - 1 - nlen, node, nlen) && line[n - 2 - nlen] == ' ';
	}
	if (f)
		fclose(f);
	return found;
}

UB_EXPORT int udmabuf_device_users(const char *name)
{
	char dir[PATH_MAX], node[UDMABUF_NAME_MAX + 8];
	struct dirent *de;
	int users = 0, err = ub_check_name("device", name);
	DIR *d;

	if (err)
		return err;
	snprintf(node, sizeof(node), "/dev/%s", name);
	ub_path(dir, sizeof(dir), "/proc");
	d = opendir(dir);
	if (!d)
		return ub_err(errno, "cannot list %s: %s", dir, strerror(errno));
	while ((de = readdir(d))) {
		if (isdigit((unsigned char)de->d_name[0]))
			users += ub_pid_uses(de->d_name, node);
	}
	closedir(d);
	return users;
}
