/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the agent says about its AgentX session: once per change of state,
 * and why (the socket and user for a permission error, the address tried and
 * what snmpd must have when nothing listens), never net-snmp's "[NIL]".
 */
#ifndef SCOUT_AGENTX_REPORT_H
#define SCOUT_AGENTX_REPORT_H

#include <stdbool.h>

#include "address.h"
#include "agentx_transport.h"

void agentx_report_init(const struct address *master, unsigned retry_s);

/* Feeds what the transport saw; a agentx_transport_event_fn. */
void agentx_report_event(enum agentx_transport_event event, int err);

/* The master accepted our AgentX Open: from net-snmp's INDEX_START callback. */
void agentx_report_registered(void);

/* Whether the session is open now, and the master's address as text. */
bool agentx_report_is_registered(void);
const char *agentx_report_master(void);

/*
 * The message for a failed connect to master with -errno err, as the log
 * shows it after "cannot connect to snmpd at ADDRESS: "; malloc'd, or NULL
 * when out of memory.
 */
char *agentx_report_why(const struct address *master, int err);

#endif
