/* SPDX-License-Identifier: BSD-2-Clause */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "daemons.h"
#include "util.h"

#define LIST(...) ((const char *const[]) { __VA_ARGS__, NULL })

static const struct daemon_info daemons[DAEMON_TYPE_MAX + 1] = {
	[DAEMON_CHRONY] = {
		.type = DAEMON_CHRONY,
		.label = "chrony",
		.name = "chronyd",
		.conf_token = "chrony",
		.process_names = LIST("chronyd"),
		.users = LIST("_chrony", "chrony"),
		.executables = LIST("chronyd"),
		.installed_files = LIST("/usr/sbin/chronyd", "/usr/bin/chronyd"),
		.units = LIST("chrony.service", "chronyd.service"),
		/* the socket first (root and chronyd's user), then UDP (anyone) */
		.default_endpoints = LIST("unix:/run/chrony/chronyd.sock",
		    "udp:127.0.0.1:323", "udp:[::1]:323"),
		.default_port = 323,
	},
	[DAEMON_TIMESYNCD] = {
		.type = DAEMON_TIMESYNCD,
		.label = "timesyncd",
		.name = "systemd-timesyncd",
		.conf_token = "timesyncd",
		/* comm is cut to 15 characters */
		.process_names = LIST("systemd-timesyn"),
		.users = LIST("systemd-timesync"),
		.executables = LIST("systemd-timesyncd"),
		.installed_files = LIST("/lib/systemd/systemd-timesyncd",
		    "/usr/lib/systemd/systemd-timesyncd"),
		.units = LIST("systemd-timesyncd.service"),
	},
	[DAEMON_NTPD] = {
		.type = DAEMON_NTPD,
		.label = "ntpd",
		.name = "ntpd",
		.conf_token = "ntpd",
		.process_names = LIST("ntpd"),
		.users = LIST("ntp"),
		.executables = LIST("ntpd"),
		.installed_files = LIST("/usr/sbin/ntpd"),
		.units = LIST("ntp.service", "ntpd.service"),
		/* mode 6; ntpd binds the wildcard, so loopback reaches it */
		.default_endpoints = LIST("udp:127.0.0.1:123", "udp:[::1]:123"),
		.default_port = 123,
	},
	[DAEMON_NTPSEC] = {
		.type = DAEMON_NTPSEC,
		.label = "ntpsec",
		.name = "ntpsec",
		.conf_token = "ntpsec",
		.process_names = LIST("ntpd"),
		.users = LIST("ntpsec"),
		.executables = LIST("ntpd"),
		.installed_files = LIST("/usr/share/doc/ntpsec"),
		.package_marker = "/usr/share/doc/ntpsec",
		/* Debian's ntpsec.service is also ntp.service: systemd answers
		 * an alias with the real unit's Id */
		.units = LIST("ntpsec.service"),
		.default_endpoints = LIST("udp:127.0.0.1:123", "udp:[::1]:123"),
		.default_port = 123,
	},
	[DAEMON_OPENNTPD] = {
		.type = DAEMON_OPENNTPD,
		.label = "openntpd",
		.name = "openntpd",
		.conf_token = "openntpd",
		.process_names = LIST("openntpd", "ntpd"),
		.users = LIST("_ntp", "ntpd"),
		.executables = LIST("openntpd", "ntpd"),
		.installed_files = LIST("/usr/sbin/openntpd", "/usr/share/doc/openntpd"),
		.package_marker = "/usr/share/doc/openntpd",
		.units = LIST("openntpd.service"),
		/* compiled in: Debian's, then OpenNTPD's own default */
		.default_endpoints = LIST("unix:/var/lib/openntpd/run/ntpd.sock",
		    "unix:/var/run/ntpd.sock"),
	},
};

const struct daemon_info *
daemon_info(enum daemon_type t)
{
	return t >= 1 && t <= DAEMON_TYPE_MAX ? &daemons[t] : NULL;
}

const char *
daemon_name(enum daemon_type t)
{
	const struct daemon_info *d = daemon_info(t);

	return d ? d->name : "unknown";
}

bool
daemon_listed(const char *const *list, const char *s)
{
	for (; list && *list; list++)
		if (streq(*list, s))
			return true;
	return false;
}

enum daemon_type
daemon_of_process(const char *comm, const bool installed[DAEMON_TYPE_MAX + 1])
{
	enum daemon_type fallback = 0, last = 0;
	unsigned n = 0;

	for (int t = 1; t <= DAEMON_TYPE_MAX; t++) {
		if (!daemon_listed(daemons[t].process_names, comm))
			continue;
		n++;
		last = (enum daemon_type)t;
		if (daemons[t].package_marker && installed[t])
			return last;
		if (!daemons[t].package_marker && !fallback)
			fallback = last;
	}
	return n == 1 ? last : fallback;
}

enum daemon_type
daemon_of_unit(const char *unit)
{
	for (int t = 1; t <= DAEMON_TYPE_MAX; t++)
		if (daemon_listed(daemons[t].units, unit))
			return (enum daemon_type)t;
	return 0;
}

enum daemon_type
daemon_of_token(const char *token, size_t len)
{
	for (int t = 1; t <= DAEMON_TYPE_MAX; t++)
		if (strlen(daemons[t].conf_token) == len &&
		    strncasecmp(token, daemons[t].conf_token, len) == 0)
			return (enum daemon_type)t;
	return 0;
}
