/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The systemd-timesyncd backend: one asynchronous GetAll of the
 * org.freedesktop.timesync1.Manager properties on the system bus
 * (DBUS_SYSTEM_BUS_ADDRESS), never auto-starting timesyncd, on the
 * connection of sdbus.c.
 */
#ifndef SCOUT_TIMESYNCD_H
#define SCOUT_TIMESYNCD_H

#include <stdbool.h>
#include <stdint.h>

struct backend_ops;

/* A bus call never takes longer than this. */
#define TIMESYNCD_TIMEOUT_MS 1000
/* timesyncd touches this after every accepted sample (tmpfs: since boot). */
#define TIMESYNCD_SYNCHRONIZED_FILE "/run/systemd/timesync/synchronized"
/* Missed polls before the server counts as lost: timesyncd's own retry
 * logic gives up after two unanswered requests and a 10 s timeout. */
#define TIMESYNCD_LOST_POLLS 2
#define TIMESYNCD_LOST_MARGIN_S 10

extern const struct backend_ops timesyncd_backend;

#endif
