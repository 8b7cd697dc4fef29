/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * chronyd's ACTIVITY and NTP_DATA as facts for the verdict: see
 * chrony_facts.h. chronyd reports no per-source "offline" in SOURCE_DATA, so
 * a source is called offline only when ACTIVITY says every polled source is.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <string.h>

#include "chrony_facts.h"

bool
chrony_facts_has_reply(const struct chrony_source *s)
{
	return s->mode != CHRONY_MODE_REF &&
	    (s->addr.family == CHRONY_FAMILY_INET4 ||
		s->addr.family == CHRONY_FAMILY_INET6);
}

/* RFC 5905 7.4: a kiss-o'-death has stratum 0 and an ASCII code as refid. */
static void
kiss_code(const struct chrony_ntp_data *d, char *buf)
{
	buf[0] = '\0';
	if (d->stratum != 0)
		return;
	for (int i = 0; i < 4; i++) {
		unsigned char ch = (unsigned char)(d->ref_id >> (24 - 8 * i));

		if (ch < 0x21 || ch > 0x7e) {
			buf[0] = '\0';
			return;
		}
		buf[i] = (char)ch;
	}
	buf[4] = '\0';
}

static void
fill_reply(struct source_status *out, const struct chrony_ntp_data *d)
{
	out->has_reply_counts = true;
	out->tx_count = d->total_tx_count;
	out->rx_count = d->total_rx_count;
	out->good_count = d->total_good_count;
	/* before the first packet chronyd reports an all-zero header */
	out->has_reply = d->total_rx_count > 0;
	if (!out->has_reply)
		return;
	out->reply_leap = (enum leap_status)(d->leap + 1);
	out->reply_stratum = d->stratum;
	kiss_code(d, out->kiss_code);
}

void
chrony_facts_fill(struct daemon_status *st, const struct chrony_activity *activity,
    const struct chrony_source *sources, const struct chrony_reply *replies,
    bool replies_refused)
{
	bool all_offline = false;

	st->replies_refused = replies_refused;
	if (activity) {
		st->has_activity = true;
		st->sources_online = activity->online + activity->burst_online;
		st->sources_offline = activity->offline + activity->burst_offline;
		st->sources_unresolved = activity->unresolved;
		all_offline = st->sources_online == 0 && st->sources_offline > 0;
	}
	if (!st->has_sources)
		return;
	for (unsigned i = 0; i < st->n_sources; i++) {
		struct source_status *out = &st->sources[i];

		if (sources[i].addr.family == CHRONY_FAMILY_ID) {
			/* "ID#0000000001" is chronyd's handle, not an address */
			out->address[0] = '\0';
			out->state = SOURCE_UNRESOLVED;
			continue;
		}
		if (replies && replies[i].known)
			fill_reply(out, &replies[i].data);
		if (all_offline && chrony_facts_has_reply(&sources[i]) &&
		    out->reach == 0)
			out->state = SOURCE_OFFLINE;
	}
}
