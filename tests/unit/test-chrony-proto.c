/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CUnit tests for chrony_proto: request bytes, Float/Timespec decoding, and every
 * decoder against replies captured from chronyd 4.3 (tests/unit/data/README), with
 * values checked against what chronyc printed for the same bytes.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/Basic.h>
#include <CUnit/CUnit.h>

#include "chrony_proto.h"
#include "unit.h"

#define ELEMENTSOF(x) (sizeof(x) / sizeof((x)[0]))
#define STATUS_UNSET 0xBEEFu

/* Sequence numbers sent when the fixtures were captured (see data/README). */
#define SEQ_TRACKING_SYNCED 0x5c000001u
#define SEQ_N_SOURCES 0x5c000002u
#define SEQ_SOURCE_DATA_SELECTED 0x5c000003u
#define SEQ_NTP_SOURCE_NAME 0x5c000004u
#define SEQ_SOURCE_DATA_NOSUCHSOURCE 0x5c000005u
#define SEQ_NTP_SOURCE_NAME_NOSUCHSOURCE 0x5c000006u
#define SEQ_NULL 0x5c000007u
#define SEQ_UNAUTH 0x5c000008u
#define SEQ_BAD_VERSION 0x5c000009u
#define SEQ_BAD_LENGTH 0x5c00000au
#define SEQ_TRACKING_LOCAL 0x5c00000bu
#define SEQ_TRACKING_UNSYNCED 0x5c00000cu
#define SEQ_SOURCE_DATA_NEVER 0x5c00000du
#define SEQ_SOURCE_DATA_UNREACHABLE 0x5c00000eu
#define SEQ_TRACKING_LOST 0x5c00000fu
#define SEQ_ACTIVITY_ONLINE 0x5c000010u
#define SEQ_ACTIVITY_UNRESOLVED 0x5c000011u
#define SEQ_ACTIVITY_OFFLINE 0x5c000012u
#define SEQ_NTP_DATA_SYNCED 0x5c000013u
#define SEQ_NTP_DATA_UNSYNC 0x5c000014u
#define SEQ_NTP_DATA_DENY 0x5c000015u
#define SEQ_NTP_DATA_RATE 0x5c000016u
#define SEQ_NTP_DATA_SILENT 0x5c000017u
#define SEQ_NTP_DATA_NOSUCHSOURCE 0x5c000018u
#define SEQ_NTP_DATA_UNAUTH 0x5c000019u
#define SEQ_NTP_DATA_152 0x5c00001au
#define SEQ_NTP_DATA_SHORT 0x5c00001bu
#define SEQ_ACTIVITY_UNIX 0x5c00001cu

struct fixture {
	uint8_t data[CHRONY_MAX_REPLY + 1]; /* room for the oversize test */
	size_t len;
};

/* The successful replies, each with its request and sequence number. */
static const struct good_reply {
	const char *name;
	uint16_t command;
	uint32_t seq;
} good_replies[] = {
	{ "null.bin", CHRONY_REQ_NULL, SEQ_NULL },
	{ "n-sources.bin", CHRONY_REQ_N_SOURCES, SEQ_N_SOURCES },
	{ "source-data-selected.bin", CHRONY_REQ_SOURCE_DATA,
	    SEQ_SOURCE_DATA_SELECTED },
	{ "source-data-unreachable.bin", CHRONY_REQ_SOURCE_DATA,
	    SEQ_SOURCE_DATA_UNREACHABLE },
	{ "source-data-never.bin", CHRONY_REQ_SOURCE_DATA, SEQ_SOURCE_DATA_NEVER },
	{ "tracking-synced.bin", CHRONY_REQ_TRACKING, SEQ_TRACKING_SYNCED },
	{ "tracking-lost.bin", CHRONY_REQ_TRACKING, SEQ_TRACKING_LOST },
	{ "tracking-local.bin", CHRONY_REQ_TRACKING, SEQ_TRACKING_LOCAL },
	{ "tracking-unsynced.bin", CHRONY_REQ_TRACKING, SEQ_TRACKING_UNSYNCED },
	{ "ntp-source-name.bin", CHRONY_REQ_NTP_SOURCE_NAME, SEQ_NTP_SOURCE_NAME },
	{ "activity-online.bin", CHRONY_REQ_ACTIVITY, SEQ_ACTIVITY_ONLINE },
	{ "activity-unresolved.bin", CHRONY_REQ_ACTIVITY, SEQ_ACTIVITY_UNRESOLVED },
	{ "activity-offline.bin", CHRONY_REQ_ACTIVITY, SEQ_ACTIVITY_OFFLINE },
	{ "activity-unix.bin", CHRONY_REQ_ACTIVITY, SEQ_ACTIVITY_UNIX },
	{ "ntp-data-synced.bin", CHRONY_REQ_NTP_DATA, SEQ_NTP_DATA_SYNCED },
	{ "ntp-data-unsync.bin", CHRONY_REQ_NTP_DATA, SEQ_NTP_DATA_UNSYNC },
	{ "ntp-data-deny.bin", CHRONY_REQ_NTP_DATA, SEQ_NTP_DATA_DENY },
	{ "ntp-data-rate.bin", CHRONY_REQ_NTP_DATA, SEQ_NTP_DATA_RATE },
	{ "ntp-data-silent.bin", CHRONY_REQ_NTP_DATA, SEQ_NTP_DATA_SILENT },
	{ "ntp-data-152.bin", CHRONY_REQ_NTP_DATA, SEQ_NTP_DATA_152 },
};

static bool
load(const char *name, struct fixture *ret)
{
	memset(ret, 0, sizeof(*ret));
	ret->len = unit_fixture(name, ret->data, CHRONY_MAX_REPLY);
	return ret->len > 0;
}

#define LOAD(name, fx) CU_ASSERT_FATAL(load((name), (fx)))

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Rotating buffers so one assertion can format several values. */
static const char *
fmt9(double v)
{
	static char bufs[4][64];
	static unsigned i;
	char *b = bufs[i++ % 4];

	snprintf(b, 64, "%.9f", v);
	return b;
}

static const char *
fmt3(double v)
{
	static char bufs[4][64];
	static unsigned i;
	char *b = bufs[i++ % 4];

	snprintf(b, 64, "%.3f", v);
	return b;
}

static const char *
fmt1(double v)
{
	static char bufs[4][64];
	static unsigned i;
	char *b = bufs[i++ % 4];

	snprintf(b, 64, "%.1f", v);
	return b;
}

static const char *
fmt_addr(const struct chrony_addr *a)
{
	static char b[64];

	chrony_addr_format(a, b, sizeof(b));
	return b;
}

/* Runs the decoder for command; output values are discarded. */
static int
decode_any(uint16_t command, const uint8_t *buf, size_t len, uint32_t seq,
    uint16_t *ret_status)
{
	struct chrony_tracking t;
	struct chrony_source s;
	struct chrony_activity a;
	struct chrony_ntp_data d;
	uint32_t n;
	char name[256];

	switch (command) {
	case CHRONY_REQ_NULL:
		return chrony_decode_null(buf, len, seq, ret_status);
	case CHRONY_REQ_N_SOURCES:
		return chrony_decode_n_sources(buf, len, seq, ret_status, &n);
	case CHRONY_REQ_SOURCE_DATA:
		return chrony_decode_source_data(buf, len, seq, ret_status, &s);
	case CHRONY_REQ_TRACKING:
		return chrony_decode_tracking(buf, len, seq, ret_status, &t);
	case CHRONY_REQ_NTP_SOURCE_NAME:
		return chrony_decode_ntp_source_name(
		    buf, len, seq, ret_status, name, sizeof(name));
	case CHRONY_REQ_ACTIVITY:
		return chrony_decode_activity(buf, len, seq, ret_status, &a);
	case CHRONY_REQ_NTP_DATA:
		return chrony_decode_ntp_data(buf, len, seq, ret_status, &d);
	default:
		CU_FAIL("no decoder");
		return 0;
	}
}

/* ---------------------------------------------------------------- encoders */

static void
check_header(const uint8_t *b, uint16_t command, uint32_t seq)
{
	static const uint8_t zero[8];

	CU_ASSERT_EQUAL(b[0], 6);
	CU_ASSERT_EQUAL(b[1], 1);
	CU_ASSERT_EQUAL(b[2], 0);
	CU_ASSERT_EQUAL(b[3], 0);
	CU_ASSERT_EQUAL(b[4], command >> 8);
	CU_ASSERT_EQUAL(b[5], command & 0xff);
	CU_ASSERT_EQUAL(b[6], 0); /* attempt */
	CU_ASSERT_EQUAL(b[7], 0);
	CU_ASSERT_EQUAL(b[8], seq >> 24);
	CU_ASSERT_EQUAL(b[9], (seq >> 16) & 0xff);
	CU_ASSERT_EQUAL(b[10], (seq >> 8) & 0xff);
	CU_ASSERT_EQUAL(b[11], seq & 0xff);
	CU_ASSERT_EQUAL(memcmp(b + 12, zero, 8), 0); /* pad1, pad2 */
}

static bool
all_bytes(const uint8_t *p, size_t n, uint8_t v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != v)
			return false;
	return true;
}

static void
test_encode_null(void)
{
	static const uint8_t expect[28] = { 6, 1, 0, 0, 0, 0, 0, 0, 0x12, 0x34, 0x56,
		0x78 };
	uint8_t b[64];

	memset(b, 0xAA, sizeof(b));
	CU_ASSERT_EQUAL(chrony_encode_null(b, sizeof(b), 0x12345678u), 28);
	CU_ASSERT_EQUAL(memcmp(b, expect, sizeof(expect)), 0);
	CU_ASSERT(all_bytes(b + 28, sizeof(b) - 28, 0xAA));
	/* exactly large enough */
	CU_ASSERT_EQUAL(chrony_encode_null(b, 28, 0x12345678u), 28);
}

static void
test_encode_tracking(void)
{
	uint8_t b[200];

	memset(b, 0xAA, sizeof(b));
	CU_ASSERT_EQUAL(chrony_encode_tracking(b, sizeof(b), 0xdeadbeefu), 104);
	check_header(b, 33, 0xdeadbeefu);
	CU_ASSERT(all_bytes(b + 20, 84, 0));
	CU_ASSERT(all_bytes(b + 104, sizeof(b) - 104, 0xAA));
}

static void
test_encode_n_sources(void)
{
	uint8_t b[64];

	memset(b, 0xAA, sizeof(b));
	CU_ASSERT_EQUAL(chrony_encode_n_sources(b, sizeof(b), 1), 32);
	check_header(b, 14, 1);
	CU_ASSERT(all_bytes(b + 20, 12, 0));
	CU_ASSERT(all_bytes(b + 32, sizeof(b) - 32, 0xAA));
}

static void
test_encode_source_data(void)
{
	static const uint8_t idx3[4] = { 0, 0, 0, 3 };
	static const uint8_t idx_neg[4] = { 0xff, 0xff, 0xff, 0xfe };
	static const uint8_t idx_max[4] = { 0x7f, 0xff, 0xff, 0xff };
	uint8_t b[128];

	memset(b, 0xAA, sizeof(b));
	CU_ASSERT_EQUAL(chrony_encode_source_data(b, sizeof(b), 0x01020304u, 3), 76);
	check_header(b, 15, 0x01020304u);
	CU_ASSERT_EQUAL(memcmp(b + 20, idx3, 4), 0);
	CU_ASSERT(all_bytes(b + 24, 52, 0));
	CU_ASSERT(all_bytes(b + 76, sizeof(b) - 76, 0xAA));

	CU_ASSERT_EQUAL(chrony_encode_source_data(b, sizeof(b), 0, -2), 76);
	CU_ASSERT_EQUAL(memcmp(b + 20, idx_neg, 4), 0);
	CU_ASSERT_EQUAL(chrony_encode_source_data(b, sizeof(b), 0, INT32_MAX), 76);
	CU_ASSERT_EQUAL(memcmp(b + 20, idx_max, 4), 0);
}

static void
test_encode_ntp_source_name(void)
{
	static const uint8_t v4[20] = { 127, 0, 0, 1, [17] = 1 };
	static const uint8_t v6[20] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1, [17] = 2 };
	static const uint8_t id[20] = { 0, 0, 0x01, 0x02, [17] = 3 };
	static const uint8_t unspec[20];
	struct chrony_addr a;
	uint8_t b[400];

	memset(&a, 0x55, sizeof(a)); /* stray bytes must not leak onto the wire */
	a.family = CHRONY_FAMILY_INET4;
	memcpy(a.bytes, "\x7f\x00\x00\x01", 4);
	memset(b, 0xAA, sizeof(b));
	CU_ASSERT_EQUAL(chrony_encode_ntp_source_name(b, sizeof(b), 42, &a), 284);
	check_header(b, 65, 42);
	CU_ASSERT_EQUAL(memcmp(b + 20, v4, 20), 0);
	CU_ASSERT(all_bytes(b + 40, 244, 0));
	CU_ASSERT(all_bytes(b + 284, sizeof(b) - 284, 0xAA));

	memset(&a, 0, sizeof(a));
	a.family = CHRONY_FAMILY_INET6;
	memcpy(a.bytes, v6, 16);
	CU_ASSERT_EQUAL(chrony_encode_ntp_source_name(b, sizeof(b), 42, &a), 284);
	CU_ASSERT_EQUAL(memcmp(b + 20, v6, 20), 0);

	memset(&a, 0x55, sizeof(a));
	a.family = CHRONY_FAMILY_ID;
	a.id = 0x0102;
	CU_ASSERT_EQUAL(chrony_encode_ntp_source_name(b, sizeof(b), 42, &a), 284);
	CU_ASSERT_EQUAL(memcmp(b + 20, id, 20), 0);

	memset(&a, 0x55, sizeof(a));
	a.family = CHRONY_FAMILY_UNSPEC;
	CU_ASSERT_EQUAL(chrony_encode_ntp_source_name(b, sizeof(b), 42, &a), 284);
	CU_ASSERT_EQUAL(memcmp(b + 20, unspec, 20), 0);
}

/* The request the capture tool sent for ntp-source-name.bin, byte for byte. */
static void
test_encode_matches_capture(void)
{
	struct chrony_addr a = { .family = CHRONY_FAMILY_INET4,
		.bytes = { 127, 0, 0, 1 } };
	uint8_t b[CHRONY_MAX_REQUEST];
	ssize_t n;

	n = chrony_encode_ntp_source_name(b, sizeof(b), SEQ_NTP_SOURCE_NAME, &a);
	CU_ASSERT_EQUAL(n, 284);
	CU_ASSERT_EQUAL(b[8], 0x5c);
	CU_ASSERT_EQUAL(b[11], 0x04);
	CU_ASSERT(n <= CHRONY_MAX_REQUEST);
}

static void
test_encode_nobufs(void)
{
	struct chrony_addr a = { .family = CHRONY_FAMILY_INET4 };
	uint8_t b[300];

	memset(b, 0xAA, sizeof(b));
	CU_ASSERT_EQUAL(chrony_encode_null(b, 27, 1), -ENOBUFS);
	CU_ASSERT_EQUAL(chrony_encode_null(b, 0, 1), -ENOBUFS);
	CU_ASSERT_EQUAL(chrony_encode_null(NULL, 0, 1), -ENOBUFS);
	CU_ASSERT_EQUAL(chrony_encode_n_sources(b, 31, 1), -ENOBUFS);
	CU_ASSERT_EQUAL(chrony_encode_source_data(b, 75, 1, 0), -ENOBUFS);
	CU_ASSERT_EQUAL(chrony_encode_tracking(b, 103, 1), -ENOBUFS);
	CU_ASSERT_EQUAL(chrony_encode_tracking(b, 28, 1), -ENOBUFS);
	CU_ASSERT_EQUAL(chrony_encode_ntp_source_name(b, 283, 1, &a), -ENOBUFS);
	/* nothing written on failure */
	CU_ASSERT(all_bytes(b, sizeof(b), 0xAA));
}

/* ------------------------------------------------------------ Float/Timespec */

static void
test_float_known(void)
{
	CU_ASSERT_DOUBLE_EQUAL(chrony_float_decode(0x00000000u), 0.0, 0.0);
	/* exponent 0, coefficient 1: 2^-25 */
	CU_ASSERT_DOUBLE_EQUAL(chrony_float_decode(0x00000001u), 0x1p-25, 0.0);
	/* exponent 0, coefficient -1 */
	CU_ASSERT_DOUBLE_EQUAL(chrony_float_decode(0x01ffffffu), -0x1p-25, 0.0);
	/* 2^23 * 2^(2-25) = 1.0; chronyd's unsynced root delay */
	CU_ASSERT_DOUBLE_EQUAL(chrony_float_decode(0x04800000u), 1.0, 0.0);
	/* -2^23 * 2^(2-25) = -1.0 */
	CU_ASSERT_DOUBLE_EQUAL(chrony_float_decode(0x05800000u), -1.0, 0.0);
	/* 2^23 * 2^(1-25) = 0.5 */
	CU_ASSERT_DOUBLE_EQUAL(chrony_float_decode(0x02800000u), 0.5, 0.0);
	/* 3 * 2^(26-25) = 6 */
	CU_ASSERT_DOUBLE_EQUAL(chrony_float_decode(26u << 25 | 3u), 6.0, 0.0);
	/* -3 * 2^(26-25) = -6 */
	CU_ASSERT_DOUBLE_EQUAL(
	    chrony_float_decode(26u << 25 | (0x2000000u - 3u)), -6.0, 0.0);
	/* zero coefficient with any exponent is zero */
	CU_ASSERT_DOUBLE_EQUAL(chrony_float_decode(0xfe000000u), 0.0, 0.0);
}

static void
test_float_extremes(void)
{
	/* largest: exponent +63, coefficient 2^24-1 -> (2^24-1) * 2^38 */
	CU_ASSERT_DOUBLE_EQUAL(chrony_float_decode(0x7effffffu), 0xffffffp38, 0.0);
	/* most negative: exponent +63, coefficient -2^24 -> -2^62 */
	CU_ASSERT_DOUBLE_EQUAL(chrony_float_decode(0x7f000000u), -0x1p62, 0.0);
	/* smallest positive: exponent -64, coefficient 1 -> 2^-89 */
	CU_ASSERT_DOUBLE_EQUAL(chrony_float_decode(0x80000001u), 0x1p-89, 0.0);
	/* exponent -1 (0x7f), coefficient -1 -> -2^-26 */
	CU_ASSERT_DOUBLE_EQUAL(chrony_float_decode(0xffffffffu), -0x1p-26, 0.0);
	/* exponent -64, coefficient 2^24-1 */
	CU_ASSERT_DOUBLE_EQUAL(chrony_float_decode(0x80ffffffu), 0xffffffp-89, 0.0);
}

static void
test_float_fixture_words(void)
{
	/* words at offsets 68, 80, 88 and 100 of tracking-synced.bin, with the
	   digits chronyc printed for them */
	CU_ASSERT_DOUBLE_EQUAL(chrony_float_decode(0xdb03f2eeu), -0x1.f81a24p-21, 0.0);
	CU_ASSERT_STRING_EQUAL(fmt9(chrony_float_decode(0xdb03f2eeu)), "-0.000000939");
	CU_ASSERT_DOUBLE_EQUAL(chrony_float_decode(0xf358d663u), -0x1.4e533ap-9, 0.0);
	CU_ASSERT_STRING_EQUAL(fmt3(chrony_float_decode(0xf358d663u)), "-0.003");
	CU_ASSERT_DOUBLE_EQUAL(chrony_float_decode(0x00a6e9acu), 0x1.4dd358p-2, 0.0);
	CU_ASSERT_STRING_EQUAL(fmt3(chrony_float_decode(0x00a6e9acu)), "0.326");
	CU_ASSERT_DOUBLE_EQUAL(chrony_float_decode(0xf88419a0u), 0x1.08334p-6, 0.0);
	CU_ASSERT_STRING_EQUAL(fmt1(chrony_float_decode(0xf88419a0u)), "0.0");
}

static void
test_timespec(void)
{
	static const uint8_t fixture[12] = { 0, 0, 0, 0, 0x6b, 0x07, 0xd3, 0x9d, 0x06,
		0xb0, 0x7f, 0x0f };
	static const uint8_t nohigh[12] = { 0x7f, 0xff, 0xff, 0xff, 0x6b, 0x07, 0xd3,
		0x9d, 0, 0, 0, 5 };
	static const uint8_t high1[12] = { 0, 0, 0, 1, 0, 0, 0, 2, 0x3b, 0x9a, 0xc9,
		0xff };
	static const uint8_t clamp1e9[12] = { 0, 0, 0, 0, 0, 0, 0, 7, 0x3b, 0x9a, 0xca,
		0x00 };
	static const uint8_t clampmax[12] = { 0, 0, 0, 0, 0, 0, 0, 7, 0xff, 0xff, 0xff,
		0xff };
	static const uint8_t minus1[12] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		0xff, 0, 0, 0, 0 };
	static const uint8_t zero[12];
	struct timespec ts;

	ts = chrony_timespec_decode(fixture);
	CU_ASSERT_EQUAL(ts.tv_sec, 1795675037);
	CU_ASSERT_EQUAL(ts.tv_nsec, 112230159);

	ts = chrony_timespec_decode(nohigh);
	CU_ASSERT_EQUAL(ts.tv_sec, 1795675037);
	CU_ASSERT_EQUAL(ts.tv_nsec, 5);

	ts = chrony_timespec_decode(high1);
	CU_ASSERT_EQUAL((int64_t)ts.tv_sec, INT64_C(0x100000002));
	CU_ASSERT_EQUAL(ts.tv_nsec, 999999999);

	ts = chrony_timespec_decode(clamp1e9);
	CU_ASSERT_EQUAL(ts.tv_sec, 7);
	CU_ASSERT_EQUAL(ts.tv_nsec, 999999999);

	ts = chrony_timespec_decode(clampmax);
	CU_ASSERT_EQUAL(ts.tv_nsec, 999999999);

	ts = chrony_timespec_decode(minus1);
	CU_ASSERT_EQUAL(ts.tv_sec, -1);
	CU_ASSERT_EQUAL(ts.tv_nsec, 0);

	ts = chrony_timespec_decode(zero);
	CU_ASSERT_EQUAL(ts.tv_sec, 0);
	CU_ASSERT_EQUAL(ts.tv_nsec, 0);
}

/* -------------------------------------------------- decoders on real replies */

/*
 * Expected strings are chronyc 4.3's `-c tracking` output for the same bytes
 * (data/README, "replay"): refid, address, stratum, ref time, system time, last
 * offset, RMS offset, frequency, residual frequency, skew, root delay, root
 * dispersion, update interval, leap.
 */
struct tracking_expect {
	const char *file;
	uint32_t seq;
	uint32_t ref_id;
	uint16_t family;
	const char *addr;
	uint16_t stratum;
	int64_t ref_sec;
	long ref_nsec;
	const char *correction, *last_offset, *rms_offset;
	const char *freq, *resid_freq, *skew;
	const char *root_delay, *root_dispersion, *update_interval;
	uint16_t leap;
};

static const struct tracking_expect tracking_expects[] = {
	/* 7F000001,127.0.0.1,9,1795675037.112230159,-0.000000939,-0.000000020,
	   0.000000021,-0.003,-0.012,0.326,0.000003017,0.000000225,0.0,Normal */
	{ "tracking-synced.bin", SEQ_TRACKING_SYNCED, 0x7F000001u, CHRONY_FAMILY_INET4,
	    "127.0.0.1", 9, 1795675037, 112230159, "-0.000000939", "-0.000000020",
	    "0.000000021", "-0.003", "-0.012", "0.326", "0.000003017", "0.000000225",
	    "0.0", CHRONY_LEAP_NORMAL },
	/* 7F000001,127.0.0.1,9,1795675038.927734713,-0.000009315,-0.000000132,
	   0.000000158,2.499,-0.148,4.493,0.000004597,0.000021435,0.0,Normal */
	{ "tracking-lost.bin", SEQ_TRACKING_LOST, 0x7F000001u, CHRONY_FAMILY_INET4,
	    "127.0.0.1", 9, 1795675038, 927734713, "-0.000009315", "-0.000000132",
	    "0.000000158", "2.499", "-0.148", "4.493", "0.000004597", "0.000021435",
	    "0.0", CHRONY_LEAP_NORMAL },
	/* 7F7F0101,,8,1795675027.394517501,0.000000000,...,0.0,Normal */
	{ "tracking-local.bin", SEQ_TRACKING_LOCAL, CHRONY_REFID_LOCAL,
	    CHRONY_FAMILY_UNSPEC, "", 8, 1795675027, 394517501, "0.000000000",
	    "0.000000000", "0.000000000", "0.000", "0.000", "0.000", "0.000000000",
	    "0.000000000", "0.0", CHRONY_LEAP_NORMAL },
	/* 00000000,,0,0.000000000,...,1.000000000,1.000000000,0.0,Not synchronised */
	{ "tracking-unsynced.bin", SEQ_TRACKING_UNSYNCED, 0, CHRONY_FAMILY_UNSPEC, "",
	    0, 0, 0, "0.000000000", "0.000000000", "0.000000000", "0.000", "0.000",
	    "0.000", "1.000000000", "1.000000000", "0.0", CHRONY_LEAP_UNSYNC },
};

static void
test_decode_tracking_fixtures(void)
{
	size_t i;

	for (i = 0; i < ELEMENTSOF(tracking_expects); i++) {
		const struct tracking_expect *e = &tracking_expects[i];
		struct chrony_tracking t;
		struct fixture fx;
		uint16_t status = STATUS_UNSET;

		LOAD(e->file, &fx);
		CU_ASSERT_EQUAL(fx.len, 104);
		memset(&t, 0xAA, sizeof(t));
		CU_ASSERT_EQUAL_FATAL(
		    chrony_decode_tracking(fx.data, fx.len, e->seq, &status, &t), 0);
		CU_ASSERT_EQUAL(status, CHRONY_STT_SUCCESS);
		CU_ASSERT_EQUAL(t.ref_id, e->ref_id);
		CU_ASSERT_EQUAL(t.addr.family, e->family);
		CU_ASSERT_STRING_EQUAL(fmt_addr(&t.addr), e->addr);
		CU_ASSERT_EQUAL(t.stratum, e->stratum);
		CU_ASSERT_EQUAL((int64_t)t.ref_time.tv_sec, e->ref_sec);
		CU_ASSERT_EQUAL(t.ref_time.tv_nsec, e->ref_nsec);
		CU_ASSERT_STRING_EQUAL(fmt9(t.current_correction), e->correction);
		CU_ASSERT_STRING_EQUAL(fmt9(t.last_offset), e->last_offset);
		CU_ASSERT_STRING_EQUAL(fmt9(t.rms_offset), e->rms_offset);
		CU_ASSERT_STRING_EQUAL(fmt3(t.freq_ppm), e->freq);
		CU_ASSERT_STRING_EQUAL(fmt3(t.resid_freq_ppm), e->resid_freq);
		CU_ASSERT_STRING_EQUAL(fmt3(t.skew_ppm), e->skew);
		CU_ASSERT_STRING_EQUAL(fmt9(t.root_delay), e->root_delay);
		CU_ASSERT_STRING_EQUAL(fmt9(t.root_dispersion), e->root_dispersion);
		CU_ASSERT_STRING_EQUAL(
		    fmt1(t.last_update_interval), e->update_interval);
		CU_ASSERT_EQUAL(t.leap, e->leap);
	}
}

/* Exact doubles for tracking-synced.bin, beyond chronyc's printed digits. */
static void
test_decode_tracking_exact(void)
{
	struct chrony_tracking t;
	struct fixture fx;

	LOAD("tracking-synced.bin", &fx);
	CU_ASSERT_EQUAL_FATAL(
	    chrony_decode_tracking(fx.data, fx.len, SEQ_TRACKING_SYNCED, NULL, &t), 0);
	CU_ASSERT_EQUAL(t.addr.bytes[0], 127);
	CU_ASSERT_EQUAL(t.addr.bytes[3], 1);
	CU_ASSERT(all_bytes(t.addr.bytes + 4, 12, 0));
	CU_ASSERT_EQUAL(t.addr.id, 0);
	CU_ASSERT_DOUBLE_EQUAL(t.current_correction, -0x1.f81a24p-21, 0.0);
	CU_ASSERT_DOUBLE_EQUAL(t.last_offset, -0x1.58b788p-26, 0.0);
	CU_ASSERT_DOUBLE_EQUAL(t.rms_offset, 0x1.611cdap-26, 0.0);
	CU_ASSERT_DOUBLE_EQUAL(t.freq_ppm, -0x1.4e533ap-9, 0.0);
	CU_ASSERT_DOUBLE_EQUAL(t.resid_freq_ppm, -0x1.82e88cp-7, 0.0);
	CU_ASSERT_DOUBLE_EQUAL(t.skew_ppm, 0x1.4dd358p-2, 0.0);
	CU_ASSERT_DOUBLE_EQUAL(t.root_delay, 0x1.94ef54p-19, 0.0);
	CU_ASSERT_DOUBLE_EQUAL(t.root_dispersion, 0x1.e223e2p-23, 0.0);
	CU_ASSERT_DOUBLE_EQUAL(
	    t.last_update_interval, 0x1.08334p-6, 0.0); /* 1/64 s poll */

	LOAD("tracking-unsynced.bin", &fx);
	CU_ASSERT_EQUAL_FATAL(
	    chrony_decode_tracking(fx.data, fx.len, SEQ_TRACKING_UNSYNCED, NULL, &t),
	    0);
	CU_ASSERT_DOUBLE_EQUAL(t.root_delay, 1.0, 0.0);
	CU_ASSERT_DOUBLE_EQUAL(t.root_dispersion, 1.0, 0.0);
}

/*
 * chronyc 4.3 `-c sources` for the same bytes: mode, state, address, stratum,
 * poll, reach (octal), last rx, adjusted offset, measured offset, error.
 */
struct source_expect {
	const char *file;
	uint32_t seq;
	const char *addr;
	uint16_t stratum;
	int16_t poll;
	uint16_t state, mode, reach;
	uint32_t since_sample;
	const char *latest, *orig, *err;
};

static const struct source_expect source_expects[] = {
	/* ^,*,127.0.0.1,8,-6,377,0,-0.000000056,-0.000000061,0.000001906 */
	{ "source-data-selected.bin", SEQ_SOURCE_DATA_SELECTED, "127.0.0.1", 8, -6,
	    CHRONY_SRC_SELECTED, CHRONY_MODE_CLIENT, 0377, 0, "-0.000000056",
	    "-0.000000061", "0.000001906" },
	/* ^,?,127.0.0.1,8,0,0,3,-0.000000449,-0.000000581,0.000003408 */
	{ "source-data-unreachable.bin", SEQ_SOURCE_DATA_UNREACHABLE, "127.0.0.1", 8, 0,
	    CHRONY_SRC_NONSELECTABLE, CHRONY_MODE_CLIENT, 0, 3, "-0.000000449",
	    "-0.000000581", "0.000003408" },
	/* ^,?,127.0.0.1,0,0,0,4294967295,0.000000000,0.000000000,0.000000000 */
	{ "source-data-never.bin", SEQ_SOURCE_DATA_NEVER, "127.0.0.1", 0, 0,
	    CHRONY_SRC_NONSELECTABLE, CHRONY_MODE_CLIENT, 0, CHRONY_NEVER_SAMPLED,
	    "0.000000000", "0.000000000", "0.000000000" },
};

static void
test_decode_source_data_fixtures(void)
{
	size_t i;

	for (i = 0; i < ELEMENTSOF(source_expects); i++) {
		const struct source_expect *e = &source_expects[i];
		struct chrony_source s;
		struct fixture fx;
		uint16_t status = STATUS_UNSET;

		LOAD(e->file, &fx);
		CU_ASSERT_EQUAL(fx.len, 76);
		memset(&s, 0xAA, sizeof(s));
		CU_ASSERT_EQUAL_FATAL(
		    chrony_decode_source_data(fx.data, fx.len, e->seq, &status, &s), 0);
		CU_ASSERT_EQUAL(status, CHRONY_STT_SUCCESS);
		CU_ASSERT_EQUAL(s.addr.family, CHRONY_FAMILY_INET4);
		CU_ASSERT_STRING_EQUAL(fmt_addr(&s.addr), e->addr);
		CU_ASSERT_EQUAL(s.stratum, e->stratum);
		CU_ASSERT_EQUAL(s.poll, e->poll);
		CU_ASSERT_EQUAL(s.state, e->state);
		CU_ASSERT_EQUAL(s.mode, e->mode);
		CU_ASSERT_EQUAL(s.flags, 0);
		CU_ASSERT_EQUAL(s.reach, e->reach);
		CU_ASSERT_EQUAL(s.since_sample, e->since_sample);
		CU_ASSERT_STRING_EQUAL(fmt9(s.latest_meas), e->latest);
		CU_ASSERT_STRING_EQUAL(fmt9(s.orig_latest_meas), e->orig);
		CU_ASSERT_STRING_EQUAL(fmt9(s.latest_meas_err), e->err);
	}
}

static void
test_decode_n_sources_fixture(void)
{
	struct fixture fx;
	uint32_t n = 0xAAAAAAAAu;
	uint16_t status = STATUS_UNSET;

	LOAD("n-sources.bin", &fx);
	CU_ASSERT_EQUAL(
	    chrony_decode_n_sources(fx.data, fx.len, SEQ_N_SOURCES, &status, &n), 0);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_EQUAL(n, 1); /* chronyc sources listed one source */
}

static void
test_decode_null_fixture(void)
{
	struct fixture fx;
	uint16_t status = STATUS_UNSET;

	LOAD("null.bin", &fx);
	CU_ASSERT_EQUAL(chrony_decode_null(fx.data, fx.len, SEQ_NULL, &status), 0);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_EQUAL(chrony_decode_null(fx.data, fx.len, SEQ_NULL, NULL), 0);
}

static void
test_decode_ntp_source_name_fixture(void)
{
	struct fixture fx;
	char name[256], small[4], one[1];
	uint16_t status = STATUS_UNSET;

	LOAD("ntp-source-name.bin", &fx);
	CU_ASSERT_EQUAL(fx.len, 284);
	/* chronyc -N sources printed "127.0.0.1" as the name */
	CU_ASSERT_EQUAL(chrony_decode_ntp_source_name(fx.data, fx.len,
			    SEQ_NTP_SOURCE_NAME, &status, name, sizeof(name)),
	    0);
	CU_ASSERT_EQUAL(status, 0);
	CU_ASSERT_STRING_EQUAL(name, "127.0.0.1");
	/* a short buffer gets a terminated prefix */
	CU_ASSERT_EQUAL(chrony_decode_ntp_source_name(fx.data, fx.len,
			    SEQ_NTP_SOURCE_NAME, NULL, small, sizeof(small)),
	    0);
	CU_ASSERT_STRING_EQUAL(small, "127");
	CU_ASSERT_EQUAL(chrony_decode_ntp_source_name(fx.data, fx.len,
			    SEQ_NTP_SOURCE_NAME, NULL, one, sizeof(one)),
	    0);
	CU_ASSERT_EQUAL(one[0], '\0');
}

/* Error replies captured from chronyd: a 28-byte header with a status. */
static void
test_decode_error_fixtures(void)
{
	struct chrony_source s;
	struct chrony_tracking t, t0;
	struct fixture fx;
	char name[64] = "untouched";
	uint16_t status;

	LOAD("source-data-nosuchsource.bin", &fx);
	CU_ASSERT_EQUAL(fx.len, 28);
	status = STATUS_UNSET;
	CU_ASSERT_EQUAL(chrony_decode_source_data(
			    fx.data, fx.len, SEQ_SOURCE_DATA_NOSUCHSOURCE, &status, &s),
	    -ENOENT);
	CU_ASSERT_EQUAL(status, CHRONY_STT_NOSUCHSOURCE);

	LOAD("ntp-source-name-nosuchsource.bin", &fx);
	status = STATUS_UNSET;
	CU_ASSERT_EQUAL(
	    chrony_decode_ntp_source_name(fx.data, fx.len,
		SEQ_NTP_SOURCE_NAME_NOSUCHSOURCE, &status, name, sizeof(name)),
	    -ENOENT);
	CU_ASSERT_EQUAL(status, CHRONY_STT_NOSUCHSOURCE);
	CU_ASSERT_STRING_EQUAL(name, "untouched");

	/* chronyd answers a version-5 request with version 6 and BADPKTVERSION */
	LOAD("bad-version.bin", &fx);
	CU_ASSERT_EQUAL(fx.data[0], 6);
	status = STATUS_UNSET;
	memset(&t, 0x5A, sizeof(t));
	t0 = t;
	CU_ASSERT_EQUAL(
	    chrony_decode_tracking(fx.data, fx.len, SEQ_BAD_VERSION, &status, &t),
	    -EPROTONOSUPPORT);
	CU_ASSERT_EQUAL(status, CHRONY_STT_BADPKTVERSION);
	CU_ASSERT_EQUAL(memcmp(&t, &t0, sizeof(t)), 0);

	/* a 28-byte TRACKING request gets BADPKTLENGTH */
	LOAD("bad-length.bin", &fx);
	status = STATUS_UNSET;
	CU_ASSERT_EQUAL(
	    chrony_decode_tracking(fx.data, fx.len, SEQ_BAD_LENGTH, &status, &t), -EIO);
	CU_ASSERT_EQUAL(status, CHRONY_STT_BADPKTLENGTH);
	CU_ASSERT_EQUAL(memcmp(&t, &t0, sizeof(t)), 0);
}

/* NTP_DATA (57) over UDP: UNAUTH. Our decoders see another command first. */
static void
test_decode_unauth_fixture(void)
{
	struct chrony_tracking t;
	struct fixture fx;
	uint16_t status = STATUS_UNSET;

	LOAD("unauth.bin", &fx);
	CU_ASSERT_EQUAL(fx.len, 28);
	CU_ASSERT_EQUAL(
	    chrony_decode_tracking(fx.data, fx.len, SEQ_UNAUTH, &status, &t), -ESRCH);
	CU_ASSERT_EQUAL(status, CHRONY_STT_UNAUTH);

	/* the same reply as if it answered TRACKING */
	put16(fx.data + 4, CHRONY_REQ_TRACKING);
	status = STATUS_UNSET;
	CU_ASSERT_EQUAL(
	    chrony_decode_tracking(fx.data, fx.len, SEQ_UNAUTH, &status, &t), -EACCES);
	CU_ASSERT_EQUAL(status, CHRONY_STT_UNAUTH);
	put16(fx.data + 4, CHRONY_REQ_NULL);
	CU_ASSERT_EQUAL(chrony_decode_null(fx.data, fx.len, SEQ_UNAUTH, NULL), -EACCES);
}

/* ------------------------------------------------------------ rejections */

static void
test_reject_truncated(void)
{
	size_t i, len;

	for (i = 0; i < ELEMENTSOF(good_replies); i++) {
		const struct good_reply *g = &good_replies[i];
		struct fixture fx;

		LOAD(g->name, &fx);
		CU_ASSERT_EQUAL(
		    decode_any(g->command, fx.data, fx.len, g->seq, NULL), 0);
		for (len = 0; len < fx.len; len++) {
			/* a copy of exactly len bytes, so ASan sees any over-read */
			uint8_t *copy = malloc(len ? len : 1);
			uint16_t status = STATUS_UNSET;

			CU_ASSERT_FATAL(copy != NULL);
			memcpy(copy, fx.data, len);
			CU_ASSERT_EQUAL(
			    decode_any(g->command, copy, len, g->seq, &status),
			    -EBADMSG);
			/* CU_ASSERT_* are blocks: no if/else around them */
			CU_ASSERT_EQUAL(
			    status, len < 28 ? STATUS_UNSET : CHRONY_STT_SUCCESS);
			free(copy);
		}
		CU_ASSERT_EQUAL(
		    decode_any(g->command, NULL, 0, g->seq, NULL), -EBADMSG);
	}
}

static void
test_reject_oversized(void)
{
	size_t i;

	for (i = 0; i < ELEMENTSOF(good_replies); i++) {
		const struct good_reply *g = &good_replies[i];
		struct fixture fx;

		LOAD(g->name, &fx);
		fx.data[fx.len] = 0;
		CU_ASSERT_EQUAL(
		    decode_any(g->command, fx.data, fx.len + 1, g->seq, NULL),
		    -EBADMSG);
		CU_ASSERT_EQUAL(
		    decode_any(g->command, fx.data, CHRONY_MAX_REPLY, g->seq, NULL),
		    -EBADMSG);
	}
}

/* Error status: 28 bytes or the full reply length are accepted, nothing else. */
static void
test_error_status_lengths(void)
{
	struct fixture fx;
	uint8_t buf[CHRONY_MAX_REPLY];
	size_t len;

	LOAD("source-data-nosuchsource.bin", &fx);
	memset(buf, 0, sizeof(buf));
	memcpy(buf, fx.data, fx.len);
	for (len = 28; len <= 80; len++) {
		int expect = (len == 28 || len == 76) ? -ENOENT : -EBADMSG;

		CU_ASSERT_EQUAL(decode_any(CHRONY_REQ_SOURCE_DATA, buf, len,
				    SEQ_SOURCE_DATA_NOSUCHSOURCE, NULL),
		    expect);
	}
}

static void
test_reject_header_fields(void)
{
	size_t i;

	for (i = 0; i < ELEMENTSOF(good_replies); i++) {
		const struct good_reply *g = &good_replies[i];
		struct fixture fx, bad;
		uint16_t status;

		LOAD(g->name, &fx);

		/* version */
		bad = fx;
		bad.data[0] = 5;
		status = STATUS_UNSET;
		CU_ASSERT_EQUAL(
		    decode_any(g->command, bad.data, bad.len, g->seq, &status),
		    -EPROTONOSUPPORT);
		CU_ASSERT_EQUAL(status, 0);
		bad.data[0] = 7;
		CU_ASSERT_EQUAL(decode_any(g->command, bad.data, bad.len, g->seq, NULL),
		    -EPROTONOSUPPORT);
		bad.data[0] = 0;
		CU_ASSERT_EQUAL(decode_any(g->command, bad.data, bad.len, g->seq, NULL),
		    -EPROTONOSUPPORT);

		/* packet type: a request, or garbage */
		bad = fx;
		bad.data[1] = 1;
		CU_ASSERT_EQUAL(
		    decode_any(g->command, bad.data, bad.len, g->seq, NULL), -EBADMSG);
		bad.data[1] = 3;
		CU_ASSERT_EQUAL(
		    decode_any(g->command, bad.data, bad.len, g->seq, NULL), -EBADMSG);

		/* reserved bytes */
		bad = fx;
		bad.data[2] = 1;
		CU_ASSERT_EQUAL(
		    decode_any(g->command, bad.data, bad.len, g->seq, NULL), -EBADMSG);
		bad = fx;
		bad.data[3] = 0x80;
		CU_ASSERT_EQUAL(
		    decode_any(g->command, bad.data, bad.len, g->seq, NULL), -EBADMSG);

		/* sequence: the caller's and the reply's */
		CU_ASSERT_EQUAL(
		    decode_any(g->command, fx.data, fx.len, g->seq + 1, NULL), -ESRCH);
		CU_ASSERT_EQUAL(
		    decode_any(g->command, fx.data, fx.len, g->seq ^ 0x80000000u, NULL),
		    -ESRCH);
		bad = fx;
		bad.data[19] ^= 1;
		CU_ASSERT_EQUAL(
		    decode_any(g->command, bad.data, bad.len, g->seq, NULL), -ESRCH);

		/* command echo */
		bad = fx;
		put16(bad.data + 4, (uint16_t)(g->command + 1));
		CU_ASSERT_EQUAL(
		    decode_any(g->command, bad.data, bad.len, g->seq, NULL), -ESRCH);
		bad = fx;
		bad.data[4] = 0x80;
		CU_ASSERT_EQUAL(
		    decode_any(g->command, bad.data, bad.len, g->seq, NULL), -ESRCH);

		/* reply code */
		bad = fx;
		bad.data[7] ^= 0x40;
		CU_ASSERT_EQUAL(
		    decode_any(g->command, bad.data, bad.len, g->seq, NULL), -EIO);
		bad = fx;
		bad.data[6] = 1;
		CU_ASSERT_EQUAL(
		    decode_any(g->command, bad.data, bad.len, g->seq, NULL), -EIO);
	}
}

/* Each reply offered to the other decoders: not the reply to that request. */
static void
test_reject_other_command(void)
{
	static const uint16_t commands[] = { CHRONY_REQ_NULL, CHRONY_REQ_N_SOURCES,
		CHRONY_REQ_SOURCE_DATA, CHRONY_REQ_TRACKING, CHRONY_REQ_NTP_SOURCE_NAME,
		CHRONY_REQ_ACTIVITY, CHRONY_REQ_NTP_DATA };
	size_t i, j;

	for (i = 0; i < ELEMENTSOF(good_replies); i++) {
		const struct good_reply *g = &good_replies[i];
		struct fixture fx;

		LOAD(g->name, &fx);
		for (j = 0; j < ELEMENTSOF(commands); j++)
			if (commands[j] != g->command)
				CU_ASSERT_EQUAL(decode_any(commands[j], fx.data, fx.len,
						    g->seq, NULL),
				    -ESRCH);
	}
}

static void
test_status_mapping(void)
{
	static const struct {
		uint16_t status;
		int err;
	} map[] = {
		{ CHRONY_STT_FAILED, -EIO },
		{ CHRONY_STT_UNAUTH, -EACCES },
		{ CHRONY_STT_INVALID, -EIO },
		{ CHRONY_STT_NOSUCHSOURCE, -ENOENT },
		{ 5, -EIO },
		{ 17, -EIO },
		{ CHRONY_STT_BADPKTVERSION, -EPROTONOSUPPORT },
		{ CHRONY_STT_BADPKTLENGTH, -EIO },
		{ 21, -EIO },
		{ 0xffff, -EIO },
	};
	struct fixture fx;
	size_t i;

	LOAD("tracking-synced.bin", &fx);
	for (i = 0; i < ELEMENTSOF(map); i++) {
		struct fixture bad = fx;
		uint16_t status = STATUS_UNSET;

		put16(bad.data + 8, map[i].status);
		put16(bad.data + 6, 1); /* chronyd sends RPY_NULL with errors */
		CU_ASSERT_EQUAL(decode_any(CHRONY_REQ_TRACKING, bad.data, 28,
				    SEQ_TRACKING_SYNCED, &status),
		    map[i].err);
		CU_ASSERT_EQUAL(status, map[i].status);
		/* the status wins over the reply code and the data */
		put16(bad.data + 6, 5);
		CU_ASSERT_EQUAL(decode_any(CHRONY_REQ_TRACKING, bad.data, 104,
				    SEQ_TRACKING_SYNCED, NULL),
		    map[i].err);
	}
}

static void
test_reject_tracking_ranges(void)
{
	struct chrony_tracking t, t0;
	struct fixture fx, bad;
	uint16_t v;

	LOAD("tracking-synced.bin", &fx);
	memset(&t, 0x5A, sizeof(t));
	t0 = t;
	for (v = 0; v <= 3; v++) {
		bad = fx;
		put16(bad.data + 54, v);
		CU_ASSERT_EQUAL(chrony_decode_tracking(
				    bad.data, bad.len, SEQ_TRACKING_SYNCED, NULL, &t),
		    0);
		CU_ASSERT_EQUAL(t.leap, v);
	}
	memset(&t, 0x5A, sizeof(t));
	bad = fx;
	put16(bad.data + 54, 4);
	CU_ASSERT_EQUAL(
	    chrony_decode_tracking(bad.data, bad.len, SEQ_TRACKING_SYNCED, NULL, &t),
	    -EBADMSG);
	put16(bad.data + 54, 0xffff);
	CU_ASSERT_EQUAL(
	    chrony_decode_tracking(bad.data, bad.len, SEQ_TRACKING_SYNCED, NULL, &t),
	    -EBADMSG);
	bad = fx;
	put16(bad.data + 48, 4);
	CU_ASSERT_EQUAL(
	    chrony_decode_tracking(bad.data, bad.len, SEQ_TRACKING_SYNCED, NULL, &t),
	    -EBADMSG);
	put16(bad.data + 48, 0x0100);
	CU_ASSERT_EQUAL(
	    chrony_decode_tracking(bad.data, bad.len, SEQ_TRACKING_SYNCED, NULL, &t),
	    -EBADMSG);
	CU_ASSERT_EQUAL(memcmp(&t, &t0, sizeof(t)), 0);
}

static void
test_source_data_families(void)
{
	static const uint8_t v6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x01 };
	struct chrony_source s;
	struct fixture fx, bad;

	LOAD("source-data-selected.bin", &fx);

	bad = fx;
	put16(bad.data + 44, CHRONY_FAMILY_ID);
	CU_ASSERT_EQUAL_FATAL(chrony_decode_source_data(bad.data, bad.len,
				  SEQ_SOURCE_DATA_SELECTED, NULL, &s),
	    0);
	CU_ASSERT_EQUAL(s.addr.family, CHRONY_FAMILY_ID);
	CU_ASSERT_EQUAL(s.addr.id, 0x7f000001u);
	CU_ASSERT(all_bytes(s.addr.bytes, 16, 0));
	CU_ASSERT_STRING_EQUAL(fmt_addr(&s.addr), "ID#2130706433");

	bad = fx;
	memcpy(bad.data + 28, v6, 16);
	put16(bad.data + 44, CHRONY_FAMILY_INET6);
	CU_ASSERT_EQUAL_FATAL(chrony_decode_source_data(bad.data, bad.len,
				  SEQ_SOURCE_DATA_SELECTED, NULL, &s),
	    0);
	CU_ASSERT_EQUAL(s.addr.family, CHRONY_FAMILY_INET6);
	CU_ASSERT_EQUAL(memcmp(s.addr.bytes, v6, 16), 0);
	CU_ASSERT_STRING_EQUAL(fmt_addr(&s.addr), "2001:db8::1");

	bad = fx;
	put16(bad.data + 44, CHRONY_FAMILY_UNSPEC);
	CU_ASSERT_EQUAL_FATAL(chrony_decode_source_data(bad.data, bad.len,
				  SEQ_SOURCE_DATA_SELECTED, NULL, &s),
	    0);
	CU_ASSERT(all_bytes(s.addr.bytes, 16, 0));
	CU_ASSERT_STRING_EQUAL(fmt_addr(&s.addr), "");

	/* a negative poll other than the fixture's */
	bad = fx;
	put16(bad.data + 48, 0x8000);
	CU_ASSERT_EQUAL_FATAL(chrony_decode_source_data(bad.data, bad.len,
				  SEQ_SOURCE_DATA_SELECTED, NULL, &s),
	    0);
	CU_ASSERT_EQUAL(s.poll, INT16_MIN);
	put16(bad.data + 48, 0x7fff);
	CU_ASSERT_EQUAL_FATAL(chrony_decode_source_data(bad.data, bad.len,
				  SEQ_SOURCE_DATA_SELECTED, NULL, &s),
	    0);
	CU_ASSERT_EQUAL(s.poll, INT16_MAX);
}

static void
test_reject_source_data_ranges(void)
{
	struct chrony_source s, s0;
	struct fixture fx, bad;
	uint16_t v;

	LOAD("source-data-selected.bin", &fx);
	for (v = 0; v <= 5; v++) {
		bad = fx;
		put16(bad.data + 52, v);
		CU_ASSERT_EQUAL(chrony_decode_source_data(bad.data, bad.len,
				    SEQ_SOURCE_DATA_SELECTED, NULL, &s),
		    0);
		CU_ASSERT_EQUAL(s.state, v);
	}
	for (v = 0; v <= 2; v++) {
		bad = fx;
		put16(bad.data + 54, v);
		CU_ASSERT_EQUAL(chrony_decode_source_data(bad.data, bad.len,
				    SEQ_SOURCE_DATA_SELECTED, NULL, &s),
		    0);
		CU_ASSERT_EQUAL(s.mode, v);
	}

	memset(&s, 0x5A, sizeof(s));
	s0 = s;
	bad = fx;
	put16(bad.data + 52, 6);
	CU_ASSERT_EQUAL(chrony_decode_source_data(
			    bad.data, bad.len, SEQ_SOURCE_DATA_SELECTED, NULL, &s),
	    -EBADMSG);
	bad = fx;
	put16(bad.data + 54, 3);
	CU_ASSERT_EQUAL(chrony_decode_source_data(
			    bad.data, bad.len, SEQ_SOURCE_DATA_SELECTED, NULL, &s),
	    -EBADMSG);
	bad = fx;
	put16(bad.data + 44, 4);
	CU_ASSERT_EQUAL(chrony_decode_source_data(
			    bad.data, bad.len, SEQ_SOURCE_DATA_SELECTED, NULL, &s),
	    -EBADMSG);
	CU_ASSERT_EQUAL(memcmp(&s, &s0, sizeof(s)), 0);
}

static void
test_reject_source_name(void)
{
	static const uint8_t nonprint[] = { 0x01, 0x09, 0x0a, 0x1f, 0x7f, 0x80, 0xff };
	struct fixture fx, bad;
	char name[300], longest[256];
	size_t i;

	LOAD("ntp-source-name.bin", &fx);

	/* no NUL anywhere in the 256-byte field */
	bad = fx;
	memset(bad.data + 28, 'a', 256);
	strcpy(name, "untouched");
	CU_ASSERT_EQUAL(chrony_decode_ntp_source_name(bad.data, bad.len,
			    SEQ_NTP_SOURCE_NAME, NULL, name, sizeof(name)),
	    -EBADMSG);
	CU_ASSERT_STRING_EQUAL(name, "untouched");

	/* 255 characters and the NUL in the last byte: the longest name */
	bad.data[283] = '\0';
	memset(longest, 'a', 255);
	longest[255] = '\0';
	CU_ASSERT_EQUAL(chrony_decode_ntp_source_name(bad.data, bad.len,
			    SEQ_NTP_SOURCE_NAME, NULL, name, sizeof(name)),
	    0);
	CU_ASSERT_STRING_EQUAL(name, longest);

	/* empty name */
	bad = fx;
	memset(bad.data + 28, 0, 256);
	CU_ASSERT_EQUAL(chrony_decode_ntp_source_name(bad.data, bad.len,
			    SEQ_NTP_SOURCE_NAME, NULL, name, sizeof(name)),
	    0);
	CU_ASSERT_STRING_EQUAL(name, "");

	/* non-printable bytes before the NUL */
	for (i = 0; i < ELEMENTSOF(nonprint); i++) {
		bad = fx;
		bad.data[28 + 3] = nonprint[i];
		CU_ASSERT_EQUAL(chrony_decode_ntp_source_name(bad.data, bad.len,
				    SEQ_NTP_SOURCE_NAME, NULL, name, sizeof(name)),
		    -EBADMSG);
	}
	/* bytes after the NUL are not part of the name */
	bad = fx;
	bad.data[28 + 200] = 0x01;
	CU_ASSERT_EQUAL(chrony_decode_ntp_source_name(bad.data, bad.len,
			    SEQ_NTP_SOURCE_NAME, NULL, name, sizeof(name)),
	    0);
	CU_ASSERT_STRING_EQUAL(name, "127.0.0.1");
}

/* ------------------------------------------- ACTIVITY and NTP_DATA (issue 10) */

static void
test_encode_activity(void)
{
	uint8_t b[64];

	memset(b, 0xAA, sizeof(b));
	CU_ASSERT_EQUAL(chrony_encode_activity(b, sizeof(b), 0x01020304u), 48);
	check_header(b, CHRONY_REQ_ACTIVITY, 0x01020304u);
	CU_ASSERT(all_bytes(b + 20, 28, 0));
	CU_ASSERT(all_bytes(b + 48, sizeof(b) - 48, 0xAA));
	CU_ASSERT_EQUAL(chrony_encode_activity(b, 47, 1), -ENOBUFS);
	CU_ASSERT_EQUAL(chrony_encode_activity(NULL, 100, 1), -ENOBUFS);
}

static void
test_encode_ntp_data(void)
{
	struct chrony_addr v4 = { .family = CHRONY_FAMILY_INET4,
		.bytes = { 127, 0, 0, 1 } };
	struct chrony_addr v6 = { .family = CHRONY_FAMILY_INET6 };
	uint8_t b[200];

	memset(b, 0xAA, sizeof(b));
	/* 172: the reply length of chrony >= 4.6; 4.3 took it (ntp-data-*.bin) */
	CU_ASSERT_EQUAL(
	    chrony_encode_ntp_data(b, sizeof(b), SEQ_NTP_DATA_SYNCED, &v4), 172);
	check_header(b, CHRONY_REQ_NTP_DATA, SEQ_NTP_DATA_SYNCED);
	CU_ASSERT_EQUAL(memcmp(b + 20, "\x7f\x00\x00\x01", 4), 0);
	CU_ASSERT(all_bytes(b + 24, 12, 0));
	CU_ASSERT_EQUAL(b[36], 0);
	CU_ASSERT_EQUAL(b[37], CHRONY_FAMILY_INET4);
	CU_ASSERT(all_bytes(b + 38, 172 - 38, 0));
	CU_ASSERT(all_bytes(b + 172, sizeof(b) - 172, 0xAA));

	memset(v6.bytes, 0x11, sizeof(v6.bytes));
	CU_ASSERT_EQUAL(chrony_encode_ntp_data(b, 172, 7, &v6), 172);
	CU_ASSERT(all_bytes(b + 20, 16, 0x11));
	CU_ASSERT_EQUAL(b[37], CHRONY_FAMILY_INET6);
	CU_ASSERT_EQUAL(chrony_encode_ntp_data(b, 171, 7, &v6), -ENOBUFS);
	CU_ASSERT(172 <= CHRONY_MAX_REQUEST);
}

/* chronyc -c activity on the replayed bytes (data/README). */
static void
test_decode_activity_fixtures(void)
{
	static const struct {
		const char *name;
		uint32_t seq;
		struct chrony_activity want;
	} cases[] = {
		{ "activity-online.bin", SEQ_ACTIVITY_ONLINE, { 1, 0, 0, 0, 0 } },
		{ "activity-unresolved.bin", SEQ_ACTIVITY_UNRESOLVED,
		    { 1, 0, 0, 0, 1 } },
		{ "activity-offline.bin", SEQ_ACTIVITY_OFFLINE, { 0, 1, 0, 0, 0 } },
		{ "activity-unix.bin", SEQ_ACTIVITY_UNIX, { 1, 0, 0, 0, 0 } },
	};
	size_t i;

	for (i = 0; i < ELEMENTSOF(cases); i++) {
		struct chrony_activity a;
		struct fixture fx;
		uint16_t status = STATUS_UNSET;

		LOAD(cases[i].name, &fx);
		memset(&a, 0x55, sizeof(a));
		CU_ASSERT_EQUAL_FATAL(
		    chrony_decode_activity(fx.data, fx.len, cases[i].seq, &status, &a),
		    0);
		CU_ASSERT_EQUAL(status, CHRONY_STT_SUCCESS);
		CU_ASSERT_EQUAL(a.online, cases[i].want.online);
		CU_ASSERT_EQUAL(a.offline, cases[i].want.offline);
		CU_ASSERT_EQUAL(a.burst_online, cases[i].want.burst_online);
		CU_ASSERT_EQUAL(a.burst_offline, cases[i].want.burst_offline);
		CU_ASSERT_EQUAL(a.unresolved, cases[i].want.unresolved);
	}
}

/* chronyd keeps the counts as int: a negative one is not a count. */
static void
test_reject_activity_negative(void)
{
	static const uint32_t bad_words[] = { 0x80000000u, 0xffffffffu };
	struct chrony_activity a;
	struct fixture fx, bad;
	size_t field, i;

	LOAD("activity-unresolved.bin", &fx);
	for (field = 0; field < 5; field++)
		for (i = 0; i < ELEMENTSOF(bad_words); i++) {
			uint8_t *p;

			bad = fx;
			p = bad.data + 28 + 4 * field;
			p[0] = (uint8_t)(bad_words[i] >> 24);
			p[1] = (uint8_t)(bad_words[i] >> 16);
			p[2] = (uint8_t)(bad_words[i] >> 8);
			p[3] = (uint8_t)bad_words[i];
			memset(&a, 0x55, sizeof(a));
			CU_ASSERT_EQUAL(chrony_decode_activity(bad.data, bad.len,
					    SEQ_ACTIVITY_UNRESOLVED, NULL, &a),
			    -EBADMSG);
			CU_ASSERT_EQUAL(a.online, 0x55555555u); /* untouched */
		}
	/* the largest int is a count */
	bad = fx;
	memcpy(bad.data + 44, "\x7f\xff\xff\xff", 4);
	CU_ASSERT_EQUAL(chrony_decode_activity(
			    bad.data, bad.len, SEQ_ACTIVITY_UNRESOLVED, NULL, &a),
	    0);
	CU_ASSERT_EQUAL(a.unresolved, 0x7fffffffu);
}

struct ntp_data_case {
	const char *name;
	uint32_t seq;
	uint16_t port;
	uint16_t local_family;
	uint8_t leap, version, mode, stratum;
	int8_t poll, precision;
	uint32_t ref_id;
	uint16_t tests;
	char tss;
	uint32_t tx, rx, valid, good;
};

/* What chronyc -c ntpdata printed for the same bytes (data/README). */
static void
test_decode_ntp_data_fixtures(void)
{
	static const struct ntp_data_case cases[] = {
		{ "ntp-data-synced.bin", SEQ_NTP_DATA_SYNCED, 26030,
		    CHRONY_FAMILY_INET4, 0, 4, 4, 8, -3, -20, 0x7F7F0101u, 0x3fd, 'K',
		    44, 44, 44, 17 },
		{ "ntp-data-152.bin", SEQ_NTP_DATA_152, 26030, CHRONY_FAMILY_INET4, 0,
		    4, 4, 8, -3, -20, 0x7F7F0101u, 0x3fd, 'K', 47, 47, 47, 17 },
		/* leap 3 / stratum 16: answers, passes the header tests, never good */
		{ "ntp-data-unsync.bin", SEQ_NTP_DATA_UNSYNC, 26031,
		    CHRONY_FAMILY_INET4, 3, 4, 4, 16, 0, -20, 0, 0x3d0, 'K', 11, 11, 11,
		    0 },
		/* kiss-o'-death: stratum 0, the code in the reference id */
		{ "ntp-data-deny.bin", SEQ_NTP_DATA_DENY, 26032, CHRONY_FAMILY_INET4, 3,
		    4, 4, 0, 0, -20, 0x44454E59u, 0x3d0, 'K', 11, 11, 11, 0 },
		{ "ntp-data-rate.bin", SEQ_NTP_DATA_RATE, 26033, CHRONY_FAMILY_INET4, 3,
		    4, 4, 0, 0, -20, 0x52415445u, 0x3d0, 'K', 2, 2, 2, 0 },
		/* nothing ever received: all zero but the port and the tx count */
		{ "ntp-data-silent.bin", SEQ_NTP_DATA_SILENT, 26034,
		    CHRONY_FAMILY_UNSPEC, 0, 0, 0, 0, 0, 0, 0, 0, '\0', 11, 0, 0, 0 },
	};
	size_t i;

	for (i = 0; i < ELEMENTSOF(cases); i++) {
		const struct ntp_data_case *c = &cases[i];
		struct chrony_ntp_data d;
		struct fixture fx;
		uint16_t status = STATUS_UNSET;

		LOAD(c->name, &fx);
		CU_ASSERT_EQUAL_FATAL(fx.len, 152);
		CU_ASSERT_EQUAL_FATAL(
		    chrony_decode_ntp_data(fx.data, fx.len, c->seq, &status, &d), 0);
		CU_ASSERT_EQUAL(status, CHRONY_STT_SUCCESS);
		CU_ASSERT_STRING_EQUAL(fmt_addr(&d.remote_addr), "127.0.0.1");
		CU_ASSERT_EQUAL(d.remote_port, c->port);
		CU_ASSERT_EQUAL(d.local_addr.family, c->local_family);
		CU_ASSERT_EQUAL(d.leap, c->leap);
		CU_ASSERT_EQUAL(d.version, c->version);
		CU_ASSERT_EQUAL(d.mode, c->mode);
		CU_ASSERT_EQUAL(d.stratum, c->stratum);
		CU_ASSERT_EQUAL(d.poll, c->poll);
		CU_ASSERT_EQUAL(d.precision, c->precision);
		CU_ASSERT_EQUAL(d.ref_id, c->ref_id);
		CU_ASSERT_EQUAL(d.flags & CHRONY_NTP_FLAGS_TESTS, c->tests);
		CU_ASSERT_EQUAL(d.flags & ~CHRONY_NTP_FLAGS_TESTS, 0); /* No, No */
		CU_ASSERT_EQUAL(d.tx_tss_char, c->tss);
		CU_ASSERT_EQUAL(d.rx_tss_char, c->tss);
		CU_ASSERT_EQUAL(d.total_tx_count, c->tx);
		CU_ASSERT_EQUAL(d.total_rx_count, c->rx);
		CU_ASSERT_EQUAL(d.total_valid_count, c->valid);
		CU_ASSERT_EQUAL(d.total_good_count, c->good);
		if (c->local_family == CHRONY_FAMILY_INET4)
			CU_ASSERT_STRING_EQUAL(fmt_addr(&d.local_addr), "127.0.0.1");
	}
}

/* The floats and the reference time of one reply, as chronyc printed them. */
static void
test_decode_ntp_data_exact(void)
{
	struct chrony_ntp_data d;
	struct fixture fx;
	char asym[16];

	LOAD("ntp-data-synced.bin", &fx);
	CU_ASSERT_EQUAL_FATAL(
	    chrony_decode_ntp_data(fx.data, fx.len, SEQ_NTP_DATA_SYNCED, NULL, &d), 0);
	CU_ASSERT_STRING_EQUAL(fmt9(d.root_delay), "0.000000000");
	CU_ASSERT_STRING_EQUAL(fmt9(d.root_dispersion), "0.000244141");
	CU_ASSERT_EQUAL((long long)d.ref_time.tv_sec, 1796156771LL);
	CU_ASSERT_EQUAL(d.ref_time.tv_nsec, 937090355L);
	CU_ASSERT_STRING_EQUAL(fmt9(d.offset), "0.000086456");
	CU_ASSERT_STRING_EQUAL(fmt9(d.peer_delay), "0.000199127");
	CU_ASSERT_STRING_EQUAL(fmt9(d.peer_dispersion), "0.000000974");
	CU_ASSERT_STRING_EQUAL(fmt9(d.response_time), "0.000000100");
	snprintf(asym, sizeof(asym), "%.2f", d.jitter_asymmetry); /* as chronyc */
	CU_ASSERT_STRING_EQUAL(asym, "-0.49");

	LOAD("ntp-data-deny.bin", &fx);
	CU_ASSERT_EQUAL_FATAL(
	    chrony_decode_ntp_data(fx.data, fx.len, SEQ_NTP_DATA_DENY, NULL, &d), 0);
	CU_ASSERT_EQUAL((long long)d.ref_time.tv_sec, 0);
	CU_ASSERT_EQUAL(d.ref_time.tv_nsec, 0);
	CU_ASSERT_STRING_EQUAL(fmt9(d.offset), "0.000000000");
}

/* chrony >= 4.6 answers with RPY_NTP_DATA2, 20 bytes longer. No such chronyd
 * is packaged for Debian 12: built from the 4.3 capture, with the length and
 * reply code of the later layout. */
static void
test_decode_ntp_data2(void)
{
	struct chrony_ntp_data d, d2;
	struct fixture fx, longer;
	uint16_t status = STATUS_UNSET;

	LOAD("ntp-data-synced.bin", &fx);
	CU_ASSERT_EQUAL_FATAL(
	    chrony_decode_ntp_data(fx.data, fx.len, SEQ_NTP_DATA_SYNCED, NULL, &d), 0);
	longer = fx;
	memset(longer.data + 152, 0x77, 20); /* the 4.6 counters, not read */
	longer.len = 172;
	put16(longer.data + 6, 26);
	CU_ASSERT_EQUAL(chrony_decode_ntp_data(
			    longer.data, longer.len, SEQ_NTP_DATA_SYNCED, &status, &d2),
	    0);
	CU_ASSERT_EQUAL(status, CHRONY_STT_SUCCESS);
	CU_ASSERT_EQUAL(memcmp(&d, &d2, sizeof(d)), 0);
	/* each length with its own reply code only */
	put16(longer.data + 6, 16);
	CU_ASSERT_EQUAL(chrony_decode_ntp_data(
			    longer.data, longer.len, SEQ_NTP_DATA_SYNCED, NULL, &d2),
	    -EIO);
	put16(longer.data + 6, 26);
	CU_ASSERT_EQUAL(
	    chrony_decode_ntp_data(longer.data, 152, SEQ_NTP_DATA_SYNCED, NULL, &d2),
	    -EIO);
	CU_ASSERT_EQUAL(
	    chrony_decode_ntp_data(longer.data, 171, SEQ_NTP_DATA_SYNCED, NULL, &d2),
	    -EBADMSG);
	CU_ASSERT_EQUAL(
	    chrony_decode_ntp_data(longer.data, 173, SEQ_NTP_DATA_SYNCED, NULL, &d2),
	    -EBADMSG);
}

/* The refusals chronyd 4.3 sent: UDP, an unknown address, a short request. */
static void
test_decode_ntp_data_errors(void)
{
	static const struct {
		const char *name;
		uint32_t seq;
		int result;
		uint16_t status;
	} cases[] = {
		{ "ntp-data-unauth.bin", SEQ_NTP_DATA_UNAUTH, -EACCES,
		    CHRONY_STT_UNAUTH },
		{ "ntp-data-nosuchsource.bin", SEQ_NTP_DATA_NOSUCHSOURCE, -ENOENT,
		    CHRONY_STT_NOSUCHSOURCE },
		{ "ntp-data-short.bin", SEQ_NTP_DATA_SHORT, -EIO,
		    CHRONY_STT_BADPKTLENGTH },
	};
	size_t i;

	for (i = 0; i < ELEMENTSOF(cases); i++) {
		struct chrony_ntp_data d;
		struct fixture fx;
		uint16_t status = STATUS_UNSET;

		LOAD(cases[i].name, &fx);
		CU_ASSERT_EQUAL(fx.len, 28);
		memset(&d, 0x55, sizeof(d));
		CU_ASSERT_EQUAL(
		    chrony_decode_ntp_data(fx.data, fx.len, cases[i].seq, &status, &d),
		    cases[i].result);
		CU_ASSERT_EQUAL(status, cases[i].status);
		CU_ASSERT_EQUAL(d.total_rx_count, 0x55555555u); /* untouched */
		CU_ASSERT_EQUAL(
		    chrony_decode_ntp_data(fx.data, fx.len, cases[i].seq + 1, NULL, &d),
		    -ESRCH);
	}
}

static void
test_reject_ntp_data_ranges(void)
{
	static const struct {
		size_t offset;
		uint8_t value;
		int result;
	} cases[] = {
		{ 70, 3, 0 },	     /* leap: unsynchronised */
		{ 70, 4, -EBADMSG }, /* no such leap */
		{ 70, 0xff, -EBADMSG },
		{ 71, 7, 0 }, /* version: 3 bits */
		{ 71, 8, -EBADMSG },
		{ 72, 7, 0 }, /* mode: 3 bits */
		{ 72, 8, -EBADMSG },
		{ 73, 0xff, 0 },	 /* stratum: any byte */
		{ 120, 0x10, -EBADMSG }, /* flags: bits 0x1000 and 0x2000 unknown */
		{ 120, 0x20, -EBADMSG },
		{ 120, 0xc3, 0 }, /* interleaved, authenticated */
		{ 122, 'H', 0 },  /* timestamp sources */
		{ 122, 'D', 0 },
		{ 122, 'X', -EBADMSG },
		{ 123, 'k', -EBADMSG },
		{ 45, 3, -EBADMSG }, /* remote address: an unresolved ID */
		{ 45, 0, -EBADMSG }, /* UNSPEC */
		{ 45, 2, 0 },	     /* IPv6 */
		{ 45, 4, -EBADMSG }, /* no such family */
		{ 65, 3, -EBADMSG }, /* local address: ID */
		{ 65, 0, 0 },	     /* UNSPEC: nothing received yet */
		{ 65, 9, -EBADMSG },
	};
	struct chrony_ntp_data d;
	struct fixture fx, bad;
	size_t i;

	LOAD("ntp-data-synced.bin", &fx);
	for (i = 0; i < ELEMENTSOF(cases); i++) {
		bad = fx;
		bad.data[cases[i].offset] = cases[i].value;
		CU_ASSERT_EQUAL(chrony_decode_ntp_data(
				    bad.data, bad.len, SEQ_NTP_DATA_SYNCED, NULL, &d),
		    cases[i].result);
		/* CUnit names no case: say which one */
		if (chrony_decode_ntp_data(bad.data, bad.len, SEQ_NTP_DATA_SYNCED, NULL,
			&d) != cases[i].result)
			printf("\n  case %zu: byte %zu = 0x%02x\n", i, cases[i].offset,
			    cases[i].value);
	}
	/* poll and precision are signed */
	bad = fx;
	bad.data[74] = 0x80;
	bad.data[75] = 0x7f;
	CU_ASSERT_EQUAL_FATAL(
	    chrony_decode_ntp_data(bad.data, bad.len, SEQ_NTP_DATA_SYNCED, NULL, &d),
	    0);
	CU_ASSERT_EQUAL(d.poll, -128);
	CU_ASSERT_EQUAL(d.precision, 127);
	/* the bytes after the counters are not interpreted (4.3 sends 0xff) */
	bad = fx;
	memset(bad.data + 140, 0, 12);
	CU_ASSERT_EQUAL(
	    chrony_decode_ntp_data(bad.data, bad.len, SEQ_NTP_DATA_SYNCED, NULL, &d),
	    0);
}

/* ------------------------------------------------------------ formatting */

static void
test_addr_format(void)
{
	struct chrony_addr a;
	char b[64], small[8];

	memset(&a, 0, sizeof(a));
	a.family = CHRONY_FAMILY_INET4;
	memcpy(a.bytes, "\xc0\x00\x02\xff", 4);
	chrony_addr_format(&a, b, sizeof(b));
	CU_ASSERT_STRING_EQUAL(b, "192.0.2.255");
	chrony_addr_format(&a, small, sizeof(small));
	CU_ASSERT_STRING_EQUAL(small, "192.0.2");

	memset(&a, 0, sizeof(a));
	a.family = CHRONY_FAMILY_INET6;
	a.bytes[15] = 1;
	chrony_addr_format(&a, b, sizeof(b));
	CU_ASSERT_STRING_EQUAL(b, "::1");

	memset(&a, 0, sizeof(a));
	a.family = CHRONY_FAMILY_ID;
	a.id = 1;
	chrony_addr_format(&a, b, sizeof(b));
	CU_ASSERT_STRING_EQUAL(b, "ID#0000000001");
	a.id = UINT32_MAX;
	chrony_addr_format(&a, b, sizeof(b));
	CU_ASSERT_STRING_EQUAL(b, "ID#4294967295");

	memset(&a, 0, sizeof(a));
	strcpy(b, "junk");
	chrony_addr_format(&a, b, sizeof(b));
	CU_ASSERT_STRING_EQUAL(b, "");
	a.family = 99;
	strcpy(b, "junk");
	chrony_addr_format(&a, b, sizeof(b));
	CU_ASSERT_STRING_EQUAL(b, "");

	/* size 0 writes nothing */
	a.family = CHRONY_FAMILY_INET4;
	strcpy(b, "keep");
	chrony_addr_format(&a, b, 0);
	CU_ASSERT_STRING_EQUAL(b, "keep");
}

static void
test_status_string(void)
{
	unsigned s;

	CU_ASSERT_STRING_EQUAL(chrony_status_string(CHRONY_STT_SUCCESS), "success");
	CU_ASSERT_STRING_EQUAL(
	    chrony_status_string(CHRONY_STT_UNAUTH), "not authorised");
	CU_ASSERT_STRING_EQUAL(
	    chrony_status_string(CHRONY_STT_NOSUCHSOURCE), "no such source");
	CU_ASSERT_STRING_EQUAL(
	    chrony_status_string(CHRONY_STT_BADPKTVERSION), "bad packet version");
	CU_ASSERT_STRING_EQUAL(
	    chrony_status_string(CHRONY_STT_BADPKTLENGTH), "bad packet length");
	CU_ASSERT_STRING_EQUAL(chrony_status_string(20), "unknown status");
	CU_ASSERT_STRING_EQUAL(chrony_status_string(0xffff), "unknown status");
	for (s = 0; s <= 0xffff; s++)
		CU_ASSERT_PTR_NOT_NULL(chrony_status_string((uint16_t)s));
}

static const struct unit_test encode_tests[] = {
	{ "null", test_encode_null },
	{ "tracking", test_encode_tracking },
	{ "n_sources", test_encode_n_sources },
	{ "source_data", test_encode_source_data },
	{ "ntp_source_name", test_encode_ntp_source_name },
	{ "matches capture", test_encode_matches_capture },
	{ "ENOBUFS", test_encode_nobufs },
	{ "activity", test_encode_activity },
	{ "ntp_data", test_encode_ntp_data },
};

static const struct unit_test number_tests[] = {
	{ "Float known values", test_float_known },
	{ "Float extremes", test_float_extremes },
	{ "Float words from fixtures", test_float_fixture_words },
	{ "Timespec", test_timespec },
};

static const struct unit_test decode_tests[] = {
	{ "tracking fixtures vs chronyc", test_decode_tracking_fixtures },
	{ "tracking exact doubles", test_decode_tracking_exact },
	{ "source_data fixtures vs chronyc", test_decode_source_data_fixtures },
	{ "n_sources fixture", test_decode_n_sources_fixture },
	{ "null fixture", test_decode_null_fixture },
	{ "ntp_source_name fixture", test_decode_ntp_source_name_fixture },
	{ "error status fixtures", test_decode_error_fixtures },
	{ "UNAUTH fixture", test_decode_unauth_fixture },
	{ "source_data address families", test_source_data_families },
	{ "activity fixtures vs chronyc", test_decode_activity_fixtures },
	{ "ntp_data fixtures vs chronyc", test_decode_ntp_data_fixtures },
	{ "ntp_data exact values", test_decode_ntp_data_exact },
	{ "ntp_data 4.6 layout", test_decode_ntp_data2 },
	{ "ntp_data refusals", test_decode_ntp_data_errors },
};

static const struct unit_test reject_tests[] = {
	{ "every truncation", test_reject_truncated },
	{ "oversized", test_reject_oversized },
	{ "error status lengths", test_error_status_lengths },
	{ "header fields", test_reject_header_fields },
	{ "other command's decoder", test_reject_other_command },
	{ "status mapping", test_status_mapping },
	{ "tracking ranges", test_reject_tracking_ranges },
	{ "source_data ranges", test_reject_source_data_ranges },
	{ "source name", test_reject_source_name },
	{ "activity negative counts", test_reject_activity_negative },
	{ "ntp_data ranges", test_reject_ntp_data_ranges },
};

static const struct unit_test format_tests[] = {
	{ "addr_format", test_addr_format },
	{ "status_string", test_status_string },
};

int
main(void)
{
	static const struct unit_suite suites[] = {
		{ .name = "encode", UNIT_TESTS(encode_tests) },
		{ .name = "float/timespec", UNIT_TESTS(number_tests) },
		{ .name = "decode", UNIT_TESTS(decode_tests) },
		{ .name = "reject", UNIT_TESTS(reject_tests) },
		{ .name = "format", UNIT_TESTS(format_tests) },
	};

	return unit_run_suites(suites, ELEMENTSOF(suites));
}
