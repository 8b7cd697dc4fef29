/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CUnit tests for mib_values.c: every column of mib_oids.h for a synchronised
 * chrony snapshot (type, value and unit), saturation and rounding, DateAndTime,
 * unknown values reported as absent (never 0), and the agent scalars.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <CUnit/Basic.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "mib_oids.h"
#include "mib_values.h"
#include "snapshot.h"
#include "verdict.h"
#include "unit.h"

#define ELEMENTSOF(x) (sizeof(x) / sizeof((x)[0]))

/* 2026-11-26 06:37:20 UTC */
#define NOW ((time_t)1795675040)
/* the reference time of tracking-synced.bin: 2026-11-26 06:37:17.112230159 UTC */
#define REF_SEC ((time_t)1795675037)
#define REF_NSEC 112230159L

static struct daemon_status d;
static struct source_status srcs[3];
static struct snapshot snap;

/*
 * chronyd synchronised to its first of three sources, as chrony.c and
 * evaluate.c leave it; values chosen so that every conversion shows.
 */
static void
setup(void)
{
	memset(&d, 0, sizeof(d));
	memset(srcs, 0, sizeof(srcs));
	memset(&snap, 0, sizeof(snap));

	snprintf(srcs[0].name, sizeof(srcs[0].name), "ntp1.example.org");
	snprintf(srcs[0].address, sizeof(srcs[0].address), "192.0.2.1");
	srcs[0].mode = SOURCE_MODE_SERVER;
	srcs[0].state = SOURCE_SELECTED;
	srcs[0].stratum = 2;
	srcs[0].has_poll = true;
	srcs[0].poll_log2 = 6;
	srcs[0].has_reach = true;
	srcs[0].reach = 0377;
	srcs[0].has_last_rx = true;
	srcs[0].last_rx_age_s = 17;
	srcs[0].has_sample = true;
	srcs[0].offset_s = 0.0000126;  /* 12.6 us */
	srcs[0].error_s = 0.000001906; /* 1.906 us */

	/* configured by address, never answered (source-data-never.bin) */
	snprintf(srcs[1].name, sizeof(srcs[1].name), "192.0.2.2");
	snprintf(srcs[1].address, sizeof(srcs[1].address), "192.0.2.2");
	srcs[1].mode = SOURCE_MODE_SERVER;
	srcs[1].state = SOURCE_UNREACHABLE;
	srcs[1].has_poll = true;  /* poll 0 */
	srcs[1].has_reach = true; /* reach 0 */

	/* a reference clock: a name, no address */
	snprintf(srcs[2].name, sizeof(srcs[2].name), "PPS");
	srcs[2].mode = SOURCE_MODE_REFCLOCK;
	srcs[2].state = SOURCE_COMBINED;
	srcs[2].has_poll = true;
	srcs[2].poll_log2 = 4;
	srcs[2].has_reach = true;
	srcs[2].reach = 0x0f;
	srcs[2].has_last_rx = true;
	srcs[2].last_rx_age_s = 3;
	srcs[2].has_sample = true;
	srcs[2].offset_s = -0.0000004;
	srcs[2].error_s = 0.0000001;

	d.type = DAEMON_CHRONY;
	d.state = DAEMON_RUNNING;
	snprintf(d.endpoint, sizeof(d.endpoint), "udp:127.0.0.1:323");
	d.has_tracking = true;
	d.ref_id = 0xC0000201u;
	snprintf(d.source_name, sizeof(d.source_name), "ntp1.example.org");
	snprintf(d.source_address, sizeof(d.source_address), "192.0.2.1");
	d.stratum = 3;
	d.has_offset = true;
	d.offset_s = 0.0012344; /* 1234.4 us */
	d.has_offset_stats = true;
	d.last_offset_s = -0.0000026; /* -2.6 us */
	d.rms_offset_s = 0.0000214;   /* 21.4 us */
	d.has_ref_time = true;
	d.ref_time.tv_sec = REF_SEC;
	d.ref_time.tv_nsec = REF_NSEC;
	d.root_delay_s = 0.000003017;	 /* 3.017 us */
	d.root_dispersion_s = 0.0000216; /* 21.6 us */
	d.has_freq = true;
	d.freq_ppm = 12.3456; /* 12345.6 ppb */
	d.leap = LEAP_NORMAL;
	d.has_poll = true;
	d.poll_log2 = 6;
	d.has_sources = true;
	d.sources = srcs;
	d.n_sources = ELEMENTSOF(srcs);
	d.sync = SYNC_SYNCHRONIZED;
	d.reason = REASON_NONE;
	snprintf(d.reason_text, sizeof(d.reason_text),
	    "synchronised to ntp1.example.org (192.0.2.1), stratum 3, offset "
	    "+0.001234400 s");

	snap.refresh_s = 5;
	snap.offset_threshold_ms = 100;
}

/* ---- checking one value ---- */

static void
fail_at(unsigned line, bool ok, const char *what, int r, const struct mib_value *v,
    const char *want)
{
	char cond[1024];

	if (r < 0)
		snprintf(cond, sizeof(cond), "%s: returned %d, want %s", what, r, want);
	else if (v->type == ASN_OCTET_STR) {
		char shown[2 * sizeof(v->octets) + 1];
		bool printable = true;

		for (size_t i = 0; i < v->len; i++)
			printable =
			    printable && v->octets[i] >= 0x20 && v->octets[i] < 0x7f;
		if (printable)
			snprintf(
			    shown, sizeof(shown), "\"%.*s\"", (int)v->len, v->octets);
		else
			for (size_t i = 0; i < v->len; i++)
				snprintf(
				    shown + 2 * i, 3, "%02x", (uint8_t)v->octets[i]);
		snprintf(cond, sizeof(cond), "%s: type 0x%02x %s (%zu), want %s", what,
		    v->type, v->len ? shown : "\"\"", v->len, want);
	} else
		snprintf(cond, sizeof(cond), "%s: type 0x%02x %ld, want %s", what,
		    v->type, v->integer, want);
	CU_assertImplementation(ok, line, cond, __FILE__, "", CU_FALSE);
}

static void
check_int(unsigned line, const char *what, int r, const struct mib_value *v, long want)
{
	char w[64];

	snprintf(w, sizeof(w), "INTEGER %ld", want);
	fail_at(line, r == 0 && v->type == ASN_INTEGER && v->integer == want, what, r,
	    v, w);
}

static void
check_unsigned(
    unsigned line, const char *what, int r, const struct mib_value *v, uint32_t want)
{
	char w[64];

	snprintf(w, sizeof(w), "Unsigned32 %lu", (unsigned long)want);
	fail_at(line,
	    r == 0 && v->type == ASN_UNSIGNED && v->integer >= 0 &&
		(unsigned long)v->integer == want,
	    what, r, v, w);
}

static void
check_text(
    unsigned line, const char *what, int r, const struct mib_value *v, const char *want)
{
	char w[512];

	snprintf(w, sizeof(w), "\"%s\"", want);
	fail_at(line,
	    r == 0 && v->type == ASN_OCTET_STR && v->len == strlen(want) &&
		memcmp(v->octets, want, v->len) == 0,
	    what, r, v, w);
}

static void
check_absent(unsigned line, const char *what, int r, const struct mib_value *v)
{
	fail_at(line, r == -ENOENT, what, r, v, "absent (-ENOENT)");
}

/* d's column, now NOW */
#define DCOL(col) mib_daemon_value(&d, (col), NOW, &v)
#define D_INT(col, want) check_int(__LINE__, #col, DCOL(col), &v, (want))
#define D_UNS(col, want) check_unsigned(__LINE__, #col, DCOL(col), &v, (want))
#define D_TEXT(col, want) check_text(__LINE__, #col, DCOL(col), &v, (want))
#define D_ABSENT(col) check_absent(__LINE__, #col, DCOL(col), &v)

#define SCOL(s, col) mib_source_value((s), (col), &v)
#define S_INT(s, col, want) check_int(__LINE__, #col, SCOL(s, col), &v, (want))
#define S_UNS(s, col, want) check_unsigned(__LINE__, #col, SCOL(s, col), &v, (want))
#define S_TEXT(s, col, want) check_text(__LINE__, #col, SCOL(s, col), &v, (want))
#define S_ABSENT(s, col) check_absent(__LINE__, #col, SCOL(s, col), &v)

/* the host verdict as the collector publishes it with every snapshot */
#define ACOL(col) \
	(verdict_host(&snap, &snap.host), mib_agent_value(&snap, (col), NOW, &v))
#define A_INT(col, want) check_int(__LINE__, #col, ACOL(col), &v, (want))
#define A_UNS(col, want) check_unsigned(__LINE__, #col, ACOL(col), &v, (want))
#define A_TEXT(col, want) check_text(__LINE__, #col, ACOL(col), &v, (want))
#define A_ABSENT(col) check_absent(__LINE__, #col, ACOL(col), &v)

static void
check_date(unsigned line, const uint8_t *got, const uint8_t want[11])
{
	char cond[256];
	int n = 0;

	for (int i = 0; i < 11; i++)
		n += snprintf(cond + n, sizeof(cond) - (size_t)n, "%02x", got[i]);
	n += snprintf(cond + n, sizeof(cond) - (size_t)n, ", want ");
	for (int i = 0; i < 11; i++)
		n += snprintf(cond + n, sizeof(cond) - (size_t)n, "%02x", want[i]);
	CU_assertImplementation(
	    memcmp(got, want, 11) == 0, line, cond, __FILE__, "", CU_FALSE);
}

#define DATE_IS(got, ...)                                            \
	do {                                                         \
		static const uint8_t want_[11] = { __VA_ARGS__ };    \
		check_date(__LINE__, (const uint8_t *)(got), want_); \
	} while (0)

/* ---- the daemon table, synchronised ---- */

static void
test_daemon_synced(void)
{
	static const uint8_t ref_date[11] = { 0x07, 0xEA, 11, 26, 6, 37, 17, 1, '+', 0,
		0 };
	struct mib_value v;

	D_TEXT(MIB_DAEMON_NAME, "chronyd");
	D_ABSENT(MIB_DAEMON_VERSION); /* chronyd does not tell */
	D_INT(MIB_DAEMON_STATE, 1);   /* running */
	D_INT(MIB_DAEMON_SYNC_STATUS, 1);
	D_INT(MIB_DAEMON_SYNC_REASON, 1); /* none */
	D_TEXT(MIB_DAEMON_SYNC_REASON_TEXT,
	    "synchronised to ntp1.example.org (192.0.2.1), stratum 3, offset "
	    "+0.001234400 s");
	D_TEXT(MIB_DAEMON_SOURCE_NAME, "ntp1.example.org");
	D_TEXT(MIB_DAEMON_SOURCE_ADDRESS, "192.0.2.1");
	D_TEXT(MIB_DAEMON_REF_ID, "C0000201");
	D_UNS(MIB_DAEMON_STRATUM, 3);
	D_INT(MIB_DAEMON_OFFSET, 1234);	   /* us, 1234.4 rounded */
	D_INT(MIB_DAEMON_LAST_OFFSET, -3); /* -2.6 rounded */
	D_UNS(MIB_DAEMON_RMS_OFFSET, 21);  /* 21.4 */
	D_TEXT(MIB_DAEMON_OFFSET_TEXT, "+0.001234400");
	CU_ASSERT_EQUAL(DCOL(MIB_DAEMON_LAST_SYNC), 0);
	CU_ASSERT_EQUAL(v.type, ASN_OCTET_STR);
	CU_ASSERT_EQUAL(v.len, 11);
	check_date(__LINE__, (const uint8_t *)v.octets, ref_date);
	D_UNS(MIB_DAEMON_LAST_SYNC_AGE, 3);
	D_UNS(MIB_DAEMON_ROOT_DELAY, 3);       /* 3.017 us */
	D_UNS(MIB_DAEMON_ROOT_DISPERSION, 22); /* 21.6 us */
	D_INT(MIB_DAEMON_FREQUENCY, 12346);    /* 12.3456 ppm = 12345.6 ppb */
	D_INT(MIB_DAEMON_LEAP_STATUS, 1);      /* normal */
	D_UNS(MIB_DAEMON_POLL_INTERVAL, 64);
	D_UNS(MIB_DAEMON_SOURCES_TOTAL, 3);
	D_UNS(MIB_DAEMON_SOURCES_REACHABLE, 2);

	/* not columns of the table: the index, and beyond either end */
	D_ABSENT(MIB_DAEMON_TYPE);
	D_ABSENT(0);
	D_ABSENT(MIB_DAEMON_MAX + 1);
	D_ABSENT(-1);
}

/* The values of tracking-synced.bin as chrony.c stores them. */
static void
test_daemon_fixture_values(void)
{
	struct mib_value v;

	d.ref_id = 0x7F000001u;
	snprintf(d.source_name, sizeof(d.source_name), "127.0.0.1");
	snprintf(d.source_address, sizeof(d.source_address), "127.0.0.1");
	d.stratum = 9;
	d.offset_s = 0.000000939; /* "0.000000939 seconds fast" */
	d.last_offset_s = -0.000000020;
	d.rms_offset_s = 0.000000021;
	d.root_delay_s = 0.000003017;
	d.root_dispersion_s = 0.000000225;
	d.freq_ppm = -0.003; /* "0.003 ppm slow" */
	d.poll_log2 = -6;

	D_TEXT(MIB_DAEMON_REF_ID, "7F000001");
	D_TEXT(MIB_DAEMON_SOURCE_NAME, "127.0.0.1");
	D_UNS(MIB_DAEMON_STRATUM, 9);
	D_INT(MIB_DAEMON_OFFSET, 1);
	D_TEXT(MIB_DAEMON_OFFSET_TEXT, "+0.000000939");
	D_INT(MIB_DAEMON_LAST_OFFSET, 0);
	D_UNS(MIB_DAEMON_RMS_OFFSET, 0);
	D_UNS(MIB_DAEMON_ROOT_DELAY, 3);
	D_UNS(MIB_DAEMON_ROOT_DISPERSION, 0);
	D_INT(MIB_DAEMON_FREQUENCY, -3);
	D_UNS(MIB_DAEMON_POLL_INTERVAL, 0); /* 1/64 s */

	/* tracking-lost.bin */
	d.offset_s = 0.000009315;
	d.freq_ppm = 2.499;
	d.root_dispersion_s = 0.000021435;
	D_INT(MIB_DAEMON_OFFSET, 9);
	D_TEXT(MIB_DAEMON_OFFSET_TEXT, "+0.000009315");
	D_INT(MIB_DAEMON_FREQUENCY, 2499);
	D_UNS(MIB_DAEMON_ROOT_DISPERSION, 21);

	/* tracking-local.bin */
	d.ref_id = 0x7F7F0101u;
	D_TEXT(MIB_DAEMON_REF_ID, "7F7F0101");
}

static void
test_daemon_text_forms(void)
{
	struct mib_value v;

	/* refid: 8 upper-case hex digits with leading zeros */
	d.ref_id = 0xABCDEFu;
	D_TEXT(MIB_DAEMON_REF_ID, "00ABCDEF");
	d.ref_id = 1;
	D_TEXT(MIB_DAEMON_REF_ID, "00000001");
	d.ref_id = 0xFFFFFFFFu;
	D_TEXT(MIB_DAEMON_REF_ID, "FFFFFFFF");
	d.ref_id = 0x50505300u; /* "PPS" */
	D_TEXT(MIB_DAEMON_REF_ID, "50505300");

	/* offset text: sign always, nine decimals, never saturated */
	d.offset_s = 0;
	D_TEXT(MIB_DAEMON_OFFSET_TEXT, "+0.000000000");
	d.offset_s = -12.5;
	D_TEXT(MIB_DAEMON_OFFSET_TEXT, "-12.500000000");
	d.offset_s = 0.000001314;
	D_TEXT(MIB_DAEMON_OFFSET_TEXT, "+0.000001314");
	d.offset_s = 3600.0;
	D_TEXT(MIB_DAEMON_OFFSET_TEXT, "+3600.000000000");
	D_INT(MIB_DAEMON_OFFSET, INT32_MAX);
	/* the largest magnitude chrony's Float can carry (2^24 x 2^38) */
	d.offset_s = -ldexp(1.0, 62);
	D_TEXT(MIB_DAEMON_OFFSET_TEXT, "-4611686018427387904.000000000");
	D_INT(MIB_DAEMON_OFFSET, INT32_MIN);

	/* the longest name fits whole */
	memset(d.source_name, 'n', sizeof(d.source_name) - 1);
	d.source_name[sizeof(d.source_name) - 1] = '\0';
	CU_ASSERT_EQUAL(DCOL(MIB_DAEMON_SOURCE_NAME), 0);
	CU_ASSERT_EQUAL(v.len, sizeof(d.source_name) - 1);
	memset(d.reason_text, 'r', sizeof(d.reason_text) - 1);
	d.reason_text[sizeof(d.reason_text) - 1] = '\0';
	CU_ASSERT_EQUAL(DCOL(MIB_DAEMON_SYNC_REASON_TEXT), 0);
	CU_ASSERT_EQUAL(v.len, sizeof(d.reason_text) - 1);
	CU_ASSERT_EQUAL(v.octets[v.len - 1], 'r');
}

/* ---- units: rounding and saturation ---- */

static void
test_microseconds(void)
{
	struct mib_value v;

	/* Integer32: nearest, symmetric around 0 */
	d.offset_s = 0.0000004;
	D_INT(MIB_DAEMON_OFFSET, 0);
	d.offset_s = 0.0000006;
	D_INT(MIB_DAEMON_OFFSET, 1);
	d.offset_s = -0.0000004;
	D_INT(MIB_DAEMON_OFFSET, 0);
	d.offset_s = -0.0000006;
	D_INT(MIB_DAEMON_OFFSET, -1);
	d.offset_s = -1.2345676;
	D_INT(MIB_DAEMON_OFFSET, -1234568);
	d.last_offset_s = 1.2345674;
	D_INT(MIB_DAEMON_LAST_OFFSET, 1234567);

	/* Integer32 limits: about 35 minutes either way */
	d.offset_s = 2147.483647;
	D_INT(MIB_DAEMON_OFFSET, INT32_MAX);
	d.offset_s = 2147.483646;
	D_INT(MIB_DAEMON_OFFSET, INT32_MAX - 1);
	d.offset_s = 2147.483648;
	D_INT(MIB_DAEMON_OFFSET, INT32_MAX);
	d.offset_s = 1e12;
	D_INT(MIB_DAEMON_OFFSET, INT32_MAX);
	d.offset_s = -2147.483647;
	D_INT(MIB_DAEMON_OFFSET, -INT32_MAX);
	d.offset_s = -2147.483648;
	D_INT(MIB_DAEMON_OFFSET, INT32_MIN);
	d.offset_s = -1e12;
	D_INT(MIB_DAEMON_OFFSET, INT32_MIN);
	d.last_offset_s = 1e300;
	D_INT(MIB_DAEMON_LAST_OFFSET, INT32_MAX);
	d.last_offset_s = -1e300;
	D_INT(MIB_DAEMON_LAST_OFFSET, INT32_MIN);

	/* Unsigned32: 0 .. about 71 minutes */
	d.rms_offset_s = 0.0000005001;
	D_UNS(MIB_DAEMON_RMS_OFFSET, 1);
	d.rms_offset_s = 0.0000004;
	D_UNS(MIB_DAEMON_RMS_OFFSET, 0);
	d.rms_offset_s = 4294.967294;
	D_UNS(MIB_DAEMON_RMS_OFFSET, UINT32_MAX - 1);
	d.rms_offset_s = 4294.967295;
	D_UNS(MIB_DAEMON_RMS_OFFSET, UINT32_MAX);
	d.rms_offset_s = 1e12;
	D_UNS(MIB_DAEMON_RMS_OFFSET, UINT32_MAX);
	d.rms_offset_s = -0.001; /* never negative: 0 */
	D_UNS(MIB_DAEMON_RMS_OFFSET, 0);
	d.root_delay_s = 5000;
	D_UNS(MIB_DAEMON_ROOT_DELAY, UINT32_MAX);
	d.root_delay_s = 1.0; /* a second is 10^6 */
	D_UNS(MIB_DAEMON_ROOT_DELAY, 1000000);
	d.root_dispersion_s = 1e300;
	D_UNS(MIB_DAEMON_ROOT_DISPERSION, UINT32_MAX);
	d.root_dispersion_s = -1e300;
	D_UNS(MIB_DAEMON_ROOT_DISPERSION, 0);
}

static void
test_frequency(void)
{
	struct mib_value v;

	/* ppm x 1000 = ppb, positive: the clock would run fast */
	d.freq_ppm = 0;
	D_INT(MIB_DAEMON_FREQUENCY, 0);
	d.freq_ppm = 1;
	D_INT(MIB_DAEMON_FREQUENCY, 1000);
	d.freq_ppm = -1;
	D_INT(MIB_DAEMON_FREQUENCY, -1000);
	d.freq_ppm = -0.003;
	D_INT(MIB_DAEMON_FREQUENCY, -3);
	d.freq_ppm = -12.3456;
	D_INT(MIB_DAEMON_FREQUENCY, -12346);
	d.freq_ppm = 0.0004;
	D_INT(MIB_DAEMON_FREQUENCY, 0);
	d.freq_ppm = 500; /* the kernel's limit */
	D_INT(MIB_DAEMON_FREQUENCY, 500000);
	d.freq_ppm = 2147483.647;
	D_INT(MIB_DAEMON_FREQUENCY, INT32_MAX);
	d.freq_ppm = 3e6;
	D_INT(MIB_DAEMON_FREQUENCY, INT32_MAX);
	d.freq_ppm = -3e6;
	D_INT(MIB_DAEMON_FREQUENCY, INT32_MIN);
}

static void
test_poll_interval(void)
{
	static const struct {
		int poll;
		uint32_t want;
	} polls[] = {
		{ 0, 1 },
		{ 1, 2 },
		{ 6, 64 },
		{ 10, 1024 },
		{ 17, 131072 },
		{ 24, 16777216 },
		{ 31, 2147483648u },
		{ 32, UINT32_MAX },
		{ 127, UINT32_MAX },
		{ 32767, UINT32_MAX },
		/* faster than once a second: 0 */
		{ -1, 0 },
		{ -6, 0 },
		{ -7, 0 },
		{ -32768, 0 },
	};
	struct mib_value v;

	for (size_t i = 0; i < ELEMENTSOF(polls); i++) {
		char what[64];

		d.poll_log2 = polls[i].poll;
		snprintf(what, sizeof(what), "MIB_DAEMON_POLL_INTERVAL, poll %d",
		    polls[i].poll);
		check_unsigned(
		    __LINE__, what, DCOL(MIB_DAEMON_POLL_INTERVAL), &v, polls[i].want);
	}
}

static void
test_non_finite(void)
{
	struct mib_value v;

	/* infinities saturate like any large value */
	d.offset_s = INFINITY;
	d.last_offset_s = -INFINITY;
	d.rms_offset_s = INFINITY;
	d.root_delay_s = INFINITY;
	d.root_dispersion_s = -INFINITY;
	d.freq_ppm = -INFINITY;
	D_INT(MIB_DAEMON_OFFSET, INT32_MAX);
	D_INT(MIB_DAEMON_LAST_OFFSET, INT32_MIN);
	D_UNS(MIB_DAEMON_RMS_OFFSET, UINT32_MAX);
	D_UNS(MIB_DAEMON_ROOT_DELAY, UINT32_MAX);
	D_UNS(MIB_DAEMON_ROOT_DISPERSION, 0);
	D_INT(MIB_DAEMON_FREQUENCY, INT32_MIN);
	CU_ASSERT_EQUAL(DCOL(MIB_DAEMON_OFFSET_TEXT), 0);
	CU_ASSERT(v.len > 0 && v.len < sizeof(v.octets));

	/* NaN (no chrony Float decodes to it): usec_i32/usec_u32 give 0, no trap */
	d.offset_s = NAN;
	d.last_offset_s = -NAN;
	d.rms_offset_s = NAN;
	d.root_delay_s = NAN;
	d.root_dispersion_s = NAN;
	d.freq_ppm = NAN;
	D_INT(MIB_DAEMON_OFFSET, 0);
	D_INT(MIB_DAEMON_LAST_OFFSET, 0);
	D_UNS(MIB_DAEMON_RMS_OFFSET, 0);
	D_UNS(MIB_DAEMON_ROOT_DELAY, 0);
	D_UNS(MIB_DAEMON_ROOT_DISPERSION, 0);
	D_INT(MIB_DAEMON_FREQUENCY, 0);
	CU_ASSERT_EQUAL(DCOL(MIB_DAEMON_OFFSET_TEXT), 0);
	CU_ASSERT(v.len > 0 && v.len < sizeof(v.octets));

	/* the same for the sources */
	srcs[0].offset_s = -INFINITY;
	srcs[0].error_s = INFINITY;
	S_INT(&srcs[0], MIB_SRC_OFFSET, INT32_MIN);
	S_UNS(&srcs[0], MIB_SRC_ERROR, UINT32_MAX);
	srcs[0].offset_s = NAN;
	srcs[0].error_s = NAN;
	S_INT(&srcs[0], MIB_SRC_OFFSET, 0);
	S_UNS(&srcs[0], MIB_SRC_ERROR, 0);
}

/* ---- times ---- */

static void
test_date_and_time(void)
{
	struct timespec ts;
	uint8_t b[11];

	ts.tv_sec = REF_SEC;
	ts.tv_nsec = REF_NSEC;
	mib_date_and_time(&ts, b);
	DATE_IS(b, 0x07, 0xEA, 11, 26, 6, 37, 17, 1, '+', 0, 0);

	/* deci-seconds: truncated, not rounded */
	ts.tv_nsec = 0;
	mib_date_and_time(&ts, b);
	CU_ASSERT_EQUAL(b[7], 0);
	ts.tv_nsec = 99999999;
	mib_date_and_time(&ts, b);
	CU_ASSERT_EQUAL(b[7], 0);
	ts.tv_nsec = 100000000;
	mib_date_and_time(&ts, b);
	CU_ASSERT_EQUAL(b[7], 1);
	ts.tv_nsec = 999999999;
	mib_date_and_time(&ts, b);
	DATE_IS(b, 0x07, 0xEA, 11, 26, 6, 37, 17, 9, '+', 0, 0);

	/* the epoch */
	ts.tv_sec = 0;
	ts.tv_nsec = 0;
	mib_date_and_time(&ts, b);
	DATE_IS(b, 0x07, 0xB2, 1, 1, 0, 0, 0, 0, '+', 0, 0);

	/* a leap day, the last second of a day */
	ts.tv_sec = 951868799; /* 2000-02-29 23:59:59 */
	ts.tv_nsec = 500000000;
	mib_date_and_time(&ts, b);
	DATE_IS(b, 0x07, 0xD0, 2, 29, 23, 59, 59, 5, '+', 0, 0);

	/* past 2038 */
	ts.tv_sec = 2147483648; /* 2038-01-19 03:14:08 */
	ts.tv_nsec = 0;
	mib_date_and_time(&ts, b);
	DATE_IS(b, 0x07, 0xF6, 1, 19, 3, 14, 8, 0, '+', 0, 0);

	/* the end of year 9999 */
	ts.tv_sec = 253402300799;
	mib_date_and_time(&ts, b);
	DATE_IS(b, 0x27, 0x0F, 12, 31, 23, 59, 59, 0, '+', 0, 0);

	/* local time zone plays no part */
	setenv("TZ", "America/St_Johns", 1);
	tzset();
	ts.tv_sec = REF_SEC;
	ts.tv_nsec = REF_NSEC;
	mib_date_and_time(&ts, b);
	DATE_IS(b, 0x07, 0xEA, 11, 26, 6, 37, 17, 1, '+', 0, 0);
	unsetenv("TZ");
	tzset();
}

/*
 * A reference time that DateAndTime cannot hold: chrony's Timespec carries
 * 64-bit seconds, DateAndTime a 16-bit year, gmtime() an int year. Absent.
 */
static void
test_last_sync_out_of_range(void)
{
	static const struct {
		time_t sec;
		uint32_t age;
	} times[] = {
		{ (time_t)2146000000000ll, 0 }, /* year 69973: too large a year */
		{ (time_t)1 << 56, 0 },		/* beyond gmtime() */
		{ (time_t)0x7FFFFFFEll << 32,
		    0 }, /* the largest sec_high on the wire */
		{ -((time_t)1 << 40),
		    UINT32_MAX }, /* year -32873: sec_high 0xFFFFFF00 */
	};
	struct mib_value v;

	for (size_t i = 0; i < ELEMENTSOF(times); i++) {
		char what[64];

		d.ref_time.tv_sec = times[i].sec;
		d.ref_time.tv_nsec = 0;
		snprintf(what, sizeof(what), "MIB_DAEMON_LAST_SYNC at %lld s",
		    (long long)times[i].sec);
		check_absent(__LINE__, what, DCOL(MIB_DAEMON_LAST_SYNC), &v);
		/* the age saturates, or is 0 for a time in the future */
		D_UNS(MIB_DAEMON_LAST_SYNC_AGE, times[i].age);
	}
}

static void
test_last_sync_age(void)
{
	struct mib_value v;

	d.ref_time.tv_sec = NOW;
	D_UNS(MIB_DAEMON_LAST_SYNC_AGE, 0);
	d.ref_time.tv_sec = NOW - 1;
	d.ref_time.tv_nsec = 999999999; /* whole seconds of the date only */
	D_UNS(MIB_DAEMON_LAST_SYNC_AGE, 1);
	d.ref_time.tv_sec = NOW - 86400;
	D_UNS(MIB_DAEMON_LAST_SYNC_AGE, 86400);
	/* the clock was stepped back: not negative */
	d.ref_time.tv_sec = NOW + 60;
	D_UNS(MIB_DAEMON_LAST_SYNC_AGE, 0);
	/* older than Unsigned32 seconds */
	d.ref_time.tv_sec = NOW - (time_t)UINT32_MAX + 1;
	D_UNS(MIB_DAEMON_LAST_SYNC_AGE, UINT32_MAX - 1);
	d.ref_time.tv_sec = NOW - (time_t)UINT32_MAX;
	D_UNS(MIB_DAEMON_LAST_SYNC_AGE, UINT32_MAX);
	d.ref_time.tv_sec = NOW - ((time_t)1 << 40);
	D_UNS(MIB_DAEMON_LAST_SYNC_AGE, UINT32_MAX);
}

/* ---- unknown values are absent ---- */

static const int tracking_columns[] = {
	MIB_DAEMON_SOURCE_NAME,
	MIB_DAEMON_SOURCE_ADDRESS,
	MIB_DAEMON_REF_ID,
	MIB_DAEMON_STRATUM,
	MIB_DAEMON_OFFSET,
	MIB_DAEMON_LAST_OFFSET,
	MIB_DAEMON_RMS_OFFSET,
	MIB_DAEMON_OFFSET_TEXT,
	MIB_DAEMON_LAST_SYNC,
	MIB_DAEMON_LAST_SYNC_AGE,
	MIB_DAEMON_ROOT_DELAY,
	MIB_DAEMON_ROOT_DISPERSION,
	MIB_DAEMON_FREQUENCY,
	MIB_DAEMON_LEAP_STATUS,
};

static void
test_no_tracking(void)
{
	struct mib_value v;

	/* the values themselves stay as they were: has_tracking alone decides */
	d.has_tracking = false;
	for (size_t i = 0; i < ELEMENTSOF(tracking_columns); i++) {
		char what[64];

		snprintf(what, sizeof(what), "column %d without tracking",
		    tracking_columns[i]);
		check_absent(__LINE__, what, DCOL(tracking_columns[i]), &v);
	}
	/* what does not come from TRACKING stays */
	D_TEXT(MIB_DAEMON_NAME, "chronyd");
	D_INT(MIB_DAEMON_STATE, 1);
	D_INT(MIB_DAEMON_SYNC_STATUS, 1);
	D_UNS(MIB_DAEMON_SOURCES_TOTAL, 3);
}

static void
test_daemon_stopped(void)
{
	struct mib_value v;

	/* as chrony.c reports a stopped chronyd: nothing but the state */
	memset(&d, 0, sizeof(d));
	d.type = DAEMON_CHRONY;
	d.state = DAEMON_STOPPED;
	d.error = -ECONNREFUSED;
	snprintf(d.endpoint, sizeof(d.endpoint), "udp:127.0.0.1:323");
	d.sync = SYNC_UNSYNCHRONIZED;
	d.reason = REASON_DAEMON_NOT_RUNNING;
	snprintf(d.reason_text, sizeof(d.reason_text),
	    "chronyd is not running: nothing answers on udp:127.0.0.1:323 (Connection "
	    "refused)");

	D_TEXT(MIB_DAEMON_NAME, "chronyd");
	D_ABSENT(MIB_DAEMON_VERSION);
	D_INT(MIB_DAEMON_STATE, 2);
	D_INT(MIB_DAEMON_SYNC_STATUS, 2);
	D_INT(MIB_DAEMON_SYNC_REASON, 2);
	D_TEXT(MIB_DAEMON_SYNC_REASON_TEXT,
	    "chronyd is not running: nothing answers on udp:127.0.0.1:323 (Connection "
	    "refused)");
	for (int col = MIB_DAEMON_SOURCE_NAME; col <= MIB_DAEMON_MAX; col++) {
		char what[64];

		snprintf(what, sizeof(what), "column %d of a stopped daemon", col);
		check_absent(__LINE__, what, DCOL(col), &v);
	}

	/* the other states */
	d.state = DAEMON_UNREACHABLE;
	D_INT(MIB_DAEMON_STATE, 3);
	d.state = DAEMON_ACCESS_DENIED;
	D_INT(MIB_DAEMON_STATE, 4);

	/* before evaluation: nothing at all but the name */
	memset(&d, 0, sizeof(d));
	d.type = DAEMON_CHRONY;
	D_TEXT(MIB_DAEMON_NAME, "chronyd");
	for (int col = MIB_DAEMON_VERSION; col <= MIB_DAEMON_MAX; col++) {
		char what[64];

		snprintf(what, sizeof(what), "column %d of an empty row", col);
		check_absent(__LINE__, what, DCOL(col), &v);
	}

	/* the other daemons' names */
	d.type = DAEMON_TIMESYNCD;
	D_TEXT(MIB_DAEMON_NAME, "systemd-timesyncd");
}

static void
test_unknown_values_absent(void)
{
	struct mib_value v;

	/* tracking-unsynced.bin: refid 0, stratum 0, no address, no ref time */
	d.ref_id = 0;
	D_ABSENT(MIB_DAEMON_REF_ID);
	d.stratum = 0;
	D_ABSENT(MIB_DAEMON_STRATUM);
	d.source_name[0] = '\0';
	D_ABSENT(MIB_DAEMON_SOURCE_NAME);
	d.source_address[0] = '\0';
	D_ABSENT(MIB_DAEMON_SOURCE_ADDRESS);
	d.has_ref_time = false;
	D_ABSENT(MIB_DAEMON_LAST_SYNC);
	D_ABSENT(MIB_DAEMON_LAST_SYNC_AGE);
	/* ... even with a time left in the struct */
	d.ref_time.tv_sec = REF_SEC;
	D_ABSENT(MIB_DAEMON_LAST_SYNC);
	D_ABSENT(MIB_DAEMON_LAST_SYNC_AGE);
	d.has_poll = false;
	D_ABSENT(MIB_DAEMON_POLL_INTERVAL);
	d.has_offset = false;
	D_ABSENT(MIB_DAEMON_OFFSET);
	D_ABSENT(MIB_DAEMON_OFFSET_TEXT);
	d.has_offset_stats = false;
	D_ABSENT(MIB_DAEMON_LAST_OFFSET);
	D_ABSENT(MIB_DAEMON_RMS_OFFSET);
	d.has_freq = false;
	D_ABSENT(MIB_DAEMON_FREQUENCY);
	d.leap = 0;
	D_ABSENT(MIB_DAEMON_LEAP_STATUS);
	d.has_sources = false;
	D_ABSENT(MIB_DAEMON_SOURCES_TOTAL);
	D_ABSENT(MIB_DAEMON_SOURCES_REACHABLE);
	d.reason_text[0] = '\0';
	D_ABSENT(MIB_DAEMON_SYNC_REASON_TEXT);
	d.sync = 0;
	D_ABSENT(MIB_DAEMON_SYNC_STATUS);
	d.reason = 0;
	D_ABSENT(MIB_DAEMON_SYNC_REASON);
	d.state = 0;
	D_ABSENT(MIB_DAEMON_STATE);
	D_ABSENT(MIB_DAEMON_VERSION);

	/* what is known is still there, as itself: a zero is a value */
	D_TEXT(MIB_DAEMON_NAME, "chronyd");
	D_UNS(MIB_DAEMON_ROOT_DELAY, 3);
	d.has_offset = true;
	d.has_offset_stats = true;
	d.has_freq = true;
	D_INT(MIB_DAEMON_OFFSET, 1234);
	d.offset_s = 0;
	d.last_offset_s = 0;
	d.rms_offset_s = 0;
	d.root_delay_s = 0;
	d.root_dispersion_s = 0;
	d.freq_ppm = 0;
	D_INT(MIB_DAEMON_OFFSET, 0);
	D_INT(MIB_DAEMON_LAST_OFFSET, 0);
	D_UNS(MIB_DAEMON_RMS_OFFSET, 0);
	D_TEXT(MIB_DAEMON_OFFSET_TEXT, "+0.000000000");
	D_UNS(MIB_DAEMON_ROOT_DELAY, 0);
	D_UNS(MIB_DAEMON_ROOT_DISPERSION, 0);
	D_INT(MIB_DAEMON_FREQUENCY, 0);

	/* a source list that was read and is empty: 0 sources, not absent */
	d.has_sources = true;
	d.sources = NULL;
	d.n_sources = 0;
	D_UNS(MIB_DAEMON_SOURCES_TOTAL, 0);
	D_UNS(MIB_DAEMON_SOURCES_REACHABLE, 0);

	/* the leap states */
	d.leap = LEAP_INSERT_SECOND;
	D_INT(MIB_DAEMON_LEAP_STATUS, 2);
	d.leap = LEAP_DELETE_SECOND;
	D_INT(MIB_DAEMON_LEAP_STATUS, 3);
	d.leap = LEAP_UNSYNCHRONISED;
	D_INT(MIB_DAEMON_LEAP_STATUS, 4);
}

static void
test_sources_reachable(void)
{
	struct mib_value v;

	for (size_t i = 0; i < ELEMENTSOF(srcs); i++)
		srcs[i].reach = 0;
	D_UNS(MIB_DAEMON_SOURCES_TOTAL, 3);
	D_UNS(MIB_DAEMON_SOURCES_REACHABLE, 0);
	srcs[1].reach = 0x80;
	D_UNS(MIB_DAEMON_SOURCES_REACHABLE, 1);
	d.n_sources = 1; /* only the first is counted */
	D_UNS(MIB_DAEMON_SOURCES_TOTAL, 1);
	D_UNS(MIB_DAEMON_SOURCES_REACHABLE, 0);
}

/* ---- the source table ---- */

static void
test_source_columns(void)
{
	const struct source_status *s = &srcs[0];
	struct mib_value v;

	S_TEXT(s, MIB_SRC_NAME, "ntp1.example.org");
	S_TEXT(s, MIB_SRC_ADDRESS, "192.0.2.1");
	S_INT(s, MIB_SRC_MODE, 1);  /* server */
	S_INT(s, MIB_SRC_STATE, 1); /* selected */
	S_UNS(s, MIB_SRC_STRATUM, 2);
	S_INT(s, MIB_SRC_POLL, 6); /* log2 seconds, as chronyc */
	S_UNS(s, MIB_SRC_REACH, 255);
	S_UNS(s, MIB_SRC_LAST_RX_AGE, 17);
	S_INT(s, MIB_SRC_OFFSET, 13); /* 12.6 us */
	S_UNS(s, MIB_SRC_ERROR, 2);   /* 1.906 us */

	S_ABSENT(s, MIB_SRC_INDEX);
	S_ABSENT(s, 0);
	S_ABSENT(s, MIB_SRC_MAX + 1);
	S_ABSENT(s, -1);

	/* a reference clock: its refid text, no address */
	s = &srcs[2];
	S_TEXT(s, MIB_SRC_NAME, "PPS");
	S_ABSENT(s, MIB_SRC_ADDRESS);
	S_INT(s, MIB_SRC_MODE, 3);
	S_INT(s, MIB_SRC_STATE, 2); /* combined */
	S_INT(s, MIB_SRC_POLL, 4);
	S_UNS(s, MIB_SRC_REACH, 15);
	S_INT(s, MIB_SRC_OFFSET, 0); /* -0.4 us */
	S_UNS(s, MIB_SRC_ERROR, 0);

	/* every mode and state as the MIB numbers them */
	for (int i = SOURCE_SELECTED; i <= SOURCE_NONSELECTABLE; i++) {
		srcs[0].state = (enum source_state)i;
		S_INT(&srcs[0], MIB_SRC_STATE, i);
	}
	for (int i = SOURCE_MODE_SERVER; i <= SOURCE_MODE_REFCLOCK; i++) {
		srcs[0].mode = (enum source_mode)i;
		S_INT(&srcs[0], MIB_SRC_MODE, i);
	}

	/* negative polls stay negative: Integer32 */
	srcs[0].poll_log2 = -6;
	S_INT(&srcs[0], MIB_SRC_POLL, -6);
}

static void
test_source_reply_columns(void)
{
	struct source_status s = srcs[0];
	struct mib_value v;

	/* not read (UDP), or nothing received yet: absent */
	S_ABSENT(&s, MIB_SRC_REPLY_LEAP);
	S_ABSENT(&s, MIB_SRC_REPLY_STRATUM);
	S_ABSENT(&s, MIB_SRC_KISS_CODE);
	s.has_reply_counts = true;
	S_ABSENT(&s, MIB_SRC_REPLY_STRATUM);

	/* ntp-data-unsync.bin: leap 3, stratum 16, no kiss */
	s.has_reply = true;
	s.reply_leap = LEAP_UNSYNCHRONISED;
	s.reply_stratum = 16;
	S_INT(&s, MIB_SRC_REPLY_LEAP, 4);
	S_UNS(&s, MIB_SRC_REPLY_STRATUM, 16);
	S_ABSENT(&s, MIB_SRC_KISS_CODE);

	/* ntp-data-deny.bin: stratum 0 is a value here, not "unknown" */
	s.reply_stratum = 0;
	snprintf(s.kiss_code, sizeof(s.kiss_code), "DENY");
	S_UNS(&s, MIB_SRC_REPLY_STRATUM, 0);
	S_TEXT(&s, MIB_SRC_KISS_CODE, "DENY");

	/* ntp-data-synced.bin */
	s.reply_leap = LEAP_NORMAL;
	s.reply_stratum = 8;
	s.kiss_code[0] = '\0';
	S_INT(&s, MIB_SRC_REPLY_LEAP, 1);
	S_UNS(&s, MIB_SRC_REPLY_STRATUM, 8);
	S_ABSENT(&s, MIB_SRC_KISS_CODE);

	/* the states of issue 10 */
	s.state = SOURCE_UNRESOLVED;
	S_INT(&s, MIB_SRC_STATE, 8);
	s.state = SOURCE_OFFLINE;
	S_INT(&s, MIB_SRC_STATE, 9);
}

static void
test_source_never_sampled(void)
{
	/* source-data-never.bin: stratum 0, poll 0, reach 0, LastRx never */
	const struct source_status *s = &srcs[1];
	struct mib_value v;

	S_TEXT(s, MIB_SRC_NAME, "192.0.2.2");
	S_TEXT(s, MIB_SRC_ADDRESS, "192.0.2.2");
	S_INT(s, MIB_SRC_STATE, 6); /* unreachable */
	S_ABSENT(s, MIB_SRC_STRATUM);
	S_INT(s, MIB_SRC_POLL, 0);
	S_UNS(s, MIB_SRC_REACH, 0);
	S_ABSENT(s, MIB_SRC_LAST_RX_AGE);
	S_ABSENT(s, MIB_SRC_OFFSET);
	S_ABSENT(s, MIB_SRC_ERROR);

	/* the flags decide, not the values left behind */
	srcs[0].has_poll = false;
	S_ABSENT(&srcs[0], MIB_SRC_POLL);
	srcs[0].has_reach = false;
	S_ABSENT(&srcs[0], MIB_SRC_REACH);
	srcs[0].mode = 0;
	S_ABSENT(&srcs[0], MIB_SRC_MODE);
	srcs[0].state = SOURCE_STATE_UNKNOWN;
	S_ABSENT(&srcs[0], MIB_SRC_STATE);
	srcs[0].stratum = 0;
	S_ABSENT(&srcs[0], MIB_SRC_STRATUM);
	srcs[0].has_last_rx = false;
	srcs[0].has_sample = false;
	S_ABSENT(&srcs[0], MIB_SRC_LAST_RX_AGE);
	S_ABSENT(&srcs[0], MIB_SRC_OFFSET);
	S_ABSENT(&srcs[0], MIB_SRC_ERROR);
	/* a last_rx without a sample: the age is known */
	srcs[0].has_last_rx = true;
	srcs[0].last_rx_age_s = 0;
	S_UNS(&srcs[0], MIB_SRC_LAST_RX_AGE, 0);
	srcs[0].last_rx_age_s = UINT32_MAX - 1;
	S_UNS(&srcs[0], MIB_SRC_LAST_RX_AGE, UINT32_MAX - 1);
}

static void
test_source_names(void)
{
	struct mib_value v;

	/* no name: the address stands in */
	srcs[0].name[0] = '\0';
	S_TEXT(&srcs[0], MIB_SRC_NAME, "192.0.2.1");
	/* neither: absent */
	srcs[0].address[0] = '\0';
	S_ABSENT(&srcs[0], MIB_SRC_NAME);
	S_ABSENT(&srcs[0], MIB_SRC_ADDRESS);
	/* IPv6 as chrony_addr_format writes it */
	snprintf(srcs[0].address, sizeof(srcs[0].address), "2001:db8::123");
	S_TEXT(&srcs[0], MIB_SRC_NAME, "2001:db8::123");
	S_TEXT(&srcs[0], MIB_SRC_ADDRESS, "2001:db8::123");
	/* the longest name */
	memset(srcs[0].name, 'x', sizeof(srcs[0].name) - 1);
	srcs[0].name[sizeof(srcs[0].name) - 1] = '\0';
	CU_ASSERT_EQUAL(SCOL(&srcs[0], MIB_SRC_NAME), 0);
	CU_ASSERT_EQUAL(v.len, sizeof(srcs[0].name) - 1);
}

static void
test_source_saturation(void)
{
	struct mib_value v;

	srcs[0].offset_s = 1e9;
	srcs[0].error_s = 1e9;
	S_INT(&srcs[0], MIB_SRC_OFFSET, INT32_MAX);
	S_UNS(&srcs[0], MIB_SRC_ERROR, UINT32_MAX);
	srcs[0].offset_s = -1e9;
	srcs[0].error_s = -1;
	S_INT(&srcs[0], MIB_SRC_OFFSET, INT32_MIN);
	S_UNS(&srcs[0], MIB_SRC_ERROR, 0);
	srcs[0].offset_s = -0.0000015001;
	S_INT(&srcs[0], MIB_SRC_OFFSET, -2);
	/* the register is 8 bits */
	srcs[0].reach = 0xff;
	S_UNS(&srcs[0], MIB_SRC_REACH, 255);
	srcs[0].stratum = 16;
	S_UNS(&srcs[0], MIB_SRC_STRATUM, 16);
}

/* ---- the agent scalars ---- */

static void
test_agent_before_refresh(void)
{
	struct mib_value v;

	A_TEXT(MIB_AGENT_VERSION, PACKAGE_VERSION);
	A_UNS(MIB_AGENT_REFRESH_INTERVAL, 5);
	A_ABSENT(MIB_AGENT_DATA_AGE);
	A_INT(MIB_AGENT_HOST_SYNC_STATUS, SYNC_UNKNOWN);
	A_ABSENT(MIB_AGENT_ACTIVE_DAEMON);
	A_ABSENT(MIB_AGENT_DAEMONS_ACTIVE);
	A_UNS(MIB_AGENT_OFFSET_THRESHOLD, 100000); /* 100 ms in us */

	/* even with a row present but not refreshed yet */
	snap.present[DAEMON_CHRONY] = true;
	snap.daemons[DAEMON_CHRONY].state = DAEMON_RUNNING;
	snap.daemons[DAEMON_CHRONY].sync = SYNC_SYNCHRONIZED;
	A_ABSENT(MIB_AGENT_DATA_AGE);
	A_INT(MIB_AGENT_HOST_SYNC_STATUS, SYNC_UNKNOWN);
	A_ABSENT(MIB_AGENT_ACTIVE_DAEMON);
	A_ABSENT(MIB_AGENT_DAEMONS_ACTIVE);

	A_ABSENT(0);
	A_ABSENT(MIB_AGENT_MAX + 1);
	A_ABSENT(-1);
}

static void
test_agent_after_refresh(void)
{
	struct daemon_status *chrony = &snap.daemons[DAEMON_CHRONY];
	struct mib_value v;

	snap.refreshed = true;
	snap.refreshed_at = NOW - 7;
	snap.present[DAEMON_CHRONY] = true;
	chrony->type = DAEMON_CHRONY;
	chrony->state = DAEMON_RUNNING;
	chrony->sync = SYNC_SYNCHRONIZED;

	A_TEXT(MIB_AGENT_VERSION, PACKAGE_VERSION);
	A_UNS(MIB_AGENT_REFRESH_INTERVAL, 5);
	A_UNS(MIB_AGENT_DATA_AGE, 7);
	A_INT(MIB_AGENT_HOST_SYNC_STATUS, SYNC_SYNCHRONIZED);
	A_INT(MIB_AGENT_ACTIVE_DAEMON, DAEMON_CHRONY);
	A_UNS(MIB_AGENT_DAEMONS_ACTIVE, 1);
	A_UNS(MIB_AGENT_OFFSET_THRESHOLD, 100000);

	/* the host's status is the running daemon's */
	chrony->sync = SYNC_UNSYNCHRONIZED;
	A_INT(MIB_AGENT_HOST_SYNC_STATUS, SYNC_UNSYNCHRONIZED);
	chrony->sync = SYNC_UNKNOWN;
	A_INT(MIB_AGENT_HOST_SYNC_STATUS, SYNC_UNKNOWN);

	/* no daemon runs: nothing keeps the clock synchronised */
	chrony->state = DAEMON_STOPPED;
	chrony->sync = SYNC_UNSYNCHRONIZED;
	A_INT(MIB_AGENT_HOST_SYNC_STATUS, SYNC_UNSYNCHRONIZED);
	A_INT(MIB_AGENT_ACTIVE_DAEMON, 0); /* none(0) */
	A_UNS(MIB_AGENT_DAEMONS_ACTIVE, 0);
	chrony->state = DAEMON_UNREACHABLE;
	A_INT(MIB_AGENT_HOST_SYNC_STATUS, SYNC_UNSYNCHRONIZED);
	A_INT(MIB_AGENT_ACTIVE_DAEMON, 0);
	chrony->state = DAEMON_ACCESS_DENIED;
	A_INT(MIB_AGENT_ACTIVE_DAEMON, 0);
	A_UNS(MIB_AGENT_DAEMONS_ACTIVE, 0);

	/* no row at all; a slot without a row does not count */
	memset(snap.present, 0, sizeof(snap.present));
	chrony->state = DAEMON_RUNNING;
	chrony->sync = SYNC_SYNCHRONIZED;
	A_INT(MIB_AGENT_HOST_SYNC_STATUS, SYNC_UNSYNCHRONIZED);
	A_INT(MIB_AGENT_ACTIVE_DAEMON, 0);
	A_UNS(MIB_AGENT_DAEMONS_ACTIVE, 0);

	/* another daemon than chrony */
	snap.present[DAEMON_TIMESYNCD] = true;
	snap.daemons[DAEMON_TIMESYNCD].type = DAEMON_TIMESYNCD;
	snap.daemons[DAEMON_TIMESYNCD].state = DAEMON_RUNNING;
	snap.daemons[DAEMON_TIMESYNCD].sync = SYNC_UNSYNCHRONIZED;
	A_INT(MIB_AGENT_ACTIVE_DAEMON, DAEMON_TIMESYNCD);
	A_INT(MIB_AGENT_HOST_SYNC_STATUS, SYNC_UNSYNCHRONIZED);
	A_UNS(MIB_AGENT_DAEMONS_ACTIVE, 1);

	/* data age: now, and after the clock was stepped back */
	snap.refreshed_at = NOW;
	A_UNS(MIB_AGENT_DATA_AGE, 0);
	snap.refreshed_at = NOW + 30;
	A_UNS(MIB_AGENT_DATA_AGE, 0);
	snap.refreshed_at = NOW - 3600;
	A_UNS(MIB_AGENT_DATA_AGE, 3600);

	/* threshold and interval at their configured limits */
	snap.offset_threshold_ms = 1;
	A_UNS(MIB_AGENT_OFFSET_THRESHOLD, 1000);
	snap.offset_threshold_ms = 3600000;
	A_UNS(MIB_AGENT_OFFSET_THRESHOLD, 3600000000u);
	snap.refresh_s = 3600;
	A_UNS(MIB_AGENT_REFRESH_INTERVAL, 3600);
}

/*
 * Several daemons running: scoutNtpActiveDaemon "is the synchronized one; if
 * several or none of them are synchronized, the running one with the lowest
 * value", and scoutNtpHostSyncStatus is that daemon's status.
 */
static void
test_agent_several_daemons(void)
{
	struct daemon_status *chrony = &snap.daemons[DAEMON_CHRONY];
	struct daemon_status *timesyncd = &snap.daemons[DAEMON_TIMESYNCD];
	struct mib_value v;

	snap.refreshed = true;
	snap.refreshed_at = NOW;
	snap.present[DAEMON_CHRONY] = true;
	snap.present[DAEMON_TIMESYNCD] = true;
	chrony->state = DAEMON_RUNNING;
	timesyncd->state = DAEMON_RUNNING;

	/* both synchronized: the lowest */
	chrony->sync = SYNC_SYNCHRONIZED;
	timesyncd->sync = SYNC_SYNCHRONIZED;
	A_UNS(MIB_AGENT_DAEMONS_ACTIVE, 2);
	A_INT(MIB_AGENT_ACTIVE_DAEMON, DAEMON_CHRONY);
	A_INT(MIB_AGENT_HOST_SYNC_STATUS, SYNC_SYNCHRONIZED);

	/* neither: the lowest */
	chrony->sync = SYNC_UNSYNCHRONIZED;
	timesyncd->sync = SYNC_UNSYNCHRONIZED;
	A_INT(MIB_AGENT_ACTIVE_DAEMON, DAEMON_CHRONY);
	A_INT(MIB_AGENT_HOST_SYNC_STATUS, SYNC_UNSYNCHRONIZED);

	/* only the higher one: it controls the clock */
	timesyncd->sync = SYNC_SYNCHRONIZED;
	A_INT(MIB_AGENT_ACTIVE_DAEMON, DAEMON_TIMESYNCD);
	A_INT(MIB_AGENT_HOST_SYNC_STATUS, SYNC_SYNCHRONIZED);
	A_UNS(MIB_AGENT_DAEMONS_ACTIVE, 2);

	/* a stopped daemon is not active, however synchronized it was */
	chrony->state = DAEMON_STOPPED;
	chrony->sync = SYNC_SYNCHRONIZED;
	timesyncd->sync = SYNC_UNSYNCHRONIZED;
	A_INT(MIB_AGENT_ACTIVE_DAEMON, DAEMON_TIMESYNCD);
	A_INT(MIB_AGENT_HOST_SYNC_STATUS, SYNC_UNSYNCHRONIZED);
	A_UNS(MIB_AGENT_DAEMONS_ACTIVE, 1);
}

/*
 * The host-level scalars are the columns of scoutNtpActiveDaemon's row, read
 * with the same conversions; with no daemon running only the reason is told.
 */
static void
test_agent_host_view(void)
{
	struct daemon_status *chrony = &snap.daemons[DAEMON_CHRONY];
	struct daemon_status *timesyncd = &snap.daemons[DAEMON_TIMESYNCD];
	struct mib_value v;

	/* before the first refresh nothing is known, not even the reason */
	snap.present[DAEMON_CHRONY] = true;
	*chrony = d;
	A_ABSENT(MIB_AGENT_HOST_SYNC_REASON);
	A_ABSENT(MIB_AGENT_HOST_SYNC_REASON_TEXT);
	A_ABSENT(MIB_AGENT_HOST_SOURCE_NAME);
	A_ABSENT(MIB_AGENT_HOST_OFFSET);
	A_ABSENT(MIB_AGENT_HOST_LAST_SYNC_AGE);

	/* synchronised chrony: its row, converted as the row's columns are */
	snap.refreshed = true;
	snap.refreshed_at = NOW;
	A_INT(MIB_AGENT_HOST_SYNC_REASON, REASON_NONE);
	A_TEXT(MIB_AGENT_HOST_SYNC_REASON_TEXT, d.reason_text);
	A_TEXT(MIB_AGENT_HOST_SOURCE_NAME, "ntp1.example.org");
	A_INT(MIB_AGENT_HOST_OFFSET, 1234); /* 1234.4 us rounded */
	A_UNS(MIB_AGENT_HOST_LAST_SYNC_AGE, 3);

	/* lost: the reason follows the row; the old reference is still shown */
	chrony->sync = SYNC_UNSYNCHRONIZED;
	chrony->reason = REASON_NO_SELECTABLE_SOURCE;
	snprintf(chrony->reason_text, sizeof(chrony->reason_text),
	    "no source is selectable");
	A_INT(MIB_AGENT_HOST_SYNC_REASON, REASON_NO_SELECTABLE_SOURCE);
	A_TEXT(MIB_AGENT_HOST_SYNC_REASON_TEXT, "no source is selectable");
	A_TEXT(MIB_AGENT_HOST_SOURCE_NAME, "ntp1.example.org");

	/* values the row lacks are absent here too, never 0 */
	chrony->has_tracking = false;
	A_ABSENT(MIB_AGENT_HOST_SOURCE_NAME);
	A_ABSENT(MIB_AGENT_HOST_OFFSET);
	A_ABSENT(MIB_AGENT_HOST_LAST_SYNC_AGE);
	chrony->has_tracking = true;
	chrony->has_offset = false;
	chrony->has_ref_time = false;
	A_ABSENT(MIB_AGENT_HOST_OFFSET);
	A_ABSENT(MIB_AGENT_HOST_LAST_SYNC_AGE);
	chrony->has_offset = true;
	chrony->has_ref_time = true;

	/* two daemons: the row of the one that controls the clock */
	snap.present[DAEMON_TIMESYNCD] = true;
	timesyncd->type = DAEMON_TIMESYNCD;
	timesyncd->state = DAEMON_RUNNING;
	timesyncd->sync = SYNC_SYNCHRONIZED;
	timesyncd->reason = REASON_NONE;
	snprintf(timesyncd->reason_text, sizeof(timesyncd->reason_text),
	    "synchronised to 192.0.2.9, stratum 2");
	timesyncd->has_tracking = true;
	snprintf(
	    timesyncd->source_name, sizeof(timesyncd->source_name), "time.example.net");
	timesyncd->has_offset = true;
	timesyncd->offset_s = -0.0000425; /* -42.5 us rounds away from 0 */
	A_INT(MIB_AGENT_ACTIVE_DAEMON, DAEMON_TIMESYNCD);
	A_INT(MIB_AGENT_HOST_SYNC_REASON, REASON_NONE);
	A_TEXT(MIB_AGENT_HOST_SYNC_REASON_TEXT, "synchronised to 192.0.2.9, stratum 2");
	A_TEXT(MIB_AGENT_HOST_SOURCE_NAME, "time.example.net");
	A_INT(MIB_AGENT_HOST_OFFSET, -43);
	A_ABSENT(MIB_AGENT_HOST_LAST_SYNC_AGE); /* timesyncd's row has none */

	/* no daemon runs: the reason says so, the rest is absent */
	chrony->state = DAEMON_STOPPED;
	timesyncd->state = DAEMON_STOPPED;
	A_INT(MIB_AGENT_ACTIVE_DAEMON, 0);
	A_INT(MIB_AGENT_HOST_SYNC_REASON, REASON_DAEMON_NOT_RUNNING);
	A_TEXT(MIB_AGENT_HOST_SYNC_REASON_TEXT,
	    "no time daemon runs on this host: nothing keeps the clock "
	    "synchronised");
	A_ABSENT(MIB_AGENT_HOST_SOURCE_NAME);
	A_ABSENT(MIB_AGENT_HOST_OFFSET);
	A_ABSENT(MIB_AGENT_HOST_LAST_SYNC_AGE);

	/* the same with no row at all */
	memset(snap.present, 0, sizeof(snap.present));
	A_INT(MIB_AGENT_HOST_SYNC_REASON, REASON_DAEMON_NOT_RUNNING);
	A_ABSENT(MIB_AGENT_HOST_OFFSET);

	/* the host-level texts carry no '?' (snmptt strips it) */
	CU_ASSERT_EQUAL(ACOL(MIB_AGENT_HOST_SYNC_REASON_TEXT), 0);
	CU_ASSERT_PTR_NULL(memchr(v.octets, '?', v.len));
}

/* ---- the kernel scalars ---- */

#define K_INT(col, want) \
	check_int(__LINE__, #col, mib_kernel_value(&k, (col), &v), &v, (want))
#define K_UNS(col, want) \
	check_unsigned(__LINE__, #col, mib_kernel_value(&k, (col), &v), &v, (want))

static void
test_kernel(void)
{
	struct kernel_time k;
	struct mib_value v;

	/* adjtimex failed: every scalar absent, whatever the rest says */
	memset(&k, 0, sizeof(k));
	k.synced = true;
	k.maxerror_us = 1;
	for (int s = MIB_KERNEL_SYNCED; s <= MIB_KERNEL_MAX; s++) {
		char what[64];

		snprintf(what, sizeof(what), "kernel scalar %d, adjtimex failed", s);
		check_absent(__LINE__, what, mib_kernel_value(&k, s, &v), &v);
	}

	k.valid = true;
	k.synced = true;
	k.maxerror_us = 16000;
	k.esterror_us = 12;
	k.offset_s = -0.0000123;
	k.status = STA_PLL | STA_NANO;
	K_INT(MIB_KERNEL_SYNCED, 1); /* TruthValue true */
	K_UNS(MIB_KERNEL_MAX_ERROR, 16000);
	K_UNS(MIB_KERNEL_EST_ERROR, 12);
	K_INT(MIB_KERNEL_OFFSET, -12);
	K_UNS(MIB_KERNEL_STATUS, 8193);

	/* false(2); STA_UNSYNC is shown, not interpreted */
	k.synced = false;
	k.status = STA_UNSYNC;
	k.maxerror_us = 16000000;
	K_INT(MIB_KERNEL_SYNCED, 2);
	K_UNS(MIB_KERNEL_STATUS, 64);
	K_UNS(MIB_KERNEL_MAX_ERROR, 16000000);

	/* limits; 0 is a value here (no daemon uses the kernel PLL) */
	k.maxerror_us = UINT32_MAX;
	k.esterror_us = 0;
	k.offset_s = 0;
	k.status = 0;
	K_UNS(MIB_KERNEL_MAX_ERROR, UINT32_MAX);
	K_UNS(MIB_KERNEL_EST_ERROR, 0);
	K_INT(MIB_KERNEL_OFFSET, 0);
	K_UNS(MIB_KERNEL_STATUS, 0);
	k.offset_s = 1e6;
	K_INT(MIB_KERNEL_OFFSET, INT32_MAX);
	k.offset_s = -1e6;
	K_INT(MIB_KERNEL_OFFSET, INT32_MIN);
	k.offset_s = 0.0005004;
	K_INT(MIB_KERNEL_OFFSET, 500);

	check_absent(__LINE__, "kernel scalar 0", mib_kernel_value(&k, 0, &v), &v);
	check_absent(__LINE__, "kernel scalar MAX + 1",
	    mib_kernel_value(&k, MIB_KERNEL_MAX + 1, &v), &v);
}

int
main(void)
{
	static const struct unit_test tests[] = {
		{ "daemon: every column, synchronised", test_daemon_synced },
		{ "daemon: fixture values", test_daemon_fixture_values },
		{ "daemon: text forms", test_daemon_text_forms },
		{ "daemon: microseconds", test_microseconds },
		{ "daemon: frequency in ppb", test_frequency },
		{ "daemon: poll interval", test_poll_interval },
		{ "daemon: NaN and infinities", test_non_finite },
		{ "DateAndTime", test_date_and_time },
		{ "daemon: LastSync out of range", test_last_sync_out_of_range },
		{ "daemon: LastSyncAge", test_last_sync_age },
		{ "daemon: no tracking data", test_no_tracking },
		{ "daemon: stopped and empty rows", test_daemon_stopped },
		{ "daemon: unknown values are absent", test_unknown_values_absent },
		{ "daemon: reachable sources", test_sources_reachable },
		{ "source: every column", test_source_columns },
		{ "source table: last reply", test_source_reply_columns },
		{ "source: never sampled", test_source_never_sampled },
		{ "source: name and address", test_source_names },
		{ "source: saturation", test_source_saturation },
		{ "agent: before the first refresh", test_agent_before_refresh },
		{ "agent: after a refresh", test_agent_after_refresh },
		{ "agent: several daemons", test_agent_several_daemons },
		{ "agent: the host's view of the active row", test_agent_host_view },
		{ "kernel scalars", test_kernel },
	};

	return unit_run("mib_values", setup, NULL, tests, ELEMENTSOF(tests));
}
