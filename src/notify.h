/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Sends SCOUT-NTP-MIB notifications through the AgentX master. A notification
 * due while the master is away waits in a bounded queue and is sent once the
 * agent is registered again.
 */
#ifndef SCOUT_NOTIFY_H
#define SCOUT_NOTIFY_H

#include "cache.h"
#include "conf.h"

/* Notifications kept while snmpd is away; beyond it the oldest are dropped. */
#define NOTIFY_QUEUE_MAX 64

/* Before init_snmp(), so that the first connect is seen. */
void notify_init(const struct conf *conf);
/* Runs the rules over a new snapshot and sends (or queues) what is due. */
void notify_update(const struct cache *c);
void notify_fini(void);

#endif
