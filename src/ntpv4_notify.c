/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * NTPv4-MIB notifications. The decisions are notify_rules.c's, run over the
 * daemon NTPv4-MIB describes with the configured holdoffs: a held loss or
 * recovery is ntpEntNotifModeChange, a held source change
 * ntpEntNotifSyspeerChanged, a leap announcement
 * ntpEntNotifLeapSecondAnnounced. A stratum change must hold for
 * restoreHoldoff refreshes, an association's removal for lossHoldoff ones.
 * Each carries the objects the MIB lists, as a GET would answer them, and an
 * ntpEntNotifMessage that says what happened.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "daemons.h"
#include "log.h"
#include "notify.h"
#include "notify_rules.h"
#include "ntpv4_mib.h"
#include "ntpv4_notify.h"
#include "ntpv4_oids.h"
#include "ntpv4_values.h"
#include "util.h"

#define MAX_TRACKED 512 /* associations whose comings and goings are told */

static const oid snmp_trap_oid[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 };
static const oid notifications_oid[] = { NTPV4_NOTIFICATIONS_OID };
static const oid status_oid[] = { NTPV4_ENT_STATUS_OID };
static const oid control_oid[] = { NTPV4_ENT_CONTROL_OID };
static const oid assoc_entry_oid[] = { NTPV4_ASSOC_TABLE_OID, 1 };
static const oid message_oid[] = { NTPV4_NOTIF_OBJECTS_OID, NTPV4_NOTIF_MESSAGE, 0 };

static const char *const names[] = {
	[NTPV4_NOTIF_MODE_CHANGE] = "ntpEntNotifModeChange",
	[NTPV4_NOTIF_STRATUM_CHANGE] = "ntpEntNotifStratumChange",
	[NTPV4_NOTIF_SYSPEER_CHANGED] = "ntpEntNotifSyspeerChanged",
	[NTPV4_NOTIF_ADD_ASSOCIATION] = "ntpEntNotifAddAssociation",
	[NTPV4_NOTIF_REMOVE_ASSOCIATION] = "ntpEntNotifRemoveAssociation",
	[NTPV4_NOTIF_CONFIG_CHANGED] = "ntpEntNotifConfigChanged",
	[NTPV4_NOTIF_LEAP_SECOND_ANNOUNCED] = "ntpEntNotifLeapSecondAnnounced",
	[NTPV4_NOTIF_HEARTBEAT] = "ntpEntNotifHeartbeat",
};

static unsigned wanted; /* 1 << enum ntpv4_notification */
static unsigned heartbeat_s;
static unsigned heartbeat_alarm;
static struct notify_limits limits;
static uint64_t started_us;
static struct daemon_watch watches[DAEMON_TYPE_MAX + 1];

static bool stratum_known;
static unsigned stratum, stratum_candidate, stratum_streak;

/* The associations last seen, to tell which came and went. */
static struct tracked {
	uint32_t id;
	unsigned missing; /* refreshes in a row without it */
	char name[STATUS_NAME_MAX];
} tracked[MAX_TRACKED];
static unsigned n_tracked;
static bool tracked_known;

static void
add_mib_value(netsnmp_variable_list **vl, const oid *name, size_t len, int r,
    const struct mib_value *v)
{
	u_long u;

	if (r < 0) {
		snmp_varlist_add_variable(vl, name, len, SNMP_NOSUCHINSTANCE, NULL, 0);
		return;
	}
	switch (v->type) {
	case ASN_OCTET_STR:
		snmp_varlist_add_variable(
		    vl, name, len, ASN_OCTET_STR, v->octets, v->len);
		break;
	case ASN_UNSIGNED:
	case ASN_COUNTER:
	case ASN_TIMETICKS:
		u = (u_long)v->integer;
		snmp_varlist_add_variable(vl, name, len, v->type, &u, sizeof(u));
		break;
	default: {
		long i = v->integer;
		snmp_varlist_add_variable(vl, name, len, ASN_INTEGER, &i, sizeof(i));
	}
	}
}

static void
add_scalar(netsnmp_variable_list **vl, const struct ntpv4_context *ctx,
    const oid *group, size_t group_len, int scalar)
{
	oid name[MAX_OID_LEN];
	struct mib_value v;
	int r;

	memcpy(name, group, group_len * sizeof(oid));
	name[group_len] = (oid)scalar;
	name[group_len + 1] = 0;
	r = group == control_oid ? ntpv4_control_value(ctx, scalar, &v) :
				   ntpv4_status_value(ctx, scalar, &v);
	add_mib_value(vl, name, group_len + 2, r, &v);
}

static void
add_text(netsnmp_variable_list **vl, const oid *name, size_t len, const char *s)
{
	snmp_varlist_add_variable(vl, name, len, ASN_OCTET_STR, s, strlen(s));
}

/* Builds and sends notification n; assoc_name is for Add/RemoveAssociation. */
static void
emit(enum ntpv4_notification n, uint32_t assoc_id, const char *assoc_name,
    const char *message)
{
	oid trap[OID_LENGTH(notifications_oid) + 1];
	netsnmp_variable_list *vl = NULL;
	struct ntpv4_context ctx;

	if (!(wanted & (1u << n)))
		return;
	ntpv4_mib_context(&ctx);
	memcpy(trap, notifications_oid, sizeof(notifications_oid));
	trap[OID_LENGTH(notifications_oid)] = (oid)n;
	snmp_varlist_add_variable(&vl, snmp_trap_oid, OID_LENGTH(snmp_trap_oid),
	    ASN_OBJECT_ID, trap, sizeof(trap));
	if (n == NTPV4_NOTIF_MODE_CHANGE) {
		add_scalar(
		    &vl, &ctx, status_oid, OID_LENGTH(status_oid), NTPV4_CURRENT_MODE);
	} else {
		add_scalar(
		    &vl, &ctx, status_oid, OID_LENGTH(status_oid), NTPV4_DATE_TIME);
		if (n == NTPV4_NOTIF_STRATUM_CHANGE)
			add_scalar(&vl, &ctx, status_oid, OID_LENGTH(status_oid),
			    NTPV4_STRATUM);
		if (n == NTPV4_NOTIF_SYSPEER_CHANGED)
			add_scalar(&vl, &ctx, status_oid, OID_LENGTH(status_oid),
			    NTPV4_ACTIVE_REF_SOURCE_ID);
		if (n == NTPV4_NOTIF_ADD_ASSOCIATION ||
		    n == NTPV4_NOTIF_REMOVE_ASSOCIATION) {
			oid name[OID_LENGTH(assoc_entry_oid) + 2];

			memcpy(name, assoc_entry_oid, sizeof(assoc_entry_oid));
			name[OID_LENGTH(assoc_entry_oid)] = NTPV4_ASSOC_NAME;
			name[OID_LENGTH(assoc_entry_oid) + 1] = assoc_id;
			add_text(&vl, name, OID_LENGTH(name), assoc_name);
		}
		if (n == NTPV4_NOTIF_HEARTBEAT) {
			add_scalar(&vl, &ctx, status_oid, OID_LENGTH(status_oid),
			    NTPV4_CURRENT_MODE);
			add_scalar(&vl, &ctx, control_oid, OID_LENGTH(control_oid),
			    NTPV4_HEARTBEAT_INTERVAL);
		}
		add_text(&vl, message_oid, OID_LENGTH(message_oid), message);
	}
	if (!vl)
		return;
	log_notice("%s: %s (%s)", names[n], message,
	    notify_connected() ? "sent" : "queued until snmpd is back");
	ntpv4_mib_count_notification();
	notify_send(vl);
}

static void
heartbeat(unsigned int reg, void *clientarg)
{
	emit(NTPV4_NOTIF_HEARTBEAT, 0, NULL, "heartbeat");
}

void
ntpv4_notify_init(const struct conf *conf)
{
	wanted = conf->traps ? conf->ntpv4_notifications : 0;
	heartbeat_s = conf->ntpv4_heartbeat_s;
	limits.loss_holdoff = conf->loss_holdoff;
	limits.restore_holdoff = conf->restore_holdoff;
	limits.startup_grace_s = conf->startup_grace_s;
	limits.offset_threshold_s = conf->offset_threshold_ms / 1000.0;
	started_us = monotonic_us();
	if (wanted & (1u << NTPV4_NOTIF_HEARTBEAT))
		/* interval 0: once, as the MIB says */
		heartbeat_alarm = snmp_alarm_register(heartbeat_s ? heartbeat_s : 1,
		    heartbeat_s ? SA_REPEAT : 0, heartbeat, NULL);
}

static void
track_stratum(const struct daemon_status *d)
{
	unsigned now = ntpv4_stratum(d);
	char msg[64];

	if (!stratum_known) {
		stratum_known = true;
		stratum = now;
		return;
	}
	if (now == stratum) {
		stratum_streak = 0;
		return;
	}
	if (now != stratum_candidate)
		stratum_streak = 0;
	stratum_candidate = now;
	if (++stratum_streak < limits.restore_holdoff)
		return;
	snprintf(msg, sizeof(msg), "stratum changed from %u to %u", stratum, now);
	stratum = now;
	stratum_streak = 0;
	emit(NTPV4_NOTIF_STRATUM_CHANGE, 0, NULL, msg);
}

static struct tracked *
find_tracked(uint32_t id)
{
	for (unsigned i = 0; i < n_tracked; i++)
		if (tracked[i].id == id)
			return &tracked[i];
	return NULL;
}

static void
track_associations(const struct ntpv4_context *ctx)
{
	const struct daemon_status *d = ctx->entity;
	char msg[STATUS_NAME_MAX + 32];

	for (unsigned i = 0; i < n_tracked; i++)
		tracked[i].missing++;
	for (unsigned i = 0; i < ctx->n_ids; i++) {
		const struct source_status *src = &d->sources[i];
		const char *name = src->name[0] ? src->name : src->address;
		struct tracked *t;

		if (!ctx->ids[i])
			continue;
		if ((t = find_tracked(ctx->ids[i])) != NULL) {
			t->missing = 0;
			continue;
		}
		if (n_tracked == MAX_TRACKED)
			continue;
		t = &tracked[n_tracked++];
		*t = (struct tracked) { .id = ctx->ids[i] };
		snprintf(t->name, sizeof(t->name), "%s", name);
		if (tracked_known) {
			snprintf(msg, sizeof(msg), "association %s mobilized", name);
			emit(NTPV4_NOTIF_ADD_ASSOCIATION, t->id, t->name, msg);
		}
	}
	for (unsigned i = 0; i < n_tracked;) {
		if (tracked[i].missing < limits.loss_holdoff) {
			i++;
			continue;
		}
		snprintf(
		    msg, sizeof(msg), "association %s demobilized", tracked[i].name);
		emit(NTPV4_NOTIF_REMOVE_ASSOCIATION, tracked[i].id, tracked[i].name,
		    msg);
		tracked[i] = tracked[--n_tracked];
	}
	tracked_known = true;
}

void
ntpv4_notify_update(const struct snapshot *s)
{
	double since_start_s = (monotonic_us() - started_us) / 1e6;
	struct ntpv4_context ctx;
	const struct daemon_status *d;
	char msg[STATUS_NAME_MAX + 64];
	unsigned events;

	ntpv4_mib_context(&ctx);
	d = ctx.entity;
	if (!d)
		return;
	events = notify_rules_daemon(
	    &watches[d->type], d, s->configured[d->type], &limits, since_start_s);
	if (events & (NOTIFY_SYNC_LOST | NOTIFY_SYNC_RESTORED)) {
		snprintf(msg, sizeof(msg), "%s: %s", daemon_name(d->type),
		    events & NOTIFY_SYNC_RESTORED ? "synchronised" :
						    "not synchronised");
		emit(NTPV4_NOTIF_MODE_CHANGE, 0, NULL, msg);
	}
	if (events & NOTIFY_SOURCE_CHANGED) {
		snprintf(msg, sizeof(msg), "syspeer is now %s",
		    d->source_name[0] ? d->source_name : d->source_address);
		emit(NTPV4_NOTIF_SYSPEER_CHANGED, 0, NULL, msg);
	}
	if (events & NOTIFY_LEAP_PENDING)
		emit(NTPV4_NOTIF_LEAP_SECOND_ANNOUNCED, 0, NULL,
		    d->leap == LEAP_DELETE_SECOND ? "leap second to be deleted" :
						    "leap second to be inserted");
	track_stratum(d);
	track_associations(&ctx);
}

void
ntpv4_notify_fini(void)
{
	if (heartbeat_alarm)
		snmp_alarm_unregister(heartbeat_alarm);
	heartbeat_alarm = 0;
}
