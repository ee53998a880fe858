/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal helpers for the C test programs run in the guests. Every check
 * prints one line the test driver counts: "PASS: name" or
 * "FAIL: name: details". main() ends with "return t_done();".
 *
 * t_label (e.g. "compat32: ") prefixes every name, so one guest can run a
 * program twice without duplicate names. With t_trim_values set, a PASS
 * line drops a last parenthesised group that has a digit in it ("... do
 * not overlap (0x3500000+1048576, ...)"): the values a test saw stay in
 * its FAIL line, and passing names stay the same from run to run.
 */
#ifndef UDMABUF_TEST_T_H
#define UDMABUF_TEST_T_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int t_failures;
static const char *t_label = "";
static int t_trim_values;

/* Cuts "name (values 1, 2)" to "name" (see t_trim_values). */
static inline void t_trim(char *name)
{
	size_t len = strlen(name), i = len;
	int depth = 0;

	if (!len || name[len - 1] != ')')
		return;
	while (i-- > 0) {
		depth += name[i] == ')';
		depth -= name[i] == '(';
		if (!depth)
			break;
	}
	if (!depth && i > 0 && name[i] == '(' && name[i - 1] == ' ' &&
	    strpbrk(name + i, "0123456789"))
		name[i - 1] = 0;
}

static inline void t_vresult(int ok, const char *detail, const char *fmt, va_list ap)
{
	char name[1024];

	vsnprintf(name, sizeof(name), fmt, ap);
	if (ok && t_trim_values)
		t_trim(name);
	printf("%s%s%s", ok ? "PASS: " : "FAIL: ", t_label, name);
	if (!ok && detail && *detail)
		printf(": %s", detail);
	printf("\n");
	fflush(stdout);
	if (!ok)
		t_failures++;
}

/* t_check(cond, "name %d", ...): PASS when cond holds. */
static inline __attribute__((format(printf, 2, 3))) int t_check(int ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	t_vresult(ok, "", fmt, ap);
	va_end(ap);
	return ok;
}

/* t_check_why(cond, why, "name"): the FAIL line ends with why. */
static inline __attribute__((format(printf, 3, 4))) int t_check_why(int ok, const char *why,
								    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	t_vresult(ok, why, fmt, ap);
	va_end(ap);
	return ok;
}

/* t_check_ret(ret, want_errno, "name"): ret < 0 with errno want_errno, or
 * ret >= 0 when want_errno is 0. Reads errno first thing. */
static inline __attribute__((format(printf, 3, 4))) int t_check_ret(long ret, int want_errno,
								    const char *fmt, ...)
{
	int got = ret < 0 ? errno : 0;
	char detail[160];
	va_list ap;

	snprintf(detail, sizeof(detail), "returned %ld, errno %s, want %s", ret,
		 got ? strerror(got) : "none", want_errno ? strerror(want_errno) : "success");
	va_start(ap, fmt);
	t_vresult(got == want_errno, detail, fmt, ap);
	va_end(ap);
	return got == want_errno;
}

/* t_check_u64(got, want, "name") */
static inline __attribute__((format(printf, 3, 4))) int t_check_u64(unsigned long long got,
								    unsigned long long want,
								    const char *fmt, ...)
{
	char detail[128];
	va_list ap;

	snprintf(detail, sizeof(detail), "got 0x%llx (%llu), want 0x%llx (%llu)",
		 got, got, want, want);
	va_start(ap, fmt);
	t_vresult(got == want, detail, fmt, ap);
	va_end(ap);
	return got == want;
}

/* t_check_str(got, want, "name") */
static inline __attribute__((format(printf, 3, 4))) int t_check_str(const char *got,
								    const char *want,
								    const char *fmt, ...)
{
	char detail[256];
	va_list ap;
	int ok = got && want && !strcmp(got, want);

	snprintf(detail, sizeof(detail), "got '%.100s', want '%.100s'",
		 got ? got : "(null)", want ? want : "(null)");
	va_start(ap, fmt);
	t_vresult(ok, detail, fmt, ap);
	va_end(ap);
	return ok;
}

/* A setup step that cannot go on failed: one FAIL line with errno, exit 1. */
static inline __attribute__((noreturn)) void t_die(const char *what)
{
	printf("FAIL: %s%s: %s\n", t_label, what, strerror(errno));
	fflush(stdout);
	exit(1);
}

static inline int t_done(void)
{
	return t_failures ? 1 : 0;
}

/*
 * T_SKIP_MAIN("name: why"): the whole main() of a program built without
 * what it needs (libdrm on arm64): it prints "SKIP: name: why" and passes.
 */
#define T_SKIP_MAIN(what)			\
int main(void)					\
{						\
	printf("SKIP: %s\n", what);		\
	return 0;				\
}

#endif
