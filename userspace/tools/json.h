/* SPDX-License-Identifier: MIT */
/*
 * A small streaming JSON writer for the udmabuf command's --json output:
 * two-space indentation, keys in the order written, numbers as exact
 * unsigned integers.
 */
#ifndef UDMABUF_TOOL_JSON_H
#define UDMABUF_TOOL_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16

struct json {
	FILE *f;
	int depth;
	bool has_items[JSON_MAX_DEPTH];
};

void json_init(struct json *j, FILE *f);
/* KEY is NULL inside arrays and at the top level */
void json_begin_object(struct json *j, const char *key);
void json_end_object(struct json *j);
void json_begin_array(struct json *j, const char *key);
void json_end_array(struct json *j);
void json_string(struct json *j, const char *key, const char *value);
void json_u64(struct json *j, const char *key, uint64_t value);
void json_int(struct json *j, const char *key, long long value);
void json_bool(struct json *j, const char *key, bool value);
void json_null(struct json *j, const char *key);
/* ends the document with a newline */
void json_finish(struct json *j);

#endif
