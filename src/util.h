/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Small helpers used everywhere: cleanup attributes, array sizes, string
 * equality and saturating conversions to the MIB's 32-bit units.
 */
#ifndef SCOUT_UTIL_H
#define SCOUT_UTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#define ELEMENTSOF(a) (sizeof(a) / sizeof((a)[0]))

static inline bool
streq(const char *a, const char *b)
{
	return strcmp(a, b) == 0;
}

static inline void
freep(void *p)
{
	free(*(void **)p);
}

#define _cleanup_(f) __attribute__((cleanup(f)))
#define _cleanup_free_ _cleanup_(freep)

/* Seconds (double) to whole microseconds, clamped to the range of the type. */
static inline int32_t
usec_i32(double seconds)
{
	double us = seconds * 1e6;

	if (!(us == us))
		return 0;
	if (us >= 2147483647.0)
		return INT32_MAX;
	if (us <= -2147483648.0)
		return INT32_MIN;
	return (int32_t)(us < 0 ? us - 0.5 : us + 0.5);
}

static inline uint32_t
usec_u32(double seconds)
{
	double us = seconds * 1e6;

	if (!(us > 0))
		return 0;
	if (us >= 4294967295.0)
		return UINT32_MAX;
	return (uint32_t)(us + 0.5);
}

/* CLOCK_MONOTONIC in microseconds: for deadlines, never for dates. */
static inline uint64_t
monotonic_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

#endif
