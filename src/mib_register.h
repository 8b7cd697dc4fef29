/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What SCOUT-NTP-MIB and NTPv4-MIB register the same way: read-only scalar
 * groups and tdata tables whose handler finds its object group in myvoid,
 * rows holding only their index, and one way to answer a request.
 */
#ifndef SCOUT_MIB_REGISTER_H
#define SCOUT_MIB_REGISTER_H

#include <stdbool.h>
#include <stddef.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>

#include "mib_values.h"

/* Scalars root.1 .. root.last, answered by handler with group in myvoid. */
bool mib_register_scalars(const char *name, const oid *root, size_t len, oid last,
    Netsnmp_Node_Handler *handler, const void *group);

/* A read-only tdata table indexed by index_type (and index_type2 unless 0),
 * columns min_column..max_column. The table helper (5.9) retries GETNEXT past
 * the noSuchInstance holes the handler leaves by itself. */
bool mib_register_table(const char *name, const oid *table_oid, size_t len,
    u_char index_type, u_char index_type2, unsigned min_column, unsigned max_column,
    Netsnmp_Node_Handler *handler, const void *group, netsnmp_tdata **ret_table);

void mib_clear_rows(netsnmp_tdata *table);

/* A handler's answer for one request: v, or noSuchInstance when r < 0. */
void mib_answer(netsnmp_agent_request_info *reqinfo, netsnmp_request_info *request,
    int r, const struct mib_value *v);

#endif
