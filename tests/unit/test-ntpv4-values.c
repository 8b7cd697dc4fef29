/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CUnit tests for ntpv4_values.c: the NTP entity and its mode, stratum, the
 * RFC 5907 display strings and NtpDateTime, every scalar and column for a
 * synchronised chrony snapshot, absent values, and association ids that stay
 * the same for the same source (across refreshes, reordering, a source's
 * absence, an agent restart) with collisions resolved deterministically.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <CUnit/Basic.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "ntpv4_values.h"
#include "snapshot.h"
#include "unit.h"

#define ELEMENTSOF(x) (sizeof(x) / sizeof((x)[0]))

/* 2026-11-26 06:37:20.5 UTC */
#define NOW ((time_t)1795675040)

static struct source_status srcs[3];
static struct snapshot snap;
static struct daemon_status *d = &snap.daemons[DAEMON_CHRONY];
static struct ntpv4_assoc_map map;
static uint32_t ids[8];
static struct ntpv4_context ctx;

static void
setup(void)
{
	memset(srcs, 0, sizeof(srcs));
	memset(&snap, 0, sizeof(snap));
	memset(&map, 0, sizeof(map));
	memset(ids, 0, sizeof(ids));

	snprintf(srcs[0].name, sizeof(srcs[0].name), "ntp1.example.org");
	snprintf(srcs[0].address, sizeof(srcs[0].address), "192.0.2.1");
	srcs[0].mode = SOURCE_MODE_SERVER;
	srcs[0].state = SOURCE_SELECTED;
	srcs[0].stratum = 2;
	srcs[0].has_sample = true;
	srcs[0].offset_s = 0.0000126; /* local 12.6 us ahead */
	snprintf(srcs[1].name, sizeof(srcs[1].name), "2001:db8::1");
	snprintf(srcs[1].address, sizeof(srcs[1].address), "2001:db8::1");
	srcs[1].mode = SOURCE_MODE_SERVER;
	srcs[1].state = SOURCE_UNREACHABLE; /* never answered: stratum 0 */
	snprintf(srcs[2].name, sizeof(srcs[2].name), "PPS");
	srcs[2].mode = SOURCE_MODE_REFCLOCK;
	srcs[2].state = SOURCE_COMBINED;
	srcs[2].has_sample = true;
	srcs[2].offset_s = -0.0000004;

	d->type = DAEMON_CHRONY;
	d->state = DAEMON_RUNNING;
	d->has_tracking = true;
	snprintf(d->source_name, sizeof(d->source_name), "ntp1.example.org");
	snprintf(d->source_address, sizeof(d->source_address), "192.0.2.1");
	d->stratum = 3;
	d->has_offset = true;
	d->offset_s = 0.0012344;
	d->has_offset_stats = true;
	d->last_offset_s = -0.0000026; /* local 2.6 us behind */
	d->root_delay_s = 0.000003017;
	d->root_dispersion_s = 0.0000216;
	d->leap = LEAP_NORMAL;
	d->has_sources = true;
	d->sources = srcs;
	d->n_sources = ELEMENTSOF(srcs);
	d->sync = SYNC_SYNCHRONIZED;
	d->reason = REASON_NONE;
	snap.present[DAEMON_CHRONY] = true;
	snap.host.active = DAEMON_CHRONY;
	snap.host.daemons_active = 1;
	snap.refreshed = true;

	ntpv4_assoc_ids(&map, d, ids, ELEMENTSOF(ids));
	memset(&ctx, 0, sizeof(ctx));
	ctx.s = &snap;
	ctx.entity = ntpv4_entity(&snap);
	ctx.ids = ids;
	ctx.n_ids = d->n_sources;
	ctx.heartbeat_s = 60;
	ctx.system_type = "Linux 6.1.0 / x86_64";
	ctx.resolution_ns = 1;
	ctx.now = (struct timespec) { NOW, 500000000 };
}

static void
check_text(unsigned line, int r, const struct mib_value *v, const char *want)
{
	if (r != 0 || v->type != ASN_OCTET_STR || v->len != strlen(want) ||
	    memcmp(v->octets, want, v->len) != 0)
		fprintf(stderr, "line %u: want \"%s\", got r=%d type %d \"%.*s\"\n",
		    line, want, r, v->type, (int)v->len, v->octets);
	CU_ASSERT_EQUAL(r, 0);
	CU_ASSERT_EQUAL(v->type, ASN_OCTET_STR);
	CU_ASSERT_EQUAL(v->len, strlen(want));
	CU_ASSERT_EQUAL(memcmp(v->octets, want, strlen(want)), 0);
}

static void
check_number(unsigned line, int r, const struct mib_value *v, int type, long want)
{
	if (r != 0 || v->type != type || v->integer != want)
		fprintf(stderr, "line %u: want type %d %ld, got r=%d type %d %ld\n",
		    line, type, want, r, v->type, v->integer);
	CU_ASSERT_EQUAL(r, 0);
	CU_ASSERT_EQUAL(v->type, type);
	CU_ASSERT_EQUAL(v->integer, want);
}

#define STATUS(s) ntpv4_status_value(&ctx, (s), &v)
#define ASSOC(i, c) ntpv4_assoc_value(&ctx, (i), (c), &v)

static void
test_mode(void)
{
	CU_ASSERT_EQUAL(ntpv4_mode(d), NTPV4_MODE_SYNC_TO_REMOTE_SERVER);
	srcs[0].state = SOURCE_COMBINED;
	srcs[2].state = SOURCE_SELECTED;
	CU_ASSERT_EQUAL(ntpv4_mode(d), NTPV4_MODE_SYNC_TO_REFCLOCK);
	d->local_clock = true;
	CU_ASSERT_EQUAL(ntpv4_mode(d), NTPV4_MODE_SYNC_TO_LOCAL);
	d->local_clock = false;
	d->sync = SYNC_UNSYNCHRONIZED;
	d->reason = REASON_NO_REACHABLE_SOURCES;
	CU_ASSERT_EQUAL(ntpv4_mode(d), NTPV4_MODE_NOT_SYNCHRONIZED);
	d->reason = REASON_NO_SERVERS_CONFIGURED;
	CU_ASSERT_EQUAL(ntpv4_mode(d), NTPV4_MODE_NONE_CONFIGURED);
	d->reason = REASON_LOCAL_CLOCK_ONLY;
	CU_ASSERT_EQUAL(ntpv4_mode(d), NTPV4_MODE_SYNC_TO_LOCAL);
	d->sync = SYNC_UNKNOWN;
	CU_ASSERT_EQUAL(ntpv4_mode(d), NTPV4_MODE_UNKNOWN);
	d->state = DAEMON_STOPPED;
	CU_ASSERT_EQUAL(ntpv4_mode(d), NTPV4_MODE_NOT_RUNNING);
	CU_ASSERT_EQUAL(ntpv4_mode(NULL), NTPV4_MODE_NOT_RUNNING);
}

static void
test_stratum(void)
{
	CU_ASSERT_EQUAL(ntpv4_stratum(d), 3);
	d->stratum = 0;
	CU_ASSERT_EQUAL(ntpv4_stratum(d), 16);
	d->stratum = 3;
	d->sync = SYNC_UNSYNCHRONIZED;
	CU_ASSERT_EQUAL(ntpv4_stratum(d), 16); /* "16 if no syspeer" */
	CU_ASSERT_EQUAL(ntpv4_stratum(NULL), 16);
}

static void
test_entity(void)
{
	struct daemon_status *t = &snap.daemons[DAEMON_TIMESYNCD];

	CU_ASSERT_PTR_EQUAL(ntpv4_entity(&snap), d);
	/* no verdict on who runs the clock: the first running one */
	t->type = DAEMON_TIMESYNCD;
	t->state = DAEMON_RUNNING;
	snap.present[DAEMON_TIMESYNCD] = true;
	snap.host.active = 0;
	d->state = DAEMON_STOPPED;
	CU_ASSERT_PTR_EQUAL(ntpv4_entity(&snap), t);
	snap.host.active = DAEMON_CHRONY;
	CU_ASSERT_PTR_EQUAL(ntpv4_entity(&snap), d);
	/* nothing runs: the first row */
	snap.host.active = 0;
	t->state = DAEMON_STOPPED;
	CU_ASSERT_PTR_EQUAL(ntpv4_entity(&snap), d);
	memset(snap.present, 0, sizeof(snap.present));
	CU_ASSERT_PTR_NULL(ntpv4_entity(&snap));
}

static void
test_ids_stable(void)
{
	struct ntpv4_assoc_map fresh;
	uint32_t again[8], reordered[3];
	struct source_status tmp;

	CU_ASSERT_EQUAL(ids[0], ntpv4_assoc_hash("192.0.2.1"));
	CU_ASSERT_EQUAL(ids[1], ntpv4_assoc_hash("2001:db8::1"));
	CU_ASSERT_EQUAL(ids[2], ntpv4_assoc_hash("name:PPS"));
	for (unsigned i = 0; i < 3; i++) {
		CU_ASSERT(ids[i] >= 1 && ids[i] <= NTPV4_ASSOC_ID_MAX);
		for (unsigned j = 0; j < i; j++)
			CU_ASSERT_NOT_EQUAL(ids[i], ids[j]);
	}
	/* the next refresh */
	ntpv4_assoc_ids(&map, d, again, ELEMENTSOF(again));
	CU_ASSERT_EQUAL(memcmp(again, ids, 3 * sizeof(ids[0])), 0);
	/* the agent restarted: a new map gives the same ids */
	memset(&fresh, 0, sizeof(fresh));
	ntpv4_assoc_ids(&fresh, d, again, ELEMENTSOF(again));
	CU_ASSERT_EQUAL(memcmp(again, ids, 3 * sizeof(ids[0])), 0);
	/* the daemon restarted and lists its sources in another order */
	tmp = srcs[0];
	srcs[0] = srcs[2];
	srcs[2] = tmp;
	ntpv4_assoc_ids(&map, d, reordered, ELEMENTSOF(reordered));
	CU_ASSERT_EQUAL(reordered[0], ids[2]);
	CU_ASSERT_EQUAL(reordered[1], ids[1]);
	CU_ASSERT_EQUAL(reordered[2], ids[0]);
	/* more sources than room: the rest get no id, nothing overflows */
	ntpv4_assoc_ids(&map, d, reordered, 2);
	CU_ASSERT_EQUAL(reordered[0], ids[2]);
}

static void
test_ids_without_key_or_twice(void)
{
	uint32_t got[3];

	srcs[1].name[0] = srcs[1].address[0] = '\0';
	snprintf(srcs[2].address, sizeof(srcs[2].address), "192.0.2.1");
	ntpv4_assoc_ids(&map, d, got, ELEMENTSOF(got));
	CU_ASSERT_EQUAL(got[0], ids[0]);
	CU_ASSERT_EQUAL(got[1], 0); /* no key: no row */
	CU_ASSERT_EQUAL(got[2], 0); /* the same server twice: one row */
}

/* Two keys whose hashes collide, found by search (FNV-1a mod 99999). */
static void
colliding_keys(char a[NTPV4_ASSOC_KEY_MAX], char b[NTPV4_ASSOC_KEY_MAX])
{
	static uint32_t seen[NTPV4_ASSOC_ID_MAX + 1];

	memset(seen, 0, sizeof(seen));
	for (uint32_t i = 1;; i++) {
		char key[NTPV4_ASSOC_KEY_MAX];
		uint32_t h;

		snprintf(key, sizeof(key), "10.%u.%u.%u", i >> 16 & 255, i >> 8 & 255,
		    i & 255);
		h = ntpv4_assoc_hash(key);
		if (seen[h]) {
			uint32_t j = seen[h];
			snprintf(a, NTPV4_ASSOC_KEY_MAX, "10.%u.%u.%u", j >> 16 & 255,
			    j >> 8 & 255, j & 255);
			snprintf(b, NTPV4_ASSOC_KEY_MAX, "%s", key);
			return;
		}
		seen[h] = i;
	}
}

static void
test_ids_collision(void)
{
	char a[NTPV4_ASSOC_KEY_MAX], b[NTPV4_ASSOC_KEY_MAX];
	struct ntpv4_assoc_map fresh;
	uint32_t got[2], again[2];
	uint32_t h;

	colliding_keys(a, b);
	h = ntpv4_assoc_hash(a);
	CU_ASSERT_EQUAL(ntpv4_assoc_hash(b), h);
	memset(srcs, 0, sizeof(srcs));
	snprintf(
	    srcs[0].address, sizeof(srcs[0].address), "%.*s", STATUS_ADDR_MAX - 1, a);
	snprintf(
	    srcs[1].address, sizeof(srcs[1].address), "%.*s", STATUS_ADDR_MAX - 1, b);
	d->n_sources = 2;
	memset(&map, 0, sizeof(map));
	ntpv4_assoc_ids(&map, d, got, 2);
	CU_ASSERT_EQUAL(got[0], h);
	CU_ASSERT_EQUAL(got[1], h % NTPV4_ASSOC_ID_MAX + 1);
	/* deterministic: a new map, the same order, the same ids */
	memset(&fresh, 0, sizeof(fresh));
	ntpv4_assoc_ids(&fresh, d, again, 2);
	CU_ASSERT_EQUAL(memcmp(got, again, sizeof(got)), 0);
	/* the first goes away and comes back: each keeps its id */
	d->sources = &srcs[1];
	d->n_sources = 1;
	ntpv4_assoc_ids(&map, d, again, 1);
	CU_ASSERT_EQUAL(again[0], got[1]);
	d->sources = srcs;
	d->n_sources = 2;
	ntpv4_assoc_ids(&map, d, again, 2);
	CU_ASSERT_EQUAL(memcmp(got, again, sizeof(got)), 0);
}

static void
test_ids_map_full(void)
{
	static struct source_status many[NTPV4_ASSOC_MAP_MAX + 10];
	static uint32_t got[NTPV4_ASSOC_MAP_MAX + 10];

	memset(many, 0, sizeof(many));
	for (unsigned i = 0; i < ELEMENTSOF(many); i++)
		snprintf(many[i].address, sizeof(many[i].address), "198.51.%u.%u",
		    i / 256, i % 256);
	d->sources = many;
	d->n_sources = ELEMENTSOF(many);
	ntpv4_assoc_ids(&map, d, got, ELEMENTSOF(got));
	/* the map holds NTPV4_ASSOC_MAP_MAX keys; beyond, no id, no crash */
	CU_ASSERT_NOT_EQUAL(got[0], 0);
	CU_ASSERT_EQUAL(got[ELEMENTSOF(got) - 1], 0);
	/* a later refresh with other sources reuses the unseen slots */
	d->sources = srcs;
	d->n_sources = ELEMENTSOF(srcs);
	ntpv4_assoc_ids(&map, d, got, 3);
	CU_ASSERT_EQUAL(got[0], ids[0]);
	CU_ASSERT_EQUAL(got[1], ids[1]);
	CU_ASSERT_EQUAL(got[2], ids[2]);
}

static void
test_texts_and_dates(void)
{
	char buf[64];
	uint8_t b[16];
	static const uint8_t epoch[16] = { 0, 0, 0, 0, 0x83, 0xaa, 0x7e, 0x80 };
	static const uint8_t half[16] = { 0, 0, 0, 0, 0xee, 0xb2, 0x52, 0x20, 0x80 };

	ntpv4_offset_text(0.0000126, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "-0.013 ms");
	ntpv4_offset_text(-1.232, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "1232.000 ms");
	ntpv4_offset_text(0, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "0.000 ms");
	ntpv4_offset_text(0.0000004, buf, sizeof(buf)); /* rounds to zero */
	CU_ASSERT_STRING_EQUAL(buf, "0.000 ms");
	ntpv4_offset_text(-0.0000005, buf, sizeof(buf));
	CU_ASSERT_STRING_EQUAL(buf, "0.001 ms");

	ntpv4_date_time(&(struct timespec) { 0, 0 }, b);
	CU_ASSERT_EQUAL(memcmp(b, epoch, 16), 0);
	ntpv4_date_time(&(struct timespec) { NOW, 500000000 }, b);
	CU_ASSERT_EQUAL(memcmp(b, half, 16), 0);
	/* 2036-02-07 06:28:16 UTC: era 1, offset 0 */
	ntpv4_date_time(&(struct timespec) { 2085978496, 0 }, b);
	CU_ASSERT_EQUAL(b[3], 1);
	CU_ASSERT_EQUAL(b[4] | b[5] | b[6] | b[7], 0);
	/* 999999999 ns: just under one second, never a carry */
	ntpv4_date_time(&(struct timespec) { 0, 999999999 }, b);
	CU_ASSERT_EQUAL(b[7], 0x80);
	CU_ASSERT_EQUAL(b[8], 0xff);

	CU_ASSERT_EQUAL(ntpv4_leap_time(1797336000), 1798761600); /* Dec -> Jan */
	CU_ASSERT_EQUAL(ntpv4_leap_time(1782863999), 1782864000); /* 30 Jun */
}

static void
test_info(void)
{
	struct mib_value v;

	check_text(
	    __LINE__, ntpv4_info_value(&ctx, NTPV4_SOFTWARE_NAME, &v), &v, "chronyd");
	check_text(__LINE__, ntpv4_info_value(&ctx, NTPV4_SOFTWARE_VENDOR, &v), &v,
	    "The chrony project");
	check_text(__LINE__, ntpv4_info_value(&ctx, NTPV4_SYSTEM_TYPE, &v), &v,
	    "Linux 6.1.0 / x86_64");
	check_number(__LINE__, ntpv4_info_value(&ctx, NTPV4_TIME_RESOLUTION, &v), &v,
	    ASN_UNSIGNED, 1000000000);
	check_number(__LINE__, ntpv4_info_value(&ctx, NTPV4_TIME_PRECISION, &v), &v,
	    ASN_INTEGER, -29);
	ctx.resolution_ns = 4000000; /* a 250 Hz tick */
	check_number(__LINE__, ntpv4_info_value(&ctx, NTPV4_TIME_RESOLUTION, &v), &v,
	    ASN_UNSIGNED, 250);
	check_number(__LINE__, ntpv4_info_value(&ctx, NTPV4_TIME_PRECISION, &v), &v,
	    ASN_INTEGER, -7);
	/* root delay / 2 + root dispersion = 23.1085 us */
	check_text(
	    __LINE__, ntpv4_info_value(&ctx, NTPV4_TIME_DISTANCE, &v), &v, "0.023 ms");
	/* the version comes from the daemon; chrony's is not in this row */
	CU_ASSERT_EQUAL(ntpv4_info_value(&ctx, NTPV4_SOFTWARE_VERSION, &v), -ENOENT);
	CU_ASSERT_EQUAL(ntpv4_info_value(&ctx, 0, &v), -ENOENT);
	CU_ASSERT_EQUAL(ntpv4_info_value(&ctx, NTPV4_INFO_MAX + 1, &v), -ENOENT);
	ctx.entity = NULL;
	CU_ASSERT_EQUAL(ntpv4_info_value(&ctx, NTPV4_SOFTWARE_NAME, &v), -ENOENT);
}

static void
test_status_synced(void)
{
	struct mib_value v;
	static const uint8_t half[16] = { 0, 0, 0, 0, 0xee, 0xb2, 0x52, 0x20, 0x80 };
	static const uint8_t zero[16];

	check_number(__LINE__, STATUS(NTPV4_CURRENT_MODE), &v, ASN_INTEGER, 6);
	check_number(__LINE__, STATUS(NTPV4_STRATUM), &v, ASN_UNSIGNED, 3);
	check_number(
	    __LINE__, STATUS(NTPV4_ACTIVE_REF_SOURCE_ID), &v, ASN_UNSIGNED, ids[0]);
	check_text(
	    __LINE__, STATUS(NTPV4_ACTIVE_REF_SOURCE_NAME), &v, "ntp1.example.org");
	/* chrony's last offset, in NTP's sign */
	check_text(__LINE__, STATUS(NTPV4_ACTIVE_OFFSET), &v, "0.003 ms");
	check_number(
	    __LINE__, STATUS(NTPV4_NUMBER_OF_REF_SOURCES), &v, ASN_UNSIGNED, 3);
	check_text(__LINE__, STATUS(NTPV4_DISPERSION), &v, "0.022");
	CU_ASSERT_EQUAL(STATUS(NTPV4_DATE_TIME), 0);
	CU_ASSERT_EQUAL(v.len, 16);
	CU_ASSERT_EQUAL(memcmp(v.octets, half, 16), 0);
	CU_ASSERT_EQUAL(STATUS(NTPV4_LEAP_SECOND), 0);
	CU_ASSERT_EQUAL(v.len, 16);
	CU_ASSERT_EQUAL(memcmp(v.octets, zero, 16), 0);
	check_number(__LINE__, STATUS(NTPV4_LEAP_SEC_DIRECTION), &v, ASN_INTEGER, 0);
	ctx.notifications = 7;
	check_number(__LINE__, STATUS(NTPV4_NOTIFICATIONS), &v, ASN_COUNTER, 7);
	/* not reported by chrony's tracking or timesyncd: absent, never 0 */
	CU_ASSERT_EQUAL(STATUS(NTPV4_ENTITY_UPTIME), -ENOENT);
	CU_ASSERT_EQUAL(STATUS(NTPV4_IN_PKTS), -ENOENT);
	CU_ASSERT_EQUAL(STATUS(NTPV4_OUT_PKTS), -ENOENT);
	CU_ASSERT_EQUAL(STATUS(NTPV4_BAD_VERSION), -ENOENT);
	CU_ASSERT_EQUAL(STATUS(NTPV4_PROTOCOL_ERROR), -ENOENT);
	CU_ASSERT_EQUAL(STATUS(0), -ENOENT);
	CU_ASSERT_EQUAL(STATUS(NTPV4_STATUS_MAX + 1), -ENOENT);
}

static void
test_status_leap(void)
{
	struct mib_value v;
	uint8_t want[16];

	d->leap = LEAP_INSERT_SECOND;
	check_number(__LINE__, STATUS(NTPV4_LEAP_SEC_DIRECTION), &v, ASN_INTEGER, 1);
	CU_ASSERT_EQUAL(STATUS(NTPV4_LEAP_SECOND), 0);
	/* 2026-12-01 00:00:00 UTC */
	ntpv4_date_time(&(struct timespec) { 1796083200, 0 }, want);
	CU_ASSERT_EQUAL(v.len, 16);
	CU_ASSERT_EQUAL(memcmp(v.octets, want, 16), 0);
	d->leap = LEAP_DELETE_SECOND;
	check_number(__LINE__, STATUS(NTPV4_LEAP_SEC_DIRECTION), &v, ASN_INTEGER, -1);
}

static void
test_status_unsynced_and_stopped(void)
{
	struct mib_value v;

	d->sync = SYNC_UNSYNCHRONIZED;
	d->reason = REASON_NO_REACHABLE_SOURCES;
	srcs[0].state = SOURCE_UNREACHABLE;
	check_number(__LINE__, STATUS(NTPV4_CURRENT_MODE), &v, ASN_INTEGER, 2);
	check_number(__LINE__, STATUS(NTPV4_STRATUM), &v, ASN_UNSIGNED, 16);
	check_number(__LINE__, STATUS(NTPV4_ACTIVE_REF_SOURCE_ID), &v, ASN_UNSIGNED, 0);
	CU_ASSERT_EQUAL(STATUS(NTPV4_ACTIVE_REF_SOURCE_NAME), -ENOENT);
	/* "If time is not syncronized this field shall be a zero-length string" */
	CU_ASSERT_EQUAL(STATUS(NTPV4_DATE_TIME), 0);
	CU_ASSERT_EQUAL(v.len, 0);

	d->state = DAEMON_STOPPED;
	check_number(__LINE__, STATUS(NTPV4_CURRENT_MODE), &v, ASN_INTEGER, 1);
	CU_ASSERT_EQUAL(STATUS(NTPV4_ACTIVE_OFFSET), -ENOENT);
	CU_ASSERT_EQUAL(STATUS(NTPV4_DISPERSION), -ENOENT);
	CU_ASSERT_EQUAL(STATUS(NTPV4_NUMBER_OF_REF_SOURCES), -ENOENT);
	ctx.entity = NULL;
	check_number(__LINE__, STATUS(NTPV4_CURRENT_MODE), &v, ASN_INTEGER, 1);
	check_number(__LINE__, STATUS(NTPV4_STRATUM), &v, ASN_UNSIGNED, 16);
}

static void
test_packet_counters(void)
{
	struct mib_value v;

	/* chrony's NTP_DATA for two of three sources: no total yet */
	srcs[0].has_reply_counts = true;
	srcs[0].tx_count = 100;
	srcs[0].rx_count = 98;
	srcs[0].good_count = 95;
	srcs[1].has_reply_counts = true;
	srcs[1].tx_count = 7;
	check_number(__LINE__,
	    ntpv4_assoc_stat_value(&ctx, 0, NTPV4_ASSOC_STAT_IN_PKTS, &v), &v,
	    ASN_COUNTER, 98);
	check_number(__LINE__,
	    ntpv4_assoc_stat_value(&ctx, 0, NTPV4_ASSOC_STAT_OUT_PKTS, &v), &v,
	    ASN_COUNTER, 100);
	check_number(__LINE__,
	    ntpv4_assoc_stat_value(&ctx, 0, NTPV4_ASSOC_STAT_PROTOCOL_ERROR, &v), &v,
	    ASN_COUNTER, 3);
	check_number(__LINE__,
	    ntpv4_assoc_stat_value(&ctx, 1, NTPV4_ASSOC_STAT_IN_PKTS, &v), &v,
	    ASN_COUNTER, 0);
	CU_ASSERT_EQUAL(
	    ntpv4_assoc_stat_value(&ctx, 2, NTPV4_ASSOC_STAT_IN_PKTS, &v), -ENOENT);
	CU_ASSERT_EQUAL(STATUS(NTPV4_IN_PKTS), -ENOENT); /* a partial sum */
	/* all three: the entity's totals */
	srcs[2].has_reply_counts = true;
	srcs[2].tx_count = 0xffffffffu; /* Counter32 wraps */
	srcs[2].rx_count = 2;
	srcs[2].good_count = 2;
	check_number(__LINE__, STATUS(NTPV4_IN_PKTS), &v, ASN_COUNTER, 100);
	check_number(__LINE__, STATUS(NTPV4_OUT_PKTS), &v, ASN_COUNTER, 106);
	check_number(__LINE__, STATUS(NTPV4_PROTOCOL_ERROR), &v, ASN_COUNTER, 3);
	CU_ASSERT_EQUAL(STATUS(NTPV4_BAD_VERSION), -ENOENT);
	/* a good count above the received one is no negative error count */
	srcs[0].good_count = 99;
	check_number(__LINE__,
	    ntpv4_assoc_stat_value(&ctx, 0, NTPV4_ASSOC_STAT_PROTOCOL_ERROR, &v), &v,
	    ASN_COUNTER, 0);
	CU_ASSERT_EQUAL(ntpv4_assoc_stat_value(&ctx, 0, 0, &v), -ENOENT);
	CU_ASSERT_EQUAL(
	    ntpv4_assoc_stat_value(&ctx, 0, NTPV4_ASSOC_STAT_MAX + 1, &v), -ENOENT);
	d->state = DAEMON_STOPPED;
	CU_ASSERT_EQUAL(STATUS(NTPV4_IN_PKTS), -ENOENT);
}

static void
test_control(void)
{
	struct mib_value v;

	check_number(__LINE__, ntpv4_control_value(&ctx, NTPV4_HEARTBEAT_INTERVAL, &v),
	    &v, ASN_UNSIGNED, 60);
	/* BITS: entNotifModeChange(1) and entNotifHeartbeat(8) */
	ctx.notif_bits = 1u << NTPV4_NOTIF_MODE_CHANGE | 1u << NTPV4_NOTIF_HEARTBEAT;
	CU_ASSERT_EQUAL(ntpv4_control_value(&ctx, NTPV4_NOTIF_BITS, &v), 0);
	CU_ASSERT_EQUAL(v.len, 2);
	CU_ASSERT_EQUAL((uint8_t)v.octets[0], 0x40);
	CU_ASSERT_EQUAL((uint8_t)v.octets[1], 0x80);
	ctx.notif_bits = 0;
	CU_ASSERT_EQUAL(ntpv4_control_value(&ctx, NTPV4_NOTIF_BITS, &v), 0);
	CU_ASSERT_EQUAL((uint8_t)(v.octets[0] | v.octets[1]), 0);
}

static void
test_assoc(void)
{
	struct mib_value v;
	static const char v4[4] = { (char)192, 0, 2, 1 };
	static const char v6[16] = { 0x20, 0x01, 0x0d, (char)0xb8, [15] = 1 };

	CU_ASSERT_EQUAL(ntpv4_source_of_id(&ctx, ids[1]), 1);
	CU_ASSERT_EQUAL(ntpv4_source_of_id(&ctx, 0), -1);
	check_text(__LINE__, ASSOC(0, NTPV4_ASSOC_NAME), &v, "ntp1.example.org");
	check_text(__LINE__, ASSOC(0, NTPV4_ASSOC_REF_ID), &v, "");
	check_number(__LINE__, ASSOC(0, NTPV4_ASSOC_ADDRESS_TYPE), &v, ASN_INTEGER, 1);
	CU_ASSERT_EQUAL(ASSOC(0, NTPV4_ASSOC_ADDRESS), 0);
	CU_ASSERT_EQUAL(v.len, 4);
	CU_ASSERT_EQUAL(memcmp(v.octets, v4, 4), 0);
	check_text(__LINE__, ASSOC(0, NTPV4_ASSOC_OFFSET), &v, "-0.013 ms");
	check_number(__LINE__, ASSOC(0, NTPV4_ASSOC_STRATUM), &v, ASN_UNSIGNED, 2);

	check_number(__LINE__, ASSOC(1, NTPV4_ASSOC_ADDRESS_TYPE), &v, ASN_INTEGER, 2);
	CU_ASSERT_EQUAL(ASSOC(1, NTPV4_ASSOC_ADDRESS), 0);
	CU_ASSERT_EQUAL(v.len, 16);
	CU_ASSERT_EQUAL(memcmp(v.octets, v6, 16), 0);
	check_number(__LINE__, ASSOC(1, NTPV4_ASSOC_STRATUM), &v, ASN_UNSIGNED, 16);
	CU_ASSERT_EQUAL(ASSOC(1, NTPV4_ASSOC_OFFSET), -ENOENT); /* never sampled */

	/* a reference clock: its driver name, no address */
	check_text(__LINE__, ASSOC(2, NTPV4_ASSOC_REF_ID), &v, "PPS");
	CU_ASSERT_EQUAL(ASSOC(2, NTPV4_ASSOC_ADDRESS_TYPE), -ENOENT);
	CU_ASSERT_EQUAL(ASSOC(2, NTPV4_ASSOC_ADDRESS), -ENOENT);

	/* not in the facts read: absent */
	CU_ASSERT_EQUAL(ASSOC(0, NTPV4_ASSOC_JITTER), -ENOENT);
	CU_ASSERT_EQUAL(ASSOC(0, NTPV4_ASSOC_DELAY), -ENOENT);
	CU_ASSERT_EQUAL(ASSOC(0, NTPV4_ASSOC_DISPERSION), -ENOENT);
	CU_ASSERT_EQUAL(
	    ntpv4_assoc_stat_value(&ctx, 0, NTPV4_ASSOC_STAT_IN_PKTS, &v), -ENOENT);
	/* out of bounds */
	CU_ASSERT_EQUAL(ASSOC(3, NTPV4_ASSOC_NAME), -ENOENT);
	CU_ASSERT_EQUAL(ASSOC(-1, NTPV4_ASSOC_NAME), -ENOENT);
	CU_ASSERT_EQUAL(ASSOC(0, NTPV4_ASSOC_MAX + 1), -ENOENT);
}

int
main(void)
{
	static const struct unit_test tests[] = {
		{ "current mode from the verdict", test_mode },
		{ "stratum", test_stratum },
		{ "which daemon is the entity", test_entity },
		{ "association ids: stable", test_ids_stable },
		{ "association ids: no key, same key twice",
		    test_ids_without_key_or_twice },
		{ "association ids: collision", test_ids_collision },
		{ "association ids: map full", test_ids_map_full },
		{ "display strings and NtpDateTime", test_texts_and_dates },
		{ "ntpEntInfo", test_info },
		{ "ntpEntStatus: synchronised", test_status_synced },
		{ "ntpEntStatus: leap second", test_status_leap },
		{ "ntpEntStatus: unsynchronised, stopped",
		    test_status_unsynced_and_stopped },
		{ "packet counters", test_packet_counters },
		{ "ntpEntControl", test_control },
		{ "ntpAssociationTable", test_assoc },
	};

	return unit_run("ntpv4_values", setup, NULL, tests, ELEMENTSOF(tests));
}
