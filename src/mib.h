/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * SCOUT-NTP-MIB registration with the net-snmp agent.
 */
#ifndef SCOUT_MIB_H
#define SCOUT_MIB_H

#include "snapshot.h"

/* After init_agent(), before init_snmp(). */
int mib_init(void);
/* After init_snmp(): the sysORTable entry. */
void mib_register_sysor(void);
/* Rebuilds the table rows from a new snapshot. */
void mib_update(const struct snapshot *s);
void mib_fini(void);

#endif
