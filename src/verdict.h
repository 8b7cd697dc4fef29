/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What "synchronised" means: every check in order, the first that fails names
 * the reason, with a line of text that says what to fix. Pure: from the facts
 * the backends found to the rows, verdicts and host verdict of a snapshot.
 */
#ifndef SCOUT_VERDICT_H
#define SCOUT_VERDICT_H

#include <stdbool.h>
#include <time.h>

#include "backend.h"
#include "snapshot.h"

struct verdict_limits {
	double max_root_distance_s; /* maxRootDistance */
	unsigned max_sync_age_s;    /* maxSyncAge, 0 = auto */
};

/* Which daemons may get a row, and which always get one. */
struct verdict_policy {
	struct verdict_limits limits;
	bool enabled[DAEMON_TYPE_MAX + 1];    /* by the daemons directive */
	bool configured[DAEMON_TYPE_MAX + 1]; /* asked for by name */
};

/* Smallest age limit maxSyncAge auto allows, in seconds. */
#define VERDICT_MIN_AUTO_SYNC_AGE 1024

/* Sets d->sync, d->reason and d->reason_text from the rest of d. */
void verdict_daemon(
    struct daemon_status *d, const struct verdict_limits *limits, time_t now);

/* The effective maxSyncAge for d. */
unsigned verdict_max_sync_age(
    const struct daemon_status *d, const struct verdict_limits *limits);

/* Label of a reason as in the MIB, e.g. "noReachableSources". */
const char *verdict_reason_name(enum sync_reason reason);

/* Moves each enabled daemon's facts out of f into a row of out (present[]
 * says which rows exist), judges each, and sets out->host. */
void verdict_rows(struct findings *f, const struct verdict_policy *policy, time_t now,
    struct snapshot *out);

/* Which daemon runs the clock, how many run, and the host's status. */
void verdict_host(const struct snapshot *s, struct host_verdict *ret);

#endif
