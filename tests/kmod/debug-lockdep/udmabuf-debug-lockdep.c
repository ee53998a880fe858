// SPDX-License-Identifier: GPL-2.0
/*
 * Deliberately broken module for the debug-kernel lane's self-check
 * (tests/suites/debug-checkers.sh): loading it takes two mutexes in the
 * order A, B and then B, A. Nothing deadlocks (one thread, one after the
 * other) but lockdep must report the inversion as "possible circular
 * locking dependency detected".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/mutex.h>

static DEFINE_MUTEX(debug_lock_a);
static DEFINE_MUTEX(debug_lock_b);

static noinline void debug_lock_a_then_b(void)
{
	mutex_lock(&debug_lock_a);
	mutex_lock(&debug_lock_b);
	mutex_unlock(&debug_lock_b);
	mutex_unlock(&debug_lock_a);
}

static noinline void debug_lock_b_then_a(void)
{
	mutex_lock(&debug_lock_b);
	mutex_lock(&debug_lock_a);	/* the bug */
	mutex_unlock(&debug_lock_a);
	mutex_unlock(&debug_lock_b);
}

static int __init debug_lockdep_init(void)
{
	debug_lock_a_then_b();
	debug_lock_b_then_a();
	pr_info("took A then B, and B then A\n");
	return 0;
}

static void __exit debug_lockdep_exit(void)
{
}

module_init(debug_lockdep_init);
module_exit(debug_lockdep_exit);
MODULE_DESCRIPTION("debug lane self-check: a lock-order inversion for lockdep");
MODULE_LICENSE("GPL");
