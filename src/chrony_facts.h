/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What chronyd's ACTIVITY and NTP_DATA replies say, as neutral facts of the
 * snapshot: how many sources are online, offline or unresolved, and what each
 * source last sent (leap, stratum, kiss code, packet counts). No verdict here.
 */
#ifndef SCOUT_CHRONY_FACTS_H
#define SCOUT_CHRONY_FACTS_H

#include <stdbool.h>

#include "chrony_proto.h"
#include "snapshot.h"

/* The NTP_DATA reply for one source, if chronyd gave one. */
struct chrony_reply {
	struct chrony_ntp_data data;
	bool known;
};

/* Whether NTP_DATA can be asked for the source: an NTP server or peer with
 * an address (not a reference clock, not an unresolved name). */
bool chrony_facts_has_reply(const struct chrony_source *s);

/*
 * Adds the facts to st, whose sources[] were mapped from sources[] (same
 * order, st->n_sources of them). activity: NULL when chronyd did not answer
 * ACTIVITY; replies: NULL or one per source; replies_refused: chronyd said
 * NTP_DATA is not authorised.
 */
void chrony_facts_fill(struct daemon_status *st, const struct chrony_activity *activity,
    const struct chrony_source *sources, const struct chrony_reply *replies,
    bool replies_refused);

#endif
