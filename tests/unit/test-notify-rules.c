/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The notification rules over scripted snapshots. The offset and leap cases
 * are scripted because a real chronyd under -x cannot be made to report a
 * large offset or a pending leap second on demand; loss, recovery and source
 * changes are also tested end to end in tests/integration/notify-*.sh.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <string.h>

#include <CUnit/Basic.h>

#include "notify_rules.h"
#include "unit.h"

static const struct notify_limits limits = {
	.loss_holdoff = 3,
	.restore_holdoff = 2,
	.startup_grace_s = 60,
	.offset_threshold_s = 0.100,
};

static struct daemon_status
snapshot(bool synced, double offset_s, const char *source)
{
	struct daemon_status d;

	memset(&d, 0, sizeof(d));
	d.type = DAEMON_CHRONY;
	d.state = DAEMON_RUNNING;
	d.has_tracking = true;
	d.sync = synced ? SYNC_SYNCHRONIZED : SYNC_UNSYNCHRONIZED;
	d.reason = synced ? REASON_NONE : REASON_NO_REACHABLE_SOURCES;
	d.offset_s = offset_s;
	d.leap = LEAP_NORMAL;
	strcpy(d.source_address, source);
	return d;
}

/* Feeds n refreshes of d after the grace period; returns all events seen. */
static unsigned
feed(struct daemon_watch *w, const struct daemon_status *d, int n, unsigned *ret_count)
{
	unsigned all = 0, count = 0;

	for (int i = 0; i < n; i++) {
		unsigned e = notify_rules_daemon(w, d, false, &limits, 1000.0);
		all |= e;
		count += (unsigned)__builtin_popcount(e);
	}
	if (ret_count)
		*ret_count = count;
	return all;
}

static void
test_start_synchronised_tells_nothing(void)
{
	struct daemon_watch w = { 0 };
	struct daemon_status good = snapshot(true, 0.001, "192.0.2.1");
	unsigned n;

	CU_ASSERT_EQUAL(feed(&w, &good, 10, &n), 0);
	CU_ASSERT_EQUAL(n, 0);
	CU_ASSERT_TRUE(w.known && w.synced);
}

static void
test_loss_after_holdoff_exactly_once(void)
{
	struct daemon_watch w = { 0 };
	struct daemon_status good = snapshot(true, 0.001, "192.0.2.1");
	struct daemon_status bad = snapshot(false, 0.001, "192.0.2.1");
	unsigned n;

	feed(&w, &good, 3, NULL);
	/* one and two bad refreshes are not a loss */
	CU_ASSERT_EQUAL(feed(&w, &bad, 2, NULL), 0);
	CU_ASSERT_EQUAL(feed(&w, &bad, 1, NULL), NOTIFY_SYNC_LOST);
	CU_ASSERT_EQUAL(feed(&w, &bad, 20, &n), 0);
	/* one good refresh is not a recovery, two are */
	CU_ASSERT_EQUAL(feed(&w, &good, 1, NULL), 0);
	CU_ASSERT_EQUAL(feed(&w, &good, 1, NULL), NOTIFY_SYNC_RESTORED);
	CU_ASSERT_EQUAL(feed(&w, &good, 20, &n), 0);
}

static void
test_single_bad_refresh_never_notifies(void)
{
	struct daemon_watch w = { 0 };
	struct daemon_status good = snapshot(true, 0.001, "192.0.2.1");
	struct daemon_status bad = snapshot(false, 0.001, "192.0.2.1");
	unsigned total = 0, n;

	feed(&w, &good, 3, NULL);
	for (int i = 0; i < 50; i++) {
		feed(&w, &bad, 1, &n);
		total += n;
		feed(&w, &good, 1, &n);
		total += n;
	}
	CU_ASSERT_EQUAL(total, 0);
}

static void
test_flapping_is_bounded(void)
{
	struct daemon_watch w = { 0 };
	struct daemon_status good = snapshot(true, 0.001, "192.0.2.1");
	struct daemon_status bad = snapshot(false, 0.001, "192.0.2.1");
	unsigned total = 0, n, refreshes = 0;

	feed(&w, &good, 3, NULL);
	/* each phase just long enough to pass its holdoff */
	for (int i = 0; i < 10; i++) {
		feed(&w, &bad, 3, &n);
		total += n;
		feed(&w, &good, 2, &n);
		total += n;
		refreshes += 5;
	}
	/* at most one notification per lossHoldoff + restoreHoldoff refreshes */
	CU_ASSERT_TRUE(
	    total <= refreshes / (limits.loss_holdoff + limits.restore_holdoff) * 2);
	CU_ASSERT_EQUAL(total, 20);
}

static void
test_startup_grace(void)
{
	struct daemon_watch w = { 0 };
	struct daemon_status bad = snapshot(false, 0, "");
	struct daemon_status good = snapshot(true, 0.001, "192.0.2.1");

	/* unsynchronised from the start: nothing during the grace period */
	for (int t = 0; t < 60; t++)
		CU_ASSERT_EQUAL(notify_rules_daemon(&w, &bad, false, &limits, t), 0);
	/* told once it is over, and only once */
	CU_ASSERT_EQUAL(
	    notify_rules_daemon(&w, &bad, false, &limits, 60), NOTIFY_SYNC_LOST);
	CU_ASSERT_EQUAL(notify_rules_daemon(&w, &bad, false, &limits, 61), 0);

	/* a loss that ends within the grace period is never told, nor its end */
	memset(&w, 0, sizeof(w));
	for (int t = 0; t < 5; t++)
		CU_ASSERT_EQUAL(notify_rules_daemon(&w, &bad, false, &limits, t), 0);
	for (int t = 5; t < 100; t++)
		CU_ASSERT_EQUAL(notify_rules_daemon(&w, &good, false, &limits, t), 0);
}

/* accessDenied, unsupportedDaemon: the agent cannot tell, so it tells nothing */
static void
test_unknown_is_no_loss(void)
{
	struct daemon_watch w = { 0 };
	struct daemon_status unknown = snapshot(false, 0, "");
	struct daemon_status bad = snapshot(false, 0, "");
	struct daemon_status good = snapshot(true, 0.001, "192.0.2.1");

	unknown.sync = SYNC_UNKNOWN;
	unknown.reason = REASON_ACCESS_DENIED;
	/* never readable, long after the grace period */
	CU_ASSERT_EQUAL(feed(&w, &unknown, 100, NULL), 0);
	/* synchronised, then unreadable: still no loss */
	CU_ASSERT_EQUAL(feed(&w, &good, 5, NULL), 0);
	unknown.reason = REASON_UNSUPPORTED_DAEMON;
	CU_ASSERT_EQUAL(feed(&w, &unknown, 50, NULL), 0);
	/* what it knows still counts: a real loss, and its end */
	CU_ASSERT_EQUAL(feed(&w, &bad, 3, NULL), NOTIFY_SYNC_LOST);
	CU_ASSERT_EQUAL(feed(&w, &unknown, 10, NULL), 0);
	CU_ASSERT_EQUAL(feed(&w, &good, 2, NULL), NOTIFY_SYNC_RESTORED);
}

static void
test_offset_high_and_normal(void)
{
	struct daemon_watch w = { 0 };
	struct daemon_status ok = snapshot(true, 0.050, "192.0.2.1");
	struct daemon_status high = snapshot(true, -0.250, "192.0.2.1");
	unsigned n;

	feed(&w, &ok, 3, NULL);
	CU_ASSERT_EQUAL(feed(&w, &high, 2, NULL), 0);
	CU_ASSERT_EQUAL(feed(&w, &high, 1, NULL), NOTIFY_OFFSET_HIGH);
	CU_ASSERT_EQUAL(feed(&w, &high, 10, &n), 0);
	CU_ASSERT_EQUAL(feed(&w, &ok, 1, NULL), 0);
	CU_ASSERT_EQUAL(feed(&w, &ok, 1, NULL), NOTIFY_OFFSET_NORMAL);
	CU_ASSERT_EQUAL(feed(&w, &ok, 10, &n), 0);

	/* a spike of one refresh tells nothing */
	CU_ASSERT_EQUAL(feed(&w, &high, 1, NULL), 0);
	CU_ASSERT_EQUAL(feed(&w, &ok, 5, NULL), 0);
	/* exactly at the threshold is not above it */
	ok.offset_s = 0.100;
	CU_ASSERT_EQUAL(feed(&w, &ok, 5, NULL), 0);
}

static void
test_offset_of_unsynchronised_daemon_ignored(void)
{
	struct daemon_watch w = { 0 };
	struct daemon_status bad = snapshot(false, 5.0, "");

	CU_ASSERT_EQUAL(
	    feed(&w, &bad, 10, NULL) & (NOTIFY_OFFSET_HIGH | NOTIFY_OFFSET_NORMAL), 0);
}

static void
test_source_changed(void)
{
	struct daemon_watch w = { 0 };
	struct daemon_status a = snapshot(true, 0.001, "192.0.2.1");
	struct daemon_status b = snapshot(true, 0.001, "192.0.2.2");
	struct daemon_status lost = snapshot(false, 0.001, "");
	unsigned n;

	/* the first source is not a change */
	CU_ASSERT_EQUAL(feed(&w, &a, 5, &n), 0);
	/* a change must hold restoreHoldoff refreshes */
	CU_ASSERT_EQUAL(feed(&w, &b, 1, NULL), 0);
	CU_ASSERT_EQUAL(feed(&w, &a, 3, NULL), 0);
	CU_ASSERT_EQUAL(feed(&w, &b, 1, NULL), 0);
	CU_ASSERT_EQUAL(feed(&w, &b, 1, NULL), NOTIFY_SOURCE_CHANGED);
	CU_ASSERT_EQUAL(feed(&w, &b, 10, &n), 0);
	/* losing the source is a loss, not a change */
	CU_ASSERT_EQUAL(feed(&w, &lost, 3, NULL), NOTIFY_SYNC_LOST);
}

static void
test_leap_pending_once(void)
{
	struct daemon_watch w = { 0 };
	struct daemon_status normal = snapshot(true, 0.001, "192.0.2.1");
	struct daemon_status insert = normal;
	struct daemon_status unsynced = snapshot(false, 0.001, "");
	unsigned n;

	insert.leap = LEAP_INSERT_SECOND;
	feed(&w, &normal, 3, NULL);
	CU_ASSERT_EQUAL(feed(&w, &insert, 1, NULL), NOTIFY_LEAP_PENDING);
	CU_ASSERT_EQUAL(feed(&w, &insert, 10, &n), 0);
	CU_ASSERT_EQUAL(feed(&w, &normal, 1, NULL), 0);
	insert.leap = LEAP_DELETE_SECOND;
	CU_ASSERT_EQUAL(feed(&w, &insert, 1, NULL), NOTIFY_LEAP_PENDING);
	/* an unsynchronised daemon's leap bits say nothing */
	memset(&w, 0, sizeof(w));
	unsynced.leap = LEAP_INSERT_SECOND;
	CU_ASSERT_EQUAL(feed(&w, &unsynced, 5, NULL) & NOTIFY_LEAP_PENDING, 0);
}

static void
test_daemon_that_never_ran(void)
{
	struct daemon_watch w = { 0 };
	struct daemon_status stopped = snapshot(false, 0, "");
	struct daemon_status good = snapshot(true, 0.001, "192.0.2.1");
	unsigned n;

	stopped.state = DAEMON_STOPPED;
	stopped.reason = REASON_DAEMON_NOT_RUNNING;
	/* installed, never ran: not watched */
	CU_ASSERT_EQUAL(feed(&w, &stopped, 10, &n), 0);
	/* asked for by the configuration: its absence is a loss, after the holdoff */
	for (unsigned i = 1; i < limits.loss_holdoff; i++)
		CU_ASSERT_EQUAL(
		    notify_rules_daemon(&w, &stopped, true, &limits, 1000.0), 0);
	CU_ASSERT_EQUAL(
	    notify_rules_daemon(&w, &stopped, true, &limits, 1000.0), NOTIFY_SYNC_LOST);
	/* one that ran and stopped is a loss too */
	memset(&w, 0, sizeof(w));
	feed(&w, &good, 3, NULL);
	CU_ASSERT_EQUAL(feed(&w, &stopped, 3, NULL), NOTIFY_SYNC_LOST);
}

static void
test_conflict(void)
{
	struct host_watch h = { 0 };

	CU_ASSERT_FALSE(notify_rules_conflict(&h, 1, &limits));
	CU_ASSERT_FALSE(notify_rules_conflict(&h, 2, &limits));
	CU_ASSERT_FALSE(notify_rules_conflict(&h, 2, &limits));
	CU_ASSERT_TRUE(notify_rules_conflict(&h, 2, &limits));
	for (int i = 0; i < 10; i++)
		CU_ASSERT_FALSE(notify_rules_conflict(&h, 2, &limits));
	/* resolved, then again: told again */
	CU_ASSERT_FALSE(notify_rules_conflict(&h, 1, &limits));
	CU_ASSERT_FALSE(notify_rules_conflict(&h, 3, &limits));
	CU_ASSERT_FALSE(notify_rules_conflict(&h, 3, &limits));
	CU_ASSERT_TRUE(notify_rules_conflict(&h, 3, &limits));
}

int
main(void)
{
	static const struct unit_test tests[] = {
		{ "a host that starts synchronised is told nothing",
		    test_start_synchronised_tells_nothing },
		{ "loss after lossHoldoff, once; recovery after restoreHoldoff, once",
		    test_loss_after_holdoff_exactly_once },
		{ "a single bad refresh never notifies",
		    test_single_bad_refresh_never_notifies },
		{ "flapping is bounded by the holdoffs", test_flapping_is_bounded },
		{ "startupGrace", test_startup_grace },
		{ "unknown status: no loss, no recovery", test_unknown_is_no_loss },
		{ "offset high and back to normal", test_offset_high_and_normal },
		{ "offset of an unsynchronised daemon is ignored",
		    test_offset_of_unsynchronised_daemon_ignored },
		{ "source changed", test_source_changed },
		{ "leap pending once per announcement", test_leap_pending_once },
		{ "a daemon that never ran is not watched",
		    test_daemon_that_never_ran },
		{ "daemon conflict", test_conflict },
	};

	return unit_run("notify_rules", NULL, NULL, tests, UNIT_ELEMENTS(tests));
}
