/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Finds time daemons by their process names in /proc and their binaries on
 * disk. ntpd, ntpsec and OpenNTPD all run as "ntpd"; their packages' doc
 * directories tell them apart.
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "detect.h"
#include "util.h"

const char *detect_proc_root = "/proc";

static const char *const binaries[DAEMON_TYPE_MAX + 1][3] = {
	[DAEMON_CHRONY] = { "/usr/sbin/chronyd", "/usr/bin/chronyd", NULL },
	[DAEMON_TIMESYNCD] = { "/lib/systemd/systemd-timesyncd",
	    "/usr/lib/systemd/systemd-timesyncd", NULL },
	[DAEMON_NTPD] = { "/usr/sbin/ntpd", NULL, NULL },
	[DAEMON_NTPSEC] = { "/usr/share/doc/ntpsec", NULL, NULL },
	[DAEMON_OPENNTPD] = { "/usr/sbin/openntpd", "/usr/share/doc/openntpd", NULL },
};

static bool
look_for_binary(enum daemon_type type)
{
	for (int i = 0; binaries[type][i]; i++)
		if (access(binaries[type][i], F_OK) == 0)
			return true;
	return false;
}

/* Packages come and go as rarely as processes: looked at as often. */
bool
detect_installed(enum daemon_type type)
{
	static bool installed[DAEMON_TYPE_MAX + 1];
	static uint64_t looked_us[DAEMON_TYPE_MAX + 1];
	uint64_t now = monotonic_us();

	if (type < 1 || type > DAEMON_TYPE_MAX)
		return false;
	if (looked_us[type] == 0 ||
	    now - looked_us[type] >= DETECT_INTERVAL_S * 1000000ull) {
		installed[type] = look_for_binary(type);
		looked_us[type] = now;
	}
	return installed[type];
}

enum daemon_type
detect_classify(const char *comm, bool ntpsec_installed, bool openntpd_installed)
{
	if (streq(comm, "chronyd"))
		return DAEMON_CHRONY;
	/* comm is cut to 15 characters */
	if (streq(comm, "systemd-timesyn"))
		return DAEMON_TIMESYNCD;
	if (streq(comm, "openntpd"))
		return DAEMON_OPENNTPD;
	if (streq(comm, "ntpd"))
		return ntpsec_installed ? DAEMON_NTPSEC :
		    openntpd_installed	? DAEMON_OPENNTPD :
					  DAEMON_NTPD;
	return 0;
}

static void
scan(struct detect_result *ret)
{
	bool ntpsec = look_for_binary(DAEMON_NTPSEC);
	bool openntpd = access("/usr/share/doc/openntpd", F_OK) == 0;
	struct dirent *e;
	DIR *dir;

	memset(ret, 0, sizeof(*ret));
	dir = opendir(detect_proc_root);
	if (!dir)
		return;
	while ((e = readdir(dir)) != NULL) {
		char path[512], comm[32];
		enum daemon_type t;
		ssize_t n;
		int fd;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "%s/%s/comm", detect_proc_root, e->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, comm, sizeof(comm) - 1);
		close(fd);
		if (n <= 0)
			continue;
		comm[n] = '\0';
		comm[strcspn(comm, "\n")] = '\0';
		t = detect_classify(comm, ntpsec, openntpd);
		if (t)
			ret->running[t] = true;
	}
	closedir(dir);
}

void
detect_processes(struct detect_result *ret)
{
	static struct detect_result last;
	static uint64_t scanned_us;
	uint64_t now = monotonic_us();

	if (scanned_us == 0 || now - scanned_us >= DETECT_INTERVAL_S * 1000000ull) {
		scan(&last);
		scanned_us = now;
	}
	*ret = last;
}
