/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The value of each NTPv4-MIB (RFC 5907) object, computed from the snapshot:
 * which daemon is "the NTP entity", its mode, the RFC's display strings, and
 * association ids that stay the same for the same source. Pure; the SNMP
 * handlers in ntpv4_mib.c only copy what these return.
 */
#ifndef SCOUT_NTPV4_VALUES_H
#define SCOUT_NTPV4_VALUES_H

#include <stdint.h>
#include <time.h>

#include "mib_values.h"
#include "ntpv4_oids.h"
#include "snapshot.h"

/* ntpEntStatusCurrentMode */
enum ntpv4_mode {
	NTPV4_MODE_NOT_RUNNING = 1,
	NTPV4_MODE_NOT_SYNCHRONIZED = 2,
	NTPV4_MODE_NONE_CONFIGURED = 3,
	NTPV4_MODE_SYNC_TO_LOCAL = 4,
	NTPV4_MODE_SYNC_TO_REFCLOCK = 5,
	NTPV4_MODE_SYNC_TO_REMOTE_SERVER = 6,
	NTPV4_MODE_UNKNOWN = 99,
};

/* ntpAssocId is 1..99999; ids are kept for this many distinct sources. */
#define NTPV4_ASSOC_ID_MAX 99999u
#define NTPV4_ASSOC_MAP_MAX 256u
#define NTPV4_ASSOC_KEY_MAX (STATUS_ADDR_MAX + STATUS_NAME_MAX)

/*
 * Which source has which ntpAssocId. An id is a hash of the source's address
 * (its name when it has none), so the same source gets the same id after a
 * refresh, a restart of the daemon and a restart of the agent; a collision
 * moves the later key to the next free id, and the map remembers it.
 */
struct ntpv4_assoc_map {
	struct ntpv4_assoc_entry {
		char key[NTPV4_ASSOC_KEY_MAX];
		uint32_t id;
		unsigned last_used; /* the generation that last saw it */
	} entries[NTPV4_ASSOC_MAP_MAX];
	unsigned n;
	unsigned generation;
};

/* What the handlers and the notifications need beside the snapshot. */
struct ntpv4_context {
	const struct snapshot *s;
	const struct daemon_status *entity; /* NULL: no daemon at all */
	const uint32_t *ids;		    /* ids[i]: source i of entity */
	unsigned n_ids;
	unsigned heartbeat_s;	 /* ntpEntHeartbeatInterval */
	unsigned notif_bits;	 /* 1 << enum ntpv4_notification */
	uint32_t notifications;	 /* ntpEntStatusNotifications */
	const char *system_type; /* ntpEntSystemType, "" when unknown */
	long resolution_ns;	 /* of CLOCK_REALTIME; 0 when unknown */
	struct timespec now;	 /* CLOCK_REALTIME, for ntpEntStatusDateTime */
};

/* The daemon NTPv4-MIB describes: the one running the clock, else the first
 * running one, else the first with a row; NULL when there is none. */
const struct daemon_status *ntpv4_entity(const struct snapshot *s);
enum ntpv4_mode ntpv4_mode(const struct daemon_status *d);
/* ntpEntStatusStratum: the daemon's own, 16 when it has none. */
unsigned ntpv4_stratum(const struct daemon_status *d);

/* The key a source is known by in the map; "" for a source with neither. */
void ntpv4_assoc_key(const struct source_status *src, char ret[NTPV4_ASSOC_KEY_MAX]);
/* The hash an id starts from, 1..NTPV4_ASSOC_ID_MAX. */
uint32_t ntpv4_assoc_hash(const char *key);
/* Fills ids[0..d->n_sources-1]; a source without a key gets 0 (no row). */
void ntpv4_assoc_ids(struct ntpv4_assoc_map *map, const struct daemon_status *d,
    uint32_t *ids, unsigned max_ids);
/* The index of the source with this id in ctx's entity, or -1. */
long ntpv4_source_of_id(const struct ntpv4_context *ctx, uint32_t id);

/* "%.3f ms" in NTP's sign (positive: the reference is ahead of this host). */
void ntpv4_offset_text(double local_ahead_s, char *buf, size_t size);
/* NtpDateTime: era, era offset, 64-bit fraction, all big-endian. */
void ntpv4_date_time(const struct timespec *ts, uint8_t ret[16]);
/* When a leap second announced during the month of now takes effect: the
 * first second of the next month, UTC. */
time_t ntpv4_leap_time(time_t now);

/* Each returns 0 and fills *ret, or -ENOENT when the value is not known.
 * ret->type is the ASN type the MIB gives the object. */
int ntpv4_info_value(
    const struct ntpv4_context *ctx, int scalar, struct mib_value *ret);
int ntpv4_status_value(
    const struct ntpv4_context *ctx, int scalar, struct mib_value *ret);
int ntpv4_control_value(
    const struct ntpv4_context *ctx, int scalar, struct mib_value *ret);
int ntpv4_assoc_value(
    const struct ntpv4_context *ctx, long source, int column, struct mib_value *ret);
int ntpv4_assoc_stat_value(
    const struct ntpv4_context *ctx, long source, int column, struct mib_value *ret);

#endif
