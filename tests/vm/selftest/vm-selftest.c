// SPDX-License-Identifier: GPL-2.0
/*
 * A deliberately broken module: proves that tests/vm/run fails a run whose
 * kernel log shows a WARN or an oops. Never loaded outside that test.
 */
#include <linux/module.h>
#include <linux/bug.h>

static char *mode = "none";
module_param(mode, charp, 0444);
MODULE_PARM_DESC(mode, "none, warn or oops");

static int __init vm_selftest_init(void)
{
	if (!strcmp(mode, "warn"))
		WARN(1, "vm-selftest: deliberate warning\n");
	if (!strcmp(mode, "oops"))
		*(volatile int *)NULL = 1;
	return 0;
}
module_init(vm_selftest_init);

static void __exit vm_selftest_exit(void)
{
}
module_exit(vm_selftest_exit);

MODULE_DESCRIPTION("tests/vm/run self-test: misbehaves on request");
MODULE_LICENSE("GPL");
