/* SPDX-License-Identifier: GPL-2.0 */
/*
 * u-dma-buf: logging by cause. A mistake in a request from user space (an
 * ioctl argument, a sysfs write, a manager command) is answered by its
 * errno and at most a debug message or, where an administrator needs to
 * know, a notice; configuration errors at load time and allocation
 * failures are errors.
 */
#ifndef UDMABUF_LOG_H
#define UDMABUF_LOG_H

#include <linux/printk.h>
#include <linux/ratelimit.h>
#include <linux/types.h>

__printf(2, 3) void udmabuf_cause_err(bool user, const char *fmt, ...);

/*
 * A rate-limited notice, at most 20 per 5 s per call site. Unlike
 * pr_notice_ratelimited(), a flood does not end in a warning-level
 * "callbacks suppressed" line: the suppressed ones are simply not logged.
 */
#define udmabuf_notice(fmt, ...)						\
	do {									\
		static struct ratelimit_state _udmabuf_rs =			\
			RATELIMIT_STATE_INIT_FLAGS(_udmabuf_rs, 5 * HZ, 20,	\
						   RATELIMIT_MSG_ON_RELEASE);	\
		if (__ratelimit(&_udmabuf_rs))					\
			pr_notice(fmt, ##__VA_ARGS__);				\
	} while (0)

#endif
