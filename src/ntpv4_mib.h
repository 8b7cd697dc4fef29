/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The standard NTPv4-MIB (RFC 5907) view, served from the same snapshot as
 * SCOUT-NTP-MIB: registrations, handlers, and the association ids.
 */
#ifndef SCOUT_NTPV4_MIB_H
#define SCOUT_NTPV4_MIB_H

#include "conf.h"
#include "ntpv4_values.h"
#include "snapshot.h"

/* After init_agent(), before init_snmp(); nothing when ntpv4Mib is no. */
int ntpv4_mib_init(const struct conf *conf);
/* After init_snmp(): the sysORTable entry. */
void ntpv4_mib_register_sysor(void);
/* A new snapshot: association ids, then the table rows. */
void ntpv4_mib_update(const struct snapshot *s);
void ntpv4_mib_fini(void);

/* What a GET would see now: the last snapshot, its entity and ids. */
void ntpv4_mib_context(struct ntpv4_context *ret);
/* One more notification sent, for ntpEntStatusNotifications. */
void ntpv4_mib_count_notification(void);

#endif
