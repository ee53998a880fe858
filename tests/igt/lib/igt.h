/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small, independent implementation of the igt-gpu-tools test API: the
 * same macro and function names and the same test-binary protocol, so a test
 * written against this header also builds unchanged inside an igt-gpu-tools
 * tree (whose own "igt.h" is then used). Only the core is provided: subtests,
 * fixtures, groups, requirements, assertions and logging. See README.md.
 *
 * Control flow works as in igt: igt_subtest() and igt_fixture() are for-loops
 * that call sigsetjmp(); a failed assertion or requirement prints its message
 * and siglongjmp()s out of the current subtest or fixture. Locals changed in
 * a subtest and read after it ends by a failure need "volatile".
 */
#ifndef UDMABUF_IGT_H
#define UDMABUF_IGT_H

#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Exit codes of a test binary (igt's values, which igt_runner interprets). */
#define IGT_EXIT_SUCCESS 0
#define IGT_EXIT_SKIP    77
#define IGT_EXIT_INVALID 79
#define IGT_EXIT_FAILURE 98
#define IGT_EXIT_ABORT   112

/*
 * Every subtest and fixture is a sigsetjmp() point in the function around it,
 * so gcc's -Wclobbered (part of -Wextra) warns about nearly every local of a
 * test, mostly wrongly. igt-gpu-tools builds with -Wno-clobbered for the same
 * reason; turn it off for the files that use this header.
 */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wclobbered"
#endif

#define __igt_printf(a, b) __attribute__((format(printf, a, b)))
#define __igt_noreturn     __attribute__((noreturn))

#define __igt_cat2(a, b) a##b
#define __igt_cat(a, b)  __igt_cat2(a, b)
#define igt_unique(name) __igt_cat(__igt_cat(__igt_uniq_, name), __LINE__)

/* --- internals used by the macros below ---------------------------------- */
extern sigjmp_buf igt_subtest_jmpbuf;
extern const char *__igt_test_description;

void __igt_init(int argc, char **argv);
bool __igt_run_subtest(const char *name, const char *file, int line);
bool __igt_fixture(void);
void __igt_fixture_complete(void);
void __igt_subtest_group_save(int *henceforth, int *description);
void __igt_subtest_group_restore(int henceforth, int description);
__igt_noreturn void __igt_skip_check(const char *file, int line, const char *func,
				     const char *check, const char *f, ...) __igt_printf(5, 6);
__igt_noreturn void __igt_fail_assert(const char *file, int line, const char *func,
				      const char *assertion, const char *f, ...)
	__igt_printf(5, 6);

/* --- test structure ------------------------------------------------------- */

/* IGT_TEST_DESCRIPTION("..."): what the whole binary tests (--help, --describe). */
#define IGT_TEST_DESCRIPTION(str) const char *__igt_test_description = (str)

/* igt_main { ... }: defines main(); the body runs once, subtests inside. */
#define igt_main \
	static void __igt_main_body(void); \
	int main(int argc, char **argv) \
	{ \
		__igt_init(argc, argv); \
		__igt_main_body(); \
		igt_exit(); \
	} \
	static void __igt_main_body(void)

/* igt_fixture { ... }: setup/teardown code outside subtests; not run when
 * listing, nor after an earlier fixture in the same group skipped/failed. */
#define igt_fixture \
	for (volatile int igt_unique(fix) = 0; \
	     igt_unique(fix) < 1 && __igt_fixture() && \
	     sigsetjmp(igt_subtest_jmpbuf, 1) == 0; \
	     igt_unique(fix)++, __igt_fixture_complete())

/* igt_subtest("name") { ... }: runs only when selected; a body that reaches
 * its end passes (igt_success() ends the loop by jumping back). */
#define igt_subtest(name) \
	for (; __igt_run_subtest((name), __FILE__, __LINE__) && \
	       sigsetjmp(igt_subtest_jmpbuf, 1) == 0; \
	     igt_success())

#define igt_subtest_f(...) \
	for (char igt_unique(name)[256]; \
	     (snprintf(igt_unique(name), sizeof(igt_unique(name)), __VA_ARGS__), \
	      __igt_run_subtest(igt_unique(name), __FILE__, __LINE__)) && \
	     sigsetjmp(igt_subtest_jmpbuf, 1) == 0; \
	     igt_success())

/* igt_subtest_group { ... }: a fixture skip or failure inside the group only
 * affects the rest of the group; igt_describe() before the group is prepended
 * to the descriptions of its subtests. */
#define igt_subtest_group \
	for (int igt_unique(grp) = 0, igt_unique(hence) = 0, igt_unique(desc) = 0; \
	     igt_unique(grp) < 1 && \
	     (__igt_subtest_group_save(&igt_unique(hence), &igt_unique(desc)), true); \
	     igt_unique(grp)++, \
	     __igt_subtest_group_restore(igt_unique(hence), igt_unique(desc)))

/* igt_describe("..."): documents the next subtest (or group). */
void igt_describe_f(const char *fmt, ...) __igt_printf(1, 2);
#define igt_describe(dsc) igt_describe_f("%s", (dsc))

bool igt_only_list_subtests(void);
__igt_noreturn void igt_success(void);
__igt_noreturn void igt_fail(int exitcode);
__igt_noreturn void igt_skip(const char *f, ...) __igt_printf(1, 2);
__igt_noreturn void igt_exit(void);

/* --- requirements (a failed one skips) ------------------------------------ */
#define igt_require(expr) do { \
	if (!(expr)) \
		__igt_skip_check(__FILE__, __LINE__, __func__, #expr, NULL); \
} while (0)

#define igt_require_f(expr, ...) do { \
	if (!(expr)) \
		__igt_skip_check(__FILE__, __LINE__, __func__, #expr, __VA_ARGS__); \
} while (0)

#define igt_skip_on(cond) do { \
	if ((cond)) \
		__igt_skip_check(__FILE__, __LINE__, __func__, "!(" #cond ")", NULL); \
} while (0)

#define igt_skip_on_f(cond, ...) do { \
	if ((cond)) \
		__igt_skip_check(__FILE__, __LINE__, __func__, "!(" #cond ")", __VA_ARGS__); \
} while (0)

/* --- assertions (a failed one fails) -------------------------------------- */
#define igt_assert(expr) do { \
	if (!(expr)) \
		__igt_fail_assert(__FILE__, __LINE__, __func__, #expr, NULL); \
} while (0)

#define igt_assert_f(expr, ...) do { \
	if (!(expr)) \
		__igt_fail_assert(__FILE__, __LINE__, __func__, #expr, __VA_ARGS__); \
} while (0)

#define igt_fail_on(cond) igt_assert(!(cond))
#define igt_fail_on_f(cond, ...) igt_assert_f(!(cond), __VA_ARGS__)
#define igt_assert_fd(fd) igt_assert_f((fd) >= 0, "file descriptor " #fd " failed\n")

/* Compare two values of type T; on failure print both with format FMT. */
#define __igt_assert_cmp(T, FMT, a, cmp, ncmp, b) do { \
	T __a = (a), __b = (b); \
	if (!(__a cmp __b)) \
		__igt_fail_assert(__FILE__, __LINE__, __func__, #a " " #cmp " " #b, \
				  "error: " FMT " " #ncmp " " FMT "\n", __a, __b); \
} while (0)

#define igt_assert_cmpint(a, cmp, ncmp, b)  __igt_assert_cmp(int, "%d", a, cmp, ncmp, b)
#define igt_assert_cmpuint(a, cmp, ncmp, b) __igt_assert_cmp(unsigned int, "%#x", a, cmp, ncmp, b)
#define igt_assert_cmps64(a, cmp, ncmp, b)  __igt_assert_cmp(int64_t, "%" PRId64, a, cmp, ncmp, b)
#define igt_assert_cmpu64(a, cmp, ncmp, b)  __igt_assert_cmp(uint64_t, "%#" PRIx64, a, cmp, ncmp, b)

#define igt_assert_eq(a, b)      igt_assert_cmpint(a, ==, !=, b)
#define igt_assert_neq(a, b)     igt_assert_cmpint(a, !=, ==, b)
#define igt_assert_lt(a, b)      igt_assert_cmpint(a, <, >=, b)
#define igt_assert_lte(a, b)     igt_assert_cmpint(a, <=, >, b)
#define igt_assert_eq_u32(a, b)  igt_assert_cmpuint(a, ==, !=, b)
#define igt_assert_neq_u32(a, b) igt_assert_cmpuint(a, !=, ==, b)
#define igt_assert_eq_s64(a, b)  igt_assert_cmps64(a, ==, !=, b)
#define igt_assert_eq_u64(a, b)  igt_assert_cmpu64(a, ==, !=, b)
#define igt_assert_neq_u64(a, b) igt_assert_cmpu64(a, !=, ==, b)
#define igt_assert_lt_u64(a, b)  igt_assert_cmpu64(a, <, >=, b)
#define igt_assert_lte_u64(a, b) igt_assert_cmpu64(a, <=, >, b)

/* --- logging ---------------------------------------------------------------
 * info: stdout; debug: stdout, only with --debug; warn, critical: stderr.
 * All but info are prefixed "(binary:pid) LEVEL: ".
 */
enum igt_log_level {
	IGT_LOG_DEBUG,
	IGT_LOG_INFO,
	IGT_LOG_WARN,
	IGT_LOG_CRITICAL,
};

void igt_log(const char *domain, enum igt_log_level level, const char *f, ...)
	__igt_printf(3, 4);
void igt_vlog(const char *domain, enum igt_log_level level, const char *f, va_list args)
	__igt_printf(3, 0);

#define igt_debug(...)    igt_log(NULL, IGT_LOG_DEBUG, __VA_ARGS__)
#define igt_info(...)     igt_log(NULL, IGT_LOG_INFO, __VA_ARGS__)
#define igt_warn(...)     igt_log(NULL, IGT_LOG_WARN, __VA_ARGS__)
#define igt_critical(...) igt_log(NULL, IGT_LOG_CRITICAL, __VA_ARGS__)

/* igt_warn_on(cond): warns (does not fail) and evaluates to cond. */
#define igt_warn_on(cond) __extension__ ({ \
	bool __c = (cond); \
	if (__c) \
		igt_warn("Warning on condition %s in function %s, file %s:%i\n", \
			 #cond, __func__, __FILE__, __LINE__); \
	__c; \
})

#endif
