/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The AgentX subagent's life: set up net-snmp in the order that works (see
 * doc/AGENTX.md), connect to the master, and shut down cleanly.
 */
#ifndef SCOUT_AGENT_H
#define SCOUT_AGENT_H

#include "conf.h"

#define AGENT_APP_NAME "scout-ntp-agent"

/* Everything up to and including the first connect to the master. */
int agent_init(const struct conf *conf);
/* Sends the AgentX Close and frees net-snmp's state. */
void agent_fini(void);

#endif
