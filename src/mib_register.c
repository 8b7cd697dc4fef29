/* SPDX-License-Identifier: BSD-2-Clause */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <stdint.h>

#include "mib_register.h"

static netsnmp_handler_registration *
create_registration(const char *name, const oid *root, size_t len,
    Netsnmp_Node_Handler *handler, const void *group)
{
	netsnmp_handler_registration *reg;

	reg = netsnmp_create_handler_registration(
	    name, handler, root, len, HANDLER_CAN_RONLY);
	if (reg)
		/* handlers only read it; myvoid just has no const */
		reg->handler->myvoid = (void *)(uintptr_t)group;
	return reg;
}

bool
mib_register_scalars(const char *name, const oid *root, size_t len, oid last,
    Netsnmp_Node_Handler *handler, const void *group)
{
	netsnmp_handler_registration *reg =
	    create_registration(name, root, len, handler, group);

	return reg && netsnmp_register_scalar_group(reg, 1, last) == MIB_REGISTERED_OK;
}

bool
mib_register_table(const char *name, const oid *table_oid, size_t len,
    u_char index_type, u_char index_type2, unsigned min_column, unsigned max_column,
    Netsnmp_Node_Handler *handler, const void *group, netsnmp_tdata **ret_table)
{
	netsnmp_handler_registration *reg =
	    create_registration(name, table_oid, len, handler, group);
	netsnmp_table_registration_info *ti;
	netsnmp_tdata *table;

	table = netsnmp_tdata_create_table(name, 0);
	ti = SNMP_MALLOC_TYPEDEF(netsnmp_table_registration_info);
	if (!reg || !table || !ti)
		return false;
	netsnmp_table_helper_add_indexes(ti, index_type, index_type2, 0);
	ti->min_column = min_column;
	ti->max_column = max_column;
	if (netsnmp_tdata_register(reg, table, ti) != MIB_REGISTERED_OK)
		return false;
	*ret_table = table;
	return true;
}

void
mib_clear_rows(netsnmp_tdata *table)
{
	netsnmp_tdata_row *row;

	while ((row = netsnmp_tdata_row_first(table)) != NULL) {
		netsnmp_tdata_remove_row(table, row);
		netsnmp_tdata_delete_row(row);
	}
}

void
mib_answer(netsnmp_agent_request_info *reqinfo, netsnmp_request_info *request, int r,
    const struct mib_value *v)
{
	u_long u;

	DEBUGMSGTL(("scout-ntp:mib", "answer "));
	DEBUGMSGOID(("scout-ntp:mib", request->requestvb->name,
	    request->requestvb->name_length));
	DEBUGMSG(("scout-ntp:mib", r < 0 ? ": absent\n" : ": type %d\n", v->type));
	if (r < 0) {
		netsnmp_set_request_error(reqinfo, request, SNMP_NOSUCHINSTANCE);
		return;
	}
	switch (v->type) {
	case ASN_OCTET_STR:
		snmp_set_var_typed_value(
		    request->requestvb, ASN_OCTET_STR, v->octets, v->len);
		break;
	case ASN_UNSIGNED:
	case ASN_COUNTER:
	case ASN_TIMETICKS:
		u = (u_long)v->integer;
		snmp_set_var_typed_value(request->requestvb, v->type, &u, sizeof(u));
		break;
	default:
		snmp_set_var_typed_integer(request->requestvb, ASN_INTEGER, v->integer);
	}
}
