/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sends SCOUT-NTP-MIB notifications through the AgentX master. A notification
 * due while the master is away waits in a bounded queue and is sent once the
 * agent is registered again.
 */
#ifndef SCOUT_NOTIFY_H
#define SCOUT_NOTIFY_H

#include <stdbool.h>

#include "snapshot.h"
#include "conf.h"
#include "mib_oids.h"

struct variable_list;

/* Notifications kept while snmpd is away; beyond it the oldest are dropped. */
#define NOTIFY_QUEUE_MAX 64

/* Before init_snmp(), so that the first connect is seen. */
void notify_init(const struct conf *conf);
/* Runs the rules over a new snapshot and sends (or queues) what is due. */
void notify_update(const struct snapshot *s);
void notify_fini(void);

/* Sends vl (snmpTrapOID.0 first) now, or queues it while snmpd is away;
 * takes it over either way. For the NTPv4-MIB notifications too. */
void notify_send(struct variable_list *vl);
/* Whether notify_send() would send at once. */
bool notify_connected(void);

/* The varbinds of notification n about row d: snmpTrapOID.0, then the
 * objects the MIB lists for it, each as a GET would answer it. */
struct variable_list *notify_build(
    enum mib_notification n, const struct snapshot *s, const struct daemon_status *d);

#endif
