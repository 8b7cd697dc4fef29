/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The collector: on each tick it starts every backend of a table, waits for
 * all of them without blocking, has verdict.c judge what they found, and
 * publishes the new snapshot. SNMP handlers and notifications read the
 * published snapshot and nothing else, so a request never waits on a daemon.
 */
#ifndef SCOUT_COLLECT_H
#define SCOUT_COLLECT_H

#include <poll.h>
#include <stdint.h>

#include "backend.h"
#include "conf.h"
#include "snapshot.h"

/* Called with the new snapshot after every refresh. */
typedef void (*collect_updated_fn)(const struct snapshot *s);

/* table: NULL-terminated, normally backends[]. */
int collect_init(const struct conf *conf, const struct backend_ops *const *table,
    collect_updated_fn updated);
void collect_fini(void);

/* The last published snapshot (all zero before the first refresh). */
const struct snapshot *collect_snapshot(void);

/* Starts a refresh now (the timer calls it too). */
void collect_refresh(void);

/* Main loop integration: fills up to max pollfds for the backends' sockets
 * and returns how many; *ret_deadline_us gets the earliest CLOCK_MONOTONIC
 * deadline in microseconds (0 for none). */
unsigned collect_poll_fds(struct pollfd *fds, unsigned max, uint64_t *ret_deadline_us);
/* After a backend fd was ready or the deadline passed. */
void collect_dispatch(uint64_t now_us);

#endif
