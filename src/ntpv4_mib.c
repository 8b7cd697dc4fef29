/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Registers NTPv4-MIB (RFC 5907) with the agent. As in mib.c, a table row
 * holds nothing but its index (ntpAssocId); a handler finds the source with
 * that id in the published snapshot and copies what ntpv4_values.c computes.
 * Everything is read-only: ntpEntControl's two objects answer notWritable to
 * a SET (SCOUT-NTPV4-CAPABILITY-MIB says so), their values come from the
 * configuration file.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>
#include <net-snmp/agent/agent_sysORTable.h>

#include "collect.h"
#include "log.h"
#include "mib_register.h"
#include "ntpv4_mib.h"
#include "ntpv4_oids.h"
#include "ntpv4_values.h"

static const oid info_oid[] = { NTPV4_ENT_INFO_OID };
static const oid status_oid[] = { NTPV4_ENT_STATUS_OID };
static const oid control_oid[] = { NTPV4_ENT_CONTROL_OID };
static const oid assoc_table_oid[] = { NTPV4_ASSOC_TABLE_OID };
static const oid assoc_stats_table_oid[] = { NTPV4_ASSOC_STATS_TABLE_OID };
static oid mib_oid[] = { NTPV4_MIB_OID };

#define MAX_SOURCES 512 /* beyond it a source has no row */

static bool enabled;
static unsigned heartbeat_s, notif_bits;
static uint32_t notifications;
static char system_type[sizeof(((struct utsname *)0)->sysname) * 3 + 4];
static long resolution_ns;

static struct ntpv4_assoc_map map;
static uint32_t ids[MAX_SOURCES];
static unsigned n_ids;
static enum daemon_type entity_type; /* of the last update, 0: none */

static netsnmp_tdata *assoc_table, *assoc_stats_table;

void
ntpv4_mib_context(struct ntpv4_context *ret)
{
	const struct snapshot *s = collect_snapshot();
	const struct daemon_status *d = ntpv4_entity(s);

	memset(ret, 0, sizeof(*ret));
	ret->s = s;
	ret->entity = d;
	/* ids belong to the snapshot they were made from */
	if (d && d->type == entity_type) {
		ret->ids = ids;
		ret->n_ids = n_ids < d->n_sources ? n_ids : d->n_sources;
	}
	ret->heartbeat_s = heartbeat_s;
	ret->notif_bits = notif_bits;
	ret->notifications = notifications;
	ret->system_type = system_type;
	ret->resolution_ns = resolution_ns;
	clock_gettime(CLOCK_REALTIME, &ret->now);
}

void
ntpv4_mib_count_notification(void)
{
	notifications++;
}

/* Each registration answers from one value function of ntpv4_values.c. */
struct object_group {
	size_t scalar_pos; /* OID position of a scalar's number; 0 for a table */
	int (*scalar)(
	    const struct ntpv4_context *ctx, int scalar, struct mib_value *ret);
	int (*column)(const struct ntpv4_context *ctx, long source, int column,
	    struct mib_value *ret);
};

static const struct object_group info_group = { OID_LENGTH(info_oid), ntpv4_info_value,
	NULL };
static const struct object_group status_group = { OID_LENGTH(status_oid),
	ntpv4_status_value, NULL };
static const struct object_group control_group = { OID_LENGTH(control_oid),
	ntpv4_control_value, NULL };
static const struct object_group assoc_group = { 0, NULL, ntpv4_assoc_value };
static const struct object_group assoc_stats_group = { 0, NULL,
	ntpv4_assoc_stat_value };

static int
table_value(const struct object_group *g, const struct ntpv4_context *ctx,
    netsnmp_request_info *r, struct mib_value *v)
{
	netsnmp_table_request_info *ti = netsnmp_extract_table_info(r);
	long source;

	if (!ti || !netsnmp_tdata_extract_row(r) || !ti->indexes ||
	    !ti->indexes->val.integer)
		return -ENOENT;
	source = ntpv4_source_of_id(ctx, (uint32_t)*ti->indexes->val.integer);
	return source < 0 ? -ENOENT : g->column(ctx, source, (int)ti->colnum, v);
}

static int
value_handler(netsnmp_mib_handler *handler, netsnmp_handler_registration *reginfo,
    netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	const struct object_group *g = handler->myvoid;
	struct ntpv4_context ctx;

	if (reqinfo->mode != MODE_GET)
		return SNMP_ERR_NOERROR;
	ntpv4_mib_context(&ctx);
	for (netsnmp_request_info *r = requests; r; r = r->next) {
		struct mib_value v;
		int rc;

		if (r->processed)
			continue;
		if (g->scalar_pos)
			rc =
			    g->scalar(&ctx, (int)r->requestvb->name[g->scalar_pos], &v);
		else
			rc = table_value(g, &ctx, r, &v);
		mib_answer(reqinfo, r, rc, &v);
	}
	return SNMP_ERR_NOERROR;
}

static void
read_platform(void)
{
	struct utsname u;
	struct timespec res;

	if (uname(&u) == 0)
		snprintf(system_type, sizeof(system_type), "%s %s / %s", u.sysname,
		    u.release, u.machine);
	if (clock_getres(CLOCK_REALTIME, &res) == 0 && res.tv_sec == 0)
		resolution_ns = res.tv_nsec;
}

int
ntpv4_mib_init(const struct conf *conf)
{
	bool ok;

	enabled = conf->ntpv4_mib;
	heartbeat_s = conf->ntpv4_heartbeat_s;
	notif_bits = conf->traps ? conf->ntpv4_notifications : 0;
	if (!enabled)
		return 0;
	read_platform();
	ok = mib_register_scalars("ntpEntInfo", info_oid, OID_LENGTH(info_oid),
	    NTPV4_INFO_MAX, value_handler, &info_group);
	ok = ok &&
	    mib_register_scalars("ntpEntStatus", status_oid, OID_LENGTH(status_oid),
		NTPV4_STATUS_MAX, value_handler, &status_group);
	ok = ok &&
	    mib_register_scalars("ntpEntControl", control_oid, OID_LENGTH(control_oid),
		NTPV4_CONTROL_MAX, value_handler, &control_group);
	ok = ok &&
	    mib_register_table("ntpAssociationTable", assoc_table_oid,
		OID_LENGTH(assoc_table_oid), ASN_UNSIGNED, 0, NTPV4_ASSOC_NAME,
		NTPV4_ASSOC_MAX, value_handler, &assoc_group, &assoc_table);
	ok = ok &&
	    mib_register_table("ntpAssociationStatisticsTable", assoc_stats_table_oid,
		OID_LENGTH(assoc_stats_table_oid), ASN_UNSIGNED, 0,
		NTPV4_ASSOC_STAT_IN_PKTS, NTPV4_ASSOC_STAT_MAX, value_handler,
		&assoc_stats_group, &assoc_stats_table);
	return ok ? 0 : -EIO;
}

void
ntpv4_mib_register_sysor(void)
{
	if (enabled)
		register_sysORTable(mib_oid, OID_LENGTH(mib_oid),
		    "NTPv4-MIB (RFC 5907): this host's NTP entity, read-only");
}

/* The table holds one row per id; rebuilt only when the set changed. */
static void
sync_rows(netsnmp_tdata *table)
{
	unsigned wanted = 0, have = 0;
	bool same = true;

	for (unsigned i = 0; i < n_ids; i++) {
		if (!ids[i])
			continue;
		wanted++;
		if (!netsnmp_tdata_row_get_byoid(table, (oid[]) { ids[i] }, 1))
			same = false;
	}
	for (netsnmp_tdata_row *row = netsnmp_tdata_row_first(table); row;
	     row = netsnmp_tdata_row_next(table, row))
		have++;
	if (same && have == wanted)
		return;
	mib_clear_rows(table);
	for (unsigned i = 0; i < n_ids; i++) {
		netsnmp_tdata_row *row;
		u_long u = ids[i];

		if (!ids[i] || !(row = netsnmp_tdata_create_row()))
			continue;
		netsnmp_tdata_row_add_index(row, ASN_UNSIGNED, &u, sizeof(u));
		if (netsnmp_tdata_add_row(table, row) != SNMPERR_SUCCESS) {
			netsnmp_tdata_delete_row(row);
			log_err("cannot add a row to %s", table->name);
			break;
		}
	}
}

void
ntpv4_mib_update(const struct snapshot *s)
{
	const struct daemon_status *d = ntpv4_entity(s);

	ntpv4_assoc_ids(&map, d, ids, MAX_SOURCES);
	n_ids = d && d->has_sources ?
	    (d->n_sources < MAX_SOURCES ? d->n_sources : MAX_SOURCES) :
	    0;
	entity_type = d ? d->type : 0;
	if (!enabled || !assoc_table || !assoc_stats_table)
		return;
	sync_rows(assoc_table);
	sync_rows(assoc_stats_table);
}

void
ntpv4_mib_fini(void)
{
	if (assoc_table)
		mib_clear_rows(assoc_table);
	if (assoc_stats_table)
		mib_clear_rows(assoc_stats_table);
	if (enabled)
		unregister_sysORTable(mib_oid, OID_LENGTH(mib_oid));
}
