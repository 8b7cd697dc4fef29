/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * The fd set is rebuilt from snmp_select_info2() on every pass: after a
 * reconnect the AgentX socket may have a new number, or the old number for a
 * new socket, and caching either loses the master (keepalived #2726).
 */
#ifdef HAVE_CONFIG_H
#	include "config.h"
#endif

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <net-snmp/net-snmp-config.h>
#include <net-snmp/net-snmp-includes.h>
#include <net-snmp/agent/net-snmp-agent-includes.h>
#include <net-snmp/library/large_fd_set.h>

#include "collect.h"
#include "log.h"
#include "logfile.h"
#include "loop.h"
#include "util.h"

#define LOOP_MAX_FDS 64
#define LOOP_MAX_BACKEND_FDS 4

/* Returns 0 to go on, or the signal that ends the loop. */
static int
handle_signal(int signal_fd)
{
	struct signalfd_siginfo si;

	if (read(signal_fd, &si, sizeof(si)) != (ssize_t)sizeof(si))
		return 0;
	if (si.ssi_signo == SIGHUP) {
		/* logrotate: reopen the -Lf file, without following a symlink */
		logfile_reopen();
		return 0;
	}
	return (int)si.ssi_signo;
}

static int
timeout_ms(int block, const struct timeval *tv, uint64_t deadline_us, uint64_t now_us)
{
	int ms = -1;

	if (!block)
		ms = (int)(tv->tv_sec * 1000 + (tv->tv_usec + 999) / 1000);
	if (deadline_us) {
		uint64_t wait =
		    deadline_us > now_us ? (deadline_us - now_us + 999) / 1000 : 0;
		if (ms < 0 || wait < (uint64_t)ms)
			ms = (int)wait;
	}
	return ms;
}

int
loop_run(int signal_fd)
{
	netsnmp_large_fd_set snmp_fds, ready;
	struct pollfd pfd[LOOP_MAX_FDS + 1 + LOOP_MAX_BACKEND_FDS];
	int result = 0;

	netsnmp_large_fd_set_init(&snmp_fds, FD_SETSIZE);
	netsnmp_large_fd_set_init(&ready, FD_SETSIZE);
	while (result == 0) {
		struct timeval tv = { 0, 0 };
		int nfds = 0, block = 1, rc;
		unsigned n = 0, n_snmp, n_backend;
		uint64_t deadline_us, now_us;
		bool snmp_ready = false, backend_ready = false;

		NETSNMP_LARGE_FD_ZERO(&snmp_fds);
		snmp_select_info2(&nfds, &snmp_fds, &tv, &block);
		for (int fd = 0; fd < nfds && n < LOOP_MAX_FDS; fd++)
			if (NETSNMP_LARGE_FD_ISSET(fd, &snmp_fds))
				pfd[n++] =
				    (struct pollfd) { .fd = fd, .events = POLLIN };
		n_snmp = n;
		pfd[n++] = (struct pollfd) { .fd = signal_fd, .events = POLLIN };
		n_backend =
		    collect_poll_fds(&pfd[n], LOOP_MAX_BACKEND_FDS, &deadline_us);

		rc = poll(pfd, n + n_backend,
		    timeout_ms(block, &tv, deadline_us, monotonic_us()));
		if (rc < 0 && errno != EINTR) {
			result = -errno;
			break;
		}

		if (rc > 0) {
			NETSNMP_LARGE_FD_ZERO(&ready);
			for (unsigned i = 0; i < n_snmp; i++)
				if (pfd[i].revents) {
					NETSNMP_LARGE_FD_SET(pfd[i].fd, &ready);
					snmp_ready = true;
				}
			if (pfd[n_snmp].revents)
				result = handle_signal(signal_fd);
			for (unsigned i = 0; i < n_backend; i++)
				if (pfd[n + i].revents)
					backend_ready = true;
		}
		if (snmp_ready)
			snmp_read2(&ready);
		else if (rc == 0)
			snmp_timeout();

		now_us = monotonic_us();
		if (backend_ready || (deadline_us && now_us >= deadline_us))
			collect_dispatch(now_us);

		run_alarms();
		netsnmp_check_outstanding_agent_requests();
	}
	netsnmp_large_fd_set_cleanup(&snmp_fds);
	netsnmp_large_fd_set_cleanup(&ready);
	return result;
}
