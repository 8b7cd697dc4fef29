/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * CUnit tests for why no chrony source answers (verdict.c, issue 10): the
 * facts of ACTIVITY and of each source's last reply, as the chrony backend
 * reports them for the cases tests/integration/chrony-diagnose.sh saw chronyd
 * 4.3 in, turned into sourcesOffline, sourcesRefuse, sourcesUnsynchronised,
 * namesUnresolved or noReachableSources, in that order, with their texts.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <CUnit/Basic.h>

#include "snapshot.h"
#include "unit.h"
#include "verdict.h"

#define ELEMENTSOF(x) (sizeof(x) / sizeof((x)[0]))
#define NOW ((time_t)1796156800)

static struct daemon_status d;
static struct source_status srcs[3];
static struct verdict_limits limits = { .max_root_distance_s = 1.0 };

/* Three servers chronyd has never reached, nothing else known: the facts a
 * fresh chronyd with a blocked port gives over UDP, without ACTIVITY. */
static void
setup(void)
{
	memset(&d, 0, sizeof(d));
	memset(srcs, 0, sizeof(srcs));
	for (unsigned i = 0; i < ELEMENTSOF(srcs); i++) {
		snprintf(
		    srcs[i].name, sizeof(srcs[i].name), "ntp%u.example.org", i + 1);
		snprintf(srcs[i].address, sizeof(srcs[i].address), "192.0.2.%u", i + 1);
		srcs[i].mode = SOURCE_MODE_SERVER;
		srcs[i].state = SOURCE_UNREACHABLE;
		srcs[i].has_reach = true;
		srcs[i].reach = 0;
	}
	d.type = DAEMON_CHRONY;
	d.state = DAEMON_RUNNING;
	snprintf(d.endpoint, sizeof(d.endpoint), "unix:/run/chrony/chronyd.sock");
	d.has_tracking = true;
	d.no_reference = true;
	d.leap = LEAP_UNSYNCHRONISED;
	d.has_sources = true;
	d.sources = srcs;
	d.n_sources = ELEMENTSOF(srcs);
}

/* ACTIVITY as chronyd 4.3 answered it: every source online. */
static void
activity(unsigned online, unsigned offline, unsigned unresolved)
{
	d.has_activity = true;
	d.sources_online = online;
	d.sources_offline = offline;
	d.sources_unresolved = unresolved;
}

/* NTP_DATA of source i: what it last sent (ntp-data-*.bin). */
static void
reply(unsigned i, enum leap_status leap, unsigned stratum, const char *kiss,
    uint32_t rx, uint32_t good)
{
	srcs[i].has_reply_counts = true;
	srcs[i].tx_count = rx + 3;
	srcs[i].rx_count = rx;
	srcs[i].good_count = good;
	srcs[i].has_reply = rx > 0;
	srcs[i].reply_leap = rx ? leap : 0;
	srcs[i].reply_stratum = rx ? stratum : 0;
	snprintf(srcs[i].kiss_code, sizeof(srcs[i].kiss_code), "%s", rx ? kiss : "");
}

/* Every source: nothing received in tx requests (ntp-data-silent.bin). */
static void
silent_all(void)
{
	for (unsigned i = 0; i < ELEMENTSOF(srcs); i++)
		reply(i, LEAP_NORMAL, 0, "", 0, 0);
}

static void
check(unsigned line, enum sync_reason want, const char *text)
{
	char cond[600];

	verdict_daemon(&d, &limits, NOW);
	snprintf(cond, sizeof(cond), "reason %s, want %s; text \"%s\"",
	    verdict_reason_name(d.reason), verdict_reason_name(want), d.reason_text);
	CU_assertImplementation(d.reason == want, line, cond, __FILE__, "", CU_FALSE);
	CU_assertImplementation(d.sync == SYNC_UNSYNCHRONIZED, line, "unsynchronized",
	    __FILE__, "", CU_FALSE);
	snprintf(cond, sizeof(cond), "text \"%s\", want \"%s\"", d.reason_text, text);
	CU_assertImplementation(
	    strcmp(d.reason_text, text) == 0, line, cond, __FILE__, "", CU_FALSE);
	/* snmptt strips these from a trap's text */
	CU_assertImplementation(strpbrk(d.reason_text, "?;") == NULL, line,
	    "no ? or ; in the text", __FILE__, "", CU_FALSE);
}

#define CHECK(want, text) check(__LINE__, (want), (text))

static void
test_udp_knows_nothing(void)
{
	d.replies_refused = true;
	activity(3, 0, 0);
	CHECK(REASON_NO_REACHABLE_SOURCES,
	    "none of chronyd's 3 sources gives a usable reply (reach 0): outbound UDP port 123 may be blocked, or the servers refuse or are unsynchronised, and over UDP the agent cannot tell which: let it use chronyd's unix socket");
}

/* No ACTIVITY and no replies (an older chronyd, say): as before issue 10. */
static void
test_no_facts(void)
{
	CHECK(REASON_NO_REACHABLE_SOURCES,
	    "none of chronyd's 3 sources answers (reach 0): check that outbound UDP port 123 is not blocked");
}

static void
test_nothing_received(void)
{
	activity(3, 0, 0);
	silent_all();
	CHECK(REASON_NO_REACHABLE_SOURCES,
	    "none of chronyd's 3 sources answers (reach 0, nothing received): check that outbound UDP port 123 is not blocked");
}

static void
test_refuse(void)
{
	activity(3, 0, 0);
	silent_all();
	reply(1, LEAP_UNSYNCHRONISED, 0, "DENY", 11, 0);
	CHECK(REASON_SOURCES_REFUSE,
	    "1 of chronyd's 3 sources refuse it: ntp2.example.org (192.0.2.2) answers with kiss-o'-death DENY (access denied: check that this host may use that server)");
	reply(0, LEAP_UNSYNCHRONISED, 0, "RSTR", 11, 0);
	CHECK(REASON_SOURCES_REFUSE,
	    "2 of chronyd's 3 sources refuse it: ntp1.example.org (192.0.2.1) answers with kiss-o'-death RSTR (access denied: check that this host may use that server)");
	setup();
	activity(0, 0, 0); /* RATE: chronyd is in a burst (burst_online) */
	d.sources_online = 1;
	silent_all();
	reply(2, LEAP_UNSYNCHRONISED, 0, "RATE", 2, 0);
	CHECK(REASON_SOURCES_REFUSE,
	    "1 of chronyd's 3 sources refuse it: ntp3.example.org (192.0.2.3) answers with kiss-o'-death RATE (rate limited: poll it less often)");
	/* a refusal wins over an unsynchronised server */
	reply(0, LEAP_UNSYNCHRONISED, 16, "", 11, 0);
	CHECK(REASON_SOURCES_REFUSE,
	    "1 of chronyd's 3 sources refuse it: ntp3.example.org (192.0.2.3) answers with kiss-o'-death RATE (rate limited: poll it less often)");
}

static void
test_unsynchronised(void)
{
	activity(3, 0, 0);
	silent_all();
	reply(0, LEAP_UNSYNCHRONISED, 16, "", 11, 0);
	CHECK(REASON_SOURCES_UNSYNCHRONISED,
	    "1 of chronyd's 3 sources answer but are not synchronised themselves: ntp1.example.org (192.0.2.1) sends leap 3, stratum 16: fix or replace those servers");
	/* stratum 0 with another kiss code: not synchronised yet */
	reply(1, LEAP_UNSYNCHRONISED, 0, "INIT", 5, 0);
	CHECK(REASON_SOURCES_UNSYNCHRONISED,
	    "2 of chronyd's 3 sources answer but are not synchronised themselves: ntp1.example.org (192.0.2.1) sends leap 3, stratum 16: fix or replace those servers");
	/* leap normal but stratum 16, or leap 3 with a stratum */
	setup();
	activity(3, 0, 0);
	reply(2, LEAP_NORMAL, 16, "", 4, 0);
	CHECK(REASON_SOURCES_UNSYNCHRONISED,
	    "1 of chronyd's 3 sources answer but are not synchronised themselves: ntp3.example.org (192.0.2.3) sends leap 0, stratum 16: fix or replace those servers");
	reply(2, LEAP_UNSYNCHRONISED, 3, "", 4, 0);
	CHECK(REASON_SOURCES_UNSYNCHRONISED,
	    "1 of chronyd's 3 sources answer but are not synchronised themselves: ntp3.example.org (192.0.2.3) sends leap 3, stratum 3: fix or replace those servers");
}

/* A server that answered well and then went quiet: its last reply stays. */
static void
test_received_unusable(void)
{
	activity(3, 0, 0);
	silent_all();
	reply(0, LEAP_NORMAL, 2, "", 7, 5);
	CHECK(REASON_NO_REACHABLE_SOURCES,
	    "none of chronyd's 3 sources has answered its last 8 polls (reach 0): check that outbound UDP port 123 is not blocked and that the servers are up");
}

static void
test_names_unresolved(void)
{
	/* chrony-diagnose.sh: an unresolvable name, here all three */
	activity(0, 0, 3);
	for (unsigned i = 0; i < ELEMENTSOF(srcs); i++) {
		srcs[i].address[0] = '\0';
		srcs[i].state = SOURCE_UNRESOLVED;
	}
	CHECK(REASON_NAMES_UNRESOLVED,
	    "chronyd cannot resolve 3 of its 3 source names: check that DNS works on this host");
	/* over UDP too: ACTIVITY is allowed there */
	d.replies_refused = true;
	CHECK(REASON_NAMES_UNRESOLVED,
	    "chronyd cannot resolve 3 of its 3 source names: check that DNS works on this host");
	/* one resolved but silent server and two names: still DNS first */
	setup();
	activity(1, 0, 2);
	silent_all();
	CHECK(REASON_NAMES_UNRESOLVED,
	    "chronyd cannot resolve 2 of its 3 source names: check that DNS works on this host");
	/* but an answer that says why wins: it is certain */
	reply(0, LEAP_UNSYNCHRONISED, 0, "DENY", 3, 0);
	CHECK(REASON_SOURCES_REFUSE,
	    "1 of chronyd's 3 sources refuse it: ntp1.example.org (192.0.2.1) answers with kiss-o'-death DENY (access denied: check that this host may use that server)");
}

static void
test_offline(void)
{
	/* chronyc offline: chronyd clears reach at once, keeps the last reply */
	activity(0, 3, 0);
	for (unsigned i = 0; i < ELEMENTSOF(srcs); i++) {
		reply(i, LEAP_NORMAL, 8, "", 25, 23);
		srcs[i].state = SOURCE_OFFLINE;
	}
	CHECK(REASON_SOURCES_OFFLINE,
	    "chronyd was told its sources are offline (3 of 3): 'chronyc online' resumes polling: check what sets them offline, such as a network dispatcher script");
	d.replies_refused = true; /* UDP: the same */
	CHECK(REASON_SOURCES_OFFLINE,
	    "chronyd was told its sources are offline (3 of 3): 'chronyc online' resumes polling: check what sets them offline, such as a network dispatcher script");
	/* one source still polled: chronyd is not offline as a whole */
	activity(1, 2, 0);
	silent_all();
	CHECK(REASON_NO_REACHABLE_SOURCES,
	    "none of chronyd's 3 sources answers (reach 0, nothing received): check that outbound UDP port 123 is not blocked");
}

/* The new rules apply only when no source is reachable. */
static void
test_reachable_unchanged(void)
{
	activity(3, 0, 1);
	reply(1, LEAP_UNSYNCHRONISED, 0, "DENY", 11, 0);
	srcs[0].reach = 0377;
	srcs[0].state = SOURCE_NONSELECTABLE;
	verdict_daemon(&d, &limits, NOW);
	CU_ASSERT_EQUAL(d.reason, REASON_NO_SELECTABLE_SOURCE);
}

int
main(void)
{
	static const struct unit_test tests[] = {
		{ "UDP: NTP_DATA refused", test_udp_knows_nothing },
		{ "no diagnostic facts", test_no_facts },
		{ "nothing received", test_nothing_received },
		{ "sourcesRefuse: DENY, RSTR, RATE", test_refuse },
		{ "sourcesUnsynchronised", test_unsynchronised },
		{ "answered once, silent since", test_received_unusable },
		{ "namesUnresolved", test_names_unresolved },
		{ "sourcesOffline", test_offline },
		{ "a reachable source: old rules", test_reachable_unchanged },
	};

	return unit_run("verdict diagnosis", setup, NULL, tests, ELEMENTSOF(tests));
}
