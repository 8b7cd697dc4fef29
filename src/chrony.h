/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The chronyd backend: asks chronyd for TRACKING, its sources and their names
 * over its command socket (unix or UDP), in bursts of independent requests,
 * without ever blocking. The main loop polls chrony_client_poll_info()'s fd and
 * deadline.
 */
#ifndef SCOUT_CHRONY_H
#define SCOUT_CHRONY_H

#include <stdbool.h>
#include <stdint.h>

#include "snapshot.h"

struct backend_ops;
extern const struct backend_ops chrony_backend;

/* Per-attempt reply timeout and attempts per request: a hung chronyd costs one
 * refresh at most 3 x 250 ms, and never blocks the loop. */
#define CHRONY_TIMEOUT_MS 250
#define CHRONY_ATTEMPTS 3
/* More sources than any sane chrony.conf; a reply claiming more is capped. */
#define CHRONY_MAX_SOURCES 4096
/* Requests in flight at once: fewer than the kernel's default queue of a unix
 * datagram socket (net.unix.max_dgram_qlen, 10), so a burst is never dropped
 * on the way to chronyd. */
#define CHRONY_WINDOW 8
/* How long after a burst its replies are read, all at once: chronyd answers
 * on loopback within a few hundred microseconds, and one wake-up for all the
 * replies costs less than one for each. */
#define CHRONY_GATHER_US 1000

struct chrony_client;

/* Receives the finished snapshot; it may move *st out (then zero it). */
typedef void (*chrony_done_fn)(struct daemon_status *st, void *userdata);

/* addresses: "unix:/path" or "udp:HOST[:PORT]", tried in order. */
int chrony_client_new(
    const char *const *addresses, unsigned n_addresses, struct chrony_client **ret);
struct chrony_client *chrony_client_free(struct chrony_client *c);

/* Starts a refresh; returns false when the previous one is still running. */
bool chrony_client_start(struct chrony_client *c, chrony_done_fn done, void *userdata);

/* The fd to poll for input (-1 when idle) and the CLOCK_MONOTONIC deadline
 * in microseconds (0 when idle). */
void chrony_client_poll_info(
    const struct chrony_client *c, int *ret_fd, uint64_t *ret_deadline_us);
/* Called when the fd is readable or the deadline passed. */
void chrony_client_dispatch(struct chrony_client *c, uint64_t now_us);

#endif
