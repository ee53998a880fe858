/* SPDX-License-Identifier: MIT */
/*
 * udmabuf command: how list and info show devices and heaps.
 */
#ifndef UDMABUF_TOOL_SHOW_H
#define UDMABUF_TOOL_SHOW_H

#include "json.h"
#include "udmabuf.h"

int show_users(const char *name);
const char *show_heap_kind(const struct udmabuf_heap_info *h);
void show_device_json(struct json *j, const char *key, const struct udmabuf_info *d);
void show_heap_json(struct json *j, const char *key, const struct udmabuf_heap_info *h);
void show_device_text(const struct udmabuf_info *d);
void show_heap_text(const struct udmabuf_heap_info *h);

#endif
