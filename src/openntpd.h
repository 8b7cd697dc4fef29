/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The OpenNTPD backend: asks its control socket what `ntpctl -s status` and
 * `-s peers` ask, both requests at once, without ever blocking, and fills
 * the openntpd row and its source table.
 */
#ifndef SCOUT_OPENNTPD_H
#define SCOUT_OPENNTPD_H

#include <stdint.h>

#include "openntpd_proto.h"
#include "snapshot.h"

struct backend_ops;
extern const struct backend_ops openntpd_backend;

/* The whole exchange: OpenNTPD answers on its socket within a millisecond
 * (it serves the control socket from its poll loop); a hung one costs a
 * refresh this much at most. One attempt: the socket is a stream. */
#define OPENNTPD_TIMEOUT_MS 500
/* More peers than any sane ntpd.conf; beyond, they are not listed. */
#define OPENNTPD_MAX_PEERS 1024

/*
 * The row from OpenNTPD's answer (pure, for the unit tests): now is
 * CLOCK_REALTIME, for the time of the last reply. The peers move into d.
 */
/* For the unit tests: the sockets an initialised backend state tries, in
 * order ("unix:PATH" or PATH, NULL-terminated; kept, not copied). */
void openntpd_backend_use_paths(void *state, const char *const *paths);

int openntpd_fill_status(struct daemon_status *d, const struct openntpd_status *st,
    const struct openntpd_peer *peers, unsigned n_peers, time_t now);

#endif
