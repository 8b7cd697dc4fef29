/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CUnit tests for verdict.c: every sync rule in order on hand-built
 * chrony, timesyncd and ntpd/NTPsec snapshots, the limits (maxSyncAge auto,
 * maxRootDistance at its edge), the wording of each verdict, first-failure-wins, and
 * the MIB reason labels.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <CUnit/Basic.h>

#include "snapshot.h"
#include "verdict.h"
#include "unit.h"

#define ELEMENTSOF(x) (sizeof(x) / sizeof((x)[0]))

/* 2026-11-26 06:37:20 UTC, three seconds after the fixtures' reference time */
#define NOW ((time_t)1795675040)
#define ENDPOINT "unix:/run/chrony/chronyd.sock, udp:127.0.0.1:323"
#define REFID_LOCAL 0x7F7F0101u

static struct daemon_status d;
static struct source_status srcs[3];
static struct verdict_limits limits;

/* A refid as the chrony backend reports it, with the facts it implies. */
static void
set_refid(uint32_t ref_id)
{
	d.ref_id = ref_id;
	d.local_clock = ref_id == REFID_LOCAL;
	d.no_reference = ref_id == 0;
}

/*
 * A chronyd that passes every check: three sources, the first selected,
 * reached and named; a fresh reference time; a small root distance.
 */
static void
setup(void)
{
	memset(&d, 0, sizeof(d));
	memset(srcs, 0, sizeof(srcs));
	limits.max_root_distance_s = 1.0; /* the default maxRootDistance 1000 ms */
	limits.max_sync_age_s = 0;	  /* auto */

	snprintf(srcs[0].name, sizeof(srcs[0].name), "ntp1.example.org");
	snprintf(srcs[0].address, sizeof(srcs[0].address), "192.0.2.1");
	srcs[0].mode = SOURCE_MODE_SERVER;
	srcs[0].state = SOURCE_SELECTED;
	srcs[0].stratum = 1;
	srcs[0].has_poll = true;
	srcs[0].poll_log2 = 6;
	srcs[0].has_reach = true;
	srcs[0].reach = 0377;
	snprintf(srcs[1].name, sizeof(srcs[1].name), "ntp2.example.org");
	snprintf(srcs[1].address, sizeof(srcs[1].address), "192.0.2.2");
	srcs[1].mode = SOURCE_MODE_SERVER;
	srcs[1].state = SOURCE_COMBINED;
	srcs[1].stratum = 2;
	srcs[1].has_poll = true;
	srcs[1].poll_log2 = 6;
	srcs[1].has_reach = true;
	srcs[1].reach = 0377;
	snprintf(srcs[2].name, sizeof(srcs[2].name), "ntp3.example.org");
	snprintf(srcs[2].address, sizeof(srcs[2].address), "192.0.2.3");
	srcs[2].mode = SOURCE_MODE_SERVER;
	srcs[2].state = SOURCE_UNREACHABLE;
	srcs[2].has_poll = true;
	srcs[2].poll_log2 = 6;
	srcs[2].has_reach = true;
	srcs[2].reach = 0;

	d.type = DAEMON_CHRONY;
	d.state = DAEMON_RUNNING;
	snprintf(d.endpoint, sizeof(d.endpoint), "%s", ENDPOINT);
	d.has_tracking = true;
	set_refid(0xC0000201u); /* 192.0.2.1 */
	snprintf(d.source_name, sizeof(d.source_name), "ntp1.example.org");
	snprintf(d.source_address, sizeof(d.source_address), "192.0.2.1");
	d.stratum = 2;
	d.has_offset = true;
	d.offset_s = 0.000012345;
	d.has_offset_stats = true;
	d.last_offset_s = -0.000002;
	d.rms_offset_s = 0.000003;
	d.has_ref_time = true;
	d.ref_time.tv_sec = NOW - 100;
	d.ref_time.tv_nsec = 500000000;
	d.root_delay_s = 0.010;
	d.root_dispersion_s = 0.001;
	d.has_freq = true;
	d.freq_ppm = -12.5;
	d.leap = LEAP_NORMAL;
	d.has_poll = true;
	d.poll_log2 = 6;
	d.has_sources = true;
	d.sources = srcs;
	d.n_sources = ELEMENTSOF(srcs);

	/* a stale verdict that verdict_daemon() must overwrite */
	d.sync = SYNC_SYNCHRONIZED;
	d.reason = REASON_MAX;
	snprintf(d.reason_text, sizeof(d.reason_text), "stale text");
}

static const char *
sync_name(enum sync_status s)
{
	switch (s) {
	case SYNC_SYNCHRONIZED:
		return "synchronized";
	case SYNC_UNSYNCHRONIZED:
		return "unsynchronized";
	case SYNC_UNKNOWN:
		return "unknown";
	}
	return "?";
}

/*
 * Evaluates d at NOW and checks sync (0: only "not synchronized"), the reason,
 * and that every word (a NULL-terminated list) appears in the text.
 */
static void
check_verdict(
    unsigned line, enum sync_status want_sync, enum sync_reason want_reason, ...)
{
	char cond[1024];
	const char *word;
	bool ok;
	va_list ap;

	verdict_daemon(&d, &limits, NOW);

	ok = want_sync ? d.sync == want_sync : d.sync != SYNC_SYNCHRONIZED;
	snprintf(cond, sizeof(cond), "sync %s (%d), want %s; text \"%s\"",
	    sync_name(d.sync), (int)d.sync,
	    want_sync ? sync_name(want_sync) : "not synchronized", d.reason_text);
	CU_assertImplementation(ok, line, cond, __FILE__, "", CU_FALSE);

	snprintf(cond, sizeof(cond), "reason %s, want %s; text \"%s\"",
	    verdict_reason_name(d.reason), verdict_reason_name(want_reason),
	    d.reason_text);
	CU_assertImplementation(
	    d.reason == want_reason, line, cond, __FILE__, "", CU_FALSE);

	/* one line, always terminated within the buffer; no '?' or ';', which
	 * snmptt strips from a trap's text */
	ok = memchr(d.reason_text, '\0', sizeof(d.reason_text)) != NULL &&
	    strchr(d.reason_text, '\n') == NULL && d.reason_text[0] != '\0' &&
	    strpbrk(d.reason_text, "?;") == NULL;
	snprintf(cond, sizeof(cond),
	    "reason text is one non-empty line without ? or ;: \"%s\"", d.reason_text);
	CU_assertImplementation(ok, line, cond, __FILE__, "", CU_FALSE);

	va_start(ap, want_reason);
	while ((word = va_arg(ap, const char *)) != NULL) {
		snprintf(cond, sizeof(cond), "\"%s\" in \"%s\"", word, d.reason_text);
		CU_assertImplementation(strstr(d.reason_text, word) != NULL, line, cond,
		    __FILE__, "", CU_FALSE);
	}
	va_end(ap);
}

#define VERDICT(sync, reason, ...) \
	check_verdict(__LINE__, (sync), (reason), __VA_ARGS__)
#define NOT_SYNCED 0

static void
check_text(unsigned line, const char *want)
{
	char cond[1024];

	snprintf(cond, sizeof(cond), "text \"%s\", want \"%s\"", d.reason_text, want);
	CU_assertImplementation(
	    strcmp(d.reason_text, want) == 0, line, cond, __FILE__, "", CU_FALSE);
}

#define TEXT_IS(want) check_text(__LINE__, (want))

/* ---- labels ---- */

static void
test_reason_names(void)
{
	static const struct {
		enum sync_reason reason;
		const char *label;
	} labels[] = {
		{ REASON_NONE, "none" },
		{ REASON_DAEMON_NOT_RUNNING, "daemonNotRunning" },
		{ REASON_ACCESS_DENIED, "accessDenied" },
		{ REASON_NTP_DISABLED, "ntpDisabled" },
		{ REASON_NO_SERVERS_CONFIGURED, "noServersConfigured" },
		{ REASON_NO_REACHABLE_SOURCES, "noReachableSources" },
		{ REASON_NO_SELECTABLE_SOURCE, "noSelectableSource" },
		{ REASON_LOCAL_CLOCK_ONLY, "localClockOnly" },
		{ REASON_LEAP_UNSYNCHRONISED, "leapUnsynchronised" },
		{ REASON_SOURCE_STALE, "sourceStale" },
		{ REASON_ROOT_DISTANCE_TOO_LARGE, "rootDistanceTooLarge" },
		{ REASON_UNSUPPORTED_DAEMON, "unsupportedDaemon" },
		{ REASON_NAMES_UNRESOLVED, "namesUnresolved" },
		{ REASON_SOURCES_OFFLINE, "sourcesOffline" },
		{ REASON_SOURCES_UNSYNCHRONISED, "sourcesUnsynchronised" },
		{ REASON_SOURCES_REFUSE, "sourcesRefuse" },
	};

	/* the MIB numbers them 1..16 in this order */
	CU_ASSERT_EQUAL(ELEMENTSOF(labels), REASON_MAX);
	for (size_t i = 0; i < ELEMENTSOF(labels); i++) {
		CU_ASSERT_EQUAL(labels[i].reason, (int)i + 1);
		CU_ASSERT_STRING_EQUAL(
		    verdict_reason_name(labels[i].reason), labels[i].label);
	}
	CU_ASSERT_STRING_EQUAL(verdict_reason_name(0), "unknown");
	CU_ASSERT_STRING_EQUAL(verdict_reason_name(REASON_MAX + 1), "unknown");
	CU_ASSERT_STRING_EQUAL(verdict_reason_name((enum sync_reason) - 1), "unknown");
	CU_ASSERT_STRING_EQUAL(
	    verdict_reason_name((enum sync_reason)INT_MAX), "unknown");
}

/* ---- the baseline ---- */

static void
test_synchronized(void)
{
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, NULL);
	TEXT_IS("synchronised to ntp1.example.org (192.0.2.1), stratum 2");

	/* no live value in the text: the offset changes, the text does not */
	d.offset_s = -0.5;
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, NULL);
	TEXT_IS("synchronised to ntp1.example.org (192.0.2.1), stratum 2");
	d.offset_s = 0;
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, NULL);
	TEXT_IS("synchronised to ntp1.example.org (192.0.2.1), stratum 2");
}

static void
test_synchronized_source_forms(void)
{
	/* name only */
	d.source_address[0] = '\0';
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, NULL);
	TEXT_IS("synchronised to ntp1.example.org, stratum 2");

	/* address only */
	setup();
	d.source_name[0] = '\0';
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, NULL);
	TEXT_IS("synchronised to 192.0.2.1, stratum 2");

	/* a source without a name is named by its address: said once */
	setup();
	snprintf(d.source_name, sizeof(d.source_name), "192.0.2.1");
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, NULL);
	TEXT_IS("synchronised to 192.0.2.1, stratum 2");

	/* neither: the reference ID */
	setup();
	d.source_name[0] = '\0';
	d.source_address[0] = '\0';
	set_refid(0x47505300u); /* "GPS\0", a refclock */
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, NULL);
	TEXT_IS("synchronised to refid 47505300, stratum 2");

	/* a reference clock names itself by its refid text */
	setup();
	snprintf(d.source_name, sizeof(d.source_name), "PPS");
	d.source_address[0] = '\0';
	set_refid(0x50505300u);
	d.stratum = 1;
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, NULL);
	TEXT_IS("synchronised to PPS, stratum 1");
}

/* ---- rule 1: the daemon does not answer ---- */

static void
test_daemon_stopped(void)
{
	d.state = DAEMON_STOPPED;
	d.error = -ECONNREFUSED;
	d.has_tracking = false;
	d.has_sources = false;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_DAEMON_NOT_RUNNING, "chronyd",
	    "not running", ENDPOINT, strerror(ECONNREFUSED), NULL);

	/* a unix socket that is not there */
	d.error = -ENOENT;
	snprintf(d.endpoint, sizeof(d.endpoint), "unix:/run/chrony/chronyd.sock");
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_DAEMON_NOT_RUNNING,
	    "unix:/run/chrony/chronyd.sock", strerror(ENOENT), NULL);
}

static void
test_daemon_unreachable(void)
{
	d.state = DAEMON_UNREACHABLE;
	d.error = -ETIMEDOUT;
	d.has_tracking = false;
	d.has_sources = false;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_DAEMON_NOT_RUNNING, "chronyd",
	    "does not answer", ENDPOINT, strerror(ETIMEDOUT), NULL);

	/* the agent's own reply socket could not be made: not chronyd's fault */
	d.error = -EEXIST;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_DAEMON_NOT_RUNNING, "reply socket",
	    "something else is at its path", ENDPOINT, NULL);
}

static void
test_access_denied(void)
{
	d.state = DAEMON_ACCESS_DENIED;
	d.error = -EACCES;
	d.has_tracking = false;
	d.has_sources = false;
	/*
	 * Not asserted: unsynchronized(2) or unknown(3). The code says 2; the
	 * MIB's ScoutNtpSyncState gives "access was denied" as its example of
	 * unknown(3).
	 */
	VERDICT(NOT_SYNCED, REASON_ACCESS_DENIED, "chronyd", "refuses", ENDPOINT,
	    strerror(EACCES), "udp:127.0.0.1:323", NULL);

	d.error = -EPERM;
	VERDICT(NOT_SYNCED, REASON_ACCESS_DENIED, ENDPOINT, strerror(EPERM), NULL);
}

/* ---- rule 2: the daemon answers, but not as we need ---- */

static void
test_unsupported_protocol(void)
{
	d.error = -EPROTONOSUPPORT;
	d.proto_version = 5;
	d.proto_version_read = 6;
	d.has_tracking = false;
	d.has_sources = false;
	VERDICT(SYNC_UNKNOWN, REASON_UNSUPPORTED_DAEMON, "chronyd", ENDPOINT,
	    "version 5", "version 6", NULL);

	/* even if some data came with it, the version mismatch wins */
	setup();
	d.error = -EPROTONOSUPPORT;
	d.proto_version = 7;
	d.proto_version_read = 6;
	VERDICT(SYNC_UNKNOWN, REASON_UNSUPPORTED_DAEMON, "version 7", NULL);
}

static void
test_no_tracking(void)
{
	d.has_tracking = false;
	d.incomplete = true;
	VERDICT(SYNC_UNKNOWN, REASON_UNSUPPORTED_DAEMON, "chronyd", ENDPOINT, NULL);

	/* tracking without the source list is not enough either */
	setup();
	d.has_sources = false;
	d.incomplete = true;
	d.sources = NULL;
	d.n_sources = 0;
	VERDICT(SYNC_UNKNOWN, REASON_UNSUPPORTED_DAEMON, ENDPOINT, NULL);
}

/* ---- rule 3: no sources ---- */

static void
test_no_sources(void)
{
	/* chronyd in local mode without sources: tracking-local.bin */
	d.n_sources = 0;
	d.sources = NULL;
	set_refid(REFID_LOCAL);
	d.source_name[0] = '\0';
	d.source_address[0] = '\0';
	d.stratum = 8;
	d.has_poll = false;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_LOCAL_CLOCK_ONLY, "local stratum 8",
	    "no NTP sources", NULL);

	/* any other refid: nothing configured */
	set_refid(0);
	d.stratum = 0;
	d.leap = LEAP_UNSYNCHRONISED;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_NO_SERVERS_CONFIGURED, "no NTP sources",
	    "server or pool", NULL);
	set_refid(0x7F000001u);
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_NO_SERVERS_CONFIGURED, NULL);
	/* the refid is only "local" with exactly that value */
	set_refid(REFID_LOCAL + 1);
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_NO_SERVERS_CONFIGURED, NULL);
}

/* ---- rule 4: no source answers ---- */

static void
test_no_reachable_sources(void)
{
	for (size_t i = 0; i < ELEMENTSOF(srcs); i++) {
		srcs[i].reach = 0;
		srcs[i].state = SOURCE_UNREACHABLE;
	}
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_NO_REACHABLE_SOURCES, "3 sources",
	    "reach 0", "UDP port 123", NULL);

	/* chrony keeps the old selection and tracking data for a while */
	srcs[0].state = SOURCE_SELECTED;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_NO_REACHABLE_SOURCES, "UDP port 123", NULL);

	/* one source */
	d.n_sources = 1;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_NO_REACHABLE_SOURCES, "UDP port 123", NULL);

	/* a single bit in the register is enough to be reachable */
	srcs[0].reach = 0x80;
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, NULL);
}

/* ---- rule 5: no source is selected ---- */

static void
test_no_selectable_source(void)
{
	srcs[0].state = SOURCE_FALSETICKER;
	srcs[1].state = SOURCE_JITTERY;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_NO_SELECTABLE_SOURCE, "2 of 3",
	    "chronyc sources", NULL);

	/* every other state, too */
	srcs[0].state = SOURCE_SELECTABLE;
	srcs[1].state = SOURCE_COMBINED;
	srcs[2].state = SOURCE_NONSELECTABLE;
	srcs[2].reach = 1;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_NO_SELECTABLE_SOURCE, "3 of 3", NULL);

	/* a selected source that is the last in the list counts */
	srcs[2].state = SOURCE_SELECTED;
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, NULL);
}

/* ---- rule 6: fallen back to the local clock ---- */

static void
test_local_clock_fallback(void)
{
	set_refid(REFID_LOCAL);
	d.source_name[0] = '\0';
	d.source_address[0] = '\0';
	d.stratum = 10;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_LOCAL_CLOCK_ONLY, "local stratum 10",
	    "fallen back", NULL);

	/* a source with that refid, but an address: a real server */
	snprintf(d.source_address, sizeof(d.source_address), "192.0.2.9");
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, "192.0.2.9", NULL);
}

/* ---- rule 7: leap status ---- */

static void
test_leap_unsynchronised(void)
{
	d.leap = LEAP_UNSYNCHRONISED;
	VERDICT(
	    SYNC_UNSYNCHRONIZED, REASON_LEAP_UNSYNCHRONISED, "not synchronised", NULL);

	/* refid 0 is chrony's way of saying the same (tracking-unsynced.bin) */
	d.leap = LEAP_NORMAL;
	set_refid(0);
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_LEAP_UNSYNCHRONISED, NULL);

	/* a pending leap second is synchronised */
	setup();
	d.leap = LEAP_INSERT_SECOND;
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, NULL);
	d.leap = LEAP_DELETE_SECOND;
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, NULL);
}

/* ---- rule 8: reference time older than maxSyncAge ---- */

static void
test_max_sync_age(void)
{
	/* explicit: used as given, whatever the poll */
	limits.max_sync_age_s = 600;
	CU_ASSERT_EQUAL(verdict_max_sync_age(&d, &limits), 600);
	d.poll_log2 = 17;
	CU_ASSERT_EQUAL(verdict_max_sync_age(&d, &limits), 600);
	limits.max_sync_age_s = 1;
	CU_ASSERT_EQUAL(verdict_max_sync_age(&d, &limits), 1);
	limits.max_sync_age_s = 604800;
	CU_ASSERT_EQUAL(verdict_max_sync_age(&d, &limits), 604800);

	/* auto: 3 x 2^poll, at least 1024 */
	limits.max_sync_age_s = 0;
	CU_ASSERT_EQUAL(VERDICT_MIN_AUTO_SYNC_AGE, 1024);
	d.has_poll = false;
	CU_ASSERT_EQUAL(verdict_max_sync_age(&d, &limits), 1024);
	d.has_poll = true;
	d.poll_log2 = 6;
	CU_ASSERT_EQUAL(verdict_max_sync_age(&d, &limits), 1024);
	d.poll_log2 = -6;
	CU_ASSERT_EQUAL(verdict_max_sync_age(&d, &limits), 1024);
	d.poll_log2 = 0;
	CU_ASSERT_EQUAL(verdict_max_sync_age(&d, &limits), 1024);
	d.poll_log2 = 8; /* 768 */
	CU_ASSERT_EQUAL(verdict_max_sync_age(&d, &limits), 1024);
	d.poll_log2 = 9;
	CU_ASSERT_EQUAL(verdict_max_sync_age(&d, &limits), 1536);
	d.poll_log2 = 10;
	CU_ASSERT_EQUAL(verdict_max_sync_age(&d, &limits), 3072);
	d.poll_log2 = 17; /* chrony's largest maxpoll is 24 */
	CU_ASSERT_EQUAL(verdict_max_sync_age(&d, &limits), 3u * 131072u);
	d.poll_log2 = 24;
	CU_ASSERT_EQUAL(verdict_max_sync_age(&d, &limits), 3u * 16777216u);
	d.poll_log2 = 30;
	CU_ASSERT_EQUAL(verdict_max_sync_age(&d, &limits), 3u * 1073741824u);
	/* a poll from the wire (int16) beyond anything real: no overflow, huge */
	d.poll_log2 = 31;
	CU_ASSERT(verdict_max_sync_age(&d, &limits) >= 3u * 1073741824u);
	d.poll_log2 = 32767;
	CU_ASSERT(verdict_max_sync_age(&d, &limits) >= 3u * 1073741824u);
	d.poll_log2 = -32768;
	CU_ASSERT_EQUAL(verdict_max_sync_age(&d, &limits), 1024);
}

static void
test_source_stale_explicit(void)
{
	limits.max_sync_age_s = 600;
	d.ref_time.tv_sec = NOW - 600;
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, NULL);
	d.ref_time.tv_sec = NOW - 601;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_SOURCE_STALE, "older than maxSyncAge 600 s",
	    "maxSyncAge 600 s", NULL);
	d.ref_time.tv_sec = NOW - 86400;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_SOURCE_STALE, "older than maxSyncAge 600 s",
	    NULL);

	/* a reference time in the future is not stale */
	d.ref_time.tv_sec = NOW + 3600;
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, NULL);
}

static void
test_source_stale_auto(void)
{
	/* poll 6: 192 s, raised to 1024 */
	d.ref_time.tv_sec = NOW - 1024;
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, NULL);
	d.ref_time.tv_sec = NOW - 1025;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_SOURCE_STALE,
	    "older than maxSyncAge 1024 s", "maxSyncAge 1024 s", NULL);

	/* poll 10: 3 x 1024 */
	d.poll_log2 = 10;
	d.ref_time.tv_sec = NOW - 3072;
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, NULL);
	d.ref_time.tv_sec = NOW - 3073;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_SOURCE_STALE,
	    "older than maxSyncAge 3072 s", "maxSyncAge 3072 s", NULL);

	/* no poll known: 1024 */
	d.has_poll = false;
	d.ref_time.tv_sec = NOW - 1025;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_SOURCE_STALE, "maxSyncAge 1024 s", NULL);

	/* an explicit limit beats auto */
	limits.max_sync_age_s = 2000;
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, NULL);
}

static void
test_source_stale_no_ref_time(void)
{
	/* never updated the clock: stale whatever the limit, and said so */
	d.has_ref_time = false;
	d.ref_time.tv_sec = 0;
	d.ref_time.tv_nsec = 0;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_SOURCE_STALE, "has not updated the clock",
	    NULL);
	limits.max_sync_age_s = 604800;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_SOURCE_STALE, "has not updated the clock",
	    NULL);
}

/* ---- rule 9: root distance ---- */

static void
test_root_distance(void)
{
	/* exactly at the limit: delay/2 + dispersion = 0.5 + 0.5 */
	d.root_delay_s = 1.0;
	d.root_dispersion_s = 0.5;
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, NULL);

	d.root_dispersion_s = 0.55;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_ROOT_DISTANCE_TOO_LARGE,
	    "exceeds maxRootDistance 1000 ms", "maxRootDistance 1000 ms", NULL);

	/* only half the delay counts */
	d.root_delay_s = 1.8;
	d.root_dispersion_s = 0.1;
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, NULL);
	d.root_delay_s = 2.2;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_ROOT_DISTANCE_TOO_LARGE,
	    "exceeds maxRootDistance 1000 ms", NULL);

	/* a limit from the configuration (maxRootDistance 100, in ms) */
	limits.max_root_distance_s = 100 / 1000.0;
	d.root_delay_s = 0.1;
	d.root_dispersion_s = 0.05;
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, NULL);
	d.root_dispersion_s = 0.0501;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_ROOT_DISTANCE_TOO_LARGE,
	    "exceeds maxRootDistance 100 ms", "maxRootDistance 100 ms", NULL);

	/* dispersion alone */
	d.root_delay_s = 0;
	d.root_dispersion_s = 1.0;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_ROOT_DISTANCE_TOO_LARGE,
	    "exceeds maxRootDistance 100 ms", NULL);
}

/* ---- order ---- */

/* Breaks one rule of d (the synchronised baseline of setup()). */
static void
break_rule(enum sync_reason reason)
{
	switch (reason) {
	case REASON_ROOT_DISTANCE_TOO_LARGE:
		d.root_dispersion_s = 5.0;
		break;
	case REASON_SOURCE_STALE:
		d.ref_time.tv_sec = NOW - 100000;
		break;
	case REASON_LEAP_UNSYNCHRONISED:
		d.leap = LEAP_UNSYNCHRONISED;
		break;
	case REASON_LOCAL_CLOCK_ONLY:
		set_refid(REFID_LOCAL);
		d.source_address[0] = '\0';
		break;
	case REASON_NO_SELECTABLE_SOURCE:
		for (size_t i = 0; i < ELEMENTSOF(srcs); i++)
			if (srcs[i].state == SOURCE_SELECTED)
				srcs[i].state = SOURCE_FALSETICKER;
		break;
	case REASON_NO_REACHABLE_SOURCES:
		for (size_t i = 0; i < ELEMENTSOF(srcs); i++)
			srcs[i].reach = 0;
		break;
	case REASON_NO_SERVERS_CONFIGURED:
		d.n_sources = 0;
		set_refid(0);
		break;
	case REASON_UNSUPPORTED_DAEMON:
		d.has_tracking = false;
		d.incomplete = true;
		break;
	case REASON_DAEMON_NOT_RUNNING:
		d.state = DAEMON_STOPPED;
		d.error = -ECONNREFUSED;
		break;
	default:
		CU_FAIL("no way to break this rule");
		break;
	}
}

static void
test_first_failure_wins(void)
{
	/* from the last rule to the first: each newly broken one takes over */
	static const enum sync_reason order[] = {
		REASON_ROOT_DISTANCE_TOO_LARGE,
		REASON_SOURCE_STALE,
		REASON_LEAP_UNSYNCHRONISED,
		REASON_NO_SELECTABLE_SOURCE,
		REASON_NO_REACHABLE_SOURCES,
		REASON_NO_SERVERS_CONFIGURED,
		REASON_UNSUPPORTED_DAEMON,
		REASON_DAEMON_NOT_RUNNING,
	};

	for (size_t i = 0; i < ELEMENTSOF(order); i++) {
		enum sync_status want = order[i] == REASON_UNSUPPORTED_DAEMON ?
		    SYNC_UNKNOWN :
		    SYNC_UNSYNCHRONIZED;

		break_rule(order[i]);
		VERDICT(want, order[i], NULL);
	}

	/* local fallback comes before leap, staleness and distance */
	setup();
	break_rule(REASON_ROOT_DISTANCE_TOO_LARGE);
	break_rule(REASON_SOURCE_STALE);
	break_rule(REASON_LEAP_UNSYNCHRONISED);
	break_rule(REASON_LOCAL_CLOCK_ONLY);
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_LOCAL_CLOCK_ONLY, "fallen back", NULL);

	/* stale before distance */
	setup();
	break_rule(REASON_ROOT_DISTANCE_TOO_LARGE);
	break_rule(REASON_SOURCE_STALE);
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_SOURCE_STALE, NULL);

	/* the state of the daemon before everything, whatever else is wrong */
	setup();
	d.state = DAEMON_ACCESS_DENIED;
	d.error = -EACCES;
	break_rule(REASON_NO_REACHABLE_SOURCES);
	VERDICT(NOT_SYNCED, REASON_ACCESS_DENIED, NULL);
	setup();
	d.state = DAEMON_UNREACHABLE;
	d.error = -ETIMEDOUT;
	d.proto_version = 5;
	d.proto_version_read = 6;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_DAEMON_NOT_RUNNING, NULL);

	/* a verdict clears the previous one completely */
	setup();
	break_rule(REASON_NO_REACHABLE_SOURCES);
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_NO_REACHABLE_SOURCES, NULL);
	setup();
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, NULL);
	TEXT_IS("synchronised to ntp1.example.org (192.0.2.1), stratum 2");
}

/* ---- long input ---- */

static void
test_long_text(void)
{
	/* the longest endpoint and names: the text is cut, still terminated */
	memset(d.endpoint, 'e', sizeof(d.endpoint) - 1);
	d.endpoint[sizeof(d.endpoint) - 1] = '\0';
	d.state = DAEMON_STOPPED;
	d.error = -ECONNREFUSED;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_DAEMON_NOT_RUNNING, "not running", NULL);
	CU_ASSERT_EQUAL(strlen(d.reason_text), sizeof(d.reason_text) - 1);

	setup();
	memset(d.source_name, 'n', sizeof(d.source_name) - 1);
	d.source_name[sizeof(d.source_name) - 1] = '\0';
	memset(d.source_address, 'a', sizeof(d.source_address) - 1);
	d.source_address[sizeof(d.source_address) - 1] = '\0';
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, "synchronised to nnnn", NULL);
	CU_ASSERT_EQUAL(strlen(d.reason_text), sizeof(d.reason_text) - 1);
}

/* ---- the timesyncd column ---- */

/* The same snapshot as timesyncd shows it: one server in use, polled every
 * 64 s, last reply 10 s ago; no reach registers or source states. */
static void
as_timesyncd(void)
{
	d.type = DAEMON_TIMESYNCD;
	snprintf(d.endpoint, sizeof(d.endpoint),
	    "org.freedesktop.timesync1 on the system bus");
	d.n_sources = 1;
	srcs[0].has_reach = false;
	d.has_last_reply = true;
	d.last_reply.tv_sec = NOW - 10;
	/* as the backend allows: 2 polls of 64 s + 10 s */
	d.silence_allowed_s = 2 * 64 + 10;
	d.has_offset_stats = false;
}

static void
test_timesyncd_synchronized(void)
{
	as_timesyncd();
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE,
	    "synchronised to ntp1.example.org (192.0.2.1)", NULL);
}

static void
test_timesyncd_disabled(void)
{
	as_timesyncd();
	d.state = DAEMON_STOPPED;
	d.error = -ESRCH;
	d.unit_disabled = true;
	VERDICT(
	    SYNC_UNSYNCHRONIZED, REASON_NTP_DISABLED, "timedatectl set-ntp true", NULL);
	/* stopped, but enabled: just not running */
	d.unit_disabled = false;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_DAEMON_NOT_RUNNING, "not running", NULL);
}

static void
test_timesyncd_no_servers(void)
{
	as_timesyncd();
	d.n_sources = 0;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_NO_SERVERS_CONFIGURED, "NTP=", NULL);
}

static void
test_timesyncd_no_server_in_use(void)
{
	as_timesyncd();
	/* ServerName "" and ServerAddress (0, []): nothing resolved or answered */
	d.source_name[0] = '\0';
	d.source_address[0] = '\0';
	d.has_last_reply = false;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_NO_REACHABLE_SOURCES, "not using any",
	    "UDP port 123", NULL);
}

static void
test_timesyncd_no_reply_yet(void)
{
	as_timesyncd();
	d.has_last_reply = false;
	d.has_tracking = false;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_NO_REACHABLE_SOURCES, "no usable reply yet",
	    "ntp1.example.org", "UDP port 123 may be blocked", "does not tell which",
	    NULL);
}

static void
test_timesyncd_lost(void)
{
	as_timesyncd();
	/* 2 polls of 64 s + 10 s is the most a live server stays silent */
	d.last_reply.tv_sec = NOW - 138;
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, NULL);
	d.last_reply.tv_sec = NOW - 139;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_NO_REACHABLE_SOURCES, "no reply from",
	    "for more than 2 poll intervals of 64 s", NULL);
}

static void
test_timesyncd_leap_and_distance(void)
{
	as_timesyncd();
	d.leap = LEAP_UNSYNCHRONISED;
	VERDICT(
	    SYNC_UNSYNCHRONIZED, REASON_LEAP_UNSYNCHRONISED, "systemd-timesyncd", NULL);
	d.leap = LEAP_NORMAL;
	d.root_dispersion_s = 2.0;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_ROOT_DISTANCE_TOO_LARGE, "maxRootDistance",
	    NULL);
}

static void
test_other_daemons_unsupported(void)
{
	/* OpenNTPD has a backend now: only one found that none read (its
	 * process, where the backend is left out) is unsupported */
	d.type = DAEMON_OPENNTPD;
	d.has_tracking = false;
	d.unread = true;
	VERDICT(SYNC_UNKNOWN, REASON_UNSUPPORTED_DAEMON, "openntpd",
	    "cannot read it yet", NULL);
}

/* The same facts as NTPsec's backend reports them (src/ntpd.c). */
static void
as_ntpsec(void)
{
	d.type = DAEMON_NTPSEC;
	snprintf(d.endpoint, sizeof(d.endpoint), "udp:127.0.0.1:123");
	d.has_offset_stats = false;
}

static void
test_ntpd_synced(void)
{
	as_ntpsec();
	VERDICT(
	    SYNC_SYNCHRONIZED, REASON_NONE, "synchronised to ntp1.example.org", NULL);
	d.type = DAEMON_NTPD;
	VERDICT(SYNC_SYNCHRONIZED, REASON_NONE, "stratum 2", NULL);
}

static void
test_ntpd_sources(void)
{
	as_ntpsec();
	d.n_sources = 0;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_NO_SERVERS_CONFIGURED, "ntpsec", "ntp.conf",
	    NULL);
	d.local_clock = true;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_LOCAL_CLOCK_ONLY, "own clock", NULL);
	d.local_clock = false;
	d.n_sources = ELEMENTSOF(srcs);
	/* after the loss NTPsec keeps leap 00, stratum and refid: reach tells */
	for (unsigned i = 0; i < ELEMENTSOF(srcs); i++) {
		srcs[i].reach = 0;
		srcs[i].state = SOURCE_UNREACHABLE;
	}
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_NO_REACHABLE_SOURCES, "reach 0",
	    "3 associations", NULL);
	srcs[1].reach = 1;
	srcs[1].state = SOURCE_FALSETICKER;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_NO_SELECTABLE_SOURCE, "no sys.peer",
	    "1 of 3", NULL);
}

static void
test_ntpd_reference(void)
{
	as_ntpsec();
	/* LOCL or ORPH with a sys.peer: the local clock driver, orphan mode */
	d.local_clock = true;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_LOCAL_CLOCK_ONLY, "orphan", NULL);
	d.local_clock = false;
	d.leap = LEAP_UNSYNCHRONISED;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_LEAP_UNSYNCHRONISED, "ntpsec", NULL);
	d.leap = LEAP_NORMAL;
	d.ref_time.tv_sec = NOW - 100000;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_SOURCE_STALE, "ntpsec", NULL);
	d.ref_time.tv_sec = NOW - 100;
	d.root_dispersion_s = 2.0;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_ROOT_DISTANCE_TOO_LARGE, "maxRootDistance",
	    NULL);
}

static void
test_ntpd_access_denied(void)
{
	as_ntpsec();
	d.state = DAEMON_ACCESS_DENIED;
	d.error = -ETIMEDOUT;
	VERDICT(SYNC_UNKNOWN, REASON_ACCESS_DENIED, "drops the agent's mode 6 queries",
	    "udp:127.0.0.1:123", "restrict 127.0.0.1", NULL);
	d.state = DAEMON_STOPPED;
	d.error = -ECONNREFUSED;
	VERDICT(SYNC_UNSYNCHRONIZED, REASON_DAEMON_NOT_RUNNING, "ntpsec is not running",
	    NULL);
}

int
main(void)
{
	static const struct unit_test tests[] = {
		{ "reason labels", test_reason_names },
		{ "timesyncd: synchronized", test_timesyncd_synchronized },
		{ "timesyncd: ntpDisabled", test_timesyncd_disabled },
		{ "timesyncd: noServersConfigured", test_timesyncd_no_servers },
		{ "timesyncd: empty server name and address",
		    test_timesyncd_no_server_in_use },
		{ "timesyncd: no reply yet", test_timesyncd_no_reply_yet },
		{ "timesyncd: lost after 2 polls + 10 s", test_timesyncd_lost },
		{ "timesyncd: leap and root distance",
		    test_timesyncd_leap_and_distance },
		{ "ntpd/ntpsec: synchronized", test_ntpd_synced },
		{ "ntpd/ntpsec: associations", test_ntpd_sources },
		{ "ntpd/ntpsec: local clock, leap, age, distance",
		    test_ntpd_reference },
		{ "ntpd/ntpsec: restrict drops mode 6", test_ntpd_access_denied },
		{ "openntpd found, not read: unsupportedDaemon",
		    test_other_daemons_unsupported },
		{ "synchronized", test_synchronized },
		{ "synchronized: name and address forms",
		    test_synchronized_source_forms },
		{ "daemonNotRunning: stopped", test_daemon_stopped },
		{ "daemonNotRunning: unreachable", test_daemon_unreachable },
		{ "accessDenied", test_access_denied },
		{ "unsupportedDaemon: protocol version", test_unsupported_protocol },
		{ "unsupportedDaemon: no tracking data", test_no_tracking },
		{ "localClockOnly / noServersConfigured: 0 sources", test_no_sources },
		{ "noReachableSources", test_no_reachable_sources },
		{ "noSelectableSource", test_no_selectable_source },
		{ "localClockOnly: fallback", test_local_clock_fallback },
		{ "leapUnsynchronised", test_leap_unsynchronised },
		{ "maxSyncAge", test_max_sync_age },
		{ "sourceStale: explicit maxSyncAge", test_source_stale_explicit },
		{ "sourceStale: auto maxSyncAge", test_source_stale_auto },
		{ "sourceStale: no reference time", test_source_stale_no_ref_time },
		{ "rootDistanceTooLarge", test_root_distance },
		{ "first failure wins", test_first_failure_wins },
		{ "long text", test_long_text },
	};

	return unit_run("evaluate", setup, NULL, tests, ELEMENTSOF(tests));
}
