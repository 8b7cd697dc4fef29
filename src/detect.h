/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Which time daemons this host has: installed (their binary is there) and
 * running (a process of that name). The backends' own answers say more; this
 * covers the daemons the agent cannot read yet, and containers without systemd.
 */
#ifndef SCOUT_DETECT_H
#define SCOUT_DETECT_H

#include <stdbool.h>

#include "status.h"

/* /proc is scanned at most this often; daemons come and go rarely. */
#define DETECT_INTERVAL_S 30

struct detect_result {
	bool running[DAEMON_TYPE_MAX + 1];
};

/* The processes found by the last scan, rescanned when it is too old. */
void detect_processes(struct detect_result *ret);
bool detect_installed(enum daemon_type type);

/* Pure: the daemon a process is, from its comm and installed packages. */
enum daemon_type detect_classify(
    const char *comm, bool ntpsec_installed, bool openntpd_installed);

/* The seam tests replace: the /proc to scan. */
extern const char *detect_proc_root;

#endif
