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

struct netsnmp_agent_request_info_s;
struct netsnmp_request_info_s;
struct mib_value;
/* A handler's answer for one request: v, or noSuchInstance when r < 0 (the
 * NTPv4-MIB handlers use it too). */
void mib_answer(struct netsnmp_agent_request_info_s *reqinfo,
    struct netsnmp_request_info_s *request, int r, const struct mib_value *v);

#endif
