/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Maps the snapshot to MIB values: microseconds saturating at the type's
 * limits, ppb, DateAndTime, enumerations as the MIB numbers them.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "daemons.h"
#include "mib_oids.h"
#include "mib_values.h"
#include "util.h"

static int
integer(struct mib_value *v, long value)
{
	v->type = ASN_INTEGER;
	v->integer = value;
	return 0;
}

static int
unsigned32(struct mib_value *v, uint32_t value)
{
	v->type = ASN_UNSIGNED;
	v->integer = (long)value;
	return 0;
}

static int
text(struct mib_value *v, const char *s)
{
	size_t n = strlen(s);

	v->type = ASN_OCTET_STR;
	v->len = n < sizeof(v->octets) ? n : sizeof(v->octets);
	memcpy(v->octets, s, v->len);
	return 0;
}

/* Empty text means unknown. */
static int
known_text(struct mib_value *v, const char *s)
{
	return s[0] ? text(v, s) : -ENOENT;
}

static uint32_t
age_s(time_t now, time_t then)
{
	double age = difftime(now, then);

	if (age <= 0)
		return 0;
	return age >= 4294967295.0 ? UINT32_MAX : (uint32_t)age;
}

int
mib_date_and_time(const struct timespec *ts, uint8_t ret[11])
{
	struct tm tm;

	if (!gmtime_r(&ts->tv_sec, &tm) || tm.tm_year < -1900 ||
	    tm.tm_year > 65535 - 1900)
		return -ERANGE;
	ret[0] = (uint8_t)((tm.tm_year + 1900) >> 8);
	ret[1] = (uint8_t)((tm.tm_year + 1900) & 0xff);
	ret[2] = (uint8_t)(tm.tm_mon + 1);
	ret[3] = (uint8_t)tm.tm_mday;
	ret[4] = (uint8_t)tm.tm_hour;
	ret[5] = (uint8_t)tm.tm_min;
	/* DateAndTime stops at 60: a leap second is the only 60 there is */
	ret[6] = (uint8_t)(tm.tm_sec > 60 ? 60 : tm.tm_sec);
	ret[7] = (uint8_t)(ts->tv_nsec / 100000000);
	ret[8] = '+';
	ret[9] = 0;
	ret[10] = 0;
	return 0;
}

/* The host-level scalar that mirrors a column of the active daemon's row. */
static int
host_column(int scalar)
{
	switch (scalar) {
	case MIB_AGENT_HOST_SYNC_REASON:
		return MIB_DAEMON_SYNC_REASON;
	case MIB_AGENT_HOST_SYNC_REASON_TEXT:
		return MIB_DAEMON_SYNC_REASON_TEXT;
	case MIB_AGENT_HOST_SOURCE_NAME:
		return MIB_DAEMON_SOURCE_NAME;
	case MIB_AGENT_HOST_OFFSET:
		return MIB_DAEMON_OFFSET;
	case MIB_AGENT_HOST_LAST_SYNC_AGE:
		return MIB_DAEMON_LAST_SYNC_AGE;
	}
	return 0;
}

static int
host_value(const struct snapshot *c, int scalar, time_t now, struct mib_value *ret)
{
	enum daemon_type active = c->host.active;

	if (!c->refreshed)
		return -ENOENT;
	if (active)
		return mib_daemon_value(
		    &c->daemons[active], host_column(scalar), now, ret);
	/* no row to read: only the reason can be told, and it is this one */
	if (scalar == MIB_AGENT_HOST_SYNC_REASON)
		return integer(ret, REASON_DAEMON_NOT_RUNNING);
	if (scalar == MIB_AGENT_HOST_SYNC_REASON_TEXT)
		return text(ret,
		    "no time daemon runs on this host: nothing keeps "
		    "the clock synchronised");
	return -ENOENT;
}

int
mib_agent_value(const struct snapshot *c, int scalar, time_t now, struct mib_value *ret)
{
	memset(ret, 0, sizeof(*ret));
	switch (scalar) {
	case MIB_AGENT_VERSION:
		return text(ret, PACKAGE_VERSION);
	case MIB_AGENT_REFRESH_INTERVAL:
		return unsigned32(ret, c->refresh_s);
	case MIB_AGENT_DATA_AGE:
		return c->refreshed ? unsigned32(ret, age_s(now, c->refreshed_at)) :
				      -ENOENT;
	case MIB_AGENT_HOST_SYNC_STATUS:
		return integer(ret, c->refreshed ? c->host.sync : SYNC_UNKNOWN);
	case MIB_AGENT_ACTIVE_DAEMON:
		return c->refreshed ? integer(ret, c->host.active) : -ENOENT;
	case MIB_AGENT_DAEMONS_ACTIVE:
		return c->refreshed ? unsigned32(ret, c->host.daemons_active) : -ENOENT;
	case MIB_AGENT_OFFSET_THRESHOLD:
		return unsigned32(ret, c->offset_threshold_ms * 1000u);
	case MIB_AGENT_HOST_SYNC_REASON:
	case MIB_AGENT_HOST_SYNC_REASON_TEXT:
	case MIB_AGENT_HOST_SOURCE_NAME:
	case MIB_AGENT_HOST_OFFSET:
	case MIB_AGENT_HOST_LAST_SYNC_AGE:
		return host_value(c, scalar, now, ret);
	}
	return -ENOENT;
}

static void
refid_text(uint32_t ref_id, char buf[9])
{
	snprintf(buf, 9, "%08X", (unsigned)ref_id);
}

int
mib_daemon_value(
    const struct daemon_status *d, int column, time_t now, struct mib_value *ret)
{
	const bool t = d->has_tracking;
	char buf[32];

	memset(ret, 0, sizeof(*ret));
	switch (column) {
	case MIB_DAEMON_NAME:
		return text(ret, daemon_name(d->type));
	case MIB_DAEMON_STATE:
		return d->state ? integer(ret, d->state) : -ENOENT;
	case MIB_DAEMON_SYNC_STATUS:
		return d->sync ? integer(ret, d->sync) : -ENOENT;
	case MIB_DAEMON_SYNC_REASON:
		return d->reason ? integer(ret, d->reason) : -ENOENT;
	case MIB_DAEMON_SYNC_REASON_TEXT:
		return known_text(ret, d->reason_text);
	case MIB_DAEMON_SOURCE_NAME:
		return t ? known_text(ret, d->source_name) : -ENOENT;
	case MIB_DAEMON_SOURCE_ADDRESS:
		return t ? known_text(ret, d->source_address) : -ENOENT;
	case MIB_DAEMON_REF_ID:
		if (!t || d->ref_id == 0)
			return -ENOENT;
		refid_text(d->ref_id, buf);
		return text(ret, buf);
	case MIB_DAEMON_STRATUM:
		return t && d->stratum ? unsigned32(ret, d->stratum) : -ENOENT;
	case MIB_DAEMON_OFFSET:
		return t && d->has_offset ? integer(ret, usec_i32(d->offset_s)) :
					    -ENOENT;
	case MIB_DAEMON_LAST_OFFSET:
		return t && d->has_offset_stats ?
		    integer(ret, usec_i32(d->last_offset_s)) :
		    -ENOENT;
	case MIB_DAEMON_RMS_OFFSET:
		return t && d->has_offset_stats ?
		    unsigned32(ret, usec_u32(d->rms_offset_s)) :
		    -ENOENT;
	case MIB_DAEMON_OFFSET_TEXT:
		if (!t || !d->has_offset)
			return -ENOENT;
		snprintf(buf, sizeof(buf), "%+.9f", d->offset_s);
		return text(ret, buf);
	case MIB_DAEMON_LAST_SYNC:
		if (!t || !d->has_ref_time ||
		    mib_date_and_time(&d->ref_time, (uint8_t *)ret->octets) < 0)
			return -ENOENT;
		ret->type = ASN_OCTET_STR;
		ret->len = 11;
		return 0;
	case MIB_DAEMON_LAST_SYNC_AGE:
		return t && d->has_ref_time ?
		    unsigned32(ret, age_s(now, d->ref_time.tv_sec)) :
		    -ENOENT;
	case MIB_DAEMON_ROOT_DELAY:
		return t && !d->no_root_figures ?
		    unsigned32(ret, usec_u32(d->root_delay_s)) :
		    -ENOENT;
	case MIB_DAEMON_ROOT_DISPERSION:
		return t && !d->no_root_figures ?
		    unsigned32(ret, usec_u32(d->root_dispersion_s)) :
		    -ENOENT;
	case MIB_DAEMON_FREQUENCY:
		/* ppm to ppb is the same scaling as seconds to microseconds / 1000 */
		return t && d->has_freq ? integer(ret, usec_i32(d->freq_ppm / 1000.0)) :
					  -ENOENT;
	case MIB_DAEMON_LEAP_STATUS:
		return t && d->leap ? integer(ret, d->leap) : -ENOENT;
	case MIB_DAEMON_POLL_INTERVAL:
		if (!d->has_poll)
			return -ENOENT;
		return unsigned32(ret,
		    d->poll_log2 < 0	  ? 0 :
			d->poll_log2 > 31 ? UINT32_MAX :
					    1u << d->poll_log2);
	case MIB_DAEMON_SOURCES_TOTAL:
		return d->has_sources ? unsigned32(ret, d->n_sources) : -ENOENT;
	case MIB_DAEMON_SOURCES_REACHABLE:
		return d->has_sources ? unsigned32(ret, status_reachable_sources(d)) :
					-ENOENT;
	}
	return -ENOENT;
}

int
mib_source_value(const struct source_status *s, int column, struct mib_value *ret)
{
	memset(ret, 0, sizeof(*ret));
	switch (column) {
	case MIB_SRC_NAME:
		return known_text(ret, s->name[0] ? s->name : s->address);
	case MIB_SRC_ADDRESS:
		return known_text(ret, s->address);
	case MIB_SRC_MODE:
		return s->mode ? integer(ret, s->mode) : -ENOENT;
	case MIB_SRC_STATE:
		return s->state ? integer(ret, s->state) : -ENOENT;
	case MIB_SRC_STRATUM:
		/* chronyd reports 0 until the first reply */
		return s->stratum ? unsigned32(ret, s->stratum) : -ENOENT;
	case MIB_SRC_POLL:
		return s->has_poll ? integer(ret, s->poll_log2) : -ENOENT;
	case MIB_SRC_REACH:
		return s->has_reach ? unsigned32(ret, s->reach) : -ENOENT;
	case MIB_SRC_LAST_RX_AGE:
		return s->has_last_rx ? unsigned32(ret, s->last_rx_age_s) : -ENOENT;
	case MIB_SRC_OFFSET:
		return s->has_sample ? integer(ret, usec_i32(s->offset_s)) : -ENOENT;
	case MIB_SRC_ERROR:
		return s->has_sample ? unsigned32(ret, usec_u32(s->error_s)) : -ENOENT;
	case MIB_SRC_REPLY_LEAP:
		return s->has_reply && s->reply_leap ? integer(ret, s->reply_leap) :
						       -ENOENT;
	case MIB_SRC_REPLY_STRATUM:
		return s->has_reply ? unsigned32(ret, s->reply_stratum) : -ENOENT;
	case MIB_SRC_KISS_CODE:
		return s->has_reply ? known_text(ret, s->kiss_code) : -ENOENT;
	}
	return -ENOENT;
}

int
mib_kernel_value(const struct kernel_time *k, int scalar, struct mib_value *ret)
{
	memset(ret, 0, sizeof(*ret));
	if (!k->valid)
		return -ENOENT;
	switch (scalar) {
	case MIB_KERNEL_SYNCED:
		/* TruthValue */
		return integer(ret, k->synced ? 1 : 2);
	case MIB_KERNEL_MAX_ERROR:
		return unsigned32(ret, k->maxerror_us);
	case MIB_KERNEL_EST_ERROR:
		return unsigned32(ret, k->esterror_us);
	case MIB_KERNEL_OFFSET:
		return integer(ret, usec_i32(k->offset_s));
	case MIB_KERNEL_STATUS:
		return unsigned32(ret, k->status);
	}
	return -ENOENT;
}
