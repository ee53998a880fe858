// SPDX-License-Identifier: GPL-2.0
/*
 * The igt test-binary protocol, written from scratch (see igt.h, README.md).
 *
 * State: what to run (from the command line), the subtest or fixture being
 * run, whether later subtests of the current group are to be reported
 * SKIP/FAIL without running (a fixture skipped/failed), and what happened so
 * far (for the exit status).
 */
#include "igt.h"

#include <fcntl.h>
#include <fnmatch.h>
#include <getopt.h>
#include <regex.h>
#include <signal.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

sigjmp_buf igt_subtest_jmpbuf;
/* Overridden by IGT_TEST_DESCRIPTION() in a test. */
__attribute__((weak)) const char *__igt_test_description;

enum { NONE, SKIP, FAIL };

static const char *prog = "igt";
static bool list_subtests, describe, debug_log, sentinel;
static const char *run_pattern, *describe_pattern;
static bool pattern_matched;

static char subtest[256];		/* current subtest, "" when none */
static bool in_subtest, in_fixture;
static int henceforth = NONE;		/* later subtests of this group: */
static struct timespec subtest_start;

static bool succeeded_one, skipped_one, failed_one;
static int fail_code = IGT_EXIT_FAILURE;
static bool subtest_warned;		/* igt_warn()/igt_critical() in this subtest */

static char description[4096];		/* from igt_describe(), for the next subtest */
static char group_description[4096];	/* those before the enclosing groups */

/* --- logging -------------------------------------------------------------- */
void igt_vlog(const char *domain, enum igt_log_level level, const char *f, va_list args)
{
	static const char *const names[] = { "DEBUG", "INFO", "WARNING", "CRITICAL" };
	FILE *out = level >= IGT_LOG_WARN ? stderr : stdout;

	if (level == IGT_LOG_DEBUG && !debug_log)
		return;
	if (level >= IGT_LOG_WARN && in_subtest)
		subtest_warned = true;
	if (level != IGT_LOG_INFO)
		fprintf(out, "(%s:%d) %s%s%s: ", prog, (int)getpid(),
			domain ? domain : "", domain ? "-" : "", names[level]);
	vfprintf(out, f, args);
	fflush(out);
}

void igt_log(const char *domain, enum igt_log_level level, const char *f, ...)
{
	va_list args;

	va_start(args, f);
	igt_vlog(domain, level, f, args);
	va_end(args);
}

/* Internal errors: misuse of the API. igt aborts on these too. */
__igt_noreturn __igt_printf(1, 2) static void harness_bug(const char *f, ...)
{
	va_list args;

	fprintf(stderr, "(%s:%d) igt harness: ", prog, (int)getpid());
	va_start(args, f);
	vfprintf(stderr, f, args);
	va_end(args);
	abort();
}

/* --- the kernel log ----------------------------------------------------------
 * As igt_runner judges a subtest by the kernel log written while it ran, so
 * does the harness: /dev/kmsg is opened (non-blocking) at start and read from
 * its end; it is drained when a subtest starts and when it ends. A record
 * "PRI,SEQ,USEC,FLAGS[,...];MESSAGE" counts when its level (PRI & 7) is at
 * most the warn level (4, warning: igt_runner's default --dmesg-warn-level),
 * it is not a continuation (FLAGS 'c') and its message matches none of the
 * lines igt_runner ignores by default (ignored[] below; igt-gpu-tools 1.27.1,
 * runner/resultgen.c). Records that arrive outside subtests (fixtures) count
 * for the next subtest that runs, as under igt_runner, which runs a binary's
 * fixtures in every subtest's process; records after the last subtest fail
 * the binary. Not done when listing, or under igt_runner (it reads the log
 * itself). UDMABUF_IGT_KMSG names another file to read (a regular file of
 * such records, for the self-test; empty: no check),
 * UDMABUF_IGT_DMESG_WARN_LEVEL another level (-1: no check), and
 * UDMABUF_IGT_DMESG_IGNORE an extended regex of more lines to ignore (the
 * suite's, for what the emulator causes; igt_runner has no such option).
 */
static const char *const ignored[] = {
	"ACPI: button: The lid device is not compliant to SW_LID",
	"ACPI: .*: Unable to dock!",
	"IRQ [0-9]+: no longer affine to CPU[0-9]+",
	"IRQ fixup: irq [0-9]+ move in progress, old vector [0-9]+",
	"Setting dangerous option [a-z_]+ - tainting kernel",
	"Suspending console\\(s\\) \\(use no_console_suspend to debug\\)",
	"atkbd serio[0-9]+: Failed to (deactivate|enable) keyboard on isa[0-9]+/serio[0-9]+",
	"cache: parent cpu[0-9]+ should not be sleeping",
	"hpet[0-9]+: lost [0-9]+ rtc interrupts",
	"i915: probe of [0-9a-fA-F:.]+ failed with error -25",
	"mock: DMA: Out of SW-IOMMU space for [0-9]+ bytes",
	"usb usb[0-9]+: root hub lost power or was reset",
};

static int kmsg_fd = -1;
static int warn_level = 4;
static regex_t ignored_re;
static char kmsg_partial[8192];		/* a regular file's unfinished last line */
static size_t kmsg_partial_len;
static char *warnings;			/* counted records, one line each */
static size_t warnings_len, warnings_size;

static void kmsg_open(void)
{
	const char *path = getenv("UDMABUF_IGT_KMSG");
	const char *level = getenv("UDMABUF_IGT_DMESG_WARN_LEVEL");
	const char *extra = getenv("UDMABUF_IGT_DMESG_IGNORE");
	char re[4096] = "";

	if (level && *level)
		warn_level = atoi(level);
	if (!path)
		path = "/dev/kmsg";
	if (!*path || warn_level < 0)
		return;
	for (size_t i = 0; i < sizeof(ignored) / sizeof(ignored[0]); i++)
		snprintf(re + strlen(re), sizeof(re) - strlen(re), "%s(%s)",
			 i ? "|" : "", ignored[i]);
	if (extra && *extra)
		snprintf(re + strlen(re), sizeof(re) - strlen(re), "|(%s)", extra);
	if (regcomp(&ignored_re, re, REG_EXTENDED | REG_NOSUB))
		harness_bug("cannot compile the kernel-log ignore list (UDMABUF_IGT_DMESG_IGNORE?)\n");
	kmsg_fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kmsg_fd < 0) {
		/* e.g. not root: nothing to judge by, as without igt_runner */
		igt_debug("kernel log %s: %s; not checked\n", path, strerror(errno));
		regfree(&ignored_re);
		return;
	}
	if (lseek(kmsg_fd, 0, SEEK_END) < 0)
		harness_bug("lseek(%s, SEEK_END): %s\n", path, strerror(errno));
}

static void warnings_add(const char *line, size_t len)
{
	if (warnings_len + len + 2 > warnings_size) {
		size_t size = (warnings_size ? warnings_size * 2 : 4096) + len + 2;
		char *p = realloc(warnings, size);

		if (!p)
			harness_bug("out of memory\n");
		warnings = p;
		warnings_size = size;
	}
	memcpy(warnings + warnings_len, line, len);
	warnings_len += len;
	warnings[warnings_len++] = '\n';
	warnings[warnings_len] = '\0';
}

/* One line of the log: a record, or a " KEY=VALUE" line of one (skipped). */
static void kmsg_line(const char *line, size_t len)
{
	char buf[1024], text[1200], *msg, *end;
	unsigned long pri, usec;
	char flag;
	int n;

	if (len >= sizeof(buf))
		len = sizeof(buf) - 1;
	memcpy(buf, line, len);
	buf[len] = '\0';
	if (buf[0] == ' ' || !(msg = strchr(buf, ';')))
		return;
	*msg++ = '\0';
	/* PRI,SEQ,USEC,FLAGS: FLAGS' first character; more fields may follow */
	pri = strtoul(buf, &end, 10);
	if (end == buf || *end != ',')
		return;
	if (sscanf(end, ",%*u,%lu,%c", &usec, &flag) != 2)
		return;
	if ((int)(pri & 7) > warn_level || flag == 'c' ||
	    regexec(&ignored_re, msg, 0, NULL, 0) == 0)
		return;
	n = snprintf(text, sizeof(text), "<%lu> [%lu.%06lu] %s", pri & 7,
		     usec / 1000000, usec % 1000000, msg);
	warnings_add(text, n < (int)sizeof(text) ? (size_t)n : sizeof(text) - 1);
}

/* Reads what the log gained since the last call; counted records go to warnings. */
static void kmsg_drain(void)
{
	char buf[8192];

	if (kmsg_fd < 0)
		return;
	for (;;) {
		ssize_t n = read(kmsg_fd, buf, sizeof(buf));
		size_t start = 0;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EPIPE)	/* overwritten before read: go on */
			continue;
		if (n <= 0)			/* EAGAIN: all read; 0: a file's end */
			break;
		/* /dev/kmsg returns one record per read, a file any number of lines */
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] != '\n')
				continue;
			if (kmsg_partial_len) {
				size_t add = i - start;

				if (kmsg_partial_len + add > sizeof(kmsg_partial))
					add = sizeof(kmsg_partial) - kmsg_partial_len;
				memcpy(kmsg_partial + kmsg_partial_len, buf + start, add);
				kmsg_line(kmsg_partial, kmsg_partial_len + add);
				kmsg_partial_len = 0;
			} else {
				kmsg_line(buf + start, i - start);
			}
			start = i + 1;
		}
		if (start < (size_t)n) {
			size_t add = n - start;

			if (kmsg_partial_len + add > sizeof(kmsg_partial))
				add = sizeof(kmsg_partial) - kmsg_partial_len;
			memcpy(kmsg_partial + kmsg_partial_len, buf + start, add);
			kmsg_partial_len += add;
		}
	}
}

/* Prints the counted records (each prefixed with WHAT) and forgets them. */
static bool warnings_report(const char *what)
{
	const char *p = warnings;

	if (!warnings_len)
		return false;
	while (*p) {
		size_t n = strcspn(p, "\n");

		fprintf(stderr, "(%s:%d) %s: %.*s\n", prog, (int)getpid(), what, (int)n, p);
		p += n + (p[n] == '\n');
	}
	fflush(stderr);
	warnings_len = 0;
	warnings[0] = '\0';
	return true;
}

/* --- selection -------------------------------------------------------------
 * A pattern is a comma-separated list of fnmatch() globs; a glob prefixed
 * with '!' excludes. The last glob that matches decides (as igt's uwildmat).
 */
static bool match_pattern(const char *name, const char *pattern)
{
	char buf[1024], *save = NULL, *glob;
	bool match = false;

	snprintf(buf, sizeof(buf), "%s", pattern);
	for (glob = strtok_r(buf, ",", &save); glob; glob = strtok_r(NULL, ",", &save)) {
		bool negate = glob[0] == '!';

		if (fnmatch(glob + negate, name, 0) == 0)
			match = !negate;
	}
	return match;
}

static double elapsed(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - subtest_start.tv_sec) +
	       (now.tv_nsec - subtest_start.tv_nsec) / 1e9;
}

/* "Starting subtest" and result lines go to stdout, and also to stderr when
 * igt_runner asks for it (IGT_SENTINEL_ON_STDERR), so it can split stderr. */
__igt_printf(1, 2) static void sentinel_line(const char *f, ...)
{
	va_list args;

	va_start(args, f);
	vprintf(f, args);
	va_end(args);
	fflush(stdout);
	if (sentinel) {
		va_start(args, f);
		vfprintf(stderr, f, args);
		va_end(args);
		fflush(stderr);
	}
}

/* --- describe ------------------------------------------------------------- */
void igt_describe_f(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(description, sizeof(description), fmt, args);
	va_end(args);
}

static void print_description(const char *name, const char *file, int line)
{
	printf("\nSUB %s %s:%d:\n", name, file, line);
	if (!group_description[0] && !description[0]) {
		printf("  NO DOCUMENTATION!\n");
		return;
	}
	/* Indent every line by two spaces. */
	for (int i = 0; i < 2; i++) {
		const char *d = i ? description : group_description;

		while (*d) {
			size_t n = strcspn(d, "\n");

			printf("  %.*s\n", (int)n, d);
			d += n + (d[n] == '\n');
		}
	}
}

/* --- subtests, fixtures, groups ------------------------------------------- */
static bool valid_name(const char *name)
{
	if (!name[0])
		return false;
	for (const char *c = name; *c; c++)
		if (!(*c == '_' || *c == '-' || (*c >= '0' && *c <= '9') ||
		      (*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')))
			return false;
	return true;
}

bool __igt_run_subtest(const char *name, const char *file, int line)
{
	if (in_subtest || in_fixture)
		harness_bug("subtest %s started inside a %s\n", name,
			    in_subtest ? "subtest" : "fixture");
	if (!valid_name(name)) {
		igt_critical("Invalid subtest name \"%s\".\n", name);
		exit(IGT_EXIT_INVALID);
	}

	if (list_subtests) {
		if (!describe)
			printf("%s\n", name);
		else if (!describe_pattern || match_pattern(name, describe_pattern)) {
			pattern_matched = true;
			print_description(name, file, line);
		}
		description[0] = '\0';
		return false;
	}
	description[0] = '\0';

	if (run_pattern && !match_pattern(name, run_pattern))
		return false;
	pattern_matched = true;

	if (henceforth != NONE) {
		sentinel_line("Subtest %s: %s\n", name, henceforth == SKIP ? "SKIP" : "FAIL");
		return false;
	}

	snprintf(subtest, sizeof(subtest), "%s", name);
	kmsg_drain();
	sentinel_line("Starting subtest: %s\n", subtest);
	clock_gettime(CLOCK_MONOTONIC, &subtest_start);
	in_subtest = true;
	subtest_warned = false;
	errno = 0;	/* "Last errno" in failure messages is the subtest's */
	return true;
}

/*
 * Ends the current subtest with RESULT and jumps back into its for-loop. As
 * igt_runner: a passed subtest that printed a warning (igt_warn(), ...) is
 * WARN; a passed or WARN subtest during which the kernel logged at the warn
 * level or worse is DMESG-WARN, a failed one DMESG-FAIL; SKIP stays SKIP. The
 * kernel's lines are printed to stderr, "dmesg-warn in NAME: <level> ...".
 * Under igt_runner (sentinel) only SUCCESS/FAIL/SKIP: it does the rest.
 */
__igt_noreturn static void exit_subtest(const char *result)
{
	char what[300];
	double t = elapsed();

	kmsg_drain();
	if (!strcmp(result, "SUCCESS") && subtest_warned && !sentinel)
		result = "WARN";	/* igt_runner judges stderr itself */
	snprintf(what, sizeof(what), "dmesg-warn in %s", subtest);
	if (!strcmp(result, "SKIP")) {
		warnings_len = 0;	/* igt_runner keeps a skip a skip */
	} else if ((!strcmp(result, "SUCCESS") || !strcmp(result, "WARN")) &&
		   warnings_report(what)) {
		result = "DMESG-WARN";
	} else if (!strcmp(result, "FAIL") && warnings_report(what)) {
		result = "DMESG-FAIL";
	}
	if (!strcmp(result, "WARN") || !strcmp(result, "DMESG-WARN")) {
		if (!failed_one)
			fail_code = IGT_EXIT_FAILURE;
		failed_one = true;
	} else if (!strcmp(result, "SUCCESS")) {
		succeeded_one = true;
	}
	sentinel_line("Subtest %s: %s (%.3fs)\n", subtest, result, t);
	in_subtest = false;
	subtest[0] = '\0';
	siglongjmp(igt_subtest_jmpbuf, 1);
}

bool __igt_fixture(void)
{
	if (in_subtest || in_fixture)
		harness_bug("fixture inside a %s\n", in_subtest ? "subtest" : "fixture");
	if (list_subtests || henceforth != NONE)
		return false;
	in_fixture = true;
	errno = 0;
	return true;
}

void __igt_fixture_complete(void)
{
	in_fixture = false;
}

/* A fixture skipped or failed: leave it, and skip/fail the rest of the group. */
__igt_noreturn static void exit_fixture(int how)
{
	henceforth = how;
	in_fixture = false;
	siglongjmp(igt_subtest_jmpbuf, 1);
}

/* Entering a group: remember what to restore when leaving it. */
void __igt_subtest_group_save(int *saved_henceforth, int *saved_description)
{
	size_t len = strlen(group_description), n = strlen(description);

	if (in_subtest || in_fixture)
		harness_bug("group inside a %s\n", in_subtest ? "subtest" : "fixture");
	*saved_henceforth = henceforth;
	*saved_description = (int)len;
	/* Append the group's description as its own line(s). */
	while (n && description[n - 1] == '\n')
		n--;
	if (n && len + n + 2 <= sizeof(group_description)) {
		memcpy(group_description + len, description, n);
		memcpy(group_description + len + n, "\n", 2);
	}
	description[0] = '\0';
}

void __igt_subtest_group_restore(int saved_henceforth, int saved_description)
{
	henceforth = saved_henceforth;
	group_description[saved_description] = '\0';
}

bool igt_only_list_subtests(void)
{
	return list_subtests;
}

/* --- results --------------------------------------------------------------- */
void igt_success(void)
{
	if (!in_subtest)
		harness_bug("igt_success() outside a subtest\n");
	exit_subtest("SUCCESS");
}

void igt_fail(int exitcode)
{
	if (exitcode == IGT_EXIT_SUCCESS || exitcode == IGT_EXIT_SKIP)
		harness_bug("igt_fail(%d): not a failure code\n", exitcode);
	if (!failed_one)
		fail_code = exitcode;
	failed_one = true;
	if (in_subtest)
		exit_subtest("FAIL");
	if (in_fixture)
		exit_fixture(FAIL);
	harness_bug("failure outside a fixture or subtest\n");
}

void igt_skip(const char *f, ...)
{
	va_list args;

	skipped_one = true;
	va_start(args, f);
	vprintf(f, args);
	va_end(args);
	fflush(stdout);
	if (in_subtest)
		exit_subtest("SKIP");
	if (in_fixture)
		exit_fixture(SKIP);
	harness_bug("skip outside a fixture or subtest\n");
}

void __igt_skip_check(const char *file, int line, const char *func,
		      const char *check, const char *f, ...)
{
	int err = errno;
	char msg[1024] = "";
	va_list args;

	if (f) {
		va_start(args, f);
		vsnprintf(msg, sizeof(msg), f, args);
		va_end(args);
	}
	if (err)
		igt_skip("Test requirement not met in function %s, file %s:%i:\n"
			 "Test requirement: %s\nLast errno: %i, %s\n%s",
			 func, file, line, check, err, strerror(err), msg);
	igt_skip("Test requirement not met in function %s, file %s:%i:\n"
		 "Test requirement: %s\n%s", func, file, line, check, msg);
}

void __igt_fail_assert(const char *file, int line, const char *func,
		       const char *assertion, const char *f, ...)
{
	int err = errno;
	va_list args;

	igt_critical("Test assertion failure function %s, file %s:%i:\n", func, file, line);
	igt_critical("Failed assertion: %s\n", assertion);
	if (err)
		igt_critical("Last errno: %i, %s\n", err, strerror(err));
	if (f) {
		va_start(args, f);
		igt_vlog(NULL, IGT_LOG_CRITICAL, f, args);
		va_end(args);
	}
	igt_fail(IGT_EXIT_FAILURE);
}

void igt_exit(void)
{
	if (list_subtests) {
		if (describe_pattern && !pattern_matched) {
			igt_critical("Unknown subtest: %s\n", describe_pattern);
			exit(IGT_EXIT_INVALID);
		}
		exit(IGT_EXIT_SUCCESS);
	}
	if (run_pattern && !pattern_matched) {
		igt_critical("Unknown subtest: %s\n", run_pattern);
		exit(IGT_EXIT_INVALID);
	}
	kmsg_drain();
	if (warnings_report("dmesg-warn after the last subtest")) {
		if (!failed_one)
			fail_code = IGT_EXIT_FAILURE;
		failed_one = true;
	}
	if (failed_one)
		exit(fail_code);
	exit(succeeded_one ? IGT_EXIT_SUCCESS : IGT_EXIT_SKIP);
}

/* --- crashes ----------------------------------------------------------------
 * A fatal signal in a subtest is reported as "Subtest NAME: CRASH"; then the
 * signal is re-raised so the process dies of it, as igt does.
 */
static void crash_handler(int sig)
{
	char buf[512];
	int n;

	n = snprintf(buf, sizeof(buf), "Received signal %s.\n",
		     sig == SIGSEGV ? "SIGSEGV" : sig == SIGBUS ? "SIGBUS" :
		     sig == SIGFPE ? "SIGFPE" : sig == SIGILL ? "SIGILL" : "SIGABRT");
	if (write(STDERR_FILENO, buf, n) < 0)
		_exit(IGT_EXIT_FAILURE);
	if (in_subtest) {
		n = snprintf(buf, sizeof(buf), "Subtest %s: CRASH (%.3fs)\n", subtest, elapsed());
		if (write(STDOUT_FILENO, buf, n) < 0 ||
		    (sentinel && write(STDERR_FILENO, buf, n) < 0))
			_exit(IGT_EXIT_FAILURE);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* --- command line ----------------------------------------------------------- */
static void usage(FILE *out)
{
	fprintf(out,
		"Usage: %s [OPTIONS]\n"
		"  --list-subtests          print the subtest names, one per line\n"
		"  --run-subtest PATTERN    run the subtests matching PATTERN: a name, a glob,\n"
		"                           or a comma-separated list of them ('!' excludes)\n"
		"  --describe[=PATTERN]     print the description of (matching) subtests\n"
		"  --help-description       print the test description\n"
		"  --debug[=DOMAIN]         also print debug messages\n"
		"  --device FILTER          accepted for igt compatibility (sets IGT_DEVICE)\n"
		"  --help, -h               this help\n"
		"Exit status: 0 passed, 77 all skipped, 79 unknown subtest or option,\n"
		"98 failed.\n", prog);
	if (__igt_test_description)
		fprintf(out, "%s\n", __igt_test_description);
}

static void print_version(void)
{
	struct utsname u;

	if (uname(&u) < 0)
		memset(&u, 0, sizeof(u));
	printf("IGT-Version: 1.0-udmabuf-harness (%s) (%s: %s %s)\n",
#if defined(__x86_64__)
	       "x86_64",
#elif defined(__aarch64__)
	       "aarch64",
#elif defined(__i386__)
	       "x86",
#else
	       "unknown",
#endif
	       u.sysname, u.release, u.machine);
}

void __igt_init(int argc, char **argv)
{
	enum { LIST = 256, RUN, DESCRIBE, HELP_DESC, DEBUG, DEVICE };
	static const struct option opts[] = {
		{ "list-subtests", no_argument, NULL, LIST },
		{ "run-subtest", required_argument, NULL, RUN },
		{ "describe", optional_argument, NULL, DESCRIBE },
		{ "help-description", no_argument, NULL, HELP_DESC },
		{ "debug", optional_argument, NULL, DEBUG },
		{ "device", required_argument, NULL, DEVICE },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	const char *slash = strrchr(argv[0], '/');
	int c;

	prog = slash ? slash + 1 : argv[0];
	setvbuf(stdout, NULL, _IOLBF, 0);
	sentinel = getenv("IGT_SENTINEL_ON_STDERR") != NULL;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case LIST:
			list_subtests = true;
			break;
		case RUN:
			run_pattern = optarg;
			break;
		case DESCRIBE:
			list_subtests = describe = true;
			describe_pattern = optarg;
			break;
		case HELP_DESC:
			if (__igt_test_description)
				printf("%s\n", __igt_test_description);
			exit(IGT_EXIT_SUCCESS);
		case DEBUG:
			debug_log = true;
			break;
		case DEVICE:
			setenv("IGT_DEVICE", optarg, 1);
			break;
		case 'h':
			usage(stdout);
			exit(IGT_EXIT_SUCCESS);
		default:
			usage(stderr);
			exit(IGT_EXIT_INVALID);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "%s: unexpected argument: %s\n", prog, argv[optind]);
		usage(stderr);
		exit(IGT_EXIT_INVALID);
	}

	if (describe && __igt_test_description)
		printf("%s\n", __igt_test_description);
	if (list_subtests)
		return;

	print_version();
	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		signal(fatal[i], crash_handler);
	if (!sentinel)		/* under igt_runner, it reads the kernel log */
		kmsg_open();
}
