// SPDX-License-Identifier: GPL-2.0
/* 5.16..6.12: MODULE_IMPORT_NS(DMA_BUF); 6.13 takes a string literal. */
#include <linux/module.h>

MODULE_IMPORT_NS(DMA_BUF);
