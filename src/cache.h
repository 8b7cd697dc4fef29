/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The last snapshot of every daemon, refreshed on the cache timer. SNMP
 * handlers read it and nothing else, so a request never waits on a daemon.
 */
#ifndef SCOUT_CACHE_H
#define SCOUT_CACHE_H

#include <stdbool.h>
#include <poll.h>
#include <stdint.h>
#include <time.h>

#include "conf.h"
#include "ktimex.h"
#include "status.h"

struct cache {
	/* indexed by enum daemon_type; present[t] says whether the row exists */
	struct daemon_status daemons[DAEMON_TYPE_MAX + 1];
	bool present[DAEMON_TYPE_MAX + 1];
	/* asked for by the configuration (daemons, chronyAddress) */
	bool configured[DAEMON_TYPE_MAX + 1];
	struct kernel_time kernel; /* adjtimex at the last refresh */
	bool refreshed;		   /* at least one refresh has completed */
	time_t refreshed_at;	   /* CLOCK_REALTIME seconds of the last one */
	unsigned refresh_s;
	unsigned offset_threshold_ms;
};

const struct cache *cache_get(void);

/* The daemon that runs the clock (0 if none) and how many daemons run. */
enum daemon_type cache_active_daemon(const struct cache *c);
unsigned cache_daemons_active(const struct cache *c);

/* Called with the new snapshot after every refresh. */
typedef void (*cache_updated_fn)(const struct cache *c);

int cache_init(const struct conf *conf, cache_updated_fn updated);
void cache_fini(void);

/* Starts a refresh now (the timer calls it too). */
void cache_refresh(void);

/* Main loop integration: fills up to max pollfds for the backends' sockets
 * and returns how many; *ret_deadline_us gets the earliest CLOCK_MONOTONIC
 * deadline in microseconds (0 for none). */
unsigned cache_poll_fds(struct pollfd *fds, unsigned max, uint64_t *ret_deadline_us);
/* After a backend fd was ready or the deadline passed: each backend reads its
 * own socket and checks its own deadline. */
void cache_dispatch(uint64_t now_us);

#endif
