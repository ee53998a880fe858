// SPDX-License-Identifier: GPL-2.0
/*
 * Deliberately broken module for the debug-kernel lane's self-check
 * (tests/suites/debug-checkers.sh): loading it allocates with GFP_KERNEL,
 * which may sleep, under a spinlock. DEBUG_ATOMIC_SLEEP must report
 * "BUG: sleeping function called from invalid context" (with 2 GiB free
 * the allocation does not actually sleep).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

static DEFINE_SPINLOCK(debug_spinlock);

static noinline int debug_alloc_under_spinlock(void)
{
	void *p;

	spin_lock(&debug_spinlock);
	p = kmalloc(64, GFP_KERNEL);	/* the bug: GFP_ATOMIC is needed here */
	spin_unlock(&debug_spinlock);
	if (!p)
		return -ENOMEM;
	kfree(p);
	pr_info("allocated with GFP_KERNEL under a spinlock\n");
	return 0;
}

static int __init debug_atomic_sleep_init(void)
{
	return debug_alloc_under_spinlock();
}

static void __exit debug_atomic_sleep_exit(void)
{
}

module_init(debug_atomic_sleep_init);
module_exit(debug_atomic_sleep_exit);
MODULE_DESCRIPTION("debug lane self-check: sleeping in atomic context");
MODULE_LICENSE("GPL");
