/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The notification builder: the varbinds of every notification, in the MIB's
 * OBJECTS order, each as a GET of the same snapshot would answer it (values
 * that are not known travel as noSuchInstance, never as a made-up 0).
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <string.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "mib_oids.h"
#include "notify.h"
#include "unit.h"
#include "verdict.h"

static const oid trap_oid[] = { 1, 3, 6, 1, 6, 3, 1, 1, 4, 1, 0 };
static const oid notifications[] = { SCOUT_NTP_NOTIFICATIONS_OID };
static const oid agent[] = { SCOUT_NTP_AGENT_OID };
static const oid entry[] = { SCOUT_NTP_DAEMON_TABLE_OID, 1 };

static struct snapshot snap;
static struct source_status source;

static void
setup(void)
{
	struct daemon_status *d = &snap.daemons[DAEMON_CHRONY];

	memset(&snap, 0, sizeof(snap));
	memset(&source, 0, sizeof(source));
	snap.refreshed = true;
	snap.refreshed_at = 1795675040;
	snap.offset_threshold_ms = 100;
	snap.present[DAEMON_CHRONY] = true;
	d->type = DAEMON_CHRONY;
	d->state = DAEMON_RUNNING;
	d->has_tracking = true;
	snprintf(d->source_name, sizeof(d->source_name), "ntp1.example.org");
	snprintf(d->source_address, sizeof(d->source_address), "192.0.2.1");
	d->has_offset = true;
	d->offset_s = -0.25;
	d->has_ref_time = true;
	d->ref_time.tv_sec = 1795675000;
	d->leap = LEAP_INSERT_SECOND;
	d->sync = SYNC_SYNCHRONIZED;
	d->reason = REASON_NONE;
	snprintf(d->reason_text, sizeof(d->reason_text), "synchronised to ntp1");
	verdict_host(&snap, &snap.host);
}

/* The OID of scalar s or of column c of the chrony row. */
static size_t
scalar_oid(oid *buf, int s)
{
	memcpy(buf, agent, sizeof(agent));
	buf[OID_LENGTH(agent)] = (oid)s;
	buf[OID_LENGTH(agent) + 1] = 0;
	return OID_LENGTH(agent) + 2;
}

static size_t
column_oid(oid *buf, int c)
{
	memcpy(buf, entry, sizeof(entry));
	buf[OID_LENGTH(entry)] = (oid)c;
	buf[OID_LENGTH(entry) + 1] = DAEMON_CHRONY;
	return OID_LENGTH(entry) + 2;
}

/* Checks the next varbind's name; returns it, or NULL at the end. */
static netsnmp_variable_list *
expect_name(netsnmp_variable_list *v, const oid *name, size_t len, int line)
{
	if (!v) {
		CU_FAIL_FATAL("too few varbinds");
		return NULL;
	}
	if (snmp_oid_compare(v->name, v->name_length, name, len) != 0) {
		char want[256], got[256];
		snprint_objid(want, sizeof(want), name, len);
		snprint_objid(got, sizeof(got), v->name, v->name_length);
		fprintf(stderr, "line %d: varbind %s, expected %s\n", line, got, want);
		CU_FAIL("wrong varbind");
	}
	return v->next_variable;
}

/* Builds n and walks it: snmpTrapOID.0, then the listed objects. */
static void
check(enum mib_notification n, const int *scalars, const int *columns_after)
{
	static const int row[] = { MIB_DAEMON_NAME, MIB_DAEMON_SYNC_STATUS,
		MIB_DAEMON_SYNC_REASON, MIB_DAEMON_SYNC_REASON_TEXT,
		MIB_DAEMON_SOURCE_NAME, MIB_DAEMON_SOURCE_ADDRESS, MIB_DAEMON_OFFSET,
		MIB_DAEMON_LAST_SYNC, 0 };
	netsnmp_variable_list *vl =
	    notify_build(n, &snap, &snap.daemons[DAEMON_CHRONY]);
	netsnmp_variable_list *v = vl;
	oid name[MAX_OID_LEN], want[MAX_OID_LEN];
	size_t len;

	CU_ASSERT_PTR_NOT_NULL_FATAL(vl);
	/* snmpTrapOID.0 = scoutNtpNotifications.n */
	CU_ASSERT_EQUAL(v->type, ASN_OBJECT_ID);
	memcpy(want, notifications, sizeof(notifications));
	want[OID_LENGTH(notifications)] = (oid)n;
	CU_ASSERT_EQUAL(snmp_oid_compare(v->val.objid, v->val_len / sizeof(oid), want,
			    OID_LENGTH(notifications) + 1),
	    0);
	v = expect_name(v, trap_oid, OID_LENGTH(trap_oid), __LINE__);
	for (; scalars && *scalars; scalars++) {
		len = scalar_oid(name, *scalars);
		v = expect_name(v, name, len, __LINE__);
	}
	for (const int *c = row; *c; c++) {
		len = column_oid(name, *c);
		v = expect_name(v, name, len, __LINE__);
	}
	for (; columns_after && *columns_after; columns_after++) {
		len = (*columns_after > 0) ? column_oid(name, *columns_after) :
					     scalar_oid(name, -*columns_after);
		v = expect_name(v, name, len, __LINE__);
	}
	CU_ASSERT_PTR_NULL(v);
	snmp_free_varbind(vl);
}

static void
test_every_notification(void)
{
	static const int conflict[] = { MIB_AGENT_DAEMONS_ACTIVE,
		MIB_AGENT_ACTIVE_DAEMON, 0 };
	static const int offset[] = { MIB_DAEMON_OFFSET_TEXT,
		-MIB_AGENT_OFFSET_THRESHOLD, 0 };
	static const int leap[] = { MIB_DAEMON_LEAP_STATUS, 0 };

	check(MIB_NOTIFY_SYNC_LOST, NULL, NULL);
	check(MIB_NOTIFY_SYNC_RESTORED, NULL, NULL);
	check(MIB_NOTIFY_OFFSET_HIGH, NULL, offset);
	check(MIB_NOTIFY_OFFSET_NORMAL, NULL, offset);
	check(MIB_NOTIFY_SOURCE_CHANGED, NULL, NULL);
	check(MIB_NOTIFY_DAEMON_CONFLICT, conflict, NULL);
	check(MIB_NOTIFY_LEAP_PENDING, NULL, leap);
}

/* The values travel as a GET would answer them. */
static void
test_values(void)
{
	netsnmp_variable_list *vl, *v;
	struct daemon_status *d = &snap.daemons[DAEMON_CHRONY];

	d->sync = SYNC_UNSYNCHRONIZED;
	d->reason = REASON_NO_REACHABLE_SOURCES;
	snprintf(d->reason_text, sizeof(d->reason_text), "none answers");
	d->source_name[0] = '\0';
	vl = notify_build(MIB_NOTIFY_SYNC_LOST, &snap, d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(vl);
	v = vl->next_variable; /* scoutNtpDaemonName */
	CU_ASSERT_EQUAL(v->type, ASN_OCTET_STR);
	CU_ASSERT_EQUAL(v->val_len, strlen("chronyd"));
	CU_ASSERT_EQUAL(memcmp(v->val.string, "chronyd", v->val_len), 0);
	v = v->next_variable; /* scoutNtpSyncStatus */
	CU_ASSERT_EQUAL(v->type, ASN_INTEGER);
	CU_ASSERT_EQUAL(*v->val.integer, SYNC_UNSYNCHRONIZED);
	v = v->next_variable; /* scoutNtpSyncReason */
	CU_ASSERT_EQUAL(*v->val.integer, REASON_NO_REACHABLE_SOURCES);
	v = v->next_variable; /* scoutNtpSyncReasonText */
	CU_ASSERT_EQUAL(v->val_len, strlen("none answers"));
	v = v->next_variable; /* scoutNtpSourceName: not known */
	CU_ASSERT_EQUAL(v->type, SNMP_NOSUCHINSTANCE);
	v = v->next_variable; /* scoutNtpSourceAddress */
	CU_ASSERT_EQUAL(v->type, ASN_OCTET_STR);
	v = v->next_variable; /* scoutNtpOffset, microseconds */
	CU_ASSERT_EQUAL(v->type, ASN_INTEGER);
	CU_ASSERT_EQUAL(*v->val.integer, -250000);
	v = v->next_variable; /* scoutNtpLastSync: DateAndTime */
	CU_ASSERT_EQUAL(v->type, ASN_OCTET_STR);
	CU_ASSERT_EQUAL(v->val_len, 11);
	snmp_free_varbind(vl);

	/* a conflict carries the host's count */
	snap.present[DAEMON_TIMESYNCD] = true;
	snap.daemons[DAEMON_TIMESYNCD].type = DAEMON_TIMESYNCD;
	snap.daemons[DAEMON_TIMESYNCD].state = DAEMON_RUNNING;
	verdict_host(&snap, &snap.host);
	vl = notify_build(MIB_NOTIFY_DAEMON_CONFLICT, &snap, d);
	CU_ASSERT_PTR_NOT_NULL_FATAL(vl);
	CU_ASSERT_EQUAL(vl->next_variable->type, ASN_UNSIGNED);
	CU_ASSERT_EQUAL(*vl->next_variable->val.integer, 2);
	snmp_free_varbind(vl);
}

int
main(void)
{
	static const struct unit_test tests[] = {
		{ "the varbinds of every notification", test_every_notification },
		{ "values as a GET answers them", test_values },
	};

	return unit_run("notify", setup, NULL, tests, UNIT_ELEMENTS(tests));
}
