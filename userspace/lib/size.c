// SPDX-License-Identifier: MIT
/*
 * libudmabuf: sizes as people write them ("4M", "0x400000", "1GiB").
 * Suffixes are powers of 1024, as in the kernel's memparse().
 */
#include "internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* The power of 1024 a suffix letter stands for, or -1. */
static int ub_size_shift(char c)
{
	static const char letters[] = "KMGTPE";
	const char *p = strchr(letters, toupper((unsigned char)c));

	return c && p ? (int)(p - letters + 1) * 10 : -1;
}

/* "", "B", "<L>", "<L>B", "<L>iB" */
static int ub_size_suffix(const char *s, int *shift)
{
	*shift = 0;
	if (!*s)
		return 0;
	if (!strcmp(s, "B"))
		return 0;
	*shift = ub_size_shift(*s);
	if (*shift < 0)
		return -EINVAL;
	s++;
	if (!*s || !strcmp(s, "B") || !strcmp(s, "iB"))
		return 0;
	return -EINVAL;
}

UB_EXPORT int udmabuf_parse_size(const char *text, uint64_t *size)
{
	unsigned long long v;
	char *end;
	int shift;

	if (!text || !isdigit((unsigned char)*text))
		return ub_err(EINVAL, "size '%s' is not a number", text ? text : "(null)");
	errno = 0;
	v = strtoull(text, &end, 0);
	if (errno == ERANGE)
		return ub_err(ERANGE, "size '%s' is larger than 2^64 - 1 bytes", text);
	if (end == text || ub_size_suffix(end, &shift))
		return ub_err(EINVAL, "size '%s' is not a number with an optional K, M, G, T, P "
			      "or E suffix (KiB, MB, ...)", text);
	if (shift && v > (UINT64_MAX >> shift))
		return ub_err(ERANGE, "size '%s' is larger than 2^64 - 1 bytes", text);
	*size = (uint64_t)v << shift;
	return 0;
}
