// SPDX-License-Identifier: GPL-2.0
/* 6.7: the core allocates shrinkers; register_shrinker() is gone. */
#include <linux/mm.h>

struct shrinker *(*conftest)(unsigned int, const char *, ...) = shrinker_alloc;
