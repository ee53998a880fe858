// SPDX-License-Identifier: GPL-2.0
/*
 * mgr-tool [-u] ACTION...: drives /dev/u-dma-buf-mgr through one open file
 * and prints, on one line separated by spaces, the result of every action:
 * a byte count or "ok" on success, the errno's name (EINVAL, ENOSPC, ...)
 * on failure. A shell redirection cannot tell which error a write() or a
 * close() returned; this can.
 *
 *   w:TEXT       one write() of TEXT; C escapes \n \t \r \v \f \0 \\ \xHH
 *   p:N:TEXT     one write() of TEXT padded with spaces to N bytes
 *   c            close() the file (a last unterminated command runs here)
 *   o            open the manager again (a fresh file)
 *   e:NAME       "yes" when /dev/NAME exists, else "no"
 *   h:NAME:LEN   allocate LEN bytes from /dev/dma_heap/NAME (DMA_HEAP_IOCTL_ALLOC)
 *
 * The file is opened by the first action that writes or closes; when it
 * is still open after the last one, it is closed and that result is
 * printed too. -u opens it as user and group 65534 (nobody). A failed open
 * prints "open:ERRNO" (e.g. open:EACCES) and ends with status 1.
 *
 * Example: mgr-tool 'w:create a 4096' e:a c e:a  prints  "13 no ok yes".
 *
 * mgr-tool -x reads failure cases from stdin, one per line (# comments):
 *
 *   NAME :: WANT :: PATTERN :: ACTION [:: ACTION...]
 *
 * and for each checks that the actions print WANT (with WANT "!TEXT":
 * anything but TEXT, when the result is not specified); that the kernel log
 * gets exactly one line about it (lines mentioning u-dma-buf, besides
 * "u-dma-buf-mgr: create <name> size=<n>"), that it starts with
 * "u-dma-buf-mgr: " or "u-dma-buf: " and matches the extended regular
 * expression PATTERN; and that nothing is left behind: the devices, heap
 * nodes, statistics and our own platform devices are as before (devices
 * that appeared anyway are deleted). PASS/FAIL lines; status 1 on FAIL.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/dma-heap.h>

#include "t.h"
#include "mgr.h"


/* What the actions print, one line. */
struct out {
	char s[1024];
	size_t n;
};

static const char *err_name(int err)
{
	const char *name = strerrorname_np(err);

	return name ? name : "E?";
}

/* Decodes the C escapes of s into out; returns the length. */
static size_t unescape(const char *s, char *out)
{
	size_t n = 0;

	while (*s) {
		if (*s != '\\' || !s[1]) {
			out[n++] = *s++;
			continue;
		}
		s++;
		switch (*s) {
		case 'n': out[n++] = '\n'; break;
		case 't': out[n++] = '\t'; break;
		case 'r': out[n++] = '\r'; break;
		case 'v': out[n++] = '\v'; break;
		case 'f': out[n++] = '\f'; break;
		case '0': out[n++] = '\0'; break;
		case 'x': {
			char hex[3] = { s[1], s[1] ? s[2] : 0, 0 };

			out[n++] = (char)strtoul(hex, NULL, 16);
			s += strlen(hex);
			break;
		}
		default: out[n++] = *s; break;
		}
		s++;
	}
	return n;
}

static void put(struct out *o, const char *word)
{
	if (o->n + strlen(word) + 2 > sizeof(o->s))
		return;
	o->n += sprintf(o->s + o->n, "%s%s", o->n ? " " : "", word);
}

static int mgr_open(struct out *o)
{
	int fd = open(MGR_NODE, O_WRONLY);

	if (fd < 0) {
		char word[64];

		snprintf(word, sizeof(word), "open:%s", err_name(errno));
		put(o, word);
	}
	return fd;
}

static void do_write(struct out *o, int fd, const char *text, size_t pad)
{
	size_t len = strlen(text) + pad + 1;
	char *buf = malloc(len), num[32];
	size_t n;
	ssize_t ret;

	if (!buf) {
		put(o, "ENOMEM(tool)");
		return;
	}
	n = unescape(text, buf);
	while (n < pad)
		buf[n++] = ' ';
	ret = write(fd, buf, n);
	snprintf(num, sizeof(num), "%zd", ret);
	put(o, ret < 0 ? err_name(errno) : num);
	free(buf);
}

static void do_close(struct out *o, int *fd)
{
	int ret = close(*fd);

	put(o, ret ? err_name(errno) : "ok");
	*fd = -1;
}

static void do_heap(struct out *o, const char *arg)
{
	struct dma_heap_allocation_data data = { .fd_flags = O_RDWR | O_CLOEXEC };
	char name[256], path[300];
	const char *colon = strrchr(arg, ':');
	int fd;

	if (!colon || (size_t)(colon - arg) >= sizeof(name)) {
		put(o, "usage");
		return;
	}
	memcpy(name, arg, colon - arg);
	name[colon - arg] = 0;
	data.len = strtoull(colon + 1, NULL, 0);
	snprintf(path, sizeof(path), "/dev/dma_heap/%s", name);
	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0) {
		put(o, err_name(errno));
		return;
	}
	if (ioctl(fd, DMA_HEAP_IOCTL_ALLOC, &data)) {
		put(o, err_name(errno));
	} else {
		put(o, "ok");
		close(data.fd);
	}
	close(fd);
}

/*
 * Runs one action; -1 when there is no such action, -2 when the manager
 * cannot be opened (*fd is -2 until the first action that needs it).
 */
static int action(struct out *o, int *fd, const char *a)
{
	struct stat st;
	char path[300];

	if (*fd == -2 && (a[0] == 'w' || a[0] == 'p' || a[0] == 'c')) {
		*fd = mgr_open(o);
		if (*fd < 0)
			return -2;
	}
	if (!strncmp(a, "w:", 2)) {
		do_write(o, *fd, a + 2, 0);
	} else if (!strncmp(a, "p:", 2) && strchr(a + 2, ':')) {
		do_write(o, *fd, strchr(a + 2, ':') + 1, strtoul(a + 2, NULL, 0));
	} else if (!strcmp(a, "c")) {
		do_close(o, fd);
	} else if (!strcmp(a, "o")) {
		if (*fd >= 0)
			close(*fd);
		*fd = mgr_open(o);
	} else if (!strncmp(a, "e:", 2)) {
		snprintf(path, sizeof(path), "/dev/%s", a + 2);
		put(o, stat(path, &st) ? "no" : "yes");
	} else if (!strncmp(a, "h:", 2)) {
		do_heap(o, a + 2);
	} else {
		return -1;
	}
	return 0;
}

/* Appends the sorted entries of a directory to o. */
static void list_dir(struct out *o, const char *dir, const char *prefix)
{
	struct dirent **names;
	int i, n = scandir(dir, &names, NULL, alphasort);

	for (i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.' &&
		    !strncmp(names[i]->d_name, prefix, strlen(prefix)))
			put(o, names[i]->d_name);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}

/* What a failed command must leave as it was. */
static void state(struct out *o)
{
	struct mgr_stats s = mgr_stats();
	char text[96];

	o->n = 0;
	o->s[0] = 0;
	put(o, "devices:");
	list_dir(o, "/sys/class/u-dma-buf", "");
	put(o, "heaps:");
	list_dir(o, "/dev/dma_heap", "");
	snprintf(text, sizeof(text), "stats: %llu %llu", s.buffers, s.bytes);
	put(o, text);
	put(o, "platform:");
	list_dir(o, "/sys/bus/platform/devices", "u-dma-buf.");
}

/*
 * Kernel log lines since kmsg_fd was opened: about u-dma-buf, not creates.
 * *worst gets the most severe level among them (0 emerg .. 7 debug).
 */
static int read_log(int kmsg_fd, char *lines, size_t len, int *worst)
{
	static regex_t create_re;
	static int compiled;
	char rec[2048];
	size_t used = 0;
	int count = 0;
	ssize_t n;

	if (!compiled++)
		regcomp(&create_re, "^u-dma-buf-mgr: create [^ ]* size=[0-9]*$",
			REG_EXTENDED | REG_NOSUB);
	lines[0] = 0;
	for (;;) {
		char *text, *end;

		n = read(kmsg_fd, rec, sizeof(rec) - 1);
		if (n < 0 && errno == EPIPE)
			continue;
		if (n <= 0)
			break;
		rec[n] = 0;
		text = strchr(rec, ';');
		if (!text)
			continue;
		text++;
		end = strchr(text, '\n');
		if (end)
			*end = 0;
		if (!strstr(text, "u-dma-buf") || !regexec(&create_re, text, 0, NULL, 0))
			continue;
		if ((atoi(rec) & 7) < *worst)
			*worst = atoi(rec) & 7;
		count++;
		used += snprintf(lines + used, len - used, "%s%s", used ? "\n" : "", text);
		if (used >= len)
			used = len - 1;
	}
	return count;
}

static void delete_new(const char *before)
{
	struct dirent **names;
	char word[300], cmd[300];
	int i, n = scandir("/sys/class/u-dma-buf", &names, NULL, alphasort);

	for (i = 0; i < n; i++) {
		snprintf(word, sizeof(word), " %s ", names[i]->d_name);
		if (names[i]->d_name[0] != '.' && !strstr(before, word)) {
			snprintf(cmd, sizeof(cmd), "delete %s\n", names[i]->d_name);
			mgr_run(cmd);
		}
		free(names[i]);
	}
	if (n >= 0)
		free(names);
}

/* One failure case: "NAME :: WANT :: PATTERN :: ACTION [:: ACTION...]". */
static void failure_case(char *line)
{
	char *field[32], *p = line, *sep;
	char log[4096], before_s[2048];
	struct out o = { .n = 0 }, before, after;
	int nf = 0, i, fd, kmsg, lines, worst = 7;
	regex_t re;

	while (nf < 32) {
		field[nf++] = p;
		sep = strstr(p, " :: ");
		if (!sep)
			break;
		*sep = 0;
		p = sep + 4;
	}
	if (nf < 4) {
		t_check(0, "case '%s': needs NAME :: WANT :: PATTERN :: ACTION", line);
		return;
	}
	state(&before);
	snprintf(before_s, sizeof(before_s), " %s ", before.s);
	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	if (kmsg < 0 || lseek(kmsg, 0, SEEK_END) < 0) {
		t_check(0, "%s: open /dev/kmsg: %s", field[0], strerror(errno));
		return;
	}
	fd = mgr_open(&o);
	for (i = 3; i < nf; i++) {
		if (action(&o, &fd, field[i])) {
			t_check(0, "%s: unknown action '%s'", field[0], field[i]);
			break;
		}
	}
	if (fd >= 0)
		do_close(&o, &fd);
	if (!t_check(field[1][0] == '!' ? strcmp(o.s, field[1] + 1) : !strcmp(o.s, field[1]),
		     "%s: result", field[0]))
		printf("#   got '%s', want '%s'\n", o.s, field[1]);
	lines = read_log(kmsg, log, sizeof(log), &worst);
	close(kmsg);
	/* A refused request is not a kernel error; a failed allocation is. */
	if (!strstr(field[1], "ENOMEM") &&
	    !t_check(worst > 4, "%s: logged below warning level", field[0]))
		printf("#   level %d: %s\n", worst, log);
	if (!t_check(lines == 1, "%s: one log line", field[0]))
		printf("#   %d lines: %s\n", lines, log);
	if (!t_check(!strncmp(log, "u-dma-buf-mgr: ", 15) || !strncmp(log, "u-dma-buf: ", 11),
		     "%s: the log line has the u-dma-buf-mgr: or u-dma-buf: prefix", field[0]))
		printf("#   the line: %s\n", log);
	if (regcomp(&re, field[2], REG_EXTENDED | REG_NOSUB)) {
		t_check(0, "%s: bad pattern '%s'", field[0], field[2]);
	} else {
		if (!t_check(!regexec(&re, log, 0, NULL, 0), "%s: the log line says what was wrong",
			     field[0]))
			printf("#   '%s' does not match /%s/\n", log, field[2]);
		regfree(&re);
	}
	state(&after);
	if (!t_check(!strcmp(before.s, after.s), "%s: nothing left behind", field[0]))
		printf("#   before: %s\n#   after:  %s\n", before.s, after.s);
	delete_new(before_s);
}

static int failure_cases(void)
{
	char line[4096];

	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\n")] = 0;
		if (!line[0] || line[0] == '#')
			continue;
		failure_case(line);
	}
	return t_done();
}

int main(int argc, char **argv)
{
	struct out o = { .n = 0 };
	int i = 1, fd;

	if (argc == 2 && !strcmp(argv[1], "-x"))
		return failure_cases();
	if (argc > 1 && !strcmp(argv[1], "-u")) {
		if (setgroups(0, NULL) || setgid(65534) || setuid(65534)) {
			perror("mgr-tool: dropping privileges");
			return 2;
		}
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: mgr-tool [-u] w:TEXT|p:N:TEXT|c|o|e:NAME|h:NAME:LEN... | -x\n");
		return 2;
	}
	fd = -2;
	for (; i < argc; i++) {
		int err = action(&o, &fd, argv[i]);

		if (err == -2) {
			printf("%s\n", o.s);
			return 1;
		}
		if (err) {
			fprintf(stderr, "mgr-tool: unknown action '%s'\n", argv[i]);
			return 2;
		}
	}
	if (fd >= 0)
		do_close(&o, &fd);
	printf("%s\n", o.s);
	return 0;
}
