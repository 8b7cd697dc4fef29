/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * What the agent knows of each time daemon it looks for, in one table: its
 * MIB label, its name in messages, its token in the daemons directive, its
 * process names, binaries, systemd units and default endpoints. The
 * configuration, detection, systemd units and messages all read it.
 */
#ifndef SCOUT_DAEMONS_H
#define SCOUT_DAEMONS_H

#include "snapshot.h"

struct daemon_info {
	enum daemon_type type;
	const char *label;	/* as in the MIB's DaemonType: "chrony" */
	const char *name;	/* in messages: "chronyd" */
	const char *conf_token; /* in the daemons directive */
	/* process names (comm, at most 15 characters); "ntpd" is shared and
	 * resolved by the installed package (package_marker) */
	const char *const *process_names;
	/* a process of that name is the daemon only if it runs as root or one
	 * of these users, and, where its executable can be read, from a file
	 * of one of these names */
	const char *const *users;
	const char *const *executables;
	/* files whose presence says the daemon is installed */
	const char *const *installed_files;
	/* a file only this daemon's package installs, to tell "ntpd"s apart */
	const char *package_marker;
	const char *const *units; /* systemd unit names, the main one first */
	const char *const *default_endpoints; /* tried in order */
	unsigned default_port;		      /* of its control protocol */
};

/* The entry of type t, NULL for a type the agent does not know. */
const struct daemon_info *daemon_info(enum daemon_type t);
/* "chronyd" for type t; "unknown" for a type the agent does not know. */
const char *daemon_name(enum daemon_type t);
/* The daemon whose process this is, from its comm (0: none); a shared name
 * goes to the daemon whose package is installed (installed[t]), else to the
 * daemon that owns the name first. */
enum daemon_type daemon_of_process(
    const char *comm, const bool installed[DAEMON_TYPE_MAX + 1]);
/* The daemon whose systemd unit this is (0: none). */
enum daemon_type daemon_of_unit(const char *unit);
/* s is one of the NULL-terminated list (which may be NULL). */
bool daemon_listed(const char *const *list, const char *s);
/* The daemon of a daemons directive token, case-insensitive (0: none). */
enum daemon_type daemon_of_token(const char *token, size_t len);

#endif
