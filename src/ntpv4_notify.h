/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The NTPv4-MIB (RFC 5907) notifications, from the same transitions and with
 * the same holdoffs as SCOUT-NTP-MIB's; ntpv4Notifications picks which are
 * sent (none by default). Sent and queued through notify.c.
 */
#ifndef SCOUT_NTPV4_NOTIFY_H
#define SCOUT_NTPV4_NOTIFY_H

#include "conf.h"
#include "snapshot.h"

void ntpv4_notify_init(const struct conf *conf);
/* After ntpv4_mib_update() of the same snapshot. */
void ntpv4_notify_update(const struct snapshot *s);
void ntpv4_notify_fini(void);

#endif
