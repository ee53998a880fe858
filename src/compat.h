/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the kernel versions we build for (5.10 .. 6.18)
 * is handled here and only here; function bodies elsewhere have no #if.
 * Results of the Kbuild feature tests (scripts/conftest/) come from
 * conftest.h; header-location changes are tested with __has_include.
 */
#ifndef UDMABUF_COMPAT_H
#define UDMABUF_COMPAT_H

#include <linux/module.h>
#include "conftest.h"

#endif
