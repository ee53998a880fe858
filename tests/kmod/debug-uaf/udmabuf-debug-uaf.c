// SPDX-License-Identifier: GPL-2.0
/*
 * Deliberately broken module for the debug-kernel lane's self-check
 * (tests/suites/debug-checkers.sh): loading it reads a kmalloc'ed object
 * after kfree(), which KASAN must report as "BUG: KASAN: use-after-free".
 * Never load it on a kernel without KASAN.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compiler.h>
#include <linux/module.h>
#include <linux/slab.h>

static noinline int debug_uaf_read_after_free(void)
{
	char *p = kmalloc(128, GFP_KERNEL);
	int val;

	if (!p)
		return -ENOMEM;
	memset(p, 0x5a, 128);
	kfree(p);
	OPTIMIZER_HIDE_VAR(p);
	val = READ_ONCE(p[16]);		/* the bug */
	pr_info("read %d from a freed object\n", val);
	return 0;
}

static int __init debug_uaf_init(void)
{
	return debug_uaf_read_after_free();
}

static void __exit debug_uaf_exit(void)
{
}

module_init(debug_uaf_init);
module_exit(debug_uaf_exit);
MODULE_DESCRIPTION("debug lane self-check: a use-after-free for KASAN");
MODULE_LICENSE("GPL");
