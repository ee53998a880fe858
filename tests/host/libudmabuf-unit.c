// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side unit tests of libudmabuf's pure parts and of the udmabuf
 * command's JSON writer: size parsing, sysfs number parsing, the fixture
 * tree (tests/libudmabuf/fixtures/sysroot, through UDMABUF_SYSROOT) read
 * as devices and heaps, argument checks that fail before any device is
 * touched, and the error text. Built and run by tests/host/libudmabuf.sh
 * with the library's sources compiled in.
 */
#include <fcntl.h>
#include <stdlib.h>

#include "internal.h"
#include "json.h"
#include "t.h"

static void test_sizes(void)
{
	static const struct { const char *text; int err; uint64_t want; } cases[] = {
		{ "4096", 0, 4096 }, { "0x400000", 0, 0x400000 }, { "4M", 0, 4 << 20 },
		{ "4MiB", 0, 4 << 20 }, { "4MB", 0, 4 << 20 }, { "1GiB", 0, 1ULL << 30 },
		{ "1g", 0, 1ULL << 30 }, { "2k", 0, 2048 }, { "512B", 0, 512 },
		{ "3T", 0, 3ULL << 40 }, { "1E", 0, 1ULL << 60 }, { "010", 0, 8 },
		{ "0", 0, 0 }, { "18446744073709551615", 0, UINT64_MAX },
		{ "0x10K", 0, 16384 }, { "", -EINVAL, 0 }, { "M", -EINVAL, 0 },
		{ "-1", -EINVAL, 0 }, { " 4", -EINVAL, 0 }, { "4 M", -EINVAL, 0 },
		{ "4Mi", -EINVAL, 0 }, { "4X", -EINVAL, 0 }, { "4MiBs", -EINVAL, 0 },
		{ "1.5M", -EINVAL, 0 }, { "16E", -ERANGE, 0 },
		{ "18446744073709551616", -ERANGE, 0 }, { "0x", -EINVAL, 0 },
	};
	uint64_t v;
	size_t i;
	int err;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		v = 0;
		err = udmabuf_parse_size(cases[i].text, &v);
		t_check_why(err == cases[i].err && (err || v == cases[i].want),
			    udmabuf_strerror(err), "size '%s': %s %llu", cases[i].text,
			    cases[i].err ? "error" : "=", (unsigned long long)cases[i].want);
	}
	udmabuf_parse_size("4Q", &v);
	t_check_str(udmabuf_strerror(-EINVAL),
		    "size '4Q' is not a number with an optional K, M, G, T, P or E suffix (KiB, MB, ...)",
		    "size: the error text names the value");
	t_check(udmabuf_parse_size(NULL, &v) == -EINVAL, "size: NULL");
}

static void test_parse_u64(void)
{
	uint64_t v = 0;

	t_check(!ub_parse_u64("0x0000000012300000", &v) && v == 0x12300000, "sysfs: %%pad hex");
	t_check(!ub_parse_u64("1048576", &v) && v == 1048576, "sysfs: decimal");
	t_check(ub_parse_u64("12 ", &v) == -EINVAL, "sysfs: trailing blank refused");
	t_check(ub_parse_u64("", &v) == -EINVAL, "sysfs: empty refused");
	t_check(ub_parse_u64("x1", &v) == -EINVAL, "sysfs: garbage refused");
	t_check(ub_parse_u64("99999999999999999999", &v) == -ERANGE, "sysfs: overflow refused");
}

static char *json_text(void (*write)(struct json *j))
{
	char *buf = NULL;
	size_t len = 0;
	struct json j;
	FILE *f = open_memstream(&buf, &len);

	json_init(&j, f);
	write(&j);
	fclose(f);
	return buf;
}

static void json_sample(struct json *j)
{
	json_begin_object(j, NULL);
	json_string(j, "s", "a\"b\\c\n\t\x01");
	json_u64(j, "big", UINT64_MAX);
	json_int(j, "neg", -5);
	json_bool(j, "t", true);
	json_null(j, "n");
	json_begin_array(j, "empty");
	json_end_array(j);
	json_begin_array(j, "list");
	json_u64(j, NULL, 1);
	json_begin_object(j, NULL);
	json_end_object(j);
	json_end_array(j);
	json_end_object(j);
	json_finish(j);
}

static void test_json(void)
{
	char *got = json_text(json_sample);

	t_check_str(got, "{\n  \"s\": \"a\\\"b\\\\c\\n\\t\\u0001\",\n"
		    "  \"big\": 18446744073709551615,\n  \"neg\": -5,\n  \"t\": true,\n"
		    "  \"n\": null,\n  \"empty\": [],\n  \"list\": [\n    1,\n    {}\n  ]\n}\n",
		    "json: escapes, numbers, nesting, empty containers");
	free(got);
}

static void test_fixture_devices(void)
{
	static const char *const order[] = { "cam0", "udmabuf0", "udmabuf2", "udmabuf10" };
	struct udmabuf_info *devs, info;
	size_t n = 0, i;
	int ok;

	if (!t_check(!udmabuf_device_list(&devs, &n), "fixture: device_list"))
		return;
	ok = n == 4;
	for (i = 0; ok && i < n; i++)
		ok = !strcmp(devs[i].name, order[i]);
	t_check(ok, "fixture: 4 devices in version order (cam0 udmabuf0 udmabuf2 udmabuf10)");
	udmabuf_list_free(devs);
	if (!t_check(!udmabuf_device_info("udmabuf10", &info), "fixture: device_info udmabuf10"))
		return;
	t_check_u64(info.size, 1ULL << 32, "fixture: udmabuf10 size 4 GiB");
	t_check_u64(info.dma_addr, 1ULL << 32, "fixture: udmabuf10 address 0x100000000");
	t_check(!info.dma_coherent && info.sync_mode == 5 && info.quirk_mmap_mode == 4,
		"fixture: udmabuf10 coherent 0, sync mode 5, quirk 4");
	t_check(info.sync_owner == 1 && info.sync_offset == 4096 && info.sync_size == 8192 &&
		info.sync_direction == 2, "fixture: udmabuf10 sync settings");
	t_check_str(info.driver_version, "6.0.0", "fixture: driver version");
	t_check(udmabuf_device_info("nosuch", &info) == -ENOENT, "fixture: unknown device");
	t_check_str(udmabuf_strerror(-ENOENT), "nosuch: no u-dma-buf device of that name",
		    "fixture: its error text");
	t_check(udmabuf_device_info("a/b", &info) == -EINVAL, "fixture: a name with '/'");
	t_check_u64(udmabuf_device_users("udmabuf0"), 0, "fixture: no users without processes");
}

static void test_fixture_heaps(void)
{
	struct udmabuf_heap_info *h;
	size_t n = 0;

	if (!t_check(!udmabuf_heap_list(&h, &n) && n == 3, "fixture: 3 heaps"))
		return;
	t_check(!strcmp(h[0].name, "cam0") && h[0].ours && h[0].subheap &&
		h[0].size == 8388608 && h[0].dma_addr == 0x40000000 && h[0].buffers_in_use == 1 &&
		h[0].bytes_in_use == 65536, "fixture: cam0 is a sub-heap with its device's address");
	t_check(!strcmp(h[1].name, "system") && !h[1].ours && !h[1].size &&
		h[1].dma_addr == UDMABUF_NO_ADDR, "fixture: system is another driver's heap");
	t_check(!strcmp(h[2].name, "udmabuf") && h[2].ours && !h[2].subheap &&
		h[2].size == 268435456 && h[2].buffers_in_use == 2 &&
		h[2].dma_addr == UDMABUF_NO_ADDR, "fixture: udmabuf is the main heap, its limit");
	udmabuf_list_free(h);
}

static void test_checks(void)
{
	struct udmabuf_create_opts o = { .dma_mask = 70 };
	struct udmabuf *d;
	uint64_t a;
	int x;

	t_check(udmabuf_create("x", 4096, &o) == -EINVAL, "create: dma mask 70 checked first");
	t_check_str(udmabuf_strerror(-EINVAL), "create x: DMA mask 70 is not 12..64",
		    "create: its error text");
	o.dma_mask = 0;
	o.quirk_mmap = 2;
	t_check(udmabuf_create("x", 4096, &o) == -ENOENT, "create: no manager is ENOENT");
	t_check_str(udmabuf_strerror(-ENOENT),
		    "create x: no /dev/u-dma-buf-mgr (is u-dma-buf-mgr loaded?)",
		    "create: its error text");
	t_check(udmabuf_delete("x y") == -EINVAL, "delete: a blank in the name");
	t_check(udmabuf_create("quirk-mmap-on", 4096, NULL) == -EINVAL,
		"create: an option word as the name");
	t_check(udmabuf_create("a=b", 4096, NULL) == -EINVAL, "create: '=' in the name");
	t_check(udmabuf_open("udmabuf0", O_RDWR | O_APPEND, &d) == -EINVAL, "open: O_APPEND");
	t_check(udmabuf_open("udmabuf0", O_RDWR, &d) == -ENOENT,
		"open: no node in the fixture's /dev");
	t_check(udmabuf_ptr_dma_addr(&x, &a) == -EFAULT, "ptr_dma_addr: the stack");
	t_check(strstr(udmabuf_strerror(-EFAULT), "not in u-dma-buf memory") != NULL,
		"ptr_dma_addr: its error text");
	t_check(udmabuf_heap_alloc("nosuch", 4096, O_RDWR, &(struct udmabuf_dmabuf *){ 0 }) ==
		-ENOENT, "heap alloc: unknown heap");
	t_check_str(udmabuf_strerror(5), strerror(5), "strerror: a plain errno");
}

int main(int argc, char **argv)
{
	test_sizes();
	test_parse_u64();
	test_json();
	if (argc < 2 || setenv("UDMABUF_SYSROOT", argv[1], 1))
		t_die("usage: libudmabuf-unit SYSROOT");
	test_fixture_devices();
	test_fixture_heaps();
	test_checks();
	return t_done();
}
