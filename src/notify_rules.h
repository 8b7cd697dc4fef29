/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * When a notification is due: edge-triggered rules with hysteresis over the
 * stream of evaluated snapshots. Pure; notify.c sends what these decide.
 */
#ifndef SCOUT_NOTIFY_RULES_H
#define SCOUT_NOTIFY_RULES_H

#include <stdbool.h>

#include "snapshot.h"

struct notify_limits {
	unsigned loss_holdoff;	  /* bad refreshes in a row before a loss */
	unsigned restore_holdoff; /* good refreshes in a row before a recovery */
	unsigned startup_grace_s; /* no loss notification before this */
	double offset_threshold_s;
};

/* Bits of what is due; the values are the MIB's notification numbers. */
enum notify_event {
	NOTIFY_SYNC_LOST = 1 << 1,
	NOTIFY_SYNC_RESTORED = 1 << 2,
	NOTIFY_OFFSET_HIGH = 1 << 3,
	NOTIFY_OFFSET_NORMAL = 1 << 4,
	NOTIFY_SOURCE_CHANGED = 1 << 5,
	/* 1 << 6, scoutNtpDaemonConflict, is the host's: notify_rules_conflict() */
	NOTIFY_LEAP_PENDING = 1 << 7,
};

/* What has been told about one daemon, and the streaks towards a change. */
struct daemon_watch {
	bool seen_running; /* the daemon has run since the agent started */
	bool known;	   /* a state has been established */
	bool synced;	   /* the established state */
	bool lost_sent;	   /* a loss was notified and not yet a recovery */
	unsigned bad_streak, good_streak;

	bool offset_high;
	unsigned offset_streak; /* refreshes on the other side of the threshold */

	char source[STATUS_NAME_MAX + STATUS_ADDR_MAX]; /* established source */
	char candidate[STATUS_NAME_MAX + STATUS_ADDR_MAX];
	unsigned candidate_streak;

	bool leap_pending;
};

struct host_watch {
	bool conflict;
	unsigned conflict_streak;
};

/*
 * Feeds one refresh of d; returns the enum notify_event bits now due. A daemon
 * that is installed but has not run since the agent started is not watched
 * (a disabled timesyncd beside a running chronyd is no loss), unless the
 * configuration asked for it (expected).
 */
unsigned notify_rules_daemon(struct daemon_watch *w, const struct daemon_status *d,
    bool expected, const struct notify_limits *limits, double since_start_s);

/* Feeds the number of running daemons; true when a conflict is to be told. */
bool notify_rules_conflict(
    struct host_watch *w, unsigned daemons_active, const struct notify_limits *limits);

#endif
