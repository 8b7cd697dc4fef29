/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The MIB handlers without snmpd: this process is a net-snmp master agent on
 * a loopback port with SCOUT-NTP-MIB registered (mib.c), and its own client
 * asks it GET and GETNEXT (net-snmp's synchronous client turns the agent's
 * loop too). The snapshot comes from the collector fed by scripted backends
 * (tests/unit/fake-backend.c), so rows appear and disappear between
 * refreshes as a test wants.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "collect.h"
#include "fake-backend.h"
#include "mib.h"
#include "mib_oids.h"
#include "unit.h"

static const oid daemon_entry[] = { SCOUT_NTP_DAEMON_TABLE_OID, 1 };
static const oid source_entry[] = { SCOUT_NTP_SOURCE_TABLE_OID, 1 };
static const oid agent[] = { SCOUT_NTP_AGENT_OID };

/* net-snmp's (agent/mibgroup/mibII/vacm_conf.h, not installed): the
 * rocommunity directive and the access checks it sets up */
void init_vacm_conf(void);

static netsnmp_session *client;
static struct conf conf;
static char community[] = "public";
static char rocommunity[] = "rocommunity public 127.0.0.1";

static void
refreshed(const struct snapshot *s)
{
	mib_update(s);
}

/* Starts the agent on the first free port of a few and a client to it. */
static int
init_suite(void)
{
	netsnmp_session sess;
	char address[64];
	int port;

	/* numeric OIDs only: no MIB files, no configuration */
	setenv("MIBS", "", 1);
	netsnmp_ds_set_boolean(
	    NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DONT_READ_CONFIGS, 1);
	netsnmp_ds_set_boolean(
	    NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_LOAD, 1);
	netsnmp_ds_set_boolean(
	    NETSNMP_DS_LIBRARY_ID, NETSNMP_DS_LIB_DISABLE_PERSISTENT_SAVE, 1);
	init_agent("scout-ntp-test");
	if (mib_init() < 0)
		return 1;
	init_vacm_conf();
	init_snmp("scout-ntp-test");
	/* as snmpd's configuration would let a read-only NMS in */
	netsnmp_config(rocommunity);
	for (port = 30000 + getpid() % 20000;; port++) {
		snprintf(address, sizeof(address), "udp:127.0.0.1:%d", port);
		netsnmp_ds_set_string(
		    NETSNMP_DS_APPLICATION_ID, NETSNMP_DS_AGENT_PORTS, address);
		if (init_master_agent() == 0)
			break;
		if (port > 30000 + getpid() % 20000 + 50)
			return 1;
	}
	snmp_sess_init(&sess);
	sess.version = SNMP_VERSION_2c;
	sess.peername = address;
	sess.community = (u_char *)community;
	sess.community_len = strlen(community);
	sess.timeout = 1000000;
	sess.retries = 0;
	client = snmp_open(&sess);
	if (!client)
		return 1;
	conf_init(&conf);
	return 0;
}

static int
cleanup_suite(void)
{
	snmp_close(client);
	conf_free(&conf);
	mib_fini();
	snmp_shutdown("scout-ntp-test");
	return 0;
}

static const struct backend_ops *const both[] = { &fake_chrony_ops, &fake_timesyncd_ops,
	NULL };

static void
setup(void)
{
	fake_reset();
	CU_ASSERT_EQUAL(collect_init(&conf, both, refreshed), 0);
	collect_refresh();
}

static void
teardown(void)
{
	collect_fini();
	/* an empty snapshot, and so no rows, for the next test */
	mib_update(collect_snapshot());
}

/* One request for name; returns the response's only varbind (NULL on a
 * failure), to be freed with the response in *ret_pdu. */
static netsnmp_variable_list *
ask(int command, const oid *name, size_t len, netsnmp_pdu **ret_pdu)
{
	netsnmp_pdu *pdu = snmp_pdu_create(command), *resp = NULL;

	snmp_add_null_var(pdu, name, len);
	if (snmp_synch_response(client, pdu, &resp) != STAT_SUCCESS || !resp ||
	    resp->errstat != SNMP_ERR_NOERROR) {
		if (resp)
			snmp_free_pdu(resp);
		*ret_pdu = NULL;
		return NULL;
	}
	*ret_pdu = resp;
	return resp->variables;
}

/* base.column.index...: an OID in buf */
static size_t
make(oid *buf, const oid *base, size_t len, const long *rest, size_t n)
{
	memcpy(buf, base, len * sizeof(oid));
	for (size_t i = 0; i < n; i++)
		buf[len + i] = (oid)rest[i];
	return len + n;
}

#define OID(buf, base, ...)                                               \
	make(buf, base, OID_LENGTH(base), (const long[]) { __VA_ARGS__ }, \
	    sizeof((const long[]) { __VA_ARGS__ }) / sizeof(long))

/* GETs name and checks the value's type; text when want_text is set. */
static void
expect_get(const oid *name, size_t len, u_char type, const char *want_text,
    long want_int, int line)
{
	netsnmp_pdu *resp;
	netsnmp_variable_list *v = ask(SNMP_MSG_GET, name, len, &resp);

	if (!v) {
		fprintf(stderr, "line %d: no answer\n", line);
		CU_FAIL("no answer");
		return;
	}
	if (v->type != type)
		fprintf(
		    stderr, "line %d: type 0x%x, expected 0x%x\n", line, v->type, type);
	CU_ASSERT_EQUAL(v->type, type);
	if (want_text && v->type == ASN_OCTET_STR) {
		CU_ASSERT_EQUAL(v->val_len, strlen(want_text));
		CU_ASSERT_EQUAL(memcmp(v->val.string, want_text, v->val_len), 0);
	} else if (v->type == ASN_INTEGER || v->type == ASN_UNSIGNED) {
		CU_ASSERT_EQUAL(*v->val.integer, want_int);
	}
	snmp_free_pdu(resp);
}

/* GETNEXT from name lands on want (NULL: the end of the MIB view). */
static void
expect_next(const oid *name, size_t len, const oid *want, size_t want_len, int line)
{
	netsnmp_pdu *resp;
	netsnmp_variable_list *v = ask(SNMP_MSG_GETNEXT, name, len, &resp);

	if (!v) {
		CU_FAIL("no answer");
		return;
	}
	if (!want) {
		CU_ASSERT_EQUAL(v->type, SNMP_ENDOFMIBVIEW);
		snmp_free_pdu(resp);
		return;
	}
	if (snmp_oid_compare(v->name, v->name_length, want, want_len) != 0) {
		char got[256], exp[256];
		snprint_objid(got, sizeof(got), v->name, v->name_length);
		snprint_objid(exp, sizeof(exp), want, want_len);
		fprintf(
		    stderr, "line %d: GETNEXT gave %s, expected %s\n", line, got, exp);
		CU_FAIL("GETNEXT went elsewhere");
	}
	snmp_free_pdu(resp);
}

static void
test_get(void)
{
	oid n[MAX_OID_LEN];
	size_t len;

	len = OID(n, daemon_entry, MIB_DAEMON_NAME, DAEMON_CHRONY);
	expect_get(n, len, ASN_OCTET_STR, "chronyd", 0, __LINE__);
	len = OID(n, daemon_entry, MIB_DAEMON_SYNC_STATUS, DAEMON_TIMESYNCD);
	expect_get(n, len, ASN_INTEGER, NULL, SYNC_SYNCHRONIZED, __LINE__);
	len = OID(n, source_entry, MIB_SRC_NAME, DAEMON_CHRONY, 2);
	expect_get(n, len, ASN_OCTET_STR, "127.0.0.2", 0, __LINE__);
	len = OID(n, agent, MIB_AGENT_DAEMONS_ACTIVE, 0);
	expect_get(n, len, ASN_GAUGE, NULL, 2, __LINE__);
	len = OID(n, agent, MIB_AGENT_ACTIVE_DAEMON, 0);
	expect_get(n, len, ASN_INTEGER, NULL, DAEMON_CHRONY, __LINE__);

	/* absent values and rows: noSuchInstance, never a made-up value */
	len = OID(n, daemon_entry, MIB_DAEMON_VERSION, DAEMON_CHRONY);
	expect_get(n, len, SNMP_NOSUCHINSTANCE, NULL, 0, __LINE__);
	len = OID(n, daemon_entry, MIB_DAEMON_NAME, DAEMON_NTPD);
	expect_get(n, len, SNMP_NOSUCHINSTANCE, NULL, 0, __LINE__);
	len = OID(n, source_entry, MIB_SRC_NAME, DAEMON_CHRONY, 3);
	expect_get(n, len, SNMP_NOSUCHINSTANCE, NULL, 0, __LINE__);
	len = OID(n, source_entry, MIB_SRC_NAME, DAEMON_CHRONY, 0);
	expect_get(n, len, SNMP_NOSUCHINSTANCE, NULL, 0, __LINE__);
	/* timesyncd's source has no reach register */
	fake_timesyncd.sources[0].has_reach = false;
	collect_refresh();
	len = OID(n, source_entry, MIB_SRC_REACH, DAEMON_TIMESYNCD, 1);
	expect_get(n, len, SNMP_NOSUCHINSTANCE, NULL, 0, __LINE__);
}

static void
test_getnext(void)
{
	oid n[MAX_OID_LEN], w[MAX_OID_LEN];
	size_t len, wlen;

	/* into the table: the first row of the first column */
	len = OID(n, daemon_entry, MIB_DAEMON_NAME);
	wlen = OID(w, daemon_entry, MIB_DAEMON_NAME, DAEMON_CHRONY);
	expect_next(n, len, w, wlen, __LINE__);
	/* the end of a column: the next column's first row */
	len = OID(n, daemon_entry, MIB_DAEMON_NAME, DAEMON_TIMESYNCD);
	/* Version is absent in every row: GETNEXT passes over it */
	wlen = OID(w, daemon_entry, MIB_DAEMON_STATE, DAEMON_CHRONY);
	expect_next(n, len, w, wlen, __LINE__);
	/* within the source table: (chrony, 2) then (timesyncd, 1) */
	len = OID(n, source_entry, MIB_SRC_NAME, DAEMON_CHRONY, 2);
	wlen = OID(w, source_entry, MIB_SRC_NAME, DAEMON_TIMESYNCD, 1);
	expect_next(n, len, w, wlen, __LINE__);
	/* past the last column of the source table come the kernel scalars,
	 * absent here (no kernel backend in the table): the end of the MIB */
	len = OID(n, source_entry, MIB_SRC_MAX, DAEMON_TIMESYNCD, 1);
	expect_next(n, len, NULL, 0, __LINE__);
	/* from before the agent scalars: the first of them */
	len = OID(n, agent);
	wlen = OID(w, agent, MIB_AGENT_VERSION, 0);
	expect_next(n, len, w, wlen, __LINE__);
}

static void
test_rows_come_and_go(void)
{
	oid n[MAX_OID_LEN], w[MAX_OID_LEN];
	size_t len, wlen;

	/* chrony loses a source, timesyncd goes away */
	fake_set_synced(&fake_chrony, 1);
	fake_timesyncd.report.state = DAEMON_STOPPED;
	fake_timesyncd.report.has_tracking = false;
	fake_timesyncd.n_sources = 0;
	collect_refresh();
	len = OID(n, source_entry, MIB_SRC_NAME, DAEMON_CHRONY, 2);
	expect_get(n, len, SNMP_NOSUCHINSTANCE, NULL, 0, __LINE__);
	len = OID(n, daemon_entry, MIB_DAEMON_NAME, DAEMON_TIMESYNCD);
	expect_get(n, len, SNMP_NOSUCHINSTANCE, NULL, 0, __LINE__);
	len = OID(n, source_entry, MIB_SRC_NAME, DAEMON_CHRONY, 1);
	wlen = OID(w, source_entry, MIB_SRC_ADDRESS, DAEMON_CHRONY, 1);
	expect_next(n, len, w, wlen, __LINE__);

	/* and come back, with more sources than before */
	fake_set_synced(&fake_chrony, 3);
	fake_set_synced(&fake_timesyncd, 1);
	collect_refresh();
	len = OID(n, source_entry, MIB_SRC_NAME, DAEMON_CHRONY, 3);
	expect_get(n, len, ASN_OCTET_STR, "127.0.0.3", 0, __LINE__);
	len = OID(n, daemon_entry, MIB_DAEMON_NAME, DAEMON_TIMESYNCD);
	expect_get(n, len, ASN_OCTET_STR, "systemd-timesyncd", 0, __LINE__);
	/* values change in rows that stay */
	snprintf(fake_chrony.sources[0].name, sizeof(fake_chrony.sources[0].name),
	    "renamed");
	collect_refresh();
	len = OID(n, source_entry, MIB_SRC_NAME, DAEMON_CHRONY, 1);
	expect_get(n, len, ASN_OCTET_STR, "renamed", 0, __LINE__);
}

int
main(void)
{
	static const struct unit_test tests[] = {
		{ "GET: values, absent values and rows", test_get },
		{ "GETNEXT across columns and table ends", test_getnext },
		{ "rows appearing and disappearing", test_rows_come_and_go },
	};
	const struct unit_suite suite = { "mib", init_suite, cleanup_suite, setup,
		teardown, UNIT_TESTS(tests) };

	return unit_run_suites(&suite, 1);
}
