/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Finds time daemons by their process names in /proc and their files on
 * disk, as the daemon registry lists them; both rescanned every
 * PROC_PROBE_INTERVAL_S and served from the last scan in between.
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

#include "backend.h"
#include "daemons.h"
#include "proc_probe.h"
#include "util.h"

struct probe {
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
		if (t)
			p->process[t] = true;
	}
	closedir(dir);
}

static int
probe_init(const struct conf *conf, void **ret_state)
{
	static struct probe probe;

	memset(&probe, 0, sizeof(probe));
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
