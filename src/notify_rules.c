/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The notification rules. A change is told only after it held for a number of
 * refreshes in a row (lossHoldoff to go bad, restoreHoldoff to come back), so a
 * single bad refresh never notifies and a flapping source produces at most one
 * notification per lossHoldoff + restoreHoldoff refreshes. A host that starts
 * unsynchronised is told once startupGrace has passed; one that starts
 * synchronised is not told anything. A row whose status is unknown (the
 * agent may not or cannot read the daemon) is neither a loss nor a recovery:
 * it moves no streak, so only what the agent knows is ever told.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "notify_rules.h"

static void
track_sync(struct daemon_watch *w, bool good, const struct notify_limits *limits,
    double since_start_s, unsigned *events)
{
	if (good) {
		w->good_streak++;
		w->bad_streak = 0;
	} else {
		w->bad_streak++;
		w->good_streak = 0;
	}

	if ((!w->known || !w->synced) && w->good_streak >= limits->restore_holdoff) {
		if (w->lost_sent)
			*events |= NOTIFY_SYNC_RESTORED;
		w->known = true;
		w->synced = true;
		w->lost_sent = false;
	}
	if ((!w->known || w->synced) && w->bad_streak >= limits->loss_holdoff) {
		w->known = true;
		w->synced = false;
	}
	/* a loss during the grace period is told when it ends, if it lasts */
	if (w->known && !w->synced && !w->lost_sent &&
	    since_start_s >= limits->startup_grace_s) {
		*events |= NOTIFY_SYNC_LOST;
		w->lost_sent = true;
	}
}

static void
track_offset(struct daemon_watch *w, const struct daemon_status *d,
    const struct notify_limits *limits, unsigned *events)
{
	bool high;

	/* the offset of a daemon that is not synchronised means nothing */
	if (d->sync != SYNC_SYNCHRONIZED || !d->has_tracking) {
		w->offset_streak = 0;
		return;
	}
	high = fabs(d->offset_s) > limits->offset_threshold_s;
	if (high == w->offset_high) {
		w->offset_streak = 0;
		return;
	}
	w->offset_streak++;
	if (w->offset_streak < (high ? limits->loss_holdoff : limits->restore_holdoff))
		return;
	w->offset_high = high;
	w->offset_streak = 0;
	*events |= high ? NOTIFY_OFFSET_HIGH : NOTIFY_OFFSET_NORMAL;
}

static void
track_source(struct daemon_watch *w, const struct daemon_status *d,
    const struct notify_limits *limits, unsigned *events)
{
	char now[sizeof(w->source)];

	/* losing the source altogether is a loss of sync, not a change */
	if (d->sync != SYNC_SYNCHRONIZED)
		return;
	snprintf(now, sizeof(now), "%s/%s", d->source_name, d->source_address);
	if (strcmp(now, w->source) == 0) {
		w->candidate_streak = 0;
		return;
	}
	if (strcmp(now, w->candidate) != 0) {
		snprintf(w->candidate, sizeof(w->candidate), "%s", now);
		w->candidate_streak = 0;
	}
	if (++w->candidate_streak < limits->restore_holdoff)
		return;
	if (w->source[0])
		*events |= NOTIFY_SOURCE_CHANGED;
	snprintf(w->source, sizeof(w->source), "%s", now);
	w->candidate_streak = 0;
}

static void
track_leap(struct daemon_watch *w, const struct daemon_status *d, unsigned *events)
{
	bool pending = d->sync == SYNC_SYNCHRONIZED && d->has_tracking &&
	    (d->leap == LEAP_INSERT_SECOND || d->leap == LEAP_DELETE_SECOND);

	if (pending && !w->leap_pending)
		*events |= NOTIFY_LEAP_PENDING;
	w->leap_pending = pending;
}

unsigned
notify_rules_daemon(struct daemon_watch *w, const struct daemon_status *d,
    bool expected, const struct notify_limits *limits, double since_start_s)
{
	unsigned events = 0;

	if (d->state == DAEMON_RUNNING)
		w->seen_running = true;
	if (!w->seen_running && !expected)
		return 0;

	if (d->sync != SYNC_UNKNOWN)
		track_sync(
		    w, d->sync == SYNC_SYNCHRONIZED, limits, since_start_s, &events);
	track_offset(w, d, limits, &events);
	track_source(w, d, limits, &events);
	track_leap(w, d, &events);
	return events;
}

bool
notify_rules_conflict(
    struct host_watch *w, unsigned daemons_active, const struct notify_limits *limits)
{
	if (daemons_active <= 1) {
		w->conflict = false;
		w->conflict_streak = 0;
		return false;
	}
	if (w->conflict)
		return false;
	if (++w->conflict_streak < limits->loss_holdoff)
		return false;
	w->conflict = true;
	return true;
}
