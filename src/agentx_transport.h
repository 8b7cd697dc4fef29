/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The connection to the AgentX master, made by us rather than by net-snmp's
 * unix and tcp transports, whose connect() blocks for as long as a hung
 * snmpd's listen queue stays full: ours gives up after a fraction of a second
 * and tells what went wrong, so that a hung master never stalls the loop.
 */
#ifndef SCOUT_AGENTX_TRANSPORT_H
#define SCOUT_AGENTX_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "address.h"

/* The longest a connect() may wait; a Unix socket never waits at all. */
#define AGENTX_TRANSPORT_CONNECT_MS 300

/* What happened to the connection, for the caller's messages. */
enum agentx_transport_event {
	AGENTX_TRANSPORT_CONNECTED,
	AGENTX_TRANSPORT_FAILED, /* with the connect's -errno */
	AGENTX_TRANSPORT_CLOSED,
	AGENTX_TRANSPORT_EVENT_MAX,
};

typedef void agentx_transport_event_fn(enum agentx_transport_event event, int err);

/*
 * Registers the transport with net-snmp for address (already checked by
 * address_parse_agentx) and writes into spec (size bytes) the string to give
 * net-snmp as the AgentX socket. Returns 0, or -EINVAL/-ENAMETOOLONG.
 */
int agentx_transport_init(const struct address *address,
    agentx_transport_event_fn *on_event, char *spec, size_t size);

/* Stops reporting events (before shutdown closes the session). */
void agentx_transport_fini(void);

#endif
