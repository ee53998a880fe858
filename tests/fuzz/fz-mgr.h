/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The manager's command grammar, generated at random: create with random
 * options (sizes in every base, junk, duplicates, bus=/device= with real
 * and made-up parents, dma-mask=, quirk-mmap-*, dma-heap, unknown tokens),
 * random names (ours, names in use, hostile ones), several commands per
 * write, random separators and terminators. A small model of the parser
 * (src/mgr/command.c's rules as the ABI notes state them) gives the errno
 * where it is sure; what it is not sure of (allocation, real parents,
 * several commands) is only checked against sysfs afterwards.
 */
#ifndef UDMABUF_FUZZ_MGR_H
#define UDMABUF_FUZZ_MGR_H

#include "fz-dev.h"

struct fz_cmd {
	char text[512];
	size_t len;
	int want;		/* the model's errno (0: success) */
	int sure;		/* the model is sure of want */
	int size_set, quirk, heap, mask, bus, device, real_device;
	int bad;		/* a parse error was seen (want holds the first) */
	uint64_t size;
	int size_bad;
};

static inline void fz_cmd_add(struct fz_cmd *c, const char *tok)
{
	static const char *const sep[] = { " ", " ", "  ", "\t", " \t " };
	size_t n = strlen(tok);

	if (c->len + n + 8 >= sizeof(c->text))
		return;
	if (c->len) {
		strcpy(c->text + c->len, sep[fz_below(5)]);
		c->len += strlen(c->text + c->len);
	}
	memcpy(c->text + c->len, tok, n + 1);
	c->len += n;
}

static inline void fz_cmd_error(struct fz_cmd *c)
{
	if (!c->bad)
		c->want = EINVAL;
	c->bad = 1;
}

/* A size token: valid in some base, or junk; sets the model's size. */
static inline void fz_tok_size(struct fz_cmd *c, char *tok, size_t len, int keyed)
{
	static const char *const junk[] = { "0x", "12k", "-1", "0x10000000000000000", "size",
					    "4096x", "0b101", "" };
	uint64_t v = fz_pick_u64(fz_sizes, sizeof(fz_sizes) / sizeof(fz_sizes[0]));
	char num[64];

	switch (fz_below(7)) {
	case 0:
		snprintf(num, sizeof(num), "%s", junk[fz_below(8)]);
		c->size_bad = 1;
		break;
	case 1:
		snprintf(num, sizeof(num), "0");
		v = 0;
		break;
	case 2:
		v = fz_one_in(2) ? 1ULL << (20 + fz_below(20)) : fz_u64();
		snprintf(num, sizeof(num), "%llu", (unsigned long long)v);
		break;
	case 3:
		snprintf(num, sizeof(num), "0%llo", (unsigned long long)v);
		break;
	case 4:
		snprintf(num, sizeof(num), "0X%llX", (unsigned long long)v);
		break;
	default:
		snprintf(num, sizeof(num), "%llu", (unsigned long long)v);
	}
	if (!keyed && (!num[0] || !strcmp(num, "size")))
		snprintf(num, sizeof(num), "12k");	/* keep it a size token */
	snprintf(tok, len, "%s%s", keyed ? "size=" : "", num);
	if (c->size_set) {
		fz_cmd_error(c);	/* a second size: "given twice" or "unknown option" */
		return;
	}
	c->size_set = 1;
	c->size = v;
}

static inline void fz_tok_option(struct fz_cmd *c, char *tok, size_t len)
{
	static const char *const quirk[] = { "quirk-mmap-off", "quirk-mmap-on",
					     "quirk-mmap-auto", "quirk-mmap-page" };
	static const char *const bus[] = { "platform", "pci", "amba", "usb", "" };
	const int bus_ok[] = { 1, 1, fz.arm64, 0, 1 };	/* "": the platform bus */
	static const char *const unknown[] = { "foo", "foo=bar", "quirk-mmap-fast", "dma_heap",
					       "Size=4096", "bus", "=", "dma-mask" };
	unsigned int m;

	switch (fz_below(6)) {
	case 0:
		snprintf(tok, len, "%s", quirk[fz_below(4)]);
		if (c->quirk++)
			fz_cmd_error(c);
		return;
	case 1:
		snprintf(tok, len, "dma-heap");
		if (c->heap++)
			fz_cmd_error(c);
		return;
	case 2:
		m = fz_one_in(2) ? 32 + 32 * fz_below(2) : fz_below(72);
		snprintf(tok, len, "dma-mask=%u", m);
		if (c->mask++ || m < 12 || m > 64)
			fz_cmd_error(c);
		if (m < 32)
			c->sure = 0;	/* a narrow mask may not reach the memory */
		return;
	case 3:
		m = fz_below(5);
		snprintf(tok, len, "bus=%s", bus[m]);
		if (c->bus)
			fz_cmd_error(c);
		else
			c->bus = bus_ok[m] ? 1 : 2;
		return;
	case 4:
		if (fz.nparents && fz_one_in(2)) {
			/* a real parent: "bus=B device=D" (two tokens) */
			const char *p = fz.parents[fz_below(fz.nparents)];

			snprintf(tok, len, "bus=%.*s device=%s", (int)(strchr(p, ' ') - p), p,
				 strchr(p, ' ') + 1);
			c->real_device = 1;
			if (c->bus++)
				fz_cmd_error(c);
		} else {
			snprintf(tok, len, "device=fz-no-such-%u", (unsigned int)fz_below(100));
		}
		if (c->device++)
			fz_cmd_error(c);
		return;
	default:
		snprintf(tok, len, "%s", unknown[fz_below(8)]);
		fz_cmd_error(c);	/* "bus"/"dma-mask" alone are sizes that do not parse */
	}
}

/* The model's verdict after the options: parse, then parent, then create. */
static inline void fz_cmd_finish(struct fz_cmd *c)
{
	if (c->bad)
		return;
	if (!c->size_set || c->size_bad || !c->size) {
		fz_cmd_error(c);
		return;
	}
	if (c->bus && !c->device) {
		fz_cmd_error(c);
		return;
	}
	if (c->device && (c->bus == 2 || !c->real_device)) {
		fz_cmd_error(c);	/* unknown bus, or no such device */
		return;
	}
	if (c->real_device || c->size > 1048576)
		c->sure = 0;		/* the allocation may fail */
}

/* "create NAME options..." for @name; @exists: the name is in use. */
static inline void fz_gen_create(struct fz_cmd *c, const char *name, int exists)
{
	char tok[128];
	int i, n = (int)fz_below(6);

	memset(c, 0, sizeof(*c));
	c->sure = 1;
	fz_cmd_add(c, "create");
	fz_cmd_add(c, name);
	if (!fz_one_in(8)) {
		fz_tok_size(c, tok, sizeof(tok), fz_one_in(3));
		fz_cmd_add(c, tok);
	}
	for (i = 0; i < n; i++) {
		if (fz_one_in(8))
			fz_tok_size(c, tok, sizeof(tok), fz_one_in(2));
		else
			fz_tok_option(c, tok, sizeof(tok));
		fz_cmd_add(c, tok);
	}
	fz_cmd_finish(c);
	if (!c->bad && exists)
		c->want = EEXIST;
}

/* Names the model is sure of: EINVAL or EEXIST (with a valid small create). */
static const char *const fz_bad_names[] = {
	".", "..", "udmabuf", "fuzz-canary",
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",	/* 64 */
};
static const int fz_bad_errno[] = { EINVAL, EINVAL, EEXIST, EEXIST, EINVAL };

/* Names a create may refuse, or accept only if /dev/<name> is really it. */
static const char *const fz_hostile_names[] = {
	"adv!bang", "a!b!c", "null", "kmsg", "zero", "dma_heap", "u-dma-buf-mgr", "=",
	"size=0", "dma-heap", "quirk-mmap-on", "fz\xc3\xa9", "\xff\xfe", "tty", "dri",
	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",	/* 63 */
	"-", "fz:1", "fz,2", "fz%n", "mem",
};
#define FZ_NHOSTILE (sizeof(fz_hostile_names) / sizeof(fz_hostile_names[0]))

static inline int fz_is_grammar_token(const char *name)
{
	return strchr(name, '=') || !strcmp(name, "dma-heap") ||
	       !strncmp(name, "quirk-mmap-", 11);
}

/* A create of @name succeeded: /dev/<name> must be that device. */
static inline void fz_check_node(const char *name)
{
	char path[256];
	unsigned int maj = 0, min = 0;
	struct stat st;
	char *s;

	snprintf(path, sizeof(path), "/sys/class/u-dma-buf/%s/dev", name);
	s = tl_read_file(path);
	if (!s || sscanf(s, "%u:%u", &maj, &min) != 2) {
		free(s);
		return;
	}
	free(s);
	snprintf(path, sizeof(path), "/dev/%s", name);
	if (stat(path, &st) || !S_ISCHR(st.st_mode) || major(st.st_rdev) != maj ||
	    minor(st.st_rdev) != min)
		fz_fail("manager created '%s' (%u:%u) but /dev/%s is not that device", name, maj,
			min, name);
	if (fz_is_grammar_token(name))
		fz_fail("manager created a device named '%s', a token of its own grammar", name);
}

/* A name for a random create: ours (free or in use), or a bad/hostile one. */
static inline const char *fz_gen_name(int *exists, int *want, int *hostile)
{
	static char name[32];
	int r = (int)fz_below(20), s;

	*exists = *want = *hostile = 0;
	if (r < 2) {
		r = (int)fz_below(5);
		*want = fz_bad_errno[r];
		return fz_bad_names[r];
	}
	if (r < 5 && fz.bug[FZ_BUG_NAMES]) {
		*hostile = 1;
		return fz_hostile_names[fz_below(FZ_NHOSTILE)];
	}
	s = r < 8 ? fz_pick_dev(1) : -1;
	if (s >= 0) {
		*exists = 1;
		return fz.dev[s].name;
	}
	s = fz_free_dev_slot();
	if (s < 0)
		return NULL;
	fz_dev_name(s, name, sizeof(name));
	return name;
}

/* Checks the hostile and extra names after a write; records what exists. */
static inline void fz_mgr_after(const char *name, int hostile)
{
	fz_dev_resync();
	if (hostile && fz_sysfs_has(name))
		fz_check_node(name);
}

/* One random manager write: one to three commands, random terminators. */
static inline void fz_op_mgr(void)
{
	static const char *const other[] = { "delete", "delete fuzz0 extra", "destroy x 4096",
					     "", "   ", "create", "CREATE fuzz0 4096" };
	int exists, want, hostile, err, ncmd = fz_one_in(4) ? 2 + (int)fz_below(2) : 1, i;
	const char *name = NULL;
	char buf[1700], what[600];
	struct fz_cmd c;
	size_t len = 0;

	for (i = 0; i < ncmd; i++) {
		int tk = (int)fz_below(5);	/* '\n', '\n', ';', NUL, none */

		if (fz_one_in(6)) {
			snprintf(c.text, sizeof(c.text), "%s", other[fz_below(7)]);
			c.sure = 0;
			c.len = strlen(c.text);
		} else {
			name = fz_gen_name(&exists, &want, &hostile);
			if (!name)
				return;
			fz_gen_create(&c, name, exists);
			if (want && !c.bad)
				c.want = want;
			c.sure = c.sure && !hostile;
		}
		if (tk == 4 && i + 1 < ncmd)
			tk = 2;
		memcpy(buf + len, c.text, c.len);
		len += c.len;
		if (tk < 4)
			buf[len++] = tk < 2 ? '\n' : tk == 2 ? ';' : '\0';
	}
	err = fz_mgr_write(buf, len);
	snprintf(what, sizeof(what), "manager write '%.*s'", (int)(len > 400 ? 400 : len), buf);
	for (i = 0; what[i]; i++)
		what[i] = what[i] == '\n' ? '|' : what[i];
	errno = err;
	if (ncmd == 1 && c.sure && name)
		fz_expect(err ? -1 : 0, c.want, 0, what);
	else
		fz_log("%s -> %s (not modelled)", what, fz_err(err));
	if (name)
		fz_mgr_after(name, hostile);
	else
		fz_dev_resync();
}

/*
 * A command buffered without terminator, then a write refused with ENOSPC
 * (over 1024 bytes): the cut command must not run at close.
 */
static inline void fz_op_mgr_enospc(void)
{
	char buf[1100], name[32], line[64];
	int s = fz_free_dev_slot(), fd;
	ssize_t n;

	if (s < 0 || !fz.bug[FZ_BUG_ENOSPC])
		return;
	fz_dev_name(s, name, sizeof(name));
	snprintf(line, sizeof(line), "create %s 4096", name);
	memset(buf, ' ', sizeof(buf));
	fd = open(TL_MGR, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	n = write(fd, line, strlen(line));
	fz_expect(n < 0 ? -1 : 0, 0, 0, "manager write of an unterminated command");
	n = write(fd, buf, sizeof(buf));
	fz_expect(n < 0 ? -1 : 0, ENOSPC, 0, "manager write of 1100 more bytes");
	close(fd);
	if (fz_sysfs_has(name))
		fz_fail("'%s' + a write refused with ENOSPC: the command ran at close", line);
	fz_dev_resync();
}

/* Deletes every name a hostile create may have made (errors ignored). */
static inline void fz_mgr_cleanup_names(void)
{
	char line[128];
	size_t i;

	for (i = 0; i < FZ_NHOSTILE; i++) {
		if (!fz_sysfs_has(fz_hostile_names[i]))
			continue;
		snprintf(line, sizeof(line), "delete %s\n", fz_hostile_names[i]);
		fz_mgr_write(line, strlen(line));
	}
}

#endif
