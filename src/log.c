/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Formats a message and hands it to snmp_log(), which appends nothing: every
 * message ends with the newline net-snmp's log handlers expect.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <stdarg.h>
#include <stdio.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>

#include "log.h"

void
log_msg(int priority, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	snmp_log(priority, "%s\n", buf);
}
