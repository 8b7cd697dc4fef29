/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * NTPv4-MIB values from the snapshot (see ntpv4_values.h). Display strings
 * follow the RFC's examples: offsets as "0.032 ms" in NTP's sign (RFC 5905:
 * the server's time minus this host's), dispersion in milliseconds without a
 * unit ("6.927"), like ntpd's own variables.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <arpa/inet.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "daemons.h"
#include "mib_oids.h"
#include "ntpv4_values.h"

#define NTP_UNIX_EPOCH_DIFF 2208988800LL /* 1900-01-01 to 1970-01-01, s */

/* The software each daemon is, for ntpEntSoftwareName and Vendor. */
static const struct {
	const char *name, *vendor;
} software[DAEMON_TYPE_MAX + 1] = {
	[DAEMON_CHRONY] = { "chronyd", "The chrony project" },
	[DAEMON_TIMESYNCD] = { "systemd-timesyncd", "The systemd project" },
	[DAEMON_NTPD] = { "ntpd", "Network Time Foundation" },
	[DAEMON_NTPSEC] = { "ntpd (NTPsec)", "The NTPsec project" },
	[DAEMON_OPENNTPD] = { "ntpd (OpenNTPD)", "The OpenBSD project" },
};

const struct daemon_status *
ntpv4_entity(const struct snapshot *s)
{
	const struct daemon_status *first = NULL;

	if (s->host.active && snapshot_daemon(s, s->host.active))
		return snapshot_daemon(s, s->host.active);
	for (long t = 1; t <= DAEMON_TYPE_MAX; t++) {
		const struct daemon_status *d = snapshot_daemon(s, t);

		if (d && d->state == DAEMON_RUNNING)
			return d;
		if (d && !first)
			first = d;
	}
	return first;
}

static bool
refclock_selected(const struct daemon_status *d)
{
	const struct source_status *sel = status_selected_source(d);

	return sel && sel->mode == SOURCE_MODE_REFCLOCK;
}

enum ntpv4_mode
ntpv4_mode(const struct daemon_status *d)
{
	if (!d || d->state != DAEMON_RUNNING)
		return NTPV4_MODE_NOT_RUNNING;
	switch (d->sync) {
	case SYNC_SYNCHRONIZED:
		if (d->local_clock)
			return NTPV4_MODE_SYNC_TO_LOCAL;
		return refclock_selected(d) ? NTPV4_MODE_SYNC_TO_REFCLOCK :
					      NTPV4_MODE_SYNC_TO_REMOTE_SERVER;
	case SYNC_UNSYNCHRONIZED:
		if (d->reason == REASON_LOCAL_CLOCK_ONLY)
			return NTPV4_MODE_SYNC_TO_LOCAL;
		return d->reason == REASON_NO_SERVERS_CONFIGURED ?
		    NTPV4_MODE_NONE_CONFIGURED :
		    NTPV4_MODE_NOT_SYNCHRONIZED;
	default:
		return NTPV4_MODE_UNKNOWN;
	}
}

unsigned
ntpv4_stratum(const struct daemon_status *d)
{
	if (!d || d->state != DAEMON_RUNNING || d->sync != SYNC_SYNCHRONIZED ||
	    d->stratum < 1 || d->stratum > 15)
		return 16;
	return d->stratum;
}

void
ntpv4_assoc_key(const struct source_status *src, char ret[NTPV4_ASSOC_KEY_MAX])
{
	if (src->address[0])
		snprintf(ret, NTPV4_ASSOC_KEY_MAX, "%.*s", STATUS_ADDR_MAX - 1,
		    src->address);
	else if (src->name[0])
		snprintf(ret, NTPV4_ASSOC_KEY_MAX, "name:%.*s", STATUS_NAME_MAX - 1,
		    src->name);
	else
		ret[0] = '\0';
}

/* FNV-1a: small, stable across builds and machines, good enough spread. */
uint32_t
ntpv4_assoc_hash(const char *key)
{
	uint32_t h = 2166136261u;

	for (const unsigned char *p = (const unsigned char *)key; *p; p++) {
		h ^= *p;
		h *= 16777619u;
	}
	return h % NTPV4_ASSOC_ID_MAX + 1;
}

static struct ntpv4_assoc_entry *
map_find(struct ntpv4_assoc_map *map, const char *key)
{
	for (unsigned i = 0; i < map->n; i++)
		if (strcmp(map->entries[i].key, key) == 0)
			return &map->entries[i];
	return NULL;
}

static bool
id_taken(const struct ntpv4_assoc_map *map, uint32_t id)
{
	for (unsigned i = 0; i < map->n; i++)
		if (map->entries[i].id == id)
			return true;
	return false;
}

/* A slot for a new key: a free one, else the one unseen the longest. */
static struct ntpv4_assoc_entry *
map_slot(struct ntpv4_assoc_map *map)
{
	struct ntpv4_assoc_entry *oldest = NULL;

	if (map->n < NTPV4_ASSOC_MAP_MAX)
		return &map->entries[map->n++];
	for (unsigned i = 0; i < map->n; i++)
		if (map->entries[i].last_used != map->generation &&
		    (!oldest || map->entries[i].last_used < oldest->last_used))
			oldest = &map->entries[i];
	if (oldest)
		memset(oldest, 0, sizeof(*oldest));
	return oldest;
}

void
ntpv4_assoc_ids(struct ntpv4_assoc_map *map, const struct daemon_status *d,
    uint32_t *ids, unsigned max_ids)
{
	unsigned n = d && d->has_sources ? d->n_sources : 0;

	map->generation++;
	if (n > max_ids)
		n = max_ids;
	for (unsigned i = 0; i < n; i++) {
		char key[NTPV4_ASSOC_KEY_MAX];
		struct ntpv4_assoc_entry *e;
		uint32_t id;

		ids[i] = 0;
		ntpv4_assoc_key(&d->sources[i], key);
		if (!key[0])
			continue;
		e = map_find(map, key);
		if (!e) {
			/* probe from the hash: the same order on every run */
			id = ntpv4_assoc_hash(key);
			for (unsigned tries = 0; id_taken(map, id); tries++) {
				if (tries == NTPV4_ASSOC_MAP_MAX)
					break;
				id = id % NTPV4_ASSOC_ID_MAX + 1;
			}
			e = map_slot(map);
			if (!e || id_taken(map, id))
				continue;
			snprintf(e->key, sizeof(e->key), "%s", key);
			e->id = id;
		}
		/* two sources with one key (a daemon listing a server twice):
		 * the first keeps the row */
		if (e->last_used == map->generation)
			continue;
		e->last_used = map->generation;
		ids[i] = e->id;
	}
}

long
ntpv4_source_of_id(const struct ntpv4_context *ctx, uint32_t id)
{
	if (!ctx->entity || id == 0)
		return -1;
	for (unsigned i = 0; i < ctx->n_ids && i < ctx->entity->n_sources; i++)
		if (ctx->ids[i] == id)
			return (long)i;
	return -1;
}

void
ntpv4_offset_text(double local_ahead_s, char *buf, size_t size)
{
	/* NTP's offset is the reference minus this host: the other sign */
	double ms = round(-local_ahead_s * 1e6) / 1e3;

	snprintf(buf, size, "%.3f ms", ms == 0 ? 0.0 : ms); /* never "-0.000" */
}

static void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

void
ntpv4_date_time(const struct timespec *ts, uint8_t ret[16])
{
	long long ntp_s = (long long)ts->tv_sec + NTP_UNIX_EPOCH_DIFF;
	/* 2^64 * ns / 1e9, split so that nothing overflows */
	uint64_t frac = ((uint64_t)ts->tv_nsec << 32) / 1000000000u << 32;

	frac += (((uint64_t)ts->tv_nsec << 32) % 1000000000u << 32) / 1000000000u;
	put_be32(ret, (uint32_t)(ntp_s >> 32));
	put_be32(ret + 4, (uint32_t)ntp_s);
	put_be32(ret + 8, (uint32_t)(frac >> 32));
	put_be32(ret + 12, (uint32_t)frac);
}

time_t
ntpv4_leap_time(time_t now)
{
	struct tm tm;

	gmtime_r(&now, &tm);
	tm.tm_mday = 1;
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	if (++tm.tm_mon == 12) {
		tm.tm_mon = 0;
		tm.tm_year++;
	}
	return timegm(&tm);
}

static int
text(struct mib_value *ret, const char *s)
{
	size_t n = strlen(s);

	if (n > sizeof(ret->octets))
		n = sizeof(ret->octets);
	ret->type = ASN_OCTET_STR;
	memcpy(ret->octets, s, n);
	ret->len = n;
	return 0;
}

static int
octets(struct mib_value *ret, const void *p, size_t n)
{
	ret->type = ASN_OCTET_STR;
	memcpy(ret->octets, p, n);
	ret->len = n;
	return 0;
}

static int
number(struct mib_value *ret, unsigned char type, long v)
{
	ret->type = type;
	ret->integer = v;
	ret->len = 0;
	return 0;
}

static bool
running(const struct daemon_status *d)
{
	return d && d->state == DAEMON_RUNNING;
}

int
ntpv4_info_value(const struct ntpv4_context *ctx, int scalar, struct mib_value *ret)
{
	const struct daemon_status *d = ctx->entity;
	char buf[64];

	switch (scalar) {
	case NTPV4_SOFTWARE_NAME:
		return d ? text(ret, software[d->type].name) : -ENOENT;
	case NTPV4_SOFTWARE_VERSION:
		return d ?
		    mib_daemon_value(d, MIB_DAEMON_VERSION, ctx->now.tv_sec, ret) :
		    -ENOENT;
	case NTPV4_SOFTWARE_VENDOR:
		return d ? text(ret, software[d->type].vendor) : -ENOENT;
	case NTPV4_SYSTEM_TYPE:
		return ctx->system_type && ctx->system_type[0] ?
		    text(ret, ctx->system_type) :
		    -ENOENT;
	case NTPV4_TIME_RESOLUTION:
		/* divisions of a second */
		return ctx->resolution_ns > 0 ?
		    number(ret, ASN_UNSIGNED, 1000000000L / ctx->resolution_ns) :
		    -ENOENT;
	case NTPV4_TIME_PRECISION:
		/* the clock's resolution as a power of two, rounded up */
		return ctx->resolution_ns > 0 ?
		    number(
			ret, ASN_INTEGER, (long)ceil(log2(ctx->resolution_ns / 1e9))) :
		    -ENOENT;
	case NTPV4_TIME_DISTANCE:
		if (!running(d) || !d->has_tracking)
			return -ENOENT;
		/* RFC 5905's root distance, as ntpd reports it */
		snprintf(buf, sizeof(buf), "%.3f ms",
		    (d->root_delay_s / 2 + d->root_dispersion_s) * 1e3);
		return text(ret, buf);
	default:
		return -ENOENT;
	}
}

static int
date_time(struct mib_value *ret, const struct timespec *ts)
{
	uint8_t b[16];

	ntpv4_date_time(ts, b);
	return octets(ret, b, sizeof(b));
}

static int
leap_value(const struct ntpv4_context *ctx, int scalar, struct mib_value *ret)
{
	const struct daemon_status *d = ctx->entity;
	bool pending;
	struct timespec at;

	if (!running(d) || !d->has_tracking)
		return -ENOENT;
	pending = d->leap == LEAP_INSERT_SECOND || d->leap == LEAP_DELETE_SECOND;
	if (scalar == NTPV4_LEAP_SEC_DIRECTION)
		return number(ret, ASN_INTEGER,
		    !pending			      ? 0 :
			d->leap == LEAP_INSERT_SECOND ? 1 :
							-1);
	if (!pending) {
		static const uint8_t zero[16];
		return octets(ret, zero, sizeof(zero)); /* "should be 0" */
	}
	at = (struct timespec) { ntpv4_leap_time(ctx->now.tv_sec), 0 };
	return date_time(ret, &at);
}

/* A source's packets (chrony: NTP_DATA): received, sent, received but
 * failing the protocol's tests. */
static uint32_t
packets(const struct source_status *src, int which)
{
	switch (which) {
	case NTPV4_IN_PKTS:
		return src->rx_count;
	case NTPV4_OUT_PKTS:
		return src->tx_count;
	default:
		return src->rx_count > src->good_count ?
		    src->rx_count - src->good_count :
		    0;
	}
}

/* The entity's counters: the sum over its sources, known only when every
 * source's are (a partial sum would be a made-up value). Counter32 wraps. */
static int
packet_total(const struct daemon_status *d, int which, struct mib_value *ret)
{
	uint32_t sum = 0;

	if (!running(d) || !d->has_sources || d->n_sources == 0)
		return -ENOENT;
	for (unsigned i = 0; i < d->n_sources; i++) {
		if (!d->sources[i].has_reply_counts)
			return -ENOENT;
		sum += packets(&d->sources[i], which);
	}
	return number(ret, ASN_COUNTER, (long)sum);
}

int
ntpv4_status_value(const struct ntpv4_context *ctx, int scalar, struct mib_value *ret)
{
	const struct daemon_status *d = ctx->entity;
	const struct source_status *sel = d ? status_selected_source(d) : NULL;
	char buf[64];
	long i;

	switch (scalar) {
	case NTPV4_CURRENT_MODE:
		return number(ret, ASN_INTEGER, ntpv4_mode(d));
	case NTPV4_STRATUM:
		return number(ret, ASN_UNSIGNED, ntpv4_stratum(d));
	case NTPV4_ACTIVE_REF_SOURCE_ID:
		i = sel ? sel - d->sources : -1;
		return number(ret, ASN_UNSIGNED,
		    i >= 0 && (unsigned long)i < ctx->n_ids ? (long)ctx->ids[i] : 0);
	case NTPV4_ACTIVE_REF_SOURCE_NAME:
		if (!running(d) || d->sync != SYNC_SYNCHRONIZED)
			return -ENOENT;
		if (d->source_name[0])
			return text(ret, d->source_name);
		return d->source_address[0] ? text(ret, d->source_address) : -ENOENT;
	case NTPV4_ACTIVE_OFFSET:
		if (!running(d))
			return -ENOENT;
		if (d->has_offset_stats)
			ntpv4_offset_text(d->last_offset_s, buf, sizeof(buf));
		else if (d->has_offset)
			ntpv4_offset_text(d->offset_s, buf, sizeof(buf));
		else
			return -ENOENT;
		return text(ret, buf);
	case NTPV4_NUMBER_OF_REF_SOURCES:
		if (!running(d) || !d->has_sources)
			return -ENOENT;
		return number(ret, ASN_UNSIGNED, d->n_sources > 99 ? 99 : d->n_sources);
	case NTPV4_DISPERSION:
		if (!running(d) || !d->has_tracking)
			return -ENOENT;
		snprintf(buf, sizeof(buf), "%.3f", d->root_dispersion_s * 1e3);
		return text(ret, buf);
	case NTPV4_DATE_TIME:
		if (!running(d) || d->sync != SYNC_SYNCHRONIZED)
			return octets(ret, "", 0); /* "not synchronized" */
		return date_time(ret, &ctx->now);
	case NTPV4_LEAP_SECOND:
	case NTPV4_LEAP_SEC_DIRECTION:
		return leap_value(ctx, scalar, ret);
	case NTPV4_NOTIFICATIONS:
		return number(ret, ASN_COUNTER, (long)ctx->notifications);
	case NTPV4_IN_PKTS:
	case NTPV4_OUT_PKTS:
	case NTPV4_PROTOCOL_ERROR:
		return packet_total(d, scalar, ret);
	case NTPV4_ENTITY_UPTIME: /* the daemons' start is not read */
	case NTPV4_BAD_VERSION:	  /* no backend counts these */
	default:
		return -ENOENT;
	}
}

int
ntpv4_control_value(const struct ntpv4_context *ctx, int scalar, struct mib_value *ret)
{
	uint8_t bits[2] = { 0, 0 };

	switch (scalar) {
	case NTPV4_HEARTBEAT_INTERVAL:
		return number(ret, ASN_UNSIGNED, ctx->heartbeat_s);
	case NTPV4_NOTIF_BITS:
		/* BITS: bit n is the n-th bit from the top of the first octet */
		for (int n = 1; n <= NTPV4_NOTIF_MAX; n++)
			if (ctx->notif_bits & (1u << n))
				bits[n / 8] |= (uint8_t)(0x80 >> (n % 8));
		return octets(ret, bits, sizeof(bits));
	default:
		return -ENOENT;
	}
}

/* InetAddressType and InetAddress of a numeric address; false for a name. */
static bool
inet_address(const char *s, long *ret_type, uint8_t ret[16], size_t *ret_len)
{
	char buf[STATUS_ADDR_MAX];
	char *zone;

	snprintf(buf, sizeof(buf), "%s", s);
	if ((zone = strchr(buf, '%')) != NULL)
		*zone = '\0'; /* the zone's index is not known here: plain ipv6 */
	if (inet_pton(AF_INET, buf, ret) == 1) {
		*ret_type = 1; /* ipv4 */
		*ret_len = 4;
		return true;
	}
	if (inet_pton(AF_INET6, buf, ret) == 1) {
		*ret_type = 2; /* ipv6 */
		*ret_len = 16;
		return true;
	}
	return false;
}

int
ntpv4_assoc_value(
    const struct ntpv4_context *ctx, long source, int column, struct mib_value *ret)
{
	const struct source_status *src =
	    ctx->entity ? snapshot_source(ctx->s, ctx->entity->type, source) : NULL;
	uint8_t addr[16];
	size_t len;
	long type;
	char buf[64];

	if (!src)
		return -ENOENT;
	switch (column) {
	case NTPV4_ASSOC_NAME:
		return text(ret, src->name[0] ? src->name : src->address);
	case NTPV4_ASSOC_REF_ID:
		/* the refclock's driver name; other sources have none */
		return text(ret, src->mode == SOURCE_MODE_REFCLOCK ? src->name : "");
	case NTPV4_ASSOC_ADDRESS_TYPE:
	case NTPV4_ASSOC_ADDRESS:
		if (!inet_address(src->address, &type, addr, &len))
			return -ENOENT;
		if (column == NTPV4_ASSOC_ADDRESS_TYPE)
			return number(ret, ASN_INTEGER, type);
		return octets(ret, addr, len);
	case NTPV4_ASSOC_OFFSET:
		if (!src->has_sample)
			return -ENOENT;
		ntpv4_offset_text(src->offset_s, buf, sizeof(buf));
		return text(ret, buf);
	case NTPV4_ASSOC_STRATUM:
		return number(ret, ASN_UNSIGNED,
		    src->stratum >= 1 && src->stratum <= 15 ? src->stratum : 16);
	case NTPV4_ASSOC_JITTER: /* not in the facts any backend reads */
	case NTPV4_ASSOC_DELAY:
	case NTPV4_ASSOC_DISPERSION:
	default:
		return -ENOENT;
	}
}

int
ntpv4_assoc_stat_value(
    const struct ntpv4_context *ctx, long source, int column, struct mib_value *ret)
{
	const struct source_status *src =
	    ctx->entity ? snapshot_source(ctx->s, ctx->entity->type, source) : NULL;
	static const int which[] = {
		[NTPV4_ASSOC_STAT_IN_PKTS] = NTPV4_IN_PKTS,
		[NTPV4_ASSOC_STAT_OUT_PKTS] = NTPV4_OUT_PKTS,
		[NTPV4_ASSOC_STAT_PROTOCOL_ERROR] = NTPV4_PROTOCOL_ERROR,
	};

	/* only chrony's NTP_DATA (unix socket) tells them */
	if (!src || !src->has_reply_counts || column < NTPV4_ASSOC_STAT_IN_PKTS ||
	    column > NTPV4_ASSOC_STAT_MAX)
		return -ENOENT;
	return number(ret, ASN_COUNTER, (long)packets(src, which[column]));
}
