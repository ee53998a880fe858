// SPDX-License-Identifier: GPL-2.0
/*
 * u-dma-buf: a refusal or failure logged by its cause (src/log.h).
 */
#define pr_fmt(fmt) "u-dma-buf: " fmt

#include <linux/printk.h>
#include <linux/ratelimit.h>

#include "log.h"

/**
 * udmabuf_cause_err() - log why a creation or allocation failed
 * @user: the request came from user space (the manager, a heap ALLOC)
 * @fmt: printf format of the message
 *
 * For user space a rate-limited notice (asking for what cannot be had is
 * the request's mistake, not the kernel's); for module parameters, the
 * device tree and kernel callers an error.
 */
void udmabuf_cause_err(bool user, const char *fmt, ...)
{
	static struct ratelimit_state rs =
		RATELIMIT_STATE_INIT_FLAGS(rs, 5 * HZ, 50, RATELIMIT_MSG_ON_RELEASE);
	struct va_format vaf;
	va_list ap;

	va_start(ap, fmt);
	vaf.fmt = fmt;
	vaf.va = &ap;
	if (!user)
		pr_err("%pV", &vaf);
	else if (__ratelimit(&rs))
		pr_notice("%pV", &vaf);
	va_end(ap);
}
