/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The last snapshot of every daemon, refreshed on the cache timer. SNMP
 * handlers read it and nothing else, so a request never waits on a daemon.
 */
#ifndef SCOUT_CACHE_H
#define SCOUT_CACHE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "conf.h"
#include "ktimex.h"
#include "status.h"

struct cache {
	/* indexed by enum daemon_type; present[t] says whether the row exists */
	struct daemon_status daemons[DAEMON_TYPE_MAX + 1];
	bool present[DAEMON_TYPE_MAX + 1];
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

/* Main loop integration: an fd to poll for input (-1 for none) and a
 * CLOCK_MONOTONIC deadline in microseconds (0 for none). */
void cache_poll_info(int *ret_fd, uint64_t *ret_deadline_us);
void cache_dispatch(uint64_t now_us);

#endif
