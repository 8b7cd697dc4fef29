/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The systemd-timesyncd backend: one asynchronous GetAll of the
 * org.freedesktop.timesync1.Manager properties on the system bus
 * (DBUS_SYSTEM_BUS_ADDRESS), never auto-starting timesyncd, on the
 * connection of bus.c.
 */
#ifndef SCOUT_TIMESYNCD_H
#define SCOUT_TIMESYNCD_H

#include <stdbool.h>
#include <math.h>
#include <stdint.h>

#include "status.h"

/* A bus call never takes longer than this. */
#define TIMESYNCD_TIMEOUT_MS 1000
/* timesyncd touches this after every accepted sample (tmpfs: since boot). */
#define TIMESYNCD_SYNCHRONIZED_FILE "/run/systemd/timesync/synchronized"
/* Missed polls before the server counts as lost: timesyncd's own retry
 * logic gives up after two unanswered requests and a 10 s timeout. */
#define TIMESYNCD_LOST_POLLS 2
#define TIMESYNCD_LOST_MARGIN_S 10

/* How long the server in use may stay silent before it counts as lost;
 * INFINITY while the poll interval is not known. */
static inline double
timesyncd_silence_allowed_s(const struct daemon_status *d)
{
	return d->has_poll ?
	    TIMESYNCD_LOST_POLLS * ldexp(1.0, d->poll_log2) + TIMESYNCD_LOST_MARGIN_S :
	    INFINITY;
}

struct timesyncd_client;

typedef void (*timesyncd_done_fn)(struct daemon_status *st, void *userdata);

int timesyncd_client_new(struct timesyncd_client **ret);
struct timesyncd_client *timesyncd_client_free(struct timesyncd_client *c);

/* Starts a refresh; false when the previous one is still running. */
bool timesyncd_client_start(
    struct timesyncd_client *c, timesyncd_done_fn done, void *userdata);

/* When the refresh in flight is overdue (0 when idle), and what ends it. */
uint64_t timesyncd_client_deadline(const struct timesyncd_client *c);
void timesyncd_client_dispatch(struct timesyncd_client *c, uint64_t now_us);

#endif
