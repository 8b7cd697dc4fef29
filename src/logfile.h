/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * -Lf FILE: the log file is opened here, without following a symlink, and
 * handed to net-snmp's file logger (which would fopen() it, following links
 * and truncating, at start and at every SIGHUP).
 */
#ifndef SCOUT_LOGFILE_H
#define SCOUT_LOGFILE_H

/*
 * Opens path for appending (created 0644) and logs every priority to it.
 * Returns 0; -ELOOP for a symlink; -EINVAL for what is neither a regular file
 * nor a character device; another -errno.
 */
int logfile_open(const char *path);

/* SIGHUP (logrotate): reopens the file the same way; keeps the old one on failure. */
void logfile_reopen(void);

#endif
