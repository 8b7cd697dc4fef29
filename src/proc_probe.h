/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Which time daemons this host has, without asking them: installed (their
 * files are there) and running (a process of that name). The backends' own
 * answers say more; this covers the daemons the agent cannot read yet, and
 * containers without systemd.
 */
#ifndef SCOUT_PROC_PROBE_H
#define SCOUT_PROC_PROBE_H

#include <stdbool.h>

#include "snapshot.h"

struct backend_ops;

/* /proc and the files are looked at at most this often; daemons come and go
 * rarely. */
#define PROC_PROBE_INTERVAL_S 30

extern const struct backend_ops proc_probe_backend;

/* Pure: the daemon a process is, from its comm and which daemons' packages
 * are installed (ntpd, NTPsec and OpenNTPD all run as "ntpd"). */
enum daemon_type proc_probe_classify(
    const char *comm, const bool installed[DAEMON_TYPE_MAX + 1]);

#endif
