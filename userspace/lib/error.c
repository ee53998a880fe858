// SPDX-License-Identifier: MIT
/*
 * libudmabuf: error text. Each thread keeps the description of its last
 * failure with the errno it went with, so udmabuf_strerror() can name the
 * bad value without any call taking a buffer argument.
 */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local char ub_msg[512];
static _Thread_local int ub_msg_err;

int ub_err(int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ub_msg, sizeof(ub_msg), fmt, ap);
	va_end(ap);
	ub_msg_err = err;
	return -err;
}

UB_EXPORT const char *udmabuf_strerror(int err)
{
	static _Thread_local char generic[128];

	if (err < 0)
		err = -err;
	if (err && err == ub_msg_err)
		return ub_msg;
	/* the GNU strerror_r returns the text; it may not use the buffer */
	return strerror_r(err, generic, sizeof(generic));
}
