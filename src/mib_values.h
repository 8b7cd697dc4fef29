/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The value of each SCOUT-NTP-MIB object, computed from the snapshot: units
 * converted once here, unknown values reported as absent. Pure; the SNMP
 * handlers in mib.c only copy what these return.
 */
#ifndef SCOUT_MIB_VALUES_H
#define SCOUT_MIB_VALUES_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "snapshot.h"

struct mib_value {
	unsigned char type; /* ASN_INTEGER, ASN_UNSIGNED or ASN_OCTET_STR */
	long integer;
	size_t len;
	char octets[STATUS_TEXT_MAX];
};

/* Each returns 0 and fills *ret, or -ENOENT when the value is not known. */
int mib_agent_value(
    const struct snapshot *s, int scalar, time_t now, struct mib_value *ret);
int mib_daemon_value(
    const struct daemon_status *d, int column, time_t now, struct mib_value *ret);
int mib_source_value(const struct source_status *s, int column, struct mib_value *ret);
int mib_kernel_value(const struct kernel_time *k, int scalar, struct mib_value *ret);

/* SNMPv2-TC DateAndTime in UTC, 11 octets; -ERANGE for a year it cannot hold. */
int mib_date_and_time(const struct timespec *ts, uint8_t ret[11]);

#endif
