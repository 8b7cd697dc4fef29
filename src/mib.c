/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Registers SCOUT-NTP-MIB with the agent: the agent scalars, the daemon table
 * and the source table. Rows are rebuilt from the cache after each refresh;
 * handlers only copy values from mib_values.c, so they answer at once.
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

#include "cache.h"
#include "log.h"
#include "mib.h"
#include "mib_oids.h"
#include "mib_values.h"

static const oid agent_oid[] = { SCOUT_NTP_AGENT_OID };
static const oid kernel_oid[] = { SCOUT_NTP_KERNEL_OID };
static const oid daemon_table_oid[] = { SCOUT_NTP_DAEMON_TABLE_OID };
static const oid source_table_oid[] = { SCOUT_NTP_SOURCE_TABLE_OID };
static oid mib_oid[] = { SCOUT_NTP_MIB_OID };

static netsnmp_tdata *daemon_table;
static netsnmp_tdata *source_table;

/* Copies v into the request, or answers noSuchInstance when r < 0. */
static void
answer(netsnmp_agent_request_info *reqinfo, netsnmp_request_info *request, int r,
    const struct mib_value *v)
{
	DEBUGMSGTL(("scout-ntp:mib", "answer "));
	DEBUGMSGOID(("scout-ntp:mib", request->requestvb->name,
	    request->requestvb->name_length));
	DEBUGMSG(("scout-ntp:mib", r < 0 ? ": absent\n" : ": type %d\n", v->type));
	if (r < 0) {
		netsnmp_set_request_error(reqinfo, request, SNMP_NOSUCHINSTANCE);
		return;
	}
	if (v->type == ASN_OCTET_STR)
		snmp_set_var_typed_value(
		    request->requestvb, ASN_OCTET_STR, v->octets, v->len);
	else if (v->type == ASN_UNSIGNED) {
		u_long u = (u_long)v->integer;
		snmp_set_var_typed_value(
		    request->requestvb, ASN_UNSIGNED, &u, sizeof(u));
	} else
		snmp_set_var_typed_integer(request->requestvb, ASN_INTEGER, v->integer);
}

/*
 * Each registration answers from one value function of mib_values.c: the
 * scalars by the object number in the OID, the tables by row and column.
 */
struct object_group {
	size_t scalar_pos; /* OID position of a scalar's number; 0 for a table */
	int (*value)(const void *row, int object, time_t now, struct mib_value *ret);
};

static int
agent_value(const void *row, int scalar, time_t now, struct mib_value *ret)
{
	return mib_agent_value(cache_get(), scalar, now, ret);
}

static int
kernel_value(const void *row, int scalar, time_t now, struct mib_value *ret)
{
	return mib_kernel_value(&cache_get()->kernel, scalar, ret);
}

static int
daemon_value(const void *row, int column, time_t now, struct mib_value *ret)
{
	return mib_daemon_value(row, column, now, ret);
}

static int
source_value(const void *row, int column, time_t now, struct mib_value *ret)
{
	return mib_source_value(row, column, ret);
}

/* not reginfo->rootoid_len: the scalar-group helper extends it per request */
static const struct object_group agent_group = { OID_LENGTH(agent_oid), agent_value };
static const struct object_group kernel_group = { OID_LENGTH(kernel_oid),
	kernel_value };
static const struct object_group daemon_group = { 0, daemon_value };
static const struct object_group source_group = { 0, source_value };

static int
value_handler(netsnmp_mib_handler *handler, netsnmp_handler_registration *reginfo,
    netsnmp_agent_request_info *reqinfo, netsnmp_request_info *requests)
{
	const struct object_group *g = handler->myvoid;
	time_t now = time(NULL);

	if (reqinfo->mode != MODE_GET)
		return SNMP_ERR_NOERROR;
	for (netsnmp_request_info *r = requests; r; r = r->next) {
		netsnmp_table_request_info *ti;
		const void *row = NULL;
		struct mib_value v;
		int object = 0;

		if (r->processed)
			continue;
		if (g->scalar_pos) {
			object = (int)r->requestvb->name[g->scalar_pos];
		} else {
			row = netsnmp_tdata_extract_entry(r);
			ti = netsnmp_extract_table_info(r);
			object = row && ti ? (int)ti->colnum : 0;
		}
		answer(
		    reqinfo, r, object ? g->value(row, object, now, &v) : -ENOENT, &v);
	}
	return SNMP_ERR_NOERROR;
}

static netsnmp_handler_registration *
create_registration(
    const char *name, const oid *root, size_t len, const struct object_group *g)
{
	netsnmp_handler_registration *reg;

	reg = netsnmp_create_handler_registration(
	    name, value_handler, root, len, HANDLER_CAN_RONLY);
	if (reg)
		reg->handler->myvoid = (void *)(uintptr_t)g;
	return reg;
}

/*
 * A read-only tdata table. Its handler answers noSuchInstance for unknown
 * values; the table helper (5.9) retries GETNEXT past such holes by itself.
 */
static bool
register_table(const char *name, const oid *table_oid, size_t len, int n_indexes,
    unsigned max_column, const struct object_group *g, netsnmp_tdata **ret_table)
{
	netsnmp_handler_registration *reg =
	    create_registration(name, table_oid, len, g);
	netsnmp_table_registration_info *ti;
	netsnmp_tdata *table;

	table = netsnmp_tdata_create_table(name, 0);
	ti = SNMP_MALLOC_TYPEDEF(netsnmp_table_registration_info);
	if (!reg || !table || !ti)
		return false;
	netsnmp_table_helper_add_indexes(
	    ti, ASN_INTEGER, n_indexes > 1 ? ASN_UNSIGNED : 0, 0);
	ti->min_column = 2;
	ti->max_column = max_column;
	if (netsnmp_tdata_register(reg, table, ti) != MIB_REGISTERED_OK)
		return false;
	*ret_table = table;
	return true;
}

static bool
register_scalars(const char *name, const oid *root, size_t len, oid last,
    const struct object_group *g)
{
	netsnmp_handler_registration *reg = create_registration(name, root, len, g);

	return reg && netsnmp_register_scalar_group(reg, 1, last) == MIB_REGISTERED_OK;
}

int
mib_init(void)
{
	bool ok;

	ok = register_scalars("scoutNtpAgent", agent_oid, OID_LENGTH(agent_oid),
	    MIB_AGENT_MAX, &agent_group);
	ok = ok &&
	    register_scalars("scoutNtpKernel", kernel_oid, OID_LENGTH(kernel_oid),
		MIB_KERNEL_MAX, &kernel_group);
	ok = ok &&
	    register_table("scoutNtpDaemonTable", daemon_table_oid,
		OID_LENGTH(daemon_table_oid), 1, MIB_DAEMON_MAX, &daemon_group,
		&daemon_table);
	ok = ok &&
	    register_table("scoutNtpSourceTable", source_table_oid,
		OID_LENGTH(source_table_oid), 2, MIB_SRC_MAX, &source_group,
		&source_table);
	return ok ? 0 : -EIO;
}

void
mib_register_sysor(void)
{
	register_sysORTable(mib_oid, OID_LENGTH(mib_oid),
	    "SCOUT-NTP-MIB: time synchronisation of this host");
}

static void
clear_rows(netsnmp_tdata *table)
{
	netsnmp_tdata_row *row;

	while ((row = netsnmp_tdata_row_first(table)) != NULL) {
		netsnmp_tdata_remove_row(table, row);
		netsnmp_tdata_delete_row(row);
	}
}

static int
add_row(netsnmp_tdata *table, const void *data, long type, long index)
{
	netsnmp_tdata_row *row = netsnmp_tdata_create_row();

	if (!row)
		return -ENOMEM;
	/* handlers only read it; tdata just has no const slot */
	row->data = (void *)(uintptr_t)data;
	netsnmp_tdata_row_add_index(row, ASN_INTEGER, &type, sizeof(type));
	if (index > 0) {
		u_long u = (u_long)index;
		netsnmp_tdata_row_add_index(row, ASN_UNSIGNED, &u, sizeof(u));
	}
	if (netsnmp_tdata_add_row(table, row) != SNMPERR_SUCCESS) {
		netsnmp_tdata_delete_row(row);
		return -EIO;
	}
	return 0;
}

/* One row as the snapshot wants it: its data and index (type, source number). */
struct wanted_row {
	const void *data;
	long type;
	long index; /* 0 for the daemon table */
};

/* The row's index is (type, index)? */
static bool
row_is(const netsnmp_tdata_row *row, const struct wanted_row *w)
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
 * Makes the table hold exactly these rows. Most refreshes change values, not
 * which rows exist: then each row is just pointed at the new snapshot, which
 * saves the allocations of rebuilding (half a refresh's work at 200 sources).
 */
static void
sync_rows(netsnmp_tdata *table, const struct wanted_row *want, size_t n)
{
	netsnmp_tdata_row *row = netsnmp_tdata_row_first(table);
	size_t i;

	for (i = 0; i < n && row && row_is(row, &want[i]); i++)
		row = netsnmp_tdata_row_next(table, row);
	if (i == n && !row) {
		i = 0;
		for (row = netsnmp_tdata_row_first(table); row;
		     row = netsnmp_tdata_row_next(table, row))
			/* handlers only read it; tdata just has no const slot */
			row->data = (void *)(uintptr_t)want[i++].data;
		return;
	}
	clear_rows(table);
	for (i = 0; i < n; i++)
		if (add_row(table, want[i].data, want[i].type, want[i].index) < 0)
			log_err("cannot add a row to %s", table->name);
}

void
mib_update(const struct cache *c)
{
	struct wanted_row daemons[DAEMON_TYPE_MAX], *sources;
	size_t n_daemons = 0, n_sources = 0;

	if (!daemon_table || !source_table)
		return;
	for (int t = 1; t <= DAEMON_TYPE_MAX; t++)
		if (c->present[t])
			n_sources += c->daemons[t].n_sources;
	sources = calloc(n_sources ? n_sources : 1, sizeof(*sources));
	if (!sources) {
		log_err("out of memory for %zu source rows", n_sources);
		return;
	}
	n_sources = 0;
	for (long t = 1; t <= DAEMON_TYPE_MAX; t++) {
		const struct daemon_status *d = &c->daemons[t];

		if (!c->present[t])
			continue;
		daemons[n_daemons++] = (struct wanted_row) { d, t, 0 };
		for (unsigned i = 0; i < d->n_sources; i++)
			sources[n_sources++] =
			    (struct wanted_row) { &d->sources[i], t, (long)i + 1 };
	}
	sync_rows(daemon_table, daemons, n_daemons);
	sync_rows(source_table, sources, n_sources);
	free(sources);
}

void
mib_fini(void)
{
	/* the registrations themselves go with snmp_shutdown() */
	if (daemon_table)
		clear_rows(daemon_table);
	if (source_table)
		clear_rows(source_table);
	unregister_sysORTable(mib_oid, OID_LENGTH(mib_oid));
}
