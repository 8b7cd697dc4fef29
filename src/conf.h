/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The agent's configuration: defaults, the directive table, and a parser that
 * reports every error as "FILE:LINE: message" before the agent refuses to start.
 */
#ifndef SCOUT_CONF_H
#define SCOUT_CONF_H

#include <stdbool.h>
#include <stdio.h>

#include "daemons.h"

#define CONF_DEFAULT_PATH "/etc/snmp/scout-ntp-agent.conf"
#define CONF_MAX_CHRONY_ADDRESSES 8
/* ntpv4Notifications items, in NTPv4-MIB's order */
#define CONF_NTPV4_NOTIFICATION_NAMES                                 \
	"modeChange, stratumChange, syspeerChanged, addAssociation, " \
	"removeAssociation, leapSecondAnnounced, heartbeat"

/* Bits of conf.daemons, one per enum daemon_type; 0 means "auto". */
#define CONF_DAEMON_BIT(type) (1u << (type))
enum conf_daemon {
	CONF_DAEMON_CHRONY = CONF_DAEMON_BIT(DAEMON_CHRONY),
	CONF_DAEMON_TIMESYNCD = CONF_DAEMON_BIT(DAEMON_TIMESYNCD),
	CONF_DAEMON_NTPD = CONF_DAEMON_BIT(DAEMON_NTPD),
	CONF_DAEMON_NTPSEC = CONF_DAEMON_BIT(DAEMON_NTPSEC),
	CONF_DAEMON_OPENNTPD = CONF_DAEMON_BIT(DAEMON_OPENNTPD),
};

struct conf {
	unsigned refresh_s; /* refreshInterval */
	/* chronyAddress, in the order to try; n == 0 means the built-in list */
	char *chrony_addresses[CONF_MAX_CHRONY_ADDRESSES];
	unsigned n_chrony_addresses;
	unsigned daemons;		 /* daemons: enum conf_daemon bits, 0 = auto */
	unsigned offset_threshold_ms;	 /* offsetThreshold */
	unsigned max_root_distance_ms;	 /* maxRootDistance */
	unsigned max_sync_age_s;	 /* maxSyncAge, 0 = auto */
	unsigned loss_holdoff;		 /* lossHoldoff */
	unsigned restore_holdoff;	 /* restoreHoldoff */
	unsigned startup_grace_s;	 /* startupGrace */
	bool traps;			 /* traps */
	char *agentx_socket;		 /* agentXSocket, NULL = net-snmp default */
	unsigned agentx_ping_interval_s; /* agentxPingInterval */
	bool ntpv4_mib;			 /* ntpv4Mib */
	unsigned ntpv4_notifications;	 /* ntpv4Notifications: 1 << n */
	unsigned ntpv4_heartbeat_s;	 /* ntpv4HeartbeatInterval */
};

/* The built-in chronyAddress list, tried in order when none is configured. */
#define conf_default_chrony_addresses (daemon_info(DAEMON_CHRONY)->default_endpoints)

void conf_init(struct conf *c);
void conf_free(struct conf *c);

/*
 * Parses one line (without its newline) into c. Blank lines and comments are
 * fine. On error returns -EINVAL and sets *reterr_msg to a malloc'd message
 * without file or line (`refreshInterval: "0" is out of range 1..3600`);
 * returns -ENOMEM, with *reterr_msg NULL, when out of memory.
 */
int conf_parse_line(struct conf *c, const char *line, char **reterr_msg);

/*
 * Reads path into c, writing every error to errout as "path:line: message".
 * Returns 0, the negative count of errors, or -errno (after printing
 * "path: strerror") when the file cannot be read. A missing file at the
 * default path is not an error when missing_ok is set.
 */
int conf_load(struct conf *c, const char *path, bool missing_ok, FILE *errout);

#endif
