/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Data patterns: the byte a pattern with a seed has at each position of a
 * buffer, so a test can fill one place and check another (a mapping, the
 * device through read(), an importer) without keeping a copy.
 */
#ifndef UDMABUF_TEST_PATTERN_H
#define UDMABUF_TEST_PATTERN_H

#include <stddef.h>
#include <stdint.h>

/* The byte a pattern with @seed has at byte @pos of a buffer. */
static inline uint8_t tl_pat(uint32_t seed, uint64_t pos)
{
	uint32_t x = (uint32_t)(pos >> 2) * 2654435761u ^ (seed * 40503u + 0x9e3779b9u);

	x ^= x >> 15;
	x *= 0x2c1b3c6du;
	x ^= x >> 12;
	return (uint8_t)(x >> (8 * (pos & 3)));
}

/* Fills p[0..len) with the pattern as if p were at buffer position @pos. */
static inline void tl_fill(volatile uint8_t *p, size_t len, uint32_t seed, uint64_t pos)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = tl_pat(seed, pos + i);
}

/* First index where p (at buffer position @pos) differs from the pattern, or -1. */
static inline long tl_cmp(const volatile uint8_t *p, size_t len, uint32_t seed, uint64_t pos)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != tl_pat(seed, pos + i))
			return (long)i;
	return -1;
}

/* How many bytes of p (at buffer position @pos) still equal the pattern. */
static inline long tl_count_pat(const volatile uint8_t *p, size_t len, uint32_t seed, uint64_t pos)
{
	long same = 0;
	size_t i;

	for (i = 0; i < len; i++)
		same += p[i] == tl_pat(seed, pos + i);
	return same;
}

/* First nonzero byte, or -1. */
static inline long tl_nonzero(const volatile uint8_t *p, size_t len)
{
	const volatile uint64_t *q = (const volatile uint64_t *)p;
	size_t i;

	for (i = 0; i < len / 8; i++)
		if (q[i])
			break;
	for (i *= 8; i < len; i++)
		if (p[i])
			return (long)i;
	return -1;
}

#endif
