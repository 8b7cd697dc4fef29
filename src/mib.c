/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Registers SCOUT-NTP-MIB with the agent: the agent scalars, the daemon table
 * and the source table. A table row holds nothing but its index; a handler
 * looks the row up in the published snapshot (bounds-checked, so a row can
 * never point at freed memory) and copies the value mib_values.c computes,
 * so it answers at once.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <stdlib.h>
#include <stdint.h>
#include <stdbool.h>
#include <time.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>
#include <net-snmp/agent/agent_sysORTable.h>

#include "collect.h"
#include "log.h"
#include "mib.h"
#include "mib_oids.h"
#include "mib_register.h"
#include "mib_values.h"

static const oid agent_oid[] = { SCOUT_NTP_AGENT_OID };
static const oid kernel_oid[] = { SCOUT_NTP_KERNEL_OID };
static const oid daemon_table_oid[] = { SCOUT_NTP_DAEMON_TABLE_OID };
static const oid source_table_oid[] = { SCOUT_NTP_SOURCE_TABLE_OID };
static oid mib_oid[] = { SCOUT_NTP_MIB_OID };

static netsnmp_tdata *daemon_table;
static netsnmp_tdata *source_table;

/*
 * Each registration answers from one value function of mib_values.c: the
 * scalars by the object number in the OID, the tables by row and column.
 */
struct row_index {
	long type;  /* scoutNtpDaemonType */
	long index; /* scoutNtpSrcIndex, 1-based; 0 for the daemon table */
};

struct object_group {
	size_t scalar_pos; /* OID position of a scalar's number; 0 for a table */
	int (*value)(const struct snapshot *s, const struct row_index *row, int object,
	    time_t now, struct mib_value *ret);
};

static int
agent_value(const struct snapshot *s, const struct row_index *row, int scalar,
    time_t now, struct mib_value *ret)
{
	return mib_agent_value(s, scalar, now, ret);
}

static int
kernel_value(const struct snapshot *s, const struct row_index *row, int scalar,
    time_t now, struct mib_value *ret)
{
	return mib_kernel_value(&s->kernel, scalar, ret);
}

static int
daemon_value(const struct snapshot *s, const struct row_index *row, int column,
    time_t now, struct mib_value *ret)
{
	const struct daemon_status *d = snapshot_daemon(s, row->type);

	return d ? mib_daemon_value(d, column, now, ret) : -ENOENT;
}

static int
source_value(const struct snapshot *s, const struct row_index *row, int column,
    time_t now, struct mib_value *ret)
{
	const struct source_status *src = snapshot_source(s, row->type, row->index - 1);

	return src ? mib_source_value(src, column, ret) : -ENOENT;
}

/* not reginfo->rootoid_len: the scalar-group helper extends it per request */
static const struct object_group agent_group = { OID_LENGTH(agent_oid), agent_value };
static const struct object_group kernel_group = { OID_LENGTH(kernel_oid),
	kernel_value };
static const struct object_group daemon_group = { 0, daemon_value };
static const struct object_group source_group = { 0, source_value };

/* The row a table request is for, from its index; false for none. */
static bool
request_row(netsnmp_request_info *r, struct row_index *ret, int *ret_column)
{
	netsnmp_table_request_info *ti = netsnmp_extract_table_info(r);
	const netsnmp_variable_list *v;

	if (!ti || !netsnmp_tdata_extract_row(r))
		return false;
	v = ti->indexes;
	if (!v || !v->val.integer)
		return false;
	ret->type = *v->val.integer;
	v = v->next_variable;
	ret->index = v && v->val.integer ? *v->val.integer : 0;
	*ret_column = (int)ti->colnum;
	return true;
}

static int
value_handler(netsnmp_mib_handler *handler, netsnmp_handler_registration *reginfo,
    netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	const struct object_group *g = handler->myvoid;
	const struct snapshot *s = collect_snapshot();
	time_t now = time(NULL);

	if (reqinfo->mode != MODE_GET)
		return SNMP_ERR_NOERROR;
	for (netsnmp_request_info *r = requests; r; r = r->next) {
		struct row_index row = { 0, 0 };
		struct mib_value v;
		int object = 0;

		if (r->processed)
			continue;
		if (g->scalar_pos)
			object = (int)r->requestvb->name[g->scalar_pos];
		else if (!request_row(r, &row, &object))
			object = 0;
		mib_answer(reqinfo, r,
		    object ? g->value(s, &row, object, now, &v) : -ENOENT, &v);
	}
	return SNMP_ERR_NOERROR;
}

int
mib_init(void)
{
	bool ok;

	ok = mib_register_scalars("scoutNtpAgent", agent_oid, OID_LENGTH(agent_oid),
	    MIB_AGENT_MAX, value_handler, &agent_group);
	ok = ok &&
	    mib_register_scalars("scoutNtpKernel", kernel_oid, OID_LENGTH(kernel_oid),
		MIB_KERNEL_MAX, value_handler, &kernel_group);
	ok = ok &&
	    mib_register_table("scoutNtpDaemonTable", daemon_table_oid,
		OID_LENGTH(daemon_table_oid), ASN_INTEGER, 0, 2, MIB_DAEMON_MAX,
		value_handler, &daemon_group, &daemon_table);
	ok = ok &&
	    mib_register_table("scoutNtpSourceTable", source_table_oid,
		OID_LENGTH(source_table_oid), ASN_INTEGER, ASN_UNSIGNED, 2, MIB_SRC_MAX,
		value_handler, &source_group, &source_table);
	return ok ? 0 : -EIO;
}

void
mib_register_sysor(void)
{
	register_sysORTable(mib_oid, OID_LENGTH(mib_oid),
	    "SCOUT-NTP-MIB: time synchronisation of this host");
}

static int
add_row(netsnmp_tdata *table, const struct row_index *index)
{
	netsnmp_tdata_row *row = netsnmp_tdata_create_row();

	if (!row)
		return -ENOMEM;
	netsnmp_tdata_row_add_index(
	    row, ASN_INTEGER, &index->type, sizeof(index->type));
	if (index->index > 0) {
		u_long u = (u_long)index->index;
		netsnmp_tdata_row_add_index(row, ASN_UNSIGNED, &u, sizeof(u));
	}
	if (netsnmp_tdata_add_row(table, row) != SNMPERR_SUCCESS) {
		netsnmp_tdata_delete_row(row);
		return -EIO;
	}
	return 0;
}

/* The row's index is this one? */
static bool
row_is(const netsnmp_tdata_row *row, const struct row_index *w)
{
	const netsnmp_variable_list *v = row->indexes;

	if (!v || !v->val.integer || *v->val.integer != w->type)
		return false;
	v = v->next_variable;
	if (w->index == 0)
		return v == NULL;
	return v && v->val.integer && *v->val.integer == w->index && !v->next_variable;
}

/*
 * The rows a snapshot wants, in index order: the daemon table's (sources
 * false) or the source table's. Returns false after the last; *pos starts
 * as { 0, 0 }.
 */
static bool
next_wanted(const struct snapshot *s, bool sources, struct row_index *pos)
{
	for (;;) {
		const struct daemon_status *d = snapshot_daemon(s, pos->type);

		if (sources && d && (unsigned long)pos->index < d->n_sources) {
			pos->index++;
			return true;
		}
		if (++pos->type > DAEMON_TYPE_MAX)
			return false;
		pos->index = 0;
		if (!sources && snapshot_daemon(s, pos->type))
			return true;
	}
}

/*
 * Makes the table hold exactly the rows the snapshot wants. Most refreshes
 * change values, not which rows exist: then nothing is touched at all.
 */
static void
sync_rows(netsnmp_tdata *table, const struct snapshot *s, bool sources)
{
	netsnmp_tdata_row *row = netsnmp_tdata_row_first(table);
	struct row_index w = { 0, 0 };
	bool more;

	while ((more = next_wanted(s, sources, &w)) && row && row_is(row, &w))
		row = netsnmp_tdata_row_next(table, row);
	if (!more && !row)
		return;
	mib_clear_rows(table);
	w = (struct row_index) { 0, 0 };
	while (next_wanted(s, sources, &w))
		if (add_row(table, &w) < 0) {
			/* the rows added still answer: each is looked up */
			log_err("cannot add a row to %s", table->name);
			break;
		}
}

void
mib_update(const struct snapshot *s)
{
	if (!daemon_table || !source_table)
		return;
	sync_rows(daemon_table, s, false);
	sync_rows(source_table, s, true);
}

void
mib_fini(void)
{
	/* the registrations themselves go with snmp_shutdown() */
	if (daemon_table)
		mib_clear_rows(daemon_table);
	if (source_table)
		mib_clear_rows(source_table);
	unregister_sysORTable(mib_oid, OID_LENGTH(mib_oid));
}
