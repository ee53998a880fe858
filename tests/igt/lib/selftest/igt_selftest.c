// SPDX-License-Identifier: GPL-2.0
/*
 * Exercises the igt harness itself (tests/host/igt-harness.sh checks its
 * output). Not part of the suite: it tests nothing of u-dma-buf. Uses only
 * igt API names, so it also builds in an igt-gpu-tools tree.
 *
 * Environment: IGT_SELFTEST_CRASH=1 makes "crash" segfault instead of
 * skipping; IGT_SELFTEST_FIXTURE_FAIL=1 makes the fixture of the second
 * group fail. The kernel-log check is exercised with a regular file of
 * /dev/kmsg records instead of the kernel's (UDMABUF_IGT_KMSG=FILE, read by
 * the harness): IGT_SELFTEST_KMSG_SETUP, _ADD and _TEARDOWN name files of
 * records the first fixture, the subtest "kernel-log" and the last fixture
 * append to it; IGT_SELFTEST_KMSG_THEN=fail|skip|warn makes "kernel-log"
 * fail, skip or igt_warn() after appending (it passes by default, and skips
 * without IGT_SELFTEST_KMSG_ADD).
 */
#include "igt.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

IGT_TEST_DESCRIPTION("Self-test of the igt harness: passing, failing and skipping subtests.");

static void fails_in_helper(int value)
{
	igt_assert_f(value < 0, "value %d is not negative\n", value);
}

/* Appends the file named by $VAR to the file the harness reads as the kernel log. */
static void kmsg_append(const char *var)
{
	const char *from = getenv(var), *to = getenv("UDMABUF_IGT_KMSG");
	char buf[4096];
	ssize_t n;
	int in, out;

	if (!from)
		return;
	igt_assert_f(to && *to, "%s needs UDMABUF_IGT_KMSG\n", var);
	in = open(from, O_RDONLY);
	igt_assert_fd(in);
	out = open(to, O_WRONLY | O_APPEND);
	igt_assert_fd(out);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		igt_assert_eq(write(out, buf, n), n);
	igt_assert_eq(n, 0);
	close(in);
	close(out);
}

igt_main
{
	int value = 0;
	uint64_t big = 0;

	igt_fixture {
		value = 42;
		big = 0x100000000ull;
		kmsg_append("IGT_SELFTEST_KMSG_SETUP");
		igt_info("fixture: set up\n");
	}

	igt_describe("Passes: the fixture ran before it.");
	igt_subtest("pass") {
		igt_assert_eq(value, 42);
		igt_debug("debug message from pass\n");
		igt_info("info message from pass\n");
	}

	igt_describe("Passes every kind of assertion and requirement.\n"
		     "A second line of description.");
	igt_subtest("pass-asserts") {
		igt_require(value == 42);
		igt_require_f(big > 0, "big is zero\n");
		igt_skip_on(value != 42);
		igt_assert(value);
		igt_assert_f(value > 0, "value %d\n", value);
		igt_assert_eq(value, 42);
		igt_assert_neq(value, 0);
		igt_assert_lt(0, value);
		igt_assert_lte(value, 42);
		igt_assert_eq_u32(0xffffffffu, ~0u);
		igt_assert_eq_u64(big, 1ull << 32);
		igt_assert_neq_u64(big, 0);
		igt_assert_lte_u64(big, big);
		igt_assert_eq_s64(-(int64_t)big, -4294967296ll);
		igt_fail_on(value == 0);
		igt_assert_fd(0);
		igt_warn_on(value != 42);
	}

	for (int i = 1; i <= 2; i++) {
		igt_describe_f("Formatted name number %d.", i);
		igt_subtest_f("pass-formatted-%d", i)
			igt_assert_lte(i, 2);
	}

	igt_describe("Fails an igt_assert.");
	igt_subtest("fail")
		igt_assert(value == 0);

	igt_subtest("fail-eq")
		igt_assert_eq(value, 43);

	igt_subtest("fail-eq-u64")
		igt_assert_eq_u64(big, 0x1234);

	igt_subtest("fail-in-helper") {
		fails_in_helper(value);
		igt_info("not reached\n");
	}

	igt_subtest("fail-explicit")
		igt_fail(IGT_EXIT_FAILURE);

	igt_describe("Skips: igt_require() of a false expression.");
	igt_subtest("skip")
		igt_require(value == 0);

	igt_subtest("skip-on")
		igt_skip_on_f(value == 42, "value is %d\n", value);

	igt_subtest("skip-explicit")
		igt_skip("skipped on purpose\n");

	igt_subtest("crash") {
		igt_require(getenv("IGT_SELFTEST_CRASH"));
		raise(SIGSEGV);
	}

	igt_describe("Adds records to the kernel log the harness reads, then passes, fails, "
		     "skips or warns (IGT_SELFTEST_KMSG_ADD, IGT_SELFTEST_KMSG_THEN).");
	igt_subtest("kernel-log") {
		const char *then = getenv("IGT_SELFTEST_KMSG_THEN");

		igt_require_f(getenv("IGT_SELFTEST_KMSG_ADD"), "no records to add\n");
		kmsg_append("IGT_SELFTEST_KMSG_ADD");
		if (then && !strcmp(then, "fail"))
			igt_assert_f(false, "failure requested\n");
		if (then && !strcmp(then, "skip"))
			igt_skip("skip requested\n");
		if (then && !strcmp(then, "warn"))
			igt_warn("warning requested\n");
	}

	igt_describe("A group whose fixture skips.");
	igt_subtest_group {
		igt_fixture
			igt_require_f(value == 0, "fixture requirement: value is %d\n", value);

		igt_describe("Never runs: the group's fixture skipped.");
		igt_subtest("group-skip-a")
			igt_assert(!"group-skip-a ran");

		igt_subtest("group-skip-b")
			igt_assert(!"group-skip-b ran");

		igt_fixture
			igt_assert(!"a fixture after a skipped one ran");
	}

	igt_subtest_group {
		igt_fixture
			igt_assert_f(!getenv("IGT_SELFTEST_FIXTURE_FAIL"),
				     "fixture failure requested\n");

		igt_subtest("group-fixture-fail")
			igt_assert_eq(value, 42);
	}

	igt_describe("Runs: groups do not leak their fixture's skip.");
	igt_subtest("after-groups")
		igt_assert_eq(value, 42);

	igt_fixture {
		kmsg_append("IGT_SELFTEST_KMSG_TEARDOWN");
		igt_info("fixture: tear down\n");
	}
}
