/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Logging through net-snmp's logger, so that -Le, -Lo, -Lf FILE and -Ls
 * FACILITY decide where every message goes, ours and the library's alike.
 */
#ifndef SCOUT_LOG_H
#define SCOUT_LOG_H

#include <syslog.h>

void log_msg(int priority, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_err(...) log_msg(LOG_ERR, __VA_ARGS__)
#define log_warnx(...) log_msg(LOG_WARNING, __VA_ARGS__)
#define log_notice(...) log_msg(LOG_NOTICE, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)

#endif
