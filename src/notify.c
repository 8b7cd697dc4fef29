/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Builds each notification as snmpTrapOID.0 and the row's objects (values
 * taken from mib_values.c, so a trap says exactly what a GET would) and hands
 * it to send_v2trap(). net-snmp drops a trap silently while the master is
 * disconnected, so the agent tracks the connection itself and keeps what is
 * due until the master is back.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <string.h>
#include <time.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>
#include <net-snmp/agent/agent_callbacks.h>

#include "daemons.h"
#include "log.h"
#include "mib_oids.h"
#include "mib_values.h"
#include "notify.h"
#include "notify_rules.h"
#include "util.h"

static const oid snmp_trap_oid[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 };
static const oid notifications_oid[] = { SCOUT_NTP_NOTIFICATIONS_OID };
static const oid agent_oid[] = { SCOUT_NTP_AGENT_OID };
static const oid daemon_entry_oid[] = { SCOUT_NTP_DAEMON_TABLE_OID, 1 };

/* The objects every notification carries, in the MIB's OBJECTS order. */
static const int row_columns[] = {
	MIB_DAEMON_NAME,
	MIB_DAEMON_SYNC_STATUS,
	MIB_DAEMON_SYNC_REASON,
	MIB_DAEMON_SYNC_REASON_TEXT,
	MIB_DAEMON_SOURCE_NAME,
	MIB_DAEMON_SOURCE_ADDRESS,
	MIB_DAEMON_OFFSET,
	MIB_DAEMON_LAST_SYNC,
};

static const char *const names[] = {
	[MIB_NOTIFY_SYNC_LOST] = "scoutNtpSyncLost",
	[MIB_NOTIFY_SYNC_RESTORED] = "scoutNtpSyncRestored",
	[MIB_NOTIFY_OFFSET_HIGH] = "scoutNtpOffsetHigh",
	[MIB_NOTIFY_OFFSET_NORMAL] = "scoutNtpOffsetNormal",
	[MIB_NOTIFY_SOURCE_CHANGED] = "scoutNtpSourceChanged",
	[MIB_NOTIFY_DAEMON_CONFLICT] = "scoutNtpDaemonConflict",
	[MIB_NOTIFY_LEAP_PENDING] = "scoutNtpLeapPending",
};

static bool enabled;
static struct notify_limits limits;
static uint64_t started_us;
static struct daemon_watch watches[DAEMON_TYPE_MAX + 1];
static struct host_watch host;

static bool connected;
static netsnmp_variable_list *queue[NOTIFY_QUEUE_MAX];
static unsigned queue_head, queue_len, dropped;

static void
add_value(netsnmp_variable_list **vl, const oid *name, size_t len, int r,
    const struct mib_value *v)
{
	if (r < 0) {
		/* unknown: as a GET would answer, never a made-up value */
		snmp_varlist_add_variable(vl, name, len, SNMP_NOSUCHINSTANCE, NULL, 0);
	} else if (v->type == ASN_OCTET_STR) {
		snmp_varlist_add_variable(
		    vl, name, len, ASN_OCTET_STR, v->octets, v->len);
	} else if (v->type == ASN_UNSIGNED) {
		u_long u = (u_long)v->integer;
		snmp_varlist_add_variable(vl, name, len, ASN_UNSIGNED, &u, sizeof(u));
	} else {
		long i = v->integer;
		snmp_varlist_add_variable(vl, name, len, ASN_INTEGER, &i, sizeof(i));
	}
}

static void
add_column(
    netsnmp_variable_list **vl, const struct daemon_status *d, int column, time_t now)
{
	oid name[OID_LENGTH(daemon_entry_oid) + 2];
	struct mib_value v;
	int r;

	memcpy(name, daemon_entry_oid, sizeof(daemon_entry_oid));
	name[OID_LENGTH(daemon_entry_oid)] = (oid)column;
	name[OID_LENGTH(daemon_entry_oid) + 1] = (oid)d->type;
	r = mib_daemon_value(d, column, now, &v);
	add_value(vl, name, OID_LENGTH(name), r, &v);
}

static void
add_scalar(netsnmp_variable_list **vl, const struct snapshot *c, int scalar, time_t now)
{
	oid name[OID_LENGTH(agent_oid) + 2];
	struct mib_value v;
	int r;

	memcpy(name, agent_oid, sizeof(agent_oid));
	name[OID_LENGTH(agent_oid)] = (oid)scalar;
	name[OID_LENGTH(agent_oid) + 1] = 0;
	r = mib_agent_value(c, scalar, now, &v);
	add_value(vl, name, OID_LENGTH(name), r, &v);
}

netsnmp_variable_list *
notify_build(
    enum mib_notification n, const struct snapshot *c, const struct daemon_status *d)
{
	oid trap[OID_LENGTH(notifications_oid) + 1];
	netsnmp_variable_list *vl = NULL;
	time_t now = time(NULL);

	memcpy(trap, notifications_oid, sizeof(notifications_oid));
	trap[OID_LENGTH(notifications_oid)] = (oid)n;
	snmp_varlist_add_variable(&vl, snmp_trap_oid, OID_LENGTH(snmp_trap_oid),
	    ASN_OBJECT_ID, trap, sizeof(trap));
	if (n == MIB_NOTIFY_DAEMON_CONFLICT) {
		add_scalar(&vl, c, MIB_AGENT_DAEMONS_ACTIVE, now);
		add_scalar(&vl, c, MIB_AGENT_ACTIVE_DAEMON, now);
	}
	for (size_t i = 0; i < ELEMENTSOF(row_columns); i++)
		add_column(&vl, d, row_columns[i], now);
	if (n == MIB_NOTIFY_OFFSET_HIGH || n == MIB_NOTIFY_OFFSET_NORMAL) {
		add_column(&vl, d, MIB_DAEMON_OFFSET_TEXT, now);
		add_scalar(&vl, c, MIB_AGENT_OFFSET_THRESHOLD, now);
	}
	if (n == MIB_NOTIFY_LEAP_PENDING)
		add_column(&vl, d, MIB_DAEMON_LEAP_STATUS, now);
	return vl;
}

static void
enqueue(netsnmp_variable_list *vl)
{
	if (queue_len == NOTIFY_QUEUE_MAX) {
		snmp_free_varbind(queue[queue_head]);
		queue_head = (queue_head + 1) % NOTIFY_QUEUE_MAX;
		queue_len--;
		dropped++;
	}
	queue[(queue_head + queue_len) % NOTIFY_QUEUE_MAX] = vl;
	queue_len++;
}

static void
flush(unsigned int reg, void *clientarg)
{
	if (!connected)
		return;
	if (dropped)
		log_warnx(
		    "dropped the %u oldest notifications while snmpd was away (queue of %u)",
		    dropped, NOTIFY_QUEUE_MAX);
	if (queue_len)
		log_info("snmpd is back: sending %u delayed notifications", queue_len);
	dropped = 0;
	while (queue_len) {
		netsnmp_variable_list *vl = queue[queue_head];
		queue_head = (queue_head + 1) % NOTIFY_QUEUE_MAX;
		queue_len--;
		send_v2trap(vl);
		snmp_free_varbind(vl);
	}
}

static void
emit(enum mib_notification n, const struct snapshot *c, const struct daemon_status *d)
{
	netsnmp_variable_list *vl;

	log_notice("%s: %s (%s)", daemon_name(d->type), names[n],
	    connected && queue_len == 0 ? "sent" : "queued until snmpd is back");
	vl = notify_build(n, c, d);
	if (vl)
		notify_send(vl);
}

void
notify_send(netsnmp_variable_list *vl)
{
	/* behind what is still queued, so the receiver sees them in order */
	if (connected && queue_len == 0) {
		send_v2trap(vl);
		snmp_free_varbind(vl);
	} else
		enqueue(vl);
}

bool
notify_connected(void)
{
	return connected && queue_len == 0;
}

static int
master_up(int major, int minor, void *serverarg, void *clientarg)
{
	struct timeval soon = { 0, 100000 };

	connected = true;
	/* after the registrations of this connect have gone out */
	snmp_alarm_register_hr(soon, 0, flush, NULL);
	return 0;
}

static int
master_down(int major, int minor, void *serverarg, void *clientarg)
{
	connected = false;
	return 0;
}

void
notify_init(const struct conf *conf)
{
	enabled = conf->traps;
	limits.loss_holdoff = conf->loss_holdoff;
	limits.restore_holdoff = conf->restore_holdoff;
	limits.startup_grace_s = conf->startup_grace_s;
	limits.offset_threshold_s = conf->offset_threshold_ms / 1000.0;
	started_us = monotonic_us();
	snmp_register_callback(
	    SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_START, master_up, NULL);
	snmp_register_callback(
	    SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_STOP, master_down, NULL);
}

void
notify_update(const struct snapshot *c)
{
	double since_start_s = (monotonic_us() - started_us) / 1e6;
	const struct daemon_status *first_running = NULL;

	for (int t = 1; t <= DAEMON_TYPE_MAX; t++) {
		const struct daemon_status *d = &c->daemons[t];
		unsigned events;

		if (!c->present[t])
			continue;
		if (!first_running && d->state == DAEMON_RUNNING)
			first_running = d;
		events = notify_rules_daemon(
		    &watches[t], d, c->configured[t], &limits, since_start_s);
		if (!enabled)
			continue;
		for (int n = 1; n <= MIB_NOTIFY_MAX; n++)
			if (events & (1u << n))
				emit((enum mib_notification)n, c, d);
	}
	if (notify_rules_conflict(&host, c->host.daemons_active, &limits) && enabled &&
	    first_running)
		emit(MIB_NOTIFY_DAEMON_CONFLICT, c, first_running);
}

void
notify_fini(void)
{
	while (queue_len) {
		snmp_free_varbind(queue[queue_head]);
		queue_head = (queue_head + 1) % NOTIFY_QUEUE_MAX;
		queue_len--;
	}
	snmp_unregister_callback(
	    SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_START, master_up, NULL, 1);
	snmp_unregister_callback(
	    SNMP_CALLBACK_APPLICATION, SNMPD_CALLBACK_INDEX_STOP, master_down, NULL, 1);
}
