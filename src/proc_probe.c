/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Finds time daemons by their process names in /proc and their files on
 * disk, as the daemon registry lists them; both rescanned every
 * PROC_PROBE_INTERVAL_S and served from the last scan in between.
 *
 * Any user can name a process "ntpd" (prctl(PR_SET_NAME), or a copy of any
 * binary), so a name alone proves nothing. A process counts as a daemon only
 * when all that an unprivileged agent can check agrees: it runs as root or
 * as the daemon's own system user (its real and effective uid, from
 * /proc/PID/status, which anyone may read, whatever the process did to its
 * dumpable flag); where its executable can be read (a root agent), the file
 * has the daemon's name; and where systemd runs, the process is in one of
 * the daemon's units (its cgroup).
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "backend.h"
#include "daemons.h"
#include "proc_probe.h"
#include "util.h"

#define MAX_USERS 4

struct probe {
	/* the uids of each daemon's system users that exist on this host */
	uid_t uids[DAEMON_TYPE_MAX + 1][MAX_USERS];
	unsigned n_uids[DAEMON_TYPE_MAX + 1];
	bool process[DAEMON_TYPE_MAX + 1];
	bool installed[DAEMON_TYPE_MAX + 1];
	bool marker[DAEMON_TYPE_MAX + 1]; /* its package_marker is there */
	uint64_t scanned_us;
};

static bool
any_exists(const char *const *paths)
{
	for (; paths && *paths; paths++)
		if (access(*paths, F_OK) == 0)
			return true;
	return false;
}

enum daemon_type
proc_probe_classify(const char *comm, const bool installed[DAEMON_TYPE_MAX + 1])
{
	return daemon_of_process(comm, installed);
}

static void
look_for_files(struct probe *p)
{
	for (int t = 1; t <= DAEMON_TYPE_MAX; t++) {
		const struct daemon_info *d = daemon_info((enum daemon_type)t);

		p->installed[t] = any_exists(d->installed_files);
		p->marker[t] =
		    d->package_marker && access(d->package_marker, F_OK) == 0;
	}
}

/* Reads a small /proc file of pid into buf, NUL-terminated; false if none. */
static bool
read_proc(const char *pid, const char *file, char *buf, size_t size)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%.20s/%s", pid, file);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0)
		return false;
	n = read(fd, buf, size - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	return true;
}

static bool
uid_allowed(const struct probe *p, enum daemon_type t, unsigned long uid)
{
	if (uid == 0)
		return true;
	for (unsigned i = 0; i < p->n_uids[t]; i++)
		if (uid == p->uids[t][i])
			return true;
	return false;
}

/* Real and effective uid are root or the daemon's user. */
static bool
owner_agrees(const struct probe *p, const char *pid, enum daemon_type t)
{
	char status[4096], *line;
	unsigned long ruid, euid;

	if (!read_proc(pid, "status", status, sizeof(status)))
		return false;
	line = strstr(status, "\nUid:");
	if (!line || sscanf(line, "\nUid: %lu %lu", &ruid, &euid) != 2)
		return false;
	return uid_allowed(p, t, ruid) && uid_allowed(p, t, euid);
}

/* The executable has the daemon's name, where the agent may read it. */
static bool
executable_agrees(const char *pid, const struct daemon_info *d)
{
	char path[64], exe[PATH_MAX];
	const char *base;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/%.20s/exe", pid);
	n = readlink(path, exe, sizeof(exe) - 1);
	if (n < 0)
		/* another user's process: not ours to read, nothing to say */
		return errno == EACCES || errno == EPERM;
	exe[n] = '\0';
	/* a binary replaced by an upgrade while it runs */
	if (n > 10 && strcmp(exe + n - 10, " (deleted)") == 0)
		exe[n - 10] = '\0';
	base = strrchr(exe, '/');
	return daemon_listed(d->executables, base ? base + 1 : exe);
}

/* Where systemd runs, the process is in one of the daemon's units. */
static bool
unit_agrees(const char *pid, const struct daemon_info *d)
{
	char cgroup[4096], *line, *end, *unit;

	if (access("/run/systemd/system", F_OK) != 0)
		return true;
	if (!read_proc(pid, "cgroup", cgroup, sizeof(cgroup)))
		return false;
	/* the unified hierarchy's line, else systemd's own v1 one */
	line = strstr(cgroup, "0::/");
	if (!line)
		line = strstr(cgroup, "name=systemd:/");
	if (!line)
		return false;
	end = line + strcspn(line, "\n");
	*end = '\0';
	/* ".../chrony.service" or ".../chrony.service/something" */
	for (unit = strrchr(line, '/'); unit > line; unit--) {
		if (unit[0] == '/' && daemon_listed(d->units, unit + 1))
			return true;
		if (unit[0] == '/')
			*unit = '\0';
	}
	return false;
}

static bool
process_is_daemon(const struct probe *p, const char *pid, enum daemon_type t)
{
	const struct daemon_info *d = daemon_info(t);

	return owner_agrees(p, pid, t) && executable_agrees(pid, d) &&
	    unit_agrees(pid, d);
}

static void
scan_processes(struct probe *p)
{
	struct dirent *e;
	DIR *dir;

	memset(p->process, 0, sizeof(p->process));
	dir = opendir("/proc");
	if (!dir)
		return;
	while ((e = readdir(dir)) != NULL) {
		char path[64], comm[32];
		enum daemon_type t;
		ssize_t n;
		int fd;

		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%.20s/comm", e->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, comm, sizeof(comm) - 1);
		close(fd);
		if (n <= 0)
			continue;
		comm[n] = '\0';
		comm[strcspn(comm, "\n")] = '\0';
		t = proc_probe_classify(comm, p->marker);
		if (t && !p->process[t] && process_is_daemon(p, e->d_name, t))
			p->process[t] = true;
	}
	closedir(dir);
}

static int
probe_init(const struct conf *conf, void **ret_state)
{
	static struct probe probe;

	memset(&probe, 0, sizeof(probe));
	/* looked up once: NSS is slow, and system users do not come and go */
	for (int t = 1; t <= DAEMON_TYPE_MAX; t++) {
		const char *const *user = daemon_info((enum daemon_type)t)->users;

		for (; user && *user && probe.n_uids[t] < MAX_USERS; user++) {
			const struct passwd *pw = getpwnam(*user);

			if (pw)
				probe.uids[t][probe.n_uids[t]++] = pw->pw_uid;
		}
	}
	*ret_state = &probe;
	return 1;
}

static bool
probe_start(void *state, struct findings *f, backend_done_fn done, void *userdata)
{
	struct probe *p = state;
	uint64_t now = monotonic_us();

	if (p->scanned_us == 0 ||
	    now - p->scanned_us >= PROC_PROBE_INTERVAL_S * 1000000ull) {
		look_for_files(p);
		scan_processes(p);
		p->scanned_us = now;
	}
	memcpy(f->process, p->process, sizeof(f->process));
	memcpy(f->installed, p->installed, sizeof(f->installed));
	done(userdata);
	return true;
}

const struct backend_ops proc_probe_backend = {
	.name = "processes",
	.init = probe_init,
	.start = probe_start,
};
