// SPDX-License-Identifier: GPL-2.0
/* 6.0: register_shrinker() takes a name (printf format) for debugfs. */
#include <linux/mm.h>

int (*conftest)(struct shrinker *, const char *, ...) = register_shrinker;
