/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What "synchronised" means (DESIGN §6): every check in order, the first that
 * fails names the reason, with a line of text that says what to fix.
 */
#ifndef SCOUT_EVALUATE_H
#define SCOUT_EVALUATE_H

#include <time.h>

#include "status.h"

struct eval_limits {
	double max_root_distance_s; /* maxRootDistance */
	unsigned max_sync_age_s;    /* maxSyncAge, 0 = auto */
};

/* Smallest age limit maxSyncAge auto allows, in seconds. */
#define EVAL_MIN_AUTO_SYNC_AGE 1024

/* Sets d->sync, d->reason and d->reason_text from the rest of d. */
void evaluate_daemon(
    struct daemon_status *d, const struct eval_limits *limits, time_t now);

/* The effective maxSyncAge for d. */
unsigned evaluate_max_sync_age(
    const struct daemon_status *d, const struct eval_limits *limits);

/* Label of a reason as in the MIB, e.g. "noReachableSources". */
const char *evaluate_reason_name(enum sync_reason reason);

#endif
