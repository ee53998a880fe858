// SPDX-License-Identifier: GPL-2.0
/*
 * Deliberately broken module for the debug-kernel lane's self-check
 * (tests/suites/debug-checkers.sh): loading it allocates objects and
 * forgets the only pointers to them, which kmemleak must report as
 * "unreferenced object"s allocated by debug_leak_alloc(). It leaks several
 * objects because a stale copy of the last pointer may survive in a freed
 * task stack that kmemleak still scans. The allocations are outside the
 * __init section so the backtraces still resolve once the module's init
 * code is freed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

static noinline int debug_leak_alloc(void)
{
	char *p = kmalloc(192, GFP_KERNEL);

	if (!p)
		return -ENOMEM;
	OPTIMIZER_HIDE_VAR(p);		/* or the fill is optimised away */
	memset(p, 0x6b, 192);
	return 0;			/* the bug: p is lost */
}

static int __init debug_leak_init(void)
{
	int i, ret;

	for (i = 0; i < 8; i++) {
		ret = debug_leak_alloc();
		if (ret)
			return ret;
	}
	pr_info("leaked 8 kmalloc objects of 192 bytes\n");
	return 0;
}

static void __exit debug_leak_exit(void)
{
}

module_init(debug_leak_init);
module_exit(debug_leak_exit);
MODULE_DESCRIPTION("debug lane self-check: a memory leak for kmemleak");
MODULE_LICENSE("GPL");
